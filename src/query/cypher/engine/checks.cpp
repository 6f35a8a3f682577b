// Checks before a statement runs (checks.hpp).
#include "checks.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

using K = syn::expr_kind;

bool is_comparison(std::string_view op) {
  return op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=" || op == "IN" ||
         op == "STARTS WITH" || op == "ENDS WITH" || op == "CONTAINS" || op == "=~" || op == "AND" || op == "OR" ||
         op == "XOR";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

[[noreturn]] void wrong(const std::string& what) { fail_compile("SyntaxError", "InvalidArgumentType", what); }

bool one_of(std::optional<kind> t, std::initializer_list<kind> kinds) {
  return t && std::find(kinds.begin(), kinds.end(), *t) != kinds.end();
}

constexpr std::initializer_list<kind> not_logical = {kind::integer, kind::real, kind::string, kind::list, kind::map,
                                                    kind::node, kind::relationship, kind::path};
constexpr std::initializer_list<kind> not_numeric = {kind::string, kind::boolean, kind::list, kind::map, kind::node,
                                                    kind::relationship, kind::path};
constexpr std::initializer_list<kind> not_a_map = {kind::integer, kind::real, kind::string, kind::boolean, kind::list,
                                                  kind::path};

void check_binary(const syn::expr& e, const type_lookup& variable) {
  const auto a = static_type(*e.args[0], variable), b = static_type(*e.args[1], variable);
  const auto& op = e.name;
  if (op == "AND" || op == "OR" || op == "XOR") {
    if (one_of(a, not_logical) || one_of(b, not_logical)) wrong(op + " needs booleans");
  } else if (op == "IN") {
    if (b && *b != kind::list && *b != kind::null) wrong("IN needs a list on its right");
  } else if (op == "-" || op == "*" || op == "/" || op == "%" || op == "^") {
    if (one_of(a, not_numeric) || one_of(b, not_numeric)) wrong("operator " + op + " needs numbers");
  } else if (op == "+") {
    const auto bad = {kind::boolean, kind::map, kind::node, kind::relationship, kind::path};
    const bool list = a == kind::list || b == kind::list;
    if (!list && (one_of(a, bad) || one_of(b, bad))) wrong("operator + cannot add these");
  }
}

void check_call(const syn::expr& e, const type_lookup& variable) {
  const auto name = lower(e.name);
  if (e.args.empty()) return;
  const auto t = static_type(*e.args[0], variable);
  if (name == "size" && e.args[0]->kind == K::pattern)
    fail_compile("SyntaxError", "UnexpectedSyntax", "size() of a pattern: use COUNT { } or size([...]) of a comprehension");
  if ((name == "properties" || name == "keys") && one_of(t, not_a_map)) wrong(e.name + "() needs a node, relationship or map");
  if (name == "labels" && one_of(t, {kind::integer, kind::real, kind::string, kind::boolean, kind::list, kind::map,
                                     kind::relationship, kind::path}))
    wrong("labels() needs a node");
  if (name == "size" && one_of(t, {kind::integer, kind::real, kind::boolean, kind::map, kind::node, kind::relationship,
                                   kind::path}))
    wrong("size() needs a list or a string");
  if (name == "length" && one_of(t, {kind::integer, kind::real, kind::boolean, kind::map, kind::node, kind::relationship,
                                     kind::list, kind::string}))
    wrong("length() needs a path");
  if (name == "type" && one_of(t, {kind::integer, kind::real, kind::string, kind::boolean, kind::list, kind::map,
                                   kind::node, kind::path}))
    wrong("type() needs a relationship");
}

}  // namespace

