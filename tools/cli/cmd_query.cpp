// dossier query: one Cypher statement on a graph.
#include "commands.hpp"
#include "cypher_output.hpp"
#include "cypher_run.hpp"

#include <iostream>

namespace dossier_tool {

using namespace dossier;

namespace {

struct query_args {
  std::string graph, statement, output = "table", as_of;
  std::vector<std::string> params;
  double min_confidence = 0;
  bool write = false;
};

// --write saves over GRAPH, so GRAPH must be a snapshot file: writing a snapshot over a JSON
// Lines file would replace the user's data with another format.
void check_writable(const query_args& a, const global_options& o) {
  if (a.graph == "-") throw usage_error("--write saves the graph where it was read from: GRAPH cannot be standard input");
  if (format_of(a.graph, settings_of(o).format) != file_format::snapshot)
    throw usage_error("--write saves a snapshot over GRAPH, which is not one: import it first (dossier import " + a.graph +
                      " -o GRAPH.dossier)");
}

int run_query(const query_args& a, const global_options& o) {
  cypher_settings settings{.params = {}, .as_of = optional_date(a.as_of), .min_confidence = a.min_confidence, .output = parse_output(a.output)};
  for (const auto& p : a.params) {
    auto [name, value] = parse_parameter(p);
    settings.params.insert_or_assign(std::move(name), std::move(value));
  }
  const auto statement = cypher_statement::prepare(a.statement);
  if (statement.writes() && !a.write)
    throw usage_error("the statement changes the graph: give --write to run it and save the graph");
  if (a.write) check_writable(a, o);
  auto g = open_graph(a.graph, o);
  const sigint_catcher ctrl_c;  // Ctrl-C cancels the statement; the snapshot is then left as it was
  const auto result = run_interruptible(g, statement, settings, a.write);
  print_result(std::cout, g, result, settings.output);
  if (changed_anything(result.counters)) {
    save(g, a.graph);  // atomic: a crash leaves the previous snapshot whole
    // The answer stays machine-readable: what changed goes beside it on standard error.
    auto& note = settings.output == output_mode::table ? std::cout : std::cerr;
    if (settings.output == output_mode::table || !o.quiet) note << counters_text(result.counters) << "; saved " << a.graph << "\n";
  }
  return success;
}

}  // namespace

void add_query(CLI::App& app, invocation& inv) {
  auto a = std::make_shared<query_args>();
  auto* cmd = add_command(app, inv, "query", "Run one Cypher statement (docs/cypher.md) and print its rows");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input, except with --write)")->required();
  cmd->add_option("STATEMENT", a->statement, "the statement, e.g. 'MATCH (p:Program) RETURN p.name' (EXPLAIN or PROFILE before it)")
      ->required();
  cmd->add_option("--param", a->params, "a parameter, $name in the statement; the value is Cypher: n=3, name='Qiming', l=[1, 2]")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--output", a->output, "table (aligned, paths with their evidence), csv, json or jsonl (one object per row)")
      ->check(CLI::IsMember({"table", "csv", "json", "jsonl"}))
      ->type_name("MODE");
  cmd->add_option("--as-of", a->as_of, "see only relations and entities that held on this date")->check(date_text())->type_name("DATE");
  cmd->add_option("--min-confidence", a->min_confidence, "see only relations cited with at least this confidence")->check(probability())->type_name("C");
  cmd->add_flag("--write", a->write, "allow CREATE, MERGE, SET, REMOVE and DELETE, and save the graph (a snapshot) atomically");
  cmd->callback([&inv, a] { inv.run = [&inv, a] { return run_query(*a, inv.global); }; });
}

}  // namespace dossier_tool
