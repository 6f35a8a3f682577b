#include <doctest/doctest.h>
#include "fixture.hpp"

#include <dossier/io/snapshot.hpp>

#include <algorithm>

using namespace dossier;

namespace {
std::size_t count_relations(const graph& g, entity_id e, direction d, std::string_view type = {}) {
  return type.empty() ? g.relations(e, d).size() : g.relations(e, d, type).size();
}
}  // namespace

TEST_CASE("graph.add.entities_with_aliases_and_properties") {
  graph g{schemas::investigations()};
  const auto q = g.add("Program", "Qiming", {.aliases = {"Enlightenment", {"启明", "zh"}},
                                            .properties = {{"startDate", date{2019}}, {"recruitTarget", 200}}});
  const auto e = g.get(q);
  CHECK(e.name() == "Qiming");
  CHECK(e.type_name() == "Program");
  CHECK(e.is_a("Project"));
  CHECK(e.is_a("Thing"));
  REQUIRE(e.aliases().size() == 2);
  CHECK(e.aliases()[1].lang == "zh");
  REQUIRE(e.property("startDate"));
  CHECK(e.property("startDate")->as_date() == date{2019});
  CHECK(e.property("recruitTarget")->as_int() == 200);
  CHECK(e.property("nonexistent") == nullptr);
  CHECK(g.entity_count() == 1);
}

TEST_CASE("graph.add.errors_leave_graph_unchanged") {
  graph g{schemas::investigations()};
  CHECK_THROWS_WITH_AS(g.add("Spaceship", "x"), doctest::Contains("unknown entity type 'Spaceship'"), schema_error);
  CHECK_THROWS_WITH_AS(g.add("Thing", "x"), doctest::Contains("'Thing' is abstract"), schema_error);
  CHECK_THROWS_WITH_AS(g.add("Program", "x", {.properties = {{"startDate", "last year"}}}),
                       doctest::Contains("property 'startDate' expects date, got string"), schema_error);
  CHECK_THROWS_WITH_AS(g.add("Program", "x", {.properties = {{"colour", "red"}}}),
                       doctest::Contains("has no property 'colour'"), schema_error);
  CHECK_THROWS_AS(g.add("Program", std::string("bad\xFF")), value_error);
  CHECK_THROWS_AS(g.add("Program", "ok", {.aliases = {std::string("\xC3")}}), value_error);
  CHECK_THROWS_WITH_AS(g.add("Program", " ... "), doctest::Contains("empty after normalisation"), value_error);
  CHECK(g.entity_count() == 0);
  CHECK(g.entity_slots() == 0);
  CHECK(g.lookup_fuzzy("x").empty());
}

TEST_CASE("graph.relate.checks_schema_and_endpoints") {
  fixture::talent f;
  auto& g = f.g;
  const auto before = g.relation_count();
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "bribes", f.qiming), doctest::Contains("unknown relation type 'bribes'"), schema_error);
  CHECK_THROWS_WITH_AS(g.relate(f.chips, "oversees", f.qiming),
                       doctest::Contains("'oversees' expects a source of type 'PublicBody', got 'Field'"), schema_error);
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "oversees", f.chips),
                       doctest::Contains("expects a target of type 'Project', got 'Field'"), schema_error);
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "Interest", f.qiming, relation_options{}), doctest::Contains("abstract"), schema_error);
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "oversees", f.qiming, {.properties = {{"colour", "red"}}}),
                       doctest::Contains("relation type 'oversees' has no property 'colour'"), schema_error);
  CHECK_THROWS_AS(g.relate(f.miit, "oversees", static_cast<entity_id>(9999)), not_found);
  CHECK_THROWS_AS(g.relate(f.miit, "oversees", null_entity), not_found);
  // Subtypes of domain and range are accepted: a Ministry (PublicBody) oversees a Program (Project).
  CHECK(g.relation_count() == before);
}

