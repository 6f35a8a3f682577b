#include <doctest/doctest.h>
#include "../fixture.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace dossier;

namespace {
std::set<entity_id> as_set(const std::vector<entity_id>& v) { return {v.begin(), v.end()}; }

// A small cyclic graph for path semantics: A =r1,r2=> B -> C -> A (r1, r2 parallel).
struct cycle {
  graph g{schemas::investigations()};
  entity_id a = g.add("Person", "A"), b = g.add("Person", "B"), c = g.add("Person", "C");
  relation_id r1 = g.relate(a, "Associate", b), r2 = g.relate(a, "Associate", b, {.on_repeat = repeat_policy::parallel});
  relation_id bc = g.relate(b, "Associate", c), ca = g.relate(c, "Associate", a);
};
}  // namespace

TEST_CASE("query.start_sets") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK(query(g).from("Program").count() == 4);
  CHECK(query(g).from("PublicBody").count() == 3);
  CHECK(as_set(query(g).from({f.miit, f.chips}).ids()) == std::set{f.miit, f.chips});
  CHECK(query(g).named("Enlightenment").ids() == std::vector{f.qiming});
  CHECK(query(g).named("Kimming").ids().empty());  // exact by default
  CHECK(query(g).named("Kimming", {.fuzzy = true}).ids() == std::vector{f.qiming});
  CHECK(query(g).named("Kimming", {.fuzzy = true, .type = "Person"}).ids().empty());
  // Several start calls form a union.
  CHECK(query(g).from("Ministry").from(f.chips).count() == 3);
  CHECK(query(g).from("Document").where("publishedAt", after(date{2023, 1})).ids() == std::vector{f.article});
  CHECK(query(g).from("Document").where("publishedAt", before(date{2023})).ids().empty());
  CHECK(query(g).from("Document").where("publisher", contains("REUT")).count() == 1);
  CHECK(query(g).from("Document").where("title", starts_with("china quietly")).count() == 1);
}

TEST_CASE("query.steps_filters_and_shaping") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK(query(g).from(f.miit).out({"oversees"}).out({"recruits_in"}).ids() == std::vector{f.chips});
  CHECK(as_set(query(g).from(f.qiming).in({"ProjectParticipant"}).ids()) == std::set{f.miit, f.btl, f.ma});
  CHECK(as_set(query(g).from(f.qiming).in({"ProjectParticipant"}, {.to_types = {"Person"}}).ids()) == std::set{f.ma});
  CHECK(query(g).from(f.chips).in({}, {.to_types = {"Person"}}).ids() == std::vector{f.di});
  // Per-hop evidence filters.
  CHECK(query(g).from(f.zhejiang).out({"funds"}, {.as_of = date{2020}}).ids() == std::vector{f.kunpeng});
  CHECK(as_set(query(g).from(f.zhejiang).out({"funds"}, {.as_of = date{2015}}).ids()) == std::set{f.ttp, f.kunpeng});
  CHECK(query(g).from(f.chips).in({"targets"}, {.min_confidence = 0.75}).ids() == std::vector{f.qiming});
  CHECK(query(g).from(f.chips).in({}, {.relation_where = [](const relation_ref& r) { return r.confidence() < 0.65; }}).ids() ==
        std::vector{f.huoju});
  // group count, order, limit.
  const auto groups = query(g).from("Organization").group_count();
  CHECK(groups == std::map<std::string, std::size_t>{{"Company", 1}, {"Government", 1}, {"Ministry", 2}, {"Platform", 1}, {"University", 2}});
  auto& mg = f.g;
  mg.set(f.kunpeng, "recruitTarget", 200);
  mg.set(f.qiming, "recruitTarget", 5000);
  const auto ordered = query(g).from("Program").order_by("recruitTarget", false).ids();
  REQUIRE(ordered.size() == 4);
  CHECK(ordered[0] == f.qiming);
  CHECK(ordered[1] == f.kunpeng);  // those without the property come last
  CHECK(query(g).from("Program").order_by("recruitTarget").limit(1).ids() == std::vector{f.kunpeng});
  CHECK(query(g).from("Program").where("recruitTarget", between(100, 1000)).ids() == std::vector{f.kunpeng});
  CHECK(query(g).from("Program").where("recruitTarget", greater_than(1000)).ids() == std::vector{f.qiming});
  CHECK(query(g).from("Program").where("recruitTarget", less_than(1000)).ids() == std::vector{f.kunpeng});
  CHECK(query(g).from("Program").where("recruitTarget", eq(200)).count() == 1);
  CHECK(query(g).from("Program").is_a("Project").count() == 4);
}

