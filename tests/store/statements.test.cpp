// The statement table: entities' and relations' property statements in shared cells, their
// evidence in a side table (store/detail/statement_table.hpp), and the views that show them.
#include <doctest/doctest.h>
#include "../graph_equal.hpp"
#include "fixture.hpp"

#include <dossier/io/snapshot.hpp>

#include <filesystem>
#include <unistd.h>
#include <string>
#include <vector>

using namespace dossier;

namespace {

std::vector<std::string> topics(const graph& g, entity_id e) {
  std::vector<std::string> out;
  for (const auto s : g.get(e).statements("topics")) out.push_back(s.val.as_string());
  return out;
}

}  // namespace

TEST_CASE("statements.table.push_erase_clear_and_evidence_slots") {
  detail::statement_table t;
  t.resize_owners(3);
  const property_id p{1}, q{2};
  t.push(0, {p, value(1), {}});
  t.push(1, {p, value("a"), {.citations = {cite(entity_id{7}, "quote")}}});
  t.push(0, {q, value(2), {}});  // owner 0 is not last: it moves to the end
  t.push(0, {p, value(3), {}});
  REQUIRE(t.of(0).size() == 3);
  CHECK(t.of(0)[0].val == value(1));
  CHECK(t.of(0)[1].val == value(2));
  CHECK(t.of(0)[2].val == value(3));
  CHECK(t.of(0)[0].ev == evidence{});
  REQUIRE(t.of(1).size() == 1);
  CHECK(t.of(1)[0].ev.citations.at(0).quote == "quote");
  CHECK(t.counts().cells == 4);
  CHECK(t.counts().evidence == 1);  // only the cited value has an evidence entry

  CHECK(t.erase_property(0, p) == 2);
  REQUIRE(t.of(0).size() == 1);
  CHECK(t.of(0)[0].property == q);
  t.clear(1);
  CHECK(t.of(1).empty());
  CHECK(t.counts().evidence == 0);  // released with its statement
  t.mutable_evidence(0, 0).citations.push_back(cite(entity_id{9}, "later"));
  CHECK(t.counts().evidence == 1);  // the freed entry is reused
  CHECK(t.of(0)[0].ev.citations.at(0).quote == "later");

  const auto before = t.counts();
  CHECK(before.holes > 0);
  t.compact();
  CHECK(t.counts().holes == 0);
  CHECK(t.counts().cells == before.cells);
  CHECK(t.of(0)[0].val == value(2));
  CHECK(t.of(2).empty());
  CHECK(t.of(99).empty());  // owners beyond the table have nothing
}

TEST_CASE("statements.table.interleaved_growth_keeps_every_owner_in_order") {
  // Pushes that alternate between owners move ranges to the end again and again; the holes they
  // leave are compacted away automatically, and nothing is lost or reordered.
  detail::statement_table t;
  constexpr std::uint32_t owners = 300, per_owner = 40;
  t.resize_owners(owners);
  for (std::uint32_t k = 0; k < per_owner; ++k)
    for (std::uint32_t o = 0; o < owners; ++o) t.push(o, {property_id{k % 3 + 1}, value(std::int64_t{o} * 1000 + k), {}});
  for (std::uint32_t o = 0; o < owners; ++o) {
    const auto r = t.of(o);
    REQUIRE(r.size() == per_owner);
    for (std::uint32_t k = 0; k < per_owner; ++k) CHECK(r[k].val.as_int() == std::int64_t{o} * 1000 + k);
  }
  // Doubling bounds the slack: holes stay under the cells in use (plus the compaction floor).
  CHECK(t.counts().holes <= t.counts().cells + 4096);
  for (std::uint32_t o = 0; o < owners; o += 2) t.clear(o);
  for (std::uint32_t o = 1; o < owners; o += 2) REQUIRE(t.of(o).size() == per_owner);
  CHECK(t.of(299)[39].val.as_int() == 299039);
}

TEST_CASE("statements.table.owners_filled_in_turn_leave_no_holes") {
  // A bulk load fills owner after owner: each range starts at the end and grows in place.
  detail::statement_table t;
  t.resize_owners(100);
  for (std::uint32_t o = 0; o < 100; ++o)
    for (std::uint32_t k = 0; k <= o % 4; ++k) t.push(o, {property_id{k + 1}, value(std::int64_t{k}), {}});
  CHECK(t.counts().holes == 0);
  CHECK(t.counts().cells == 250);
  CHECK(t.of(97).size() == 2);
}

