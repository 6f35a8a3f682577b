// The database in one process: transactions, read views, the journal, checkpoints, locks.

#include "database_support.hpp"
#include "graph_equal.hpp"

#include <dossier/dossier.hpp>

#include <boost/crc.hpp>
#include <boost/graph/connected_components.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <iterator>
#include <unistd.h>

using namespace dossier;
using database_support::story;
using database_support::temp_dir;
using testing_support::first_difference;

namespace {

graph reference(int steps) {
  graph g(schemas::investigations());
  for (int i = 0; i < steps; ++i) story(g, i);
  return g;
}

void commit_story(database& db, int steps) {
  for (int i = 0; i < steps; ++i) db.write([&](transaction& tx) { story(tx, i); });
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const std::filesystem::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::filesystem::path only_journal(const std::filesystem::path& dir) {
  std::filesystem::path found;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".log") found = e.path();
  return found;
}

// A database in `dir` that took the three steps of the story: its journal, and the journal's bytes.
std::pair<std::filesystem::path, std::string> story_journal(const std::filesystem::path& dir) {
  {
    auto db = database::open(dir);
    commit_story(db, 3);
  }
  const auto journal = only_journal(dir);
  return {journal, read_file(journal)};
}

// The graph after 0, 1, ... n steps of the story.
std::vector<graph> references_up_to(int n) {
  std::vector<graph> out;
  for (int i = 0; i <= n; ++i) out.push_back(reference(i));
  return out;
}

}  // namespace

TEST_CASE("database.every_change_survives_a_reopen") {
  temp_dir dir("reopen");
  {
    auto db = database::open(dir.path);
    CHECK(db.version() == 0);
    commit_story(db, 3);
    CHECK(db.version() == 3);
    CHECK(first_difference(db.read().graph(), reference(3)).empty());
  }
  auto db = database::open(dir.path);
  CHECK(db.recovery().replayed == 3);
  CHECK(db.recovery().dropped_bytes == 0);
  CHECK(db.version() == 3);
  CHECK(first_difference(db.read().graph(), reference(3)) == "");
  // The schema grew inside a transaction (Lab, hosts): that came back too.
  CHECK(db.read()->schema().entity_type("Lab") == reference(3).schema().entity_type("Lab"));
}

TEST_CASE("database.a_view_stays_as_it_was_taken") {
  temp_dir dir("views");
  auto db = database::open(dir.path, {.sync = sync_policy::none});
  commit_story(db, 1);
  const auto before = db.read();
  const auto entities = before->entity_count();
  const auto relations = before->relation_count();
  commit_story(db, 0);  // nothing
  db.write([&](transaction& tx) { story(tx, 1); });
  db.write([&](transaction& tx) { story(tx, 2); });
  CHECK(before.version() == 1);
  CHECK(before->entity_count() == entities);
  CHECK(before->relation_count() == relations);
  CHECK(first_difference(before.graph(), reference(1)).empty());
  const auto after = db.read();
  CHECK(after.version() == 3);
  CHECK(first_difference(after.graph(), reference(3)).empty());
  // While `before` is held, its graph is not reused: the writer made another.
  CHECK(db.stats().copies >= 1);
}

TEST_CASE("database.views_outlive_the_database") {
  temp_dir dir("outlive");
  read_view kept;
  {
    auto db = database::open(dir.path);
    commit_story(db, 2);
    kept = db.read();
  }
  CHECK(kept.version() == 2);
  CHECK(first_difference(kept.graph(), reference(2)).empty());
}

TEST_CASE("database.spares_are_brought_up_to_date_not_copied") {
  temp_dir dir("spares");
  auto db = database::open(dir.path, {.sync = sync_policy::none});
  for (int i = 0; i < 50; ++i)
    db.write([&](transaction& tx) { tx.add("Person", "Person " + std::to_string(i)); });
  const auto st = db.stats();
  CHECK(st.commits == 50);
  CHECK(st.copies <= 1);     // the first spare, made at the first begin()
  CHECK(st.replays >= 48);   // every later commit brought the other graph along
  CHECK(st.graphs <= 2);
  CHECK(db.read()->entity_count() == 50);
}