TEST_CASE("graph.relate.parallel_and_repeat_policy") {
  fixture::talent f;
  auto& g = f.g;
  const auto other = g.add_source({.title = "Another report"});
  const auto before = g.relation_count();
  // Same claim from another source: one relation, two citations.
  const auto again = g.relate(f.miit, "oversees", f.qiming, cite(other, "MIIT runs Qiming"));
  CHECK(again == f.miit_oversees_qiming);
  CHECK(g.get(again).citations().size() == 2);
  // Same source and quote: idempotent.
  CHECK(g.relate(f.miit, "oversees", f.qiming, cite(other, "MIIT runs Qiming")) == again);
  CHECK(g.get(again).citations().size() == 2);
  CHECK(g.relation_count() == before);
  // Parallel on request.
  const auto parallel = g.relate(f.miit, "oversees", f.qiming, {.citations = {cite(other, "x")}, .on_repeat = repeat_policy::parallel});
  CHECK(parallel != again);
  CHECK(g.relation_count() == before + 1);
  // A different valid time or property is a different claim.
  const auto dated = g.relate(f.miit, "oversees", f.qiming, {.valid = {date{2020}, {}}});
  CHECK(dated != again);
  CHECK(count_relations(g, f.miit, direction::out, "oversees") == 3);
}

TEST_CASE("graph.iteration.by_type_with_subtypes_and_direction") {
  fixture::talent f;
  const auto& g = f.g;
  CHECK(g.entities("Program").size() == 4);
  CHECK(g.entities("PublicBody").size() == 3);   // two ministries and a government
  CHECK(g.entities("Organization").size() == 7); // + company, platform, two universities
  CHECK(g.entities("Document").size() == 1);
  CHECK(g.entities().size() == 17);
  CHECK_THROWS_AS((void)g.entities("Nope"), schema_error);

  CHECK(count_relations(g, f.qiming, direction::in) == 3);   // oversees, recruits_for, awarded
  CHECK(count_relations(g, f.qiming, direction::out) == 2);  // recruits_in, succeeds
  CHECK(count_relations(g, f.qiming, direction::both) == 5);
  CHECK(count_relations(g, f.qiming, direction::in, "ProjectParticipant") == 3);
  CHECK(count_relations(g, f.chips, direction::in, "targets") == 3);  // recruits_in x2 + targets
  CHECK(count_relations(g, f.chips, direction::in, "recruits_in") == 2);
  CHECK(count_relations(g, f.island, direction::both) == 0);
  CHECK_THROWS_AS((void)g.relations(f.qiming, direction::in, "Nope"), schema_error);
}

TEST_CASE("graph.iteration.relations_come_in_id_order_in_every_storage_state") {
  // Found by fuzz/graph_ops_fuzz: pending relations were listed newest first and compacted ones
  // by type, so the same graph listed differently after compact() or a save and load.
  graph g{schemas::investigations()};
  const auto program = g.add("Program", "Qiming");
  const auto field = g.add("Field", "chips");
  const auto ministry = g.add("Ministry", "MIIT");
  std::vector<relation_id> added;
  added.push_back(g.relate(program, "recruits_in", field));
  added.push_back(g.relate(ministry, "oversees", program));
  added.push_back(g.relate(program, "UnknownLink", program));  // a self-loop
  added.push_back(g.relate(program, "targets", field, {.on_repeat = repeat_policy::parallel}));
  const auto listed = [&] { return g.relations(program, direction::both); };
  CHECK(listed() == added);  // pending
  g.compact();
  CHECK(listed() == added);  // compacted
  added.push_back(g.relate(field, "part_of", program));
  CHECK(listed() == added);  // compacted and pending together
  const auto loaded = load_from_bytes(save_to_bytes(g));
  CHECK(loaded.relations(program, direction::both) == added);
  const auto out = g.relations(program, direction::out);
  CHECK(std::is_sorted(out.begin(), out.end()));
  CHECK(out.size() == 3);
}

TEST_CASE("graph.remove.entity_removes_relations_and_keeps_ids") {
  fixture::talent f;
  auto& g = f.g;
  const auto rels = g.relation_count();
  const auto ents = g.entity_count();
  g.remove(f.qiming);
  CHECK_FALSE(g.contains(f.qiming));
  CHECK(g.entity_count() == ents - 1);
  CHECK(g.relation_count() == rels - 5);
  CHECK_FALSE(g.contains(f.miit_oversees_qiming));
  CHECK_THROWS_WITH_AS((void)g.get(f.qiming), doctest::Contains("was removed"), not_found);
  CHECK_FALSE(g.try_get(f.qiming).has_value());
  CHECK(g.lookup("Qiming").empty());
  CHECK(g.lookup_fuzzy("Kiming").empty());
  // Other ids are untouched and new ids never reuse the removed one.
  CHECK(g.get(f.huoju).name() == "Huoju");
  const auto fresh = g.add("Program", "Qiming 2");
  CHECK(fresh != f.qiming);
  CHECK(to_index(fresh) == g.entity_slots() - 1);
  CHECK(count_relations(g, f.miit, direction::out) == 0);
  CHECK(count_relations(g, f.chips, direction::in) == 3);
  CHECK_THROWS_AS(g.remove(f.qiming), not_found);
}

