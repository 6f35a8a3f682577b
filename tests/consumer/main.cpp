// A program outside the dossier tree: builds a small cited graph and runs a BGL algorithm.
#include <dossier/dossier.hpp>

#include <boost/graph/breadth_first_search.hpp>

#include <iostream>
#include <vector>

int main() {
  dossier::graph g{dossier::schemas::investigations()};
  const auto article = g.add_source({.title = "China quietly recruits overseas chip talent", .publisher = "Reuters"});
  const auto miit = g.add("Ministry", "Ministry of Industry and Information Technology", {.aliases = {"MIIT"}});
  const auto qiming = g.add("Program", "Qiming", {.aliases = {"Enlightenment"}});
  const auto chips = g.add("Field", "semiconductors");
  g.relate(miit, "oversees", qiming, dossier::cite(article, "overseen by the Ministry of Industry"));
  g.relate(qiming, "recruits_in", chips, dossier::cite(article, "areas such as semiconductors"));

  std::vector<std::size_t> distance(boost::num_vertices(g), 0);
  auto index = get(boost::vertex_index, g);
  boost::breadth_first_search(
      g, dossier::vertex(g, miit),
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(distance.begin(), index), boost::on_tree_edge{}))));
  const auto hops = distance[get(index, dossier::vertex(g, chips))];
  const auto hit = g.resolve("Kimming");
  std::cout << "MIIT reaches semiconductors in " << hops << " hops; Kimming resolves to "
            << g.get(hit.entity).name() << " (dossier " << DOSSIER_VERSION_STRING << ")\n";
  return hops == 2 && hit.entity == qiming ? 0 : 1;
}
