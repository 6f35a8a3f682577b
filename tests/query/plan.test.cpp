// The bound plan: explain_plan() names the rewrite chosen for each kind of result, and every
// rewrite gives the general plan's answers (use_rewrites(false) runs the general plan only).
#include <doctest/doctest.h>

#include "../fixture.hpp"
#include "../random_graph.hpp"
#include "cyclic_graph.hpp"

#include <random>

using namespace dossier;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void check_same_results(const query& with, const query& without) {
  const auto a = with.results(), b = without.results();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].entity.id() == b[i].entity.id());
    CHECK(a[i].path == b[i].path);
  }
  CHECK(with.count() == without.count());
}
}  // namespace

TEST_CASE("plan.explain.names_stages_and_rewrites") {
  fixture::talent f;
  const auto& g = f.g;
  const auto linked = query(g).from("Program").linked_to({f.chips}, {.max_hops = 3}).explain_plan();
  INFO(linked);
  CHECK(has(linked, "1. start: entities of type 'Program'"));
  CHECK(has(linked, "2. linked_to: 1 target within 3 hops, both directions, along any relation"));
  CHECK(has(linked, "results, ids: reverse_linked"));
  CHECK(has(linked, "count: reverse_linked"));
  CHECK(has(linked, "count_from, count_each: general"));

  const auto chain = query(g).from(f.chen).out({"Employment"}).out({"recruits_for"}).explain_plan();
  INFO(chain);
  CHECK(has(chain, "2. expand: 1 hop out along Employment"));
  CHECK(has(chain, "count_from, count_each: count_chain"));
  CHECK(has(chain, "results, ids: general"));

  // One step that count_chain does not take, counted breadth-first or along its trails.
  CHECK(has(query(g).from(f.chen).out({"Employment"}, {.semantics = path_semantics::trail}).explain_plan(), "count_from, count_each: count_levels"));
  CHECK(has(query(g).from(f.chen).out({"Employment"}, {.min_confidence = 0.5}).explain_plan(), "count_from, count_each: count_levels"));
  CHECK(has(query(g).from(f.chen).out({}, {.max_hops = 2}).explain_plan(), "count_from, count_each: count_levels"));
  CHECK(has(query(g).from(f.chen).both({}, {.min_hops = 0, .max_hops = 2, .semantics = path_semantics::trail}).explain_plan(),
            "count_from, count_each: count_trails"));
  // Shapes the rewrites do not take: a callback, acyclic paths from 2 hops, a long trail, a step after a step of several hops.
  CHECK(has(query(g).from(f.chen).out({}, {.entity_where = [](const entity_ref&) { return true; }}).explain_plan(),
            "count_from, count_each: general"));
  CHECK(has(query(g).from(f.chen).out({}, {.min_hops = 2, .max_hops = 3}).explain_plan(), "count_from, count_each: general"));
  CHECK(has(query(g).from(f.chen).out({}, {.min_hops = 2, .max_hops = 9, .semantics = path_semantics::trail}).explain_plan(),
            "count_from, count_each: general"));
  CHECK(has(query(g).from(f.chen).out({}, {.max_hops = 2}).out({}).explain_plan(), "count_from, count_each: general"));
  CHECK(has(query(g).from(f.chen).linked_to({f.chips}).explain_plan(), "results, ids: general"));
  // Turned off, every kind of result takes the general plan.
  const auto off = query(g).from("Program").linked_to({f.chips}).use_rewrites(false).explain_plan();
  CHECK(has(off, "results, ids: general"));
  CHECK(has(off, "count: general"));
  // Filters, order and limit appear too.
  const auto shaped = query(g).from("Program").where("recruitTarget", greater_than(10)).order_by("recruitTarget", false).limit(2).explain_plan();
  INFO(shaped);
  CHECK(has(shaped, "filter: 'recruitTarget' > 10"));
  CHECK(has(shaped, "order by 'recruitTarget' descending"));
  CHECK(has(shaped, "limit 2"));
}

