// A graph that many threads read while one writer commits, and that a crash does not lose:
// dossier::database (docs/database.md).
//
//   database <talent-programs.jsonl> <database-directory>
//
// Imports the talent programs in one transaction, then answers a question on read views from a
// reader thread while the main thread commits corrections; reopens the directory and shows
// what the journal replayed; and shows that a second writer is refused.

#include <dossier/dossier.hpp>

#include <atomic>
#include <iostream>
#include <set>
#include <thread>

namespace {

// How many programs recruit in semiconductors, on this version.
std::size_t semiconductor_programs(const dossier::graph& g) {
  const auto r = dossier::cypher(g, "MATCH (p:Program)-[:recruits_in]->(:Field {name: 'semiconductors'}) RETURN count(DISTINCT p)");
  return static_cast<std::size_t>(r.rows.at(0).at(0).as_int());
}

// The reader: takes a view, asks twice, and checks that the view did not change in between.
void keep_reading(const dossier::database& db, const std::atomic<bool>& done, std::set<std::uint64_t>& versions, bool& consistent) {
  while (!done.load()) {
    const auto view = db.read();
    const auto first = semiconductor_programs(view.graph());
    std::this_thread::yield();
    consistent = consistent && semiconductor_programs(view.graph()) == first;
    versions.insert(view.version());
  }
}

void correct(dossier::transaction& tx, int round) {
  const auto& g = tx.graph();
  const auto qiming = g.resolve("Qiming").entity;
  const auto source = g.entities("Article").front();
  const auto program = tx.add("Program", "Program number " + std::to_string(round));
  tx.relate(program, "recruits_in", g.resolve("semiconductors").entity,
            dossier::cite(source, "a program like Qiming", 0.5));
  tx.relate(program, "succeeds", qiming);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: database <talent-programs.jsonl> <database-directory>\n";
    return 2;
  }
  const std::filesystem::path data = argv[1], dir = argv[2];
  std::filesystem::remove_all(dir);
  try {
    {
      auto db = dossier::database::open(dir);
      const auto report = db.write([&](dossier::transaction& tx) {
        return tx.import([&](dossier::graph& g, const dossier::import_options& o) { return dossier::import_jsonl(g, data, o); });
      });
      std::cout << "imported " << report.entities << " entities and " << report.relations << " relations in transaction "
                << db.version() << "\n";
      std::cout << "programs recruiting in semiconductors: " << semiconductor_programs(db.read().graph()) << "\n";

      std::atomic<bool> done{false};
      std::set<std::uint64_t> versions;
      bool consistent = true;
      std::thread reader([&] { keep_reading(db, done, versions, consistent); });
      for (int round = 1; round <= 20; ++round) db.write([&](dossier::transaction& tx) { correct(tx, round); });
      done = true;
      reader.join();
      std::cout << "committed 20 corrections while a reader read " << versions.size() << " versions, "
                << (consistent ? "each unchanged while it was held" : "SOME CHANGED UNDER THE READER") << "\n";

      try {
        (void)dossier::database::open(dir);
      } catch (const dossier::io_error& e) {
        std::cout << "a second writer is refused: " << e.message() << "\n";
      }
    }
    const auto db = dossier::database::open(dir);
    std::cout << "reopened at version " << db.version() << ": the snapshot of version " << db.recovery().snapshot_version
              << " and " << db.recovery().replayed << " transactions replayed from the journal\n";
    std::cout << "programs recruiting in semiconductors: " << semiconductor_programs(db.read().graph()) << "\n";
  } catch (const dossier::error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
