// The other process of the multi-process database tests (processes.test.cpp), started by them:
//
//   dossier_database_child commit DIR          commits numbered transactions until killed,
//                                              writing each number to stdout once committed
//   dossier_database_child writer DIR COUNT    commits up to transaction COUNT (checkpointing
//                                              every 10), then holds the database open until
//                                              stdin closes
//   dossier_database_child reader DIR COUNT    follows the database read-only until it sees
//                                              version COUNT, checking every version it sees
//
// Lines on stdout tell the parent how far it got; a failure is written to stderr and exits 1.

#include "numbered_transactions.hpp"

#include <dossier/database/database.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

// Straight to the pipe, unbuffered: a line is in the parent's hands before the next commit.
void say(const std::string& line) {
  const auto text = line + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(1, text.data() + written, text.size() - written);
    if (n < 0) throw std::runtime_error("cannot write to stdout");
    written += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "dossier_database_child: %s\n", why.c_str());
  std::exit(1);
}

// A small checkpoint_bytes: the journal is checkpointed every few commits, so that kills also
// land in the middle of checkpoints.
int commit_until_killed(const std::string& dir) {
  auto db = dossier::database::open(dir, {.sync = dossier::sync_policy::every_commit, .checkpoint_bytes = 4096});
  for (;;) say(std::to_string(numbered::commit_next(db)));
}

void wait_for_end_of_input() {
  char c;
  while (::read(0, &c, 1) > 0) {
  }
}

int write_count(const std::string& dir, std::uint64_t count) {
  auto db = dossier::database::open(dir, {.checkpoint_bytes = 0});
  say("locked");  // the parent may now try to open it as a second writer
  while (db.version() < count) {
    if (numbered::commit_next(db) % 10 == 0) db.checkpoint();
    std::this_thread::sleep_for(1ms);  // give the readers time to see versions in between
  }
  say("done " + std::to_string(db.version()));
  wait_for_end_of_input();
  return 0;
}

// Mostly short pauses between refreshes; now and then a long one, over which the writer
// checkpoints twice and the reader must load the database afresh.
std::chrono::milliseconds pause(std::mt19937& random) {
  return std::chrono::milliseconds(random() % 8 == 0 ? 25 + random() % 20 : random() % 4);
}

void check_view(const dossier::read_view& view) {
  if (const auto wrong = numbered::check(view.graph(), view.version()); !wrong.empty()) fail(wrong);
}

int read_until(const std::string& dir, std::uint64_t count) {
  auto db = dossier::database::open(dir, {.read_only = true});
  auto held = db.read();  // a view kept across refreshes: it must not change
  check_view(held);
  say("ready " + std::to_string(held.version()));
  std::mt19937 random(static_cast<unsigned>(::getpid()));
  auto seen = held.version();
  std::uint64_t versions = 1;
  const auto give_up = std::chrono::steady_clock::now() + 120s;  // the writer died: do not hang
  while (seen < count) {
    if (std::chrono::steady_clock::now() > give_up) fail("gave up at version " + std::to_string(seen));
    db.refresh();
    const auto view = db.read();
    if (view.version() < seen) fail("version " + std::to_string(view.version()) + " after " + std::to_string(seen));
    if (view.version() > seen) {
      check_view(view);
      check_view(held);
      if (++versions % 4 == 0) held = view;  // let go of old versions now and then
      seen = view.version();
    }
    std::this_thread::sleep_for(pause(random));
  }
  say("final " + std::to_string(seen) + " " + std::to_string(versions));
  return 0;
}

int run(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "commit" && argc == 3) return commit_until_killed(argv[2]);
  if (mode == "writer" && argc == 4) return write_count(argv[2], std::stoull(argv[3]));
  if (mode == "reader" && argc == 4) return read_until(argv[2], std::stoull(argv[3]));
  fail("usage: dossier_database_child commit DIR | writer DIR COUNT | reader DIR COUNT");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}
