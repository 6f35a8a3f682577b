// dossier's values, citations, valid times and aliases written as JSON (detail/json_values.hpp).
#include "detail/json_values.hpp"

DOSSIER_NAMESPACE_BEGIN

namespace detail {

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

namespace {
template <class Citations>
json citations_json(const Citations& cs, record_ids& ids) {
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

template <class Evidence>
json evidence_json(const Evidence& ev, record_ids& ids) {
  if (ev.citations.empty() && ev.valid.empty()) return nullptr;
  json o = json::object();
  if (!ev.citations.empty()) o["citations"] = citations_json(ev.citations, ids);
  if (!ev.valid.empty()) o["valid"] = valid_to_json(ev.valid);
  return o;
}
}  // namespace

json citations_to_json(std::span<const citation> cs, record_ids& ids) { return citations_json(cs, ids); }
json citations_to_json(const citation_range& cs, record_ids& ids) { return citations_json(cs, ids); }

json aliases_to_json(std::span<const alias> aliases) {
  json a = json::array();
  for (const auto& al : aliases) a.push_back(al.lang.empty() ? json(al.name) : json{{"name", al.name}, {"lang", al.lang}});
  return a;
}

json evidence_to_json(const evidence& ev, record_ids& ids) { return evidence_json(ev, ids); }
json evidence_to_json(const evidence_view& ev, record_ids& ids) { return evidence_json(ev, ids); }

}  // namespace detail

DOSSIER_NAMESPACE_END
