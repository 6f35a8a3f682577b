#include <dossier/core/value.hpp>

#include <algorithm>
#include <charconv>

DOSSIER_NAMESPACE_BEGIN

// ---- value -------------------------------------------------------------------------------

std::string_view to_string(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::null: return "null";
    case value_kind::boolean: return "bool";
    case value_kind::integer: return "integer";
    case value_kind::real: return "real";
    case value_kind::string: return "string";
    case value_kind::date: return "date";
    case value_kind::money: return "money";
    case value_kind::list: return "list";
  }
  return "?";
}

value::value(std::string s) {
  require_utf8(s, "string value");
  v_ = std::move(s);
}

value::value(list_type l) {
  // Items are values, so each is already within the limit: only one level is added here.
  int deepest = 0;
  for (const auto& item : l) deepest = std::max(deepest, item.depth());
  if (deepest + 1 > config::max_value_depth)
    throw value_error("value.too_deep", "lists nest " + std::to_string(deepest + 1) + " deep; at most " +
                                            std::to_string(config::max_value_depth) + " levels are allowed");
  v_ = std::move(l);
}

int value::depth() const noexcept {
  const auto* items = get_if<list_type>();
  if (!items) return 0;
  int deepest = 0;
  for (const auto& item : *items) deepest = std::max(deepest, item.depth());
  return deepest + 1;
}

namespace {
[[noreturn]] void wrong_kind(value_kind want, value_kind have) {
  throw value_error("value.wrong_kind", "value is " + std::string(to_string(have)) + ", not " + std::string(to_string(want)));
}
}  // namespace

bool value::as_bool() const {
  if (auto p = get_if<bool>()) return *p;
  wrong_kind(value_kind::boolean, kind());
}
std::int64_t value::as_int() const {
  if (auto p = get_if<std::int64_t>()) return *p;
  wrong_kind(value_kind::integer, kind());
}
double value::as_real() const {
  if (auto p = get_if<double>()) return *p;
  if (auto p = get_if<std::int64_t>()) return static_cast<double>(*p);
  wrong_kind(value_kind::real, kind());
}
const std::string& value::as_string() const {
  if (auto p = get_if<std::string>()) return *p;
  wrong_kind(value_kind::string, kind());
}
const date& value::as_date() const {
  if (auto p = get_if<dossier::date>()) return *p;
  wrong_kind(value_kind::date, kind());
}
const money& value::as_money() const {
  if (auto p = get_if<dossier::money>()) return *p;
  wrong_kind(value_kind::money, kind());
}
const value::list_type& value::as_list() const {
  if (auto p = get_if<list_type>()) return *p;
  wrong_kind(value_kind::list, kind());
}

std::string value::to_string() const {
  switch (kind()) {
    case value_kind::null: return "null";
    case value_kind::boolean: return as_bool() ? "true" : "false";
    case value_kind::integer: return std::to_string(as_int());
    case value_kind::real: {
      char buf[32];
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *get_if<double>());
      return std::string(buf, p);
    }
    case value_kind::string: return as_string();
    case value_kind::date: return as_date().to_string();
    case value_kind::money: return as_money().to_string();
    case value_kind::list: {
      std::string out = "[";
      for (const auto& v : as_list()) {
        if (out.size() > 1) out += ", ";
        out += v.to_string();
      }
      return out + "]";
    }
  }
  return {};
}

DOSSIER_NAMESPACE_END
