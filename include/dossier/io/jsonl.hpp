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
// Import goes through the import pipeline (io/import.hpp): all or nothing by default, every line
// parsed and checked against the schema before the graph is touched, and the first bad line
// raising import_error naming the file, the line, the field and the problem. Relations and
// citations may refer to entities defined later. A record is a relation when it has "source" or
// "target"; values nest at most config::max_value_depth lists deep, and a line at most 64 JSON
// levels.

#include <dossier/core/config.hpp>
#include <dossier/core/error.hpp>
#include <dossier/io/import.hpp>
#include <dossier/store/graph.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <iosfwd>
#include <string>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// An export starts with a header record naming its schema ({"header": {"format": "dossier-jsonl",
// "version": 1, "schema": "investigations"}}); importing it into a graph of another named schema
// fails at the header ([dossier.import.wrong_schema]). jsonl_schema_name reads that name, so that a
// tool can make the right graph first; nullopt when the file has no header.
[[nodiscard]] std::optional<std::string> jsonl_schema_name(std::istream& in);

import_report import_jsonl(graph& g, std::istream& in, const import_options& options = {}, std::string_view origin = "<stream>");
import_report import_jsonl(graph& g, const std::filesystem::path& path, const import_options& options = {});

struct export_options {
  // When set, only these entities, and the relations among them (or the listed relations),
  // are written, with the sources their citations name.
  std::vector<entity_id> entities = {};
  std::vector<relation_id> relations = {};
};
// Entity ids are written as their external ids, and as "e<N>" for entities without one (made
// unique against the external ids); relation ids likewise, "r<N>" without one.
void export_jsonl(const graph& g, std::ostream& out, const export_options& options = {});
void export_jsonl(const graph& g, const std::filesystem::path& path, const export_options& options = {});

DOSSIER_NAMESPACE_END
