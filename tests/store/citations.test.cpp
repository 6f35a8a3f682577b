// The citation arena: relations' citations in shared 24-byte cells, quotes in one block, seen
// dates aside (store/detail/citation_arena.hpp), the views that show them, and restore()'s
// adoption of citation columns.
#include <doctest/doctest.h>
#include "../graph_equal.hpp"
#include "../random_graph.hpp"
#include "fixture.hpp"

#include <dossier/io/snapshot.hpp>
#include <dossier/store/restore.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace dossier;

namespace {

citation dated(entity_id source, std::string quote, double confidence, std::optional<date> first, std::optional<date> last) {
  citation c = cite(source, std::move(quote), confidence);
  c.first_seen = first;
  c.last_seen = last;
  return c;
}

// A small image: a source, two people, and relations between them whose citations are columns.
struct image_maker {
  schema s = schemas::investigations();
  graph_image make(citation_columns columns, std::size_t relations = 1) const {
    graph_image image{s, {}, {}, {}, {}};
    image.entities.push_back({slot_state::live, null_entity, s.entity_type("Article"), "The source"});
    image.entities.push_back({slot_state::live, null_entity, s.entity_type("Person"), "Ana"});
    image.entities.push_back({slot_state::live, null_entity, s.entity_type("Person"), "Ben"});
    for (std::uint32_t r = 0; r < relations; ++r) image.relations.push_back({1, 2, s.relation_type("Associate"), r});
    image.details.resize(relations);
    image.citations = std::move(columns);
    return image;
  }
};

citation_columns two_citations() {
  citation_columns c;
  c.counts = {2};
  c.sources = {0, 0};
  c.confidences = {0.5, 1.0};
  c.quote_lengths = {5, 3};
  c.quotes = "firstend";
  c.last_seen = {{1, date{2021}}};
  return c;
}

}  // namespace

TEST_CASE("citations.arena.merge_order_seen_dates_and_clear") {
  detail::citation_arena a;
  a.resize_owners(3);
  const entity_id s{7}, t{8};
  CHECK(a.merge(0, std::vector{cite(s, "one", 0.5), cite(t, "two")}) == 2);
  CHECK(a.merge(1, std::vector{dated(s, "其他 quote", 0.25, date{2019, 3}, date{2020})}) == 1);
  // The same source and quote again merges into nothing; another confidence does not make it new.
  CHECK(a.merge(0, std::vector{cite(s, "one", 0.9)}) == 0);
  CHECK(a.merge(0, std::vector{cite(s, "three")}) == 1);  // owner 0 is not last: it moves to the end
  REQUIRE(a.of(0).size() == 3);
  CHECK(a.of(0)[0] == cite(s, "one", 0.5));
  CHECK(a.of(0)[1] == cite(t, "two"));
  CHECK(a.of(0)[2].quote == "three");
  CHECK(a.of(0).cites(t));
  CHECK_FALSE(a.of(1).cites(t));
  CHECK(a.of(0).max_confidence() == 1.0);
  REQUIRE(a.of(1).size() == 1);
  CHECK(a.of(1)[0] == dated(s, "其他 quote", 0.25, date{2019, 3}, date{2020}));
  CHECK(a.of(1).copy() == std::vector{dated(s, "其他 quote", 0.25, date{2019, 3}, date{2020})});
  CHECK(a.of(2).empty());
  CHECK(a.of(99).empty());  // an owner never made has none
  CHECK(a.counts().seen == 1);

  a.clear(1);
  CHECK(a.of(1).empty());
  CHECK(a.counts().seen == 0);  // its seen dates are free again
  CHECK(a.counts().dead_quote_bytes == std::string("其他 quote").size());
  CHECK(a.merge(2, std::vector{dated(t, "", 0, std::nullopt, date{2022})}) == 1);  // reuses the free seen entry
  CHECK(a.of(2)[0].last_seen == date{2022});
  CHECK(a.of(2)[0].quote.empty());

  a.repoint(s, t);
  CHECK(a.of(0)[0].source == t);
  CHECK_FALSE(a.of(0).cites(s));

  a.compact();
  CHECK(a.counts().holes == 0);
  CHECK(a.counts().dead_quote_bytes == 0);
  CHECK(a.of(0).size() == 3);
  CHECK(a.of(0)[2].quote == "three");
  CHECK(a.of(2)[0].last_seen == date{2022});
}

