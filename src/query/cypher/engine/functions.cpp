// Cypher's scalar functions, and dossier's own (dossier.citations, dossier.confidence, ...).
// Each takes its evaluated arguments; a null argument gives null unless the function says
// otherwise (coalesce, and the tests of existence).
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/query/explain.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

using args_t = std::vector<value_t>;

// Strings are UTF-8; Cypher counts and cuts them in code points.
std::vector<char32_t> utf8_code_points(std::string_view s) {
  std::vector<char32_t> out;
  while (!s.empty()) {
    const auto n = std::max<std::size_t>(1, utf8_sequence_length(s));
    const auto lead = static_cast<unsigned char>(s[0]);
    char32_t cp = n == 1 ? lead : lead & (0x7f >> n);
    for (std::size_t i = 1; i < n && i < s.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3f);
    out.push_back(cp);
    s.remove_prefix(std::min(n, s.size()));
  }
  return out;
}

std::string utf8_encode(const std::vector<char32_t>& points) {
  std::string out;
  for (const auto cp : points) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view s) { return utf8_code_points(s).size(); }

bool any_null(const args_t& a) {
  return std::any_of(a.begin(), a.end(), [](const value_t& v) { return v.is_null(); });
}

[[noreturn]] void bad_argument(const syn::expr& call, const value_t& v) {
  fail_runtime("TypeError", "InvalidArgumentValue", call.name + "() cannot take " + describe(v));
}

double number(const syn::expr& call, const value_t& v) {
  if (!v.is_number()) bad_argument(call, v);
  return v.as_real();
}

std::int64_t integer(const syn::expr& call, const value_t& v) {
  if (v.type() != kind::integer) bad_argument(call, v);
  return v.as_int();
}

const std::string& text(const syn::expr& call, const value_t& v) {
  if (v.type() != kind::string) bad_argument(call, v);
  return v.as_string();
}

// ---- graph elements ----

value_t f_id(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::node) return static_cast<std::int64_t>(to_index(a[0].as_node()));
  if (a[0].type() == kind::relationship) return static_cast<std::int64_t>(to_index(a[0].as_relationship()));
  bad_argument(call, a[0]);
}

value_t f_type(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() != kind::relationship) bad_argument(call, a[0]);
  const auto ref = c.g.try_get(a[0].as_relationship());
  return ref ? value_t(ref->type_name()) : value_t();
}

value_t f_labels(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() != kind::node) bad_argument(call, a[0]);
  if (c.deleted_nodes.contains(to_index(a[0].as_node())))
    fail_runtime("EntityNotFound", "DeletedEntityAccess", "labels() of a node deleted by this statement");
  value_t::list_type out;
  for (auto& l : labels_of(c.g, a[0].as_node())) out.emplace_back(std::move(l));
  return out;
}

value_t::map_type properties_of(context& c, const value_t& v, const syn::expr& call) {
  switch (v.type()) {
    case kind::node: return node_properties(c.g, v.as_node());
    case kind::relationship: return relationship_properties(c.g, v.as_relationship());
    case kind::map: return v.as_map();
    default: bad_argument(call, v);
  }
}

value_t f_keys(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  value_t::list_type out;
  for (const auto& [k, v] : properties_of(c, a[0], call))
    if (!v.is_null() || a[0].type() == kind::map) out.emplace_back(k);
  return out;
}

value_t f_properties(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return properties_of(c, a[0], call);
}

value_t endpoint(context& c, const value_t& v, const syn::expr& call, bool start) {
  if (v.is_null()) return {};
  if (v.type() != kind::relationship) bad_argument(call, v);
  const auto ref = c.g.try_get(v.as_relationship());
  if (!ref) return {};
  return value_t::node(start ? ref->source() : ref->target());
}
value_t f_start_node(context& c, args_t& a, const syn::expr& call) { return endpoint(c, a[0], call, true); }
value_t f_end_node(context& c, args_t& a, const syn::expr& call) { return endpoint(c, a[0], call, false); }

value_t f_nodes(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() != kind::path) bad_argument(call, a[0]);
  value_t::list_type out;
  for (const auto n : a[0].as_path().nodes) out.push_back(value_t::node(n));
  return out;
}

