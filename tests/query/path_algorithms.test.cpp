#include <doctest/doctest.h>
#include "../fixture.hpp"

#include <cmath>

using namespace dossier;

TEST_CASE("path_algorithms.shortest_k_shortest_all_simple") {
  fixture::talent f;
  const auto& g = f.g;
  const auto sp = shortest_path(g, f.chen, f.chips);
  REQUIRE(sp);
  CHECK(sp->entities == path_steps<entity_id>{f.chen, f.btl, f.qiming, f.chips});
  CHECK(sp->cost == 3);
  CHECK_FALSE(shortest_path(g, f.chen, f.island).has_value());
  CHECK_FALSE(shortest_path(g, f.chen, f.chips, {.dir = direction::in}).has_value());
  CHECK(shortest_path(g, f.chen, f.chen)->length() == 0);

  const auto all = all_shortest_paths(g, f.ma, f.chips);
  REQUIRE(all.size() == 1);
  CHECK(all[0].entities == path_steps<entity_id>{f.ma, f.qiming, f.chips});
  // Two equally short routes from Zhejiang to semiconductors? No: one via Kunpeng (2 hops).
  CHECK(all_shortest_paths(g, f.zhejiang, f.chips).size() == 1);
  CHECK(all_shortest_paths(g, f.di, f.qiming).size() == 1);  // Di - semiconductors - Qiming
  {
    // A second relation between Qiming and semiconductors doubles the shortest routes from Ma.
    auto twin = g.copy();
    twin.relate(f.qiming, "targets", f.chips);
    const auto two = all_shortest_paths(twin, f.ma, f.chips);
    REQUIRE(two.size() == 2);
    CHECK(two[0].entities == two[1].entities);
    CHECK(two[0].relations != two[1].relations);
  }

  const auto k = k_shortest_paths(g, f.ma, f.chips, 3);
  REQUIRE(k.size() == 3);
  CHECK(k[0].length() == 2);
  CHECK(k[1].length() == 5);
  CHECK(k[2].length() == 6);
  CHECK(k_shortest_paths(g, f.ma, f.chips, 10).size() == 3);  // only three loopless paths exist
  const auto simple = all_simple_paths(g, f.ma, f.chips, 6);
  CHECK(simple.size() == 3);
  CHECK(all_simple_paths(g, f.ma, f.chips, 5).size() == 2);

  // Weighted by confidence: the best-evidenced path wins.
  const auto best = shortest_path(g, f.most, f.chips, {.weight = weight_kind::confidence});
  REQUIRE(best);
  CHECK(best->cost == doctest::Approx(-std::log(0.9) - std::log(0.6)));
  const auto kb = shortest_path(g, f.kunpeng, f.chips, {.weight = weight_kind::confidence});
  REQUIRE(kb);
  CHECK(kb->length() == 2);  // via Dawei Di (confidence 1) beats the direct 0.7 link
  CHECK(shortest_path(g, f.kunpeng, f.chips)->length() == 1);
}


TEST_CASE("path_algorithms.options.naming_types_keeps_both_directions") {
  // path_options{.filter = {.relation_types = ...}} used to reset the direction to out (the
  // designated initializer of the filter did): the direction is now path_options::dir.
  fixture::talent f;
  const auto& g = f.g;
  const auto p = shortest_path(g, f.chips, f.miit, {.filter = {.relation_types = {"oversees", "recruits_in"}}});
  REQUIRE(p);
  CHECK(p->length() == 2);  // chips <- Qiming <- MIIT: both relations followed backwards
  CHECK_FALSE(shortest_path(g, f.chips, f.miit, {.filter = {.relation_types = {"oversees", "recruits_in"}}, .dir = direction::out}));
  const path_options defaults;
  CHECK(defaults.dir == direction::both);
}

TEST_CASE("path_algorithms.budgets.k_shortest_stops_at_its_limits") {
  graph g{schemas::investigations()};
  std::vector<entity_id> people;
  for (int i = 0; i < 30; ++i) people.push_back(g.add("Person", "P" + std::to_string(i)));
  for (auto a : people)
    for (auto b : people)
      if (a != b) g.relate(a, "Associate", b);
  // k = 10^7 on a complete graph: the candidates count against max_paths.
  CHECK_THROWS_WITH_AS((void)k_shortest_paths(g, people[0], people[1], 10'000'000, {.limits = {.max_paths = 2'000}}),
                       doctest::Contains("max_paths"), budget_exceeded);
  // ... and every inner search against max_visited.
  CHECK_THROWS_WITH_AS((void)k_shortest_paths(g, people[0], people[1], 10'000'000, {.limits = {.max_visited = 50'000}}),
                       doctest::Contains("max_visited"), budget_exceeded);
  const auto five = k_shortest_paths(g, people[0], people[1], 5, {.dir = direction::out});
  REQUIRE(five.size() == 5);
  CHECK(five[0].length() == 1);
  for (std::size_t i = 1; i < five.size(); ++i) CHECK(five[i].length() == 2);
  CHECK_THROWS_AS((void)all_simple_paths(g, people[0], people[1], 1000, {.limits = {.max_paths = 1000}}), budget_exceeded);
}

TEST_CASE("path_algorithms.all_shortest_ends_on_zero_weight_ties") {
  // Uncited relations weigh nothing by confidence: a pair of them either way between two
  // entities ties their distances both ways, and the walk back once went round for ever.
  graph g(schemas::investigations());
  const auto a = g.add("Person", "A"), b = g.add("Person", "B"), c = g.add("Person", "C");
  g.relate(a, "Associate", b);
  g.relate(b, "Associate", a);
  g.relate(b, "Associate", c);
  const auto paths = all_shortest_paths(g, a, c, {.weight = weight_kind::confidence});
  REQUIRE(paths.size() == 2);  // a -> b -> c by either a-b relation
  for (const auto& p : paths) {
    CHECK(p.entities == path_steps<entity_id>{a, b, c});
    CHECK(p.cost == 0);
  }
}
