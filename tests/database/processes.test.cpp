// Many readers, one writer, nothing lost (issue 20): the database across processes. The other
// processes are dossier_database_child (database_child.cpp), spawned and then killed, followed
// or refused here. The child is started with posix_spawn: this process may run other threads
// (and sanitizers), so it runs no library code in a fork that did not exec.

#include "numbered_transactions.hpp"

#include <dossier/database/database.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Long enough for a child under a sanitizer on a busy machine: only a hung child reaches it.
constexpr auto patience = 60s;

struct scratch_dir {
  fs::path path;
  explicit scratch_dir(const std::string& what)
      : path(fs::temp_directory_path() / ("dossier-processes-" + what + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
  }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
};

// A running dossier_database_child: its stdout read line by line, its stdin (when asked for)
// written by us. Destroying it kills and reaps a child that was not waited for.
class child_process {
 public:
  explicit child_process(const std::vector<std::string>& args, bool with_input = false) {
    int out[2], in[2] = {-1, -1};
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    if (with_input) REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);  // dup2 clears O_CLOEXEC
    if (with_input) ::posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    std::vector<std::string> all{DOSSIER_DATABASE_CHILD};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (with_input) ::close(in[0]);
    output_ = out[0];
    input_ = in[1];
    REQUIRE_MESSAGE(rc == 0, "cannot start " << DOSSIER_DATABASE_CHILD);
  }
  ~child_process() {
    close_input();
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
    ::close(output_);
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

  // The next whole line, or nullopt at the end of its output or when `until` passes first.
  std::optional<std::string> read_line(clock_type::time_point until) {
    for (;;) {
      if (const auto end = buffer_.find('\n'); end != std::string::npos) {
        auto line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return line;
      }
      if (ended_ || !wait_for_output(until)) return std::nullopt;
      char chunk[512];
      const auto n = ::read(output_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ended_ = true;
      else buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  std::optional<std::string> read_line() { return read_line(clock_type::now() + patience); }

  void kill() { ::kill(pid_, SIGKILL); }
  void close_input() {
    if (input_ >= 0) ::close(input_);
    input_ = -1;
  }
  // The status waitpid gives.
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return status;
  }

 private:
  bool wait_for_output(clock_type::time_point until) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
      pollfd p{output_, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
      if (n > 0) return true;
      if (n == 0) return false;
      if (errno != EINTR) return false;
    }
  }

  pid_t pid_ = -1;
  int output_ = -1, input_ = -1;
  std::string buffer_;
  bool ended_ = false, reaped_ = false;
};

bool exited_cleanly(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }
bool killed(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; }

// ---- crashes ----------------------------------------------------------------------------------

// What one killed child reported: the numbers of the transactions whose commit returned.
struct killed_run {
  std::vector<std::uint64_t> committed;
  int status = 0;
};

// Starts a committing child and kills it after `delay`: counted from its first commit, or,
// when `during_open`, from its start (so that some kills land in the recovery of the last).
killed_run kill_committer(const fs::path& dir, std::chrono::milliseconds delay, bool during_open) {
  child_process child({"commit", dir.string()});
  killed_run run;
  const auto record = [&](const std::string& line) { run.committed.push_back(std::stoull(line)); };
  if (!during_open) {
    const auto first = child.read_line();
    REQUIRE_MESSAGE(first, "the committing child reported no commit");
    record(*first);
  }
  const auto kill_at = clock_type::now() + delay;
  while (const auto line = child.read_line(kill_at)) record(*line);
  child.kill();
  while (const auto line = child.read_line()) record(*line);  // what it wrote before it died
  run.status = child.wait();
  return run;
}

// Remembers what checkpoints killed half way left in `dir`: a temporary file (named after the
// version it was to hold), or an old snapshot not yet removed. Roughly one name per such kill.
void note_checkpoint_leftovers(const fs::path& dir, std::set<std::string>& seen) {
  std::set<std::string> snapshots;
  std::error_code ec;  // none yet: the first child died before it made the directory
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.ends_with(".tmp")) seen.insert(name);
    if (name.starts_with("snapshot-")) snapshots.insert(name);
  }
  if (!snapshots.empty()) snapshots.erase(std::prev(snapshots.end()));  // the newest is no leftover
  seen.insert(snapshots.begin(), snapshots.end());
}

