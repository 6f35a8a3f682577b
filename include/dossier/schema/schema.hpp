#pragma once
// The schema: entity types and relation types, both with multiple inheritance and abstract
// types; relation domain and range; declared, typed and inherited properties; open types.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/value.hpp>
#include <dossier/schema/type_mask.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// A property declaration as written by a schema author.
struct property_spec {
  std::string name;
  value_kind kind = value_kind::string;
  std::string semantic = {};  // finer meaning, e.g. FtM's "url", "country", "entity"
  std::string range = {};     // for entity references: the referenced entity type's name
  std::string label = {};
  // Also accepts text that could not be read as `kind` (FollowTheMoney's rule: every value is
  // text, typed where it can be), so that such a value is kept, not lost.
  bool lenient = false;
};

// A resolved property of a type (declared on it or inherited).
struct property_def {
  property_id id = null_property;
  std::string name;
  value_kind kind = value_kind::string;
  std::string semantic;
  entity_type_id range = null_entity_type;
  std::string range_name;   // as written; resolved into `range` once that type is declared
  std::string label;
  std::string declared_by;  // name of the type that declares it
  bool lenient = false;     // see property_spec
};

struct entity_type_spec {
  std::vector<std::string> parents = {};
  bool abstract = false;  // cannot be instantiated, only inherited and queried
  bool open = false;      // accepts undeclared properties (of any kind)
  std::string label = {};
  std::vector<property_spec> properties = {};
};

struct relation_type_spec {
  std::vector<std::string> parents = {};
  std::string domain = {};  // entity type of the source; empty: inherited, else any
  std::string range = {};   // entity type of the target; empty: inherited, else any
  bool abstract = false;
  bool directed = true;
  bool open = false;
  std::string label = {};   // reading of the relation, e.g. "works for"
  std::vector<property_spec> properties = {};
  // Interchange: for a FollowTheMoney edge schema, the properties that name its two ends
  // (Payment: payer, beneficiary); for a relation that stands for an entity-typed property
  // (Thing:addressEntity), that property. Empty elsewhere.
  std::string source_property = {};
  std::string target_property = {};
  std::string reference_property = {};
};

struct entity_type_info {
  entity_type_id id = null_entity_type;
  std::string name, label;
  std::vector<entity_type_id> parents;
  bool abstract = false, open = false;
  std::vector<property_def> own_properties;  // declared here
  std::vector<property_def> properties;      // declared here or inherited
};

struct relation_type_info {
  relation_type_id id = null_relation_type;
  std::string name, label;
  std::vector<relation_type_id> parents;
  entity_type_id domain = null_entity_type;  // effective (declared or inherited); null: any
  entity_type_id range = null_entity_type;
  std::string declared_domain, declared_range;  // as written on this type
  bool abstract = false, directed = true, open = false;
  std::vector<property_def> own_properties;
  std::vector<property_def> properties;
  std::string source_property, target_property, reference_property;  // see relation_type_spec
};

class schema {
 public:
  schema() = default;

  // What the schema is, for interchange files that name it: "investigations" for the built-in
  // schema, "followthemoney" for a FollowTheMoney model, empty for one built by hand.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // Parents, domain and range must already be declared. Throws schema_error on a duplicate
  // type name, an unknown parent or domain/range, a property declared twice by the type, or a
  // property whose kind differs from the one it inherits (also when two parents disagree).
  // A subtype may redeclare an inherited property with the same kind (to relabel it).
  entity_type_id add_entity_type(std::string_view name, entity_type_spec spec = {});
  relation_type_id add_relation_type(std::string_view name, relation_type_spec spec = {});

  // Strict lookups throw schema_error naming the unknown type; try_ returns nullopt.
  [[nodiscard]] entity_type_id entity_type(std::string_view name) const;
  [[nodiscard]] std::optional<entity_type_id> try_entity_type(std::string_view name) const;
  [[nodiscard]] relation_type_id relation_type(std::string_view name) const;
  [[nodiscard]] std::optional<relation_type_id> try_relation_type(std::string_view name) const;

