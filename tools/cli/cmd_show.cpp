// dossier show and list: questions without Cypher about one entity, or one type.
#include "commands.hpp"

#include <algorithm>
#include <iostream>
#include <map>

namespace dossier_tool {

using namespace dossier;

namespace {

std::string id_text(std::string_view external) { return external.empty() ? std::string() : "  id " + std::string(external); }

void print_header(const entity_ref& e) {
  std::cout << e.name() << " [" << e.type_name() << "]" << id_text(e.external_id()) << "\n";
  if (!e.aliases().empty()) {
    std::string aliases;
    for (const auto& al : e.aliases()) aliases += (aliases.empty() ? "" : ", ") + al.name + (al.lang.empty() ? "" : " (" + al.lang + ")");
    std::cout << "  aliases: " << aliases << "\n";
  }
  if (const auto v = e.valid(); !v.empty())
    std::cout << "  valid: " << (v.start ? v.start->to_string() : "…") << " to " << (v.end ? v.end->to_string() : "…") << "\n";
}

void print_properties(const graph& g, const entity_ref& e) {
  if (e.properties().empty()) return;
  std::cout << "  properties:\n";
  for (const auto& p : e.properties()) {
    std::cout << "    " << g.schema().property_name(p.property) << ": " << p.val.to_string() << "\n";
    std::cout << citation_lines(g, p.ev.citations, 8);
  }
}

// A group of relations: one type in one direction (either, for undirected types), as a path shows it.
struct relation_group {
  std::string heading;
  std::vector<relation_id> relations;
};

std::map<std::string, relation_group> group_relations(const graph& g, entity_id e) {
  std::map<std::string, relation_group> groups;
  for (const auto r : g.relations(e)) {
    const auto rel = g.get(r);
    const auto& info = g.schema().info(rel.type());
    const bool out = rel.source() == e;
    const auto label = relation_label(g.schema(), rel.type());
    const auto heading = !info.directed ? "-[" + label + "]-" : out ? "-[" + label + "]->" : "<-[" + label + "]-";
    // Outgoing groups first, then incoming, each by label.
    auto& group = groups[(out || !info.directed ? "0" : "1") + label];
    group.heading = heading;
    group.relations.push_back(r);
  }
  return groups;
}

void print_relations(const graph& g, entity_id e) {
  const auto groups = group_relations(g, e);
  if (groups.empty()) return;
  std::cout << "  relations:\n";
  for (const auto& [key, group] : groups) {
    std::cout << "    " << group.heading << " (" << group.relations.size() << ")\n";
    for (const auto r : group.relations) {
      const auto rel = g.get(r);
      const auto other = rel.source() == e ? rel.target() : rel.source();
      std::cout << "      " << entity_text(g, other) << id_text(g.get(other).external_id());
      if (const auto role = role_of(rel); !role.empty()) std::cout << "  (role: " << role << ")";
      if (const auto& v = rel.valid(); !v.empty())
        std::cout << "  [" << (v.start ? v.start->to_string() : "…") << " to " << (v.end ? v.end->to_string() : "…") << "]";
      std::cout << "\n" << citation_lines(g, rel.citations(), 10);
    }
  }
}

int run_show(const graph& g, const std::string& name) {
  const auto e = named_entity(g, name, "show");
  const auto ref = g.get(e);
  print_header(ref);
  print_properties(g, ref);
  print_relations(g, e);
  return success;
}

int run_list(const graph& g, const std::string& type) {
  if (!g.schema().try_entity_type(type)) {  // an error naming the nearest, not an empty list
    std::vector<std::string> names;
    for (const auto& t : g.schema().entity_types()) names.push_back(t.name);
    const auto nearest = nearest_name(type, names);
    throw input_error("no entity type is called '" + type + "'" + (nearest.empty() ? "" : " (did you mean " + nearest + "?)") +
                      "; dossier schema GRAPH lists them");
  }
  auto entities = g.entities(type);
  if (entities.empty()) {
    std::cerr << "dossier: the graph holds no entity of type " << type << " or its subtypes\n";
    return failure;
  }
  std::sort(entities.begin(), entities.end(), [&](entity_id a, entity_id b) { return g.get(a).name() < g.get(b).name(); });
  for (const auto e : entities) std::cout << entity_text(g, e) << id_text(g.get(e).external_id()) << "\n";
  return success;
}

}  // namespace

void add_show(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, name;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "show",
                          "Describe one entity: type, aliases, every property with its citations, relations by type and direction");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input)")->required();
  cmd->add_option("NAME", a->name, "the entity: its id, name, alias, or a misspelling of one")->required();
  cmd->callback([&inv, a] { inv.run = [&inv, a] { return run_show(open_graph(a->graph, inv.global), a->name); }; });
}

void add_list(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, type;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "list", "List the entities of a type and its subtypes, by name");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input)")->required();
  cmd->add_option("TYPE", a->type, "an entity type (dossier schema lists them)")->required();
  cmd->callback([&inv, a] { inv.run = [&inv, a] { return run_list(open_graph(a->graph, inv.global), a->type); }; });
}

}  // namespace dossier_tool