value_t f_relationships(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() != kind::path) bad_argument(call, a[0]);
  value_t::list_type out;
  for (const auto r : a[0].as_path().relationships) out.push_back(value_t::relationship(r));
  return out;
}

value_t f_length(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::path) return static_cast<std::int64_t>(a[0].as_path().relationships.size());
  bad_argument(call, a[0]);
}

// ---- lists ----

value_t f_size(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::list) return static_cast<std::int64_t>(a[0].as_list().size());
  if (a[0].type() == kind::string) return static_cast<std::int64_t>(utf8_length(a[0].as_string()));
  bad_argument(call, a[0]);
}

const value_t::list_type* list_arg(const value_t& v, const syn::expr& call) {
  if (v.is_null()) return nullptr;
  if (v.type() != kind::list) bad_argument(call, v);
  return &v.as_list();
}

value_t f_head(context&, args_t& a, const syn::expr& call) {
  const auto* l = list_arg(a[0], call);
  return l && !l->empty() ? l->front() : value_t();
}

value_t f_last(context&, args_t& a, const syn::expr& call) {
  const auto* l = list_arg(a[0], call);
  return l && !l->empty() ? l->back() : value_t();
}

value_t f_tail(context&, args_t& a, const syn::expr& call) {
  const auto* l = list_arg(a[0], call);
  if (!l) return {};
  if (l->empty()) return value_t::list_type{};
  return value_t::list_type(l->begin() + 1, l->end());
}

value_t f_reverse(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::string) {
    auto points = utf8_code_points(a[0].as_string());
    std::reverse(points.begin(), points.end());
    return utf8_encode(points);
  }
  auto l = *list_arg(a[0], call);
  std::reverse(l.begin(), l.end());
  return l;
}

value_t f_range(context& c, args_t& a, const syn::expr& call) {
  const auto from = integer(call, a[0]), to = integer(call, a[1]);
  const auto step = a.size() > 2 ? integer(call, a[2]) : 1;
  if (step == 0) fail_runtime("ArgumentError", "NumberOutOfRange", "range() cannot step by 0");
  value_t::list_type out;
  for (auto i = from; step > 0 ? i <= to : i >= to;) {
    c.tick();
    out.emplace_back(i);
    if (__builtin_add_overflow(i, step, &i)) break;  // the next one would lie beyond any integer, so beyond `to`
  }
  return out;
}

value_t f_coalesce(context&, args_t& a, const syn::expr&) {
  for (auto& v : a)
    if (!v.is_null()) return v;
  return {};
}

// ---- conversions ----

value_t f_to_string(context& c, args_t& a, const syn::expr& call) {
  const auto& v = a[0];
  switch (v.type()) {
    case kind::null: return {};
    case kind::string: return v;
    case kind::integer:
    case kind::real:
    case kind::boolean: return format(c.g, v);
    case kind::date: return v.as_date().to_string();
    case kind::money: return v.as_money().to_string();
    default: bad_argument(call, v);
  }
}

