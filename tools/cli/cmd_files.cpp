// dossier import, export and dot: graphs in and out of files.
#include "commands.hpp"

#include <iostream>

namespace dossier_tool {

using namespace dossier;

void add_import(CLI::App& app, invocation& inv) {
  struct args {
    std::string input, output;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "import", "Check a file of any format and save it as a snapshot");
  cmd->add_option("INPUT", a->input, "the file to read (- for standard input)")->required();
  cmd->add_option("-o,--output", a->output, "the snapshot to write (- for standard output, when that is not a terminal); required")
      ->type_name("OUT.dossier");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      // Required rather than guessed: writing beside the input would put a file where no one asked.
      if (a->output.empty()) throw usage_error("import writes a snapshot: give -o OUT.dossier (or -o - for standard output)");
      const auto g = open_graph(a->input, inv.global);
      write_graph(g, a->output, file_format::snapshot);
      // The summary is the answer, unless the snapshot itself went to standard output.
      auto& out = a->output == "-" ? std::cerr : std::cout;
      if (a->output != "-" || !inv.global.quiet)
        out << "saved " << g.entity_count() << " entities and " << g.relation_count() << " relations to "
            << (a->output == "-" ? "standard output" : a->output) << "\n";
      return success;
    };
  });
}

void add_export(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, output, from;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "export", "Write a graph in another format (standard output by default)",
                          "the output's format: jsonl, ftm, neo4j-csv (-o DIRECTORY), graphml, dot, snapshot; default by the -o name, else jsonl",
                          true);
  cmd->add_option("GRAPH", a->graph, "the graph to read (- for standard input)")->required();
  cmd->add_option("-o,--output", a->output, "where to write (a directory for neo4j-csv)")->type_name("OUT");
  cmd->add_option("--from", a->from, "the input's format (as --format elsewhere)")->check(format_choice(false))->type_name("F");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      auto input = inv.global;
      input.format = a->from;
      const auto g = open_graph(a->graph, input);
      const auto by_name = a->output.empty() ? std::nullopt : format_by_name(a->output);
      const auto format = !inv.global.format.empty() ? parse_format(inv.global.format) : by_name.value_or(file_format::jsonl);
      const auto written = write_graph(g, a->output.empty() ? "-" : a->output, format);
      if (!a->output.empty() && a->output != "-" && !inv.global.quiet)
        std::cerr << "wrote " << format_name(format) << ": " << written << "\n";
      return success;
    };
  });
}

void add_dot(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, output;
    bool no_legend = false;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "dot", "Graphviz DOT of the whole graph, for a picture (dot -Tsvg)");
  cmd->add_option("GRAPH", a->graph, "the graph to draw (- for standard input)")->required();
  cmd->add_option("-o,--output", a->output, "the DOT file to write (standard output by default)")->type_name("OUT.dot");
  cmd->add_flag("--no-legend", a->no_legend, "leave out the legend of entity types");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      const auto g = open_graph(a->graph, inv.global);
      const auto picture = without_sources(g);
      const dot_options options{.legend = !a->no_legend};
      if (!a->output.empty() && a->output != "-") write_dot(std::filesystem::path(a->output), g, picture, options);
      else write_dot(std::cout, g, picture, options);
      return success;
    };
  });
}

}  // namespace dossier_tool