TEST_CASE("graph.remove.relation") {
  fixture::talent f;
  auto& g = f.g;
  g.remove(f.qiming_in_chips);
  CHECK_FALSE(g.contains(f.qiming_in_chips));
  CHECK_THROWS_WITH_AS((void)g.get(f.qiming_in_chips), doctest::Contains("was removed"), not_found);
  CHECK(count_relations(g, f.qiming, direction::out, "recruits_in") == 0);
  CHECK(count_relations(g, f.chips, direction::in) == 3);
  CHECK_THROWS_AS(g.remove(f.qiming_in_chips), not_found);
  CHECK_THROWS_WITH_AS((void)g.get(static_cast<relation_id>(12345)), doctest::Contains("does not exist"), not_found);
}

TEST_CASE("graph.update.properties_and_names") {
  fixture::talent f;
  auto& g = f.g;
  g.set(f.kunpeng, "recruitTarget", 200, {.citations = {cite(f.article, "aims to attract 200 technical experts")}});
  g.set(f.kunpeng, "recruited", 48);
  CHECK(g.get(f.kunpeng).property("recruitTarget")->as_int() == 200);
  g.set(f.kunpeng, "recruited", 50);  // replaces
  CHECK(g.get(f.kunpeng).statements("recruited").size() == 1);
  g.add_value(f.kunpeng, "topics", "talent");
  g.add_value(f.kunpeng, "topics", "chips");
  g.add_value(f.kunpeng, "topics", "chips", {.citations = {cite(f.article, "q")}});  // same value: evidence merges
  const auto topics = g.get(f.kunpeng).statements("topics");
  REQUIRE(topics.size() == 2);
  CHECK(topics[1].ev.citations.size() == 1);
  g.unset(f.kunpeng, "topics");
  CHECK(g.get(f.kunpeng).statements("topics").empty());

  CHECK_THROWS_AS(g.set(f.kunpeng, "recruited", "many"), schema_error);
  CHECK(g.get(f.kunpeng).property("recruited")->as_int() == 50);
  CHECK_THROWS_AS(g.set(f.kunpeng, "recruited", 1, {.citations = {cite(f.chips, "not a source")}}), provenance_error);
  CHECK(g.get(f.kunpeng).property("recruited")->as_int() == 50);
  CHECK_THROWS_AS(g.unset(f.kunpeng, "nonexistent_property_name"), schema_error);

  g.rename(f.huoju, "Torch Program");
  CHECK(g.lookup("Torch Program").size() == 1);
  CHECK(g.lookup("Huoju").empty());
  CHECK(g.lookup("Torch").size() == 1);  // alias kept
  g.add_alias(f.huoju, "Huoju");
  CHECK(g.lookup("huoju").front().entity == f.huoju);
  g.remove_alias(f.huoju, "Huoju");
  CHECK(g.lookup("huoju").empty());
  CHECK_THROWS_AS(g.remove_alias(f.huoju, "Huoju"), not_found);

  g.set(f.qiming_in_chips, "summary", "sensitive fields");
  CHECK(g.get(f.qiming_in_chips).property("summary")->as_string() == "sensitive fields");
  CHECK_THROWS_AS(g.set(f.qiming_in_chips, "summary", 3), schema_error);
  g.unset(f.qiming_in_chips, "summary");
  CHECK(g.get(f.qiming_in_chips).property("summary") == nullptr);
}

