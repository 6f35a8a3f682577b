#pragma once
// Field-by-field comparison of two graphs through the public API, for round-trip tests.
// Reports the first difference as a string (empty when equal).
#include <dossier/dossier.hpp>

#include <string>

namespace testing_support {

// With compare_schema false, only the data is compared (types by name): that is how files
// written with an older built-in schema are checked against a graph built today.
inline std::string first_difference(const dossier::graph& a, const dossier::graph& b, bool compare_schema = true) {
  using namespace dossier;
  const auto& sa = a.schema();
  const auto& sb = b.schema();
  if (compare_schema) {
  if (sa.entity_type_count() != sb.entity_type_count()) return "entity type count";
  if (sa.relation_type_count() != sb.relation_type_count()) return "relation type count";
  if (sa.property_count() != sb.property_count()) return "property count";
  for (std::uint32_t p = 0; p < sa.property_count(); ++p)
    if (sa.property_name(static_cast<property_id>(p)) != sb.property_name(static_cast<property_id>(p))) return "property name " + std::to_string(p);
  for (std::size_t i = 0; i < sa.entity_type_count(); ++i) {
    const auto& x = sa.entity_types()[i];
    const auto& y = sb.entity_types()[i];
    if (x.name != y.name || x.label != y.label || x.parents != y.parents || x.abstract != y.abstract || x.open != y.open ||
        x.properties.size() != y.properties.size())
      return "entity type " + x.name;
    for (std::size_t k = 0; k < x.properties.size(); ++k)
      if (x.properties[k].id != y.properties[k].id || x.properties[k].kind != y.properties[k].kind ||
          x.properties[k].range != y.properties[k].range)
        return "entity type " + x.name + " property " + x.properties[k].name;
  }
  for (std::size_t i = 0; i < sa.relation_type_count(); ++i) {
    const auto& x = sa.relation_types()[i];
    const auto& y = sb.relation_types()[i];
    if (x.name != y.name || x.parents != y.parents || x.domain != y.domain || x.range != y.range ||
        x.abstract != y.abstract || x.directed != y.directed || x.label != y.label || x.properties.size() != y.properties.size())
      return "relation type " + x.name;
  }
  }
  if (a.entity_slots() != b.entity_slots()) return "entity slots";
  if (a.relation_slots() != b.relation_slots()) return "relation slots";
  if (a.entity_count() != b.entity_count()) return "entity count";
  if (a.relation_count() != b.relation_count()) return "relation count";
  for (std::uint32_t i = 0; i < a.entity_slots(); ++i) {
    const auto id = static_cast<entity_id>(i);
    const std::string where = "entity " + std::to_string(i);
    if (a.try_canonical(id) != b.try_canonical(id)) return where + " liveness or redirect";
    if (!a.entity_live(i)) continue;
    const auto x = a.get(id), y = b.get(id);
    if (x.type_name() != y.type_name() || x.name() != y.name()) return where + " type or name";
    if (!std::equal(x.aliases().begin(), x.aliases().end(), y.aliases().begin(), y.aliases().end())) return where + " aliases";
    const auto same_properties = [&](const auto& p, const auto& q) {
      return p.size() == q.size() && std::equal(p.begin(), p.end(), q.begin(), [&](const statement_ref& u, const statement_ref& w) {
               return sa.property_name(u.property) == sb.property_name(w.property) && u.val == w.val && u.ev == w.ev;
             });
    };
    if (!same_properties(x.properties(), y.properties())) return where + " properties";
  }
  for (std::uint32_t r = 0; r < a.relation_slots(); ++r) {
    const auto id = static_cast<relation_id>(r);
    const std::string where = "relation " + std::to_string(r);
    if (a.contains(id) != b.contains(id)) return where + " liveness";
    if (!a.contains(id)) continue;
    const auto x = a.get(id), y = b.get(id);
    if (x.type_name() != y.type_name() || x.source() != y.source() || x.target() != y.target()) return where + " endpoints";
    if (!(x.ev() == y.ev())) return where + " evidence";
    if (x.properties().size() != y.properties().size()) return where + " properties";
    for (std::size_t k = 0; k < x.properties().size(); ++k)
      if (sa.property_name(x.properties()[k].property) != sb.property_name(y.properties()[k].property) ||
          !(x.properties()[k].val == y.properties()[k].val))
        return where + " properties";
  }
  if (a.redirects() != b.redirects()) return "redirects";
  // Derived indexes answer the same.
  for (std::uint32_t i = 0; i < a.entity_slots(); ++i) {
    if (!a.entity_live(i)) continue;
    const auto id = static_cast<entity_id>(i);
    if (a.relations(id, direction::both).size() != b.relations(id, direction::both).size()) return "adjacency of entity " + std::to_string(i);
    const auto name = a.get(id).name();
    if (a.lookup(name, {.limit = 1000}).size() != b.lookup(name, {.limit = 1000}).size()) return "name index for " + name;
  }
  return {};
}

}  // namespace testing_support