std::optional<double> parse_number(const std::string& s) {
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

// A float truncated to an integer; null where no integer holds it (NaN, the infinities, and
// beyond 2^63, where the conversion would be undefined).
value_t truncated(double d) {
  if (!(d >= -0x1p63 && d < 0x1p63)) return {};
  return static_cast<std::int64_t>(std::trunc(d));
}

value_t f_to_integer(context&, args_t& a, const syn::expr& call) {
  const auto& v = a[0];
  switch (v.type()) {
    case kind::null: return {};
    case kind::integer: return v;
    case kind::real: return truncated(v.as_real());
    case kind::boolean: return v.as_bool() ? 1 : 0;
    case kind::string: {
      const auto& s = v.as_string();
      std::int64_t i = 0;  // integer text exactly, not through a double
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      if (ec == std::errc() && end == s.data() + s.size()) return i;
      const auto d = parse_number(s);
      return d ? truncated(*d) : value_t();
    }
    default: bad_argument(call, v);
  }
}

value_t f_to_float(context&, args_t& a, const syn::expr& call) {
  const auto& v = a[0];
  switch (v.type()) {
    case kind::null: return {};
    case kind::integer: return static_cast<double>(v.as_int());
    case kind::real: return v;
    case kind::string: {
      const auto d = parse_number(v.as_string());
      return d ? value_t(*d) : value_t();
    }
    default: bad_argument(call, v);
  }
}

value_t f_to_boolean(context&, args_t& a, const syn::expr& call) {
  const auto& v = a[0];
  switch (v.type()) {
    case kind::null: return {};
    case kind::boolean: return v;
    case kind::integer: return v.as_int() != 0;
    case kind::string: {
      std::string s;
      for (const char ch : v.as_string()) s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (s == "true") return true;
      if (s == "false") return false;
      return {};
    }
    default: bad_argument(call, v);
  }
}

// The ...OrNull conversions give null where the plain ones raise.
template <value_t (*F)(context&, args_t&, const syn::expr&)>
value_t or_null(context& c, args_t& a, const syn::expr& call) {
  try {
    return F(c, a, call);
  } catch (const cypher_error&) {
    return {};
  }
}

// toIntegerList([...]) and the like: each element as the ...OrNull conversion makes it.
template <value_t (*F)(context&, args_t&, const syn::expr&)>
value_t list_of(context& c, args_t& a, const syn::expr& call) {
  const auto* l = list_arg(a[0], call);
  if (!l) return {};
  value_t::list_type out;
  out.reserve(l->size());
  for (const auto& item : *l) {
    args_t one{item};
    out.push_back(or_null<F>(c, one, call));
  }
  return out;
}

value_t f_is_empty(context&, args_t& a, const syn::expr& call) {
  switch (a[0].type()) {
    case kind::null: return {};
    case kind::list: return a[0].as_list().empty();
    case kind::string: return a[0].as_string().empty();
    case kind::map: return a[0].as_map().empty();
    default: bad_argument(call, a[0]);
  }
}

// ---- mathematics ----

template <double (*F)(double)>
value_t math1(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return F(number(call, a[0]));
}

double degrees(double x) { return x * 180 / std::numbers::pi; }
double radians(double x) { return x * std::numbers::pi / 180; }
double cot(double x) { return 1 / std::tan(x); }
double haversin(double x) { return (1 - std::cos(x)) / 2; }
double log_e(double x) { return std::log(x); }
double log_10(double x) { return std::log10(x); }
double exp_e(double x) { return std::exp(x); }
double square_root(double x) { return std::sqrt(x); }
double sine(double x) { return std::sin(x); }
double cosine(double x) { return std::cos(x); }
double tangent(double x) { return std::tan(x); }
double arc_sine(double x) { return std::asin(x); }
double arc_cosine(double x) { return std::acos(x); }
double arc_tangent(double x) { return std::atan(x); }

value_t f_abs(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::integer) {
    if (a[0].as_int() == std::numeric_limits<std::int64_t>::min())  // -2^63 has no positive counterpart
      fail_runtime("ArithmeticError", "IntegerOverflow", "abs() of the smallest integer overflows");
    return a[0].as_int() < 0 ? -a[0].as_int() : a[0].as_int();
  }
  return std::fabs(number(call, a[0]));
}

template <double (*F)(double)>
value_t rounding(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::integer) return static_cast<double>(a[0].as_int());
  return F(number(call, a[0]));
}
double ceil_of(double x) { return std::ceil(x); }
double floor_of(double x) { return std::floor(x); }
double round_half_up(double x) { return std::floor(x + 0.5); }

// x rounded half up at `digits` decimals of its shortest decimal text, as Neo4j does it with
// BigDecimal: round(2.345, 2) is 2.35, although the double 2.345 is a little below it.
double round_decimal(double x, int digits) {
  char buf[400];
  const auto end = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::fixed).ptr;
  std::string text(buf, end);
  auto dot = text.find('.');
  if (dot == std::string::npos) return x;
  if (text.size() - dot - 1 <= static_cast<std::size_t>(digits)) return x;
  const bool up = text[dot + 1 + static_cast<std::size_t>(digits)] >= '5';
  text.resize(dot + 1 + static_cast<std::size_t>(digits));
  if (up) {  // add one unit in the last kept place, carrying leftwards
    std::size_t i = text.size();
    while (i-- > 0) {
      if (text[i] == '.') continue;
      if (text[i] != '9') {
        ++text[i];
        break;
      }
      text[i] = '0';
      if (i == 0) text.insert(text.begin(), '1');
    }
  }
  const double magnitude = std::strtod(text.c_str(), nullptr);
  return x < 0 ? -magnitude : magnitude;
}

