// The FollowTheMoney reader: each line's entity becomes import records (io/ftm.hpp).
#include <dossier/io/ftm.hpp>

#include "detail/json_read.hpp"
#include "detail/value_text.hpp"

#include <fstream>
#include <istream>
#include <set>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;  // the JSON readers (detail/json_read.hpp)
using element = json_element;
using object = json_object;
using element_type = json_type;

struct bad_field {
  std::string field, problem;
  std::string id = "import.bad_field";
};

std::string text_of(element v, const std::string& field) {
  switch (v.type()) {
    case element_type::STRING: {
      std::string s(json_as<std::string_view>(v));
      // simdjson validates the bytes; escapes can still spell a lone surrogate.
      if (!is_valid_utf8(s)) throw bad_field{field, "is not valid UTF-8"};
      return s;
    }
    // FtM values are text; typed ones are tolerated and kept as their JSON text.
    case element_type::INT64: return std::to_string(json_as<std::int64_t>(v));
    case element_type::UINT64: return std::to_string(json_as<std::uint64_t>(v));
    case element_type::DOUBLE: return real_text(json_as<double>(v));
    case element_type::BOOL: return json_as<bool>(v) ? "true" : "false";
    default: throw bad_field{field, "values must be strings"};
  }
}

std::vector<std::string> values_of(element v, const std::string& field) {
  std::vector<std::string> out;
  if (v.type() == element_type::ARRAY) {
    for (element item : json_as<json_array>(v)) out.push_back(text_of(item, field));
  } else if (v.type() != element_type::NULL_VALUE) {
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

  void line(std::size_t number, element doc) {
    const auto id = need(doc, "id");
    const auto schema_name = need(doc, "schema");
    const auto props = member(doc, "properties");
    if (props && props->type() != element_type::OBJECT) throw bad_field{"properties", "must be an object"};
    const auto properties = props ? std::optional(json_as<object>(*props)) : std::nullopt;
    const auto cites = citations(number, doc);
    if (const auto edge = s_.try_relation_type(schema_name); edge && !s_.info(*edge).source_property.empty())
      return this->edge(number, id, *edge, properties, cites, doc);
    if (!s_.try_entity_type(schema_name))
      throw bad_field{"schema", "unknown FollowTheMoney schema " + quote(schema_name)};
    entity(number, id, schema_name, properties, cites, doc);
  }

 private:
  static std::string need(element doc, const char* key) {
    const auto v = member(doc, key);
    if (!v || v->type() != element_type::STRING || json_as<std::string_view>(*v).empty()) throw bad_field{key, "must be a non-empty string"};
    return text_of(*v, key);
  }

  // One citation per dataset, of the dataset's source, seen when the record says.
  std::vector<import_citation> citations(std::size_t number, element doc) {
    std::vector<import_citation> out;
    const auto datasets = member(doc, "datasets");
    if (!datasets) return out;
    std::optional<date> first, last;
    const auto seen = [&](const char* key) -> std::optional<date> {
      const auto v = member(doc, key);
      if (!v || v->type() == element_type::NULL_VALUE) return std::nullopt;
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
  static void fields(element doc, const std::vector<import_citation>& cites, std::vector<import_property>& out) {
    if (const auto t = member(doc, "target"); t && t->type() == element_type::BOOL)
      out.push_back({"target", {value{json_as<bool>(*t)}, cites}});
    if (const auto c = member(doc, "caption"); c && c->type() == element_type::STRING)
      out.push_back({"caption", {value{text_of(*c, "caption")}, cites}});
    if (const auto l = member(doc, "last_change"); l && l->type() == element_type::STRING)
      out.push_back({"last_change", {value{text_of(*l, "last_change")}, cites}});
  }

  void entity(std::size_t number, const std::string& id, const std::string& type_name, std::optional<object> properties,
              const std::vector<import_citation>& cites, element doc) {
    const auto type = s_.entity_type(type_name);
    import_entity e{.line = number, .id = id, .type = type_name};
    if (properties) for (const auto [key, val] : *properties) {
      const std::string name(key);
      const auto field = "properties." + name;
      auto values = values_of(val, field);
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

  void edge(std::size_t number, const std::string& id, relation_type_id type, std::optional<object> properties,
            const std::vector<import_citation>& cites, element doc) {
    // The relations of one edge share its id, and an export regroups them by it: a second edge
    // with that id would come back merged into the first.
    if (const auto [first, fresh] = edge_lines_.try_emplace(id, number); !fresh)
      throw bad_field{"id", quote(id) + " is already used on line " + std::to_string(first->second), "import.duplicate_id"};
    const auto& info = s_.info(type);
    std::vector<std::string> sources, targets;
    std::vector<import_property> rest;
    if (properties) for (const auto [key, val] : *properties) {
      const std::string name(key);
      auto values = values_of(val, "properties." + name);
      if (name == info.source_property) sources = std::move(values);
      else if (name == info.target_property) targets = std::move(values);
      else
        for (auto& v : values) rest.push_back({name, {value{std::move(v)}, cites}});
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
  std::unordered_map<std::string, std::size_t> edge_lines_;  // edge id -> the line that has it
};

}  // namespace

import_report import_ftm(graph& g, std::istream& in, const import_options& options, std::string_view origin) {
  import_pipeline pipeline(g, options, std::string(origin), {.type = "schema"});
  ftm_reader reader(g, pipeline);
  json_parser parser;
  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a byte-order mark
    if (!text.empty() && text.back() == '\r') text.pop_back();
    pipeline.read_line(number);
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    element doc;
    if (const auto code = parser.parse(text, doc); code != simdjson::SUCCESS) {
      if (code == simdjson::DEPTH_ERROR)
        pipeline.bad_record(number, "", "import.too_deep", "JSON nests more than " + std::to_string(max_json_depth) + " levels deep");
      else
        pipeline.bad_record(number, "", "import.bad_json", "not valid JSON: " + why_not_json(text, code));
      continue;
    }
    if (doc.type() != element_type::OBJECT) {
      pipeline.bad_record(number, "", "import.bad_record", "a FollowTheMoney entity must be a JSON object");
      continue;
    }
    try {
      reader.line(number, doc);
    } catch (const bad_field& b) {
      pipeline.bad_record(number, b.field, b.id, b.problem);
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
