#pragma once
// The dossier tool's graph files: every format the library reads and writes, chosen by --format
// or by the file's name, and the schema a file is read with (--schema).

#include <dossier/dossier.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dossier_tool {

// Wrong usage: exit code 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class file_format { snapshot, jsonl, ftm, neo4j_csv, graphml, dot };

// "jsonl", "ftm", "neo4j-csv", "graphml", "dot", "snapshot"; usage_error for anything else.
[[nodiscard]] file_format parse_format(const std::string& name);
[[nodiscard]] const char* format_name(file_format f);
// By the name alone: .dossier, .jsonl/.ndjson, .ijson/.ftm.json, .graphml, .dot/.gv.
[[nodiscard]] std::optional<file_format> format_by_name(const std::string& path);
// By the name: .dossier, .jsonl/.ndjson, .ijson/.ftm.json, .graphml, .dot, a directory (Neo4j
// CSV); then by the content (a snapshot's magic, else JSON Lines).
[[nodiscard]] file_format detect_format(const std::string& path);

struct read_settings {
  std::optional<file_format> format;
  std::string schema;     // "builtin", "ftm" or a FollowTheMoney model file; empty: the file's own
  std::string ftm_model;  // for "ftm": the model file (else $DOSSIER_FTM_MODEL)
  bool quiet = false;
};

// Reads a graph ("-" is standard input) and says on standard error what was read.
[[nodiscard]] dossier::graph read_graph(const std::string& path, const read_settings& settings);
// The whole graph as a picture shows it: every entity but the sources (cited, not drawn).
[[nodiscard]] dossier::subgraph without_sources(const dossier::graph& g);

// Writes it ("-" is standard output; Neo4j CSV needs a directory). Returns what was written.
std::string write_graph(const dossier::graph& g, const std::string& path, file_format format);

}  // namespace dossier_tool
