// Cypher's value rules (values.hpp) and the members of cypher_value.
#include "values.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

DOSSIER_NAMESPACE_BEGIN

cypher_error::cypher_error(std::string_view id, std::string category, std::string detail, bool compile_time,
                           const std::string& message)
    : query_error(id, message), category_(std::move(category)), detail_(std::move(detail)), compile_time_(compile_time) {}

std::string_view to_string(cypher_value::kind k) noexcept {
  using K = cypher_value::kind;
  switch (k) {
    case K::null: return "NULL";
    case K::boolean: return "BOOLEAN";
    case K::integer: return "INTEGER";
    case K::real: return "FLOAT";
    case K::string: return "STRING";
    case K::date: return "DATE";
    case K::money: return "MONEY";
    case K::list: return "LIST";
    case K::map: return "MAP";
    case K::node: return "NODE";
    case K::relationship: return "RELATIONSHIP";
    case K::path: return "PATH";
  }
  return "?";
}

namespace {
[[noreturn]] void wrong_kind(cypher_value::kind want, cypher_value::kind got) {
  throw cypher_error("cypher.wrong_kind", "TypeError", "InvalidArgumentType", false,
                     "expected a " + std::string(to_string(want)) + ", got a " + std::string(to_string(got)));
}
}  // namespace

#define DOSSIER_CYPHER_ACCESSOR(ret, name, K, T, expr)                     \
  ret cypher_value::name() const {                                         \
    if (const auto* p = std::get_if<T>(&v_)) return expr;                  \
    wrong_kind(kind::K, type());                                           \
  }
DOSSIER_CYPHER_ACCESSOR(bool, as_bool, boolean, bool, *p)
DOSSIER_CYPHER_ACCESSOR(std::int64_t, as_int, integer, std::int64_t, *p)
DOSSIER_CYPHER_ACCESSOR(const std::string&, as_string, string, std::string, *p)
DOSSIER_CYPHER_ACCESSOR(const dossier::date&, as_date, date, dossier::date, *p)
DOSSIER_CYPHER_ACCESSOR(const dossier::money&, as_money, money, dossier::money, *p)
DOSSIER_CYPHER_ACCESSOR(const cypher_value::list_type&, as_list, list, std::shared_ptr<const list_type>, **p)
DOSSIER_CYPHER_ACCESSOR(const cypher_value::map_type&, as_map, map, std::shared_ptr<const map_type>, **p)
DOSSIER_CYPHER_ACCESSOR(entity_id, as_node, node, node_type, p->id)
DOSSIER_CYPHER_ACCESSOR(relation_id, as_relationship, relationship, relationship_type, p->id)
DOSSIER_CYPHER_ACCESSOR(const cypher_value::path_type&, as_path, path, std::shared_ptr<const path_type>, **p)
#undef DOSSIER_CYPHER_ACCESSOR

double cypher_value::as_real() const {
  if (const auto* d = std::get_if<double>(&v_)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  wrong_kind(kind::real, type());
}

cypher_value cypher_value::from_value(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return {};
    case value_kind::boolean: return v.as_bool();
    case value_kind::integer: return v.as_int();
    case value_kind::real: return v.as_real();
    case value_kind::string: return v.as_string();
    case value_kind::date: return v.as_date();
    case value_kind::money: return v.as_money();
    case value_kind::list: {
      list_type out;
      out.reserve(v.as_list().size());
      for (const auto& item : v.as_list()) out.push_back(from_value(item));
      return out;
    }
  }
  return {};
}

value cypher_value::to_value() const {
  switch (type()) {
    case kind::null: return {};
    case kind::boolean: return as_bool();
    case kind::integer: return as_int();
    case kind::real: return as_real();
    case kind::string: return value(as_string());
    case kind::date: return as_date();
    case kind::money: return as_money();
    case kind::list: {
      value::list_type out;
      for (const auto& item : as_list()) out.push_back(item.to_value());
      return value(std::move(out));
    }
    default:
      throw cypher_error("cypher.not_a_property_value", "TypeError", "InvalidPropertyType", false,
                         "a property cannot hold a " + std::string(to_string(type())));
  }
}

bool operator==(const cypher_value& a, const cypher_value& b) noexcept {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case cypher_value::kind::list: return *a.get_if<std::shared_ptr<const cypher_value::list_type>>()->get() == b.as_list();
    case cypher_value::kind::map: return **a.get_if<std::shared_ptr<const cypher_value::map_type>>() == b.as_map();
    case cypher_value::kind::path: return **a.get_if<std::shared_ptr<const cypher_value::path_type>>() == b.as_path();
    default: return a.v_ == b.v_;
  }
}

