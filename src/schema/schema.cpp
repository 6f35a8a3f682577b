#include <dossier/core/error.hpp>
#include <dossier/schema/schema.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace {

void set_bit(std::vector<std::uint64_t>& bits, std::uint32_t i) {
  if (i / 64 >= bits.size()) bits.resize(i / 64 + 1, 0);
  bits[i / 64] |= std::uint64_t{1} << (i % 64);
}
bool test_bit(const std::vector<std::uint64_t>& bits, std::uint32_t i) noexcept {
  return i / 64 < bits.size() && ((bits[i / 64] >> (i % 64)) & 1u);
}

const property_def* find_by_name(const std::vector<property_def>& defs, std::string_view name) {
  const auto it = std::find_if(defs.begin(), defs.end(), [&](const property_def& d) { return d.name == name; });
  return it == defs.end() ? nullptr : &*it;
}

[[noreturn]] void kind_conflict(const char* what, std::string_view type, const std::string& property, value_kind mine,
                                const property_def& other, const char* relation) {
  throw schema_error("schema.property_kind_conflict",
                     std::string(what) + " " + quote(type) + " property " + quote(property) + " is " +
                         std::string(to_string(mine)) + ", but " + relation + " " + quote(other.declared_by) +
                         " declares it " + std::string(to_string(other.kind)));
}

// The properties of a new type: its own declarations (checked), then those of its parents in
// order. A name may appear once per type, and keeps one kind down every line of inheritance.
template <class Info>
void resolve_properties(const char* what, std::string_view type_name, const std::vector<property_spec>& specs,
                        const std::vector<const Info*>& parents, std::vector<property_def>& own,
                        std::vector<property_def>& all) {
  std::vector<property_def> inherited;
  for (const Info* parent : parents) {
    for (const auto& p : parent->properties) {
      if (const auto* seen = find_by_name(inherited, p.name)) {
        if (seen->kind != p.kind) kind_conflict(what, type_name, p.name, p.kind, *seen, "another parent,");
        continue;
      }
      inherited.push_back(p);
    }
  }
  for (const auto& ps : specs) {
    if (ps.name.empty()) throw schema_error("schema.empty_name", std::string(what) + " " + quote(type_name) + ": property with an empty name");
    if (find_by_name(own, ps.name))
      throw schema_error("schema.duplicate_property",
                         std::string(what) + " " + quote(type_name) + " declares property " + quote(ps.name) + " twice");
    if (const auto* base = find_by_name(inherited, ps.name); base && base->kind != ps.kind)
      kind_conflict(what, type_name, ps.name, ps.kind, *base, "its parent");
    property_def d;
    d.name = ps.name;
    d.kind = ps.kind;
    d.semantic = ps.semantic;
    d.label = ps.label.empty() ? ps.name : ps.label;
    d.declared_by = std::string(type_name);
    d.lenient = ps.lenient;
    d.range_name = ps.range;  // may name this type or a later one (FtM does): resolved when declared
    own.push_back(std::move(d));
  }
  all = own;
  for (auto& p : inherited)
    if (!find_by_name(all, p.name)) all.push_back(std::move(p));
}

// Files a checked type: its name, its record, and its place among its ancestors' subtypes.
template <class Info, class Id = decltype(Info::id)>
Id register_type(Info info, std::vector<std::uint64_t> ancestors, std::unordered_map<std::string, Id>& by_name, std::vector<Info>& types,
                 std::vector<std::vector<Id>>& subtypes, std::vector<std::vector<std::uint64_t>>& all_ancestors) {
  const auto idx = to_index(info.id);
  set_bit(ancestors, idx);
  by_name.emplace(info.name, info.id);
  types.push_back(std::move(info));
  subtypes.emplace_back();
  for (std::uint32_t a = 0; a <= idx; ++a)
    if (test_bit(ancestors, a)) subtypes[a].push_back(static_cast<Id>(idx));
  all_ancestors.push_back(std::move(ancestors));
  return static_cast<Id>(idx);
}

}  // namespace

// Interns the names of a new type's properties and resolves ranges already declared.
void schema::intern_definitions(std::vector<property_def>& own, std::vector<property_def>& all) {
  for (auto* defs : {&own, &all})
    for (auto& d : *defs) {
      d.id = intern_property(d.name);
      if (!d.range_name.empty() && is_null(d.range))
        if (auto r = try_entity_type(d.range_name)) d.range = *r;
    }
}

