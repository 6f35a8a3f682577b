// FollowTheMoney model loader. nlohmann/json stays in this translation unit.
#include <dossier/core/error.hpp>
#include <dossier/schema/schemas.hpp>

#include "detail/json_message.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using json = nlohmann::json;

value_kind kind_of_ftm_type(const std::string& type) {
  if (type == "date") return value_kind::date;
  if (type == "number") return value_kind::real;
  return value_kind::string;  // name, text, url, country, entity (an id), identifier, ...
}

class ftm_loader {
 public:
  ftm_loader(const json& schemata, std::string origin) : schemata_(schemata), origin_(std::move(origin)) {}

  schema run() {
    for (auto it = schemata_.begin(); it != schemata_.end(); ++it)
      if (!is_edge(it.key())) ensure_entity(it.key());
    for (auto it = schemata_.begin(); it != schemata_.end(); ++it)
      if (is_edge(it.key())) ensure_relation(it.key());
    for (auto it = schemata_.begin(); it != schemata_.end(); ++it)
      if (!is_edge(it.key())) add_references(it.key());
    out_.set_name("followthemoney");
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw format_error("format.bad_model", origin_ + ": schema " + quote(where) + ": " + what);
  }

  const json& def(const std::string& name) const {
    auto it = schemata_.find(name);
    if (it == schemata_.end()) fail(name, "is referenced but not defined");
    if (!it->is_object()) fail(name, "is not an object");
    return *it;
  }

  bool is_edge(const std::string& name) const {
    const auto& d = def(name);
    return d.contains("edge") && d["edge"].is_object();
  }

  std::vector<std::string> parents(const std::string& name) const {
    const auto& d = def(name);
    std::vector<std::string> out;
    if (!d.contains("extends")) return out;
    if (!d["extends"].is_array()) fail(name, "'extends' is not an array");
    for (const auto& p : d["extends"]) {
      if (!p.is_string()) fail(name, "'extends' holds a non-string");
      out.push_back(p.get<std::string>());
    }
    return out;
  }

  std::string str(const json& obj, const char* key, const std::string& where) const {
    if (!obj.contains(key)) return {};
    if (!obj[key].is_string()) fail(where, std::string("'") + key + "' is not a string");
    return obj[key].get<std::string>();
  }

  std::vector<property_spec> properties(const std::string& name, const std::set<std::string>& skip) const {
    const auto& d = def(name);
    std::vector<property_spec> out;
    if (!d.contains("properties")) return out;
    if (!d["properties"].is_object()) fail(name, "'properties' is not an object");
    for (auto it = d["properties"].begin(); it != d["properties"].end(); ++it) {
      if (skip.count(it.key())) continue;
      const std::string where = name + "." + it.key();
      if (!it->is_object()) fail(where, "property is not an object");
      property_spec p;
      p.name = it.key();
      p.semantic = str(*it, "type", where);
      if (p.semantic.empty()) fail(where, "property has no 'type'");
      p.kind = kind_of_ftm_type(p.semantic);
      // FtM values are text first: a date or number that does not read as one is kept as text.
      p.lenient = p.kind != value_kind::string;
      p.range = str(*it, "range", where);
      p.label = str(*it, "label", where);
      out.push_back(std::move(p));
    }
    return out;
  }

  // What every FtM entity may carry besides its properties (top-level fields of the JSON):
  // declared on each root type, so that entities and edges keep them.
  static std::vector<property_spec> entity_fields() {
    return {{"target", value_kind::boolean, "flag", "", "Target of a sanctions list"},
            {"caption", value_kind::string, "string", "", "Caption"},
            {"last_change", value_kind::date, "date", "", "Last changed", true}};
  }

  // An entity-typed property of a node schema (Thing:addressEntity) becomes a relation type of
  // its own, so that the reference is an edge of the graph. Reverse properties ("stubs") are
  // what FtM derives from forward ones, and are not stored; references from edges stay text,
  // as a relation cannot be the source of another.
  void add_references(const std::string& name) {
    const auto& d = def(name);
    if (!d.contains("properties") || !d["properties"].is_object()) return;
    for (auto it = d["properties"].begin(); it != d["properties"].end(); ++it) {
      const auto& p = *it;
      if (!p.is_object() || p.value("type", "") != "entity" || p.value("stub", false)) continue;
      const auto range = str(p, "range", name + "." + it.key());
      if (range.empty() || is_edge(range)) continue;
      relation_type_spec spec{.domain = name, .range = range, .label = str(p, "label", name + "." + it.key()),
                              .reference_property = it.key()};
      try {
        out_.add_relation_type(name + ":" + it.key(), std::move(spec));
      } catch (const schema_error& e) {
        fail(name + "." + it.key(), std::string(e.message()));
      }
    }
  }

