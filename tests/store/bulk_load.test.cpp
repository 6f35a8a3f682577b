// bulk_load and graph::append's deferred linking: the graph they leave is the one that relate()
// calls leave, whatever the batches, the repeat policy and what the graph held before.
#include <doctest/doctest.h>

#include <dossier/dossier.hpp>
#include <dossier/io/snapshot.hpp>

#include <algorithm>
#include <random>

using namespace dossier;

namespace {

struct rig {
  schema s = schemas::investigations();
  entity_type_id person = s.entity_type("Person"), article = s.entity_type("Article");
  std::vector<relation_type_id> types = {s.relation_type("Associate"), s.relation_type("Control"), s.relation_type("Succession")};
};

// One relation to make, as relate() and a relation row both take it.
struct claim {
  std::uint32_t source, target;  // entity slots
  relation_type_id type;
  std::uint32_t source_doc;  // the citing article's slot, or npos for none
  std::string quote;
};

// A graph with `people` persons and two articles, the same every time.
graph base(const rig& r, int people) {
  graph g{r.s};
  (void)g.add_source({.title = "first"});
  (void)g.add_source({.title = "second"});
  for (int i = 0; i < people; ++i) (void)g.add(r.person, "person " + std::to_string(i));
  return g;
}

// Claims over persons [2, 2 + people), with repeats (the same claim again, the same ends with
// another quote or type), self-loops and relations without citations.
std::vector<claim> random_claims(const rig& r, std::mt19937& rng, int people, int count) {
  std::vector<claim> out;
  std::uniform_int_distribution<int> person(2, 2 + people - 1), pick(0, 9), type(0, static_cast<int>(r.types.size()) - 1);
  for (int i = 0; i < count; ++i) {
    if (!out.empty() && pick(rng) < 2) {  // a repeat of an earlier claim, maybe with a new quote
      auto c = out[std::uniform_int_distribution<std::size_t>(0, out.size() - 1)(rng)];
      if (pick(rng) < 5) c.quote = "again " + std::to_string(i);
      out.push_back(c);
      continue;
    }
    const auto a = static_cast<std::uint32_t>(person(rng));
    const auto b = pick(rng) == 0 ? a : static_cast<std::uint32_t>(person(rng));
    const auto doc = pick(rng) < 3 ? detail::npos32 : static_cast<std::uint32_t>(pick(rng) % 2);
    out.push_back({a, b, r.types[static_cast<std::size_t>(type(rng))], doc, "quote " + std::to_string(i)});
  }
  return out;
}

evidence evidence_of(const claim& c) {
  if (c.source_doc == detail::npos32) return {};
  return {.citations = {{.source = static_cast<entity_id>(c.source_doc), .quote = c.quote}}};
}

void relate_all(graph& g, const std::vector<claim>& claims, repeat_policy p) {
  for (const auto& c : claims)
    (void)g.relate(static_cast<entity_id>(c.source), c.type, static_cast<entity_id>(c.target),
                   {.citations = evidence_of(c).citations, .on_repeat = p});
}

std::vector<batch> batches_of(const std::vector<claim>& claims, std::mt19937& rng) {
  std::vector<batch> out;
  for (std::size_t i = 0; i < claims.size();) {
    const auto n = std::uniform_int_distribution<std::size_t>(1, 400)(rng);
    batch b;
    for (; i < claims.size() && b.relations.size() < n; ++i) {
      const auto& c = claims[i];
      b.relations.push_back({.source = static_cast<entity_id>(c.source), .target = static_cast<entity_id>(c.target), .type = c.type,
                             .ev = evidence_of(c)});
    }
    out.push_back(std::move(b));
  }
  return out;
}

// Everything a traversal or a reader sees of the relations, compared relation by relation.
void require_same_relations(const graph& a, const graph& b) {
  REQUIRE(a.relation_count() == b.relation_count());
  REQUIRE(a.relation_slots() == b.relation_slots());
  for (std::uint32_t r = 0; r < a.relation_slots(); ++r) {
    const auto ra = a.get(static_cast<relation_id>(r)), rb = b.get(static_cast<relation_id>(r));
    REQUIRE(ra.source() == rb.source());
    REQUIRE(ra.target() == rb.target());
    REQUIRE(ra.type() == rb.type());
    REQUIRE(ra.citations().copy() == rb.citations().copy());
  }
  for (const auto e : a.entities()) {
    for (const auto d : {direction::out, direction::in, direction::both}) REQUIRE(a.relations(e, d) == b.relations(e, d));
    type_mask control(a.schema().relation_type_count());
    control.set(to_index(a.schema().relation_type("Control")));
    std::vector<std::pair<entity_id, relation_id>> na, nb;
    a.for_each_neighbor(e, direction::out, control, [&](entity_id n, relation_id r) { na.emplace_back(n, r); });
    b.for_each_neighbor(e, direction::out, control, [&](entity_id n, relation_id r) { nb.emplace_back(n, r); });
    std::sort(na.begin(), na.end());
    std::sort(nb.begin(), nb.end());
    REQUIRE(na == nb);
  }
}

}  // namespace

