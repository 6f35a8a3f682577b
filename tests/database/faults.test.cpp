// The system refuses: a write, a sync or a rename fails, or the disk is full. Each gives a
// dossier::error, and the database still opens with every committed transaction.

#include "database_support.hpp"

#include "../../src/database/detail/system.hpp"

#include <dossier/dossier.hpp>

#include <doctest/doctest.h>

using namespace dossier;
using database_support::temp_dir;

namespace {

struct faults_cleared {
  ~faults_cleared() { detail::clear_faults(); }
};

void add_person(database& db, int n) {
  db.write([&](transaction& tx) {
    const auto p = tx.add("Person", "Person " + std::to_string(n));
    tx.add_alias(p, {"P" + std::to_string(n)});
  });
}

// Every person 0..n-1 with its alias, and nothing else.
void check_people(const graph& g, int n) {
  CHECK(g.entity_count() == static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto r = g.try_resolve("Person " + std::to_string(i));
    REQUIRE(r);
    CHECK(g.get(r->entity).aliases().size() == 1);
  }
}

}  // namespace

TEST_CASE("database.faults.a_failed_commit_is_not_committed") {
  for (const auto f : {detail::fault::write, detail::fault::sync, detail::fault::disk_full}) {
    CAPTURE(static_cast<int>(f));
    faults_cleared guard;
    temp_dir dir("fault-commit");
    {
      auto db = database::open(dir.path);
      add_person(db, 0);
      add_person(db, 1);
      detail::inject_fault(f);
      CHECK_THROWS_AS(add_person(db, 2), io_error);
      detail::clear_faults();
      CHECK(db.version() == 2);
      check_people(db.read().graph(), 2);
      // The journal was cut back: the database goes on.
      add_person(db, 2);
      CHECK(db.version() == 3);
    }
    auto db = database::open(dir.path);
    CHECK(db.recovery().dropped_bytes == 0);
    check_people(db.read().graph(), 3);
  }
}

TEST_CASE("database.faults.a_failed_checkpoint_loses_nothing") {
  // Each step of a checkpoint fails in turn: the snapshot's write, its sync, its rename, the
  // new journal's write, sync and rename.
  for (const auto f : {detail::fault::write, detail::fault::sync, detail::fault::rename, detail::fault::disk_full}) {
    for (int after = 0; after < 4; ++after) {
      CAPTURE(static_cast<int>(f));
      CAPTURE(after);
      faults_cleared guard;
      temp_dir dir("fault-checkpoint");
      {
        auto db = database::open(dir.path);
        add_person(db, 0);
        add_person(db, 1);
        detail::inject_fault(f, after);
        bool failed = false;
        try {
          db.checkpoint();
        } catch (const error& e) {
          failed = true;
          CHECK(std::string(e.what()).find(dir.path.string()) != std::string::npos);
        }
        detail::clear_faults();
        if (!failed) continue;  // the fault came after the checkpoint's last call of that kind
        add_person(db, 2);
      }
      auto db = database::open(dir.path);
      check_people(db.read().graph(), 3);
    }
  }
}

TEST_CASE("database.faults.a_failed_automatic_checkpoint_keeps_the_commit") {
  faults_cleared guard;
  temp_dir dir("fault-auto");
  {
    auto db = database::open(dir.path, {.checkpoint_bytes = 1});  // after every commit
    add_person(db, 0);
    detail::inject_fault(detail::fault::rename);
    add_person(db, 1);  // commits; its checkpoint fails quietly and is tried again later
    detail::clear_faults();
    add_person(db, 2);
  }
  auto db = database::open(dir.path);
  check_people(db.read().graph(), 3);
}

TEST_CASE("database.faults.creating_a_database_fails_cleanly") {
  for (const auto f : {detail::fault::write, detail::fault::sync, detail::fault::rename}) {
    faults_cleared guard;
    temp_dir dir("fault-create");
    detail::inject_fault(f);
    CHECK_THROWS_AS((void)database::open(dir.path / "db"), io_error);
    detail::clear_faults();
    auto db = database::open(dir.path / "db");
    add_person(db, 0);
    check_people(db.read().graph(), 1);
  }
}
