#pragma once
// The view an algorithm runs on: a scope's entity and relation types.

#include <dossier/algorithms/centrality.hpp>
#include <dossier/views/view.hpp>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
inline view scoped_view(const graph& g, const scope& s) {
  return make_view(g, {.entity_types = s.entity_types, .relation_types = s.relation_types});
}
}  // namespace detail

DOSSIER_NAMESPACE_END
