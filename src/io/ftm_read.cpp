// The FollowTheMoney reader: each line's entity becomes import records (io/ftm.hpp).
#include <dossier/io/ftm.hpp>

#include "../schema/detail/json_message.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <istream>
#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace {

using json = nlohmann::json;

struct bad_field {
  std::string field, problem;
};

const json* member(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string text_of(const json& v, const std::string& field) {
  if (v.is_string()) {
    auto s = v.get<std::string>();
    if (!is_valid_utf8(s)) throw bad_field{field, "is not valid UTF-8"};
    return s;
  }
  if (v.is_number() || v.is_boolean()) return v.dump();  // FtM values are text; tolerate typed ones
  throw bad_field{field, "values must be strings"};
}

std::vector<std::string> values_of(const json& v, const std::string& field) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& item : v) out.push_back(text_of(item, field));
  } else if (!v.is_null()) {
    out.push_back(text_of(v, field));
  }
  return out;
}

class ftm_reader {
 public:
  ftm_reader(const graph& g, import_pipeline& pipeline) : s_(g.schema()), pipeline_(pipeline) {
    if (!s_.try_entity_type("Document"))
      throw schema_error("schema.not_followthemoney", "reading FollowTheMoney needs its model as the schema (no 'Document' type)");
  }

  void line(std::size_t number, const json& doc) {
    const auto id = need(doc, "id");
    const auto schema_name = need(doc, "schema");
    const json* props = member(doc, "properties");
    if (props && !props->is_object()) throw bad_field{"properties", "must be an object"};
    static const json empty = json::object();
    const json& properties = props ? *props : empty;
    const auto cites = citations(number, doc);
    if (const auto edge = s_.try_relation_type(schema_name); edge && !s_.info(*edge).source_property.empty())
      return this->edge(number, id, *edge, properties, cites, doc);
    if (!s_.try_entity_type(schema_name))
      throw bad_field{"schema", "unknown FollowTheMoney schema " + quote(schema_name)};
    entity(number, id, schema_name, properties, cites, doc);
  }

 private:
  static std::string need(const json& doc, const char* key) {
    const json* v = member(doc, key);
    if (!v || !v->is_string() || v->get<std::string>().empty()) throw bad_field{key, "must be a non-empty string"};
    return text_of(*v, key);
  }

  // One citation per dataset, of the dataset's source, seen when the record says.
  std::vector<import_citation> citations(std::size_t number, const json& doc) {
    std::vector<import_citation> out;
    const json* datasets = member(doc, "datasets");
    if (!datasets) return out;
    std::optional<date> first, last;
    const auto seen = [&](const char* key) -> std::optional<date> {
      const json* v = member(doc, key);
      if (!v || v->is_null()) return std::nullopt;
      const auto d = try_parse_date(text_of(*v, key));
      if (!d) throw bad_field{key, "is not a date"};
      return d;
    };
    first = seen("first_seen");
    last = seen("last_seen");
    for (const auto& name : values_of(*datasets, "datasets")) {
      const auto source = "dataset:" + name;
      if (datasets_.insert(source).second) pipeline_.entity({.line = number, .id = source, .type = "Document", .name = name, .implied = true});
      out.push_back({.source = source, .first_seen = first, .last_seen = last});
    }
    return out;
  }

  // target, caption and last_change: FtM fields beside the properties, kept as properties.
  static void fields(const json& doc, const std::vector<import_citation>& cites, std::vector<import_property>& out) {
    if (const json* t = member(doc, "target"); t && t->is_boolean()) out.push_back({"target", {value{t->get<bool>()}, cites}});
    if (const json* c = member(doc, "caption"); c && c->is_string()) out.push_back({"caption", {value{text_of(*c, "caption")}, cites}});
    if (const json* l = member(doc, "last_change"); l && l->is_string())
      out.push_back({"last_change", {value{text_of(*l, "last_change")}, cites}});
  }

