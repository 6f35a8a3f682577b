#pragma once
// What a database holds (database.hpp): its files, and the graphs its versions live in.
//
// Versions are graphs of a small pool. The published graph serves new read views; a graph that
// no view holds is a spare, brought up to date by applying again the transactions it missed
// (kept, as journal payloads, in `recent`), and changed by the next transaction. A spare is
// copied from the published graph only when every other graph is still held by a view.

#include <dossier/database/database.hpp>

#include "journal.hpp"
#include "system.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

struct graph_slot {
  graph_slot(dossier::graph graph, std::uint64_t v) : g(std::move(graph)), version(v) {}
  dossier::graph g;
  std::uint64_t version;             // the writer's alone
  std::atomic<bool> pinned{false};   // a publication holds it; cleared by its last reader
};

// One published version; the last read view to let go of it frees its graph for reuse.
struct graph_version {
  graph_version(std::shared_ptr<graph_slot> s, std::uint64_t v) : slot(std::move(s)), version(v) {}
  graph_version(const graph_version&) = delete;
  graph_version& operator=(const graph_version&) = delete;
  ~graph_version() { slot->pinned.store(false, std::memory_order_release); }
  std::shared_ptr<graph_slot> slot;
  std::uint64_t version;
};

// The operations of an open transaction, encoded (record_codec.hpp).
class transaction_log {
 public:
  std::string operations;
  std::size_t count = 0;
};

// A graph loaded from the files, and where its journal stands.
struct loaded_state {
  dossier::graph g;
  std::uint64_t version = 0;
  recovery_report report;
  std::optional<std::uint64_t> journal_base;  // the journal replayed (none: there was none)
  std::uint64_t journal_end = 0;              // file offset after its last whole record
  std::uint64_t journal_size = 0;             // its size when read
  std::uint64_t journal_last = 0;             // the number of its last whole record (its base: none)
};

// Loads the newest snapshot in `dir` and replays its journal (see docs/database.md).
[[nodiscard]] loaded_state load_database(const std::filesystem::path& dir);
// Copies the journal's bytes after the last whole record to JOURNAL.damaged-OFFSET (best effort).
void keep_damaged_tail(loaded_state& s, const std::filesystem::path& journal) noexcept;

struct database_state {
  database_state(std::filesystem::path d, database_options o) : dir(std::move(d)), options(std::move(o)) {}
  ~database_state();

  // ---- versions ----
  [[nodiscard]] read_view view() const;
  void publish(std::shared_ptr<graph_slot> slot);
  [[nodiscard]] std::shared_ptr<graph_slot> spare();  // a graph at `version`, free to change
  void forget(const std::shared_ptr<graph_slot>& slot);  // a changed spare that is not published
  void trim();
  [[nodiscard]] const dossier::graph& published() const { return current->slot->g; }  // writer only
  void start(loaded_state loaded);  // the first version, from the files

  // ---- the writer ----
  void commit(transaction_log& log);
  void checkpoint_locked();
  void maybe_checkpoint() noexcept;
  void flush_loop();
  void remove_stale_files(std::uint64_t snapshot, std::uint64_t journal) noexcept;

  // ---- a read-only process ----
  void refresh_locked(std::size_t& applied);  // adds the transactions it applied
  std::size_t apply_records(const journal_scan& scan);

  std::filesystem::path dir;
  database_options options;
  recovery_report report;
  std::optional<writer_lock> lock;

  std::mutex write_mutex;  // one transaction, checkpoint or refresh at a time
  std::shared_ptr<graph_slot> working;  // the open transaction's graph
  std::vector<std::shared_ptr<graph_slot>> slots;
  std::deque<std::string> recent;  // payloads of transactions recent_first, recent_first + 1, ...
  std::uint64_t recent_first = 1;
  std::size_t recent_bytes = 0;
  std::atomic<std::uint64_t> version{0};
  std::size_t spare_limit = 1;  // free graphs trim() keeps

  mutable std::mutex publish_mutex;
  std::shared_ptr<const graph_version> current;

  // The writer's journal, shared with the flusher thread of the grouped policy.
  std::mutex journal_mutex;
  journal_writer journal;
  std::uint64_t next_checkpoint = 0;
  std::condition_variable flush_wakeup;
  bool stopping = false;
  std::thread flusher;

  // A read-only process's journal, read as it grows.
  file_handle followed;
  std::filesystem::path followed_path;
  std::uint64_t followed_base = 0, followed_offset = 0;

  std::atomic<std::uint64_t> commits{0}, replays{0}, copies{0};
  std::atomic<std::size_t> graph_count{0};
};

}  // namespace detail

DOSSIER_NAMESPACE_END
