#pragma once
// The syntax tree of a Cypher statement, as cypher_syntax::parse reads it (issue 15). The parser
// knows no graph: labels, types, properties and functions are names here, checked against the
// schema when the statement is bound into a plan. Every node keeps where it starts, so that
// later errors can point at the text too.
//
// Read so far: MATCH / OPTIONAL MATCH (with GQL's WALK, TRAIL, ACYCLIC path modes), WHERE,
// WITH, RETURN, DISTINCT, ORDER BY, SKIP, LIMIT, UNWIND, UNION [ALL]; node and relationship
// patterns with labels, types (:A|B), property maps, directions, variable lengths (*, *2,
// *1..3, *..3), named paths, shortestPath / allShortestPaths; expressions with openCypher's
// precedence: OR, XOR, AND, NOT, comparisons (chained), IN, STARTS WITH, ENDS WITH, CONTAINS,
// =~, IS [NOT] NULL, + - * / % ^, unary minus, property access, indexing and slicing, literals
// (integers in decimal, hex and octal; floats; strings with escapes; true, false, null), lists,
// maps, parameters ($name, $0), function calls (with DISTINCT; count(*)), CASE, list
// comprehensions, the quantifiers all, any, none, single, label predicates (n:A:B) and
// pattern predicates (WHERE (n)-[:T]->()) and pattern comprehensions ([(a)-->(b) | b.name]).
// EXISTS { pattern WHERE ... } and EXISTS { MATCH ... }. Write clauses: CREATE, MERGE with
// ON CREATE / ON MATCH, SET, REMOVE, DELETE, DETACH DELETE; CALL ... YIELD.

#include <dossier/core/config.hpp>
#include <dossier/core/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax {

struct position {
  std::size_t line = 1, column = 1;  // from 1; columns count bytes
};

enum class expr_kind : std::uint8_t {
  literal,     // literal: a null, boolean, integer, real or string
  parameter,   // name: "$name" without the dollar
  variable,    // name
  property,    // args[0].name
  index,       // args[0][args[1]]
  slice,       // args[0][args[1]..args[2]]; a missing bound is a null pointer
  list,        // [args...]
  map,         // {keys[i]: args[i]}
  call,        // name(args...), distinct; count(*) is a call with star
  unary,       // name ("-", "+", "NOT") args[0]
  binary,      // args[0] name args[1]; name is upper-case for word operators ("AND", "IN", "STARTS WITH")
  is_null,     // args[0] IS NULL; negated: IS NOT NULL
  case_of,     // CASE [args[0] if has_subject] WHEN args[i] THEN args[i+1] ... [ELSE last if has_else] END
  comprehension,  // [name IN args[0] WHERE args[1] | args[2]]; a missing part is null
  quantifier,  // name ("all", "any", "none", "single") (variable IN args[0] WHERE args[1])
  has_labels,  // args[0]:keys[0]:keys[1]... (a label predicate, n:Person)
  pattern,     // a pattern as a predicate or a list of paths: WHERE (n)-[:T]->()
  pattern_comprehension,  // [path WHERE args[0] | args[1]]; a missing WHERE is a null literal
  exists_subquery,        // EXISTS { subquery }; the pattern form is a subquery of one MATCH
  reduce,                 // reduce(variable = args[0], keys[0] IN args[1] | args[2])
  // args[0] {entries}: per entry keys[i] and args[i + 1]: .name (value null), .* (key "*",
  // value null), name: expression, or a variable (its name, and the variable)
  map_projection,
};

struct path_pattern;
struct single_query;

struct expr {
  expr_kind kind = expr_kind::literal;
  position at = {};
  std::string name = {};
  std::string variable = {};       // comprehension and quantifier variable
  value literal = {};
  std::vector<std::unique_ptr<expr>> args = {};
  std::vector<std::string> keys = {};  // map keys, in order
  bool distinct = false;               // call
  bool star = false;                   // count(*)
  bool negated = false;                // IS NOT NULL
  bool has_subject = false, has_else = false;  // case_of
  std::shared_ptr<const path_pattern> path = {};  // pattern, pattern_comprehension
  std::shared_ptr<const single_query> subquery = {};  // exists_subquery (RETURN optional)
  // Filled by the engine once, when it prepares the statement (-1: none): the row slot this
  // expression reads or binds (a variable, an aggregate's value, a comprehension's variable),
  // and the projected column an ORDER BY expression reads instead of being evaluated.
  mutable int slot = -1, column = -1;
};
using expr_ptr = std::unique_ptr<expr>;