TEST_CASE("statements.graph.values_evidence_and_order_round_trip") {
  fixture::talent f;
  auto& g = f.g;
  g.add_value(f.kunpeng, "topics", "talent");
  g.add_value(f.qiming, "topics", "chips");  // another entity between: kunpeng's range moves
  g.add_value(f.kunpeng, "topics", "chips", {.citations = {cite(f.article, "chip experts")}});
  g.add_value(f.kunpeng, "topics", "chips", {.citations = {cite(f.article, "again")}});  // merges evidence
  g.add_value(f.kunpeng, "topics", "chips", {.citations = {cite(f.article, "again")}});  // a repeat: no-op
  g.set(f.kunpeng, "recruitTarget", 200);
  CHECK(topics(g, f.kunpeng) == std::vector<std::string>{"talent", "chips"});
  const auto chips = g.get(f.kunpeng).statements("topics").at(1);
  REQUIRE(chips.ev.citations.size() == 2);
  CHECK(chips.ev.citations[1].quote == "again");
  CHECK(g.get(f.kunpeng).statements("topics").at(0).ev == evidence{});
  CHECK(g.get(f.kunpeng).property("recruitTarget")->as_int() == 200);
  // A copy owns its statements; the view converts and compares with one.
  const property_statement owned = chips.copy();
  CHECK(owned.ev.citations.size() == 2);
  CHECK(chips == owned);
  CHECK(static_cast<property_statement>(chips) == owned);
  const auto all = g.get(f.kunpeng).properties();
  CHECK(all.copy().size() == all.size());
  CHECK(all.find(*g.schema().try_property("recruitTarget"))->as_int() == 200);
  std::size_t seen = 0;
  for (auto it = all.begin(); it != all.end(); ++it) seen += it->property == *g.schema().try_property("topics");
  CHECK(seen == 2);

  // Unset drops every value of the property and leaves the others.
  g.unset(f.kunpeng, "topics");
  CHECK(topics(g, f.kunpeng).empty());
  CHECK(g.get(f.kunpeng).property("recruitTarget")->as_int() == 200);
  CHECK(topics(g, f.qiming) == std::vector<std::string>{"chips"});

  // Relations keep theirs in a table of their own.
  g.set(f.qiming_in_chips, "summary", "sensitive fields", {.citations = {cite(f.article, "sensitive")}});
  g.set(f.qiming_in_chips, "summary", "replaced");
  REQUIRE(g.get(f.qiming_in_chips).properties().size() == 1);
  CHECK(g.get(f.qiming_in_chips).property("summary")->as_string() == "replaced");
  CHECK(g.get(f.qiming_in_chips).properties()[0].ev == evidence{});
}

TEST_CASE("statements.graph.removal_and_merge") {
  fixture::talent f;
  auto& g = f.g;
  const auto second = g.add_source({.title = "A second report"});
  g.add_value(f.kunpeng, "topics", "chips", {.citations = {cite(second, "from the second")}});
  const auto kimming = g.add("Program", "Kimming");
  g.add_value(kimming, "topics", "chips", {.citations = {cite(f.article, "from the first")}});
  g.add_value(kimming, "topics", "ai");
  g.add_value(f.qiming, "topics", "chips");
  g.set(f.qiming_in_chips, "summary", "cited", {.citations = {cite(second, "relation value")}});

  // A merge moves the absorbed statements to the keeper; equal values merge their evidence.
  g.merge(f.qiming, kimming);
  CHECK(topics(g, f.qiming) == std::vector<std::string>{"chips", "ai"});
  CHECK(g.get(f.qiming).statements("topics").at(0).ev.citations.at(0).quote == "from the first");
  CHECK(g.entity_slot(to_index(kimming)).properties.empty());

  // Merging sources re-points the citations held in statement evidence, of entities and relations.
  g.merge(f.article, second);
  CHECK(g.get(f.kunpeng).statements("topics").at(0).ev.citations.at(0).source == f.article);
  CHECK(g.get(f.qiming_in_chips).properties()[0].ev.citations.at(0).source == f.article);

  // Removing an entity or a relation drops its statements and nothing else.
  g.remove(f.qiming_in_chips);
  g.remove(f.kunpeng);
  CHECK(g.entity_slot(to_index(f.kunpeng)).properties.empty());
  CHECK(topics(g, f.qiming) == std::vector<std::string>{"chips", "ai"});
  g.compact();
  CHECK(topics(g, f.qiming) == std::vector<std::string>{"chips", "ai"});
}