  void entity(std::size_t number, const std::string& id, const std::string& type_name, const json& properties,
              const std::vector<import_citation>& cites, const json& doc) {
    const auto type = s_.entity_type(type_name);
    import_entity e{.line = number, .id = id, .type = type_name};
    for (auto it = properties.begin(); it != properties.end(); ++it) {
      const auto& name = it.key();
      const auto field = "properties." + name;
      auto values = values_of(*it, field);
      if (name == "name" || name == "alias") {
        for (auto& v : values) {
          if (e.name.empty() && name == "name") e.name = std::move(v);
          else if (!v.empty()) e.aliases.emplace_back(std::move(v));
        }
        continue;
      }
      if (const auto reference = reference_type(type, name)) {
        for (auto& target : values)
          pipeline_.relation({.line = number, .type = *reference, .source = id, .target = std::move(target), .citations = cites});
        continue;
      }
      for (auto& v : values) e.properties.push_back({name, {value{std::move(v)}, cites}});
    }
    fields(doc, cites, e.properties);
    pipeline_.entity(std::move(e));
  }

  // The relation type an entity-typed property of a node schema stands for ("Thing:addressEntity").
  std::optional<std::string> reference_type(entity_type_id type, const std::string& property) const {
    const auto pid = s_.try_property(property);
    const auto* def = pid ? s_.find_property(type, *pid) : nullptr;
    if (!def || def->semantic != "entity") return std::nullopt;
    auto name = def->declared_by + ":" + property;
    if (!s_.try_relation_type(name)) return std::nullopt;
    return name;
  }

  void edge(std::size_t number, const std::string& id, relation_type_id type, const json& properties,
            const std::vector<import_citation>& cites, const json& doc) {
    const auto& info = s_.info(type);
    std::vector<std::string> sources, targets;
    std::vector<import_property> rest;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
      auto values = values_of(*it, "properties." + it.key());
      if (it.key() == info.source_property) sources = std::move(values);
      else if (it.key() == info.target_property) targets = std::move(values);
      else
        for (auto& v : values) rest.push_back({it.key(), {value{std::move(v)}, cites}});
    }
    fields(doc, cites, rest);
    if (sources.empty()) throw bad_field{"properties." + info.source_property, "an edge needs its source"};
    if (targets.empty()) throw bad_field{"properties." + info.target_property, "an edge needs its target"};
    // One relation per pair of ends (DESIGN.md §4), all with the edge's id.
    for (const auto& source : sources)
      for (const auto& target : targets)
        pipeline_.relation(
            {.line = number, .id = id, .type = info.name, .source = source, .target = target, .properties = rest, .citations = cites});
  }

  const schema& s_;
  import_pipeline& pipeline_;
  std::set<std::string> datasets_;
};

}  // namespace

import_report import_ftm(graph& g, std::istream& in, const import_options& options, std::string_view origin) {
  import_pipeline pipeline(g, options, std::string(origin), {.type = "schema"});
  ftm_reader reader(g, pipeline);
  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a byte-order mark
    if (!text.empty() && text.back() == '\r') text.pop_back();
    pipeline.read_line(number);
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::exception& e) {
      pipeline.bad_record(number, "", "import.bad_json", "not valid JSON: " + detail::describe_json_error(e, text));
      continue;
    }
    if (!doc.is_object()) {
      pipeline.bad_record(number, "", "import.bad_record", "a FollowTheMoney entity must be a JSON object");
      continue;
    }
    try {
      reader.line(number, doc);
    } catch (const bad_field& b) {
      pipeline.bad_record(number, b.field, "import.bad_field", b.problem);
    } catch (const json::exception& e) {
      pipeline.bad_record(number, "", "import.bad_record", detail::describe_json_error(e, {}));
    }
  }
  if (in.bad()) throw import_error("io.read_failed", std::string(origin), number, "", "read failed");
  pipeline.read_line(number);
  return pipeline.finish();
}

import_report import_ftm(graph& g, const std::filesystem::path& path, const import_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("io.cannot_open", path.string() + ": cannot open for reading");
  return import_ftm(g, in, options, path.string());
}

DOSSIER_NAMESPACE_END
