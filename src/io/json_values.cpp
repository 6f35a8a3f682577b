// dossier's values, citations, valid times and aliases as JSON (detail/json_values.hpp).
#include "detail/json_values.hpp"

#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

void bad_json_field(std::string field, std::string problem, std::string id) {
  throw json_field_error{std::move(field), std::move(id), std::move(problem)};
}

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
    if (required) bad_json_field(key, "is missing");
    return {};
  }
  if (!v->is_string()) bad_json_field(key, "must be a string");
  auto s = v->get<std::string>();
  if (!is_valid_utf8(s)) bad_json_field(key, "is not valid UTF-8", "value.invalid_utf8");
  return s;
}

date date_from_json(const json& v, const std::string& field) {
  if (v.is_number_integer()) {
    const auto y = v.get<std::int64_t>();
    if (y < -9999 || y > 9999) bad_json_field(field, "year " + std::to_string(y) + " is outside -9999..9999", "value.bad_date");
    return date(static_cast<int>(y));
  }
  if (!v.is_string()) bad_json_field(field, "expects a date string such as \"2019\" or \"2022-06\"");
  try {
    return parse_date(v.get<std::string>());
  } catch (const value_error& e) {
    bad_json_field(field, std::string(e.message()), e.id());
  }
}

value value_from_json(const json& v, const std::string& field, int depth) {
  try {
    switch (v.type()) {
      case json::value_t::null: return value{};
      case json::value_t::boolean: return value{v.get<bool>()};
      case json::value_t::number_integer: return value{v.get<std::int64_t>()};
      case json::value_t::number_unsigned:
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          bad_json_field(field, "integer " + v.dump() + " does not fit 64 bits");
        return value{static_cast<std::int64_t>(v.get<std::uint64_t>())};
      case json::value_t::number_float: return value{v.get<double>()};
      case json::value_t::string: return value{v.get<std::string>()};
      case json::value_t::array: {
        if (depth >= config::max_value_depth)
          bad_json_field(field, "lists nest deeper than " + std::to_string(config::max_value_depth) + " levels", "value.too_deep");
        value::list_type items;
        items.reserve(v.size());
        for (const auto& item : v) items.push_back(value_from_json(item, field, depth + 1));
        return value{std::move(items)};
      }
      case json::value_t::object: {
        if (!member(v, "currency")) bad_json_field(field, "an object value must be money ({\"currency\", \"amount\"} or \"low\"/\"high\")");
        const auto cur = currency(need_string(v, "currency"));
        if (member(v, "amount")) return value{money(parse_decimal(need_string(v, "amount")), cur)};
        return value{money(parse_decimal(need_string(v, "low")), parse_decimal(need_string(v, "high")), cur)};
      }
      default: bad_json_field(field, "unsupported value");
    }
  } catch (const value_error& e) {
    bad_json_field(field, std::string(e.message()), e.id());
  }
}

valid_time valid_from_json(const json& v, const std::string& field) {
  if (!v.is_object()) bad_json_field(field, "must be an object with \"start\" and/or \"end\"");
  valid_time t;
  if (const json* s = member(v, "start"); s && !s->is_null()) t.start = date_from_json(*s, field + ".start");
  if (const json* e = member(v, "end"); e && !e->is_null()) t.end = date_from_json(*e, field + ".end");
  return t;
}

std::vector<import_citation> citations_from_json(const json& v, const std::string& field) {
  if (!v.is_array()) bad_json_field(field, "must be a list of citations");
  std::vector<import_citation> out;
  for (const auto& c : v) {
    if (!c.is_object()) bad_json_field(field, "each citation must be an object");
    import_citation ci{need_string(c, "source"), need_string(c, "quote", false)};
    if (const json* conf = member(c, "confidence")) {
      if (!conf->is_number()) bad_json_field(field + ".confidence", "must be a number");
      ci.confidence = conf->get<double>();
    }
    if (const json* fs = member(c, "first_seen")) ci.first_seen = date_from_json(*fs, field + ".first_seen");
    if (const json* ls = member(c, "last_seen")) ci.last_seen = date_from_json(*ls, field + ".last_seen");
    out.push_back(std::move(ci));
  }
  return out;
}

std::vector<alias> aliases_from_json(const json& v, const std::string& field) {
  if (!v.is_array()) bad_json_field(field, "must be a list");
  std::vector<alias> out;
  for (const auto& a : v) {
    if (a.is_string()) out.emplace_back(a.get<std::string>());
    else if (a.is_object()) out.emplace_back(need_string(a, "name"), need_string(a, "lang", false));
    else bad_json_field(field, "each alias must be a string or {\"name\", \"lang\"}");
    if (!is_valid_utf8(out.back().name)) bad_json_field(field, "an alias is not valid UTF-8", "value.invalid_utf8");
  }
  return out;
}

void evidence_from_json(const json& v, const std::string& field, import_value& into) {
  if (v.is_null()) return;
  if (!v.is_object()) bad_json_field(field, "evidence must be an object with \"citations\" and/or \"valid\"");
  if (const json* c = member(v, "citations")) {
    auto own = citations_from_json(*c, field + ".citations");
    into.citations.insert(into.citations.end(), own.begin(), own.end());
  }
  if (const json* valid = member(v, "valid")) into.valid = valid_from_json(*valid, field + ".valid");
}

const std::string& record_ids::operator()(std::uint32_t e) {
  auto [it, fresh] = ids_.try_emplace(e);
  if (!fresh) return it->second;
  const auto external = g_.get(static_cast<entity_id>(e)).external_id();
  if (!external.empty()) return it->second = std::string(external);
  std::string id = "e" + std::to_string(e);
  while (g_.find_external(id)) id += "_";
  return it->second = std::move(id);
}

json value_to_json(const value& v) {
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
      for (const auto& item : v.as_list()) a.push_back(value_to_json(item));
      return a;
    }
  }
  return nullptr;
}

json valid_to_json(const valid_time& v) {
  json o = json::object();
  if (v.start) o["start"] = v.start->to_string();
  if (v.end) o["end"] = v.end->to_string();
  return o;
}

json citations_to_json(std::span<const citation> cs, record_ids& ids) {
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

json aliases_to_json(std::span<const alias> aliases) {
  json a = json::array();
  for (const auto& al : aliases) a.push_back(al.lang.empty() ? json(al.name) : json{{"name", al.name}, {"lang", al.lang}});
  return a;
}

json evidence_to_json(const evidence& ev, record_ids& ids) {
  if (ev.citations.empty() && ev.valid.empty()) return nullptr;
  json o = json::object();
  if (!ev.citations.empty()) o["citations"] = citations_to_json(ev.citations, ids);
  if (!ev.valid.empty()) o["valid"] = valid_to_json(ev.valid);
  return o;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