bool schema::accepts(value_kind declared, const value& v, bool lenient) noexcept {
  if (v.kind() == declared || v.is_null()) return true;
  if (declared == value_kind::real && v.kind() == value_kind::integer) return true;
  if (lenient && v.kind() == value_kind::string) return true;
  if (v.kind() != value_kind::list) return false;
  // Properties are multi-valued (as in FtM): a list of the declared kind is accepted.
  const auto& items = v.as_list();
  return std::all_of(items.begin(), items.end(),
                     [&](const value& item) { return item.kind() != value_kind::list && accepts(declared, item, lenient); });
}

property_id schema::intern_property(std::string_view name) {
  if (auto it = property_by_name_.find(std::string(name)); it != property_by_name_.end()) return it->second;
  const auto id = static_cast<property_id>(property_names_.size());
  property_names_.emplace_back(name);
  property_by_name_.emplace(std::string(name), id);
  return id;
}

std::optional<property_id> schema::try_property(std::string_view name) const {
  if (auto it = property_by_name_.find(std::string(name)); it != property_by_name_.end()) return it->second;
  return std::nullopt;
}

property_id schema::property(std::string_view name) const {
  if (auto p = try_property(name)) return *p;
  throw schema_error("schema.unknown_property", "unknown property " + quote(name));
}

const std::string& schema::property_name(property_id p) const {
  if (to_index(p) >= property_names_.size())
    throw schema_error("schema.unknown_property", "unknown property id " + std::to_string(to_index(p)));
  return property_names_[to_index(p)];
}

entity_type_id schema::add_entity_type(std::string_view name, entity_type_spec spec) {
  if (name.empty()) throw schema_error("schema.empty_name", "entity type name is empty");
  if (entity_by_name_.count(std::string(name)))
    throw schema_error("schema.duplicate_type", "entity type " + quote(name) + " is already declared");
  entity_type_info info;
  info.id = static_cast<entity_type_id>(entity_types_.size());
  info.name = std::string(name);
  info.label = spec.label.empty() ? info.name : spec.label;
  info.abstract = spec.abstract;
  info.open = spec.open;
  std::vector<std::uint64_t> ancestors;
  std::vector<const entity_type_info*> parent_infos;
  for (const auto& parent_name : spec.parents) {
    auto parent = try_entity_type(parent_name);
    if (!parent)
      throw schema_error("schema.unknown_type", "entity type " + quote(name) + ": unknown parent entity type " + quote(parent_name));
    if (std::find(info.parents.begin(), info.parents.end(), *parent) != info.parents.end()) continue;
    info.parents.push_back(*parent);
    parent_infos.push_back(&entity_types_[to_index(*parent)]);
    const auto& pa = entity_ancestors_[to_index(*parent)];
    if (pa.size() > ancestors.size()) ancestors.resize(pa.size(), 0);
    for (std::size_t i = 0; i < pa.size(); ++i) ancestors[i] |= pa[i];
    info.open = info.open || entity_types_[to_index(*parent)].open;
  }
  // Everything is checked before any state changes (strong guarantee).
  resolve_properties("entity type", name, spec.properties, parent_infos, info.own_properties, info.properties);
  intern_definitions(info.own_properties, info.properties);
  const auto id = register_type(std::move(info), std::move(ancestors), entity_by_name_, entity_types_, entity_subtypes_, entity_ancestors_);
  resolve_ranges_to(id);
  return id;
}