TEST_CASE("database.a_failed_call_changes_nothing_and_the_transaction_goes_on") {
  temp_dir dir("failed-call");
  auto db = database::open(dir.path);
  auto tx = db.begin();
  const auto p = tx.add("Program", "Qiming");
  CHECK_THROWS_AS(tx.add("NoSuchType", "x"), schema_error);
  CHECK_THROWS_AS(tx.relate(p, "oversees", p), schema_error);  // a Program does not oversee
  CHECK_THROWS_AS(tx.set(p, "noSuchProperty", value{1}), schema_error);
  CHECK(tx.changes() == 1);
  tx.add("Field", "semiconductors");
  tx.commit();
  CHECK_FALSE(tx.open());
  CHECK_THROWS_AS(tx.commit(), error);
  CHECK_THROWS_AS(tx.add("Person", "late"), error);
  CHECK(db.read()->entity_count() == 2);
}

TEST_CASE("database.rollback_leaves_no_trace") {
  temp_dir dir("rollback");
  {
    auto db = database::open(dir.path);
    db.write([&](transaction& tx) { tx.add("Person", "Kept"); });
    {
      auto tx = db.begin();
      tx.add("Person", "Dropped");
      CHECK(tx.graph().entity_count() == 2);
      CHECK(db.read()->entity_count() == 1);  // readers never see an open transaction
    }  // destroyed without commit
    CHECK_THROWS_AS(db.write([&](transaction& tx) {
      tx.add("Person", "Also dropped");
      throw std::runtime_error("the caller changed its mind");
    }),
                    std::runtime_error);
    CHECK(db.read()->entity_count() == 1);
    db.write([&](transaction& tx) { tx.add("Person", "Kept too"); });
    CHECK(db.version() == 2);
  }
  auto db = database::open(dir.path);
  CHECK(db.version() == 2);
  CHECK(db.read()->entity_count() == 2);
  CHECK_FALSE(db.read()->try_resolve("Dropped"));
  CHECK(db.read()->try_resolve("Kept too"));
}

TEST_CASE("database.checkpoint_starts_a_fresh_journal") {
  temp_dir dir("checkpoint");
  {
    auto db = database::open(dir.path);
    commit_story(db, 2);
    const auto grown = db.journal_bytes();
    db.checkpoint();
    CHECK(db.journal_bytes() < grown);
    db.write([&](transaction& tx) { story(tx, 2); });
  }
  std::size_t snapshots = 0, journals = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path)) {
    snapshots += e.path().extension() == ".dossier";
    journals += e.path().extension() == ".log";
  }
  CHECK(snapshots == 1);  // the old snapshot and journal are gone
  CHECK(journals == 1);
  auto db = database::open(dir.path);
  CHECK(db.recovery().snapshot_version == 2);
  CHECK(db.recovery().replayed == 1);
  CHECK(first_difference(db.read().graph(), reference(3)).empty());
}

TEST_CASE("database.the_journal_checkpoints_when_it_reaches_its_size") {
  temp_dir dir("auto-checkpoint");
  {
    auto db = database::open(dir.path, {.sync = sync_policy::none, .checkpoint_bytes = 2000});
    for (int i = 0; i < 100; ++i)
      db.write([&](transaction& tx) { tx.add("Person", "Person number " + std::to_string(i)); });
    CHECK(db.journal_bytes() < 2000 + 200);
  }
  auto db = database::open(dir.path);
  CHECK(db.recovery().snapshot_version > 0);
  CHECK(db.version() == 100);
  CHECK(db.read()->entity_count() == 100);
}

TEST_CASE("database.grouped_and_unsynced_commits_are_kept_by_a_clean_close") {
  for (const auto policy : {sync_policy::grouped, sync_policy::none}) {
    temp_dir dir("grouped");
    {
      auto db = database::open(dir.path, {.sync = policy, .group_interval = std::chrono::milliseconds(1)});
      commit_story(db, 3);
      db.sync();
    }
    auto db = database::open(dir.path);
    CHECK(first_difference(db.read().graph(), reference(3)).empty());
  }
}

TEST_CASE("database.a_second_writer_is_refused_by_name") {
  temp_dir dir("lock");
  auto db = database::open(dir.path);
  try {
    (void)database::open(dir.path);
    FAIL("a second writer opened the database");
  } catch (const io_error& e) {
    CHECK(e.id() == "dossier.io.locked");
    CHECK(std::string(e.what()).find("process " + std::to_string(::getpid())) != std::string::npos);
  }
  // A reader may open it while the writer has it, and sees what was committed after refresh().
  auto reader = database::open(dir.path, {.read_only = true});
  CHECK(reader.read_only());
  CHECK_THROWS_AS((void)reader.begin(), io_error);
  CHECK_THROWS_AS(reader.checkpoint(), io_error);
  commit_story(db, 2);
  CHECK(reader.version() == 0);
  CHECK(reader.refresh() == 2);
  CHECK(first_difference(reader.read().graph(), reference(2)).empty());
  db.checkpoint();  // the reader follows into the new journal
  db.write([&](transaction& tx) { story(tx, 2); });
  CHECK(reader.refresh() == 1);
  CHECK(first_difference(reader.read().graph(), reference(3)).empty());
  CHECK(reader.refresh() == 0);
}

