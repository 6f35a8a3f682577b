#pragma once
// The dossier tool's graph files: every format the library reads and writes, chosen by --format
// or by the file's name, checked against the file's content, and the schema a file is read with
// (--schema).

#include <dossier/dossier.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dossier_tool {

// Wrong usage: exit code 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Input that is not what it was said to be, found by the tool (the library's own errors carry
// their ids): exit code 1.
struct input_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class file_format { snapshot, jsonl, ftm, neo4j_csv, graphml, dot };

// "jsonl", "ftm", "neo4j-csv", "graphml", "dot", "snapshot"; usage_error for anything else.
[[nodiscard]] file_format parse_format(const std::string& name);
[[nodiscard]] const char* format_name(file_format f);
// By the name alone: .dossier, .jsonl/.ndjson, .ijson/.ftm.json, .graphml, .dot/.gv.
[[nodiscard]] std::optional<file_format> format_by_name(const std::string& path);

// What the first bytes of a file look like, to check a format against (and to choose one when
// neither --format nor the name does).
enum class content_kind { empty, snapshot, binary, json, xml, text };
[[nodiscard]] content_kind sniff(std::string_view head);

// The format to read `path` with: `named` (--format), else by its name, else by `head` (its
// first bytes); input_error when the content plainly is something else than that format, so
// that a snapshot is never parsed as JSON nor JSON as a snapshot.
[[nodiscard]] file_format choose_format(const std::string& path, std::optional<file_format> named, std::string_view head);

// The format a file (not "-") would be read with: a directory is Neo4j CSV, else choose_format
// on its first bytes.
[[nodiscard]] file_format format_of(const std::string& path, std::optional<file_format> named);

struct read_settings {
  std::optional<file_format> format;
  std::string schema;     // "builtin", "ftm" or a FollowTheMoney model file; empty: the file's own
  std::string ftm_model;  // for "ftm": the model file (else $DOSSIER_FTM_MODEL)
  bool quiet = false;
};

// Reads a graph ("-" is standard input). On a terminal, standard error shows progress and what
// was read; -q, a pipe or a log get nothing but warnings.
[[nodiscard]] dossier::graph read_graph(const std::string& path, const read_settings& settings);
// A FollowTheMoney model file, its byte-order mark dropped so that no message shows it.
[[nodiscard]] dossier::schema read_ftm_model(const std::string& path);
// The whole graph as a picture shows it: every entity but the sources (cited, not drawn).
[[nodiscard]] dossier::subgraph without_sources(const dossier::graph& g);

// Writes it ("-" is standard output; Neo4j CSV needs a directory; a snapshot goes to standard
// output only when that is not a terminal). Returns what was written.
std::string write_graph(const dossier::graph& g, const std::string& path, file_format format);

// True when standard error is a terminal: the only place progress goes.
[[nodiscard]] bool stderr_is_terminal();

}  // namespace dossier_tool