TEST_CASE("citations.arena.one_citation_costs_its_owner_cell_and_quote") {
  // The common case, one citation per relation, lives in the owner's own cell: 24 bytes and the
  // quote text, with nothing in the overflow.
  detail::citation_arena a;
  constexpr std::uint32_t owners = 10000;
  a.resize_owners(owners);
  for (std::uint32_t o = 0; o < owners; ++o) a.append(o, std::vector{cite(entity_id{3}, "0123456789")});
  CHECK(a.counts().cells == owners);
  CHECK(a.counts().holes == 0);
  CHECK(a.heap_bytes() <= owners * (sizeof(detail::citation_cell) + 10) + 2 * 4096);
  CHECK(a.of(owners - 1)[0].quote == "0123456789");
  // A second citation moves both into the overflow; the first keeps its place in the order.
  a.append(17, std::vector{cite(entity_id{4}, "second")});
  REQUIRE(a.of(17).size() == 2);
  CHECK(a.of(17)[0] == cite(entity_id{3}, "0123456789"));
  CHECK(a.of(17)[1] == cite(entity_id{4}, "second"));
  a.clear(17);
  CHECK(a.of(17).empty());
  CHECK(a.counts().cells == owners - 1);
  a.append(17, std::vector{cite(entity_id{5}, "again")});
  CHECK(a.of(17).size() == 1);
}

TEST_CASE("citations.arena.interleaved_growth_matches_a_model") {
  // Owners grow in turn, are cleared and grow again, against one plain vector per owner.
  detail::citation_arena a;
  std::vector<std::vector<citation>> model(40);
  a.resize_owners(model.size());
  std::mt19937 rng(5);
  for (int step = 0; step < 20000; ++step) {
    const auto o = static_cast<std::uint32_t>(rng() % model.size());
    if (rng() % 50 == 0) {
      a.clear(o);
      model[o].clear();
      continue;
    }
    auto c = cite(static_cast<entity_id>(rng() % 5), "q" + std::to_string(step) + std::string(rng() % 40, 'x'),
                  static_cast<double>(rng() % 101) / 100);
    if (rng() % 7 == 0) c.first_seen = date{2000 + static_cast<int>(rng() % 20)};
    a.append(o, std::vector{c});
    model[o].push_back(c);
  }
  const auto same = [&] {
    for (std::uint32_t o = 0; o < model.size(); ++o)
      if (!(a.of(o) == model[o])) return false;
    return true;
  };
  CHECK(same());
  std::size_t cells = 0;
  for (const auto& m : model) cells += m.size();
  CHECK(a.counts().cells == cells);
  // Self-compaction kept holes and dead text from outgrowing what is in use.
  CHECK(a.counts().holes <= std::max<std::size_t>(config::compaction_slack, cells) + 2 * 16384);
  a.compact();
  CHECK(same());
  CHECK(a.counts().holes == 0);
  CHECK(a.counts().dead_quote_bytes == 0);
}