TEST_CASE("database.a_reader_that_missed_a_journal_loads_the_new_snapshot") {
  temp_dir dir("reader-reload");
  auto db = database::open(dir.path);
  auto reader = database::open(dir.path, {.read_only = true});
  commit_story(db, 1);
  db.checkpoint();
  commit_story(db, 0);
  db.write([&](transaction& tx) { story(tx, 1); });
  db.checkpoint();  // the reader never read journal 1
  db.write([&](transaction& tx) { story(tx, 2); });
  CHECK(reader.refresh() >= 1);
  CHECK(reader.version() == 3);
  CHECK(first_difference(reader.read().graph(), reference(3)).empty());
}

TEST_CASE("database.missing_and_foreign_directories") {
  temp_dir dir("missing");
  CHECK_THROWS_AS((void)database::open(dir.path / "nothing", {.read_only = true}), io_error);
  CHECK_THROWS_AS((void)database::open(dir.path / "nothing", {.create = false}), io_error);
  std::filesystem::create_directories(dir.path / "empty");
  CHECK_THROWS_AS((void)database::open(dir.path / "empty", {.read_only = true}), io_error);
  // A journal without its snapshot is damage, not a fresh database.
  {
    auto db = database::open(dir.path / "damaged");
    commit_story(db, 1);
  }
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "damaged"))
    if (e.path().extension() == ".dossier") std::filesystem::remove(e.path());
  CHECK_THROWS_AS((void)database::open(dir.path / "damaged"), format_error);
  // A snapshot that is not one is refused, never replaced.
  {
    auto db = database::open(dir.path / "bad-snapshot");
  }
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "bad-snapshot"))
    if (e.path().extension() == ".dossier") write_file(e.path(), "not a snapshot");
  CHECK_THROWS_AS((void)database::open(dir.path / "bad-snapshot"), format_error);
  // A journal whose header is damaged.
  {
    auto db = database::open(dir.path / "bad-header");
  }
  auto header = read_file(only_journal(dir.path / "bad-header"));
  header[20] ^= 1;
  write_file(only_journal(dir.path / "bad-header"), header);
  CHECK_THROWS_AS((void)database::open(dir.path / "bad-header"), format_error);
}

TEST_CASE("database.a_torn_journal_recovers_the_whole_transactions_before_the_tear") {
  temp_dir dir("torn");
  const auto [journal, bytes] = story_journal(dir.path);
  const auto expected = references_up_to(3);
  std::uint64_t last_version = 0;
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    CAPTURE(cut);
    temp_dir copy("torn-copy");
    std::filesystem::copy(dir.path, copy.path, std::filesystem::copy_options::recursive);
    write_file(copy.path / journal.filename(), bytes.substr(0, cut));
    if (cut < 32) {  // not even the header: refused, never taken for an empty journal
      CHECK_THROWS_AS((void)database::open(copy.path), format_error);
      continue;
    }
    std::uint64_t v = 0;
    {
      auto db = database::open(copy.path, {.sync = sync_policy::none});
      v = db.version();
      REQUIRE(v <= 3);
      CHECK(v >= last_version);  // a longer journal never holds fewer transactions
      last_version = v;
      CHECK(first_difference(db.read().graph(), expected[v]).empty());
      CHECK(db.recovery().replayed == v);
      if (db.recovery().dropped_bytes > 0) {
        CHECK_FALSE(db.recovery().problem.empty());
        CHECK(read_file(db.recovery().kept_tail) == bytes.substr(cut - db.recovery().dropped_bytes, db.recovery().dropped_bytes));
      }
      if (cut % 5 != 0) continue;
      // The tail was cut: the next commit follows the last whole transaction.
      db.write([&](transaction& tx) { tx.add("Person", "After the tear"); });
    }
    auto db = database::open(copy.path, {.sync = sync_policy::none});
    CHECK(db.version() == v + 1);
    CHECK(db.recovery().dropped_bytes == 0);
    CHECK(db.read()->try_resolve("After the tear"));
  }
  CHECK(last_version == 3);
}

