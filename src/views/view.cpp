#include <dossier/views/view.hpp>

DOSSIER_NAMESPACE_BEGIN

std::shared_ptr<const detail::view_state> make_view_state(const graph& g, const view_options& options) {
  auto s = std::make_shared<detail::view_state>();
  s->g = &g;
  const auto& sc = g.schema();
  if (!options.entity_types.empty()) {
    std::vector<entity_type_id> ids;
    for (const auto& t : options.entity_types) ids.push_back(sc.entity_type(t));
    s->entities = sc.mask(ids);
    s->all_entities = false;
  }
  s->relations = relation_filter(g, options.relation_types, options.min_confidence, options.as_of, options.cited_by);
  return s;
}

view make_view(const graph& g, const view_options& options) {
  auto state = make_view_state(g, options);
  return view(g, relation_predicate{state}, entity_predicate{state});
}

DOSSIER_NAMESPACE_END
