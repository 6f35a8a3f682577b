// dossier shell GRAPH: Cypher at a prompt, or a script from standard input (shell.hpp).
#include "commands.hpp"
#include "shell.hpp"

#include <unistd.h>

namespace dossier_tool {

using namespace dossier;

namespace {

// :save writes over GRAPH only when GRAPH is a snapshot: never over a JSON Lines file.
std::string snapshot_path(const std::string& path, const global_options& o) {
  return format_of(path, settings_of(o).format) == file_format::snapshot ? path : std::string();
}

}  // namespace

void add_shell(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, output = "table", as_of;
    double min_confidence = 0;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "shell",
                          "An interactive Cypher shell on a graph; with standard input not a terminal, runs it as a script");
  cmd->add_option("GRAPH", a->graph, "the graph (a file: standard input is the shell's)")->required();
  cmd->add_option("--output", a->output, "table, csv, json or jsonl, to begin with (:output changes it)")
      ->check(CLI::IsMember({"table", "csv", "json", "jsonl"}))
      ->type_name("MODE");
  cmd->add_option("--as-of", a->as_of, "to begin with, as :asof")->check(date_text())->type_name("DATE");
  cmd->add_option("--min-confidence", a->min_confidence, "to begin with, as :min-confidence")->check(probability())->type_name("C");
  cmd->footer(
      "Statements end with ';' and may span lines; :help lists the shell's commands.\n"
      "History: $DOSSIER_HISTORY, else ~/.dossier_history.\n"
      "Exit status: 0 success; 1 bad input, or a script's first failing statement (named by its line); 2 wrong usage.");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      if (a->graph == "-") throw usage_error("shell: standard input is the shell's; give GRAPH as a file");
      shell_session s{.g = open_graph(a->graph, inv.global), .save_path = snapshot_path(a->graph, inv.global), .settings = {},
                      .interactive = ::isatty(0) == 1};
      s.settings.output = parse_output(a->output);
      s.settings.as_of = optional_date(a->as_of);
      s.settings.min_confidence = a->min_confidence;
      return run_shell(s);
    };
  });
}

}  // namespace dossier_tool