TEST_CASE("query.linked_to.programs_and_semiconductors") {
  fixture::talent f;
  const auto& g = f.g;
  // The defining question: all four programs link to semiconductors within three hops.
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}).ids()) == std::set{f.qiming, f.huoju, f.kunpeng, f.ttp});
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.dir = direction::out}).ids()) == std::set{f.qiming, f.huoju, f.kunpeng});
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.relation_types = {"recruits_in"}}).ids()) == std::set{f.qiming, f.kunpeng});
  // Evidence thresholds: Huoju's only link is 0.6; Kunpeng still links through Dawei Di.
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.min_confidence = 0.75}).ids()) == std::set{f.qiming, f.kunpeng, f.ttp});
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.max_hops = 1}).ids()) == std::set{f.qiming, f.huoju, f.kunpeng});
  // Explanations: shortest by default, best-evidenced on request.
  for (const auto& r : query(g).from(f.kunpeng).linked_to({f.chips}).results()) {
    CHECK(r.path.length() == 1);
    CHECK(r.path.relations[0] == f.kunpeng_in_chips);
  }
  for (const auto& r : query(g).from(f.kunpeng).linked_to({f.chips}, {.best_evidenced = true}).results()) {
    REQUIRE(r.path.length() == 2);  // via Dawei Di, every citation at confidence 1
    CHECK(r.path.entities[1] == f.di);
    CHECK_FALSE(r.path.forward[0]);  // Kunpeng <-awarded- Di
    CHECK(r.path.forward[1]);        // Di -researches-> semiconductors
  }
  const auto ttp = query(g).from(f.ttp).linked_to({f.chips}).results();
  REQUIRE(ttp.size() == 1);
  CHECK(ttp[0].path.entities == path_steps<entity_id>{f.ttp, f.qiming, f.chips});
  // Another query as the target set.
  CHECK(query(g).from("Person").linked_to(query(g).from("Field"), {.max_hops = 1}).count() == 1);
}

TEST_CASE("query.variable_length.semantics_on_a_cycle") {
  cycle c;
  const auto& g = c.g;
  const auto ends = [&](std::size_t lo, std::size_t hi, path_semantics s) {
    return as_set(query(g).from(c.a).out({"Associate"}, {.min_hops = lo, .max_hops = hi, .semantics = s}).ids());
  };
  const auto count_paths = [&](std::size_t lo, std::size_t hi, path_semantics s) {
    return query(g).from(c.a).out({"Associate"}, {.min_hops = lo, .max_hops = hi, .semantics = s}).paths().size();
  };
  CHECK(ends(2, 2, path_semantics::walk) == std::set{c.c});
  CHECK(ends(3, 3, path_semantics::walk) == std::set{c.a});
  CHECK(ends(3, 3, path_semantics::trail) == std::set{c.a});
  CHECK(ends(3, 3, path_semantics::acyclic).empty());
  CHECK(ends(1, 3, path_semantics::acyclic) == std::set{c.b, c.c});
  CHECK(ends(1, 3, path_semantics::walk) == std::set{c.a, c.b, c.c});
  CHECK(ends(0, 1, path_semantics::acyclic) == std::set{c.a, c.b});
  CHECK(count_paths(1, 3, path_semantics::walk) == 6);
  CHECK(count_paths(1, 3, path_semantics::trail) == 6);
  CHECK(count_paths(1, 3, path_semantics::acyclic) == 4);
  CHECK(count_paths(4, 4, path_semantics::walk) == 4);
  CHECK(count_paths(4, 4, path_semantics::trail) == 2);
  CHECK(count_paths(4, 4, path_semantics::acyclic) == 0);
  // dedup keeps one path per end.
  CHECK(query(g).from(c.a).out({"Associate"}, {.max_hops = 3, .semantics = path_semantics::walk}).dedup().paths().size() == 3);
}