TEST_CASE("bulk_load.same_graph_as_relate_for_every_policy_and_start") {
  const rig r;
  std::mt19937 rng(19);
  for (const auto policy : {repeat_policy::parallel, repeat_policy::merge}) {
    for (const int already : {0, 50, 3000}) {  // what the graph held before the load
      CAPTURE(static_cast<int>(policy));
      CAPTURE(already);
      const int people = 300;
      const auto before = random_claims(r, rng, people, already);
      const auto loaded = random_claims(r, rng, people, 6000);
      graph want = base(r, people);
      relate_all(want, before, policy);
      relate_all(want, loaded, policy);

      graph start = base(r, people);
      relate_all(start, before, policy);
      const auto slots_before = start.relation_slots();
      bulk_load load(std::move(start), {.on_repeat = policy});
      std::size_t batches = 0;
      for (auto& b : batches_of(loaded, rng)) {
        const auto applied = load.append(std::move(b));
        CHECK(applied.skipped.empty());
        ++batches;
      }
      CHECK(batches > 10);
      const auto added = load.relations_added();
      graph got = std::move(load).finish();
      require_same_relations(want, got);
      CHECK(added == got.relation_slots() - slots_before);
      // One build at the end: nothing is left in the pending overlays.
      CHECK(got.out_adjacency().pending_count() == 0);
      CHECK(got.in_adjacency().pending_count() == 0);
      // Merging found the repeats (among the loaded rows and against the graph's own).
      if (policy == repeat_policy::merge) CHECK(got.relation_count() < before.size() + loaded.size());
      else CHECK(got.relation_count() == before.size() + loaded.size());
      // The graph goes on as any other: a relate after the load is linked at once.
      const auto extra = got.relate(static_cast<entity_id>(2), "Control", static_cast<entity_id>(3));
      CHECK(got.relations(static_cast<entity_id>(2), direction::out).back() == extra);
    }
  }
}

TEST_CASE("bulk_load.batches_with_their_own_entities_and_hints") {
  const rig r;
  for (const bool hinted : {false, true}) {
    CAPTURE(hinted);
    bulk_options o;
    if (hinted) o = {.expected_entities = 1000, .expected_relations = 999};
    bulk_load load(graph{r.s}, o);
    // A chain of 1000 persons, 100 a batch; each batch's first relation reaches back into the last.
    std::vector<entity_id> ids;
    for (int k = 0; k < 10; ++k) {
      batch b;
      const auto first = load.entity_slots();
      for (int i = 0; i < 100; ++i) b.entities.push_back({.type = r.person, .name = "p" + std::to_string(k * 100 + i)});
      for (std::uint32_t i = 0; i < 100; ++i) {
        if (k == 0 && i == 0) continue;
        const auto prev = i == 0 ? ids.back() : static_cast<entity_id>(first + i - 1);
        b.relations.push_back({.source = prev, .target = static_cast<entity_id>(first + i), .type = r.types[1]});
      }
      const auto applied = load.append(std::move(b));
      ids.insert(ids.end(), applied.entities.begin(), applied.entities.end());
    }
    CHECK(load.relations_added() == 999);
    const graph g = std::move(load).finish();
    CHECK(g.entity_count() == 1000);
    CHECK(g.relation_count() == 999);
    // The chain walks end to end.
    entity_id at = ids.front();
    int steps = 0;
    for (auto out = g.relations(at, direction::out); !out.empty(); out = g.relations(at, direction::out), ++steps)
      at = g.get(out.front()).target();
    CHECK(steps == 999);
    CHECK(at == ids.back());
  }
}

