// Evaluating expressions over a row, by openCypher's rules: null propagates, logic is
// three-valued, and a value of the wrong type is a TypeError naming what it got.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/core/error.hpp>

#include <unicode/regex.h>

#include <cmath>
#include <exception>
#include <limits>
#include <memory>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

using K = syn::expr_kind;

std::int64_t checked(bool overflow, std::int64_t v) {
  if (overflow) fail_runtime("ArithmeticError", "IntegerOverflow", "integer overflow");
  return v;
}

std::string number_text(const value_t& v) {
  if (v.type() == kind::integer) return std::to_string(v.as_int());
  return format_real_text(v.as_real());
}

value_t add(const value_t& a, const value_t& b) {
  if (a.type() == kind::list || b.type() == kind::list) {
    value_t::list_type out;
    if (a.type() == kind::list) out = a.as_list();
    else out.push_back(a);
    if (b.type() == kind::list) out.insert(out.end(), b.as_list().begin(), b.as_list().end());
    else out.push_back(b);
    return out;
  }
  if (a.is_null() || b.is_null()) return {};
  if (a.type() == kind::string && b.type() == kind::string) return a.as_string() + b.as_string();
  // As Neo4j does: a string and a number concatenate, the number written as toString() writes it.
  if (a.type() == kind::string && b.is_number()) return a.as_string() + number_text(b);
  if (a.is_number() && b.type() == kind::string) return number_text(a) + b.as_string();
  if (a.type() == kind::integer && b.type() == kind::integer) {
    std::int64_t r = 0;
    const bool overflow = __builtin_add_overflow(a.as_int(), b.as_int(), &r);
    return checked(overflow, r);
  }
  if (a.is_number() && b.is_number()) return a.as_real() + b.as_real();
  type_error("cannot add " + describe(b) + " to " + describe(a));
}

value_t arithmetic(std::string_view op, const value_t& a, const value_t& b) {
  if (op == "+") return add(a, b);
  if (a.is_null() || b.is_null()) return {};
  if (!a.is_number() || !b.is_number())
    type_error("operator " + std::string(op) + " expects numbers, got " + describe(a) + " and " + describe(b));
  if (op == "^") return std::pow(a.as_real(), b.as_real());
  if (a.type() == kind::integer && b.type() == kind::integer) {
    const auto x = a.as_int(), y = b.as_int();
    std::int64_t r = 0;
    if (op == "-" || op == "*") {
      const bool overflow = op == "-" ? __builtin_sub_overflow(x, y, &r) : __builtin_mul_overflow(x, y, &r);
      return checked(overflow, r);
    }
    if (y == 0) fail_runtime("ArithmeticError", "DivisionByZero", "division by zero");
    if (x == std::numeric_limits<std::int64_t>::min() && y == -1) return checked(true, 0);
    return op == "/" ? x / y : x % y;
  }
  const double x = a.as_real(), y = b.as_real();
  if (op == "-") return x - y;
  if (op == "*") return x * y;
  if (op == "/") return x / y;
  return std::fmod(x, y);
}

value_t comparison(std::string_view op, const value_t& a, const value_t& b) {
  if (op == "=" || op == "<>") {
    const auto e = equals(a, b);
    if (!e) return {};
    return op == "=" ? *e : !*e;
  }
  const auto c = compare(a, b);
  if (!c) return {};
  if (op == "<") return *c < 0;
  if (op == ">") return *c > 0;
  if (op == "<=") return *c <= 0;
  return *c >= 0;
}

value_t membership(const value_t& item, const value_t& list) {
  if (list.is_null()) return {};
  if (list.type() != kind::list) type_error("IN expects a list, got " + describe(list));
  bool unknown = false;
  for (const auto& x : list.as_list()) {
    const auto e = equals(item, x);
    if (!e) unknown = true;
    else if (*e) return true;
  }
  if (unknown) return {};
  return false;
}

// The matcher calls back every ICU "step" (some 10^4 of its operations): each costs the budget
// that many visits, and cancellation is checked. An exception cannot cross ICU's frames, so it
// is kept and rethrown once the matcher has returned.
struct regex_watch {
  context& c;
  std::exception_ptr stopped = nullptr;
};

