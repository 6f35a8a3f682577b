#include <dossier/error.hpp>
#include <dossier/schema.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace {

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

void set_bit(std::vector<std::uint64_t>& bits, std::uint32_t i) {
  if (i / 64 >= bits.size()) bits.resize(i / 64 + 1, 0);
  bits[i / 64] |= std::uint64_t{1} << (i % 64);
}
bool test_bit(const std::vector<std::uint64_t>& bits, std::uint32_t i) noexcept {
  return i / 64 < bits.size() && ((bits[i / 64] >> (i % 64)) & 1u);
}

bool value_fits(value_kind declared, const value& v) {
  if (v.kind() == declared || v.is_null()) return true;
  if (declared == value_kind::real && v.kind() == value_kind::integer) return true;
  if (v.kind() == value_kind::list) {
    // Properties are multi-valued (as in FtM): a list of the declared kind is accepted.
    const auto& items = v.as_list();
    return std::all_of(items.begin(), items.end(), [&](const value& item) {
      return item.kind() != value_kind::list && value_fits(declared, item);
    });
  }
  return false;
}

// Merges inherited properties (first parent wins on a name clash) and own declarations.
void merge_properties(std::vector<property_def>& into, const std::vector<property_def>& from) {
  for (const auto& p : from) {
    if (std::none_of(into.begin(), into.end(), [&](const property_def& d) { return d.id == p.id; }))
      into.push_back(p);
  }
}

}  // namespace

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
  throw schema_error("unknown property " + q(name));
}

const std::string& schema::property_name(property_id p) const {
  if (to_index(p) >= property_names_.size()) throw schema_error("unknown property id " + std::to_string(to_index(p)));
  return property_names_[to_index(p)];
}

entity_type_id schema::add_entity_type(std::string_view name, entity_type_spec spec) {
  if (name.empty()) throw schema_error("entity type name is empty");
  if (entity_by_name_.count(std::string(name))) throw schema_error("entity type " + q(name) + " is already declared");
  entity_type_info info;
  info.id = static_cast<entity_type_id>(entity_types_.size());
  info.name = std::string(name);
  info.label = spec.label.empty() ? info.name : spec.label;
  info.abstract = spec.abstract;
  info.open = spec.open;
  std::vector<std::uint64_t> ancestors;
  for (const auto& parent_name : spec.parents) {
    auto parent = try_entity_type(parent_name);
    if (!parent)
      throw schema_error("entity type " + q(name) + ": unknown parent entity type " + q(parent_name));
    if (std::find(info.parents.begin(), info.parents.end(), *parent) != info.parents.end()) continue;
    info.parents.push_back(*parent);
    const auto& pa = entity_ancestors_[to_index(*parent)];
    if (pa.size() > ancestors.size()) ancestors.resize(pa.size(), 0);
    for (std::size_t i = 0; i < pa.size(); ++i) ancestors[i] |= pa[i];
    info.open = info.open || entity_types_[to_index(*parent)].open;
  }
  // Validate and resolve own properties before any state changes (strong guarantee).
  std::vector<property_def> own;
  for (const auto& ps : spec.properties) {
    if (ps.name.empty()) throw schema_error("entity type " + q(name) + ": property with an empty name");
    property_def d;
    d.name = ps.name;
    d.kind = ps.kind;
    d.semantic = ps.semantic;
    d.label = ps.label.empty() ? ps.name : ps.label;
    d.declared_by = info.name;
    d.range_name = ps.range;
    // A range may name this type or a later one (FtM does): resolved when that type is declared.
    d.range_name = ps.range;
    if (!ps.range.empty())
      if (auto r = try_entity_type(ps.range)) d.range = *r;
    own.push_back(std::move(d));
  }
  for (auto& d : own) d.id = intern_property(d.name);
  info.own_properties = own;
  info.properties = own;
  for (auto parent : info.parents) merge_properties(info.properties, entity_types_[to_index(parent)].properties);

  const auto idx = to_index(info.id);
  set_bit(ancestors, idx);
  entity_by_name_.emplace(info.name, info.id);
  entity_types_.push_back(std::move(info));
  entity_subtypes_.emplace_back();
  for (std::uint32_t a = 0; a <= idx; ++a)
    if (test_bit(ancestors, a)) entity_subtypes_[a].push_back(static_cast<entity_type_id>(idx));
  entity_ancestors_.push_back(std::move(ancestors));
  resolve_ranges_to(static_cast<entity_type_id>(idx));
  return static_cast<entity_type_id>(idx);
}