TEST_CASE("statements.graph.snapshot_and_copy_keep_statements") {
  fixture::talent f;
  auto& g = f.g;
  g.add_value(f.kunpeng, "topics", "talent", {.citations = {cite(f.article, "talent")}, .valid = {date{2019}, {}}});
  g.add_value(f.qiming, "topics", "chips");
  g.add_value(f.kunpeng, "topics", "chips");
  g.set(f.qiming_in_chips, "summary", "cited", {.citations = {cite(f.article, "summary")}});
  const auto copied = g.copy();
  g.unset(f.kunpeng, "topics");  // the copy is a copy: it keeps what it had
  CHECK(topics(copied, f.kunpeng) == std::vector<std::string>{"talent", "chips"});
  CHECK(copied.get(f.kunpeng).statements("topics").at(0).ev.valid.start == date{2019});

  const auto dir = std::filesystem::temp_directory_path() / ("dossier-statements-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto format : {archive_format::binary, archive_format::text}) {
    const auto path = dir / "g.dossier";
    save(copied, path, {.format = format});
    const auto loaded = load(path);
    CHECK(testing_support::first_difference(copied, loaded) == "");
    CHECK(topics(loaded, f.kunpeng) == std::vector<std::string>{"talent", "chips"});
    CHECK(loaded.get(f.qiming_in_chips).properties()[0].ev.citations.at(0).quote == "summary");
  }
  std::filesystem::remove_all(dir);
}

// ---- issue 19: string values interned per table ----------------------------------------------

TEST_CASE("statements.table.interns_equal_strings_once") {
  detail::statement_table t;
  const property_id p{1}, q{2};
  const std::string long_text(200, 'f');
  for (std::uint32_t o = 0; o < 1000; ++o) t.push(o, {p, value(long_text), {}});  // 1000 separate boxes
  CHECK(t.counts().pooled_strings == 1);
  const auto* data = t.of(0)[0].val.as_string().data();
  for (std::uint32_t o = 0; o < 1000; ++o) REQUIRE(t.of(o)[0].val.as_string().data() == data);
  // Different texts (also of the same length, and short ones) are pooled apart.
  t.push(1, {q, value(std::string(199, 'f') + "g"), {}});
  t.push(2, {q, value("female"), {}});
  t.push(3, {q, value("female"), {}});
  t.push(4, {q, value("male"), {}});
  CHECK(t.counts().pooled_strings == 4);
  CHECK(t.of(1)[1].val.as_string().data() != data);
  CHECK(t.of(2)[1].val.as_string().data() == t.of(3)[1].val.as_string().data());
  CHECK(t.of(2)[1].val.as_string().data() != t.of(4)[1].val.as_string().data());
  CHECK(t.of(4)[1].val == value("male"));
  // Non-strings are not pooled; strings inside lists are left as they are.
  t.push(5, {q, value(value::list_type{"female", long_text}), {}});
  t.push(5, {q, value(parse_money("1 USD")), {}});
  CHECK(t.counts().pooled_strings == 4);

  // Each pooled text is counted once, not once per cell: 1000 cells of one 200-byte text cost
  // their cells and one box, far less than 1000 texts.
  const auto bytes = t.heap_bytes();
  CHECK(bytes < 1010 * (sizeof(detail::statement_cell) + 12) + 8 * 1024);  // cells, and 12 bytes an owner
  CHECK(bytes > 1000 * sizeof(detail::statement_cell) + 200);

  // Dropping every cell that holds a text, then compacting, drops it from the pool.
  for (std::uint32_t o = 0; o < 1000; ++o) (void)t.erase_property(o, p);
  CHECK(t.counts().pooled_strings == 4);  // until the table compacts
  t.compact();
  CHECK(t.counts().pooled_strings == 3);
  CHECK(t.heap_bytes() < bytes - 200);
  t.clear(2);
  t.clear(3);
  t.compact();
  CHECK(t.counts().pooled_strings == 2);  // "f...g" and "male"
  CHECK(t.of(4)[0].val == value("male"));
  t.clear_all();
  CHECK(t.counts().pooled_strings == 0);
  CHECK(t.heap_bytes() <= 1010 * 12 + 1024);  // only the owners' array keeps its capacity
}

TEST_CASE("statements.table.pooled_boxes_outlive_the_table_in_copies") {
  value kept;
  {
    detail::statement_table t;
    t.push(0, {property_id{1}, value(std::string(50, 'k')), {}});
    t.push(1, {property_id{1}, value(std::string(50, 'k')), {}});
    kept = t.of(1)[0].val;  // a copy out of the table shares the pooled box
    CHECK(kept.as_string().data() == t.of(0)[0].val.as_string().data());
    // A value held outside keeps its box in the pool through a compaction.
    t.clear(0);
    t.clear(1);
    t.compact();
    CHECK(t.counts().pooled_strings == 1);
    t.push(2, {property_id{1}, value(std::string(50, 'k')), {}});
    CHECK(t.of(2)[0].val.as_string().data() == kept.as_string().data());
    // Copies of the table share the boxes, and each keeps its own references.
    detail::statement_table copy = t;
    CHECK(copy.of(2)[0].val.as_string().data() == kept.as_string().data());
    t.clear_all();
    CHECK(copy.of(2)[0].val.as_string() == std::string(50, 'k'));
    detail::statement_table moved = std::move(copy);
    CHECK(moved.counts().pooled_strings == 1);
    moved.push(3, {property_id{1}, value(std::string(50, 'k')), {}});
    CHECK(moved.of(3)[0].val.as_string().data() == kept.as_string().data());
  }
  CHECK(kept.as_string() == std::string(50, 'k'));  // the tables are gone, the value is not
}

