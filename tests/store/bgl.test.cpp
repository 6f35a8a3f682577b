// Boost.Graph conformance: every concept we claim, then unmodified BGL algorithms.
#include <doctest/doctest.h>
#include "fixture.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <cmath>
#include <map>
#include <set>

using namespace dossier;
using G = dossier::graph;
using V = boost::graph_traits<G>::vertex_descriptor;
using E = boost::graph_traits<G>::edge_descriptor;

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<G>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<G>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<G>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<G>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<G>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<G, V, boost::vertex_index_t>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<G, E, boost::edge_index_t>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<G, V, boost::vertex_name_t>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<G, V, dossier::entity_type_t>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<G, E, dossier::relation_type_t>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<dossier::view>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<dossier::view>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<dossier::view>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<dossier::undirected_view<G>>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<dossier::undirected_view<G>>));

TEST_CASE("bgl.basics.counts_indices_and_maps") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK(boost::num_vertices(g) == 17);
  CHECK(boost::num_edges(g) == 16);
  std::set<std::uint32_t> indices;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) indices.insert(get(boost::vertex_index, g, *it));
  CHECK(indices.size() == 17);
  CHECK(*indices.rbegin() == 16);
  std::size_t edges = 0;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    CHECK(get(boost::edge_index, g, *it) < 16);
    ++edges;
  }
  CHECK(edges == 16);
  const auto q = vertex(g, f.qiming);
  CHECK(boost::out_degree(q, g) == 2);
  CHECK(boost::in_degree(q, g) == 3);
  CHECK(boost::degree(q, g) == 5);
  CHECK(get(boost::vertex_name, g, q) == "Qiming");
  CHECK(get(entity_type_t{}, g, q) == g.schema().entity_type("Program"));
  for (auto [it, end] = boost::out_edges(q, g); it != end; ++it) {
    CHECK(boost::source(*it, g) == q);
    CHECK(g.get(relation_of(*it)).source() == f.qiming);
  }
  for (auto [it, end] = boost::in_edges(q, g); it != end; ++it) CHECK(boost::target(*it, g) == q);
  std::size_t adjacent = 0;
  for (auto [it, end] = boost::adjacent_vertices(q, g); it != end; ++it) ++adjacent;
  CHECK(adjacent == 2);
}

TEST_CASE("bgl.indices.stay_dense_after_removal") {
  fixture::talent f;
  auto& g = f.g;
  g.remove(f.kunpeng);
  CHECK(boost::num_vertices(g) == 16);
  CHECK(boost::num_edges(g) == 13);  // funds, recruits_in and awarded went with it
  std::set<std::uint32_t> vi, ei;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    CHECK(*it != to_index(f.kunpeng));
    vi.insert(get(boost::vertex_index, g, *it));
  }
  for (auto [it, end] = boost::edges(g); it != end; ++it) ei.insert(get(boost::edge_index, g, *it));
  CHECK(vi.size() == 16);
  CHECK(*vi.rbegin() == 15);
  CHECK(ei.size() == 13);
  CHECK(*ei.rbegin() == 12);
}

