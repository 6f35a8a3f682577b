#pragma once
// JSON Lines interchange (docs/format.md). One record per line: an entity (sources are
// entities of type Document or a subtype) or a relation. Close to the FollowTheMoney shape:
//
//   {"id": "reuters", "schema": "Article", "name": "China quietly recruits ...",
//    "properties": {"publisher": ["Reuters"], "publishedAt": ["2023-08-24"]}}
//   {"id": "qiming", "schema": "Program", "name": "Qiming", "aliases": ["Kiming", {"name": "启明", "lang": "zh"}]}
//   {"id": "r1", "schema": "oversees", "source": "miit", "target": "qiming",
//    "citations": [{"source": "reuters", "quote": "...", "confidence": 0.9}], "valid": {"start": "2019"}}
//
// Import is all or nothing by default: every line is parsed and validated against the schema
// before the graph is touched, and the first bad line raises import_error naming the file,
// the line, the field and the problem. Relations may refer to entities defined later.

#include <dossier/config.hpp>
#include <dossier/error.hpp>
#include <dossier/store/graph.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

class import_error : public format_error {
 public:
  import_error(std::string origin, std::size_t line, std::string field, const std::string& problem)
      : format_error(origin + (line ? ":" + std::to_string(line) : std::string()) +  // line 0: the file as a whole
                     (field.empty() ? std::string() : ": field '" + field + "'") + ": " + problem),
        origin_(std::move(origin)), line_(line), field_(std::move(field)) {}
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& field() const noexcept { return field_; }

 private:
  std::string origin_;
  std::size_t line_;
  std::string field_;
};

struct import_progress {
  enum class phase : std::uint8_t { reading, validating, applying, done } stage;
  std::size_t lines = 0;    // lines read so far
  std::size_t records = 0;  // records handled in this phase so far
  std::size_t total = 0;    // records in the file (0 while reading)
};

struct import_issue {
  std::size_t line;
  std::string field;
  std::string problem;
};

struct import_options {
  bool skip_bad_lines = false;  // report bad records (and relations depending on them) instead of failing
  std::function<void(const import_progress&)> progress = {};
  std::size_t progress_every = 100'000;  // records between progress calls
  repeat_policy on_repeat = repeat_policy::merge;
};

struct import_report {
  std::size_t lines = 0, entities = 0, relations = 0, sources = 0;
  std::vector<import_issue> skipped;
  std::unordered_map<std::string, entity_id> ids;  // record id -> entity id
};

import_report import_jsonl(graph& g, std::istream& in, const import_options& options = {}, std::string_view origin = "<stream>");
import_report import_jsonl(graph& g, const std::filesystem::path& path, const import_options& options = {});

struct export_options {
  // When set, only these entities, and the relations among them (or the listed relations),
  // are written, with the sources their citations name.
  std::vector<entity_id> entities = {};
  std::vector<relation_id> relations = {};
};
// Entity ids are written as "e<N>" and relation ids as "r<N>".
void export_jsonl(const graph& g, std::ostream& out, const export_options& options = {});
void export_jsonl(const graph& g, const std::filesystem::path& path, const export_options& options = {});

DOSSIER_NAMESPACE_END
