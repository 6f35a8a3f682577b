// The dossier command-line tool: import, export, question and draw a knowledge graph, and run
// Cypher on it. Each subcommand lives in a cmd_*.cpp file (commands.hpp); this file parses the
// command line with CLI11 and turns what went wrong into the exit codes (tool.hpp).
#include "commands.hpp"

#include <dossier/version.hpp>

#include <iostream>
#include <vector>

using namespace dossier_tool;

namespace {

constexpr const char* footer = R"(GRAPH and INPUT are a snapshot written by `dossier import` or a file of any format: JSON Lines
(.jsonl), FollowTheMoney (.ijson), GraphML (.graphml), a directory of Neo4j admin-import CSV, or a
snapshot (.dossier); - is standard input. --format names the format; without it the name decides,
then the content, and a name and content that disagree are an error.

Progress goes to standard error when it is a terminal (-q: never); answers to standard output.
Exit status: 0 success, 1 bad input or no answer, 2 wrong usage.
Run 'dossier COMMAND --help' for a command's options.)";

std::string version_text() {
  return "dossier " DOSSIER_VERSION_STRING "\nreads snapshot format versions 1 to " + std::to_string(dossier::snapshot_format_version) +
         ", writes version " + std::to_string(dossier::snapshot_format_version);
}

std::string help_hint(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return "Run 'dossier " + (chosen.empty() ? std::string() : chosen.front()->get_name() + " ") + "--help' for usage.";
}

int usage(const CLI::App& app, const std::string& message) {
  std::cerr << "dossier: " << message << "\n" << help_hint(app) << "\n";
  return wrong_usage;
}

void add_commands(CLI::App& app, invocation& inv) {
  add_import(app, inv);
  add_export(app, inv);
  add_stats(app, inv);
  add_show(app, inv);
  add_list(app, inv);
  add_resolve(app, inv);
  add_linked(app, inv);
  add_path(app, inv);
  add_query(app, inv);
  add_shell(app, inv);
  add_dot(app, inv);
  add_schema(app, inv);
}

std::string nearest_option(const CLI::App& cmd, const std::string& given) {
  std::vector<std::string> names;
  for (const auto* option : cmd.get_options())
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  const auto best = nearest_name(given.substr(0, given.find('=')), names);
  return best.empty() ? std::string() : " (did you mean " + best + "?)";
}

// What was left over, named: an unknown command, an unknown option (with the nearest known
// one), or an argument too many.
std::optional<int> refuse_extras(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  if (const auto extra = app.remaining(); !extra.empty()) {
    if (chosen.empty() && !extra.front().starts_with('-')) return usage(app, "unknown command '" + extra.front() + "'");
    return usage(app, "unknown option '" + extra.front() + "'" + nearest_option(app, extra.front()));
  }
  if (chosen.empty()) return std::nullopt;
  const auto extra = chosen.front()->remaining();
  if (extra.empty()) return std::nullopt;
  if (extra.front().starts_with('-') && extra.front() != "-")
    return usage(app, "unknown option '" + extra.front() + "'" + nearest_option(*chosen.front(), extra.front()));
  return usage(app, "unexpected argument '" + extra.front() + "'");
}

// Parses; returns an exit code when the command line was not one to run (help, version, a mistake).
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage(app, e.what());
  }
  return refuse_extras(app);
}

}  // namespace

int main(int argc, char** argv) {
  invocation inv;
  CLI::App app{"dossier: a knowledge graph of entities, relations and their evidence", "dossier"};
  app.footer(footer);
  app.set_help_flag("-h,--help", "show this help (each command has its own)");
  app.set_version_flag("--version", version_text(), "the library's version and the snapshot formats it reads");
  add_global_options(app, inv.global, "the input's format (export: the output's); see below", true);
  add_commands(app, inv);
  app.require_subcommand(0, 1);
  // Extras are kept, not refused by CLI11, so that refuse_extras() can name them well.
  app.allow_extras(true);
  for (auto* cmd : app.get_subcommands({})) cmd->allow_extras(true);
  if (const auto done = parse(app, argc, argv)) return *done;
  if (!inv.run) {
    std::cerr << app.help();
    return wrong_usage;
  }
  try {
    return inv.run();
  } catch (const usage_error& e) {
    return usage(app, e.what());
  } catch (const input_error& e) {
    std::cerr << "dossier: " << e.what() << "\n";
  } catch (const dossier::error& e) {
    std::cerr << "dossier: " << e.what() << "\n";
  } catch (const std::exception& e) {  // out of memory and the like: still an answer, not a crash
    std::cerr << "dossier: " << e.what() << "\n";
  }
  return failure;
}