TEST_CASE("bgl.algorithms.bfs_dijkstra_components_betweenness_pagerank") {
  fixture::talent f;
  const auto& g = f.g;
  const auto index = get(boost::vertex_index, g);
  const auto n = boost::num_vertices(g);

  SUBCASE("breadth_first_search") {
    std::vector<std::size_t> dist(n, 0);
    boost::breadth_first_search(g, vertex(g, f.chen),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(
            boost::make_iterator_property_map(dist.begin(), index), boost::on_tree_edge{}))));
    // chen -> BTL -> Qiming -> {semiconductors, TTP}
    CHECK(dist[get(index, vertex(g, f.btl))] == 1);
    CHECK(dist[get(index, vertex(g, f.qiming))] == 2);
    CHECK(dist[get(index, vertex(g, f.chips))] == 3);
    CHECK(dist[get(index, vertex(g, f.ttp))] == 3);
    CHECK(dist[get(index, vertex(g, f.huoju))] == 0);  // not reachable along directions
  }

  SUBCASE("dijkstra_shortest_paths with a confidence weight map") {
    // Cost -log(confidence): the best-evidenced path is the cheapest.
    auto weight = boost::make_function_property_map<E, double>(
        [&](const E& e) { return -std::log(g.get(relation_of(e)).confidence()); });
    std::vector<double> dist(n);
    std::vector<V> pred(n);
    boost::dijkstra_shortest_paths(g, vertex(g, f.most),
        boost::weight_map(weight)
            .distance_map(boost::make_iterator_property_map(dist.begin(), index))
            .predecessor_map(boost::make_iterator_property_map(pred.begin(), index)));
    // MOST -0.9-> Huoju -0.6-> semiconductors
    CHECK(dist[get(index, vertex(g, f.chips))] == doctest::Approx(-std::log(0.9) - std::log(0.6)));
    CHECK(pred[get(index, vertex(g, f.chips))] == vertex(g, f.huoju));
  }

  SUBCASE("connected_components via the undirected view") {
    const undirected_view<G> u(g);
    std::vector<int> comp(n);
    const int count = boost::connected_components(u, boost::make_iterator_property_map(comp.begin(), index));
    CHECK(count == 3);  // everything linked, the isolated "quantum sensing", and the article (uncited by relations)
    CHECK(comp[get(index, vertex(g, f.chen))] == comp[get(index, vertex(g, f.di))]);
    CHECK(comp[get(index, vertex(g, f.island))] != comp[get(index, vertex(g, f.di))]);
  }

  SUBCASE("brandes_betweenness_centrality") {
    std::vector<double> centrality(n);
    boost::brandes_betweenness_centrality(g, boost::centrality_map(boost::make_iterator_property_map(centrality.begin(), index)));
    // Directed: Qiming lies on every path from MIIT, BTL, Chen and Ma to semiconductors and TTP.
    const auto best = std::max_element(centrality.begin(), centrality.end()) - centrality.begin();
    CHECK(static_cast<std::uint32_t>(best) == get(index, vertex(g, f.qiming)));
    // Pairs routed through Qiming: (miit|btl|chen|ma) x (chips|ttp) = 8.
    CHECK(centrality[get(index, vertex(g, f.qiming))] == doctest::Approx(8.0));
    CHECK(centrality[get(index, vertex(g, f.island))] == 0.0);
  }

  SUBCASE("page_rank") {
    std::vector<double> rank(n);
    boost::graph::page_rank(g, boost::make_iterator_property_map(rank.begin(), index));
    double total = 0;
    for (double r : rank) total += r;
    CHECK(total > 0);
    // semiconductors has the most in-links from well-linked programs.
    const auto best = std::max_element(rank.begin(), rank.end()) - rank.begin();
    CHECK(static_cast<std::uint32_t>(best) == get(index, vertex(g, f.chips)));
    CHECK(rank[get(index, vertex(g, f.chips))] > rank[get(index, vertex(g, f.island))]);
  }
}

TEST_CASE("bgl.view.type_filtered_graph_runs_algorithms") {
  fixture::talent f;
  const auto& g = f.g;
  // Only programs, fields and public bodies; only ProjectParticipant and targets relations.
  const auto v = make_view(g, {.entity_types = {"Project", "Field", "PublicBody"},
                               .relation_types = {"ProjectParticipant", "targets"}});
  std::size_t edges = 0;
  for (auto [it, end] = boost::edges(v); it != end; ++it) ++edges;
  // oversees x2, funds x2, recruits_in x2, targets x1 (recruits_for/awarded have Company/Person ends)
  CHECK(edges == 7);
  std::size_t kept = 0;
  for (auto [it, end] = boost::vertices(v); it != end; ++it) ++kept;
  CHECK(kept == 9);  // 4 programs, 2 fields, 2 ministries and a government
  std::vector<std::size_t> dist(boost::num_vertices(g), 0);
  boost::breadth_first_search(v, vertex(g, f.zhejiang),
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, g)), boost::on_tree_edge{}))));
  CHECK(dist[get(boost::vertex_index, g, vertex(g, f.chips))] == 2);  // Zhejiang -> Kunpeng -> chips
  CHECK_THROWS_AS((void)make_view(g, {.relation_types = {"Nope"}}), schema_error);
}