// round(x, precision): half up at that many decimals.
value_t f_round(context& c, args_t& a, const syn::expr& call) {
  if (a.size() == 1) return rounding<round_half_up>(c, a, call);
  if (any_null(a)) return {};
  const double x = number(call, a[0]);
  const auto digits = integer(call, a[1]);
  if (digits < 0 || digits > 15) fail_runtime("ArgumentError", "NumberOutOfRange", "round() takes 0 to 15 decimals");
  if (!std::isfinite(x)) return x;
  return round_decimal(x, static_cast<int>(digits));
}

value_t f_is_nan(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return a[0].type() == kind::real && std::isnan(number(call, a[0]));
}

value_t f_sign(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  const double x = number(call, a[0]);
  return std::int64_t{x > 0 ? 1 : x < 0 ? -1 : 0};
}

value_t f_atan2(context&, args_t& a, const syn::expr& call) {
  if (any_null(a)) return {};
  return std::atan2(number(call, a[0]), number(call, a[1]));
}

value_t f_rand(context&, args_t&, const syn::expr&) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(engine);
}
value_t f_pi(context&, args_t&, const syn::expr&) { return std::numbers::pi; }
value_t f_e(context&, args_t&, const syn::expr&) { return std::numbers::e; }

// ---- strings ----

value_t f_lower(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  std::string s = text(call, a[0]);
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

value_t f_upper(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  std::string s = text(call, a[0]);
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

template <bool Left, bool Right>
value_t trimmed(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  std::string_view s = text(call, a[0]);
  while (Left && !s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (Right && !s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

value_t f_replace(context&, args_t& a, const syn::expr& call) {
  if (any_null(a)) return {};
  std::string s = text(call, a[0]);
  const auto &from = text(call, a[1]), &to = text(call, a[2]);
  if (from.empty()) return s;
  std::string out;
  for (std::size_t i = 0;;) {
    const auto j = s.find(from, i);
    out += s.substr(i, j - i);
    if (j == std::string::npos) break;
    out += to;
    i = j + from.size();
  }
  return out;
}

value_t f_split(context&, args_t& a, const syn::expr& call) {
  if (any_null(a)) return {};
  const auto &s = text(call, a[0]), &sep = text(call, a[1]);
  value_t::list_type out;
  if (sep.empty()) {
    for (const auto cp : utf8_code_points(s)) out.emplace_back(utf8_encode({cp}));
    return out;
  }
  for (std::size_t i = 0;;) {
    const auto j = s.find(sep, i);
    out.emplace_back(s.substr(i, j - i));
    if (j == std::string::npos) break;
    i = j + sep.size();
  }
  return out;
}

// Substrings count code points, not bytes.
value_t code_point_range(const std::string& s, std::int64_t start, std::int64_t length) {
  const auto points = utf8_code_points(s);
  const auto n = static_cast<std::int64_t>(points.size());
  start = std::clamp<std::int64_t>(start, 0, n);
  const auto end = std::clamp<std::int64_t>(length < 0 ? n : start + std::min(length, n), start, n);
  return utf8_encode(std::vector<char32_t>(points.begin() + start, points.begin() + end));
}

value_t f_substring(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  const auto& s = text(call, a[0]);
  const auto start = integer(call, a[1]);
  const auto length = a.size() > 2 ? integer(call, a[2]) : -1;
  if (start < 0 || (a.size() > 2 && length < 0)) fail_runtime("ArgumentError", "NumberOutOfRange", "substring() needs non-negative numbers");
  return code_point_range(s, start, length);
}

value_t f_left(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  const auto n = integer(call, a[1]);
  if (n < 0) fail_runtime("ArgumentError", "NumberOutOfRange", "left() needs a non-negative length");
  return code_point_range(text(call, a[0]), 0, n);
}

value_t f_right(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  const auto n = integer(call, a[1]);
  if (n < 0) fail_runtime("ArgumentError", "NumberOutOfRange", "right() needs a non-negative length");
  const auto& s = text(call, a[0]);
  const auto size = static_cast<std::int64_t>(utf8_length(s));
  return code_point_range(s, std::max<std::int64_t>(0, size - n), n);
}

// exists(n.p) tests for a value; exists((n)-->()) is the pattern's own truth.
value_t f_exists(context&, args_t& a, const syn::expr& call) {
  if (call.args[0]->kind == syn::expr_kind::pattern) return a[0];
  return !a[0].is_null();
}

// ---- dossier's own: evidence on relationships ----

relation_ref relationship_arg(context& c, const value_t& v, const syn::expr& call) {
  if (v.type() != kind::relationship) bad_argument(call, v);
  const auto ref = c.g.try_get(v.as_relationship());
  if (!ref) fail_runtime("EntityNotFound", "DeletedEntityAccess", "the relationship was deleted");
  return *ref;
}

value_t optional_date(const std::optional<date>& d) { return d ? value_t(*d) : value_t(); }

value_t f_citations(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  value_t::list_type out;
  for (const auto& ci : relationship_arg(c, a[0], call).citations()) {
    value_t::map_type m;
    const auto source = c.g.try_get(ci.source);
    m.emplace("source", source ? value_t::node(source->id()) : value_t());
    m.emplace("title", source && !source->name().empty() ? value_t(source->name()) : value_t());
    m.emplace("publisher", source ? node_property(c.g, source->id(), "publisher") : value_t());
    m.emplace("published", source ? node_property(c.g, source->id(), "publishedAt") : value_t());
    m.emplace("quote", ci.quote.empty() ? value_t() : value_t(ci.quote));
    m.emplace("confidence", ci.confidence);
    out.emplace_back(std::move(m));
  }
  return out;
}

value_t f_confidence(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return relationship_arg(c, a[0], call).confidence();
}

value_t f_valid_from(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return optional_date(relationship_arg(c, a[0], call).valid().start);
}

value_t f_valid_to(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  return optional_date(relationship_arg(c, a[0], call).valid().end);
}

value_t f_explain(context& c, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() != kind::path) bad_argument(call, a[0]);
  const auto& p = a[0].as_path();
  path out;
  for (const auto n : p.nodes) out.entities.push_back(n);
  for (std::size_t i = 0; i < p.relationships.size(); ++i) {
    out.relations.push_back(p.relationships[i]);
    const auto ref = c.g.try_get(p.relationships[i]);
    out.forward.push_back(!ref || ref->source() == p.nodes[i]);
  }
  out.cost = static_cast<double>(p.relationships.size());
  return explain(c.g, out);
}

// date('2019-06'): dossier's partial dates (ISO 8601 at any precision, or "June 2022").
value_t f_date(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  if (a[0].type() == kind::date) return a[0];
  const auto d = try_parse_date(text(call, a[0]));
  if (!d) fail_runtime("ArgumentError", "InvalidArgumentValue", "date() cannot read " + quote(a[0].as_string(), 24));
  return *d;
}

// dossier.money('3 to 5 million CNY'): an amount or a range in a currency.
value_t f_money(context&, args_t& a, const syn::expr& call) {
  if (a[0].is_null()) return {};
  try {
    return parse_money(text(call, a[0]));
  } catch (const value_error& e) {
    fail_runtime("ArgumentError", "InvalidArgumentValue", std::string(e.message()));
  }
}

constexpr std::size_t many = 1000;

constexpr std::array functions = {
    function_def{"abs", f_abs, 1, 1},
    function_def{"acos", math1<arc_cosine>, 1, 1},
    function_def{"asin", math1<arc_sine>, 1, 1},
    function_def{"atan", math1<arc_tangent>, 1, 1},
    function_def{"atan2", f_atan2, 2, 2},
    function_def{"ceil", rounding<ceil_of>, 1, 1},
    function_def{"coalesce", f_coalesce, 1, many},
    function_def{"cos", math1<cosine>, 1, 1},
    function_def{"cot", math1<cot>, 1, 1},
    function_def{"date", f_date, 1, 1},
    function_def{"degrees", math1<degrees>, 1, 1},
    function_def{"dossier.citations", f_citations, 1, 1},
    function_def{"dossier.confidence", f_confidence, 1, 1},
    function_def{"dossier.explain", f_explain, 1, 1},
    function_def{"dossier.money", f_money, 1, 1},
    function_def{"dossier.validfrom", f_valid_from, 1, 1},
    function_def{"dossier.validto", f_valid_to, 1, 1},
    function_def{"e", f_e, 0, 0},
    function_def{"endnode", f_end_node, 1, 1},
    function_def{"exists", f_exists, 1, 1},
    function_def{"exp", math1<exp_e>, 1, 1},
    function_def{"floor", rounding<floor_of>, 1, 1},
    function_def{"haversin", math1<haversin>, 1, 1},
    function_def{"head", f_head, 1, 1},
    function_def{"id", f_id, 1, 1},
    function_def{"isempty", f_is_empty, 1, 1},
    function_def{"isnan", f_is_nan, 1, 1},
    function_def{"keys", f_keys, 1, 1},
    function_def{"labels", f_labels, 1, 1},
    function_def{"last", f_last, 1, 1},
    function_def{"left", f_left, 2, 2},
    function_def{"length", f_length, 1, 1},
    function_def{"log", math1<log_e>, 1, 1},
    function_def{"log10", math1<log_10>, 1, 1},
    function_def{"lower", f_lower, 1, 1},
    function_def{"ltrim", trimmed<true, false>, 1, 1},
    function_def{"nodes", f_nodes, 1, 1},
    function_def{"pi", f_pi, 0, 0},
    function_def{"properties", f_properties, 1, 1},
    function_def{"radians", math1<radians>, 1, 1},
    function_def{"rand", f_rand, 0, 0},
    function_def{"range", f_range, 2, 3},
    function_def{"relationships", f_relationships, 1, 1},
    function_def{"replace", f_replace, 3, 3},
    function_def{"reverse", f_reverse, 1, 1},
    function_def{"right", f_right, 2, 2},
    function_def{"round", f_round, 1, 2},
    function_def{"rtrim", trimmed<false, true>, 1, 1},
    function_def{"sign", f_sign, 1, 1},
    function_def{"sin", math1<sine>, 1, 1},
    function_def{"size", f_size, 1, 1},
    function_def{"split", f_split, 2, 2},
    function_def{"sqrt", math1<square_root>, 1, 1},
    function_def{"startnode", f_start_node, 1, 1},
    function_def{"substring", f_substring, 2, 3},
    function_def{"tail", f_tail, 1, 1},
    function_def{"tan", math1<tangent>, 1, 1},
    function_def{"toboolean", f_to_boolean, 1, 1},
    function_def{"tobooleanlist", list_of<f_to_boolean>, 1, 1},
    function_def{"tobooleanornull", or_null<f_to_boolean>, 1, 1},
    function_def{"tofloat", f_to_float, 1, 1},
    function_def{"tofloatlist", list_of<f_to_float>, 1, 1},
    function_def{"tofloatornull", or_null<f_to_float>, 1, 1},
    function_def{"tointeger", f_to_integer, 1, 1},
    function_def{"tointegerlist", list_of<f_to_integer>, 1, 1},
    function_def{"tointegerornull", or_null<f_to_integer>, 1, 1},
    function_def{"tolower", f_lower, 1, 1},
    function_def{"tostring", f_to_string, 1, 1},
    function_def{"tostringlist", list_of<f_to_string>, 1, 1},
    function_def{"tostringornull", or_null<f_to_string>, 1, 1},
    function_def{"toupper", f_upper, 1, 1},
    function_def{"trim", trimmed<true, true>, 1, 1},
    function_def{"type", f_type, 1, 1},
    function_def{"upper", f_upper, 1, 1},
};

constexpr std::array aggregates = {"avg", "collect", "count", "max", "min", "percentilecont", "percentiledisc",
                                   "stdev", "stdevp", "sum"};

}  // namespace

const function_def* find_function(std::string_view lower_name) {
  const auto it = std::lower_bound(functions.begin(), functions.end(), lower_name,
                                   [](const function_def& f, std::string_view n) { return f.name < n; });
  return it != functions.end() && it->name == lower_name ? &*it : nullptr;
}

bool is_aggregate(std::string_view lower_name) {
  return std::find(aggregates.begin(), aggregates.end(), lower_name) != aggregates.end();
}

bool node_has_labels(context& c, entity_id e, const std::vector<std::string>& labels) {
  const auto ref = c.g.try_get(e);
  if (!ref) return false;
  for (const auto& l : labels) {
    const auto& mask = c.label_mask(l);
    if (!mask || !mask->test(to_index(ref->type()))) return false;
  }
  return true;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
