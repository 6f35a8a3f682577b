// Versions, commits, checkpoints and refreshes (detail/database_state.hpp).

#include "detail/database_state.hpp"
#include "detail/record_codec.hpp"

#include <dossier/io/snapshot.hpp>

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

// Transactions kept for bringing spares up to date; a graph that fell further behind (a view
// held through many commits) is dropped when freed, and a fresh spare copied instead.
constexpr std::size_t recent_limit = 4096;
constexpr std::size_t recent_bytes_limit = std::size_t{64} << 20;
// Spares kept when readers keep pinning graphs: memory for speed, bounded.
constexpr std::size_t max_spares = 3;

std::string payload_of(const transaction_log& log) {
  std::string payload;
  record_encoder(payload).number(log.count);
  payload += log.operations;
  return payload;
}

}  // namespace

database_state::~database_state() {
  {
    std::lock_guard lk(journal_mutex);
    stopping = true;
  }
  flush_wakeup.notify_all();
  if (flusher.joinable()) flusher.join();
  try {
    std::lock_guard lk(journal_mutex);
    journal.sync();
  } catch (...) {
    // A destructor cannot report it; under every_commit nothing is unsynced anyway.
  }
}

read_view database_state::view() const {
  std::shared_ptr<const graph_version> v;
  {
    std::lock_guard lk(publish_mutex);
    v = current;
  }
  const auto* g = &v->slot->g;
  const auto number = v->version;
  return read_view(std::shared_ptr<const void>(std::move(v)), g, number);
}

void database_state::publish(std::shared_ptr<graph_slot> slot) {
  slot->pinned.store(true, std::memory_order_relaxed);  // only this thread unpublished it
  auto next = std::make_shared<const graph_version>(std::move(slot), version.load());
  {
    std::lock_guard lk(publish_mutex);
    current.swap(next);
  }
  // `next` now holds the previous version, released here, outside the lock.
}

void database_state::start(loaded_state loaded) {
  report = std::move(loaded.report);
  version = loaded.version;
  recent_first = loaded.version + 1;
  auto slot = std::make_shared<graph_slot>(std::move(loaded.g), loaded.version);
  slots.push_back(slot);
  graph_count.store(slots.size());
  publish(std::move(slot));
  if (!options.read_only) {
    next_checkpoint = options.checkpoint_bytes ? journal.size() + options.checkpoint_bytes : 0;
    if (options.sync == sync_policy::grouped) flusher = std::thread([this] { flush_loop(); });
  } else if (loaded.journal_base) {
    followed_path = journal_file(dir, *loaded.journal_base);
    followed = open_file(followed_path, O_RDONLY);
    followed_base = *loaded.journal_base;
    followed_offset = loaded.journal_end;
  }
}

// Replaying more than this many bytes of transactions per slot of the graph (and more than the
// floor) costs more than a copy: a bulk append replayed took 5 s at 10^6 entities, where a copy
// takes a fraction of one.
constexpr std::size_t replay_bytes_per_slot = 4;
constexpr std::size_t replay_bytes_floor = std::size_t{64} << 10;

std::shared_ptr<graph_slot> database_state::spare() {
  const auto now = version.load();
  std::shared_ptr<graph_slot> best;
  for (const auto& s : slots)
    if (!s->pinned.load(std::memory_order_acquire) && s->version + 1 >= recent_first && (!best || s->version > best->version)) best = s;
  bool all_held = !best;
  if (best) {
    std::size_t backlog = 0;
    for (auto v = best->version + 1; v <= now; ++v) backlog += recent[v - recent_first].size();
    const auto& g = published();
    const auto limit = std::max(replay_bytes_floor, replay_bytes_per_slot * (std::size_t{g.entity_slots()} + g.relation_slots()));
    if (backlog > limit) best = nullptr;
  }
  if (best) {
    try {
      for (; best->version < now; ++best->version) {
        apply_operations(best->g, recent[best->version + 1 - recent_first]);
        replays.fetch_add(1, std::memory_order_relaxed);
      }
      return best;
    } catch (...) {
      forget(best);  // cannot happen for a graph that took these transactions before; copy instead
    }
  }
  auto copy = std::make_shared<graph_slot>(published().copy(), now);
  copies.fetch_add(1, std::memory_order_relaxed);
  // Readers held every graph: keep one more spare from now on, so that it is there next time.
  if (all_held && slots.size() > 1) spare_limit = std::min(spare_limit + 1, max_spares);
  slots.push_back(copy);
  graph_count.store(slots.size());
  return copy;
}

