// Readers on read views while a writer commits: each view stays exactly as it was taken, and
// (under ThreadSanitizer, scripts/test --tsan) nothing races.

#include "database_support.hpp"

#include <dossier/dossier.hpp>

#include <boost/graph/connected_components.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <random>
#include <thread>

using namespace dossier;
using database_support::temp_dir;

namespace {

// What a reader checks did not change while it held its view: counts, and a checksum of
// every live entity's id, type and name and every relation's ends and type.
std::uint64_t fingerprint(const graph& g) {
  std::uint64_t h = 1469598103934665603ull;
  const auto mix = [&](std::uint64_t x) { h = (h ^ x) * 1099511628211ull; };
  mix(g.entity_count());
  mix(g.relation_count());
  for (std::uint32_t s = 0; s < g.entity_slots(); ++s) {
    if (!g.entity_live(s)) continue;
    mix(s);
    mix(to_index(g.entity_type_of(s)));
    mix(std::hash<std::string>{}(g.live_ref(s).name()));
  }
  for (const auto& r : g.relation_records()) {
    mix(r.source);
    mix(r.target);
    mix(to_index(r.type));
  }
  return h;
}

constexpr int people = 40;

void seed(database& db) {
  db.write([](transaction& tx) {
    const auto program = tx.add("Program", "Qiming");
    const auto field = tx.add("Field", "semiconductors");
    tx.relate(program, "recruits_in", field);
    for (int i = 0; i < people; ++i) {
      const auto p = tx.add("Person", "Person " + std::to_string(i));
      tx.relate(p, "awarded", program);
    }
  });
}

// One transaction of every kind of change: adds, relates, a rename, a removal and a merge.
void churn(transaction& tx, std::mt19937& rng, int round) {
  const auto& g = tx.graph();
  auto persons = g.entities("Person");
  const auto pick = [&] { return persons[rng() % persons.size()]; };
  const auto a = tx.add("Person", "Newcomer " + std::to_string(round));
  const auto b = tx.add("Person", "Newcomer " + std::to_string(round) + "b");
  tx.relate(a, "Associate", b);
  tx.relate(a, "Associate", pick());
  tx.rename(pick(), "Renamed " + std::to_string(round));
  if (persons.size() > people) {
    const auto gone = pick();
    tx.remove(gone);
    persons = g.entities("Person");
    const auto keep = pick(), absorb = pick();
    if (keep != absorb) tx.merge(keep, absorb);
  }
}

struct reader_result {
  std::uint64_t views = 0, changed = 0, went_back = 0, failures = 0;
};

void read_until(const database& db, const std::atomic<bool>& done, reader_result& out, unsigned seed_value) {
  std::mt19937 rng(seed_value);
  std::uint64_t last_version = 0;
  const auto count = cypher_statement::prepare("MATCH (p:Person)-[:awarded]->(:Program) RETURN count(p) AS n");
  while (!done.load(std::memory_order_acquire) || out.views < 5) {
    const auto view = db.read();
    if (view.version() < last_version) ++out.went_back;
    last_version = view.version();
    const auto& g = view.graph();
    const auto before = fingerprint(g);
    try {
      const auto n = count.run(g).rows.at(0).at(0).as_int();
      const auto found = g.try_resolve("Qiming");
      const auto persons = g.entities("Person");
      if (found && persons.size() >= 2) (void)shortest_path(g, persons[rng() % persons.size()], found->entity);
      std::vector<int> component(g.entity_slots());
      boost::connected_components(view, boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, view)));
      if (n < 0 || !found) ++out.failures;
    } catch (const std::exception&) {
      ++out.failures;
    }
    if (fingerprint(g) != before || view.version() != last_version) ++out.changed;
    ++out.views;
  }
}

}  // namespace

TEST_CASE("database.concurrency.eight_readers_and_a_writer") {
  temp_dir dir("concurrency");
  auto db = database::open(dir.path, {.sync = sync_policy::none});
  seed(db);
  std::atomic<bool> done{false};
  std::vector<reader_result> results(8);
  std::vector<std::thread> readers;
  for (unsigned i = 0; i < results.size(); ++i)
    readers.emplace_back([&, i] { read_until(db, done, results[i], 1000 + i); });
  std::mt19937 rng(7);
  constexpr int rounds = 150;
  for (int round = 0; round < rounds; ++round) db.write([&](transaction& tx) { churn(tx, rng, round); });
  db.checkpoint();  // while readers read
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();

  std::uint64_t views = 0;
  for (const auto& r : results) {
    CHECK(r.changed == 0);
    CHECK(r.went_back == 0);
    CHECK(r.failures == 0);
    views += r.views;
  }
  CHECK(db.version() == rounds + 1);
  MESSAGE(views << " views read by 8 readers during " << rounds << " commits; " << db.stats().copies << " graphs copied, "
                << db.stats().replays << " transactions replayed on spares");
  // What was committed is what a reopen finds.
  const auto final_print = fingerprint(db.read().graph());
  const auto reopened = database::open(dir.path, {.read_only = true});
  CHECK(reopened.version() == db.version());
  CHECK(fingerprint(reopened.read().graph()) == final_print);
}