relation_type_id schema::add_relation_type(std::string_view name, relation_type_spec spec) {
  if (name.empty()) throw schema_error("relation type name is empty");
  if (relation_by_name_.count(std::string(name))) throw schema_error("relation type " + q(name) + " is already declared");
  relation_type_info info;
  info.id = static_cast<relation_type_id>(relation_types_.size());
  info.name = std::string(name);
  info.label = spec.label.empty() ? info.name : spec.label;
  info.abstract = spec.abstract;
  info.directed = spec.directed;
  info.open = spec.open;
  info.declared_domain = spec.domain;
  info.declared_range = spec.range;
  std::vector<std::uint64_t> ancestors;
  for (const auto& parent_name : spec.parents) {
    auto parent = try_relation_type(parent_name);
    if (!parent)
      throw schema_error("relation type " + q(name) + ": unknown parent relation type " + q(parent_name));
    if (std::find(info.parents.begin(), info.parents.end(), *parent) != info.parents.end()) continue;
    info.parents.push_back(*parent);
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
    if (!d) throw schema_error("relation type " + q(name) + ": unknown domain entity type " + q(spec.domain));
    info.domain = *d;
  }
  if (!spec.range.empty()) {
    auto r = try_entity_type(spec.range);
    if (!r) throw schema_error("relation type " + q(name) + ": unknown range entity type " + q(spec.range));
    info.range = *r;
  }
  std::vector<property_def> own;
  for (const auto& ps : spec.properties) {
    if (ps.name.empty()) throw schema_error("relation type " + q(name) + ": property with an empty name");
    property_def d;
    d.name = ps.name;
    d.kind = ps.kind;
    d.semantic = ps.semantic;
    d.label = ps.label.empty() ? ps.name : ps.label;
    d.declared_by = info.name;
    d.range_name = ps.range;
    if (!ps.range.empty())
      if (auto r = try_entity_type(ps.range)) d.range = *r;
    own.push_back(std::move(d));
  }
  for (auto& d : own) d.id = intern_property(d.name);
  info.own_properties = own;
  info.properties = own;
  for (auto parent : info.parents) merge_properties(info.properties, relation_types_[to_index(parent)].properties);

  const auto idx = to_index(info.id);
  set_bit(ancestors, idx);
  relation_by_name_.emplace(info.name, info.id);
  relation_types_.push_back(std::move(info));
  relation_subtypes_.emplace_back();
  for (std::uint32_t a = 0; a <= idx; ++a)
    if (test_bit(ancestors, a)) relation_subtypes_[a].push_back(static_cast<relation_type_id>(idx));
  relation_ancestors_.push_back(std::move(ancestors));
  return static_cast<relation_type_id>(idx);
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
    throw schema_error("unknown entity type " + q(name) + " (it is a relation type)");
  throw schema_error("unknown entity type " + q(name));
}
std::optional<relation_type_id> schema::try_relation_type(std::string_view name) const {
  if (auto it = relation_by_name_.find(std::string(name)); it != relation_by_name_.end()) return it->second;
  return std::nullopt;
}
relation_type_id schema::relation_type(std::string_view name) const {
  if (auto t = try_relation_type(name)) return *t;
  if (try_entity_type(name))
    throw schema_error("unknown relation type " + q(name) + " (it is an entity type)");
  throw schema_error("unknown relation type " + q(name));
}

const entity_type_info& schema::info(entity_type_id t) const {
  if (to_index(t) >= entity_types_.size()) throw schema_error("unknown entity type id " + std::to_string(to_index(t)));
  return entity_types_[to_index(t)];
}
const relation_type_info& schema::info(relation_type_id t) const {
  if (to_index(t) >= relation_types_.size()) throw schema_error("unknown relation type id " + std::to_string(to_index(t)));
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
void check_value(const Info& info, const property_def* def, std::string_view property, const value& v,
                 const char* what) {
  if (!def) {
    if (info.open) return;
    throw schema_error(std::string(what) + " " + q(info.name) + " has no property " + q(property) +
                       " (the type is not open)");
  }
  if (!value_fits(def->kind, v))
    throw schema_error(std::string(what) + " " + q(info.name) + " property " + q(property) + " expects " +
                       std::string(to_string(def->kind)) + ", got " + std::string(to_string(v.kind())) +
                       " (" + v.to_string().substr(0, 60) + ")");
}
}  // namespace

property_id schema::check_property(entity_type_id t, std::string_view property, const value& v) {
  const auto& ti = info(t);
  auto p = try_property(property);
  check_value(ti, p ? find_property(t, *p) : nullptr, property, v, "entity type");
  return p ? *p : intern_property(property);
}

property_id schema::check_property(relation_type_id t, std::string_view property, const value& v) {
  const auto& ti = info(t);
  auto p = try_property(property);
  check_value(ti, p ? find_property(t, *p) : nullptr, property, v, "relation type");
  return p ? *p : intern_property(property);
}

void schema::check_instantiable(entity_type_id t) const {
  if (info(t).abstract) throw schema_error("entity type " + q(info(t).name) + " is abstract and cannot be instantiated");
}
void schema::check_instantiable(relation_type_id t) const {
  if (info(t).abstract) throw schema_error("relation type " + q(info(t).name) + " is abstract and cannot be instantiated");
}

void schema::check_endpoints(relation_type_id t, entity_type_id source, entity_type_id target) const {
  const auto& ri = info(t);
  if (!is_null(ri.domain) && !is_a(source, ri.domain))
    throw schema_error("relation " + q(ri.name) + " expects a source of type " + q(name(ri.domain)) +
                       ", got " + q(name(source)));
  if (!is_null(ri.range) && !is_a(target, ri.range))
    throw schema_error("relation " + q(ri.name) + " expects a target of type " + q(name(ri.range)) +
                       ", got " + q(name(target)));
}

DOSSIER_NAMESPACE_END
