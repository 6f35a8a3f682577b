#pragma once
// A database: a graph that many threads read while one writer commits transactions, kept on
// disk as a snapshot plus an append-only journal, so that a crash loses no committed work.
//
//   auto db = dossier::database::open("talent.db");            // creates it when missing
//   { auto tx = db.begin();
//     auto p = tx.add("Program", "Thousand Talents Plan");
//     tx.commit(); }                                          // durable when commit returns
//   auto view = db.read();                                    // a consistent version, any thread
//   dossier::query(view.graph()) ...                          // or any BGL algorithm on it
//
// Versions. A read view is an immutable version of the graph: taking one copies a pointer, and
// a view never changes while it is held, whatever the writer does. The database keeps two
// graphs (more while old views are held): readers read the published one, the writer changes
// the other, and a commit publishes it; the transaction is then applied to the other graph
// too, once its last reader has let go (docs/database.md says why this design).
//
// Files (a directory): snapshot-N.dossier (the graph after transaction N), journal-N.log (the
// transactions after N, each checksummed), and lock (held by the one writing process, with its
// process id). Other processes may open the same directory read-only while it is written and
// refresh() to see what was committed since.
//
// Guarantees, by sync policy (what a crash can lose):
//   every_commit  commit() returns after the journal record is on disk (fdatasync): nothing
//                 committed is lost, by a crash of the process or of the machine.
//   grouped       commit() returns after the record is written; the journal is synced at most
//                 group_interval later. A crash of the process loses nothing; a crash of the
//                 machine or a power cut may lose the transactions of the last interval.
//   none          the operating system writes back when it likes: a process crash loses
//                 nothing, a machine crash may lose whatever was not yet written back.
// In every case a reopened database holds a prefix of the committed transactions, each whole.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/io/import.hpp>
#include <dossier/schema/schema.hpp>
#include <dossier/store/bgl.hpp>
#include <dossier/store/graph.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
struct database_state;
struct graph_version;
class transaction_log;
}  // namespace detail

enum class sync_policy : std::uint8_t { every_commit, grouped, none };

struct database_options {
  sync_policy sync = sync_policy::every_commit;
  std::chrono::milliseconds group_interval{20};  // grouped: longest wait before the journal is synced
  // A commit that leaves the journal larger than this checkpoints (0: only checkpoint()).
  std::uint64_t checkpoint_bytes = std::uint64_t{64} << 20;
  // Open without the lock, never writing: see what a writing process commits, after refresh().
  bool read_only = false;
  // The schema of a database that does not exist yet (empty: schemas::investigations()).
  std::optional<dossier::schema> schema = {};
  bool create = true;  // create the directory and an empty database when missing
};

// What open() found and did: how much of the journal it replayed, and what it cut off.
struct recovery_report {
  std::uint64_t snapshot_version = 0;      // the snapshot it started from
  std::uint64_t replayed = 0;              // transactions replayed from the journal
  std::uint64_t journal_bytes = 0;         // bytes of whole transactions in the journal
  std::uint64_t dropped_bytes = 0;         // a torn or damaged tail, cut off (0: none)
  std::string problem = {};                // why the tail was cut, empty when nothing was
  std::filesystem::path kept_tail = {};    // where the cut bytes were kept, for inspection
};

// A consistent version of the graph. Cheap to copy; the version stays alive while a view of
// it does. Usable from any thread, and a BGL graph like the graph itself.
class read_view {
 public:
  read_view() = default;
  [[nodiscard]] const dossier::graph& graph() const noexcept { return *graph_; }
  [[nodiscard]] const dossier::graph* operator->() const noexcept { return graph_; }
  [[nodiscard]] const dossier::graph& operator*() const noexcept { return *graph_; }
  // How many transactions this version holds since the database was created.
  [[nodiscard]] std::uint64_t version() const noexcept { return version_; }
  [[nodiscard]] explicit operator bool() const noexcept { return graph_ != nullptr; }

 private:
  friend struct detail::database_state;
  read_view(std::shared_ptr<const void> pin, const dossier::graph* g, std::uint64_t v) noexcept
      : pin_(std::move(pin)), graph_(g), version_(v) {}
  std::shared_ptr<const void> pin_;
  const dossier::graph* graph_ = nullptr;
  std::uint64_t version_ = 0;
};

