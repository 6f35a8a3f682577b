#include <dossier/core/value.hpp>

#include <algorithm>
#include <charconv>
#include <functional>

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

namespace detail {
std::uint32_t value_text_hash(std::string_view text) noexcept {
  const auto h = std::hash<std::string_view>{}(text);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}
}  // namespace detail

value::value(std::string s) : kind_(value_kind::string) {
  require_utf8(s, "string value");
  const auto hash = detail::value_text_hash(s);
  p_.box = new detail::boxed<std::string>(hash, std::move(s));
}

value::value(std::string_view s) : kind_(value_kind::string) {
  require_utf8(s, "string value");
  p_.box = new detail::boxed<std::string>(detail::value_text_hash(s), s);
}

value::value(dossier::money m) : kind_(value_kind::money) { p_.box = new detail::boxed<dossier::money>(0, std::move(m)); }

value::value(list_type l) : kind_(value_kind::list) {
  // Items are values, so each is already within the limit: only one level is added here.
  int deepest = 0;
  for (const auto& item : l) deepest = std::max(deepest, item.depth());
  if (deepest + 1 > config::max_value_depth)
    throw value_error("value.too_deep", "lists nest " + std::to_string(deepest + 1) + " deep; at most " +
                                            std::to_string(config::max_value_depth) + " levels are allowed");
  p_.box = new detail::boxed<list_type>(static_cast<std::uint32_t>(deepest + 1), std::move(l));
}

void value::release() noexcept {
  // The last reference frees the box: acquire so that every other owner's use of it happened
  // before, release so that ours did (the protocol of shared_ptr's count).
  if (p_.box->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  switch (kind_) {
    case value_kind::string: delete static_cast<const detail::boxed<std::string>*>(p_.box); break;
    case value_kind::money: delete static_cast<const detail::boxed<dossier::money>*>(p_.box); break;
    case value_kind::list: delete static_cast<const detail::boxed<list_type>*>(p_.box); break;
    default: break;
  }
}

bool operator==(const value& a, const value& b) noexcept {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case value_kind::null: return true;
    case value_kind::boolean: return a.p_.b == b.p_.b;
    case value_kind::integer: return a.p_.i == b.p_.i;
    case value_kind::real: return a.p_.d == b.p_.d;
    case value_kind::date: return a.p_.dt == b.p_.dt;
    case value_kind::string:
      return a.p_.box == b.p_.box || (a.p_.box->tag == b.p_.box->tag && *a.get_if<std::string>() == *b.get_if<std::string>());
    case value_kind::money: return a.p_.box == b.p_.box || *a.get_if<dossier::money>() == *b.get_if<dossier::money>();
    case value_kind::list:
      // No shared-box shortcut: a list holding a NaN stays unequal to itself, as a NaN is.
      return a.p_.box->tag == b.p_.box->tag && *a.get_if<value::list_type>() == *b.get_if<value::list_type>();
  }
  return false;
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