TEST_CASE("query.budgets_and_errors") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK_THROWS_WITH_AS((void)query(g).from("Program").both({}, {.max_hops = 3}).with_budget({.max_visited = 2}).ids(),
                       doctest::Contains("max_visited"), budget_exceeded);
  CHECK_THROWS_WITH_AS((void)query(g).from("Program").both({}, {.max_hops = 4}).with_budget({.max_paths = 5}).paths(),
                       doctest::Contains("max_paths"), budget_exceeded);
  CHECK_THROWS_WITH_AS((void)query(g).from("Thing").with_budget({.max_results = 3}).ids(), doctest::Contains("max_results"), budget_exceeded);
  CHECK_THROWS_AS(query(g).with_budget({.max_visited = 0}), query_error);
  CHECK_THROWS_AS((void)all_simple_paths(g, f.ma, f.chips, 6, {.limits = {.max_paths = 1}}), budget_exceeded);
  CHECK_THROWS_WITH_AS(query(g).from("Spaceship"), doctest::Contains("'Spaceship'"), schema_error);
  CHECK_THROWS_WITH_AS(query(g).from(f.miit).out({"bribes"}), doctest::Contains("'bribes'"), schema_error);
  CHECK_THROWS_WITH_AS(query(g).from(f.miit).out({}, {.min_hops = 3, .max_hops = 2}), doctest::Contains("min_hops is greater than max_hops"), query_error);
  CHECK_THROWS_AS(query(g).from(f.miit).out({}, {.max_hops = 0}), query_error);
  // The same mistake raises the same error in a query as in a view (views/relation_filter.hpp).
  CHECK_THROWS_AS(query(g).from(f.miit).out({}, {.min_confidence = 2}), provenance_error);
  CHECK_THROWS_AS(query(g).from(f.miit).out({}, {.to_types = {"Nope"}}), schema_error);
  CHECK_THROWS_WITH_AS((void)k_shortest_paths(g, f.ma, f.chips, -1), doctest::Contains("k must be positive"), query_error);
  CHECK_THROWS_AS((void)k_shortest_paths(g, f.ma, f.chips, 0), query_error);
  CHECK_THROWS_AS((void)shortest_path(g, f.ma, f.chips, {.weight = weight_kind::property, .weight_property = "nope_prop"}), query_error);
  CHECK_THROWS_AS((void)shortest_path(g, f.ma, static_cast<entity_id>(999)), not_found);
  CHECK_THROWS_AS(query(g).from(static_cast<entity_id>(999)), not_found);
  CHECK_THROWS_AS(query(g).where("nope_prop", eq(1)), query_error);
  CHECK_THROWS_AS((void)query(g).ids(), query_error);  // no start set
  CHECK_THROWS_AS(query(g).from(f.miit).linked_to(std::vector<entity_id>{f.chips}, {.max_hops = 0}), query_error);
}