TEST_CASE("plan.rewrites.reverse_linked_matches_the_general_plan") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::random_graph(seed);
    std::mt19937_64 rng(seed);
    const auto fields = g.entities("Field");
    REQUIRE_FALSE(fields.empty());
    for (int round = 0; round < 6; ++round) {
      std::vector<entity_id> targets{fields[rng() % fields.size()]};
      if (rng() % 2) targets.push_back(fields[rng() % fields.size()]);
      const linked_options o{.relation_types = rng() % 3 == 0 ? std::vector<std::string>{"recruits_in"} : std::vector<std::string>{},
                             .dir = static_cast<direction>(rng() % 3), .max_hops = 1 + rng() % 4,
                             .min_confidence = rng() % 4 == 0 ? 0.5 : 0.0,
                             .as_of = rng() % 4 == 0 ? std::optional<date>(date{2012}) : std::nullopt,
                             .best_evidenced = rng() % 3 == 0};
      const char* type = rng() % 2 ? "Program" : "LegalEntity";
      const auto with = query(g).from(type).linked_to(targets, o);
      const auto without = query(g).from(type).linked_to(targets, o).use_rewrites(false);
      CHECK(has(with.explain_plan(), "results, ids: reverse_linked"));
      check_same_results(with, without);
      // With a step after it, the rewrite opens the plan and the rest runs as usual.
      check_same_results(query(g).from(type).linked_to(targets, o).out({}, {.max_hops = 2}),
                         query(g).from(type).linked_to(targets, o).out({}, {.max_hops = 2}).use_rewrites(false));
    }
  }
}

TEST_CASE("plan.rewrites.count_chain_matches_the_general_plan") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::random_graph(seed);
    std::mt19937_64 rng(seed * 7);
    const std::vector<std::string> types[] = {{"awarded"}, {"recruits_in"}, {"researches"}, {}, {"ProjectParticipant", "researches"}};
    std::vector<entity_id> starts = g.entities();
    for (int round = 0; round < 10; ++round) {
      auto chain = query(g);
      auto general = query(g).use_rewrites(false);
      const auto steps = 1 + rng() % 3;
      for (std::size_t i = 0; i < steps; ++i) {
        const auto& t = types[rng() % std::size(types)];
        const hop_options o{.semantics = rng() % 2 ? path_semantics::walk : path_semantics::acyclic,
                            .to_types = rng() % 4 == 0 ? std::vector<std::string>{"Field"} : std::vector<std::string>{}};
        switch (rng() % 3) {
          case 0: chain.out(t, o), general.out(t, o); break;
          case 1: chain.in(t, o), general.in(t, o); break;
          default: chain.both(t, o), general.both(t, o); break;
        }
      }
      INFO(chain.explain_plan());
      CHECK(has(chain.explain_plan(), "count_from, count_each: count_chain"));
      CHECK(has(general.explain_plan(), "count_from, count_each: general"));
      CHECK(chain.count_each(starts) == general.count_each(starts));
      for (std::size_t i = 0; i < starts.size(); i += 7) CHECK(chain.count_from(starts[i]) == general.count_from(starts[i]));
      // And both agree with the results of the same steps from each start.
      for (std::size_t i = 0; i < starts.size(); i += 11) CHECK(chain.count_from(starts[i]) == general.results_from({&starts[i], 1}).size());
    }
  }
}

TEST_CASE("plan.rewrites.count_levels_and_count_trails_match_the_general_plan") {
  // Graphs with cycles, self-loops and parallel relations; every semantics, direction and
  // hop range from *0..1 to *3..4, with and without end types, evidence filters and a date.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::cyclic_graph(seed);
    std::mt19937_64 rng(seed * 13);
    const std::vector<std::string> types[] = {{"Control"}, {"Associate"}, {"Control", "Employment"}, {}};
    const std::vector<entity_id> starts = g.entities();
    for (int round = 0; round < 24; ++round) {
      const auto max = 1 + rng() % 4;
      const auto min = rng() % (max + 1);
      const hop_options o{.min_hops = min,
                          .max_hops = max,
                          .semantics = static_cast<path_semantics>(rng() % 3),
                          .to_types = rng() % 3 == 0 ? std::vector<std::string>{"Company"} : std::vector<std::string>{},
                          .min_confidence = rng() % 4 == 0 ? 0.5 : 0.0,
                          .as_of = rng() % 4 == 0 ? std::optional<date>(date(2014)) : std::nullopt};
      const auto& t = types[rng() % std::size(types)];
      const auto dir = static_cast<direction>(rng() % 3);
      auto fast = query(g), general = query(g).use_rewrites(false);
      for (auto* q : {&fast, &general}) {
        if (dir == direction::out) q->out(t, o);
        else if (dir == direction::in) q->in(t, o);
        else q->both(t, o);
      }
      const auto plan = fast.explain_plan();
      INFO(plan);
      const auto expected = [&] {
        if (o.semantics == path_semantics::acyclic && min >= 2) return "general";
        if (min == 1 && max == 1 && o.semantics != path_semantics::trail && o.min_confidence == 0 && !o.as_of) return "count_chain";
        if (o.semantics == path_semantics::trail && (min >= 2 || dir == direction::both)) return "count_trails";
        return "count_levels";
      };
      CHECK(has(plan, std::string("count_from, count_each: ") + expected()));
      CHECK(fast.count_each(starts) == general.count_each(starts));
      for (const auto s : starts) CHECK(fast.count_from(s) == general.results_from({&s, 1}).size());
    }
  }
}

