// The JSON Lines writer (docs/format.md). nlohmann/json stays in this translation unit (and jsonl_read.cpp).
#include <dossier/io/jsonl.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <map>
#include <set>
#include <span>

DOSSIER_NAMESPACE_BEGIN

namespace {

using json = nlohmann::json;

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

}  // namespace

namespace {

// What an export writes: the entities and relations asked for, with the sources they cite.
struct selection {
  std::vector<std::uint32_t> entities, relations;
};

selection select(const graph& g, const export_options& options) {
  selection out;
  if (options.entities.empty() && options.relations.empty()) {
    for (std::uint32_t i = 0; i < g.entity_slots(); ++i)
      if (g.entity_live(i)) out.entities.push_back(i);
    for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
      if (g.relation_live(r)) out.relations.push_back(r);
    return out;
  }
  std::set<std::uint32_t> keep;
  for (auto e : options.entities) keep.insert(to_index(g.canonical(e)));
  std::set<std::uint32_t> rels;
  for (auto r : options.relations) {
    (void)g.get(r);
    rels.insert(to_index(r));
    keep.insert(g.relation_source(to_index(r)));
    keep.insert(g.relation_target(to_index(r)));
  }
  if (options.relations.empty())
    for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
      if (g.relation_live(r) && keep.count(g.relation_source(r)) && keep.count(g.relation_target(r))) rels.insert(r);
  const auto add_sources = [&](const evidence& ev) {
    for (const auto& c : ev.citations) keep.insert(to_index(c.source));
  };
  for (auto r : rels) {
    add_sources(g.relation_evidence(r));
    for (const auto& p : g.get(static_cast<relation_id>(r)).properties()) add_sources(p.ev);
  }
  for (auto e : std::set<std::uint32_t>(keep))
    for (const auto& p : g.get(static_cast<entity_id>(e)).properties()) add_sources(p.ev);
  out.entities.assign(keep.begin(), keep.end());
  out.relations.assign(rels.begin(), rels.end());
  return out;
}

// Record ids: the entity's external id, so that a re-import keeps them and a second export is
// the same; "e<N>" (made unique against the external ids) for an entity without one.
class record_ids {
 public:
  explicit record_ids(const graph& g) : g_(g) {}
  const std::string& operator()(std::uint32_t e) {
    auto [it, fresh] = ids_.try_emplace(e);
    if (!fresh) return it->second;
    const auto external = g_.get(static_cast<entity_id>(e)).external_id();
    if (!external.empty()) return it->second = std::string(external);
    std::string id = "e" + std::to_string(e);
    while (g_.find_external(id)) id += "_";
    return it->second = std::move(id);
  }

 private:
  const graph& g_;
  std::map<std::uint32_t, std::string> ids_;
};

json citations_json(const std::vector<citation>& cs, record_ids& ids) {
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

// Plain values where the statement carries no evidence, the rich form where it does (or where
// the value is itself a list, which the plain form would read as several values).
json statement_json(const property_statement& s, record_ids& ids) {
  if (s.ev.citations.empty() && s.ev.valid.empty() && s.val.kind() != value_kind::list) return from_value(s.val);
  json o{{"value", from_value(s.val)}};
  if (!s.ev.citations.empty()) o["citations"] = citations_json(s.ev.citations, ids);
  if (!s.ev.valid.empty()) o["valid"] = valid_json(s.ev.valid);
  return o;
}

json properties_json(const schema& s, std::span<const property_statement> list, record_ids& ids) {
  json props = json::object();
  for (const auto& st : list) props[s.property_name(st.property)].push_back(statement_json(st, ids));
  return props;
}

json entity_json(const graph& g, std::uint32_t e, record_ids& ids) {
  const auto ref = g.get(static_cast<entity_id>(e));
  json o{{"id", ids(e)}, {"schema", ref.type_name()}, {"name", ref.name()}};
  if (!ref.aliases().empty()) {
    json a = json::array();
    for (const auto& al : ref.aliases()) a.push_back(al.lang.empty() ? json(al.name) : json{{"name", al.name}, {"lang", al.lang}});
    o["aliases"] = std::move(a);
  }
  if (auto props = properties_json(g.schema(), ref.properties(), ids); !props.empty()) o["properties"] = std::move(props);
  return o;
}

json relation_json(const graph& g, std::uint32_t r, record_ids& ids) {
  const auto ref = g.get(static_cast<relation_id>(r));
  const auto external = ref.external_id();
  json o{{"id", external.empty() ? "r" + std::to_string(r) : std::string(external)},
         {"schema", ref.type_name()},
         {"source", ids(to_index(ref.source()))},
         {"target", ids(to_index(ref.target()))}};
  if (auto props = properties_json(g.schema(), ref.properties(), ids); !props.empty()) o["properties"] = std::move(props);
  if (!ref.citations().empty()) o["citations"] = citations_json({ref.citations().begin(), ref.citations().end()}, ids);
  if (!ref.valid().empty()) o["valid"] = valid_json(ref.valid());
  return o;
}

}  // namespace

void export_jsonl(const graph& g, std::ostream& out, const export_options& options) {
  auto chosen = select(g, options);
  record_ids ids(g);
  // The header names the schema, so that any export imports back (jsonl_schema_name).
  if (!g.schema().name().empty())
    out << json{{"header", {{"format", "dossier-jsonl"}, {"version", 1}, {"schema", g.schema().name()}}}}.dump() << '\n';
  // Sources first, so that a reader meets them before their citations.
  std::stable_partition(chosen.entities.begin(), chosen.entities.end(), [&](std::uint32_t e) { return g.is_source(static_cast<entity_id>(e)); });
  for (auto e : chosen.entities) out << entity_json(g, e, ids).dump() << '\n';
  for (auto r : chosen.relations) out << relation_json(g, r, ids).dump() << '\n';
  if (!out) throw io_error("io.write_failed", "export_jsonl: write failed");
}

void export_jsonl(const graph& g, const std::filesystem::path& path, const export_options& options) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw io_error("io.cannot_open", path.string() + ": cannot open for writing");
  export_jsonl(g, out, options);
  out.flush();
  if (!out) throw io_error("io.write_failed", path.string() + ": write failed");
}

DOSSIER_NAMESPACE_END