std::optional<kind> static_type(const syn::expr& e, const type_lookup& variable) {
  switch (e.kind) {
    case K::literal: {
      switch (e.literal.kind()) {
        case value_kind::null: return kind::null;
        case value_kind::boolean: return kind::boolean;
        case value_kind::integer: return kind::integer;
        case value_kind::real: return kind::real;
        case value_kind::string: return kind::string;
        default: return std::nullopt;
      }
    }
    case K::list:
    case K::comprehension:
    case K::pattern_comprehension: return kind::list;
    case K::map:
    case K::map_projection: return kind::map;
    case K::variable: return variable(e.name);
    case K::is_null:
    case K::has_labels:
    case K::quantifier:
    case K::exists_subquery: return kind::boolean;
    case K::binary: {
      if (is_comparison(e.name)) return kind::boolean;
      const auto a = static_type(*e.args[0], variable), b = static_type(*e.args[1], variable);
      if (e.name == "^" && one_of(a, {kind::integer, kind::real}) && one_of(b, {kind::integer, kind::real})) return kind::real;
      if (a == kind::integer && b == kind::integer) return kind::integer;
      if (one_of(a, {kind::integer, kind::real}) && one_of(b, {kind::integer, kind::real})) return kind::real;
      if (e.name == "+" && a == kind::string && b == kind::string) return kind::string;
      return std::nullopt;
    }
    case K::unary:
      if (e.name == "NOT") return kind::boolean;
      return static_type(*e.args[0], variable) == kind::integer ? std::optional(kind::integer) : std::nullopt;
    default: return std::nullopt;
  }
}

void check_pattern_use(const syn::expr& e);

void check_operands(const syn::expr& e, const type_lookup& variable) {
  check_pattern_use(e);
  switch (e.kind) {
    case K::literal:
      if (e.literal.kind() == value_kind::real && !std::isfinite(e.literal.as_real()))
        fail_compile("SyntaxError", "FloatingPointOverflow", "a float literal is too large");
      return;
    case K::binary: return check_binary(e, variable);
    case K::unary:
      if (e.name == "NOT" && one_of(static_type(*e.args[0], variable), not_logical)) wrong("NOT needs a boolean");
      if (e.name != "NOT" && one_of(static_type(*e.args[0], variable), not_numeric)) wrong("unary " + e.name + " needs a number");
      return;
    case K::property: {
      const auto t = static_type(*e.args[0], variable);
      // A path has no properties: the statement is malformed. A scalar's property is a type error.
      if (t == kind::path) wrong("a path has no property " + quote(e.name));
      if (one_of(t, not_a_map))
        fail_compile("TypeError", "InvalidArgumentType", "cannot read property " + quote(e.name) + " of that value");
      return;
    }
    case K::has_labels:
      if (one_of(static_type(*e.args[0], variable), {kind::integer, kind::real, kind::string, kind::boolean, kind::list,
                                                     kind::map, kind::relationship, kind::path}))
        wrong("a label predicate needs a node");
      return;
    case K::call: return check_call(e, variable);
    default: return;
  }
}

// A pattern is a predicate: it may stand in WHERE, under NOT, AND, OR, XOR, and in exists(),
// but it is not a value to pass to a function or an operator.
void check_pattern_use(const syn::expr& e) {
  if (e.kind == K::binary && (e.name == "AND" || e.name == "OR" || e.name == "XOR")) return;
  if (e.kind == K::unary && e.name == "NOT") return;
  if (e.kind == K::call && lower(e.name) == "exists") return;
  for (const auto& a : e.args)
    if (a && a->kind == K::pattern)
      fail_compile("SyntaxError", "UnexpectedSyntax", "a pattern is a predicate, not a value: use EXISTS or a comprehension");
}

bool mentions_variable(const syn::expr& e) {
  if (e.kind == K::variable || e.kind == K::pattern || e.kind == K::pattern_comprehension || e.kind == K::exists_subquery)
    return true;
  return std::any_of(e.args.begin(), e.args.end(), [](const auto& a) { return a && mentions_variable(*a); });
}

bool calls(const syn::expr& e, std::string_view lower_name) {
  if (e.kind == K::call && lower(e.name) == lower_name) return true;
  return std::any_of(e.args.begin(), e.args.end(), [&](const auto& a) { return a && calls(*a, lower_name); });
}

namespace {

}  // namespace