namespace cypher_engine {

void fail_compile(std::string_view category, std::string_view detail, const std::string& message) {
  throw cypher_error("cypher.semantic", std::string(category), std::string(detail), true, message);
}

void fail_runtime(std::string_view category, std::string_view detail, const std::string& message) {
  throw cypher_error("cypher.runtime", std::string(category), std::string(detail), false, message);
}

void type_error(const std::string& message) { fail_runtime("TypeError", "InvalidArgumentType", message); }

std::string describe(const value_t& v) {
  switch (v.type()) {
    case kind::string: return "the string " + quote(v.as_string(), 24);
    case kind::integer: return "the integer " + std::to_string(v.as_int());
    case kind::real: return "the float " + std::to_string(v.as_real());
    default: return "a " + std::string(to_string(v.type()));
  }
}

namespace {

bool is_number(kind k) { return k == kind::integer || k == kind::real; }

std::partial_ordering compare_numbers(const value_t& a, const value_t& b) {
  if (a.type() == kind::integer && b.type() == kind::integer) return a.as_int() <=> b.as_int();
  const double x = a.as_real(), y = b.as_real();
  // Exact for integers beyond 2^53: compare as integers when the float is integral and in range.
  if (a.type() == kind::integer && std::isfinite(y) && std::trunc(y) == y && std::fabs(y) < 9.2e18)
    return a.as_int() <=> static_cast<std::int64_t>(y);
  if (b.type() == kind::integer && std::isfinite(x) && std::trunc(x) == x && std::fabs(x) < 9.2e18)
    return static_cast<std::int64_t>(x) <=> b.as_int();
  return x <=> y;
}

std::optional<bool> equal_lists(const value_t::list_type& a, const value_t::list_type& b) {
  if (a.size() != b.size()) return false;
  bool unknown = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto e = equals(a[i], b[i]);
    if (!e) unknown = true;
    else if (!*e) return false;
  }
  if (unknown) return std::nullopt;
  return true;
}

std::optional<bool> equal_maps(const value_t::map_type& a, const value_t::map_type& b) {
  if (a.size() != b.size()) return false;
  bool unknown = false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
    if (i->first != j->first) return false;
    const auto e = equals(i->second, j->second);
    if (!e) unknown = true;
    else if (!*e) return false;
  }
  if (unknown) return std::nullopt;
  return true;
}

}  // namespace

std::optional<bool> equals(const value_t& a, const value_t& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (is_number(a.type()) && is_number(b.type())) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case kind::list: return equal_lists(a.as_list(), b.as_list());
    case kind::map: return equal_maps(a.as_map(), b.as_map());
    default: return a == b;
  }
}

std::optional<std::partial_ordering> compare(const value_t& a, const value_t& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (is_number(a.type()) && is_number(b.type())) return compare_numbers(a, b);  // NaN: unordered, so < is false
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case kind::boolean: return a.as_bool() <=> b.as_bool();
    case kind::string: return a.as_string() <=> b.as_string();
    case kind::date: return a.as_date().compare_precise(b.as_date());
    case kind::money: {  // amounts in one currency compare; a range is below another only when wholly below
      const auto &x = a.as_money(), &y = b.as_money();
      if (!(x.currency_code() == y.currency_code())) return std::nullopt;
      if (x.high() < y.low()) return std::partial_ordering::less;
      if (y.high() < x.low()) return std::partial_ordering::greater;
      if (x == y) return std::partial_ordering::equivalent;
      return std::partial_ordering::unordered;
    }
    case kind::list: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        const auto c = compare(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c != 0) return c;
      }
      return x.size() <=> y.size();
    }
    default: return std::nullopt;
  }
}

namespace {

// ORDER BY's ranks of kinds, ascending (openCypher: maps, nodes, relationships, lists, paths,
// temporal values, strings, booleans, numbers, then null).
int rank(kind k) {
  switch (k) {
    case kind::map: return 0;
    case kind::node: return 1;
    case kind::relationship: return 2;
    case kind::list: return 3;
    case kind::path: return 4;
    case kind::date: return 5;
    case kind::money: return 6;
    case kind::string: return 7;
    case kind::boolean: return 8;
    case kind::integer:
    case kind::real: return 9;
    case kind::null: return 10;
  }
  return 11;
}

std::weak_ordering order_numbers(const value_t& a, const value_t& b) {
  const bool an = a.type() == kind::real && std::isnan(a.as_real());
  const bool bn = b.type() == kind::real && std::isnan(b.as_real());
  if (an || bn) return an == bn ? std::weak_ordering::equivalent : (an ? std::weak_ordering::greater : std::weak_ordering::less);
  const auto c = compare_numbers(a, b);
  return c < 0 ? std::weak_ordering::less : c > 0 ? std::weak_ordering::greater : std::weak_ordering::equivalent;
}

template <class T>
std::weak_ordering weak(const T& x, const T& y) {
  return x < y ? std::weak_ordering::less : y < x ? std::weak_ordering::greater : std::weak_ordering::equivalent;
}

}  // namespace