TEST_CASE("database.flipped_bits_are_found_and_never_applied") {
  temp_dir dir("flips");
  const auto [journal, bytes] = story_journal(dir.path);
  const auto expected = references_up_to(3);
  std::mt19937 rng(20261201);
  int recovered = 0, refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto damaged = bytes;
    const auto at = rng() % damaged.size();
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << (rng() % 8)));
    CAPTURE(at);
    temp_dir copy("flip-copy");
    std::filesystem::copy(dir.path, copy.path, std::filesystem::copy_options::recursive);
    write_file(copy.path / journal.filename(), damaged);
    try {
      auto db = database::open(copy.path, {.sync = sync_policy::none});
      const auto v = db.version();
      REQUIRE(v < 3);  // the damaged transaction and those after it are not applied
      CHECK(first_difference(db.read().graph(), expected[v]).empty());
      CHECK(db.recovery().dropped_bytes > 0);
      CHECK_FALSE(db.recovery().problem.empty());
      ++recovered;
    } catch (const format_error&) {
      CHECK(at < 32);  // only a damaged header refuses the journal
      ++refused;
    }
  }
  CHECK(recovered > 250);
  MESSAGE("bit flips: " << recovered << " recovered, " << refused << " refused");
}

TEST_CASE("database.a_read_view_is_a_bgl_graph") {
  temp_dir dir("bgl");
  auto db = database::open(dir.path, {.sync = sync_policy::none});
  commit_story(db, 3);
  const auto view = db.read();
  std::vector<int> component(view->entity_slots());
  const auto n = boost::connected_components(
      view, boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, view)));
  std::vector<int> direct(component.size());
  const auto m = boost::connected_components(
      view.graph(), boost::make_iterator_property_map(direct.begin(), get(boost::vertex_index, view)));
  CHECK(n == m);
  CHECK(component == direct);
  CHECK(boost::num_vertices(view) == view->entity_count());
  CHECK(boost::num_edges(view) == view->relation_count());
}

// Journal format 1, kept: every later dossier must open it. Regenerate (only when format 1
// itself was wrong) with DOSSIER_WRITE_DATABASE_FIXTURE=1.
TEST_CASE("database.format_1_fixture_opens") {
  const std::filesystem::path fixture = std::filesystem::path(DOSSIER_TEST_DATA) / "database" / "v1";
  if (std::getenv("DOSSIER_WRITE_DATABASE_FIXTURE")) {
    std::filesystem::remove_all(fixture);
    auto db = database::open(fixture);
    commit_story(db, 3);
  }
  REQUIRE(std::filesystem::exists(fixture / "journal-00000000000000000000.log"));
  const auto db = database::open(fixture, {.read_only = true});  // writes nothing
  CHECK(db.version() == 3);
  CHECK(db.recovery().replayed == 3);
  CHECK(db.recovery().dropped_bytes == 0);
  CHECK(first_difference(db.read().graph(), reference(3), false).empty());
}

TEST_CASE("database.hostile_records_are_refused_without_harm") {
  // A record whose checksum holds but whose payload is nonsense: an unknown operation, counts
  // larger than the record, an id out of range. Each is cut off as damage, never applied.
  temp_dir dir("hostile");
  {
    auto db = database::open(dir.path);
    db.write([](transaction& tx) { tx.add("Person", "Before"); });
  }
  const auto journal = only_journal(dir.path);
  const auto good = read_file(journal);
  const auto record = [](std::uint64_t seq, std::string payload) {
    std::string seq_bytes;
    for (int i = 0; i < 8; ++i) seq_bytes.push_back(static_cast<char>(seq >> (8 * i)));
    boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
    crc.process_bytes(seq_bytes.data(), seq_bytes.size());
    crc.process_bytes(payload.data(), payload.size());
    std::string r;
    for (const auto v : {static_cast<std::uint32_t>(payload.size()), crc.checksum()})
      for (int i = 0; i < 4; ++i) r.push_back(static_cast<char>(v >> (8 * i)));
    return r + seq_bytes + payload;
  };
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {std::string("\x01\xC8", 2), "unknown"},                            // operation 200
      {std::string("\xFF\xFF\xFF\xFF\x0F", 5), "count"},                  // 4 billion operations
      {std::string("\x01\x0A\x05", 3), "does not apply"},                 // remove entity 5: not there
      {std::string("\x01\x01\x00\xFF\xFF\xFF\xFF\x7F", 8), "count"},      // a name of 2^35 bytes
      {std::string("\x02\x0A\x00", 3), "ends inside"},                    // two operations, one given
      {std::string("\x01\x0A\x00\x00", 4), "left after"},                 // trailing bytes
  };
  for (const auto& [payload, why] : hostile) {
    CAPTURE(why);
    temp_dir copy("hostile-copy");
    std::filesystem::copy(dir.path, copy.path, std::filesystem::copy_options::recursive);
    write_file(copy.path / journal.filename(), good + record(2, payload));
    const auto db = database::open(copy.path);
    CHECK(db.version() == 1);
    CHECK(db.read()->entity_count() == 1);
    CHECK(db.recovery().dropped_bytes == 16 + payload.size());
    CHECK(db.recovery().problem.find(why) != std::string::npos);
  }
}

