// What an export writes (export_selection.hpp).
#include "export_selection.hpp"

#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

export_selection select_for_export(const graph& g, const export_options& options) {
  export_selection out;
  if (options.entities.empty() && options.relations.empty()) {
    for (std::uint32_t i = 0; i < g.entity_slots(); ++i)
      if (g.entity_live(i)) out.entities.push_back(i);
    for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
      if (g.relation_live(r)) out.relations.push_back(r);
    return out;
  }
  std::set<std::uint32_t> keep;
  for (auto e : options.entities) keep.insert(to_index(g.canonical(e)));
  std::set<std::uint32_t> rels;
  for (auto r : options.relations) {
    (void)g.get(r);
    rels.insert(to_index(r));
    keep.insert(g.relation_source(to_index(r)));
    keep.insert(g.relation_target(to_index(r)));
  }
  if (options.relations.empty())
    for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
      if (g.relation_live(r) && keep.count(g.relation_source(r)) && keep.count(g.relation_target(r))) rels.insert(r);
  const auto add_sources = [&](const auto& ev) {  // evidence or a relation's evidence_view
    for (const auto& c : ev.citations) keep.insert(to_index(c.source));
  };
  for (auto r : rels) {
    add_sources(g.relation_evidence(r));
    for (const auto& p : g.get(static_cast<relation_id>(r)).properties()) add_sources(p.ev);
  }
  for (auto e : std::set<std::uint32_t>(keep))
    for (const auto& p : g.get(static_cast<entity_id>(e)).properties()) add_sources(p.ev);
  out.entities.assign(keep.begin(), keep.end());
  out.relations.assign(rels.begin(), rels.end());
  return out;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