  void enter(const std::string& name) {
    if (!visiting_.insert(name).second) fail(name, "inherits from itself");
  }

  void ensure_entity(const std::string& name) {
    if (out_.try_entity_type(name)) return;
    enter(name);
    entity_type_spec spec;
    for (const auto& p : parents(name)) {
      if (is_edge(p)) continue;  // an entity cannot inherit from a relation
      ensure_entity(p);
      spec.parents.push_back(p);
    }
    const auto& d = def(name);
    spec.abstract = d.value("abstract", false);
    spec.label = str(d, "label", name);
    spec.properties = properties(name, {});
    if (spec.parents.empty())
      for (auto& f : entity_fields()) spec.properties.push_back(std::move(f));
    try {
      out_.add_entity_type(name, std::move(spec));
    } catch (const schema_error& e) {
      fail(name, std::string(e.message()));
    }
    visiting_.erase(name);
  }

  void ensure_relation(const std::string& name) {
    if (out_.try_relation_type(name)) return;
    enter(name);
    relation_type_spec spec;
    for (const auto& p : parents(name)) {
      ensure_relation(p);
      spec.parents.push_back(p);
    }
    const auto& d = def(name);
    std::set<std::string> endpoint_props;
    if (is_edge(name)) {
      const auto& edge = d["edge"];
      const auto source = str(edge, "source", name + ".edge");
      const auto target = str(edge, "target", name + ".edge");
      if (source.empty() || target.empty()) fail(name, "edge needs 'source' and 'target'");
      spec.domain = endpoint_range(name, source);
      spec.range = endpoint_range(name, target);
      spec.directed = edge.value("directed", true);
      spec.label = str(edge, "label", name + ".edge");
      spec.abstract = d.value("abstract", false);
      spec.source_property = source;
      spec.target_property = target;
      endpoint_props = {source, target};
    } else {
      spec.abstract = true;  // a non-edge ancestor of an edge only groups relation types
      spec.label = str(d, "label", name);
    }
    spec.properties = properties(name, endpoint_props);
    if (spec.parents.empty())
      for (auto& f : entity_fields()) spec.properties.push_back(std::move(f));
    try {
      out_.add_relation_type(name, std::move(spec));
    } catch (const schema_error& e) {
      fail(name, std::string(e.message()));
    }
    visiting_.erase(name);
  }

  // The entity type an edge endpoint property points at, searching inherited declarations.
  std::string endpoint_range(const std::string& name, const std::string& property) {
    std::vector<std::string> pending_schemata{name};
    while (!pending_schemata.empty()) {
      const auto current = pending_schemata.back();
      pending_schemata.pop_back();
      const auto& d = def(current);
      if (d.contains("properties") && d["properties"].contains(property)) {
        const auto range = str(d["properties"][property], "range", current + "." + property);
        if (range.empty()) fail(name + "." + property, "edge endpoint property has no 'range'");
        ensure_entity(range);
        return range;
      }
      for (const auto& p : parents(current)) pending_schemata.push_back(p);
    }
    fail(name, "edge endpoint property '" + property + "' is not declared");
  }

  const json& schemata_;
  std::string origin_;
  schema out_;
  std::set<std::string> visiting_;
};

}  // namespace

namespace schemas {

schema parse_followthemoney(std::string_view json_text, std::string_view origin) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e999
    throw format_error("format.bad_json", std::string(origin) + ": not valid JSON: " + detail::describe_json_error(e, json_text));
  }
  if (!doc.is_object() || !doc.contains("schemata") || !doc["schemata"].is_object())
    throw format_error("format.bad_model", std::string(origin) + ": expected an object with a 'schemata' object");
  try {
    return ftm_loader(doc["schemata"], std::string(origin)).run();
  } catch (const json::exception& e) {
    throw format_error("format.bad_model", std::string(origin) + ": unexpected JSON shape: " + detail::describe_json_error(e, {}));
  }
}

schema load_followthemoney(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("io.cannot_open", path.string() + ": cannot open for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_followthemoney(buffer.str(), path.string());
}

}  // namespace schemas

DOSSIER_NAMESPACE_END