void database_state::forget(const std::shared_ptr<graph_slot>& slot) {
  slots.erase(std::remove(slots.begin(), slots.end(), slot), slots.end());
  graph_count.store(slots.size());
}

void database_state::trim() {
  // Keep the published graph, the graphs views hold, and the freshest free spares: one, or more
  // when readers held every graph before (each copy raised the limit).
  std::vector<std::shared_ptr<graph_slot>> free;
  for (const auto& s : slots)
    if (!s->pinned.load(std::memory_order_acquire)) free.push_back(s);
  std::sort(free.begin(), free.end(), [](const auto& a, const auto& b) { return a->version > b->version; });
  for (std::size_t i = 0; i < free.size(); ++i)
    if (i >= spare_limit || free[i]->version + 1 < recent_first) forget(free[i]);
  // Drop the transactions that every graph has, and the oldest beyond the limits.
  std::uint64_t oldest = version.load();
  for (const auto& s : slots) oldest = std::min(oldest, s->version);
  while (!recent.empty() && (recent_first <= oldest || recent.size() > recent_limit || recent_bytes > recent_bytes_limit)) {
    recent_bytes -= recent.front().size();
    recent.pop_front();
    ++recent_first;
  }
}

void database_state::commit(transaction_log& log) {
  const auto sequence = version.load() + 1;
  auto payload = payload_of(log);
  try {
    if (payload.size() > max_record_payload)
      throw error("database.transaction_too_large", "a transaction of " + std::to_string(payload.size()) +
                                                        " bytes is more than a journal record holds (1 GiB): commit it in parts");
    const auto record = journal_record(sequence, payload);
    std::lock_guard lk(journal_mutex);
    journal.append(record, options.sync == sync_policy::every_commit);
  } catch (...) {
    forget(working);
    working.reset();
    throw;
  }
  working->version = sequence;
  recent_bytes += payload.size();
  recent.push_back(std::move(payload));
  version.store(sequence);
  publish(std::move(working));
  working.reset();
  commits.fetch_add(1, std::memory_order_relaxed);
  if (options.sync == sync_policy::grouped) flush_wakeup.notify_one();
  maybe_checkpoint();
  trim();
}

void database_state::maybe_checkpoint() noexcept {
  if (!next_checkpoint || journal.size() < next_checkpoint) return;
  try {
    checkpoint_locked();
  } catch (...) {
    // The commit stands; try again once the journal has grown as much again.
    next_checkpoint = journal.size() + options.checkpoint_bytes;
  }
}

void database_state::checkpoint_locked() {
  const auto v = version.load();
  const auto snapshot = snapshot_file(dir, v);
  replace_file(snapshot, save_to_bytes(published()));
  if (journal.base() != v) {
    const auto fresh_path = journal_file(dir, v);
    std::unique_lock lk(journal_mutex);
    journal.sync();
    try {
      auto fresh = journal_writer::create(fresh_path, v);
      journal = std::move(fresh);
    } catch (...) {
      // The old journal goes on after the new snapshot (open() looks for it): remove a new
      // journal that may have appeared, so that it does not hide the old one's records.
      ::unlink(fresh_path.c_str());
      throw;
    }
  }
  remove_stale_files(v, v);
  next_checkpoint = options.checkpoint_bytes ? journal.size() + options.checkpoint_bytes : 0;
}

void database_state::remove_stale_files(std::uint64_t snapshot, std::uint64_t journal_base) noexcept {
  try {
    const auto listing = list_database(dir);
    for (const auto s : listing.snapshots)
      if (s < snapshot) ::unlink(snapshot_file(dir, s).c_str());
    for (const auto j : listing.journals)
      if (j != journal_base) ::unlink(journal_file(dir, j).c_str());
    // Temporaries of checkpoints that a crash interrupted (replace_file's ".NAME.tmp"); only
    // the writer, which holds the lock, ever writes them.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const auto name = entry.path().filename().string();
      if (name.starts_with(".") && name.ends_with(".tmp") && (name.starts_with(".snapshot-") || name.starts_with(".journal-")))
        ::unlink(entry.path().c_str());
    }
  } catch (...) {
    // Stale files only take room: the next checkpoint or open removes them.
  }
}