relation_type_id schema::add_relation_type(std::string_view name, relation_type_spec spec) {
  if (name.empty()) throw schema_error("schema.empty_name", "relation type name is empty");
  if (relation_by_name_.count(std::string(name)))
    throw schema_error("schema.duplicate_type", "relation type " + quote(name) + " is already declared");
  relation_type_info info;
  info.id = static_cast<relation_type_id>(relation_types_.size());
  info.name = std::string(name);
  info.label = spec.label.empty() ? info.name : spec.label;
  info.abstract = spec.abstract;
  info.directed = spec.directed;
  info.open = spec.open;
  info.declared_domain = spec.domain;
  info.declared_range = spec.range;
  info.source_property = spec.source_property;
  info.target_property = spec.target_property;
  info.reference_property = spec.reference_property;
  std::vector<std::uint64_t> ancestors;
  std::vector<const relation_type_info*> parent_infos;
  for (const auto& parent_name : spec.parents) {
    auto parent = try_relation_type(parent_name);
    if (!parent)
      throw schema_error("schema.unknown_type",
                         "relation type " + quote(name) + ": unknown parent relation type " + quote(parent_name));
    if (std::find(info.parents.begin(), info.parents.end(), *parent) != info.parents.end()) continue;
    info.parents.push_back(*parent);
    parent_infos.push_back(&relation_types_[to_index(*parent)]);
    const auto& pa = relation_ancestors_[to_index(*parent)];
    if (pa.size() > ancestors.size()) ancestors.resize(pa.size(), 0);
    for (std::size_t i = 0; i < pa.size(); ++i) ancestors[i] |= pa[i];
    const auto& pinfo = relation_types_[to_index(*parent)];
    if (is_null(info.domain)) info.domain = pinfo.domain;
    if (is_null(info.range)) info.range = pinfo.range;
    info.open = info.open || pinfo.open;
  }
  if (!spec.domain.empty()) {
    auto d = try_entity_type(spec.domain);
    if (!d) throw schema_error("schema.unknown_type", "relation type " + quote(name) + ": unknown domain entity type " + quote(spec.domain));
    info.domain = *d;
  }
  if (!spec.range.empty()) {
    auto r = try_entity_type(spec.range);
    if (!r) throw schema_error("schema.unknown_type", "relation type " + quote(name) + ": unknown range entity type " + quote(spec.range));
    info.range = *r;
  }
  resolve_properties("relation type", name, spec.properties, parent_infos, info.own_properties, info.properties);
  intern_definitions(info.own_properties, info.properties);
  return register_type(std::move(info), std::move(ancestors), relation_by_name_, relation_types_, relation_subtypes_, relation_ancestors_);
}

void schema::resolve_ranges_to(entity_type_id declared) {
  const auto& type_name = entity_types_[to_index(declared)].name;
  const auto fix = [&](std::vector<property_def>& defs) {
    for (auto& d : defs)
      if (is_null(d.range) && d.range_name == type_name) d.range = declared;
  };
  for (auto& t : entity_types_) { fix(t.own_properties); fix(t.properties); }
  for (auto& t : relation_types_) { fix(t.own_properties); fix(t.properties); }
}

std::optional<entity_type_id> schema::try_entity_type(std::string_view name) const {
  if (auto it = entity_by_name_.find(std::string(name)); it != entity_by_name_.end()) return it->second;
  return std::nullopt;
}
entity_type_id schema::entity_type(std::string_view name) const {
  if (auto t = try_entity_type(name)) return *t;
  if (try_relation_type(name))
    throw schema_error("schema.unknown_type", "unknown entity type " + quote(name) + " (it is a relation type)");
  throw schema_error("schema.unknown_type", "unknown entity type " + quote(name));
}
std::optional<relation_type_id> schema::try_relation_type(std::string_view name) const {
  if (auto it = relation_by_name_.find(std::string(name)); it != relation_by_name_.end()) return it->second;
  return std::nullopt;
}
relation_type_id schema::relation_type(std::string_view name) const {
  if (auto t = try_relation_type(name)) return *t;
  if (try_entity_type(name))
    throw schema_error("schema.unknown_type", "unknown relation type " + quote(name) + " (it is an entity type)");
  throw schema_error("schema.unknown_type", "unknown relation type " + quote(name));
}

const entity_type_info& schema::info(entity_type_id t) const {
  if (to_index(t) >= entity_types_.size())
    throw schema_error("schema.unknown_type", "unknown entity type id " + std::to_string(to_index(t)));
  return entity_types_[to_index(t)];
}
const relation_type_info& schema::info(relation_type_id t) const {
  if (to_index(t) >= relation_types_.size())
    throw schema_error("schema.unknown_type", "unknown relation type id " + std::to_string(to_index(t)));
  return relation_types_[to_index(t)];
}