  [[nodiscard]] const entity_type_info& info(entity_type_id t) const;
  [[nodiscard]] const relation_type_info& info(relation_type_id t) const;
  [[nodiscard]] const std::string& name(entity_type_id t) const { return info(t).name; }
  [[nodiscard]] const std::string& name(relation_type_id t) const { return info(t).name; }
  [[nodiscard]] std::size_t entity_type_count() const noexcept { return entity_types_.size(); }
  [[nodiscard]] std::size_t relation_type_count() const noexcept { return relation_types_.size(); }
  [[nodiscard]] std::span<const entity_type_info> entity_types() const noexcept { return entity_types_; }
  [[nodiscard]] std::span<const relation_type_info> relation_types() const noexcept { return relation_types_; }

  // Reflexive, transitive is-a over all parents (multiple inheritance).
  [[nodiscard]] bool is_a(entity_type_id type, entity_type_id ancestor) const noexcept;
  [[nodiscard]] bool is_a(relation_type_id type, relation_type_id ancestor) const noexcept;
  // The type itself and all its descendants, in declaration order.
  [[nodiscard]] std::span<const entity_type_id> subtypes(entity_type_id type) const;
  [[nodiscard]] std::span<const relation_type_id> subtypes(relation_type_id type) const;
  [[nodiscard]] type_mask mask(std::span<const relation_type_id> types) const;
  [[nodiscard]] type_mask mask(std::span<const entity_type_id> types) const;

  // Property names are interned once per schema.
  [[nodiscard]] property_id property(std::string_view name) const;  // throws schema_error
  [[nodiscard]] std::optional<property_id> try_property(std::string_view name) const;
  property_id intern_property(std::string_view name);
  [[nodiscard]] const std::string& property_name(property_id p) const;
  [[nodiscard]] std::size_t property_count() const noexcept { return property_names_.size(); }
  [[nodiscard]] const property_def* find_property(entity_type_id t, property_id p) const noexcept;
  [[nodiscard]] const property_def* find_property(relation_type_id t, property_id p) const noexcept;

  // True when `v` may be stored in a property declared with `declared`: the same kind, null, an
  // integer for a real, or a list (a multi-valued property) of such values; with `lenient`,
  // text too.
  [[nodiscard]] static bool accepts(value_kind declared, const value& v, bool lenient = false) noexcept;

  // Validation used by the graph; each throws schema_error naming type, property and kinds.
  // Returns the property's id, or null_property for a name the schema does not know yet that
  // an open type accepts (the caller interns it once the whole change is checked).
  [[nodiscard]] property_id check_property(entity_type_id t, std::string_view property, const value& v) const;
  [[nodiscard]] property_id check_property(relation_type_id t, std::string_view property, const value& v) const;
  // The same for a property known by id; `new_name` names ids at or past property_count()
  // (properties a batch will intern).
  void check_property(entity_type_id t, property_id p, const value& v, std::string_view new_name = {}) const;
  void check_property(relation_type_id t, property_id p, const value& v, std::string_view new_name = {}) const;
  void check_instantiable(entity_type_id t) const;
  void check_instantiable(relation_type_id t) const;
  void check_endpoints(relation_type_id t, entity_type_id source, entity_type_id target) const;

 private:
  void resolve_ranges_to(entity_type_id declared);
  void intern_definitions(std::vector<property_def>& own, std::vector<property_def>& all);


  std::string name_;
  std::vector<entity_type_info> entity_types_;
  std::vector<relation_type_info> relation_types_;
  std::unordered_map<std::string, entity_type_id> entity_by_name_;
  std::unordered_map<std::string, relation_type_id> relation_by_name_;
  std::vector<std::vector<std::uint64_t>> entity_ancestors_, relation_ancestors_;
  std::vector<std::vector<entity_type_id>> entity_subtypes_;
  std::vector<std::vector<relation_type_id>> relation_subtypes_;
  std::vector<std::string> property_names_;
  std::unordered_map<std::string, property_id> property_by_name_;
};

DOSSIER_NAMESPACE_END