UBool regex_step(const void* watch, std::int32_t) {
  auto& w = *static_cast<regex_watch*>(const_cast<void*>(watch));
  try {
    w.c.tick(10'000);
    return true;
  } catch (...) {
    w.stopped = std::current_exception();
    return false;
  }
}

// =~ matches the whole string, with ICU's regular expressions (Java's syntax, as Cypher's is).
// std::regex backtracked without bound and recursed once per character (a stack overflow on a
// long string); ICU keeps its backtracking on the heap, within a limit, and reports its work.
std::unique_ptr<icu::RegexPattern> compiled(const std::string& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  std::unique_ptr<icu::RegexPattern> re(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, where, status));
  if (U_FAILURE(status))
    fail_runtime("ArgumentError", "InvalidArgumentValue", "invalid regular expression " + quote(pattern, 24));
  return re;
}

bool regex_matches(context& c, const std::string& s, const std::string& pattern) {
  const auto re = compiled(pattern);
  UErrorCode status = U_ZERO_ERROR;
  const auto text = icu::UnicodeString::fromUTF8(s);
  const std::unique_ptr<icu::RegexMatcher> m(re->matcher(text, status));
  regex_watch watch{c};
  // ICU's default of 8 MB holds some 10^5 iterations of a group like (a|b)*: it may grow with
  // the text (some 64 bytes a character), up to a cap, so that a long string still matches.
  const auto limit = std::min<std::int64_t>((std::int64_t{8} << 20) + std::int64_t{64} * text.length(), 256 << 20);
  if (m) {
    m->setStackLimit(static_cast<std::int32_t>(limit), status);
    m->setMatchCallback(regex_step, &watch, status);
  }
  const bool hit = U_SUCCESS(status) && m->matches(status);
  if (watch.stopped) std::rethrow_exception(watch.stopped);
  if (status == U_REGEX_STACK_OVERFLOW)
    throw budget_exceeded("query.budget_exceeded", "the regular expression " + quote(pattern, 24) +
                                                       " backtracks deeper than its matcher allows");
  if (U_FAILURE(status)) fail_runtime("ArgumentError", "InvalidArgumentValue", "cannot match " + quote(pattern, 24));
  return hit;
}

value_t string_predicate(context& c, std::string_view op, const value_t& a, const value_t& b) {
  if (a.type() != kind::string || b.type() != kind::string) return {};
  const auto &s = a.as_string(), &t = b.as_string();
  if (op == "STARTS WITH") return s.starts_with(t);
  if (op == "ENDS WITH") return s.ends_with(t);
  if (op == "CONTAINS") return s.find(t) != std::string::npos;
  return regex_matches(c, s, t);
}

value_t logic(context& c, const syn::expr& e, row& r) {
  const auto& op = e.name;
  const auto a = as_logic(eval(c, *e.args[0], r), op);
  if (op == "AND" && a == false) {
    (void)as_logic(eval(c, *e.args[1], r), op);  // still a TypeError when the other side is not boolean
    return false;
  }
  if (op == "OR" && a == true) {
    (void)as_logic(eval(c, *e.args[1], r), op);
    return true;
  }
  const auto b = as_logic(eval(c, *e.args[1], r), op);
  if (op == "AND") {
    if (b == false) return false;
    if (!a || !b) return {};
    return true;
  }
  if (op == "OR") {
    if (b == true) return true;
    if (!a || !b) return {};
    return false;
  }
  if (!a || !b) return {};  // XOR
  return *a != *b;
}

// What a value holds, as the budget counts it: a string's bytes; a list's or map's elements,
// each at least one and each what it holds in turn (a list may hold one list many times, so
// this is what walking it costs, not its memory); and how deeply it nests. The count stops
// near `cap`, so that counting costs no more than the budget it is checked against.
struct heft {
  std::size_t weight = 1, depth = 0;
};

heft heft_of(const value_t& v, std::size_t cap) {
  if (v.type() == kind::string) return {v.as_string().size(), 0};
  if (v.type() != kind::list && v.type() != kind::map) return {};
  heft h{0, 1};
  const auto add = [&](const value_t& x) {
    const auto inner = heft_of(x, cap > h.weight ? cap - h.weight : 0);
    h.weight += std::max<std::size_t>(inner.weight, 1);
    h.depth = std::max(h.depth, inner.depth + 1);
  };
  if (v.type() == kind::list)
    for (auto it = v.as_list().begin(); it != v.as_list().end() && h.weight < cap; ++it) add(*it);
  else
    for (auto it = v.as_map().begin(); it != v.as_map().end() && h.weight < cap; ++it) add(it->second);
  return h;
}

}  // namespace

