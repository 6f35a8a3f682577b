#pragma once
// What every subcommand of the dossier tool shares: the options that hold everywhere, how a
// subcommand is registered, strict option checks, and the exit codes.

#include "graph_files.hpp"

#include <CLI/CLI.hpp>

#include <dossier/dossier.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier_tool {

// The README's promise: 0 success, 1 bad input or no answer, 2 wrong usage.
enum exit_code : int { success = 0, failure = 1, wrong_usage = 2 };

// The options every subcommand takes, before or after its name (dossier -q stats G, dossier
// stats G -q). --format is the format of what a command reads, except for export, which reads
// with --from and writes with --format.
struct global_options {
  bool quiet = false;
  std::string format;
  std::string schema;
  std::string ftm_model;
};

// What the command line chose: the subcommand's work, run once the whole line has parsed, so
// that a usage error anywhere on it stops before any file is read.
struct invocation {
  global_options global;
  std::function<int()> run;
};

// Adds -q, --format, --schema and --ftm-model to `cmd`, bound to `o` (the main app and every
// subcommand share one global_options). `format_help` says what --format means there; DOT is a
// --format only where it is written.
void add_global_options(CLI::App& cmd, global_options& o, const std::string& format_help, bool written = false);
inline const std::string input_format_help =
    "the input's format: jsonl, ftm, neo4j-csv, graphml, snapshot; default by the name, then by the content";
// A subcommand with its own --help, the global options and the footer every one has.
CLI::App* add_command(CLI::App& app, invocation& inv, const std::string& name, const std::string& description,
                      const std::string& format_help = input_format_help, bool written = false);

// Validators whose messages say what was expected: "--hops: '3x' is not a positive integer".
[[nodiscard]] CLI::Validator positive_integer();
[[nodiscard]] CLI::Validator probability();  // a number in [0, 1]
[[nodiscard]] CLI::Validator date_text();    // 2019, 2019-06, 2019-06-30
[[nodiscard]] CLI::Validator format_choice(bool for_output);

// The graph at `path` ("-" is standard input) read as the global options say.
[[nodiscard]] dossier::graph open_graph(const std::string& path, const global_options& o);
[[nodiscard]] read_settings settings_of(const global_options& o);

// The entity a command-line NAME stands for: an external id, else the best name match. When the
// match is not exact, standard error says which entity was taken (and its close rival), so that
// an answer about the wrong entity is never silent. not_found when nothing is close.
[[nodiscard]] dossier::entity_id named_entity(const dossier::graph& g, const std::string& name, const std::string& what);

// The one of `names` a typo of `given` most likely meant (at most two edits away), or empty.
[[nodiscard]] std::string nearest_name(std::string_view given, const std::vector<std::string>& names);

// A date given on the command line (already checked by date_text()).
[[nodiscard]] std::optional<dossier::date> optional_date(const std::string& text);

}  // namespace dossier_tool