std::weak_ordering order(const value_t& a, const value_t& b) {
  const int ra = rank(a.type()), rb = rank(b.type());
  if (ra != rb) return ra <=> rb;
  switch (a.type()) {
    case kind::integer:
    case kind::real: return order_numbers(a, b);
    case kind::boolean: return weak(a.as_bool(), b.as_bool());
    case kind::string: return weak(a.as_string(), b.as_string());
    case kind::date: return a.as_date() <=> b.as_date();
    case kind::money: {  // by currency, then amount (a range by its low end, then its high end)
      const auto &x = a.as_money(), &y = b.as_money();
      if (const auto c = x.currency_code() <=> y.currency_code(); c != 0) return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
      if (const auto c = x.low() <=> y.low(); c != 0) return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
      return x.high() <=> y.high();
    }
    case kind::node: return to_index(a.as_node()) <=> to_index(b.as_node());
    case kind::relationship: return to_index(a.as_relationship()) <=> to_index(b.as_relationship());
    case kind::list: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (const auto c = order(x[i], y[i]); c != 0) return c;
      return x.size() <=> y.size();
    }
    case kind::map: {
      const auto &x = a.as_map(), &y = b.as_map();
      for (auto i = x.begin(), j = y.begin(); i != x.end() && j != y.end(); ++i, ++j) {
        if (i->first != j->first) return weak(i->first, j->first);
        if (const auto c = order(i->second, j->second); c != 0) return c;
      }
      return x.size() <=> y.size();
    }
    case kind::path: {
      const auto &x = a.as_path(), &y = b.as_path();
      return weak(std::tie(x.nodes, x.relationships), std::tie(y.nodes, y.relationships));
    }
    case kind::null: return std::weak_ordering::equivalent;
  }
  return std::weak_ordering::equivalent;
}

bool equivalent(const value_t& a, const value_t& b) {
  if (is_number(a.type()) && is_number(b.type())) return order_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case kind::list: {
      const auto &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!equivalent(x[i], y[i])) return false;
      return true;
    }
    case kind::map: {
      const auto &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
        if (i->first != j->first || !equivalent(i->second, j->second)) return false;
      return true;
    }
    default: return a == b;
  }
}

std::size_t hash(const value_t& v) {
  const auto mix = [](std::size_t h, std::size_t x) { return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); };
  switch (v.type()) {
    case kind::null: return 0x51;
    case kind::boolean: return v.as_bool() ? 0x71 : 0x70;
    case kind::integer:
    case kind::real: {
      const double d = v.as_real();
      if (std::isnan(d)) return 0x7ff8;
      // Equivalent numbers (1 and 1.0) must hash alike: integral values hash as integers.
      if (v.type() == kind::integer) return std::hash<std::int64_t>{}(v.as_int());
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d));
      return std::hash<double>{}(d);
    }
    case kind::string: return std::hash<std::string>{}(v.as_string());
    case kind::date: return std::hash<std::string>{}(v.as_date().to_string());
    case kind::money: return std::hash<std::string>{}(v.as_money().to_string());
    case kind::node: return mix(0x4e, to_index(v.as_node()));
    case kind::relationship: return mix(0x52, to_index(v.as_relationship()));
    case kind::list: {
      std::size_t h = 0x4c;
      for (const auto& item : v.as_list()) h = mix(h, hash(item));
      return h;
    }
    case kind::map: {
      std::size_t h = 0x4d;
      for (const auto& [k, item] : v.as_map()) h = mix(mix(h, std::hash<std::string>{}(k)), hash(item));
      return h;
    }
    case kind::path: {
      std::size_t h = 0x50;
      for (const auto n : v.as_path().nodes) h = mix(h, to_index(n));
      for (const auto r : v.as_path().relationships) h = mix(h, to_index(r));
      return h;
    }
  }
  return 0;
}

bool is_truthy(const value_t& v) { return v.type() == kind::boolean && v.as_bool(); }

std::optional<bool> as_logic(const value_t& v, std::string_view op) {
  if (v.is_null()) return std::nullopt;
  if (v.type() == kind::boolean) return v.as_bool();
  type_error(std::string(op) + " expects booleans, got " + describe(v));
}

std::size_t row_hash::operator()(const std::vector<value_t>& r) const {
  std::size_t h = r.size();
  for (const auto& v : r) h = h * 31 + hash(v);
  return h;
}

bool row_equivalent::operator()(const std::vector<value_t>& a, const std::vector<value_t>& b) const {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!equivalent(a[i], b[i])) return false;
  return true;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