TEST_CASE("database.processes.killed_writer_loses_no_commit") {
  constexpr int kills = 120;
  const scratch_dir dir("crash");
  const auto seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 random(seed);
  std::uint64_t version = 0, torn_tails = 0;
  std::set<std::string> checkpoint_leftovers;
  for (int k = 0; k < kills; ++k) {
    CAPTURE(k);
    const auto delay = std::chrono::milliseconds(1 + random() % 50);
    const auto run = kill_committer(dir.path, delay, k % 5 == 0);
    REQUIRE_MESSAGE(killed(run.status), "the child ended by itself, status " << run.status);
    // It went on from the version we saw, one transaction after another.
    for (std::size_t i = 0; i < run.committed.size(); ++i) REQUIRE(run.committed[i] == version + 1 + i);
    const auto reported = version + run.committed.size();

    note_checkpoint_leftovers(dir.path, checkpoint_leftovers);
    // Every other time a reader recovers, so that the next child cuts a torn tail itself.
    auto db = dossier::database::open(dir.path, {.read_only = k % 2 == 1});
    torn_tails += db.recovery().dropped_bytes > 0;
    REQUIRE(db.version() >= reported);
    REQUIRE(db.version() <= reported + 1);  // at most the one it committed but did not report
    const auto view = db.read();
    REQUIRE(view.version() == db.version());
    REQUIRE(numbered::check(view.graph(), view.version()) == "");
    version = db.version();
  }
  CHECK(version > 0);
  MESSAGE(kills << " kills, " << version << " transactions committed, " << torn_tails << " torn journal tails, "
                << checkpoint_leftovers.size() << " files left by checkpoints killed half way");
}

// ---- readers and a writer at once ----------------------------------------------------------

// The message of the io_error that opening `dir` as a second writer gives, or "" when it opens.
std::string second_writer_refusal(const fs::path& dir) {
  try {
    auto db = dossier::database::open(dir);
  } catch (const dossier::io_error& e) {
    return e.what();
  }
  return {};
}

TEST_CASE("database.processes.readers_follow_one_writer") {
  constexpr std::uint64_t count = 60;
  const scratch_dir dir("follow");
  { auto db = dossier::database::open(dir.path); }  // empty, so that the readers can open it first
  child_process reader_a({"reader", dir.path.string(), std::to_string(count)});
  child_process reader_b({"reader", dir.path.string(), std::to_string(count)});
  // Both readers hold version 0 before the first commit: whatever they see later, a refresh brought.
  CHECK(reader_a.read_line() == "ready 0");
  CHECK(reader_b.read_line() == "ready 0");

  child_process writer({"writer", dir.path.string(), std::to_string(count)}, true);
  REQUIRE(writer.read_line() == "locked");
  const auto refusal = second_writer_refusal(dir.path);
  CHECK(refusal.find("process " + std::to_string(writer.pid())) != std::string::npos);
  {
    // A reader in this process too, while the writer commits.
    auto db = dossier::database::open(dir.path, {.read_only = true});
    db.refresh();
    const auto view = db.read();
    CHECK(view.version() <= count);
    CHECK(numbered::check(view.graph(), view.version()) == "");
  }
  CHECK(writer.read_line() == "done " + std::to_string(count));
  writer.close_input();
  CHECK(exited_cleanly(writer.wait()));

  for (auto* reader : {&reader_a, &reader_b}) {
    const auto last = reader->read_line();
    REQUIRE(last);
    MESSAGE("a reader ended with (final version, versions seen): " << *last);
    CHECK(last->starts_with("final " + std::to_string(count) + " "));
    CHECK(exited_cleanly(reader->wait()));
  }
  // The writer is gone, and with it its lock.
  auto db = dossier::database::open(dir.path);
  CHECK(db.version() == count);
  CHECK(numbered::check(db.read().graph(), count) == "");
}

// ---- refusals ----------------------------------------------------------------------------------

TEST_CASE("database.processes.read_only_refusals") {
  const scratch_dir dir("refusals");
  CHECK_THROWS_AS(dossier::database::open(dir.path / "missing", {.read_only = true}), dossier::io_error);
  CHECK_FALSE(fs::exists(dir.path / "missing"));  // a reader creates nothing
  fs::create_directories(dir.path / "empty");
  CHECK_THROWS_AS(dossier::database::open(dir.path / "empty", {.read_only = true}), dossier::io_error);
  CHECK_THROWS_AS(dossier::database::open(dir.path / "missing", {.create = false}), dossier::io_error);

  const auto path = dir.path / "db";
  {
    auto db = dossier::database::open(path);
    numbered::commit_next(db);
    // A second writer in the same process is refused too, naming this process.
    CHECK(second_writer_refusal(path).find("process " + std::to_string(::getpid())) != std::string::npos);
  }
  auto db = dossier::database::open(path, {.read_only = true});
  CHECK(db.read_only());
  CHECK(db.version() == 1);
  CHECK_THROWS_AS((void)db.begin(), dossier::io_error);
  CHECK_THROWS_AS(db.checkpoint(), dossier::io_error);
  CHECK(db.version() == 1);
}

}  // namespace
