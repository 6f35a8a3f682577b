#pragma once
// Cypher on the graph (issue 15; docs/cypher.md).
//
//   auto r = dossier::cypher(g, "MATCH (p:Program {name: $name})-[:recruits_for]->(o) RETURN o.name",
//                            {{"name", "Qiming"}});
//   for (const auto& row : r.rows) std::cout << dossier::format(g, row[0]) << '\n';
//
// A statement is parsed once (cypher_statement::prepare) and bound to a graph when it first
// runs there: labels, types and properties are checked against the schema, and unknown ones
// are errors that suggest the nearest known names. The bound form is kept while the graph's
// generation stays the same, so running a prepared statement again skips both steps.
//
// Writes (CREATE, MERGE, SET, REMOVE, DELETE) apply all of a statement's changes or none: when
// a statement fails, the graph is as it was. On a graph with an open schema (schemas::open())
// labels and relationship types are declared on first use.

#include <dossier/core/config.hpp>
#include <dossier/core/date.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/money.hpp>
#include <dossier/core/value.hpp>
#include <dossier/query/budget.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

class graph;

// A value as Cypher sees it: a property value, or a map, node, relationship or path. Lists,
// maps and paths are shared and immutable, so that copying a row is cheap.
class cypher_value {
 public:
  enum class kind : std::uint8_t { null, boolean, integer, real, string, date, money, list, map, node, relationship, path };
  using list_type = std::vector<cypher_value>;
  using map_type = std::map<std::string, cypher_value, std::less<>>;
  struct node_type {
    entity_id id;
    friend bool operator==(node_type, node_type) = default;
  };
  struct relationship_type {
    relation_id id;
    friend bool operator==(relationship_type, relationship_type) = default;
  };
  // nodes.size() == relationships.size() + 1; relationships[i] joins nodes[i] and nodes[i + 1]
  // in either direction.
  struct path_type {
    std::vector<entity_id> nodes;
    std::vector<relation_id> relationships;
    friend bool operator==(const path_type&, const path_type&) = default;
  };