TEST_CASE("graph.merge.moves_everything_and_redirects") {
  fixture::talent f;
  auto& g = f.g;
  // An analyst added "Kiming" separately before realising it is Qiming.
  const auto kiming = g.add("Program", "Kiming", {.aliases = {"Kimming"}, .properties = {{"startDate", date{2019}}}});
  const auto bit = g.add("University", "Beijing Institute of Technology");
  g.relate(kiming, "recruits_in", f.chips, cite(f.article, "recruits in semiconductors"));
  const auto rel = g.relate(f.ma, "awarded", kiming, cite(f.article, "2021 Kiming recipient"));
  (void)bit;
  const auto qiming_rels = g.relations(f.qiming, direction::both).size();
  g.merge(f.qiming, kiming);
  CHECK(g.canonical(kiming) == f.qiming);
  CHECK(g.contains(kiming));
  CHECK(g.get(kiming).id() == f.qiming);       // lookups redirect
  CHECK(g.get(rel).target() == f.qiming);      // relation moved, id kept
  CHECK(g.relations(f.qiming, direction::both).size() == qiming_rels + 2);
  CHECK(g.get(f.qiming).property("startDate")->as_date() == date{2019});
  const auto aliases = g.get(f.qiming).aliases();
  CHECK(std::any_of(aliases.begin(), aliases.end(), [](const alias& a) { return a.name == "Kiming"; }));
  CHECK(g.lookup("Kimming").front().entity == f.qiming);
  // Later statements about the absorbed id land on the kept one.
  g.relate(kiming, "targets", f.island);
  CHECK(g.relations(f.qiming, direction::out, "targets").size() == 3);
  CHECK(g.redirects().size() == 1);
  CHECK_THROWS_AS(g.merge(f.qiming, kiming), error);  // same entity now
}

TEST_CASE("graph.merge.rejects_incompatible_and_changes_nothing") {
  fixture::talent f;
  auto& g = f.g;
  // Merging a Person into a Field would leave "awarded" with a Field source.
  const auto rels = g.relations(f.ma, direction::both).size();
  CHECK_THROWS_WITH_AS(g.merge(f.chips, f.ma), doctest::Contains("expects a source of type"), schema_error);
  CHECK(g.contains(f.ma));
  CHECK(g.canonical(f.ma) == f.ma);
  CHECK(g.relations(f.ma, direction::both).size() == rels);
  CHECK_THROWS_AS(g.merge(f.ma, f.article), provenance_error);  // a source into a non-source
}

TEST_CASE("graph.names.lookup_resolve_and_duplicates") {
  fixture::talent f;
  auto& g = f.g;
  CHECK(g.lookup("MIIT").front().entity == f.miit);
  CHECK(g.lookup("miit").front().entity == f.miit);
  CHECK(g.lookup("ＭＩＩＴ").front().entity == f.miit);
  CHECK(g.lookup("Enlightenment").front().entity == f.qiming);
  const auto kimming = g.resolve("Kimming");
  CHECK(kimming.entity == f.qiming);
  CHECK(kimming.kind == match_kind::fuzzy);
  CHECK(kimming.score > 0.75);
  CHECK(g.resolve("Kiming").entity == f.qiming);
  CHECK(g.resolve("Thousand Talent Plan").entity == f.ttp);
  CHECK(g.resolve("Thousand Talents Plan").kind == match_kind::exact);
  CHECK(g.lookup_substring("人才").front().entity == f.ttp);
  CHECK(g.lookup_prefix("Ministry of").size() == 2);
  CHECK(g.lookup_prefix("Ministry of", {.type = "Program"}).empty());
  CHECK(g.lookup_fuzzy("Kimming", {.type = "Person"}).empty());
  CHECK_THROWS_WITH_AS((void)g.resolve("Zyxwv"), doctest::Contains("'Zyxwv'"), not_found);
  CHECK_FALSE(g.try_resolve("Zyxwv").has_value());
  CHECK_THROWS_AS((void)g.lookup("x", {.type = "Nope"}), schema_error);

  // Adding an existing name is allowed, never a silent merge, and reported as a duplicate.
  const auto dup = g.add("Program", "QIMING");
  CHECK(dup != f.qiming);
  CHECK(g.lookup("Qiming").size() == 2);
  const auto dups = g.possible_duplicates(dup);
  REQUIRE_FALSE(dups.empty());
  CHECK(dups.front().entity == f.qiming);
  CHECK(dups.front().score == 1.0);
  CHECK(g.possible_duplicates(f.island).empty());
}

