// The JSON Lines reader: each line becomes import records for the import pipeline.
#include <dossier/io/jsonl.hpp>

#include "detail/json_read.hpp"

#include <fstream>
#include <istream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;  // the JSON readers (detail/json_read.hpp)

// One value of a property: plain, or the rich form {"value": ..., "citations": [...], "valid": {...}}.
// Plain values carry the record's own citations and valid time.
import_value one_value(json_element item, const std::vector<import_citation>& record_cites, const valid_time& record_valid,
                       const std::string& field) {
  const auto rich = item.type() == json_type::OBJECT ? member(item, "value") : std::nullopt;
  if (!rich) return {value_from_json(item, field), record_cites, record_valid};
  import_value v{value_from_json(*rich, field), record_cites, record_valid};
  evidence_from_json(item, field, v);
  return v;
}

std::vector<import_property> to_properties(json_element props, const std::vector<import_citation>& cites, const valid_time& valid,
                                           bool entity) {
  if (props.type() != json_type::OBJECT) bad_json_field("properties", "must be an object");
  std::vector<import_property> out;
  for (const auto [key, val] : json_as<json_object>(props)) {
    if (entity && key == "name") continue;  // the entity's name (FtM style), read by the caller
    const std::string name(key);
    const std::string field = "properties." + name;
    // An array lists several values (FtM style), each its own statement.
    if (val.type() == json_type::ARRAY) {
      for (json_element item : json_as<json_array>(val)) out.push_back({name, one_value(item, cites, valid, field)});
    } else {
      out.push_back({name, one_value(val, cites, valid, field)});
    }
  }
  return out;
}

import_entity read_entity(std::size_t line, json_element doc) {
  import_entity e{line, need_string(doc, "id"), need_string(doc, "schema"), need_string(doc, "name", false)};
  const auto props = member(doc, "properties");
  if (e.name.empty() && props && props->type() == json_type::OBJECT) {  // FtM keeps names in properties.name
    if (const auto n = member(*props, "name")) {
      json_element first;
      if (n->type() == json_type::ARRAY && n->at(0).get(first) == simdjson::SUCCESS && first.type() == json_type::STRING)
        e.name = string_of(first, "name");
      else if (n->type() == json_type::STRING)
        e.name = string_of(*n, "name");
    }
  }
  if (const auto a = member(doc, "aliases")) e.aliases = aliases_from_json(*a);
  std::vector<import_citation> cites;
  if (const auto c = member(doc, "citations")) cites = citations_from_json(*c, "citations");
  valid_time valid;
  if (const auto v = member(doc, "valid")) valid = valid_from_json(*v, "valid");
  if (props) e.properties = to_properties(*props, cites, valid, true);
  return e;
}

import_relation read_relation(std::size_t line, json_element doc) {
  import_relation r{.line = line, .id = need_string(doc, "id", false), .type = need_string(doc, "schema"),
                    .source = need_string(doc, "source"), .target = need_string(doc, "target")};
  if (const auto c = member(doc, "citations")) r.citations = citations_from_json(*c, "citations");
  if (const auto v = member(doc, "valid")) r.valid = valid_from_json(*v, "valid");
  if (const auto props = member(doc, "properties")) r.properties = to_properties(*props, {}, {}, false);
  return r;
}

bool is_relation(json_element doc) { return member(doc, "source") || member(doc, "target"); }

// The header record an export starts with: {"header": {"format": "dossier-jsonl", "version": 1,
// "schema": NAME}}. A file may name a schema other than the graph's: then nothing fits.
void read_header(const graph& g, import_pipeline& pipeline, std::size_t line, json_element header, bool first) {
  if (!first) return pipeline.bad_record(line, "header", "import.bad_header", "a header must be the first record");
  if (header.type() != json_type::OBJECT) return pipeline.bad_record(line, "header", "import.bad_header", "must be an object");
  const auto schema_name = member(header, "schema");
  if (!schema_name) return;
  if (schema_name->type() != json_type::STRING) return pipeline.bad_record(line, "header.schema", "import.bad_header", "must be a string");
  const std::string named(json_as<std::string_view>(*schema_name));
  if (!g.schema().name().empty() && !named.empty() && named != g.schema().name())
    pipeline.bad_record(line, "header.schema", "import.wrong_schema",
                        "the file was written with the schema " + quote(named) + ", the graph has " + quote(g.schema().name()));
}

// A line that does not parse: too deep, or not JSON.
void refuse(import_pipeline& pipeline, std::size_t line, const std::string& text, simdjson::error_code code) {
  if (code == simdjson::DEPTH_ERROR)
    return pipeline.bad_record(line, "", "import.too_deep", "JSON nests more than " + std::to_string(max_json_depth) + " levels deep");
  pipeline.bad_record(line, "", "import.bad_json", "not valid JSON: " + why_not_json(text, code));
}

void read_line(const graph& g, import_pipeline& pipeline, json_parser& parser, std::size_t line, std::string& text, bool first) {
  json_element doc;
  if (const auto code = parser.parse(text, doc); code != simdjson::SUCCESS) return refuse(pipeline, line, text, code);
  if (doc.type() != json_type::OBJECT) return pipeline.bad_record(line, "", "import.bad_record", "a record must be a JSON object");
  if (const auto header = member(doc, "header")) return read_header(g, pipeline, line, *header, first);
  try {
    if (is_relation(doc)) pipeline.relation(read_relation(line, doc));
    else pipeline.entity(read_entity(line, doc));
  } catch (const json_field_error& b) {
    pipeline.bad_record(line, b.field, b.id, b.problem);
  }
}

}  // namespace

import_report import_jsonl(graph& g, std::istream& in, const import_options& options, std::string_view origin) {
  import_pipeline pipeline(g, options, std::string(origin), {.type = "schema"});
  json_parser parser;
  std::string text;
  std::size_t line = 0;
  bool first_record = true;
  while (std::getline(in, text)) {
    ++line;
    if (line == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a byte-order mark
    if (!text.empty() && text.back() == '\r') text.pop_back();
    pipeline.read_line(line);
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '#') continue;  // blank lines and comments
    read_line(g, pipeline, parser, line, text, first_record);
    first_record = false;
  }
  if (in.bad()) throw import_error("io.read_failed", std::string(origin), line, "", "read failed");
  pipeline.read_line(line);
  return pipeline.finish();
}

std::optional<std::string> jsonl_schema_name(std::istream& in) {
  std::string text;
  json_parser parser;
  while (std::getline(in, text)) {
    const auto first = text.find_first_not_of(" \t\xEF\xBB\xBF");
    if (first == std::string::npos || text[first] == '#') continue;
    json_element doc;
    if (parser.parse_copy(std::string_view(text).substr(first), doc) != simdjson::SUCCESS || doc.type() != json_type::OBJECT)
      return std::nullopt;
    const auto header = member(doc, "header");
    const auto name = header && header->type() == json_type::OBJECT ? member(*header, "schema") : std::nullopt;
    if (name && name->type() == json_type::STRING) return std::string(json_as<std::string_view>(*name));
    return std::nullopt;  // the first record is not a header
  }
  return std::nullopt;
}

import_report import_jsonl(graph& g, const std::filesystem::path& path, const import_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("io.cannot_open", path.string() + ": cannot open for reading");
  return import_jsonl(g, in, options, path.string());
}

DOSSIER_NAMESPACE_END