// An operator or function that walks or makes a value costs what it holds: a list doubled by
// WITH or reduce() reaches any size in a few steps, [l, l] holds l twice, and IN over a long
// list inside a comprehension is quadratic; the budget must see all of them. A value nested
// deeper than a statement may nest is refused: equality, hashing, format() and the destructor
// recurse once per level.
void charge(context& c, const value_t& v) {
  const auto max = c.options.budget.max_visited;
  const auto h = heft_of(v, max - std::min(c.visited, max) + 1);
  c.tick(h.weight);
  if (h.depth > config::max_cypher_depth)
    throw budget_exceeded("query.budget_exceeded",
                          "a value nests deeper than " + std::to_string(config::max_cypher_depth) + " levels");
}

namespace {

// A list or map just made, charged for what it holds.
value_t charged(context& c, value_t v) {
  charge(c, v);
  return v;
}

value_t binary(context& c, const syn::expr& e, row& r) {
  const auto& op = e.name;
  if (op == "AND" || op == "OR" || op == "XOR") return logic(c, e, r);
  const auto a = eval(c, *e.args[0], r);
  const auto b = eval(c, *e.args[1], r);
  if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=") {
    if (a.type() == kind::list) charge(c, a);
    return comparison(op, a, b);
  }
  if (op == "IN") {
    charge(c, b);
    return membership(a, b);
  }
  if (op == "STARTS WITH" || op == "ENDS WITH" || op == "CONTAINS" || op == "=~") return string_predicate(c, op, a, b);
  auto out = arithmetic(op, a, b);
  if (op == "+") charge(c, out);
  return out;
}

value_t unary(context& c, const syn::expr& e, row& r) {
  const auto v = eval(c, *e.args[0], r);
  if (e.name == "NOT") {
    const auto b = as_logic(v, "NOT");
    if (!b) return {};
    return !*b;
  }
  if (v.is_null()) return {};
  if (!v.is_number()) type_error("unary " + e.name + " expects a number, got " + describe(v));
  if (e.name == "+") return v;
  if (v.type() == kind::integer) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) return checked(true, 0);
    return -v.as_int();
  }
  return -v.as_real();
}

value_t property(context& c, const value_t& base, const std::string& key) {
  switch (base.type()) {
    case kind::null: return {};
    case kind::node:
      if (c.deleted_nodes.contains(to_index(base.as_node())))
        fail_runtime("EntityNotFound", "DeletedEntityAccess", "property " + quote(key) + " of a node deleted by this statement");
      return node_property(c.g, base.as_node(), key);
    case kind::relationship:
      if (c.deleted_relationships.contains(to_index(base.as_relationship())))
        fail_runtime("EntityNotFound", "DeletedEntityAccess",
                     "property " + quote(key) + " of a relationship deleted by this statement");
      return relationship_property(c.g, base.as_relationship(), key);
    case kind::map: {
      const auto it = base.as_map().find(key);
      return it == base.as_map().end() ? value_t() : it->second;
    }
    case kind::date: {
      const auto& d = base.as_date();
      if (key == "year") return d.year();
      if (key == "month") return d.month();
      if (key == "day") return d.day();
      return {};
    }
    default: type_error("cannot read property " + quote(key) + " of " + describe(base));
  }
}

std::int64_t list_index(std::int64_t i, std::size_t size) { return i < 0 ? i + static_cast<std::int64_t>(size) : i; }

value_t subscript(context& c, const value_t& base, const value_t& index) {
  if (base.is_null() || index.is_null()) return {};
  if (base.type() == kind::list) {
    if (index.type() != kind::integer) type_error("a list index must be an integer, got " + describe(index));
    const auto& l = base.as_list();
    const auto i = list_index(index.as_int(), l.size());
    if (i < 0 || i >= static_cast<std::int64_t>(l.size())) return {};
    return l[static_cast<std::size_t>(i)];
  }
  if (base.type() == kind::map || base.type() == kind::node || base.type() == kind::relationship) {
    if (index.type() != kind::string)
      fail_runtime("TypeError", "MapElementAccessByNonString", "a map key must be a string, got " + describe(index));
    return property(c, base, index.as_string());
  }
  type_error("cannot index " + describe(base));
}

value_t slice(const value_t& base, const value_t& from, const value_t& to) {
  if (base.is_null()) return {};
  if (base.type() != kind::list) type_error("cannot slice " + describe(base));
  const auto& l = base.as_list();
  const auto n = static_cast<std::int64_t>(l.size());
  const auto bound = [&](const value_t& v, std::int64_t fallback) -> std::optional<std::int64_t> {
    if (v.is_null()) return fallback;
    if (v.type() != kind::integer) type_error("a slice bound must be an integer, got " + describe(v));
    return std::clamp(list_index(v.as_int(), l.size()), std::int64_t{0}, n);
  };
  const auto a = bound(from, 0), b = bound(to, n);
  value_t::list_type out;
  for (auto i = *a; i < *b; ++i) out.push_back(l[static_cast<std::size_t>(i)]);
  return out;
}