  cypher_value() noexcept = default;
  cypher_value(std::nullptr_t) noexcept {}
  cypher_value(bool b) noexcept : v_(b) {}
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  cypher_value(I i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  cypher_value(double d) noexcept : v_(d) {}
  cypher_value(std::string s) : v_(std::move(s)) {}  // the caller vouches for UTF-8 (from_value checks)
  cypher_value(std::string_view s) : v_(std::string(s)) {}
  cypher_value(const char* s) : v_(std::string(s)) {}
  cypher_value(dossier::date d) noexcept : v_(d) {}
  cypher_value(dossier::money m) : v_(std::move(m)) {}
  cypher_value(list_type l) : v_(std::make_shared<const list_type>(std::move(l))) {}
  cypher_value(map_type m) : v_(std::make_shared<const map_type>(std::move(m))) {}
  cypher_value(node_type n) noexcept : v_(n) {}
  cypher_value(relationship_type r) noexcept : v_(r) {}
  cypher_value(path_type p) : v_(std::make_shared<const path_type>(std::move(p))) {}
  static cypher_value node(entity_id id) noexcept { return node_type{id}; }
  static cypher_value relationship(relation_id id) noexcept { return relationship_type{id}; }
  // A stored property value as Cypher sees it (dates and money stay what they are).
  static cypher_value from_value(const value& v);

  [[nodiscard]] kind type() const noexcept { return static_cast<kind>(v_.index()); }
  [[nodiscard]] bool is_null() const noexcept { return type() == kind::null; }
  // Strict accessors throw query_error naming the actual kind.
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::int64_t as_int() const;
  [[nodiscard]] double as_real() const;  // integers widen
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const dossier::date& as_date() const;
  [[nodiscard]] const dossier::money& as_money() const;
  [[nodiscard]] const list_type& as_list() const;
  [[nodiscard]] const map_type& as_map() const;
  [[nodiscard]] entity_id as_node() const;
  [[nodiscard]] relation_id as_relationship() const;
  [[nodiscard]] const path_type& as_path() const;
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept { return std::get_if<T>(&v_); }
  [[nodiscard]] bool is_number() const noexcept { return type() == kind::integer || type() == kind::real; }
  // The value as a property value; query_error for maps, nodes, relationships and paths
  // (which a property cannot hold), and for lists of them.
  [[nodiscard]] value to_value() const;

  // Structural equality (not Cypher's three-valued `=`: null equals null here, 1 differs from 1.0).
  friend bool operator==(const cypher_value& a, const cypher_value& b) noexcept;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, dossier::date, dossier::money,
               std::shared_ptr<const list_type>, std::shared_ptr<const map_type>, node_type, relationship_type,
               std::shared_ptr<const path_type>>
      v_;
};

[[nodiscard]] std::string_view to_string(cypher_value::kind k) noexcept;  // "INTEGER", "NODE", ...

// The value written as Cypher writes it, as the openCypher TCK shows results: 1, 'text',
// [1, 2], {a: 1}, (:Label {p: 1}), [:TYPE {p: 1}], <(:A)-[:T]->(:B)>. Nodes and
// relationships are read from the graph (a deleted one prints as its id).
[[nodiscard]] std::string format(const graph& g, const cypher_value& v);

// How Cypher sees an entity or a relation: its labels (the type; the parents of an open
// schema's "A:B" type; none for a node without a label) and its properties as a map (on every
// schema but the open one the canonical name, the aliases and the external id read as `name`,
// `aliases` and `id`; a property with several values is a list). Empty for an id that is gone.
[[nodiscard]] std::vector<std::string> cypher_labels(const graph& g, entity_id e);
[[nodiscard]] cypher_value::map_type cypher_properties(const graph& g, entity_id e);
[[nodiscard]] cypher_value::map_type cypher_properties(const graph& g, relation_id r);

using cypher_parameters = std::map<std::string, cypher_value, std::less<>>;

struct cypher_options {
  std::optional<date> as_of = {};  // relationships and entities that do not hold then are not seen
  double min_confidence = 0;       // relationships below it are not seen
  dossier::budget budget = {};     // every statement runs under it (budget_exceeded)
  std::stop_token cancel = {};     // request_stop() from another thread: cypher_error "cancelled"
};

// What a statement changed.
struct cypher_counters {
  std::size_t nodes_created = 0, nodes_deleted = 0;
  std::size_t relationships_created = 0, relationships_deleted = 0;
  std::size_t properties_set = 0, labels_added = 0, labels_removed = 0;
  friend bool operator==(const cypher_counters&, const cypher_counters&) = default;
};

// PROFILE: per stage of the plan, the rows it produced and the time spent in it.
struct cypher_stage_profile {
  std::string stage;
  std::size_t rows = 0;
  std::chrono::nanoseconds time{0};
};

struct cypher_result {
  std::vector<std::string> columns;
  std::vector<std::vector<cypher_value>> rows;
  cypher_counters counters;
  std::string plan;                            // EXPLAIN and PROFILE: the plan, one stage per line
  std::vector<cypher_stage_profile> profile;   // PROFILE only
};

// A semantic or runtime error in a Cypher statement. category() and detail() use the
// openCypher TCK's names, so that conformance can be checked and callers can match on them:
//   category: "SyntaxError", "SemanticError", "TypeError", "ArgumentError", "EntityNotFound",
//             "ConstraintVerificationFailed", "ProcedureError"
//   detail:   "UndefinedVariable", "VariableAlreadyBound", "InvalidArgumentType", ...
// compile_time() is true when the error was found before the statement ran.
class cypher_error : public query_error {
 public:
  cypher_error(std::string_view id, std::string category, std::string detail, bool compile_time,
               const std::string& message);
  [[nodiscard]] const std::string& category() const noexcept { return category_; }
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  [[nodiscard]] bool compile_time() const noexcept { return compile_time_; }

 private:
  std::string category_, detail_;
  bool compile_time_;
};

namespace cypher_engine {
struct prepared;
}

// A parsed statement, ready to run many times with other parameters. Copies share the parse.
class cypher_statement {
 public:
  // Parses the text (syntax_error) and checks what needs no graph (cypher_error): variables
  // used before they are bound, aggregations where they cannot be, and the like. A leading
  // EXPLAIN or PROFILE is kept and honoured by run().
  static cypher_statement prepare(std::string_view text);

  // Runs the statement. The const overload refuses write clauses (cypher_error).
  cypher_result run(graph& g, const cypher_parameters& params = {}, const cypher_options& options = {}) const;
  cypher_result run(const graph& g, const cypher_parameters& params = {}, const cypher_options& options = {}) const;
  // The plan the statement runs on this graph, one stage per line (as EXPLAIN shows it).
  [[nodiscard]] std::string explain(const graph& g) const;
  [[nodiscard]] bool writes() const noexcept;  // has CREATE, MERGE, SET, REMOVE or DELETE
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept;  // of the final RETURN

 private:
  explicit cypher_statement(std::shared_ptr<const cypher_engine::prepared> p) : p_(std::move(p)) {}
  std::shared_ptr<const cypher_engine::prepared> p_;
};

// One call: prepare and run.
cypher_result cypher(graph& g, std::string_view text, const cypher_parameters& params = {},
                     const cypher_options& options = {});
cypher_result cypher(const graph& g, std::string_view text, const cypher_parameters& params = {},
                     const cypher_options& options = {});

DOSSIER_NAMESPACE_END