TEST_CASE("query.property.random_graphs_against_naive_reference") {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    graph g{schemas::investigations()};
    const int n = 6 + static_cast<int>(rng() % 10);
    std::vector<entity_id> v;
    for (int i = 0; i < n; ++i) v.push_back(g.add("Person", "p" + std::to_string(i)));
    struct edge { int s, t; bool typed; };
    std::vector<edge> edges;
    const int m = n + static_cast<int>(rng() % static_cast<std::uint64_t>(2 * n));
    for (int i = 0; i < m; ++i) {
      const int s = static_cast<int>(rng() % static_cast<std::uint64_t>(n)), t = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
      const bool typed = rng() % 4 != 0;  // Associate; otherwise Family (filtered out)
      g.relate(v[static_cast<std::size_t>(s)], typed ? "Associate" : "Family", v[static_cast<std::size_t>(t)], {.on_repeat = repeat_policy::parallel});
      edges.push_back({s, t, typed});
    }
    const auto out_of = [&](int x) {
      std::vector<int> o;
      for (const auto& e : edges)
        if (e.typed && e.s == x) o.push_back(e.t);
      return o;
    };
    for (int start = 0; start < n; ++start) {
      // Naive walk reachability: level sets.
      std::set<int> level{start}, walk_ends;
      for (int k = 1; k <= 3; ++k) {
        std::set<int> next;
        for (int x : level)
          for (int y : out_of(x)) next.insert(y);
        walk_ends.insert(next.begin(), next.end());
        level = next;
      }
      // Naive simple paths by DFS: ends and counts.
      std::set<int> acyclic_ends;
      std::size_t simple_paths = 0;
      std::vector<int> stack_path{start};
      const std::function<void(int)> dfs = [&](int x) {
        if (stack_path.size() > 3) return;
        for (const auto& e : edges) {
          if (!e.typed || e.s != x) continue;
          if (std::find(stack_path.begin(), stack_path.end(), e.t) != stack_path.end()) continue;
          acyclic_ends.insert(e.t);
          ++simple_paths;
          stack_path.push_back(e.t);
          dfs(e.t);
          stack_path.pop_back();
        }
      };
      dfs(start);
      // Naive shortest path lengths by BFS.
      std::vector<int> dist(static_cast<std::size_t>(n), -1);
      dist[static_cast<std::size_t>(start)] = 0;
      std::vector<int> frontier{start};
      while (!frontier.empty()) {
        std::vector<int> next;
        for (int x : frontier)
          for (int y : out_of(x))
            if (dist[static_cast<std::size_t>(y)] < 0) { dist[static_cast<std::size_t>(y)] = dist[static_cast<std::size_t>(x)] + 1; next.push_back(y); }
        frontier = next;
      }
      const auto to_ids = [&](const std::set<int>& s) {
        std::set<entity_id> out;
        for (int x : s) out.insert(v[static_cast<std::size_t>(x)]);
        return out;
      };
      const auto sv = v[static_cast<std::size_t>(start)];
      CHECK(as_set(query(g).from(sv).out({"Associate"}, {.max_hops = 3, .semantics = path_semantics::walk}).ids()) == to_ids(walk_ends));
      CHECK(as_set(query(g).from(sv).out({"Associate"}, {.max_hops = 3}).ids()) == to_ids(acyclic_ends));
      CHECK(query(g).from(sv).out({"Associate"}, {.max_hops = 3}).paths().size() == simple_paths);
      for (int t = 0; t < n; ++t) {
        const auto sp = shortest_path(g, sv, v[static_cast<std::size_t>(t)], {.filter = {.relation_types = {"Associate"}}, .dir = direction::out});
        const int d = dist[static_cast<std::size_t>(t)];
        CHECK(sp.has_value() == (d >= 0));
        if (sp) CHECK(static_cast<int>(sp->length()) == d);
      }
    }
  }
}

TEST_CASE("query.prepared.runs_from_other_starts_and_sees_changes") {
  fixture::talent f;
  auto& g = f.g;
  const auto q = query(g).from(f.miit).out({"ProjectParticipant"}).out({"targets"});
  CHECK(q.ids() == std::vector{f.chips});
  CHECK(q.count_from(f.most) == 1);   // MOST -> Huoju -> semiconductors
  CHECK(q.count_from(f.chips) == 0);
  const std::vector<entity_id> both = {f.miit, f.zhejiang};
  CHECK(q.results_from(both).size() == 1);  // the union: semiconductors once
  // A mutation after the first run invalidates the cached compiled steps.
  const auto quantum = g.add("Program", "Quantum talents");
  g.relate(f.most, "oversees", quantum);
  g.relate(quantum, "targets", f.island);
  CHECK(q.count_from(f.most) == 2);
  g.compact();
  CHECK(q.count_from(f.most) == 2);
  g.remove(f.island);
  CHECK(q.count_from(f.most) == 1);
}