TEST_CASE("database.imports_go_through_the_journal") {
  temp_dir dir("import");
  const std::filesystem::path data = std::filesystem::path(DOSSIER_EXAMPLES_DATA) / "talent-programs.jsonl";
  graph direct(schemas::investigations());
  const auto expected = import_jsonl(direct, data);
  {
    auto db = database::open(dir.path);
    const auto report = db.write([&](transaction& tx) {
      return tx.import([&](graph& g, const import_options& o) { return import_jsonl(g, data, o); });
    });
    CHECK(report.entities == expected.entities);
    CHECK(report.relations == expected.relations);
    // A bad file: the import fails as it would on a graph, and the transaction changes nothing.
    auto tx = db.begin();
    std::istringstream bad(R"({"id": "x", "schema": "NoSuchType", "name": "X"})" "\n");
    CHECK_THROWS_AS(tx.import([&](graph& g, const import_options& o) { return import_jsonl(g, bad, o, "bad.jsonl"); }), import_error);
    CHECK(tx.changes() == 0);
    tx.commit();
    CHECK(db.version() == 1);
  }
  auto db = database::open(dir.path);
  CHECK(db.recovery().replayed == 1);
  CHECK(first_difference(db.read().graph(), direct).empty());
}

TEST_CASE("database.an_import_that_changes_the_graph_behind_the_journal_is_refused") {
  temp_dir dir("untracked");
  auto db = database::open(dir.path);
  auto tx = db.begin();
  tx.import([](graph& g, const import_options&) {
    g.add("Person", "Added behind the journal's back");
    return import_report{};
  });
  try {
    tx.commit();
    FAIL("an untracked change was committed");
  } catch (const error& e) {
    CHECK(e.id() == "dossier.database.untracked_change");
  }
  CHECK_FALSE(tx.open());
  CHECK(db.version() == 0);
  CHECK(db.read()->entity_count() == 0);
  db.write([](transaction& t) { t.add("Person", "Tracked"); });  // the database goes on
  CHECK(db.read()->entity_count() == 1);
}

TEST_CASE("database.a_large_backlog_is_copied_not_replayed") {
  // After a bulk append, bringing the other graph along would replay the whole batch: a copy of
  // the published graph is cheaper, and gives the same graph.
  temp_dir dir("backlog");
  auto db = database::open(dir.path, {.sync = sync_policy::none});
  db.write([](transaction& tx) { tx.add("Person", "First"); });
  db.write([](transaction& tx) { tx.add("Person", "Second"); });  // both graphs exist now
  const auto copies_before = db.stats().copies;
  db.write([](transaction& tx) {
    batch b;
    const auto person = tx.graph().schema().entity_type("Person");
    for (int i = 0; i < 5000; ++i) b.entities.push_back({.type = person, .name = "Batch person with a longer name, number " + std::to_string(i)});
    tx.append(std::move(b));
  });
  const auto replays_before = db.stats().replays;
  db.write([](transaction& tx) { tx.add("Person", "After the batch"); });
  CHECK(db.stats().copies == copies_before + 1);   // the spare was copied ...
  CHECK(db.stats().replays == replays_before);     // ... not caught up through the batch
  CHECK(db.read()->entity_count() == 5003);
  db.write([](transaction& tx) { tx.add("Person", "And one more"); });  // small backlogs replay again
  CHECK(db.stats().replays > replays_before);
  CHECK(db.read()->entity_count() == 5004);
}
