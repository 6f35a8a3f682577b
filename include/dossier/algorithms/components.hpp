#pragma once
// Weakly connected components of a typed scope (relations taken in either direction).

#include <dossier/algorithms/centrality.hpp>

#include <vector>

DOSSIER_NAMESPACE_BEGIN

// Largest first; each component lists its entities in id order. An empty scope has none.
[[nodiscard]] std::vector<std::vector<entity_id>> components(const graph& g, const scope& s = {});

DOSSIER_NAMESPACE_END
