// The schema as data arrives: types declared on a graph, and entities changing type.
#include <dossier/store/graph.hpp>

DOSSIER_NAMESPACE_BEGIN

entity_type_id graph::declare_entity_type(std::string_view name, entity_type_spec spec) {
  const auto t = schema_.add_entity_type(name, std::move(spec));
  changed();  // prepared plans hold type masks sized for the old schema
  return t;
}

relation_type_id graph::declare_relation_type(std::string_view name, relation_type_spec spec) {
  const auto t = schema_.add_relation_type(name, std::move(spec));
  changed();
  return t;
}

void graph::retype(entity_id id, entity_type_id type) {
  const auto c = canonical(id);
  const auto slot = to_index(c);
  const auto old = entity_types_[slot];
  if (old == type) return;
  check_entity_type(type);
  // A source's type decides whether citations may name it, so it stays on its side.
  if (is_source_type(old) != is_source_type(type))
    throw schema_error("schema.retype_source", "entity " + std::to_string(slot) + " cannot change from " +
                                                   quote(schema_.name(old)) + " to " + quote(schema_.name(type)) +
                                                   ": only one of them is a source type");
  for (const auto s : entity_statements_.of(slot)) schema_.check_property(type, s.property, s.val);
  for (const auto r : relations(c, direction::out)) {
    const auto& rr = relations_[to_index(r)];
    schema_.check_endpoints(rr.type, type, rr.target == slot ? type : entity_types_[rr.target]);
  }
  for (const auto r : relations(c, direction::in)) {
    const auto& rr = relations_[to_index(r)];
    schema_.check_endpoints(rr.type, rr.source == slot ? type : entity_types_[rr.source], type);
  }
  entity_types_[slot] = type;
  changed();
}

DOSSIER_NAMESPACE_END