// One transaction: the graph's own mutators, applied at once to the transaction's private
// version (so ids come back at once and later calls can use them), published by commit().
// A call that throws changes nothing and the transaction stays open; destroying it without
// commit() rolls every change back. Only one transaction is open at a time in a process:
// begin() waits for the one before to end.
class transaction {
 public:
  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  ~transaction();

  // What the transaction sees: the committed graph with its own changes.
  [[nodiscard]] const dossier::graph& graph() const;
  [[nodiscard]] std::size_t changes() const noexcept { return changes_; }
  [[nodiscard]] bool open() const noexcept { return state_ != nullptr; }

  // Appends the changes to the journal (durable under the sync policy when this returns) and
  // publishes them to new read views. Throws io_error when the journal cannot be written or
  // synced: then nothing was committed, and the transaction is closed.
  void commit();
  void rollback() noexcept;

  // ---- the graph's mutators (store/graph.hpp says what each does and throws) ----
  entity_id add(std::string_view type, std::string_view name, entity_options options = {});
  entity_id add(entity_type_id type, std::string_view name, entity_options options = {});
  entity_id add_source(const source_info& info);
  void rename(entity_id id, std::string_view name);
  void set_external_id(entity_id id, std::string_view external);
  void add_alias(entity_id id, alias a);
  void remove_alias(entity_id id, std::string_view name);
  void set(entity_id id, std::string_view property, value v, evidence ev = {});
  void add_value(entity_id id, std::string_view property, value v, evidence ev = {});
  void unset(entity_id id, std::string_view property);
  void remove(entity_id id);
  void merge(entity_id keep, entity_id absorb);
  entity_type_id declare_entity_type(std::string_view name, entity_type_spec spec = {});
  relation_type_id declare_relation_type(std::string_view name, relation_type_spec spec = {});
  void retype(entity_id id, entity_type_id type);
  relation_id relate(entity_id source, std::string_view type, entity_id target, relation_options options = {});
  relation_id relate(entity_id source, std::string_view type, entity_id target, citation c);
  relation_id relate(entity_id source, relation_type_id type, entity_id target, relation_options options = {});
  void set(relation_id id, std::string_view property, value v, evidence ev = {});
  void unset(relation_id id, std::string_view property);
  void add_citation(relation_id id, citation c);
  void set_citations(relation_id id, std::vector<citation> citations);
  void set_valid_time(relation_id id, valid_time v);
  void remove(relation_id id);
  // graph::append; the progress callback is not kept in the journal.
  append_result append(batch b, const append_options& options = {});
  // Imports a file through a reader of dossier/io, into this transaction:
  //   tx.import([&](dossier::graph& g, const dossier::import_options& o) { return dossier::import_jsonl(g, path, o); });
  // `read` is handed the transaction's graph and must change it only through the import
  // pipeline (as every reader of dossier/io does), which applies its rows with append().
  // Anything else it changed would not be journalled: commit() then refuses
  // (database.untracked_change) and the transaction rolls back.
  template <class Reader>
  import_report import(Reader&& read, import_options options = {}) {
    auto expected = shape();
    options.apply = [this, &expected](batch b, const append_options& o) {
      auto applied = append(std::move(b), o);
      expected = shape();
      return applied;
    };
    auto report = read(target(), options);
    if (shape() != expected) untracked_ = true;
    return report;
  }

 private:
  friend class database;
  explicit transaction(detail::database_state* state);
  [[nodiscard]] dossier::graph& target();
  template <class Apply>
  auto record(Apply&& apply);
  // What an import may change only through append(): slots, property names, types.
  [[nodiscard]] std::array<std::size_t, 5> shape() const;

  detail::database_state* state_ = nullptr;
  std::unique_ptr<detail::transaction_log> log_;
  std::size_t changes_ = 0;
  bool untracked_ = false;
};

class database {
 public:
  // Opens (or creates) the database in directory `dir`, replaying its journal. Throws io_error
  // when another process writes it (naming that process) or a file cannot be read, and
  // format_error when the snapshot is damaged. A damaged journal tail is cut and reported in
  // recovery(), never applied.
  [[nodiscard]] static database open(const std::filesystem::path& dir, database_options options = {});
  database(database&& other) noexcept;
  database& operator=(database&& other) noexcept;
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database();  // syncs the journal and releases the lock