bool is_null_literal(const syn::expr* e) { return !e || (e->kind == K::literal && e->literal.is_null()); }

value_t slice_of(context& c, const syn::expr& e, row& r) {
  const auto base = eval(c, *e.args[0], r);
  // A bound left out is open; a bound that is null makes the slice null.
  const value_t from = e.args[1] ? eval(c, *e.args[1], r) : value_t(std::int64_t{0});
  const value_t to = e.args[2] ? eval(c, *e.args[2], r) : value_t(std::numeric_limits<std::int64_t>::max());
  if (from.is_null() || to.is_null()) return {};
  auto out = slice(base, from, to);
  charge(c, out);
  return out;
}

value_t case_of(context& c, const syn::expr& e, row& r) {
  std::size_t i = 0;
  value_t subject;
  if (e.has_subject) subject = eval(c, *e.args[i++], r);
  const std::size_t end = e.args.size() - (e.has_else ? 1 : 0);
  for (; i + 1 < end; i += 2) {
    const auto when = eval(c, *e.args[i], r);
    const bool hit = e.has_subject ? equals(subject, when) == true : is_truthy(when);
    if (hit) return eval(c, *e.args[i + 1], r);
  }
  return e.has_else ? eval(c, *e.args.back(), r) : value_t();
}

value_t list_items(context& c, const syn::expr& e, row& r, value_t& source) {
  source = eval(c, *e.args[0], r);
  if (!source.is_null() && source.type() != kind::list) type_error("IN expects a list, got " + describe(source));
  return source;
}

value_t comprehension(context& c, const syn::expr& e, row& r) {
  value_t source;
  if (list_items(c, e, r, source).is_null()) return {};
  const int slot = c.p.slot(&e);
  value_t::list_type out;
  for (const auto& item : source.as_list()) {
    c.tick();
    r[static_cast<std::size_t>(slot)] = item;
    if (!is_null_literal(e.args[1].get()) && !is_truthy(eval(c, *e.args[1], r))) continue;
    out.push_back(is_null_literal(e.args[2].get()) ? item : eval(c, *e.args[2], r));
  }
  return charged(c, std::move(out));
}

value_t quantifier(context& c, const syn::expr& e, row& r) {
  value_t source;
  if (list_items(c, e, r, source).is_null()) return {};
  const int slot = c.p.slot(&e);
  std::size_t yes = 0, unknown = 0;
  for (const auto& item : source.as_list()) {
    c.tick();
    r[static_cast<std::size_t>(slot)] = item;
    const auto v = e.args.size() > 1 && e.args[1] ? as_logic(eval(c, *e.args[1], r), e.name) : std::optional<bool>(true);
    if (!v) ++unknown;
    else if (*v) ++yes;
  }
  const auto n = source.as_list().size();
  if (e.name == "all") return yes == n ? value_t(true) : (yes + unknown == n ? value_t() : value_t(false));
  if (e.name == "any") return yes > 0 ? value_t(true) : (unknown ? value_t() : value_t(false));
  if (e.name == "none") return yes > 0 ? value_t(false) : (unknown ? value_t() : value_t(true));
  if (yes > 1) return false;  // single
  if (unknown) return {};
  return yes == 1;
}

value_t reduce(context& c, const syn::expr& e, row& r) {
  value_t acc = eval(c, *e.args[0], r);
  const auto list = eval(c, *e.args[1], r);
  if (list.is_null()) return {};
  if (list.type() != kind::list) type_error("reduce() needs a list, got " + describe(list));
  const auto a = static_cast<std::size_t>(e.slot);
  for (const auto& item : list.as_list()) {
    c.tick();
    r[a] = std::move(acc);
    r[a + 1] = item;
    acc = eval(c, *e.args[2], r);
  }
  return acc;
}

value_t map_projection(context& c, const syn::expr& e, row& r) {
  const auto subject = eval(c, *e.args[0], r);
  if (subject.is_null()) return {};
  value_t::map_type all;
  if (subject.type() == kind::node) all = node_properties(c.g, subject.as_node());
  else if (subject.type() == kind::relationship) all = relationship_properties(c.g, subject.as_relationship());
  else if (subject.type() == kind::map) all = subject.as_map();
  else type_error("a map projection needs a node, relationship or map, got " + describe(subject));
  value_t::map_type out;
  for (std::size_t i = 0; i < e.keys.size(); ++i) {
    const auto& key = e.keys[i];
    if (e.args[i + 1]) out.insert_or_assign(key, eval(c, *e.args[i + 1], r));
    else if (key == "*") out.insert(all.begin(), all.end());
    else {
      const auto it = all.find(key);
      out.insert_or_assign(key, it == all.end() ? value_t() : it->second);
    }
  }
  return out;
}

