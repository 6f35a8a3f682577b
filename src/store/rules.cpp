// The store's rules, one validator each. add(), relate(), append() and restore() all check
// through these, so a mistake raises the same error whichever way it comes in.
#include <dossier/store/graph.hpp>

DOSSIER_NAMESPACE_BEGIN

void graph::check_name(std::string_view name, const char* what, bool may_be_empty) const {
  require_utf8(name, what);
  if (may_be_empty && name.empty()) return;
  if (normalize_name(name).empty())
    throw value_error("value.empty_name", std::string(what) + " " + quote(name) + " is empty after normalisation");
}

void graph::check_external_id(std::string_view external, std::uint32_t owner) const {
  if (external.empty()) return;
  require_utf8(external, "external id");
  const auto it = by_external_.find(external);
  if (it != by_external_.end() && it->second != owner)
    throw schema_error("store.duplicate_external_id", "external id " + quote(external) + " already names entity " +
                                                          std::to_string(it->second));
}

void graph::put_external_id(std::uint32_t slot, std::string external) {
  if (const auto old = entity_external_.find(slot); old != entity_external_.end()) {
    const auto key = by_external_.find(old->second);
    entity_external_.erase(old);  // before the key it views
    by_external_.erase(key);
  }
  if (external.empty()) return;
  const auto [it, added] = by_external_.emplace(std::move(external), slot);
  DOSSIER_ASSERT(added, "put_external_id: the id was checked to be free");
  entity_external_.emplace(slot, std::string_view(it->first));
}

void graph::check_entity_type(entity_type_id type) const { schema_.check_instantiable(type); }

std::optional<entity_type_id> graph::live_type(entity_id id) const noexcept {
  const auto c = try_canonical(id);
  if (!c) return std::nullopt;
  return entity_types_[to_index(*c)];
}

std::optional<graph::cited_entity> graph::live_cited(entity_id id) const noexcept {
  const auto c = try_canonical(id);
  if (!c) return std::nullopt;
  return cited_entity{entity_types_[to_index(*c)], entities_[to_index(*c)].name};
}

void graph::check_citations(std::span<const citation> cs, const std::function<std::optional<cited_entity>(entity_id)>& lookup) const {
  for (const auto& c : cs) {
    validate(c);
    const auto cited = lookup(c.source);
    const auto who = "entity " + std::to_string(to_index(c.source));
    if (!cited) throw provenance_error("provenance.unknown_source", "citation names " + who + ", which is not in the graph");
    if (!is_source_type(cited->type))
      throw provenance_error("provenance.not_a_source", "citation names " + who + " (" + quote(cited->name) + ", a " +
                                                            quote(schema_.name(cited->type)) + "), which is not a source (Document or a subtype)");
  }
}

void graph::check_evidence(const evidence& ev) const {
  check_citations(ev.citations, [this](entity_id e) { return live_cited(e); });
  validate(ev.valid);
}

DOSSIER_NAMESPACE_END