TEST_CASE("citations.graph.relate_add_set_and_the_views") {
  fixture::talent f;
  auto& g = f.g;
  const auto r = g.get(f.kunpeng_in_chips);
  REQUIRE(r.citations().size() == 1);
  CHECK(r.citations()[0].source == f.article);
  CHECK(r.citations()[0].quote == "research focuses on semiconductor optoelectronic devices");
  CHECK(r.confidence() == doctest::Approx(0.7));
  CHECK(r.ev().cited_by(f.article));

  const auto second = g.add_source({.title = "A second source"});
  g.add_citation(f.kunpeng_in_chips, dated(second, "a second quote", 0.9, date{2020}, date{2021, 5}));
  g.add_citation(f.kunpeng_in_chips, cite(second, "a second quote", 0.1));  // same source and quote: no-op
  REQUIRE(g.get(f.kunpeng_in_chips).citations().size() == 2);
  const auto two = g.get(f.kunpeng_in_chips).citations()[1];
  CHECK(two == dated(second, "a second quote", 0.9, date{2020}, date{2021, 5}));
  CHECK(g.get(f.kunpeng_in_chips).confidence() == doctest::Approx(0.9));
  const evidence owned = g.get(f.kunpeng_in_chips).ev().copy();
  CHECK(owned.citations.size() == 2);
  CHECK(g.get(f.kunpeng_in_chips).ev() == owned);

  g.set_citations(f.kunpeng_in_chips, {cite(second, "only this")});
  REQUIRE(g.get(f.kunpeng_in_chips).citations().size() == 1);
  CHECK(g.get(f.kunpeng_in_chips).citations()[0].quote == "only this");
  CHECK_FALSE(g.get(f.kunpeng_in_chips).ev().cited_by(f.article));
}

TEST_CASE("citations.graph.bad_citations_leave_the_graph_as_it_was") {
  fixture::talent f;
  auto& g = f.g;
  const auto before = g.get(f.kunpeng_in_chips).ev().copy();
  CHECK_THROWS_AS(g.add_citation(f.kunpeng_in_chips, cite(f.qiming, "not a source")), provenance_error);
  CHECK_THROWS_AS(g.add_citation(f.kunpeng_in_chips, cite(f.article, "x", 1.5)), provenance_error);
  CHECK_THROWS_AS(g.add_citation(f.kunpeng_in_chips, cite(f.article, std::string("\xff\xfe", 2))), error);
  // A quote is an excerpt: beyond config::max_quote_bytes it is refused, by name.
  try {
    g.add_citation(f.kunpeng_in_chips, cite(f.article, std::string(config::max_quote_bytes + 1, 'q')));
    FAIL("a quote over the limit was taken");
  } catch (const provenance_error& e) {
    CHECK(std::string(e.what()).find("quote_too_long") != std::string::npos);
  }
  CHECK_THROWS_AS(g.set_citations(f.kunpeng_in_chips, {cite(f.article, "fine"), cite(f.chips, "not a source")}), provenance_error);
  CHECK(g.get(f.kunpeng_in_chips).ev() == before);
}

TEST_CASE("citations.graph.removal_and_merge_of_sources") {
  fixture::talent f;
  auto& g = f.g;
  const auto other = g.add_source({.title = "Another copy of the article"});
  const auto r = g.relate(f.chen, "Employment", f.miit, cite(other, "employed by the program"));
  // A cited source cannot go; its relation can, and then the source can.
  CHECK_THROWS_AS(g.remove(other), provenance_error);
  g.remove(r);
  CHECK_NOTHROW(g.remove(other));

  const auto copy = g.add_source({.title = "A duplicate of the article"});
  const auto r2 = g.relate(f.chen, "Employment", f.miit, cite(copy, "employed by the program"));
  g.merge(f.article, copy);
  REQUIRE(g.get(r2).citations().size() == 1);
  CHECK(g.get(r2).citations()[0].source == f.article);  // repointed to the kept source
  CHECK(g.get(r2).citations()[0].quote == "employed by the program");
}