value_t has_labels(context& c, const syn::expr& e, row& r) {
  const auto v = eval(c, *e.args[0], r);
  if (v.is_null()) return {};
  if (v.type() != kind::node) type_error("a label predicate needs a node, got " + describe(v));
  return node_has_labels(c, v.as_node(), e.keys);
}

value_t pattern_predicate(context& c, const syn::expr& e, row& r) {
  bool found = false;
  row copy = r;
  match_patterns(c, {e.path.get()}, "", copy, [&](row&) {
    found = true;
    return false;
  });
  return found;
}

value_t pattern_comprehension(context& c, const syn::expr& e, row& r) {
  value_t::list_type out;
  row copy = r;
  match_patterns(c, {e.path.get()}, "", copy, [&](row& m) {
    if (!is_null_literal(e.args[0].get()) && !is_truthy(eval(c, *e.args[0], m))) return true;
    out.push_back(eval(c, *e.args[1], m));
    return true;
  });
  return charged(c, std::move(out));
}

value_t exists_subquery(context& c, const syn::expr& e, row& r) {
  bool found = false;
  run_pipeline(c, *e.subquery, 0, r, [&](row&) {
    found = true;
    return false;  // one row answers it
  });
  return found;
}

value_t parameter(context& c, const syn::expr& e) {
  const auto it = c.params.find(e.name);
  if (it == c.params.end()) fail_runtime("ParameterMissing", "MissingParameter", "parameter $" + e.name + " is not given");
  return it->second;
}

value_t map_literal(context& c, const syn::expr& e, row& r) {
  value_t::map_type out;
  for (std::size_t i = 0; i < e.keys.size(); ++i) out.insert_or_assign(e.keys[i], eval(c, *e.args[i], r));
  return charged(c, std::move(out));
}

value_t function_call(context& c, const syn::expr& e, row& r) {
  if (e.slot >= 0) return r[static_cast<std::size_t>(e.slot)];  // an aggregate's value, computed by its group
  std::vector<value_t> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) args.push_back(eval(c, *a, r));
  std::string lower_name;
  for (const char ch : e.name) lower_name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto f = find_function(lower_name);
  if (!f) fail_runtime("SyntaxError", "UnknownFunction", "unknown function " + quote(e.name));
  for (const auto& v : args)
    if (v.type() == kind::string) charge(c, v);  // the string functions walk their text
  auto out = f->call(c, args, e);
  charge(c, out);  // replace(), split(), tail(): what a function makes costs what it holds
  return out;
}

}  // namespace

value_t eval(context& c, const syn::expr& e, row& r) {
  if (e.column >= 0) return r[static_cast<std::size_t>(e.column)];
  switch (e.kind) {
    case K::literal: return value_t::from_value(e.literal);
    case K::parameter: return parameter(c, e);
    case K::variable: return r[static_cast<std::size_t>(c.p.slot(&e))];
    case K::property: return property(c, eval(c, *e.args[0], r), e.name);
    case K::index: return subscript(c, eval(c, *e.args[0], r), eval(c, *e.args[1], r));
    case K::slice: return slice_of(c, e, r);
    case K::list: {
      value_t::list_type out;
      out.reserve(e.args.size());
      for (const auto& a : e.args) out.push_back(eval(c, *a, r));
      return charged(c, std::move(out));
    }
    case K::map: return map_literal(c, e, r);
    case K::call: return function_call(c, e, r);
    case K::unary: return unary(c, e, r);
    case K::binary: return binary(c, e, r);
    case K::is_null: {
      const bool null = eval(c, *e.args[0], r).is_null();
      return e.negated ? !null : null;
    }
    case K::case_of: return case_of(c, e, r);
    case K::comprehension: return comprehension(c, e, r);
    case K::quantifier: return quantifier(c, e, r);
    case K::has_labels: return has_labels(c, e, r);
    case K::pattern: return pattern_predicate(c, e, r);
    case K::pattern_comprehension: return pattern_comprehension(c, e, r);
    case K::exists_subquery: return exists_subquery(c, e, r);
    case K::reduce: return reduce(c, e, r);
    case K::map_projection: return map_projection(c, e, r);
  }
  return {};
}

bool passes(context& c, const syn::expr* where, row& r) { return !where || is_truthy(eval(c, *where, r)); }

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