TEST_CASE("query.count.enumerating_step_after_a_set_step") {
  // Found by fuzz/query_fuzz: counting runs build no paths, so a set step (one hop, or levels)
  // handed its results on without a path node, and a following step that enumerates paths
  // (trail, or acyclic from two hops) read the node at index "none": a crash in count(),
  // count_from() and count_each().
  fixture::talent f;
  for (const auto semantics : {path_semantics::trail, path_semantics::acyclic}) {
    CAPTURE(static_cast<int>(semantics));
    for (const std::size_t min_hops : {0u, 2u}) {
      CAPTURE(min_hops);
      auto q = query(f.g).from("Program").out().both({}, {.min_hops = min_hops, .max_hops = 3, .semantics = semantics});
      const auto listed = q.results().size();
      CHECK(listed > 0);
      CHECK(q.count() == listed);
      auto from_one = query(f.g).out().both({}, {.min_hops = min_hops, .max_hops = 3, .semantics = semantics});
      const entity_id starts[] = {f.qiming, f.huoju, f.ttp};
      const auto each = from_one.count_each(starts);
      for (std::size_t i = 0; i < std::size(starts); ++i) {
        CHECK(from_one.count_from(starts[i]) == each[i]);
        CHECK(from_one.results_from(std::span<const entity_id>(&starts[i], 1)).size() == each[i]);
      }
    }
  }
}

TEST_CASE("query.prepared.count_each_agrees_with_the_general_executor") {
  // count_each and count_from take a plain-chain fast path when they can; results_from
  // always runs the general executor. They must agree on random graphs, through pending,
  // compacted, removed and merged states.
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    graph g{schemas::investigations()};
    std::vector<entity_id> people, orgs;
    for (int i = 0; i < 30; ++i) people.push_back(g.add("Person", "p" + std::to_string(i)));
    for (int i = 0; i < 8; ++i) orgs.push_back(g.add(i % 2 ? "Company" : "University", "o" + std::to_string(i)));
    const auto any = [&](const std::vector<entity_id>& v) { return v[rng() % v.size()]; };
    const auto add_relations = [&](int count) {
      for (int i = 0; i < count; ++i) {
        switch (rng() % 3) {
          case 0: g.relate(any(people), "Employment", any(orgs), {.on_repeat = repeat_policy::parallel}); break;
          case 1: g.relate(any(people), "studied_at", any(orgs), {.on_repeat = repeat_policy::parallel}); break;
          default: g.relate(any(people), "Associate", any(people), {.on_repeat = repeat_policy::parallel}); break;  // self-loops too
        }
      }
    };
    add_relations(90);
    g.compact();
    const std::vector<query> queries = {
        query(g).from(people[0]).out({"Employment"}),
        query(g).from(people[0]).out({"Associate"}),
        query(g).from(people[0]).out({"Associate"}, {.semantics = path_semantics::walk}),
        query(g).from(people[0]).out({"Employment"}).in({"Employment"}, {.to_types = {"Person"}}),
        query(g).from(people[0]).out({"Employment"}, {.to_types = {"University"}}),
        query(g).from(people[0]).both({"Associate"}).out({"Employment"}).in({"studied_at"}),
        query(g).from(people[0]).out({"Interest"}, {.to_types = {"Company"}}),
        query(g).from(people[0]).out({"Employment"}, {.min_confidence = 0.5}),
        query(g).from(people[0]).out().in(),
        query(g).from(people[0]).both({"Associate"}).both({"Associate"}).limit(3),
    };
    const auto check_all = [&](const std::vector<entity_id>& starts) {
      for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        CAPTURE(qi);
        const auto counts = queries[qi].count_each(starts);
        REQUIRE(counts.size() == starts.size());
        for (std::size_t i = 0; i < starts.size(); ++i) {
          const auto general = queries[qi].results_from(std::span<const entity_id>(&starts[i], 1)).size();
          CHECK(counts[i] == general);
          CHECK(queries[qi].count_from(starts[i]) == general);
        }
      }
    };
    check_all(people);
    add_relations(20);  // pending entries on top of the compacted tables
    check_all(people);
    g.remove(people[3]);  // tombstones
    g.merge(people[1], people[2]);
    std::vector<entity_id> starts;
    for (std::size_t i = 0; i < people.size(); ++i)
      if (i != 3) starts.push_back(people[i]);  // people[2] now redirects to people[1]
    check_all(starts);
    g.compact();
    check_all(starts);
    CHECK_THROWS_AS((void)queries[0].count_each(std::vector{people[0], people[3]}), not_found);
  }
  // A hand-checked case: colleagues through employers, without the start's self-loop.
  graph g{schemas::investigations()};
  const auto a = g.add("Person", "A"), b = g.add("Person", "B"), c = g.add("Person", "C");
  const auto acme = g.add("Company", "Acme");
  g.relate(a, "Employment", acme);
  g.relate(b, "Employment", acme);
  g.relate(a, "Associate", a);
  const auto colleagues = query(g).from(a).out({"Employment"}).in({"Employment"}, {.to_types = {"Person"}});
  CHECK(colleagues.count_each(std::vector{a, b, c}) == std::vector<std::size_t>{2, 2, 0});
  CHECK(query(g).from(a).out({"Associate"}).count_each(std::vector{a}) == std::vector<std::size_t>{0});
  CHECK(query(g).from(a).out({"Associate"}, {.semantics = path_semantics::walk}).count_each(std::vector{a}) == std::vector<std::size_t>{1});
  // The budget holds on the fast path too.
  CHECK_THROWS_AS((void)query(g).from(a).out({"Employment"}).in({"Employment"}).with_budget({.max_visited = 1}).count_each(std::vector{a}),
                  budget_exceeded);
  CHECK_THROWS_AS((void)query(g).from(a).out({"Employment"}).in({"Employment"}).with_budget({.max_results = 1}).count_from(a), budget_exceeded);
}

