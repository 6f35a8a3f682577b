#pragma once
// A path through the graph: entities[0] -rel[0]- entities[1] ... Each relation is traversed
// forward (source to target) or backward; its citations are reachable through the graph.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>

#include <boost/container/small_vector.hpp>

#include <cstddef>

DOSSIER_NAMESPACE_BEGIN

// Paths of up to four hops (what analysts ask for) keep their steps inline, so a query that
// returns thousands of explained results does not make thousands of small allocations.
template <class T>
using path_steps = boost::container::small_vector<T, 5>;

struct path {
  path_steps<entity_id> entities;
  path_steps<relation_id> relations;
  path_steps<bool> forward;
  double cost = 0;  // hops, or the sum of weights for weighted queries
  [[nodiscard]] std::size_t length() const noexcept { return relations.size(); }
  [[nodiscard]] entity_id start() const { return entities.front(); }
  [[nodiscard]] entity_id end() const { return entities.back(); }
  friend bool operator==(const path&, const path&) = default;
};

DOSSIER_NAMESPACE_END