TEST_CASE("citations.graph.many_removals_compact_and_copies_stay_whole") {
  graph g(schemas::investigations());
  const auto s = g.add_source({.title = "S"});
  std::vector<entity_id> people;
  for (int i = 0; i < 300; ++i) people.push_back(g.add("Person", "P" + std::to_string(i)));
  std::vector<relation_id> rels;
  for (int i = 0; i + 1 < 300; ++i)
    rels.push_back(g.relate(people[static_cast<std::size_t>(i)], "Associate", people[static_cast<std::size_t>(i) + 1],
                            cite(s, "quote number " + std::to_string(i) + std::string(200, '.'))));
  const auto copied = g.copy();
  for (std::size_t i = 0; i < rels.size(); i += 2) g.remove(rels[i]);  // half of them: dead text to compact
  for (std::size_t i = 1; i < rels.size(); i += 2)
    CHECK(g.get(rels[i]).citations()[0].quote.starts_with("quote number " + std::to_string(i) + "."));
  g.compact();
  for (std::size_t i = 1; i < rels.size(); i += 2) CHECK(g.get(rels[i]).citations()[0].quote.substr(0, 13) == "quote number ");
  // The copy kept every citation of its own.
  for (std::size_t i = 0; i < rels.size(); ++i)
    CHECK(copied.get(rels[i]).citations()[0].quote.starts_with("quote number " + std::to_string(i) + "."));
}

