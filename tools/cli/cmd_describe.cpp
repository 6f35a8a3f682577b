// dossier stats and schema: what a graph holds, and what a schema allows.
#include "commands.hpp"

#include <iostream>
#include <map>

namespace dossier_tool {

using namespace dossier;

namespace {

// Per relation type: how many, and how many of each role (the Interest relations' "role").
struct relation_tally {
  std::size_t count = 0;
  std::map<std::string, std::size_t> roles;
};

std::string roles_text(const std::map<std::string, std::size_t>& roles) {
  std::string out;
  for (const auto& [role, n] : roles) out += (out.empty() ? "" : ", ") + role + " " + std::to_string(n);
  return out;
}

int run_stats(const graph& g) {
  // Sources are entities too: counted with them, and said how many, as imports and the demo say it.
  const auto sources = g.source_count();
  std::cout << g.entity_count() << " entities (" << sources << " of them " << (sources == 1 ? "a source" : "sources") << "), "
            << g.relation_count() << " relations\n";
  std::map<std::string, std::size_t> by_entity;
  for (const auto e : g.entities()) ++by_entity[g.get(e).type_name()];
  std::map<relation_type_id, relation_tally> by_relation;
  for (std::uint32_t slot = 0; slot < g.relation_slots(); ++slot) {
    if (!g.relation_live(slot)) continue;
    const auto rel = g.get(static_cast<relation_id>(slot));
    auto& t = by_relation[rel.type()];
    ++t.count;
    if (const auto role = role_of(rel); !role.empty()) ++t.roles[role];
  }
  for (const auto& [t, n] : by_entity) std::cout << "  " << t << ": " << n << "\n";
  // Relations by the labels paths show ("works for"), with the type's name where it differs.
  std::map<std::string, std::string> lines;
  const auto& s = g.schema();
  for (const auto& [t, tally] : by_relation) {
    const auto& info = s.info(t);
    std::string note = info.label.empty() || info.label == info.name ? "" : info.name;
    if (!tally.roles.empty()) note += (note.empty() ? "roles: " : "; roles: ") + roles_text(tally.roles);
    lines[relation_label(s, t)] = "  -[" + relation_label(s, t) + (info.directed ? "]-> " : "]- ") + std::to_string(tally.count) +
                                  (note.empty() ? "" : "  (" + note + ")");
  }
  for (const auto& [label, line] : lines) std::cout << line << "\n";
  return success;
}

void print_markdown_schema(const schema& s) {
  const auto names = [&](const auto& ids) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ", ") + s.name(id);
    return out.empty() ? std::string("—") : out;
  };
  const auto props = [&](const auto& defs) {
    std::string out;
    for (const auto& d : defs) out += (out.empty() ? "" : ", ") + d.name + " (" + std::string(to_string(d.kind)) + ")";
    return out.empty() ? std::string("—") : out;
  };
  std::cout << "## Entity types\n\n| type | parents | abstract | own properties |\n|---|---|---|---|\n";
  for (const auto& t : s.entity_types())
    std::cout << "| " << t.name << " | " << names(t.parents) << " | " << (t.abstract ? "yes" : "") << " | " << props(t.own_properties) << " |\n";
  std::cout << "\n## Relation types\n\n| relation | reads | parents | from | to | abstract | own properties |\n|---|---|---|---|---|---|---|\n";
  for (const auto& t : s.relation_types())
    std::cout << "| " << t.name << " | " << t.label << " | " << names(t.parents) << " | "
              << (is_null(t.domain) ? "any" : s.name(t.domain)) << " | " << (is_null(t.range) ? "any" : s.name(t.range)) << " | "
              << (t.abstract ? "yes" : "") << " | " << props(t.own_properties) << " |\n";
}

}  // namespace

void add_stats(CLI::App& app, invocation& inv) {
  auto graph_path = std::make_shared<std::string>();
  auto* cmd = add_command(app, inv, "stats", "Count entities and relations by type (relations by their labels, with their roles)");
  cmd->add_option("GRAPH", *graph_path, "the graph (- for standard input)")->required();
  cmd->callback([&inv, graph_path] { inv.run = [&inv, graph_path] { return run_stats(open_graph(*graph_path, inv.global)); }; });
}

void add_schema(CLI::App& app, invocation& inv) {
  struct args {
    std::string ftm, graph;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "schema", "The built-in schema, a FollowTheMoney model's, or a graph's (Markdown tables)");
  cmd->add_option("GRAPH", a->graph, "a graph whose schema to show, with how many of each type it holds (plain text)");
  cmd->add_option("--ftm", a->ftm, "a FollowTheMoney model (defaultModel.json) instead of the built-in schema")->type_name("MODEL.json");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      if (!a->graph.empty() && !a->ftm.empty()) throw usage_error("schema: give GRAPH or --ftm, not both");
      if (!a->graph.empty()) {
        const auto g = open_graph(a->graph, inv.global);
        print_schema(std::cout, g.schema(), &g);
      } else {
        print_markdown_schema(a->ftm.empty() ? schemas::investigations() : read_ftm_model(a->ftm));
      }
      return success;
    };
  });
}

}  // namespace dossier_tool
