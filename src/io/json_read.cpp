// Reading dossier's values, citations, valid times and aliases with simdjson (detail/json_read.hpp).
#include "detail/json_read.hpp"

#include "../schema/detail/json_message.hpp"

#include <nlohmann/json.hpp>

#include <new>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

void bad_json_field(std::string field, std::string problem, std::string id) {
  throw json_field_error{std::move(field), std::move(id), std::move(problem)};
}

json_parser::json_parser(std::size_t max_depth) : max_depth_(max_depth) {
  if (parser_.allocate(1 << 16, max_depth) != simdjson::SUCCESS) throw std::bad_alloc();
}

simdjson::error_code json_parser::parse(std::string& text, json_element& out) {
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  return parser_.parse(text).get(out);
}

simdjson::error_code json_parser::parse_copy(std::string_view text, json_element& out) {
  copy_.assign(text);
  return parse(copy_, out);
}

std::string why_not_json(std::string_view text, simdjson::error_code code) {
  try {
    const auto parsed = nlohmann::json::parse(text);
    (void)parsed;
  } catch (const nlohmann::json::exception& e) {
    return describe_json_error(e, text);
  }
  return simdjson::error_message(code);  // what nlohmann accepts and simdjson does not (huge numbers)
}

std::optional<json_element> member(json_element obj, std::string_view key) {
  json_element v;
  if (obj.at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

std::string string_of(json_element v, const std::string& field) {
  std::string s(json_as<std::string_view>(v));
  if (!is_valid_utf8(s)) bad_json_field(field, "is not valid UTF-8", "value.invalid_utf8");
  return s;
}

std::string need_string(json_element obj, const char* key, bool required) {
  const auto v = member(obj, key);
  if (!v) {
    if (required) bad_json_field(key, "is missing");
    return {};
  }
  if (v->type() != json_type::STRING) bad_json_field(key, "must be a string");
  return string_of(*v, key);
}

date date_from_json(json_element v, const std::string& field) {
  if (v.type() == json_type::UINT64)
    bad_json_field(field, "year " + std::to_string(json_as<std::uint64_t>(v)) + " is outside -9999..9999", "value.bad_date");
  if (v.type() == json_type::INT64) {
    const auto y = json_as<std::int64_t>(v);
    if (y < -9999 || y > 9999) bad_json_field(field, "year " + std::to_string(y) + " is outside -9999..9999", "value.bad_date");
    return date(static_cast<int>(y));
  }
  if (v.type() != json_type::STRING) bad_json_field(field, "expects a date string such as \"2019\" or \"2022-06\"");
  try {
    return parse_date(json_as<std::string_view>(v));
  } catch (const value_error& e) {
    bad_json_field(field, std::string(e.message()), e.id());
  }
}

namespace {

value money_from_json(json_element v, const std::string& field) {
  if (!member(v, "currency")) bad_json_field(field, "an object value must be money ({\"currency\", \"amount\"} or \"low\"/\"high\")");
  const auto cur = currency(need_string(v, "currency"));
  if (member(v, "amount")) return value{money(parse_decimal(need_string(v, "amount")), cur)};
  return value{money(parse_decimal(need_string(v, "low")), parse_decimal(need_string(v, "high")), cur)};
}

}  // namespace

value value_from_json(json_element v, const std::string& field, int depth) {
  try {
    switch (v.type()) {
      case json_type::NULL_VALUE: return value{};
      case json_type::BOOL: return value{json_as<bool>(v)};
      case json_type::INT64: return value{json_as<std::int64_t>(v)};
      case json_type::UINT64:
        bad_json_field(field, "integer " + std::to_string(json_as<std::uint64_t>(v)) + " does not fit 64 bits");
      case json_type::DOUBLE: return value{json_as<double>(v)};
      case json_type::STRING: return value{string_of(v, field)};
      case json_type::ARRAY: {
        if (depth >= config::max_value_depth)
          bad_json_field(field, "lists nest deeper than " + std::to_string(config::max_value_depth) + " levels", "value.too_deep");
        const auto items_in = json_as<json_array>(v);
        value::list_type items;
        items.reserve(items_in.size());
        for (json_element item : items_in) items.push_back(value_from_json(item, field, depth + 1));
        return value{std::move(items)};
      }
      case json_type::OBJECT: return money_from_json(v, field);
    }
    bad_json_field(field, "unsupported value");
  } catch (const value_error& e) {
    bad_json_field(field, std::string(e.message()), e.id());
  }
}

valid_time valid_from_json(json_element v, const std::string& field) {
  if (v.type() != json_type::OBJECT) bad_json_field(field, "must be an object with \"start\" and/or \"end\"");
  valid_time t;
  if (const auto s = member(v, "start"); s && s->type() != json_type::NULL_VALUE) t.start = date_from_json(*s, field + ".start");
  if (const auto e = member(v, "end"); e && e->type() != json_type::NULL_VALUE) t.end = date_from_json(*e, field + ".end");
  return t;
}

std::vector<import_citation> citations_from_json(json_element v, const std::string& field) {
  if (v.type() != json_type::ARRAY) bad_json_field(field, "must be a list of citations");
  std::vector<import_citation> out;
  for (json_element c : json_as<json_array>(v)) {
    if (c.type() != json_type::OBJECT) bad_json_field(field, "each citation must be an object");
    import_citation ci{need_string(c, "source"), need_string(c, "quote", false)};
    if (const auto conf = member(c, "confidence")) {
      if (!conf->is_number()) bad_json_field(field + ".confidence", "must be a number");
      double d = 0;
      if (conf->get(d) != simdjson::SUCCESS) bad_json_field(field + ".confidence", "must be a number");
      ci.confidence = d;
    }
    if (const auto fs = member(c, "first_seen")) ci.first_seen = date_from_json(*fs, field + ".first_seen");
    if (const auto ls = member(c, "last_seen")) ci.last_seen = date_from_json(*ls, field + ".last_seen");
    out.push_back(std::move(ci));
  }
  return out;
}

std::vector<alias> aliases_from_json(json_element v, const std::string& field) {
  if (v.type() != json_type::ARRAY) bad_json_field(field, "must be a list");
  std::vector<alias> out;
  for (json_element a : json_as<json_array>(v)) {
    if (a.type() == json_type::STRING) out.emplace_back(std::string(json_as<std::string_view>(a)));
    else if (a.type() == json_type::OBJECT) out.emplace_back(need_string(a, "name"), need_string(a, "lang", false));
    else bad_json_field(field, "each alias must be a string or {\"name\", \"lang\"}");
    if (!is_valid_utf8(out.back().name)) bad_json_field(field, "an alias is not valid UTF-8", "value.invalid_utf8");
  }
  return out;
}

void evidence_from_json(json_element v, const std::string& field, import_value& into) {
  if (v.type() == json_type::NULL_VALUE) return;
  if (v.type() != json_type::OBJECT) bad_json_field(field, "evidence must be an object with \"citations\" and/or \"valid\"");
  if (const auto c = member(v, "citations")) {
    auto own = citations_from_json(*c, field + ".citations");
    into.citations.insert(into.citations.end(), own.begin(), own.end());
  }
  if (const auto valid = member(v, "valid")) into.valid = valid_from_json(*valid, field + ".valid");
}

}  // namespace detail

DOSSIER_NAMESPACE_END
