#pragma once
// Evidence helpers shared by the store's sources.

#include <dossier/store/graph.hpp>

#include <algorithm>
#include <span>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Adds the citations not already present (same source and quote); returns how many were added.
inline std::size_t merge_citations(std::vector<citation>& into, std::span<const citation> from) {
  std::size_t added = 0;
  for (const auto& c : from) {
    const auto same = std::find_if(into.begin(), into.end(), [&](const citation& x) { return x.source == c.source && x.quote == c.quote; });
    if (same != into.end()) continue;
    into.push_back(c);
    ++added;
  }
  return added;
}

// Citations are stored against the canonical source id, so merges of sources stay coherent.
inline evidence canonical_evidence(const graph& g, evidence ev) {
  for (auto& c : ev.citations) c.source = g.canonical(c.source);
  return ev;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
