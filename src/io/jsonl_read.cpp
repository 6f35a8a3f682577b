// The JSON Lines reader: each line becomes import records for the import pipeline.
// nlohmann/json stays in this translation unit (and jsonl_write.cpp).
#include <dossier/io/jsonl.hpp>

#include "../schema/detail/json_message.hpp"

#include "detail/json_values.hpp"

#include <fstream>
#include <istream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;  // the JSON value readers (detail/json_values.hpp)

// One value of a property: plain, or the rich form {"value": ..., "citations": [...], "valid": {...}}.
// Plain values carry the record's own citations and valid time.
import_value one_value(const json& item, const std::vector<import_citation>& record_cites, const valid_time& record_valid,
                       const std::string& field) {
  if (!item.is_object() || !member(item, "value")) return {value_from_json(item, field), record_cites, record_valid};
  import_value v{value_from_json(item["value"], field), record_cites, record_valid};
  evidence_from_json(item, field, v);
  return v;
}

std::vector<import_property> to_properties(const json& props, const std::vector<import_citation>& cites, const valid_time& valid,
                                           bool entity) {
  if (!props.is_object()) bad_json_field("properties", "must be an object");
  std::vector<import_property> out;
  for (auto it = props.begin(); it != props.end(); ++it) {
    if (entity && it.key() == "name") continue;  // the entity's name (FtM style), read by the caller
    const std::string field = "properties." + it.key();
    // An array lists several values (FtM style), each its own statement.
    if (it->is_array()) {
      for (const auto& item : *it) out.push_back({it.key(), one_value(item, cites, valid, field)});
    } else {
      out.push_back({it.key(), one_value(*it, cites, valid, field)});
    }
  }
  return out;
}

import_entity read_entity(std::size_t line, const json& doc) {
  import_entity e{line, need_string(doc, "id"), need_string(doc, "schema"), need_string(doc, "name", false)};
  const json* props = member(doc, "properties");
  if (e.name.empty() && props && props->is_object()) {  // FtM keeps names in properties.name
    if (const json* n = member(*props, "name")) {
      if (n->is_array() && !n->empty() && (*n)[0].is_string()) e.name = (*n)[0].get<std::string>();
      else if (n->is_string()) e.name = n->get<std::string>();
      if (!is_valid_utf8(e.name)) bad_json_field("name", "is not valid UTF-8", "value.invalid_utf8");
    }
  }
  if (const json* a = member(doc, "aliases")) e.aliases = aliases_from_json(*a);
  std::vector<import_citation> cites;
  if (const json* c = member(doc, "citations")) cites = citations_from_json(*c, "citations");
  valid_time valid;
  if (const json* v = member(doc, "valid")) valid = valid_from_json(*v, "valid");
  if (props) e.properties = to_properties(*props, cites, valid, true);
  return e;
}

import_relation read_relation(std::size_t line, const json& doc) {
  import_relation r{.line = line, .id = need_string(doc, "id", false), .type = need_string(doc, "schema"),
                    .source = need_string(doc, "source"), .target = need_string(doc, "target")};
  if (const json* c = member(doc, "citations")) r.citations = citations_from_json(*c, "citations");
  if (const json* v = member(doc, "valid")) r.valid = valid_from_json(*v, "valid");
  if (const json* props = member(doc, "properties")) r.properties = to_properties(*props, {}, {}, false);
  return r;
}

bool is_relation(const json& doc) { return member(doc, "source") || member(doc, "target"); }

// The header record an export starts with: {"header": {"format": "dossier-jsonl", "version": 1,
// "schema": NAME}}. A file may name a schema other than the graph's: then nothing fits.
void read_header(const graph& g, import_pipeline& pipeline, std::size_t line, const json& header, bool first) {
  if (!first) return pipeline.bad_record(line, "header", "import.bad_header", "a header must be the first record");
  if (!header.is_object()) return pipeline.bad_record(line, "header", "import.bad_header", "must be an object");
  const json* schema_name = member(header, "schema");
  if (!schema_name) return;
  if (!schema_name->is_string()) return pipeline.bad_record(line, "header.schema", "import.bad_header", "must be a string");
  const auto named = schema_name->get<std::string>();
  if (!g.schema().name().empty() && !named.empty() && named != g.schema().name())
    pipeline.bad_record(line, "header.schema", "import.wrong_schema",
                        "the file was written with the schema " + quote(named) + ", the graph has " + quote(g.schema().name()));
}

void read_line(const graph& g, import_pipeline& pipeline, std::size_t line, std::string_view text, bool first) {
  if (const int depth = json_depth(text); depth > max_json_depth)
    return pipeline.bad_record(line, "", "import.too_deep", "JSON nests " + std::to_string(depth) + " levels deep; at most " +
                                                                std::to_string(max_json_depth) + " are read");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e999
    return pipeline.bad_record(line, "", "import.bad_json", "not valid JSON: " + detail::describe_json_error(e, text));
  }
  if (!doc.is_object()) return pipeline.bad_record(line, "", "import.bad_record", "a record must be a JSON object");
  if (const json* header = member(doc, "header")) return read_header(g, pipeline, line, *header, first);
  try {
    if (is_relation(doc)) pipeline.relation(read_relation(line, doc));
    else pipeline.entity(read_entity(line, doc));
  } catch (const json_field_error& b) {
    pipeline.bad_record(line, b.field, b.id, b.problem);
  } catch (const json::exception& e) {  // a value of an unexpected JSON type deep inside
    pipeline.bad_record(line, "", "import.bad_record", detail::describe_json_error(e, {}));
  }
}

}  // namespace

import_report import_jsonl(graph& g, std::istream& in, const import_options& options, std::string_view origin) {
  import_pipeline pipeline(g, options, std::string(origin), {.type = "schema"});
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
    read_line(g, pipeline, line, text, first_record);
    first_record = false;
  }
  if (in.bad()) throw import_error("io.read_failed", std::string(origin), line, "", "read failed");
  pipeline.read_line(line);
  return pipeline.finish();
}

std::optional<std::string> jsonl_schema_name(std::istream& in) {
  std::string text;
  while (std::getline(in, text)) {
    const auto first = text.find_first_not_of(" \t\xEF\xBB\xBF");
    if (first == std::string::npos || text[first] == '#') continue;
    if (json_depth(text) > max_json_depth) return std::nullopt;
    try {
      const auto doc = json::parse(text.substr(first));
      const json* header = doc.is_object() ? member(doc, "header") : nullptr;
      const json* name = header && header->is_object() ? member(*header, "schema") : nullptr;
      if (name && name->is_string()) return name->get<std::string>();
    } catch (const json::exception&) {
    }
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