  // The latest committed version.
  [[nodiscard]] read_view read() const;
  // Starts a transaction; waits while another thread has one open. io_error when read-only.
  [[nodiscard]] transaction begin();
  // Runs `f(tx)` in a transaction and commits it; when `f` throws, rolls back and rethrows.
  template <class F>
  auto write(F&& f) {
    auto tx = begin();
    if constexpr (std::is_void_v<decltype(f(tx))>) {
      f(tx);
      tx.commit();
    } else {
      auto result = f(tx);
      tx.commit();
      return result;
    }
  }

  [[nodiscard]] std::uint64_t version() const noexcept;  // transactions committed so far
  [[nodiscard]] const std::filesystem::path& path() const noexcept;
  [[nodiscard]] bool read_only() const noexcept;
  [[nodiscard]] const recovery_report& recovery() const noexcept;
  [[nodiscard]] std::uint64_t journal_bytes() const noexcept;

  // Writes a snapshot of the latest version (atomically) and starts an empty journal.
  void checkpoint();
  // Syncs the journal now (grouped or none policies).
  void sync();
  // Read-only: applies what the writing process committed since; returns how many
  // transactions. A writer's own database is always current (returns 0).
  std::size_t refresh();

  // How the versions were made: for tests and benchmarks.
  struct statistics {
    std::uint64_t commits = 0;
    std::uint64_t replays = 0;  // transactions applied again to bring a spare graph up to date
    std::uint64_t copies = 0;   // spare graphs made by copying, every other one held by a reader
    std::size_t graphs = 0;     // graphs alive now
  };
  [[nodiscard]] statistics stats() const;

 private:
  explicit database(std::unique_ptr<detail::database_state> s) noexcept;
  std::unique_ptr<detail::database_state> s_;
};

DOSSIER_NAMESPACE_END

// A read view is a BGL graph: each function forwards to the version's graph.
DOSSIER_NAMESPACE_BEGIN
inline auto vertices(const read_view& v) { return vertices(v.graph()); }
inline auto edges(const read_view& v) { return edges(v.graph()); }
inline std::size_t num_vertices(const read_view& v) noexcept { return num_vertices(v.graph()); }
inline std::size_t num_edges(const read_view& v) noexcept { return num_edges(v.graph()); }
inline auto out_edges(std::uint32_t u, const read_view& v) { return out_edges(u, v.graph()); }
inline auto in_edges(std::uint32_t u, const read_view& v) { return in_edges(u, v.graph()); }
inline auto adjacent_vertices(std::uint32_t u, const read_view& v) { return adjacent_vertices(u, v.graph()); }
inline std::size_t out_degree(std::uint32_t u, const read_view& v) noexcept { return out_degree(u, v.graph()); }
inline std::size_t in_degree(std::uint32_t u, const read_view& v) noexcept { return in_degree(u, v.graph()); }
inline std::size_t degree(std::uint32_t u, const read_view& v) noexcept { return degree(u, v.graph()); }
inline std::uint32_t source(const relation_edge& e, const read_view&) noexcept { return e.source; }
inline std::uint32_t target(const relation_edge& e, const read_view&) noexcept { return e.target; }
template <class Tag>
inline auto get(Tag tag, const read_view& v) -> decltype(get(tag, v.graph())) { return get(tag, v.graph()); }
template <class Tag, class Key>
inline auto get(Tag tag, const read_view& v, const Key& key) -> decltype(get(tag, v.graph(), key)) {
  return get(tag, v.graph(), key);
}
DOSSIER_NAMESPACE_END

namespace boost {
// Qualified calls such as boost::num_vertices(view), as for the graph (store/bgl.hpp).
using dossier::adjacent_vertices;
using dossier::degree;
using dossier::edges;
using dossier::in_degree;
using dossier::in_edges;
using dossier::num_edges;
using dossier::num_vertices;
using dossier::out_degree;
using dossier::out_edges;
using dossier::source;
using dossier::target;
using dossier::vertices;

template <>
struct graph_traits<dossier::read_view> : graph_traits<dossier::graph> {};
template <class Tag>
struct property_map<dossier::read_view, Tag> : property_map<dossier::graph, Tag> {};
}  // namespace boost
