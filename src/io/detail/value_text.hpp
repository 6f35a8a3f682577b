#pragma once
// Values as the plain text that text formats hold (CSV fields, GraphML typed keys, FtM values):
// numbers in their shortest form that reads back the same, dates in ISO form, amounts as
// value::to_string writes them.

#include <dossier/core/value.hpp>

#include <charconv>
#include <string>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline std::string real_text(double d) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc{} ? std::string(buf, end) : std::to_string(d);
}

// A scalar's text; "" for null and lists, which each format writes in its own way.
inline std::string scalar_text(const value& v) {
  switch (v.kind()) {
    case value_kind::boolean: return v.as_bool() ? "true" : "false";
    case value_kind::integer: return std::to_string(v.as_int());
    case value_kind::real: return real_text(v.as_real());
    case value_kind::string: return v.as_string();
    case value_kind::date: return v.as_date().to_string();
    case value_kind::money: return v.as_money().to_string();
    default: return {};
  }
}

}  // namespace detail

DOSSIER_NAMESPACE_END
