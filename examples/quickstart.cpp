// Quickstart: build a cited graph in code, ask a question, save and load it, run a BGL algorithm.
// The block between the readme markers is the README's quickstart (tests/docs.test.cpp).
#include <dossier/dossier.hpp>

#include <boost/graph/breadth_first_search.hpp>

#include <filesystem>
#include <iostream>
#include <vector>

int main() {
  const auto file = std::filesystem::temp_directory_path() / "talent.dossier";
  // [readme: quickstart]
  dossier::graph g{dossier::schemas::investigations()};
  auto article = g.add_source({.title = "China quietly recruits overseas chip talent as US tightens curbs",
                               .publisher = "Reuters", .published = dossier::date{2023, 8, 24}});
  auto miit = g.add("Ministry", "Ministry of Industry and Information Technology", {.aliases = {"MIIT"}});
  auto qiming = g.add("Program", "Qiming", {.aliases = {"Enlightenment", {"启明", "zh"}}});
  auto chips = g.add("Field", "semiconductors");
  g.relate(miit, "oversees", qiming, dossier::cite(article, "a program overseen by the Ministry of Industry ..."));
  g.relate(qiming, "recruits_in", chips, dossier::cite(article, "areas such as semiconductors", 0.9));

  auto hit = g.resolve("Kimming");  // fuzzy: Qiming, score 0.92
  std::cout << "Kimming: " << g.get(hit.entity).name() << " (score " << hit.score << ")\n";
  for (auto& r : dossier::query(g).from("PublicBody").linked_to({chips}, {.max_hops = 3}).results())
    std::cout << r.entity.name() << '\n' << dossier::explain(g, r.path);  // path + source + quote per hop

  dossier::save(g, file);  // atomic, versioned, checksummed
  auto copy = dossier::load(file);

  std::vector<std::size_t> hops(boost::num_vertices(g));  // any BGL algorithm, on the graph itself
  boost::breadth_first_search(g, dossier::vertex(g, miit),
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(hops.begin(), get(boost::vertex_index, g)), boost::on_tree_edge{}))));
  std::cout << "semiconductors is " << hops[get(boost::vertex_index, g, dossier::vertex(g, chips))] << " hops from MIIT\n";
  // [/readme]
  std::cout << "saved and loaded " << copy.entity_count() << " entities and " << copy.relation_count() << " relations\n";
  std::filesystem::remove(file);
}