bool schema::is_a(entity_type_id type, entity_type_id ancestor) const noexcept {
  return to_index(type) < entity_ancestors_.size() && test_bit(entity_ancestors_[to_index(type)], to_index(ancestor));
}
bool schema::is_a(relation_type_id type, relation_type_id ancestor) const noexcept {
  return to_index(type) < relation_ancestors_.size() && test_bit(relation_ancestors_[to_index(type)], to_index(ancestor));
}
std::span<const entity_type_id> schema::subtypes(entity_type_id type) const {
  (void)info(type);
  return entity_subtypes_[to_index(type)];
}
std::span<const relation_type_id> schema::subtypes(relation_type_id type) const {
  (void)info(type);
  return relation_subtypes_[to_index(type)];
}
type_mask schema::mask(std::span<const relation_type_id> types) const {
  type_mask m(relation_types_.size());
  for (auto t : types)
    for (auto s : subtypes(t)) m.set(to_index(s));
  return m;
}
type_mask schema::mask(std::span<const entity_type_id> types) const {
  type_mask m(entity_types_.size());
  for (auto t : types)
    for (auto s : subtypes(t)) m.set(to_index(s));
  return m;
}

const property_def* schema::find_property(entity_type_id t, property_id p) const noexcept {
  if (to_index(t) >= entity_types_.size()) return nullptr;
  for (const auto& d : entity_types_[to_index(t)].properties)
    if (d.id == p) return &d;
  return nullptr;
}
const property_def* schema::find_property(relation_type_id t, property_id p) const noexcept {
  if (to_index(t) >= relation_types_.size()) return nullptr;
  for (const auto& d : relation_types_[to_index(t)].properties)
    if (d.id == p) return &d;
  return nullptr;
}

namespace {
template <class Info>
void check_value(const Info& info, const property_def* def, std::string_view property, const value& v, const char* what) {
  if (!def) {
    if (info.open) return;
    throw schema_error("schema.unknown_property", std::string(what) + " " + quote(info.name) + " has no property " +
                                                      quote(property) + " (the type is not open)");
  }
  if (!schema::accepts(def->kind, v, def->lenient))
    throw schema_error("schema.wrong_kind", std::string(what) + " " + quote(info.name) + " property " + quote(property) +
                                                " expects " + std::string(to_string(def->kind)) + ", got " +
                                                std::string(to_string(v.kind())) + " " + quote(v.to_string()));
}
}  // namespace

property_id schema::check_property(entity_type_id t, std::string_view property, const value& v) const {
  const auto& ti = info(t);
  auto p = try_property(property);
  check_value(ti, p ? find_property(t, *p) : nullptr, property, v, "entity type");
  return p ? *p : null_property;
}

property_id schema::check_property(relation_type_id t, std::string_view property, const value& v) const {
  const auto& ti = info(t);
  auto p = try_property(property);
  check_value(ti, p ? find_property(t, *p) : nullptr, property, v, "relation type");
  return p ? *p : null_property;
}

void schema::check_property(entity_type_id t, property_id p, const value& v, std::string_view new_name) const {
  const bool known = to_index(p) < property_names_.size();
  check_value(info(t), known ? find_property(t, p) : nullptr, known ? std::string_view(property_names_[to_index(p)]) : new_name, v,
              "entity type");
}

void schema::check_property(relation_type_id t, property_id p, const value& v, std::string_view new_name) const {
  const bool known = to_index(p) < property_names_.size();
  check_value(info(t), known ? find_property(t, p) : nullptr, known ? std::string_view(property_names_[to_index(p)]) : new_name, v,
              "relation type");
}

void schema::check_instantiable(entity_type_id t) const {
  if (info(t).abstract)
    throw schema_error("schema.abstract_type", "entity type " + quote(info(t).name) + " is abstract and cannot be instantiated");
}
void schema::check_instantiable(relation_type_id t) const {
  if (info(t).abstract)
    throw schema_error("schema.abstract_type", "relation type " + quote(info(t).name) + " is abstract and cannot be instantiated");
}

void schema::check_endpoints(relation_type_id t, entity_type_id source, entity_type_id target) const {
  const auto& ri = info(t);
  if (!is_null(ri.domain) && !is_a(source, ri.domain))
    throw schema_error("schema.wrong_endpoint", "relation " + quote(ri.name) + " expects a source of type " + quote(name(ri.domain)) +
                                                    ", got " + quote(name(source)));
  if (!is_null(ri.range) && !is_a(target, ri.range))
    throw schema_error("schema.wrong_endpoint", "relation " + quote(ri.name) + " expects a target of type " + quote(name(ri.range)) +
                                                    ", got " + quote(name(target)));
}

DOSSIER_NAMESPACE_END
