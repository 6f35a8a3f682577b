// dossier resolve, linked and path: questions that start from names.
#include "commands.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

namespace dossier_tool {

using namespace dossier;

namespace {

// Every entity the name could mean, best first: exact matches, and the fuzzy ones beside them.
// Fuzzy lookup is asked even when an exact match exists, so that "Zhejiang" shows Zhejiang
// University next to the province instead of hiding it.
std::vector<name_match> candidates(const graph& g, const std::string& name, const lookup_options& o) {
  std::map<entity_id, name_match> best;
  const auto keep = [&](const std::vector<name_match>& found) {
    for (const auto& m : found)
      if (auto [it, added] = best.try_emplace(m.entity, m); !added && m.score > it->second.score) it->second = m;
  };
  keep(g.lookup(name, o));
  keep(g.lookup_fuzzy(name, o));
  std::vector<name_match> out;
  for (auto& [e, m] : best) out.push_back(std::move(m));
  std::stable_sort(out.begin(), out.end(), [](const name_match& a, const name_match& b) { return a.score > b.score; });
  if (out.size() > o.limit) out.resize(o.limit);
  return out;
}

int run_resolve(const graph& g, const std::string& name, const std::string& type, std::size_t limit) {
  const lookup_options o{.type = type, .min_score = 0.6, .limit = limit};
  const auto matches = candidates(g, name, o);
  if (matches.empty()) {
    std::cerr << "dossier: no entity is named " << quote(name) << " or close to it\n";
    return failure;
  }
  for (const auto& m : matches) {
    std::printf("%.2f  %s  (matched '%s')\n", m.score, entity_text(g, m.entity).c_str(), m.matched.c_str());
    if (m.kind == match_kind::fuzzy) std::printf("      %s\n", m.why.explain().c_str());
  }
  if (const auto best = g.try_resolve(name, o); best && best->ambiguous)
    std::printf("ambiguous: %s and %s are %.2f apart\n", g.get(best->entity).name().c_str(), g.get(best->runner_up->entity).name().c_str(),
                best->margin);
  return success;
}

}  // namespace

void add_resolve(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, name, type;
    std::size_t limit = 5;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "resolve", "What a name (or a misspelling of it) refers to: every close candidate, with scores");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input)")->required();
  cmd->add_option("NAME", a->name, "the name to look up")->required();
  cmd->add_option("--type", a->type, "only entities of this type and its subtypes")->type_name("T");
  cmd->add_option("--limit", a->limit, "at most this many candidates (default 5)")->check(positive_integer())->type_name("N");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] { return run_resolve(open_graph(a->graph, inv.global), a->name, a->type, a->limit); };
  });
}

void add_linked(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, from, to, as_of;
    std::size_t hops = 3;
    double min_confidence = 0;
    bool best = false;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "linked", "Which entities of a type link to a named entity, each with its evidence path");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input)")->required();
  cmd->add_option("--from", a->from, "the type of the entities asked about (with its subtypes)")->required()->type_name("TYPE");
  cmd->add_option("--to", a->to, "the entity they link to: its id or name (standard error says which entity a misspelling was taken for)")
      ->required()
      ->type_name("NAME");
  cmd->add_option("--hops", a->hops, "at most this many relations on a path (default 3)")->check(positive_integer())->type_name("N");
  cmd->add_option("--min-confidence", a->min_confidence, "use only relations cited with at least this confidence")->check(probability())->type_name("C");
  cmd->add_option("--as-of", a->as_of, "use only relations that held on this date")->check(date_text())->type_name("DATE");
  cmd->add_flag("--best", a->best, "explain each with its most confident path, not its shortest");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      const auto g = open_graph(a->graph, inv.global);
      const linked_options o{.max_hops = a->hops, .min_confidence = a->min_confidence, .as_of = optional_date(a->as_of), .best_evidenced = a->best};
      const auto results = query(g).from(a->from).linked_to({named_entity(g, a->to, "--to")}, o).results();
      for (const auto& r : results) std::cout << "* " << r.entity.name() << " [" << r.entity.type_name() << "]\n" << explain_path(g, r.path);
      if (results.empty()) std::cerr << "dossier: no " << a->from << " links to " << a->to << " within " << a->hops << (a->hops == 1 ? " hop\n" : " hops\n");
      return results.empty() ? failure : success;
    };
  });
}

void add_path(CLI::App& app, invocation& inv) {
  struct args {
    std::string graph, from, to;
    std::size_t k = 1;
  };
  auto a = std::make_shared<args>();
  auto* cmd = add_command(app, inv, "path", "The shortest paths between two named entities, with their evidence");
  cmd->add_option("GRAPH", a->graph, "the graph (- for standard input)")->required();
  cmd->add_option("FROM", a->from, "where the path starts: an id or name")->required();
  cmd->add_option("TO", a->to, "where it ends: an id or name")->required();
  cmd->add_option("--k", a->k, "the K shortest paths, best first (default 1)")->check(positive_integer())->type_name("K");
  cmd->callback([&inv, a] {
    inv.run = [&inv, a] {
      const auto g = open_graph(a->graph, inv.global);
      const auto from = named_entity(g, a->from, "FROM"), to = named_entity(g, a->to, "TO");
      const auto paths = k_shortest_paths(g, from, to, static_cast<long>(a->k));
      for (std::size_t i = 0; i < paths.size(); ++i)
        std::cout << "path " << i + 1 << " (" << paths[i].length() << (paths[i].length() == 1 ? " hop)\n" : " hops)\n") << explain_path(g, paths[i]);
      if (paths.empty()) std::cerr << "dossier: no path between " << g.get(from).name() << " and " << g.get(to).name() << "\n";
      return paths.empty() ? failure : success;
    };
  });
}

}  // namespace dossier_tool