TEST_CASE("query.weighted_by_property_and_per_hop_source_filter") {
  fixture::talent f;
  auto& g = f.g;
  // Two routes from MIIT to semiconductors once a second source links MIIT to Huoju.
  const auto other = g.add_source({.title = "Another report"});
  const auto direct = g.relate(f.miit, "oversees", f.huoju, cite(other, "MIIT also oversees Huoju"));
  g.set(f.miit_oversees_qiming, "summary", "heavy");
  // Weights come from a numeric property: add an open relation type carrying one.
  schema s = schemas::investigations();
  s.add_relation_type("weighted", {.domain = "Thing", .range = "Thing", .properties = {{"km", value_kind::real}}});
  graph w{std::move(s)};
  const auto a = w.add("Place", "A"), b = w.add("Place", "B"), c = w.add("Place", "C");
  w.relate(a, "weighted", b, {.properties = {{"km", 10.0}}});
  w.relate(b, "weighted", c, {.properties = {{"km", 10.0}}});
  w.relate(a, "weighted", c, {.properties = {{"km", 50.0}}});
  const auto by_km = shortest_path(w, a, c, {.dir = direction::out, .weight = weight_kind::property, .weight_property = "km"});
  REQUIRE(by_km);
  CHECK(by_km->length() == 2);
  CHECK(by_km->cost == doctest::Approx(20.0));
  CHECK(shortest_path(w, a, c, {.dir = direction::out})->length() == 1);
  w.relate(a, "weighted", c, {.properties = {{"km", -1.0}}});
  CHECK_THROWS_WITH_AS((void)shortest_path(w, a, c, {.dir = direction::out, .weight = weight_kind::property, .weight_property = "km"}),
                       doctest::Contains("negative"), query_error);
  // Per-hop source filter: only relations the other report cites.
  CHECK(query(g).from(f.miit).out({"oversees"}, {.cited_by = other}).ids() == std::vector{f.huoju});
  CHECK(query(g).from(f.miit).out({"oversees"}).count() == 2);
  CHECK_THROWS_AS(query(g).from(f.miit).out({"oversees"}, {.cited_by = f.chips}).ids(), provenance_error);
  (void)direct;
}