void database_state::flush_loop() {
  std::unique_lock lk(journal_mutex);
  while (!stopping) {
    flush_wakeup.wait(lk, [&] { return stopping || journal.dirty(); });
    if (stopping) break;
    // Let the commits of one interval gather before the sync that makes them all durable.
    flush_wakeup.wait_for(lk, options.group_interval, [&] { return stopping; });
    try {
      journal.sync();
    } catch (...) {
      // The journal is marked broken: the next commit reports it.
    }
  }
}

std::size_t database_state::apply_records(const journal_scan& scan) {
  if (scan.records.empty()) return 0;
  auto slot = spare();
  try {
    for (const auto& r : scan.records) {
      apply_operations(slot->g, r.payload);
      ++slot->version;
    }
  } catch (...) {
    forget(slot);
    throw;
  }
  for (const auto& r : scan.records) {
    recent_bytes += r.payload.size();
    recent.emplace_back(r.payload);
  }
  version.store(slot->version);
  publish(std::move(slot));
  trim();
  return scan.records.size();
}

void database_state::refresh_locked(std::size_t& applied) {
  for (;;) {
    // List first: a journal that a checkpoint started exists only once the old one is complete.
    const auto listing = list_database(dir);
    if (followed) {
      const auto bytes = read_from(followed.get(), followed_offset, followed_path);
      const auto scan = scan_journal(bytes, followed_offset, version.load() + 1);
      if (!scan.problem.empty() && !scan.incomplete)
        throw format_error("format.journal_damaged", followed_path.string() + ": " + scan.problem);
      applied += apply_records(scan);
      followed_offset = scan.end;
    }
    const auto next = std::find_if(listing.journals.begin(), listing.journals.end(),
                                   [&](std::uint64_t j) { return !followed || j > followed_base; });
    if (next == listing.journals.end()) return;
    if (*next == version.load()) {  // a checkpoint at our version: follow its journal
      const auto path = journal_file(dir, *next);
      followed = open_file(path, O_RDONLY);
      followed_path = path;
      followed_base = *next;
      followed_offset = journal_header_size;
      continue;
    }
    // We missed the end of the old journal (removed before we read it): load afresh.
    auto loaded = load_database(dir);
    applied += loaded.version - std::min(loaded.version, version.load());
    slots.clear();
    recent.clear();
    recent_bytes = 0;
    followed = file_handle();
    start(std::move(loaded));
    return;
  }
}

}  // namespace detail

// ---- database ------------------------------------------------------------------------------------

database::database(std::unique_ptr<detail::database_state> s) noexcept : s_(std::move(s)) {}
database::database(database&& other) noexcept = default;
database& database::operator=(database&& other) noexcept = default;
database::~database() = default;

read_view database::read() const { return s_->view(); }

transaction database::begin() {
  if (s_->options.read_only) throw io_error("io.read_only", s_->dir.string() + ": opened read-only; transactions need the writer");
  s_->write_mutex.lock();
  try {
    s_->working = s_->spare();
  } catch (...) {
    s_->write_mutex.unlock();
    throw;
  }
  return transaction(s_.get());
}

std::uint64_t database::version() const noexcept { return s_->version.load(); }
const std::filesystem::path& database::path() const noexcept { return s_->dir; }
bool database::read_only() const noexcept { return s_->options.read_only; }
const recovery_report& database::recovery() const noexcept { return s_->report; }

std::uint64_t database::journal_bytes() const noexcept {
  std::lock_guard lk(s_->journal_mutex);
  return s_->journal.size();
}

void database::checkpoint() {
  if (s_->options.read_only) throw io_error("io.read_only", s_->dir.string() + ": opened read-only; checkpoints need the writer");
  std::lock_guard lk(s_->write_mutex);
  s_->checkpoint_locked();
}

void database::sync() {
  std::lock_guard lk(s_->journal_mutex);
  s_->journal.sync();
}

std::size_t database::refresh() {
  if (!s_->options.read_only) return 0;
  std::lock_guard lk(s_->write_mutex);
  // A checkpoint of the writer may remove the journal or snapshot just listed before we open
  // it (as when opening, load_for_reading): look again. What was applied before stays applied.
  std::size_t applied = 0;
  for (int attempt = 0;; ++attempt) {
    try {
      s_->refresh_locked(applied);
      return applied;
    } catch (const io_error&) {
      if (attempt >= 20) throw;
    }
  }
}

database::statistics database::stats() const {
  statistics st;
  st.commits = s_->commits.load();
  st.replays = s_->replays.load();
  st.copies = s_->copies.load();
  st.graphs = s_->graph_count.load();
  return st;
}

DOSSIER_NAMESPACE_END
