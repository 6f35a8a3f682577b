// Predicates on property values (query/predicate.hpp).
#include <dossier/names/normalize.hpp>
#include <dossier/query/predicate.hpp>

#include "detail/compare.hpp"

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
std::optional<std::partial_ordering> compare_values(const value& a, const value& b) {
  if (a.kind() == value_kind::date && b.kind() == value_kind::date) return a.as_date().compare_precise(b.as_date());
  const auto number = [](const value& v) { return v.kind() == value_kind::integer || v.kind() == value_kind::real; };
  if (number(a) && number(b)) return a.as_real() <=> b.as_real();
  if (a.kind() == value_kind::string && b.kind() == value_kind::string) return a.as_string() <=> b.as_string();
  if (a.kind() == value_kind::money && b.kind() == value_kind::money && a.as_money().currency_code() == b.as_money().currency_code()) {
    const auto& x = a.as_money();
    const auto& y = b.as_money();
    if (x.high() < y.low()) return std::partial_ordering::less;
    if (x.low() > y.high()) return std::partial_ordering::greater;
    if (x == y) return std::partial_ordering::equivalent;
    return std::partial_ordering::unordered;
  }
  return std::nullopt;
}
}  // namespace detail

namespace {
using detail::compare_values;

// Lists (multi-valued properties) match when any element matches.
bool any_of_value(const value& v, const std::function<bool(const value&)>& f) {
  if (const auto* items = v.get_if<value::list_type>()) return std::any_of(items->begin(), items->end(), f);
  return f(v);
}

bool at_least(const std::optional<std::partial_ordering>& c) {
  return c && (*c == std::partial_ordering::greater || *c == std::partial_ordering::equivalent);
}
bool at_most(const std::optional<std::partial_ordering>& c) {
  return c && (*c == std::partial_ordering::less || *c == std::partial_ordering::equivalent);
}
}  // namespace

predicate eq(value v) {
  auto d = "= " + v.to_string();
  return {[v = std::move(v)](const value& x) { return any_of_value(x, [&](const value& y) { return y == v; }); }, d};
}

predicate between(value low, value high) {
  auto d = "between " + low.to_string() + " and " + high.to_string();
  return {[low = std::move(low), high = std::move(high)](const value& x) {
            return any_of_value(x, [&](const value& y) {
              // Dates by containment: the value's interval inside [start of low, end of high],
              // so that 2010-06 is between 2010 and 2015 at every precision.
              if (y.kind() == value_kind::date && low.kind() == value_kind::date && high.kind() == value_kind::date)
                return y.as_date().earliest() >= low.as_date().earliest() && y.as_date().latest() <= high.as_date().latest();
              return at_least(compare_values(y, low)) && at_most(compare_values(y, high));
            });
          },
          d};
}

predicate greater_than(value v) {
  auto d = "> " + v.to_string();
  return {[v = std::move(v)](const value& x) {
            return any_of_value(x, [&](const value& y) {
              const auto c = compare_values(y, v);
              return c && *c == std::partial_ordering::greater;
            });
          },
          d};
}

predicate less_than(value v) {
  auto d = "< " + v.to_string();
  return {[v = std::move(v)](const value& x) {
            return any_of_value(x, [&](const value& y) {
              const auto c = compare_values(y, v);
              return c && *c == std::partial_ordering::less;
            });
          },
          d};
}

predicate contains(std::string text) {
  auto needle = normalize_name(text);
  return {[needle](const value& x) {
            return any_of_value(x, [&](const value& y) {
              return y.kind() == value_kind::string && normalize_name(y.as_string()).find(needle) != std::string::npos;
            });
          },
          "contains " + quote(text)};
}

predicate starts_with(std::string text) {
  auto needle = normalize_name(text);
  return {[needle](const value& x) {
            return any_of_value(x, [&](const value& y) {
              return y.kind() == value_kind::string && normalize_name(y.as_string()).starts_with(needle);
            });
          },
          "starts with " + quote(text)};
}

predicate before(date d) {
  return {[d](const value& x) {
            return any_of_value(x, [&](const value& y) { return y.kind() == value_kind::date && y.as_date().before(d); });
          },
          "before " + d.to_string()};
}

predicate after(date d) {
  return {[d](const value& x) {
            return any_of_value(x, [&](const value& y) { return y.kind() == value_kind::date && y.as_date().after(d); });
          },
          "after " + d.to_string()};
}

DOSSIER_NAMESPACE_END