TEST_CASE("query.nested_queries_in_callbacks_do_not_disturb_the_outer_run") {
  fixture::talent f;
  const auto& g = f.g;
  // The filter itself runs a query (and a shortest path) for every entity it sees.
  const auto inner = [&](const entity_ref& e) {
    const auto reaches_chips = query(g).from(e.id()).out({}, {.max_hops = 3}).count();
    const auto sp = shortest_path(g, e.id(), f.chips);
    return reaches_chips > 0 && sp.has_value();
  };
  const auto plain = query(g).from("Program").both({}, {.max_hops = 2}).ids();
  const auto nested = query(g).from("Program").both({}, {.max_hops = 2, .entity_where = inner}).ids();
  std::vector<entity_id> expected;
  for (auto e : plain)
    if (inner(g.get(e))) expected.push_back(e);
  CHECK_FALSE(expected.empty());
  CHECK(std::set<entity_id>(nested.begin(), nested.end()) == std::set<entity_id>(expected.begin(), expected.end()));
}

// ---- issue 13 ------------------------------------------------------------------------------------

TEST_CASE("query.predicates.between_dates_by_containment_at_every_precision") {
  graph g{schemas::investigations()};
  const date values[] = {date{2010}, date{2010, 6}, date{2010, 10, 11}, date{2012, 3}, date{2015}, date{2015, 5, 8}, date{2016},
                         date{2009, 12, 31}, date{2015, 12, 31, 23, 59, 59}, date{2016, 1, 1, 0, 0, 0}};
  std::vector<entity_id> ids;
  for (const auto& d : values) ids.push_back(g.add("Event", d.to_string(), {.properties = {{"date", d}}}));
  const auto names = [&](const query& q) {
    std::set<std::string> out;
    for (const auto& r : q.results()) out.insert(r.entity.name());
    return out;
  };
  CHECK(names(query(g).from("Event").where("date", between(date{2010}, date{2015}))) ==
        std::set<std::string>{"2010", "2010-06", "2010-10-11", "2012-03", "2015", "2015-05-08", "2015-12-31T23:59:59Z"});
  // Finer bounds: the value must lie inside them, whatever its precision.
  CHECK(names(query(g).from("Event").where("date", between(date{2010, 6}, date{2012, 3, 1}))) == std::set<std::string>{"2010-06", "2010-10-11"});
  CHECK(names(query(g).from("Event").where("date", between(date{2010, 1, 1}, date{2010, 12, 31}))) ==
        std::set<std::string>{"2010", "2010-06", "2010-10-11"});
  // greater_than / less_than: entirely after / before.
  CHECK(names(query(g).from("Event").where("date", greater_than(date{2015}))) == std::set<std::string>{"2016", "2016-01-01T00:00:00Z"});
  CHECK(names(query(g).from("Event").where("date", less_than(date{2010}))) == std::set<std::string>{"2009-12-31"});
  CHECK(names(query(g).from("Event").where("date", eq(date{2010}))) == std::set<std::string>{"2010"});
}

TEST_CASE("query.no_start_set_is_an_error") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK_THROWS_WITH_AS((void)query(g).out({}).results(), doctest::Contains("[dossier.query.no_start_set]"), query_error);
  CHECK_THROWS_AS((void)query(g).out({}).count(), query_error);
  CHECK_THROWS_AS((void)query(g).out({}).paths(), query_error);
  CHECK_THROWS_AS((void)query(g).where([](const entity_ref&) { return true; }).ids(), query_error);
  // Prepared runs bring their own starts.
  CHECK(query(g).out({"oversees"}).count_from(f.miit) == 1);
  CHECK(query(g).out({"oversees"}).results_from({&f.miit, 1}).size() == 1);
}