TEST_CASE("statements.table.pool_grows_and_shrinks_with_many_texts") {
  detail::statement_table t;
  constexpr std::uint32_t n = 20000;
  for (std::uint32_t o = 0; o < n; ++o) {
    t.push(o, {property_id{1}, value("name " + std::to_string(o)), {}});
    t.push(o, {property_id{2}, value("group " + std::to_string(o % 7)), {}});
  }
  CHECK(t.counts().pooled_strings == n + 7);
  for (std::uint32_t o = 0; o < n; o += 97) {
    REQUIRE(t.of(o)[0].val.as_string() == "name " + std::to_string(o));
    REQUIRE(t.of(o)[1].val.as_string().data() == t.of(o % 7)[1].val.as_string().data());
  }
  // Half the entities go: the compaction (also the table's own, on holes) keeps the rest intact.
  for (std::uint32_t o = 0; o < n; o += 2) t.clear(o);
  t.compact();
  CHECK(t.counts().pooled_strings == n / 2 + 7);
  for (std::uint32_t o = 1; o < n; o += 2) {
    REQUIRE(t.of(o)[0].val.as_string() == "name " + std::to_string(o));
    REQUIRE(t.of(o)[1].val == value("group " + std::to_string(o % 7)));
  }
  // A text seen again after the sweep is found, not pooled twice.
  t.push(1, {property_id{3}, value("name 3"), {}});
  CHECK(t.of(1)[2].val.as_string().data() == t.of(3)[0].val.as_string().data());
  CHECK(t.counts().pooled_strings == n / 2 + 7);
}

TEST_CASE("statements.graph.repeated_texts_share_and_survive_snapshots") {
  graph g(schemas::investigations());
  const std::string position = "Professor of materials science at a university in Shanghai";
  std::vector<entity_id> people;
  for (int i = 0; i < 300; ++i)
    people.push_back(g.add("Person", "Person " + std::to_string(i),
                           {.properties = {{"position", value{position}}, {"nationality", value{"cn"}}}}));
  const auto shared = g.get(people[0]).property("position")->as_string().data();
  CHECK(g.get(people[299]).property("position")->as_string().data() == shared);
  CHECK(g.get(people[7]).property("nationality")->as_string().data() ==
        g.get(people[8]).property("nationality")->as_string().data());
  const auto other = g.add("Person", "Someone else", {.properties = {{"position", value{"Engineer"}}}});
  CHECK(g.get(other).property("position")->as_string().data() != shared);
  // One text counted once: against the same graph with 300 different texts of that length,
  // 299 boxes and texts fewer are counted.
  graph distinct(schemas::investigations());
  for (int i = 0; i < 300; ++i) {
    auto text = position;
    text.replace(0, 3, std::to_string(100 + i));
    (void)distinct.add("Person", "Person " + std::to_string(i),
                       {.properties = {{"position", value{text}}, {"nationality", value{"cn"}}}});
  }
  (void)distinct.add("Person", "Someone else", {.properties = {{"position", value{"Engineer"}}}});
  CHECK(g.memory().properties + 299 * (48 + position.size()) <= distinct.memory().properties);

  // Saved and loaded, the texts are equal and shared again in the loaded graph.
  const auto dir = std::filesystem::temp_directory_path() / ("dossier-interned-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto format : {archive_format::binary, archive_format::text}) {
    const auto path = dir / "g.dossier";
    save(g, path, {.format = format});
    const auto loaded = load(path);
    CHECK(testing_support::first_difference(g, loaded) == "");
    CHECK(loaded.get(people[42]).property("position")->as_string() == position);
    CHECK(loaded.get(people[42]).property("position")->as_string().data() ==
          loaded.get(people[43]).property("position")->as_string().data());
    CHECK(loaded.get(people[42]).property("position")->as_string().data() != shared);  // its own pool
  }
  std::filesystem::remove_all(dir);

  // Removing every holder and compacting gives the text's memory back.
  const auto before = g.memory().properties;
  for (const auto p : people) g.unset(p, "position");
  g.compact();
  CHECK(g.memory().properties < before - position.size());
  CHECK(g.get(other).property("position")->as_string() == "Engineer");
}
