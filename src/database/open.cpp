// Opening a database: the newest snapshot, then its journal replayed (detail/database_state.hpp).

#include "detail/database_state.hpp"
#include "detail/record_codec.hpp"

#include <dossier/io/snapshot.hpp>
#include <dossier/schema/schemas.hpp>


#include <fcntl.h>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

// Which journal follows snapshot `s`: its own, else the newest older one (a checkpoint that
// wrote the snapshot but could not start the journal goes on in the old one).
std::optional<std::uint64_t> journal_after(const directory_listing& l, std::uint64_t s) {
  std::optional<std::uint64_t> best;
  for (const auto j : l.journals)
    if (j <= s) best = j;
  return best;
}

// Replays records after `from` onto g; stops at the first that does not apply.
std::uint64_t replay(graph& g, const journal_scan& scan, std::uint64_t from, std::size_t limit, std::string& problem,
                     std::uint64_t& end) {
  std::uint64_t applied = 0;
  for (std::size_t i = 0; i < limit; ++i) {
    const auto& r = scan.records[i];
    if (r.sequence <= from) continue;
    try {
      apply_operations(g, r.payload);
    } catch (const std::exception& e) {
      problem = "transaction " + std::to_string(r.sequence) + " does not apply: " + e.what();
      end = r.offset;
      return applied;
    }
    ++applied;
  }
  return applied;
}

}  // namespace

void keep_damaged_tail(loaded_state& s, const std::filesystem::path& journal) noexcept {
  try {
    const auto bytes = read_from(open_file(journal, O_RDONLY).get(), s.journal_end, journal);
    auto tail = journal;
    tail += ".damaged-" + std::to_string(s.journal_end);
    replace_file(tail, bytes);
    s.report.kept_tail = tail;
  } catch (...) {
    // Keeping the damaged bytes is a courtesy; recovery does not depend on it.
  }
}

loaded_state load_database(const std::filesystem::path& dir) {
  const auto listing = list_database(dir);
  if (listing.snapshots.empty()) throw io_error("io.not_a_database", dir.string() + ": no snapshot-*.dossier file: not a dossier database");
  loaded_state s{load(snapshot_file(dir, listing.snapshots.back())), listing.snapshots.back(), {}, {}, 0, 0};
  s.report.snapshot_version = s.version;
  s.journal_base = journal_after(listing, s.version);
  if (!s.journal_base) return s;

  const auto path = journal_file(dir, *s.journal_base);
  // Read, not mapped: a writer opening the database may cut a torn tail while a reader reads it.
  const auto whole = read_from(open_file(path, O_RDONLY).get(), 0, path);
  const std::string_view bytes = whole;
  if (read_journal_header(bytes, path) != *s.journal_base)
    throw format_error("format.journal_header", path.string() + ": the header names another snapshot than the file name");
  const auto scan = scan_journal(bytes.substr(journal_header_size), journal_header_size, *s.journal_base + 1);
  s.journal_size = bytes.size();
  s.journal_end = scan.end;
  s.report.problem = scan.problem;
  std::string problem;
  std::uint64_t end = scan.end;
  s.report.replayed = replay(s.g, scan, s.version, scan.records.size(), problem, end);
  if (!problem.empty()) {
    // A transaction that does not apply changed part of the graph: start again, and stop before it.
    s.g = load(snapshot_file(dir, s.version));
    std::size_t good = 0;
    while (scan.records[good].offset < end) ++good;
    std::string again;
    s.report.replayed = replay(s.g, scan, s.version, good, again, end);
    s.report.problem = problem;
    s.journal_end = end;
  }
  s.version += s.report.replayed;
  s.journal_last = *s.journal_base;
  for (const auto& r : scan.records)
    if (r.offset < s.journal_end) s.journal_last = r.sequence;
  s.report.journal_bytes = s.journal_end - journal_header_size;
  s.report.dropped_bytes = s.journal_size - s.journal_end;
  return s;
}

}  // namespace detail

namespace {

void create_database(const std::filesystem::path& dir, const database_options& o) {
  const graph empty(o.schema ? *o.schema : schemas::investigations());
  detail::replace_file(detail::snapshot_file(dir, 0), save_to_bytes(empty));
  (void)detail::journal_writer::create(detail::journal_file(dir, 0), 0);
}

// A reader may list the files just as a checkpoint removes the old ones: try again.
detail::loaded_state load_for_reading(const std::filesystem::path& dir) {
  for (int attempt = 0;; ++attempt) {
    try {
      return detail::load_database(dir);
    } catch (const io_error&) {
      if (attempt >= 20) throw;
    }
  }
}

}  // namespace

database database::open(const std::filesystem::path& dir, database_options options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (options.read_only || !options.create)
      throw io_error("io.no_database", dir.string() + ": no such database directory");
    std::filesystem::create_directories(dir, ec);
    if (ec) throw io_error("io.cannot_create", dir.string() + ": cannot create the database directory: " + ec.message());
  }
  auto s = std::make_unique<detail::database_state>(dir, std::move(options));
  if (s->options.read_only) {
    s->start(load_for_reading(dir));
    return database(std::move(s));
  }
  s->lock.emplace(dir);
  const auto listing = detail::list_database(dir);
  if (listing.snapshots.empty()) {
    if (!listing.journals.empty())
      throw format_error("format.journal_without_snapshot", dir.string() + ": journals but no snapshot: the database was damaged");
    if (!s->options.create) throw io_error("io.not_a_database", dir.string() + ": no snapshot-*.dossier file: not a dossier database");
    create_database(dir, s->options);
  }
  auto loaded = detail::load_database(dir);
  // Go on in the journal replayed when its last whole record is the version reached, cutting a
  // damaged tail (kept aside first); else (an old journal that ends before the snapshot, or none)
  // start the snapshot's own.
  if (loaded.journal_base && loaded.journal_last == loaded.version) {
    const auto path = detail::journal_file(dir, *loaded.journal_base);
    if (loaded.report.dropped_bytes > 0) detail::keep_damaged_tail(loaded, path);
    s->journal = detail::journal_writer(path, *loaded.journal_base, loaded.journal_end);
  } else {
    s->journal = detail::journal_writer::create(detail::journal_file(dir, loaded.version), loaded.version);
  }
  s->remove_stale_files(loaded.report.snapshot_version, s->journal.base());
  s->start(std::move(loaded));
  return database(std::move(s));
}

DOSSIER_NAMESPACE_END