TEST_CASE("plan.rewrites.count_step_keeps_budget_limit_and_missing_starts") {
  const auto g = testing_support::cyclic_graph(3);
  const auto starts = g.entities();
  const hop_options o{.min_hops = 0, .max_hops = 3, .semantics = path_semantics::trail};
  const auto fast = query(g).both({}, o).limit(2), general = query(g).both({}, o).limit(2).use_rewrites(false);
  CHECK(fast.count_each(starts) == general.count_each(starts));
  // Trails are counted with the general plan's visits: the same starts exceed the same budget.
  const auto over = [&](const query& q, entity_id s) {
    try {
      (void)q.count_from(s);
      return false;
    } catch (const budget_exceeded&) {
      return true;
    }
  };
  const auto small = query(g).both({}, o).with_budget({.max_visited = 40});
  const auto small_general = query(g).both({}, o).with_budget({.max_visited = 40}).use_rewrites(false);
  std::size_t exceeded = 0;
  for (const auto s : starts) {
    CHECK(over(small, s) == over(small_general, s));
    exceeded += over(small, s);
  }
  CHECK(exceeded > 0);
  CHECK_THROWS_AS((void)query(g).out({}, {.max_hops = 2}).with_budget({.max_results = 1}).count_each(starts), budget_exceeded);
  CHECK_THROWS_AS((void)query(g).out({}, {.max_hops = 2}).count_from(static_cast<entity_id>(100000)), not_found);
}

TEST_CASE("plan.rebinds_when_the_graph_changes") {
  fixture::talent f;
  auto& g = f.g;
  const auto q = query(g).from(f.qiming).in({"ProjectParticipant"});
  const auto before = q.count();
  // A new relation of a subtype changes the answer: the cached plan is bound again.
  const auto extra = g.add("Company", "Recruiter X");
  g.relate(extra, "recruits_for", f.qiming);
  CHECK(q.count() == before + 1);
  CHECK(q.count_from(f.qiming) == before + 1);
  // A start entity that the graph lost is reported when the query next runs.
  const auto gone = g.add("Person", "Temporary");
  const auto from_gone = query(g).from(gone).out({});
  CHECK(from_gone.count() == 0);
  g.remove(gone);
  CHECK_THROWS_AS((void)from_gone.count(), not_found);
}

TEST_CASE("plan.survives_the_graph_being_replaced") {
  // A prepared query whose graph is reassigned by a load: every loaded graph had generation 1,
  // so the cached plan (and its expansions into freed tables) looked valid: heap-use-after-free.
  fixture::talent f;
  auto bigger = f.g.copy();
  const auto extra = bigger.add("Company", "Another employer");
  bigger.relate(f.chen, "Employment", extra);
  const auto small_bytes = save_to_bytes(f.g), big_bytes = save_to_bytes(bigger);
  graph g = load_from_bytes(small_bytes);
  const query q = query(g).from("Person").out({"Employment"});
  CHECK(q.count_from(f.chen) == 1);
  CHECK(q.count() == 1);
  g = load_from_bytes(big_bytes);
  CHECK(q.count_from(f.chen) == 2);
  CHECK(q.count() == 2);
  CHECK(q.results().size() == 2);
  g = load_from_bytes(small_bytes);
  CHECK(q.count_each(std::vector<entity_id>{f.chen, f.chen}) == std::vector<std::size_t>{1, 1});
  // Moved into from another live graph: the same.
  graph other = load_from_bytes(big_bytes);
  g = std::move(other);
  CHECK(q.count_from(f.chen) == 2);
}