TEST_CASE("citations.snapshot.round_trip_and_old_formats") {
  const auto dir = std::filesystem::temp_directory_path() / ("dossier-citations-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto g = testing_support::random_graph(seed);
    for (const auto format : {archive_format::binary, archive_format::text, archive_format::xml}) {
      CAPTURE(seed);
      const auto path = dir / "g.dossier";
      save(g, path, {.format = format});
      const auto loaded = load(path);
      CHECK(testing_support::first_difference(g, loaded) == "");
      for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
        if (g.relation_live(r)) CHECK(loaded.relation_evidence(r) == g.relation_evidence(r));
    }
  }
  // Formats 1 and 2 store citations in the same columns the arena adopts.
  fixture::talent f;
  for (const std::string name : {"v1-talent.binary.dossier", "v1-talent.text.dossier", "v2-talent.binary.dossier"}) {
    CAPTURE(name);
    const auto g = load(std::filesystem::path(DOSSIER_TEST_DATA) / "snapshots" / name);
    CHECK(g.get(f.kunpeng_in_chips).citations()[0] == cite(f.article, "research focuses on semiconductor optoelectronic devices", 0.7));
    CHECK(g.get(f.ttp_funded).citations()[0].quote == "For a decade until 2018");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("citations.restore.adopts_columns") {
  image_maker m;
  const auto g = restore(m.make(two_citations()));
  const auto cs = g.get(relation_id{0}).citations();
  REQUIRE(cs.size() == 2);
  CHECK(cs[0] == cite(entity_id{0}, "first", 0.5));
  CHECK(cs[1] == dated(entity_id{0}, "end", 1.0, std::nullopt, date{2021}));
  // The same citations as records give the same graph.
  auto image = m.make({});
  image.citations.reset();
  image.details[0].ev.citations = {cite(entity_id{0}, "first", 0.5), dated(entity_id{0}, "end", 1.0, std::nullopt, date{2021})};
  CHECK(testing_support::first_difference(g, restore(std::move(image))) == "");
  // With columns, readers need no record for details that have nothing else.
  auto trimmed = m.make(two_citations());
  trimmed.details.clear();
  CHECK(testing_support::first_difference(g, restore(std::move(trimmed))) == "");
}

TEST_CASE("citations.restore.rejects_bad_columns") {
  image_maker m;
  const auto rejects = [&](citation_columns c, const char* what) {
    CAPTURE(what);
    try {
      (void)restore(m.make(std::move(c)));
      FAIL("restored");
    } catch (const format_error& e) {
      CHECK(std::string(e.what()).find(what) != std::string::npos);
    }
  };
  auto c = two_citations();
  c.counts = {3};
  rejects(c, "do not add up");
  {  // two records, columns for one
    auto image = m.make(two_citations(), 2);
    image.details[1].ev.valid.start = date{2020};
    CHECK_THROWS_WITH_AS((void)restore(std::move(image)), doctest::Contains("citation columns for 1 records, not 2"), format_error);
  }
  c = two_citations();
  c.confidences.pop_back();
  rejects(c, "different lengths");
  c = two_citations();
  c.quotes.pop_back();
  rejects(c, "truncated or too long");
  c = two_citations();
  c.sources[1] = 1;  // a person, not a source
  rejects(c, "not a source");
  c = two_citations();
  c.sources[0] = 99;
  rejects(c, "not live");
  c = two_citations();
  c.confidences[0] = -0.5;
  rejects(c, "relation evidence 0");
  c = two_citations();
  c.quotes = "fir\xff\xfe" "end";
  rejects(c, "not UTF-8");
  c = two_citations();
  c.last_seen = {{5, date{2021}}};
  rejects(c, "past the end or out of order");
  c = two_citations();
  c.first_seen = {{1, date{2022}}};  // first seen after last seen
  rejects(c, "relation evidence 0");
  c = two_citations();
  c.counts = {std::uint32_t{1} << 27};
  rejects(c, "citations");
  // Citations both ways at once are refused.
  auto image = m.make(two_citations());
  image.details[0].ev.citations = {cite(entity_id{0}, "x")};
  CHECK_THROWS_AS((void)restore(std::move(image)), format_error);
}

TEST_CASE("citations.graph.random_operations_match_a_model") {
  // Relations gain, lose and replace citations, are removed, their sources merged; the graph is
  // compacted, copied and saved along the way. Each relation's citations must stay what a plain
  // vector per relation says.
  graph g(schemas::investigations());
  std::vector<entity_id> sources, people;
  for (int i = 0; i < 4; ++i) sources.push_back(g.add_source({.title = "Source " + std::to_string(i)}));
  for (int i = 0; i < 30; ++i) people.push_back(g.add("Person", "Person " + std::to_string(i)));
  std::map<relation_id, std::vector<citation>> model;
  std::mt19937 rng(11);
  const auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  const auto random_citation = [&] {
    auto c = cite(pick(sources), "q" + std::to_string(rng() % 20) + std::string(rng() % 30, 'x'), static_cast<double>(rng() % 11) / 10);
    if (rng() % 4 == 0) c.first_seen = date{2010 + static_cast<int>(rng() % 10)};
    return c;
  };
  const auto add_new = [](std::vector<citation>& into, const citation& c) {
    for (const auto& x : into)
      if (x.source == c.source && x.quote == c.quote) return;
    into.push_back(c);
  };
  const auto matches = [&](const graph& h) {
    for (const auto& [r, cs] : model)
      if (!(h.get(r).citations() == cs)) return false;
    return true;
  };
  const auto dir = std::filesystem::temp_directory_path() / ("dossier-citations-model-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (int step = 0; step < 3000; ++step) {
    const auto op = rng() % 100;
    if (op < 30 || model.empty()) {
      relation_options o{.on_repeat = repeat_policy::parallel};
      for (auto k = rng() % 4; k > 0; --k) o.citations.push_back(random_citation());
      const auto cs = o.citations;
      const auto r = g.relate(pick(people), "Associate", pick(people), std::move(o));
      model[r] = cs;
    } else {
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % model.size()));
      const auto r = it->first;
      if (op < 60) {
        const auto c = random_citation();
        g.add_citation(r, c);
        add_new(it->second, c);
      } else if (op < 70) {
        std::vector<citation> cs;
        for (auto k = rng() % 3; k > 0; --k) cs.push_back(random_citation());
        g.set_citations(r, cs);
        it->second.clear();
        for (const auto& c : cs) add_new(it->second, c);
      } else if (op < 85) {
        g.remove(r);
        model.erase(it);
      } else if (op < 88 && sources.size() > 2) {  // merge the last source into the first
        const auto absorbed = sources.back();
        sources.pop_back();
        g.merge(sources.front(), absorbed);
        for (auto& [rel, cs] : model)
          for (auto& c : cs)
            if (c.source == absorbed) c.source = sources.front();
      } else if (op < 92) {
        g.compact();
      } else if (op < 94) {
        CHECK(matches(g.copy()));
      } else if (op < 95) {
        save(g, dir / "m.dossier");
        CHECK(matches(load(dir / "m.dossier")));
      }
    }
  }
  CHECK(matches(g));
  std::filesystem::remove_all(dir);
}
