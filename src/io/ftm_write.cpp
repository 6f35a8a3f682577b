// The FollowTheMoney writer (io/ftm.hpp): entities, references and edges back into FtM entities.
#include <dossier/io/ftm.hpp>

#include "detail/files.hpp"

#include "detail/value_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace {

using json = nlohmann::json;

// FtM values are text: dates in ISO form, numbers in their shortest exact form.
std::string ftm_text(const value& v) {
  if (const auto* r = v.get_if<double>()) return detail::real_text(*r);
  return v.to_string();
}

void add_values(json& props, const std::string& name, const value& v) {
  if (v.is_null()) return;
  if (const auto* items = v.get_if<value::list_type>()) {
    for (const auto& item : *items) add_values(props, name, item);
    return;
  }
  props[name].push_back(ftm_text(v));
}

class ftm_writer {
 public:
  ftm_writer(const graph& g, std::ostream& out) : g_(g), s_(g.schema()), out_(out) {
    bool edges = false;
    for (const auto& t : s_.relation_types()) edges = edges || !t.source_property.empty();
    if (!edges) throw schema_error("schema.not_followthemoney", "writing FollowTheMoney needs its model as the graph's schema");
    for (std::uint32_t e = 0; e < g.entity_slots(); ++e)
      if (g.entity_live(e)) ids_[e] = id_of(e);
  }

  void run() {
    for (std::uint32_t e = 0; e < g_.entity_slots(); ++e)
      if (g_.entity_live(e) && !is_dataset(e)) entity(e);
    // Edges: the relations of one FtM edge share its id; regroup them.
    std::map<std::string, std::vector<std::uint32_t>> edges;
    for (std::uint32_t r = 0; r < g_.relation_slots(); ++r) {
      if (!g_.relation_live(r) || s_.info(g_.relation_type_of(r)).source_property.empty()) continue;
      const auto external = g_.relation_external_id(r);
      edges[external.empty() ? "dossier-r" + std::to_string(r) : std::string(external)].push_back(r);
    }
    for (const auto& [id, relations] : edges) edge(id, relations);
  }

 private:
  std::string id_of(std::uint32_t e) const {
    const auto external = g_.get(static_cast<entity_id>(e)).external_id();
    return external.empty() ? "dossier-" + std::to_string(e) : std::string(external);
  }
  bool is_dataset(std::uint32_t e) const {
    return g_.is_source(static_cast<entity_id>(e)) && g_.get(static_cast<entity_id>(e)).external_id().starts_with("dataset:");
  }

  // Datasets and seen times from the citations of dataset sources.
  struct provenance {
    std::set<std::string> datasets;
    std::optional<date> first, last;
    template <class Evidence>  // evidence, or a relation's evidence_view
    void add(const graph& g, const Evidence& ev) {
      for (const auto& c : ev.citations) {
        const auto source = g.get(c.source);
        const auto external = source.external_id();
        if (!external.starts_with("dataset:")) continue;
        datasets.insert(std::string(external.substr(8)));
        if (c.first_seen && (!first || *c.first_seen < *first)) first = c.first_seen;
        if (c.last_seen && (!last || *last < *c.last_seen)) last = c.last_seen;
      }
    }
    void write(json& o) const {
      if (datasets.empty()) return;
      o["datasets"] = json(std::vector<std::string>(datasets.begin(), datasets.end()));
      if (first) o["first_seen"] = first->to_string();
      if (last) o["last_seen"] = last->to_string();
    }
  };

  // Properties, with target, caption and last_change lifted to the top level as FtM has them.
  void statements(json& o, json& props, statement_range list, provenance& p) const {
    for (const auto& st : list) {
      p.add(g_, st.ev);
      const auto& name = s_.property_name(st.property);
      if (name == "target" && st.val.get_if<bool>()) o["target"] = st.val.as_bool();
      else if (name == "caption" || name == "last_change") o[name] = ftm_text(st.val);
      else add_values(props, name, st.val);
    }
  }

  void entity(std::uint32_t e) {
    const auto ref = g_.get(static_cast<entity_id>(e));
    json o{{"id", ids_.at(e)}, {"schema", ref.type_name()}};
    json props = json::object();
    provenance p;
    if (!ref.name().empty()) props["name"].push_back(ref.name());
    for (const auto& a : ref.aliases()) props["alias"].push_back(a.name);
    statements(o, props, ref.properties(), p);
    // References: relations that stand for an entity-typed property, written back as it.
    for (const auto r : g_.relations(ref.id(), direction::out)) {
      const auto& info = s_.info(g_.relation_type_of(to_index(r)));
      if (info.reference_property.empty()) continue;
      props[info.reference_property].push_back(ids_.at(g_.relation_target(to_index(r))));
      p.add(g_, g_.relation_evidence(to_index(r)));
    }
    o["properties"] = std::move(props);
    p.write(o);
    out_ << o.dump() << '\n';
  }

  void edge(const std::string& id, const std::vector<std::uint32_t>& relations) {
    const auto first = relations.front();
    const auto& info = s_.info(g_.relation_type_of(first));
    json o{{"id", id}, {"schema", info.name}};
    json props = json::object();
    provenance p;
    std::set<std::uint32_t> sources, targets;
    for (const auto r : relations) {
      sources.insert(g_.relation_source(r));
      targets.insert(g_.relation_target(r));
      p.add(g_, g_.relation_evidence(r));
    }
    for (const auto s : sources) props[info.source_property].push_back(ids_.at(s));
    for (const auto t : targets) props[info.target_property].push_back(ids_.at(t));
    statements(o, props, g_.get(static_cast<relation_id>(first)).properties(), p);
    o["properties"] = std::move(props);
    p.write(o);
    out_ << o.dump() << '\n';
  }

  const graph& g_;
  const schema& s_;
  std::ostream& out_;
  std::map<std::uint32_t, std::string> ids_;
};

}  // namespace

void export_ftm(const graph& g, std::ostream& out) {
  ftm_writer(g, out).run();
  if (!out) throw io_error("io.write_failed", "export_ftm: write failed");
}

void export_ftm(const graph& g, const std::filesystem::path& path) {
  // Atomic, as saves are: a failed export leaves the file that was there.
  detail::atomic_write(path, [&](std::ostream& out) { export_ftm(g, out); });
}

DOSSIER_NAMESPACE_END
