#pragma once
// Path algorithms between two entities: shortest, all shortest, k shortest (Yen) and all simple
// paths, unweighted or weighted by confidence or by a numeric relation property.

#include <dossier/core/config.hpp>
#include <dossier/query/budget.hpp>
#include <dossier/query/path.hpp>
#include <dossier/store/graph.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class weight_kind : std::uint8_t { hops, confidence, property };

// Which relations a path may use and what it may pass through (views/relation_filter.hpp for
// the evidence fields). The direction is path_options::dir, not part of the filter, so that
// naming only the types keeps the default direction.
struct hop_filter {
  std::vector<std::string> relation_types = {};  // with subtypes; empty: all
  std::vector<std::string> to_types = {};        // entity types passed through (with subtypes); empty: all
  double min_confidence = 0;
  std::optional<date> as_of = {};
  std::optional<source_id> cited_by = {};
  std::function<bool(const relation_ref&)> relation_where = {};
  std::function<bool(const entity_ref&)> entity_where = {};  // on each entity reached
};

struct path_options {
  hop_filter filter = {};
  direction dir = direction::both;  // paths follow relations either way unless told otherwise
  weight_kind weight = weight_kind::hops;
  std::string weight_property = {};  // for weight_kind::property: a non-negative number
  budget limits = {};
};

// A path search prepared once: the filter bound to the graph's types, the weight property
// looked up, the expansions made. Each call then allocates nothing but what its answer needs
// (paths of up to four hops keep their steps inline: none), and calls may run concurrently.
// When the graph has changed since (graph::generation), a call binds afresh for itself.
// The functions below are one-call forms of these.
class path_search {
 public:
  explicit path_search(const graph& g, path_options o = {});  // throws as the functions do
  [[nodiscard]] std::optional<path> shortest(entity_id from, entity_id to) const;
  [[nodiscard]] std::vector<path> all_shortest(entity_id from, entity_id to) const;
  [[nodiscard]] std::vector<path> k_shortest(entity_id from, entity_id to, long k) const;
  [[nodiscard]] std::vector<path> all_simple(entity_id from, entity_id to, std::size_t max_length) const;
  [[nodiscard]] const path_options& options() const noexcept;

  struct state;

 private:
  std::shared_ptr<const state> s_;
};

[[nodiscard]] std::optional<path> shortest_path(const graph& g, entity_id from, entity_id to, const path_options& o = {});
[[nodiscard]] std::vector<path> all_shortest_paths(const graph& g, entity_id from, entity_id to, const path_options& o = {});
// Yen's k shortest loopless paths, best first. k must be positive. Every inner shortest-path
// search runs under the one budget, and each candidate path counts against max_paths.
[[nodiscard]] std::vector<path> k_shortest_paths(const graph& g, entity_id from, entity_id to, long k, const path_options& o = {});
// Every simple (acyclic) path of at most max_length relations, shortest first.
[[nodiscard]] std::vector<path> all_simple_paths(const graph& g, entity_id from, entity_id to, std::size_t max_length,
                                                 const path_options& o = {});

DOSSIER_NAMESPACE_END
