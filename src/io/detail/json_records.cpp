// The JSON shapes shared by JSON Lines and GraphML (json_records.hpp).
#include "json_records.hpp"

#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace detail::json_records {

void bad(std::string field, std::string problem, std::string id) { throw bad_field{std::move(field), std::move(id), std::move(problem)}; }

int json_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string need_string(const json& obj, const char* key, bool required) {
  const json* v = member(obj, key);
  if (!v) {
    if (required) bad(key, "is missing");
    return {};
  }
  if (!v->is_string()) bad(key, "must be a string");
  auto s = v->get<std::string>();
  if (!is_valid_utf8(s)) bad(key, "is not valid UTF-8", "value.invalid_utf8");
  return s;
}

date to_date(const json& v, const std::string& field) {
  if (v.is_number_integer()) {
    const auto y = v.get<std::int64_t>();
    if (y < -9999 || y > 9999) bad(field, "year " + std::to_string(y) + " is outside -9999..9999", "value.bad_date");
    return date(static_cast<int>(y));
  }
  if (!v.is_string()) bad(field, "expects a date string such as \"2019\" or \"2022-06\"");
  try {
    return parse_date(v.get<std::string>());
  } catch (const value_error& e) {
    bad(field, std::string(e.message()), e.id());
  }
}

value to_value(const json& v, const std::string& field, int depth) {
  try {
    switch (v.type()) {
      case json::value_t::null: return value{};
      case json::value_t::boolean: return value{v.get<bool>()};
      case json::value_t::number_integer: return value{v.get<std::int64_t>()};
      case json::value_t::number_unsigned:
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          bad(field, "integer " + v.dump() + " does not fit 64 bits");
        return value{static_cast<std::int64_t>(v.get<std::uint64_t>())};
      case json::value_t::number_float: return value{v.get<double>()};
      case json::value_t::string: return value{v.get<std::string>()};
      case json::value_t::array: {
        if (depth >= config::max_value_depth)
          bad(field, "lists nest deeper than " + std::to_string(config::max_value_depth) + " levels", "value.too_deep");
        value::list_type items;
        items.reserve(v.size());
        for (const auto& item : v) items.push_back(to_value(item, field, depth + 1));
        return value{std::move(items)};
      }
      case json::value_t::object: {
        if (!member(v, "currency")) bad(field, "an object value must be money ({\"currency\", \"amount\"} or \"low\"/\"high\")");
        const auto cur = currency(need_string(v, "currency"));
        if (member(v, "amount")) return value{money(parse_decimal(need_string(v, "amount")), cur)};
        return value{money(parse_decimal(need_string(v, "low")), parse_decimal(need_string(v, "high")), cur)};
      }
      default: bad(field, "unsupported value");
    }
  } catch (const value_error& e) {
    bad(field, std::string(e.message()), e.id());
  }
}

valid_time to_valid(const json& v, const std::string& field) {
  if (!v.is_object()) bad(field, "must be an object with \"start\" and/or \"end\"");
  valid_time t;
  if (const json* s = member(v, "start"); s && !s->is_null()) t.start = to_date(*s, field + ".start");
  if (const json* e = member(v, "end"); e && !e->is_null()) t.end = to_date(*e, field + ".end");
  return t;
}

std::vector<import_citation> to_citations(const json& v, const std::string& field) {
  if (!v.is_array()) bad(field, "must be a list of citations");
  std::vector<import_citation> out;
  for (const auto& c : v) {
    if (!c.is_object()) bad(field, "each citation must be an object");
    import_citation ci{need_string(c, "source"), need_string(c, "quote", false)};
    if (const json* conf = member(c, "confidence")) {
      if (!conf->is_number()) bad(field + ".confidence", "must be a number");
      ci.confidence = conf->get<double>();
    }
    if (const json* fs = member(c, "first_seen")) ci.first_seen = to_date(*fs, field + ".first_seen");
    if (const json* ls = member(c, "last_seen")) ci.last_seen = to_date(*ls, field + ".last_seen");
    out.push_back(std::move(ci));
  }
  return out;
}

std::vector<alias> to_aliases(const json& v, const std::string& field) {
  if (!v.is_array()) bad(field, "must be a list");
  std::vector<alias> out;
  for (const auto& a : v) {
    if (a.is_string()) out.emplace_back(a.get<std::string>());
    else if (a.is_object()) out.emplace_back(need_string(a, "name"), need_string(a, "lang", false));
    else bad(field, "each alias must be a string or {\"name\", \"lang\"}");
    if (!is_valid_utf8(out.back().name)) bad(field, "an alias is not valid UTF-8", "value.invalid_utf8");
  }
  return out;
}

json from_value(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return nullptr;
    case value_kind::boolean: return v.as_bool();
    case value_kind::integer: return v.as_int();
    case value_kind::real: return v.as_real();
    case value_kind::string: return v.as_string();
    case value_kind::date: return v.as_date().to_string();
    case value_kind::money: return v.as_money().to_string();
    case value_kind::list: {
      json a = json::array();
      for (const auto& item : v.as_list()) a.push_back(from_value(item));
      return a;
    }
  }
  return nullptr;
}

json valid_json(const valid_time& v) {
  json o = json::object();
  if (v.start) o["start"] = v.start->to_string();
  if (v.end) o["end"] = v.end->to_string();
  return o;
}

json citations_json(std::span<const citation> cs, record_ids& ids) {
  json a = json::array();
  for (const auto& c : cs) {
    json o{{"source", ids(to_index(c.source))}};
    if (!c.quote.empty()) o["quote"] = c.quote;
    if (c.confidence != 1.0) o["confidence"] = c.confidence;
    if (c.first_seen) o["first_seen"] = c.first_seen->to_string();
    if (c.last_seen) o["last_seen"] = c.last_seen->to_string();
    a.push_back(std::move(o));
  }
  return a;
}

json aliases_json(std::span<const alias> aliases) {
  json a = json::array();
  for (const auto& al : aliases) a.push_back(al.lang.empty() ? json(al.name) : json{{"name", al.name}, {"lang", al.lang}});
  return a;
}

}  // namespace detail::json_records

DOSSIER_NAMESPACE_END