TEST_CASE("graph.copy.is_explicit_and_deep") {
  fixture::talent f;
  static_assert(!std::is_copy_constructible_v<graph>);
  static_assert(std::is_nothrow_move_constructible_v<graph>);
  auto copy = f.g.copy();
  copy.remove(f.qiming);
  CHECK(f.g.contains(f.qiming));
  CHECK_FALSE(copy.contains(f.qiming));
  const auto in_copy = copy.try_resolve("Kiming", {.min_score = 0.5});
  CHECK((!in_copy || in_copy->entity != f.qiming));
  CHECK(f.g.resolve("Kiming").entity == f.qiming);
  graph moved = std::move(copy);
  CHECK(moved.entity_count() == f.g.entity_count() - 1);
}

TEST_CASE("graph.compact.preserves_adjacency_under_churn") {
  // Enough relations to trigger automatic compaction several times, with removals in between.
  graph g{schemas::investigations()};
  std::vector<entity_id> people, fields;
  for (int i = 0; i < 300; ++i) people.push_back(g.add("Person", "person " + std::to_string(i)));
  for (int i = 0; i < 50; ++i) fields.push_back(g.add("Field", "field " + std::to_string(i)));
  std::vector<relation_id> rels;
  for (int i = 0; i < 20000; ++i)
    rels.push_back(g.relate(people[static_cast<std::size_t>(i % 300)], "researches", fields[static_cast<std::size_t>((i * 7) % 50)],
                            {.on_repeat = repeat_policy::parallel}));
  for (std::size_t i = 0; i < rels.size(); i += 3) g.remove(rels[i]);
  const auto expected_out = [&](std::size_t p) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < rels.size(); ++i)
      if (i % 3 != 0 && i % 300 == p) ++n;
    return n;
  };
  CHECK(g.relations(people[0], direction::out).size() == expected_out(0));
  CHECK(g.relations(people[7], direction::out).size() == expected_out(7));
  g.compact();
  CHECK(g.relations(people[0], direction::out).size() == expected_out(0));
  std::size_t total_in = 0;
  for (auto fe : fields) total_in += g.relations(fe, direction::in).size();
  CHECK(total_in == g.relation_count());
  CHECK(g.relation_count() == rels.size() - (rels.size() + 2) / 3);
}

TEST_CASE("graph.reserve.changes_capacity_not_content") {
  fixture::talent f;
  const auto before = f.g.entity_count();
  f.g.reserve(10'000, 50'000);
  CHECK(f.g.entity_count() == before);
  CHECK(f.g.resolve("Kiming").entity == f.qiming);
  const auto p = f.g.add("Person", "Reserved person");
  f.g.relate(p, "researches", f.chips);
  CHECK(f.g.relations(f.chips, direction::in).size() == 5);
  CHECK_THROWS_WITH_AS(f.g.reserve(std::size_t{1} << 40, 0), doctest::Contains("32-bit id space"), error);
  CHECK(f.g.entity_count() == before + 1);
}

// ---- issue 13: defects found by outside testing -------------------------------------------------

TEST_CASE("graph.remove_alias.with_a_name_from_its_own_alias_list") {
  // The name passed in may point into the very alias that is erased (ASan: heap-use-after-free
  // before the fix, which normalised the name after erasing it).
  fixture::talent f;
  auto& g = f.g;
  (void)g.lookup("x");  // the name index is live, so the removal also unindexes
  g.add_alias(f.qiming, "Kiming");
  const auto aliases = g.get(f.qiming).aliases();
  const auto it = std::find_if(aliases.begin(), aliases.end(), [](const alias& a) { return a.name == "Kiming"; });
  REQUIRE(it != aliases.end());
  g.remove_alias(f.qiming, std::string_view(it->name));
  CHECK(g.lookup("Kiming").empty());
  CHECK(g.lookup("Enlightenment").front().entity == f.qiming);
  // A normalised form still carried by another alias stays indexed.
  g.add_alias(f.qiming, "Qi-Ming");
  g.add_alias(f.qiming, "QI MING");
  g.remove_alias(f.qiming, "Qi-Ming");
  CHECK(g.lookup("qi ming").front().entity == f.qiming);
}

