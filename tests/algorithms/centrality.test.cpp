#include <doctest/doctest.h>
#include "../fixture.hpp"

#include <dossier/views/view.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/page_rank.hpp>

#include <cmath>
#include <map>

using namespace dossier;

TEST_CASE("algorithms.on_typed_views") {
  fixture::talent f;
  const auto& g = f.g;
  const auto deg = degree_centrality(g);
  REQUIRE_FALSE(deg.empty());
  CHECK(deg[0].entity == f.qiming);
  CHECK(deg[0].score == 5);
  const auto brokers = betweenness(g);
  CHECK(brokers[0].entity == f.qiming);
  const auto comps = components(g);
  CHECK(comps.size() == 3);
  CHECK(comps[0].size() == 15);
  // Restricted to programs and fields, with only targeting relations: degrees change.
  const auto typed = degree_centrality(g, {.entity_types = {"Program", "Field"}, .relation_types = {"targets"}});
  CHECK(typed.size() == 6);
  CHECK(typed[0].entity == f.chips);
  CHECK(typed[0].score == 3);
  CHECK(components(g, {.entity_types = {"Program", "Field"}, .relation_types = {"targets"}}).size() == 3);  // chips+3, TTP, island
  // A scope with no entity in it (the fixture has no Place): nothing, and no overflow inside
  // BGL's component count (found by fuzz/query_fuzz under UBSan).
  CHECK(components(g, {.entity_types = {"Place"}}).empty());
  CHECK(degree_centrality(g, {.entity_types = {"Place"}}).empty());
  CHECK(pagerank(g, {.entity_types = {"Place"}}).empty());
  CHECK(betweenness(g, {.entity_types = {"Place"}}).empty());
  CHECK(closeness(g, {.entity_types = {"Place"}}).empty());
  CHECK(core_numbers(g, {.entity_types = {"Place"}}).empty());
  const auto pr = pagerank(g, {.relation_types = {"targets"}});
  CHECK(pr[0].entity == f.chips);
  const auto close = closeness(g);
  CHECK(close.front().score > close.back().score);
  const auto cores = core_numbers(g);
  CHECK(cores.front().score >= 1);
  CHECK_THROWS_AS((void)pagerank(g, {.relation_types = {"Nope"}}), schema_error);
}


TEST_CASE("algorithms.pagerank.on_a_scope_equals_bgl_on_the_same_subgraph") {
  fixture::talent f;
  const auto& g = f.g;
  const scope programs_and_fields{.entity_types = {"Program", "Field"}, .relation_types = {"targets", "succeeds"}};
  const auto scores = pagerank(g, programs_and_fields);
  // The same subgraph built on its own as a plain adjacency_list.
  const auto v = make_view(g, {.entity_types = programs_and_fields.entity_types, .relation_types = programs_and_fields.relation_types});
  std::map<entity_id, std::size_t> index;
  for (auto [it, end] = boost::vertices(v); it != end; ++it) index.emplace(entity_of(*it), index.size());
  boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS> sub(index.size());
  for (auto [it, end] = boost::edges(v); it != end; ++it)
    boost::add_edge(index.at(static_cast<entity_id>(boost::source(*it, v))), index.at(static_cast<entity_id>(boost::target(*it, v))), sub);
  std::vector<double> expected(index.size());
  boost::graph::page_rank(sub, boost::make_iterator_property_map(expected.begin(), get(boost::vertex_index, sub)));
  REQUIRE(scores.size() == index.size());
  for (const auto& s : scores) CHECK(s.score == doctest::Approx(expected[index.at(s.entity)]).epsilon(1e-12));
}

TEST_CASE("algorithms.centrality.documented_forms") {
  // A path A -> B -> C, and the same with every relation reversed.
  const auto make = [](bool reversed) {
    graph g{schemas::investigations()};
    const auto a = g.add("Person", "A"), b = g.add("Person", "B"), c = g.add("Person", "C");
    g.relate(reversed ? b : a, "Associate", reversed ? a : b);
    g.relate(reversed ? c : b, "Associate", reversed ? b : c);
    return g;
  };
  const auto forward = make(false), backward = make(true);
  const auto by_entity = [](const std::vector<scored>& v) {
    std::map<entity_id, double> out;
    for (const auto& s : v) out[s.entity] = s.score;
    return out;
  };
  const auto a = static_cast<entity_id>(0), b = static_cast<entity_id>(1);
  // Harmonic closeness: A reaches B at 1 and C at 2 (either direction): 1 + 1/2.
  CHECK(by_entity(closeness(forward))[a] == doctest::Approx(1.5));
  CHECK(by_entity(closeness(forward))[b] == doctest::Approx(2.0));
  // Betweenness, closeness and core numbers run undirected: reversing relations changes nothing.
  CHECK(by_entity(betweenness(forward)) == by_entity(betweenness(backward)));
  CHECK(by_entity(betweenness(forward))[b] == doctest::Approx(1.0));  // unnormalised, each pair once
  CHECK(by_entity(closeness(forward)) == by_entity(closeness(backward)));
  CHECK(by_entity(core_numbers(forward)) == by_entity(core_numbers(backward)));
  // PageRank is directed.
  CHECK(by_entity(pagerank(forward)) != by_entity(pagerank(backward)));
}