struct node_pattern {
  position at = {};
  std::string variable = {};
  std::vector<std::string> labels = {};  // all of them: (n:A:B)
  expr_ptr properties = {};              // a map, or null
  mutable int slot = -1;                 // engine: the row slot of the node
  mutable bool bound_before = false;     // engine: bound by an earlier clause
};

enum class arrow : std::uint8_t { right, left, either };  // -[]->, <-[]-, -[]-

struct relationship_pattern {
  position at = {};
  std::string variable = {};
  std::vector<std::string> types = {};  // any of them: [:A|B]
  expr_ptr properties = {};
  arrow direction = arrow::either;
  bool variable_length = false;        // *: then min and max (unset: 1 and unbounded)
  std::optional<std::uint32_t> min = {}, max = {};
  mutable int slot = -1;               // engine: the row slot of the relationship (or list)
  mutable bool bound_before = false;   // engine: bound by an earlier clause
};

struct path_pattern {
  position at = {};
  std::string variable = {};  // p = ...
  std::string function = {};  // "shortestPath", "allShortestPaths", or ""
  node_pattern start = {};
  std::vector<std::pair<relationship_pattern, node_pattern>> steps = {};
  mutable int slot = -1;  // engine: the row slot of the named path
};

struct match_clause {
  position at = {};
  bool optional = false;
  std::string path_mode = {};  // "WALK", "TRAIL", "ACYCLIC", or "" (openCypher's default, trail)
  std::vector<path_pattern> patterns = {};
  expr_ptr where = {};
};

struct unwind_clause {
  position at = {};
  expr_ptr list = {};
  std::string variable = {};
  mutable int slot = -1;  // engine: the row slot of the variable
};

struct projection_item {
  expr_ptr value = {};
  std::string alias = {};  // "" when not given: then the expression's text names the column
  std::string text = {};   // the item as written
};

struct order_item {
  expr_ptr value = {};
  bool descending = false;
};

// WITH and RETURN.
struct projection_clause {
  position at = {};
  bool is_return = false;
  bool distinct = false;
  bool star = false;  // RETURN *, WITH *
  std::vector<projection_item> items = {};
  std::vector<order_item> order = {};
  expr_ptr skip = {}, limit = {};
  expr_ptr where = {};  // WITH ... WHERE
};

// SET n.p = e; SET n = {map}; SET n += {map}; SET n:A:B. REMOVE n.p; REMOVE n:A.
enum class update_kind : std::uint8_t { property, replace_properties, merge_properties, labels };

struct set_item {
  position at = {};
  update_kind kind = update_kind::property;
  expr_ptr target = {};      // property: the property expression (n.p); else the variable
  std::vector<std::string> labels = {};  // labels
  expr_ptr value = {};       // property, replace_properties, merge_properties
};

struct create_clause {
  position at = {};
  std::vector<path_pattern> patterns = {};
};

// MERGE pattern [ON CREATE SET ...] [ON MATCH SET ...] (several of each may follow).
struct merge_clause {
  position at = {};
  path_pattern pattern = {};
  std::vector<set_item> on_create = {}, on_match = {};
};

struct set_clause {
  position at = {};
  std::vector<set_item> items = {};
};

// REMOVE items are set_items of kind property (target n.p) or labels (target n, labels).
struct remove_clause {
  position at = {};
  std::vector<set_item> items = {};
};

struct delete_clause {
  position at = {};
  bool detach = false;
  std::vector<expr_ptr> targets = {};
};

// CALL ns.proc(args) [YIELD a [AS b], ... [WHERE e]]; a call without parentheses takes its
// arguments from parameters of the same names (has_arguments false).
struct call_clause {
  position at = {};
  std::string procedure = {};  // dotted, as written: "dossier.resolve"
  bool has_arguments = false;
  std::vector<expr_ptr> arguments = {};
  bool yield_star = false;
  std::vector<std::pair<std::string, std::string>> yields = {};  // (field, variable)
  expr_ptr where = {};
};

using clause = std::variant<match_clause, unwind_clause, projection_clause, create_clause, merge_clause, set_clause,
                            remove_clause, delete_clause, call_clause>;

struct single_query {
  std::vector<clause> clauses = {};
};

struct statement {
  std::vector<single_query> queries = {};  // joined by UNION
  std::vector<bool> union_all = {};        // one per join: UNION ALL (true) or UNION
};

// Parses one statement (a trailing semicolon is allowed). syntax_error names the line and
// column and shows the text with a caret; hostile input (nesting deeper than
// config::max_cypher_depth, a statement over config::max_cypher_bytes) is refused the same way.
[[nodiscard]] statement parse(std::string_view text);

}  // namespace cypher_syntax

DOSSIER_NAMESPACE_END