TEST_CASE("query.as_of.skips_entities_that_do_not_hold") {
  fixture::talent f;
  auto& g = f.g;
  g.set(f.ttp, "startDate", date{2008});
  g.set(f.ttp, "endDate", date{2018});
  // linked --as-of 2023 no longer lists the Thousand Talents Plan, which ran 2008-2018.
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.as_of = date{2023}}).ids()) == std::set{f.qiming, f.huoju, f.kunpeng});
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.as_of = date{2017}}).ids()).count(f.ttp) == 1);
  // ... nor through an intermediate entity that does not hold.
  CHECK(query(g).from(f.zhejiang).linked_to({f.qiming}, {.max_hops = 2, .as_of = date{2023}}).count() == 0);
  // A step as of a date reaches only entities that hold then.
  CHECK(query(g).from(f.qiming).out({"succeeds"}, {.as_of = date{2023}}).count() == 0);
  CHECK(query(g).from(f.qiming).out({"succeeds"}).count() == 1);
  // The same answer through the general plan.
  CHECK(as_set(query(g).from("Program").linked_to({f.chips}, {.as_of = date{2023}}).use_rewrites(false).ids()) ==
        std::set{f.qiming, f.huoju, f.kunpeng});
}

TEST_CASE("query.documented_behaviour") {
  fixture::talent f;
  const auto& g = f.g;
  // min_hops = 0 includes the start itself.
  CHECK(as_set(query(g).from(f.qiming).out({"recruits_in"}, {.min_hops = 0}).ids()) == std::set{f.qiming, f.chips});
  // linked_to keeps a start that is itself a target, with a path of length 0.
  const auto self = query(g).from({f.chips, f.qiming}).linked_to({f.chips}).results();
  REQUIRE(self.size() == 2);
  for (const auto& r : self)
    if (r.entity.id() == f.chips) CHECK(r.path.length() == 0);
  // A self-loop followed in both directions is two one-hop paths.
  graph loop{schemas::investigations()};
  const auto a = loop.add("Person", "A");
  loop.relate(a, "Associate", a);
  CHECK(query(loop).from(a).both({}, {.semantics = path_semantics::walk}).paths().size() == 2);
  CHECK(query(loop).from(a).out({}, {.semantics = path_semantics::walk}).paths().size() == 1);
}

TEST_CASE("query.budgets.bound_time_on_a_complete_graph") {
  // An unbounded trail on a complete directed graph of 30 entities: each relation examined
  // costs O(1) (on-path marks), so the budget ends it after that many visits.
  graph g{schemas::investigations()};
  std::vector<entity_id> people;
  for (int i = 0; i < 30; ++i) people.push_back(g.add("Person", "P" + std::to_string(i)));
  for (auto a : people)
    for (auto b : people)
      if (a != b) g.relate(a, "Associate", b);
  auto trail = query(g).from(people[0]).out({}, {.min_hops = 2, .max_hops = 1000, .semantics = path_semantics::trail});
  CHECK_THROWS_WITH_AS((void)trail.with_budget({.max_visited = 200'000}).count(), doctest::Contains("max_visited"), budget_exceeded);
  CHECK_THROWS_AS((void)query(g).from(people[0]).out({}, {.max_hops = 1000, .semantics = path_semantics::acyclic}).with_budget({.max_visited = 200'000}).paths(),
                  budget_exceeded);
  // Within a budget the same enumeration is exact: 29 * 29 two-hop trails from one start (back to
  // the start included), 29 * 28 acyclic ones.
  CHECK(query(g).from(people[0]).out({}, {.min_hops = 2, .max_hops = 2, .semantics = path_semantics::trail}).paths().size() == 29 * 29);
  CHECK(query(g).from(people[0]).out({}, {.min_hops = 2, .max_hops = 2, .semantics = path_semantics::acyclic}).paths().size() == 29 * 28);
}