TEST_CASE("bulk_load.a_bad_batch_changes_nothing_and_the_load_goes_on") {
  const rig r;
  graph g = base(r, 10);
  bulk_load load(std::move(g), {.on_repeat = repeat_policy::merge});
  batch good;
  good.relations.push_back({.source = static_cast<entity_id>(2), .target = static_cast<entity_id>(3), .type = r.types[1],
                            .ev = {.citations = {{.source = static_cast<entity_id>(0), .quote = "q"}}}});
  (void)load.append(good);
  const auto slots = load.relation_slots();
  // An Article does not control anybody: the whole batch is refused, naming the row.
  batch bad = good;
  bad.relations.push_back({.source = static_cast<entity_id>(0), .target = static_cast<entity_id>(3), .type = r.types[1]});
  try {
    (void)load.append(bad);
    FAIL("a relation from an Article was accepted");
  } catch (const batch_error& e) {
    CHECK(e.problem().relation);
    CHECK(e.problem().row == 1);
    CHECK(e.problem().field == "type");
  }
  CHECK(load.relation_slots() == slots);
  // An unknown endpoint, then a citation of a non-source.
  batch unknown;
  unknown.relations.push_back({.source = static_cast<entity_id>(2), .target = static_cast<entity_id>(999), .type = r.types[1]});
  CHECK_THROWS_AS((void)load.append(unknown), batch_error);
  batch miscited = good;
  miscited.relations[0].ev.citations[0].source = static_cast<entity_id>(5);
  CHECK_THROWS_AS((void)load.append(miscited), batch_error);
  CHECK(load.relation_slots() == slots);
  // In skip mode only the bad row goes.
  bulk_load skipping(graph{r.s}, {.skip_bad_rows = true});
  batch mixed;
  mixed.entities.push_back({.type = r.person, .name = "a"});
  mixed.entities.push_back({.type = r.person, .name = "b"});
  mixed.relations.push_back({.source = static_cast<entity_id>(0), .target = static_cast<entity_id>(1), .type = r.types[1]});
  mixed.relations.push_back({.source = static_cast<entity_id>(0), .target = static_cast<entity_id>(7), .type = r.types[1]});
  CHECK(skipping.append(mixed).skipped.size() == 1);
  // The good batch merged its repeat claim: one relation, one citation; the load then finishes.
  (void)load.append(good);
  const graph done = std::move(load).finish();
  CHECK(done.relation_count() == 1);
  CHECK(done.get(static_cast<relation_id>(0)).citations().size() == 1);
  CHECK(std::move(skipping).finish().relation_count() == 1);
}

TEST_CASE("bulk_load.finished_loads_refuse_more") {
  const rig r;
  bulk_load load(graph{r.s});
  const graph g = std::move(load).finish();
  CHECK(g.entity_count() == 0);
  CHECK_THROWS_WITH_AS((void)load.append({}), doctest::Contains("finished"), error);
  CHECK_THROWS_AS((void)std::move(load).finish(), error);
  // A load dropped without finish() drops its graph, and nothing else happens.
  { bulk_load dropped(base(r, 3)); }
}

TEST_CASE("bulk_load.snapshot_of_a_loaded_graph") {
  const rig r;
  std::mt19937 rng(7);
  const auto claims = random_claims(r, rng, 50, 2000);
  bulk_load load(base(r, 50), {.on_repeat = repeat_policy::merge});
  for (auto& b : batches_of(claims, rng)) (void)load.append(std::move(b));
  const graph g = std::move(load).finish();
  const graph back = load_from_bytes(save_to_bytes(g));
  require_same_relations(g, back);
}

TEST_CASE("graph.append.one_large_batch_links_once") {
  const rig r;
  std::mt19937 rng(3);
  for (const auto policy : {repeat_policy::parallel, repeat_policy::merge}) {
    CAPTURE(static_cast<int>(policy));
    const auto before = random_claims(r, rng, 200, 500);
    const auto claims = random_claims(r, rng, 200, 20'000);
    graph want = base(r, 200);
    relate_all(want, before, policy);
    relate_all(want, claims, policy);
    graph got = base(r, 200);
    relate_all(got, before, policy);
    batch all;
    for (auto& b : batches_of(claims, rng))
      for (auto& row : b.relations) all.relations.push_back(std::move(row));
    (void)got.append(std::move(all), {.on_repeat = policy});
    require_same_relations(want, got);
    CHECK(got.out_adjacency().pending_count() == 0);  // built from the records, not through the overlay
    // A small batch after it goes through the overlay, as single relations do, and is seen at once.
    batch few;
    few.relations.push_back({.source = static_cast<entity_id>(4), .target = static_cast<entity_id>(5), .type = r.types[2]});
    const auto added = got.append(std::move(few), {.on_repeat = policy}).relations.front();
    CHECK(got.out_adjacency().pending_count() <= 1);
    const auto out = got.relations(static_cast<entity_id>(4), direction::out);
    CHECK(std::find(out.begin(), out.end(), added) != out.end());
  }
}