bool same_expression(const syn::expr& a, const syn::expr& b) {
  if (a.kind != b.kind || a.name != b.name || a.args.size() != b.args.size() || a.keys != b.keys) return false;
  if (a.kind == K::literal && !(a.literal == b.literal)) return false;
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!a.args[i] || !b.args[i]) {
      if (a.args[i] != b.args[i]) return false;
      continue;
    }
    if (!same_expression(*a.args[i], *b.args[i])) return false;
  }
  return a.variable == b.variable && a.distinct == b.distinct && a.star == b.star && a.negated == b.negated;
}

namespace {

// Outside its aggregates, an aggregating item may use only constants, variables bound inside
// it (a comprehension's), and grouping keys that are a variable or a property of one.
void check_outside_aggregates(const syn::expr& e, const std::vector<const syn::expr*>& keys,
                              const std::vector<const syn::expr*>& aggregates, std::vector<std::string>& locals) {
  if (std::find(aggregates.begin(), aggregates.end(), &e) != aggregates.end()) return;
  const bool simple = e.kind == K::variable || (e.kind == K::property && e.args[0]->kind == K::variable);
  if (simple && std::any_of(keys.begin(), keys.end(), [&](const syn::expr* k) { return same_expression(*k, e); })) return;
  if (e.kind == K::variable && std::find(locals.begin(), locals.end(), e.name) != locals.end()) return;
  if (e.kind == K::variable)
    fail_compile("SyntaxError", "AmbiguousAggregationExpression",
                 "an expression with an aggregate may only use grouping keys outside it (" + quote(e.name) + " is not one)");
  const bool binds = (e.kind == K::comprehension || e.kind == K::quantifier) && !e.variable.empty();
  if (binds) locals.push_back(e.variable);
  for (const auto& a : e.args)
    if (a) check_outside_aggregates(*a, keys, aggregates, locals);
  if (binds) locals.pop_back();
}

}  // namespace

void check_grouping(const syn::projection_clause& c, const projection_plan& plan) {
  if (!plan.aggregating) return;
  const auto first = plan.item_slots.size() - c.items.size();
  std::vector<const syn::expr*> keys;
  for (std::size_t i = 0; i < c.items.size(); ++i)
    if (plan.item_is_key[first + i]) keys.push_back(c.items[i].value.get());
  for (std::size_t i = 0; i < c.items.size(); ++i)
    if (!plan.item_is_key[first + i]) {
      std::vector<std::string> locals;
      check_outside_aggregates(*c.items[i].value, keys, plan.aggregates, locals);
    }
  for (const auto* a : plan.aggregates)
    if (calls(*a, "rand")) fail_compile("SyntaxError", "NonConstantExpression", "rand() inside an aggregate");
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

void aggregate_calls(const syn::expr& e, std::vector<const syn::expr*>& out) {
  if (e.kind == K::call && is_aggregate(lower(e.name))) {
    out.push_back(&e);
    return;
  }
  for (const auto& a : e.args)
    if (a) aggregate_calls(*a, out);
}

bool contains_complex_key(const syn::expr& e, const std::vector<const syn::expr*>& keys) {
  const bool simple = e.kind == K::variable || (e.kind == K::property && e.args[0]->kind == K::variable);
  if (!simple && std::any_of(keys.begin(), keys.end(), [&](const syn::expr* k) { return same_expression(*k, e); }))
    return true;
  return std::any_of(e.args.begin(), e.args.end(), [&](const auto& a) { return a && contains_complex_key(*a, keys); });
}

}  // namespace

void check_order_grouping(const syn::expr& e, const syn::projection_clause& c, const projection_plan& plan) {
  std::vector<const syn::expr*> aggregates;
  aggregate_calls(e, aggregates);
  if (aggregates.empty()) return;
  const auto first = plan.item_slots.size() - c.items.size();
  std::vector<const syn::expr*> keys;
  for (std::size_t i = 0; i < c.items.size(); ++i)
    if (plan.item_is_key[first + i]) keys.push_back(c.items[i].value.get());
  // A variable that is not projected at all is simply undefined there (the compiler says so);
  // using a projected expression that is more than a variable or property is ambiguous.
  if (!contains_complex_key(e, keys)) return;
  std::vector<std::string> locals(plan.names.begin(), plan.names.end());
  check_outside_aggregates(e, keys, aggregates, locals);
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