TEST_CASE("graph.aliases.many_on_one_entity") {
  // 10^5 aliases took 24 s with a linear search per alias; with hashing past 16 it is linear.
  graph g{schemas::investigations()};
  const auto e = g.add("Person", "Many names");
  constexpr int n = 100'000;
  for (int i = 0; i < n; ++i) g.add_alias(e, "alias " + std::to_string(i));
  for (int i = 0; i < n; i += 1000) g.add_alias(e, "alias " + std::to_string(i));  // repeats: no-ops
  CHECK(g.get(e).aliases().size() == n);
  g.add_alias(e, {"alias 7", "en"});  // another language is another alias
  CHECK(g.get(e).aliases().size() == n + 1);
  CHECK(g.lookup("alias 99999").front().entity == e);
  g.remove_alias(e, "alias 99999");
  CHECK(g.lookup("alias 99999").empty());
  g.remove_alias(e, "alias 7");  // the first of the two; "alias 7" (en) still names it
  CHECK(g.lookup("alias 7").front().entity == e);
  // add() with many aliases, repeats among them.
  std::vector<alias> list;
  for (int i = 0; i < 50'000; ++i) list.emplace_back("n" + std::to_string(i % 40'000));
  const auto other = g.add("Person", "Other", {.aliases = list});
  CHECK(g.get(other).aliases().size() == 40'000);
  // Copies and merges keep the hashed aliases consistent.
  auto copy = g.copy();
  copy.add_alias(other, "n1");
  CHECK(copy.get(other).aliases().size() == 40'000);
  g.merge(e, other);
  const std::size_t merged = n + 1 - 2 + 40'000 + 1;  // e's (one added, two removed), other's, and "Other"
  CHECK(g.get(e).aliases().size() == merged);
  g.add_alias(e, "n5");
  CHECK(g.get(e).aliases().size() == merged);
}

TEST_CASE("graph.generation.is_unique_across_graphs") {
  graph a{schemas::investigations()}, b{schemas::investigations()};
  CHECK(a.generation() != b.generation());
  const auto before = a.generation();
  a.add("Person", "x");
  CHECK(a.generation() == before);  // entities alone do not change the adjacency
  a.relate(a.add("Person", "y"), "Associate", static_cast<entity_id>(0));
  CHECK(a.generation() != before);
  const auto stamp_b = b.generation();
  b = std::move(a);  // the same object now holds another graph: a new stamp
  CHECK(b.generation() != stamp_b);
  CHECK(b.entity_count() == 2);
  // The moved-from graph is empty and usable.
  CHECK(a.entity_count() == 0);  // NOLINT(bugprone-use-after-move)
  CHECK(a.generation() != b.generation());
  CHECK(a.lookup("x").empty());
  a = graph{schemas::investigations()};
  CHECK(a.add("Person", "z") == static_cast<entity_id>(0));
}

TEST_CASE("graph.valid_time.of_entities_from_start_and_end_dates") {
  graph g{schemas::investigations()};
  const auto ttp = g.add("Program", "Thousand Talents Plan", {.properties = {{"startDate", date{2008}}, {"endDate", date{2018}}}});
  const auto open = g.add("Program", "Kunpeng", {.properties = {{"startDate", date{2019}}}});
  const auto undated = g.add("Program", "Qiming");
  CHECK(g.get(ttp).valid() == valid_time{date{2008}, date{2018}});
  CHECK(g.get(ttp).valid().holds_at(date{2018, 6}));
  CHECK_FALSE(g.get(ttp).valid().holds_at(date{2019}));
  CHECK(g.get(open).valid() == valid_time{date{2019}, {}});
  CHECK(g.get(undated).valid().empty());
  // Several values: the earliest start and the latest end.
  g.add_value(ttp, "startDate", date{2007, 6});
  g.add_value(ttp, "endDate", value(value::list_type{date{2018}, date{2020}}));
  CHECK(g.get(ttp).valid() == valid_time{date{2007, 6}, date{2020}});
  g.unset(ttp, "endDate");
  CHECK(g.get(ttp).valid() == valid_time{date{2007, 6}, {}});
  g.set(undated, "startDate", date{2020});
  CHECK(g.get(undated).valid().start == date{2020});
  // Merges take the absorbed entity's dates along; snapshots keep them.
  g.merge(undated, open);
  CHECK(g.get(undated).valid().start == date{2019});
  const auto loaded = load_from_bytes(save_to_bytes(g));
  CHECK(loaded.get(ttp).valid() == valid_time{date{2007, 6}, {}});
  CHECK(loaded.get(undated).valid().start == date{2019});
}

TEST_CASE("graph.add_source.maps_fields_to_the_schema") {
  // The built-in schema's Document properties.
  graph g{schemas::investigations()};
  const auto src = g.add_source({.title = "A report", .publisher = "Reuters", .authors = {"A", "B"}, .url = "https://example.org",
                                 .published = date{2023, 8, 24}, .retrieved = date{2023, 9}});
  CHECK(g.get(src).property("authors")->as_list() == value::list_type{"A", "B"});
  CHECK(g.get(src).property("url")->as_string() == "https://example.org");
  CHECK(g.get(src).property("retrievedAt")->as_date() == date{2023, 9});
  // A model whose Document lacks a field the source has: the error names the field.
  graph mini{schemas::load_followthemoney(std::filesystem::path(DOSSIER_TEST_DATA) / "ftm-mini.json")};
  CHECK_NOTHROW(mini.add_source({.title = "Title only", .type = "Document"}));
  CHECK_THROWS_WITH_AS(mini.add_source({.title = "T", .publisher = "P", .type = "Document"}),
                       doctest::Contains("source type 'Document' has no property for the source's publisher (tried 'publisher')"),
                       schema_error);
  CHECK_THROWS_WITH_AS(mini.add_source({.title = "T", .type = "Person"}), doctest::Contains("is not a Document"), schema_error);
  CHECK(mini.entity_count() == 1);
}

TEST_CASE("graph.counts.sources_are_entities") {
  fixture::talent f;
  CHECK(f.g.source_count() == 1);
  CHECK(f.g.entity_count() == 17);  // the article among them
  CHECK(f.g.entities("Document").size() == f.g.source_count());
}

TEST_CASE("graph.errors.quote_a_short_excerpt_of_huge_input") {
  graph g{schemas::investigations()};
  const auto e = g.add("Program", "x");
  const std::string huge(100'000'000, 'a');
  try {
    g.set(e, "startDate", huge);  // a string where a date is declared
    FAIL("no error");
  } catch (const schema_error& err) {
    const std::string what = err.what();
    CHECK(what.size() < 400);
    CHECK(what.find("(100000000 bytes)") != std::string::npos);
  }
  CHECK_THROWS_AS(g.add("Spaceship" + huge, "x"), schema_error);
  try {
    (void)g.add("Spaceship" + huge, "x");
  } catch (const error& err) {
    CHECK(std::string(err.what()).size() < 400);
  }
}

// ---- issue 17: external ids and entities without a name ------------------------------------------

TEST_CASE("graph.external_ids.unique_kept_and_followed") {
  fixture::talent f;
  auto& g = f.g;
  g.set_external_id(f.qiming, "NK-qiming");
  CHECK(g.get(f.qiming).external_id() == "NK-qiming");
  CHECK(g.by_external("NK-qiming") == f.qiming);
  CHECK_FALSE(g.find_external("nobody").has_value());
  CHECK_THROWS_WITH_AS((void)g.by_external("nobody"), doctest::Contains("[dossier.store.unknown_external_id]"), not_found);
  // Unique: a second entity cannot take it, and a failed add changes nothing.
  CHECK_THROWS_WITH_AS(g.set_external_id(f.huoju, "NK-qiming"), doctest::Contains("already names entity"), schema_error);
  const auto before = g.entity_count();
  CHECK_THROWS_AS(g.add("Program", "Other", {.external_id = "NK-qiming"}), schema_error);
  CHECK(g.entity_count() == before);
  const auto other = g.add("Program", "Other", {.external_id = "NK-other"});
  CHECK(g.by_external("NK-other") == other);
  // Replaced, removed, and followed through a merge.
  g.set_external_id(other, "NK-other-2");
  CHECK_FALSE(g.find_external("NK-other"));
  g.merge(f.qiming, other);
  CHECK(g.by_external("NK-other-2") == f.qiming);  // the absorbed entity's id finds the survivor
  CHECK(g.get(f.qiming).external_id() == "NK-qiming");
  g.set_external_id(f.qiming, "");
  CHECK_FALSE(g.find_external("NK-qiming"));
  // Removal frees the id.
  const auto temp = g.add("Person", "Temp", {.external_id = "NK-temp"});
  g.remove(temp);
  CHECK_FALSE(g.find_external("NK-temp"));
  CHECK_NOTHROW(g.add("Person", "Again", {.external_id = "NK-temp"}));
  // Relations: several may share one, and a repeat claim merges only with the same one.
  const auto r1 = g.relate(f.ma, "awarded", f.huoju, {.external_id = "pay-1"});
  const auto r2 = g.relate(f.ma, "awarded", f.huoju, {.external_id = "pay-1"});
  const auto r3 = g.relate(f.ma, "awarded", f.huoju, {.external_id = "pay-2"});
  CHECK(r1 == r2);
  CHECK(r1 != r3);
  CHECK(g.get(r3).external_id() == "pay-2");
  // Copies, snapshots and their reloads keep them.
  const auto loaded = load_from_bytes(save_to_bytes(g));
  CHECK(loaded.by_external("NK-other-2") == f.qiming);
  CHECK(loaded.get(r3).external_id() == "pay-2");
  CHECK(g.copy().by_external("NK-temp") == g.by_external("NK-temp"));
}

TEST_CASE("graph.names.entities_may_have_none") {
  graph g{schemas::investigations()};
  const auto address = g.add("Address", "", {.properties = {{"full", "Schillerstraße 19, 76135 Karlsruhe"}}});
  CHECK(g.get(address).name().empty());
  CHECK(g.lookup("").empty());
  CHECK(g.lookup_fuzzy("Schillerstraße").empty());  // names only, not properties
  const auto named = g.add("Address", "Head office");
  g.rename(named, "");
  CHECK(g.lookup("Head office").empty());
  g.rename(named, "Head office");
  CHECK(g.lookup("Head office").front().entity == named);
  CHECK(g.possible_duplicates(address).empty());
  // A name that is not empty still needs something after normalisation.
  CHECK_THROWS_AS(g.add("Address", " ... "), value_error);
  CHECK_THROWS_AS(g.add_alias(address, ""), value_error);
  // Snapshots keep nameless entities.
  const auto loaded = load_from_bytes(save_to_bytes(g));
  CHECK(loaded.get(address).name().empty());
  CHECK(loaded.get(address).property("full")->as_string() == "Schillerstraße 19, 76135 Karlsruhe");
}

TEST_CASE("graph.append.implied_rows_stay_only_when_a_kept_row_needs_them") {
  graph g{schemas::investigations()};
  const auto& s = g.schema();
  const auto row = [&](std::uint32_t k) { return static_cast<entity_id>(g.entity_slots() + k); };
  const auto cite = [&](std::uint32_t k) { return evidence{.citations = {{.source = row(k), .quote = "q"}}}; };
  batch b;
  b.entities.push_back({.type = s.entity_type("Article"), .name = "cited", .implied = true});
  b.entities.push_back({.type = s.entity_type("Article"), .name = "cited by a bad row", .implied = true});
  b.entities.push_back({.type = s.entity_type("Article"), .name = "cited by nothing", .implied = true});
  b.entities.push_back({.type = s.entity_type("Ministry"), .name = "MIIT"});
  b.entities.push_back({.type = s.entity_type("Program"), .name = "Qiming"});
  b.relations.push_back({.source = row(3), .target = row(4), .type = s.relation_type("oversees"), .ev = cite(0)});
  // A Program does not oversee a Ministry: left out in skip mode, and with it what only it cites.
  b.relations.push_back({.source = row(4), .target = row(3), .type = s.relation_type("oversees"), .ev = cite(1)});
  const auto applied = g.append(b, {.skip_bad_rows = true});
  REQUIRE(applied.skipped.size() == 1);  // the bad relation; the implied rows go without a word
  CHECK(applied.skipped[0].relation);
  CHECK_FALSE(is_null(applied.entities[0]));
  CHECK(is_null(applied.entities[1]));
  CHECK(is_null(applied.entities[2]));
  CHECK(g.entity_count() == 3);
  CHECK(g.relation_count() == 1);
  CHECK(g.get(applied.relations[0]).citations().front().source == applied.entities[0]);
  // Not in skip mode, an implied row nothing needs still goes, and nothing else changes.
  graph strict{schemas::investigations()};
  batch lone;
  lone.entities.push_back({.type = s.entity_type("Article"), .name = "alone", .implied = true});
  lone.entities.push_back({.type = s.entity_type("Ministry"), .name = "MIIT"});
  const auto kept = strict.append(lone);
  CHECK(is_null(kept.entities[0]));
  CHECK(strict.entity_count() == 1);
}
