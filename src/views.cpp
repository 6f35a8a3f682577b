#include <dossier/views.hpp>

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
  if (!options.relation_types.empty()) {
    std::vector<relation_type_id> ids;
    for (const auto& t : options.relation_types) ids.push_back(sc.relation_type(t));
    s->relations = sc.mask(ids);
    s->all_relations = false;
  }
  if (!(options.min_confidence >= 0.0 && options.min_confidence <= 1.0))
    throw provenance_error("view minimum confidence " + std::to_string(options.min_confidence) + " is outside [0, 1]");
  s->min_confidence = options.min_confidence;
  s->as_of = options.as_of;
  if (options.cited_by) {
    const auto src = g.canonical(*options.cited_by);
    if (!g.is_source(src))
      throw provenance_error("view cited_by: entity " + std::to_string(to_index(src)) + " is not a source");
    s->cited_by = to_index(src);
  }
  return s;
}

view make_view(const graph& g, const view_options& options) {
  auto state = make_view_state(g, options);
  return view(g, relation_predicate{state}, entity_predicate{state});
}

DOSSIER_NAMESPACE_END
