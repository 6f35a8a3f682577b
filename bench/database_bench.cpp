// Issue 20 benchmark: the database layer (snapshot + journal + snapshot-isolated read views),
// each figure beside a reference measured in the same run:
//   reader throughput with a writer committing  against  the same readers with no writer
//   taking a read view                          against  copying a shared_ptr under a mutex
//   commit of 10 changes, sync_policy::none     against  the same changes on a plain graph
//   commit of 10 changes, every_commit          against  a bare append + fdatasync, same directory
//   reopening (journal replay)                  against  importing the same graph from JSON Lines
// and, to tell what the readers lose beside the writer, the readers beside the same changes made
// to a plain graph, beside a spinning thread, and spread over three static copies of the graph.
//
//   database_bench [entities=100000] [relations=300000] [phase_ms=300] [readers=1] [dir=/tmp]
// Smoke scale (a few seconds): database_bench 1000 3000 50
#include "common.hpp"
#include "timer.hpp"

#include <dossier/database/database.hpp>
#include <dossier/dossier.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <random>
#include <sched.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

dossier::entity_id entity(std::uint32_t index) { return static_cast<dossier::entity_id>(index); }

// Keeps a thread on one processor: a thread that migrates loses its caches, which on this
// 2-core machine made the readers alone slower than the readers beside a busy thread.
void pin_to_cpu(unsigned cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu % std::max(1u, std::thread::hardware_concurrency()), &set);
  ::pthread_setaffinity_np(::pthread_self(), sizeof set, &set);
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

// A database directory under `parent` named with the pid, removed when done.
struct temporary_directory {
  std::filesystem::path path;
  temporary_directory(const std::filesystem::path& parent, const std::string& name)
      : path(parent / ("database_bench-" + std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(path);
  }
  ~temporary_directory() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temporary_directory(const temporary_directory&) = delete;
  temporary_directory& operator=(const temporary_directory&) = delete;
};

// Checkpoints only when asked (between phases), so that no phase times a snapshot write.
dossier::database_options options_with(dossier::sync_policy sync) {
  return {.sync = sync, .checkpoint_bytes = 0};
}

// ---- the graph ----------------------------------------------------------------------------------

// The generated graph as one batch: generated entity i becomes entity_id(i) of an empty graph.
dossier::batch batch_of(const bench::generated_graph& data, const dossier::schema& schema) {
  dossier::batch b;
  std::vector<dossier::entity_type_id> kind_type;
  for (const auto& k : bench::entity_mix) kind_type.push_back(schema.entity_type(k.type));
  std::vector<dossier::relation_type_id> rel_type;
  for (const auto& r : bench::relation_mix) rel_type.push_back(schema.relation_type(r.type));
  b.entities.reserve(data.entity_kind.size());
  for (std::uint32_t e = 0; e < data.entity_kind.size(); ++e) b.entities.push_back({.type = kind_type[data.entity_kind[e]], .name = data.name(e)});
  b.relations.reserve(data.relations.size());
  for (const auto& r : data.relations) b.relations.push_back({.source = entity(r.source), .target = entity(r.target), .type = rel_type[r.kind]});
  return b;
}

void load_generated(dossier::database& db, const bench::generated_graph& data) {
  auto tx = db.begin();
  tx.append(batch_of(data, tx.graph().schema()), {.on_repeat = dossier::repeat_policy::parallel});
  tx.commit();
  db.checkpoint();
}

// ---- the writer's transactions ------------------------------------------------------------------

// Ten changes a transaction that leave the graph's size steady: 8 people get a new position,
// one Employment relation is added and the one the previous transaction added is removed. The
// same calls work on a transaction and on a plain graph (the commit latency's reference).
dossier::relation_type_id employment_type(const dossier::graph& g) { return g.schema().relation_type("Employment"); }
dossier::relation_type_id employment_type(const dossier::database& db) { return employment_type(db.read().graph()); }

class change_maker {
 public:
  template <class Target>
  change_maker(const bench::generated_graph& data, const Target& target, std::uint64_t seed)
      : people_(data.by_kind[bench::kind_index("Person")]),
        companies_(data.by_kind[bench::kind_index("Company")]),
        employment_(employment_type(target)),
        rng_(seed) {}

  template <class Target>
  void apply(Target& t) {
    for (int i = 0; i < 8; ++i) t.set(entity(pick(people_)), "position", dossier::value("position " + std::to_string(counter_++)));
    const auto added = t.relate(entity(pick(people_)), employment_, entity(pick(companies_)),
                                {.on_repeat = dossier::repeat_policy::parallel});
    if (previous_) t.remove(*previous_);
    else t.set(entity(pick(people_)), "position", dossier::value("first"));  // ten changes in the first one too
    previous_ = added;
  }

  void commit(dossier::database& db) {
    auto tx = db.begin();
    apply(tx);
    tx.commit();
  }

 private:
  std::uint32_t pick(const std::vector<std::uint32_t>& from) { return from[rng_() % from.size()]; }
  const std::vector<std::uint32_t>& people_;
  const std::vector<std::uint32_t>& companies_;
  dossier::relation_type_id employment_;
  std::mt19937_64 rng_;
  std::uint64_t counter_ = 0;
  std::optional<dossier::relation_id> previous_;
};

// A thread making the changes back to back until stopped: committed to a database, or applied
// to a plain graph (the reference for what making them costs the readers, database aside).
class background_writer {
 public:
  template <class Target>
  background_writer(Target& target, const bench::generated_graph& data, std::uint64_t seed, std::optional<unsigned> cpu = {})
      : maker_(data, target, seed), thread_([this, &target, cpu] {
          if (cpu) pin_to_cpu(*cpu);
          while (!stop_.load(std::memory_order_relaxed)) {
            if constexpr (std::is_same_v<Target, dossier::database>) maker_.commit(target);
            else maker_.apply(target);
            commits_.fetch_add(1, std::memory_order_relaxed);
          }
        }) {}
  ~background_writer() { stop(); }
  background_writer(const background_writer&) = delete;
  background_writer& operator=(const background_writer&) = delete;
  // Stops and returns the transactions made.
  std::uint64_t stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    return commits_.load();
  }

 private:
  change_maker maker_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> commits_{0};
  std::thread thread_;
};

// ---- the readers' workload ----------------------------------------------------------------------

// One read operation on a version: a prepared fluent 2-hop query (employers, then the programs
// they recruit for) from 4 random people, and the neighbours of 4 random entities.
std::uint64_t read_operation(const dossier::graph& g, const std::vector<std::uint32_t>& people, std::uint32_t entities,
                             const dossier::type_mask& every_type, std::mt19937_64& rng) {
  const auto two_hop = dossier::query(g).out({"Employment"}).out({"recruits_for"});
  std::uint64_t found = 0;
  for (int i = 0; i < 4; ++i) found += two_hop.count_from(entity(people[rng() % people.size()]));
  for (int i = 0; i < 4; ++i)
    g.for_each_neighbor(entity(static_cast<std::uint32_t>(rng() % entities)), dossier::direction::both, every_type,
                        [&](dossier::entity_id, dossier::relation_id) { ++found; });
  return found;
}

dossier::type_mask every_relation_type(const dossier::schema& s) {
  dossier::type_mask mask(s.relation_type_count());
  for (std::uint32_t t = 0; t < s.relation_type_count(); ++t) mask.set(t);
  return mask;
}

double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct reader_result {
  double operations_per_second = 0;  // all readers together
  // Operations per second of the readers' own processor time: tells slower work (caches, memory
  // bandwidth) apart from less time on a core (the machine's other jobs, the writer).
  double operations_per_cpu_second = 0;
  double commits_per_second = 0;     // the writer's, when there was one
  dossier::database::statistics before, after;
};

// A second busy core that touches no memory.
void spin_until(const std::atomic<bool>& stop) {
  std::uint64_t x = 1;
  while (!stop.load(std::memory_order_relaxed))
    for (int i = 0; i < 1000; ++i) x = x * 6364136223846793005u + 1442695040888963407u;
  bench::keep(x);
}

// What runs beside the readers, each a reference for one part of what the database's writer
// costs them:
//   plain_graph_writer  the same changes made to a plain graph (what making the changes costs,
//                       whatever the database does);
//   spinning_thread     a thread spinning in registers (what any second busy core costs);
//   three_versions      no writer, but the readers spread their operations over three copies of
//                       the graph, the next every 4 operations, as they do when the writer
//                       publishes a version every few operations into its pool of three graphs
//                       (what reading several whole-graph versions costs the caches).
enum class beside { nothing, database_writer, plain_graph_writer, spinning_thread, three_versions };
constexpr beside companies[] = {beside::nothing, beside::database_writer, beside::plain_graph_writer, beside::spinning_thread,
                                beside::three_versions};
constexpr const char* company_names[] = {"alone", "database writer", "plain-graph writer", "spinning thread",
                                         "three static versions"};

// Graphs of the references, copies of the database's: one for the plain-graph writer to change,
// three for three_versions to read.
struct reference_graphs {
  dossier::graph plain;
  std::vector<dossier::graph> versions;
  explicit reference_graphs(const dossier::graph& g) : plain(g.copy()) {
    for (int i = 0; i < 3; ++i) versions.push_back(g.copy());
  }
};

// `readers` threads run read operations for `duration`, with a writer beside them if asked.
reader_result measure_readers(dossier::database& db, const bench::generated_graph& data, int readers,
                              std::chrono::milliseconds duration, beside company, reference_graphs& references, std::uint64_t seed) {
  const auto& people = data.by_kind[bench::kind_index("Person")];
  const auto entities = static_cast<std::uint32_t>(data.entity_kind.size());
  const auto every_type = every_relation_type(db.read()->schema());
  reader_result result;
  result.before = db.stats();
  std::atomic<bool> stop{false};
  std::vector<std::uint64_t> operations(static_cast<std::size_t>(readers), 0);
  std::vector<double> cpu_seconds(static_cast<std::size_t>(readers), 0);
  std::optional<background_writer> writer;
  // Readers on processors 0, 1, ...; the company on the next.
  const auto company_cpu = static_cast<unsigned>(readers);
  if (company == beside::database_writer) writer.emplace(db, data, seed, company_cpu);
  if (company == beside::plain_graph_writer) writer.emplace(references.plain, data, seed, company_cpu);
  std::optional<std::jthread> spinner;
  if (company == beside::spinning_thread) spinner.emplace([&stop, company_cpu] {
    pin_to_cpu(company_cpu);
    spin_until(stop);
  });
  const auto t0 = clock_type::now();
  {
    std::vector<std::jthread> threads;
    for (int r = 0; r < readers; ++r)
      threads.emplace_back([&, r] {
        pin_to_cpu(static_cast<unsigned>(r));
        std::mt19937_64 rng(seed + static_cast<std::uint64_t>(r) + 1);
        std::uint64_t n = 0, found = 0;
        const double cpu0 = thread_cpu_seconds();
        for (; !stop.load(std::memory_order_relaxed); ++n) {
          if (company == beside::three_versions) {
            found += read_operation(references.versions[(n / 4) % 3], people, entities, every_type, rng);
          } else {
            const auto view = db.read();
            found += read_operation(view.graph(), people, entities, every_type, rng);
          }
        }
        bench::keep(found);
        operations[static_cast<std::size_t>(r)] = n;
        cpu_seconds[static_cast<std::size_t>(r)] = thread_cpu_seconds() - cpu0;
      });
    std::this_thread::sleep_for(duration);
    stop.store(true);
  }
  const double elapsed = bench::seconds_since(t0);
  const std::uint64_t commits = writer ? writer->stop() : 0;
  result.after = db.stats();
  std::uint64_t total = 0;
  for (const auto n : operations) total += n;
  double cpu = 0;
  for (const auto c : cpu_seconds) cpu += c;
  result.operations_per_second = static_cast<double>(total) / elapsed;
  result.operations_per_cpu_second = static_cast<double>(total) / cpu;
  result.commits_per_second = static_cast<double>(commits) / elapsed;
  return result;
}

double writer_alone_commits_per_second(dossier::database& db, const bench::generated_graph& data,
                                       std::chrono::milliseconds duration) {
  const auto t0 = clock_type::now();
  background_writer writer(db, data, 400);
  std::this_thread::sleep_for(duration);
  const auto commits = writer.stop();
  return static_cast<double>(commits) / bench::seconds_since(t0);
}

// ---- taking a read view -------------------------------------------------------------------------

// Nanoseconds per call of f, the median of batches of 1000 calls.
template <class F>
double nanoseconds_per_call(std::size_t calls, F&& f) {
  constexpr std::size_t batch = 1000;
  std::vector<double> per_call;
  for (std::size_t done = 0; done < calls; done += batch) {
    const auto t0 = clock_type::now();
    for (std::size_t i = 0; i < batch; ++i) f();
    per_call.push_back(bench::seconds_since(t0) * 1e9 / batch);
  }
  return median(std::move(per_call));
}

double read_view_ns(const dossier::database& db, std::size_t calls) {
  return nanoseconds_per_call(calls, [&] {
    const auto view = db.read();
    bench::keep(view.version());
  });
}

// The floor of this design: copying a shared_ptr under a mutex, which is how read() pins a version.
double shared_pointer_copy_ns(std::size_t calls) {
  std::mutex m;
  const auto published = std::make_shared<const std::uint64_t>(1);
  return nanoseconds_per_call(calls, [&] {
    std::shared_ptr<const std::uint64_t> copy;
    {
      std::lock_guard lk(m);
      copy = published;
    }
    bench::keep(*copy);
  });
}

// ---- commit latency -----------------------------------------------------------------------------

struct latency {
  double median_us, p99_us;
};

latency summarise(const std::vector<double>& seconds) {
  std::vector<double> us;
  for (const auto s : seconds) us.push_back(s * 1e6);
  return {median(us), percentile(us, 0.99)};
}

template <class F>
double time_once(F&& f) {
  const auto t0 = clock_type::now();
  f();
  return bench::seconds_since(t0);
}

// begin() to commit() returning (begin() brings the spare graph up to date first), each timed,
// interleaved with the same changes on a plain graph.
std::pair<latency, latency> commit_latency_without_sync(dossier::database& db, const bench::generated_graph& data,
                                                        std::size_t samples) {
  auto plain = db.read()->copy();
  change_maker to_db(data, plain, 7), to_plain(data, plain, 7);
  std::vector<double> committed, applied;
  for (std::size_t i = 0; i < samples; ++i) {
    committed.push_back(time_once([&] { to_db.commit(db); }));
    applied.push_back(time_once([&] { to_plain.apply(plain); }));
  }
  return {summarise(committed), summarise(applied)};
}

// A journal-sized append to a file in `dir`, then fdatasync: one durable write, as the journal does it.
class bare_sync_file {
 public:
  explicit bare_sync_file(const std::filesystem::path& dir)
      : path_(dir / "fdatasync-reference"), fd_(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error("cannot create " + path_.string());
  }
  ~bare_sync_file() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  bare_sync_file(const bare_sync_file&) = delete;
  bare_sync_file& operator=(const bare_sync_file&) = delete;
  void append_and_sync(std::size_t bytes) {
    const std::string record(bytes, 'x');
    if (::write(fd_, record.data(), record.size()) != static_cast<ssize_t>(record.size()) || ::fdatasync(fd_) != 0)
      throw std::runtime_error("write or fdatasync failed on " + path_.string());
  }

 private:
  std::filesystem::path path_;
  int fd_;
};

// Commits under every_commit, interleaved with bare appends + fdatasync of the journal's record size.
std::pair<latency, latency> commit_latency_with_sync(dossier::database& db, const bench::generated_graph& data,
                                                     std::size_t samples) {
  change_maker maker(data, db, 11);
  bare_sync_file reference(db.path());
  std::vector<double> committed, synced;
  for (std::size_t i = 0; i < samples; ++i) {
    const auto journal_before = db.journal_bytes();
    committed.push_back(time_once([&] { maker.commit(db); }));
    const auto record_bytes = db.journal_bytes() - journal_before;
    synced.push_back(time_once([&] { reference.append_and_sync(record_bytes); }));
  }
  return {summarise(committed), summarise(synced)};
}

// ---- journal replay against JSON Lines ----------------------------------------------------------

// `transactions` commits of 100 new entities (people and companies) and 100 Employment
// relations from the new people to companies made so far.
void commit_growth(dossier::database& db, std::size_t transactions) {
  std::mt19937_64 rng(5);
  std::vector<dossier::entity_id> companies;
  for (std::size_t t = 0; t < transactions; ++t) {
    auto tx = db.begin();
    std::vector<dossier::entity_id> people;
    for (int i = 0; i < 50; ++i) {
      people.push_back(tx.add("Person", "Person " + std::to_string(t) + "." + std::to_string(i)));
      companies.push_back(tx.add("Company", "Company " + std::to_string(t) + "." + std::to_string(i)));
    }
    for (int i = 0; i < 100; ++i) tx.relate(people[static_cast<std::size_t>(i) % people.size()], "Employment", companies[rng() % companies.size()]);
    tx.commit();
  }
}

struct replay_result {
  double open_s = 0, import_s = 0;
  std::uint64_t replayed = 0, journal_bytes = 0, jsonl_bytes = 0;
  std::size_t entities = 0, relations = 0;
  bool same = false;
};

replay_result measure_replay(const std::filesystem::path& parent, std::size_t transactions, int repeats) {
  temporary_directory dir(parent, "replay");
  const auto jsonl = dir.path.string() + ".jsonl";
  replay_result r;
  {
    auto db = dossier::database::open(dir.path, options_with(dossier::sync_policy::none));
    commit_growth(db, transactions);
    const auto view = db.read();
    r.entities = view->entity_count();
    r.relations = view->relation_count();
    dossier::export_jsonl(view.graph(), jsonl);
  }  // closing syncs the journal
  r.jsonl_bytes = std::filesystem::file_size(jsonl);
  // The previous run's database and graph are dropped untimed, before each run.
  std::optional<dossier::database> reopened;
  std::optional<dossier::graph> imported;
  bool same_counts = true;
  const auto same_as_written = [&](const dossier::graph& g) {
    same_counts = same_counts && g.entity_count() == r.entities && g.relation_count() == r.relations;
  };
  const auto times = bench::interleaved_medians_after(
      [&] {
        reopened.reset();
        imported.reset();
      },
      repeats,
      [&] {
        reopened.emplace(dossier::database::open(dir.path, options_with(dossier::sync_policy::none)));
        r.replayed = reopened->recovery().replayed;
        r.journal_bytes = reopened->recovery().journal_bytes;
        same_as_written(reopened->read().graph());
      },
      [&] {
        imported.emplace(dossier::schemas::investigations());
        dossier::import_jsonl(*imported, jsonl);
        same_as_written(*imported);
      });
  std::filesystem::remove(jsonl);
  r.open_s = times[0];
  r.import_s = times[1];
  r.same = r.replayed == transactions && same_counts;
  return r;
}

// ---- the table ----------------------------------------------------------------------------------

struct table_row {
  std::string figure, measured, reference;
  double ratio;
  std::string target;
  bool met;
};

std::string format(const char* pattern, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, v);
  return buffer;
}

void print_table(const std::vector<table_row>& rows) {
  std::printf("\nratio = measured / reference\n%-44s %16s %22s %8s %26s  %s\n", "figure", "measured", "reference", "ratio", "target", "");
  for (const auto& r : rows)
    std::printf("%-44s %16s %22s %8.2f %26s  %s\n", r.figure.c_str(), r.measured.c_str(), r.reference.c_str(), r.ratio,
                r.target.c_str(), r.met ? "met" : "MISSED");
}

void print_stats(const char* what, const dossier::database::statistics& before, const dossier::database::statistics& after) {
  std::printf("%s commits %llu, replays %llu, copies %llu, graphs now %zu\n", what,
              static_cast<unsigned long long>(after.commits - before.commits),
              static_cast<unsigned long long>(after.replays - before.replays),
              static_cast<unsigned long long>(after.copies - before.copies), after.graphs);
}

// ---- the runs ------------------------------------------------------------------------------------

struct reader_figures {
  double alone = 0, with_writer = 0;  // reader op/s, medians of the rounds
  std::vector<double> ratios;          // per company (beside[]), median over the rounds of its ratio to alone
  std::vector<double> cpu_ratios;      // the same, of operations per reader cpu-second
  double commits_per_second = 0;       // the database writer's, beside the readers
};

// Readers beside each company in turn, so that drift in the machine's load touches all alike.
reader_figures reader_rounds(dossier::database& db, const bench::generated_graph& data, int readers,
                             std::chrono::milliseconds phase, int rounds) {
  reference_graphs references(db.read().graph());
  std::vector<std::vector<double>> throughput(std::size(companies)), ratios(std::size(companies)), cpu_ratios(std::size(companies));
  std::vector<double> commit_rates;
  for (int round = 0; round < rounds; ++round) {
    std::printf("round %d, reader op/s (per reader cpu-s):", round + 1);
    // Each round starts with another company: no company always follows the checkpoint.
    std::vector<reader_result> results(std::size(companies));
    for (std::size_t k = 0; k < std::size(companies); ++k) {
      const auto c = (k + static_cast<std::size_t>(round)) % std::size(companies);
      results[c] = measure_readers(db, data, readers, phase, companies[c], references, 100 * static_cast<std::uint64_t>(round + 1) + c);
    }
    for (std::size_t c = 0; c < std::size(companies); ++c) {
      throughput[c].push_back(results[c].operations_per_second);
      ratios[c].push_back(results[c].operations_per_second / results[0].operations_per_second);
      cpu_ratios[c].push_back(results[c].operations_per_cpu_second / results[0].operations_per_cpu_second);
      std::printf(" %s %.0f (%.0f)", company_names[c], results[c].operations_per_second, results[c].operations_per_cpu_second);
    }
    const auto& busy = results[1];
    commit_rates.push_back(busy.commits_per_second);
    std::printf("\n  database writer %.0f commits/s, plain-graph writer %.0f transactions/s;", busy.commits_per_second,
                results[2].commits_per_second);
    print_stats("", busy.before, busy.after);
    db.checkpoint();  // keeps the journal (and the next phase's files) small
  }
  reader_figures f{median(throughput[0]), median(throughput[1]), {}, {}, median(commit_rates)};
  for (const auto& r : ratios) f.ratios.push_back(median(r));
  for (const auto& r : cpu_ratios) f.cpu_ratios.push_back(median(r));
  return f;
}

struct view_figures {
  double alone_ns = 0, beside_writer_ns = 0, pointer_copy_ns = 0;
};

view_figures view_latency(dossier::database& db, const bench::generated_graph& data, std::size_t calls) {
  view_figures f;
  f.alone_ns = read_view_ns(db, calls);
  f.pointer_copy_ns = shared_pointer_copy_ns(calls);
  background_writer writer(db, data, 300);
  f.beside_writer_ns = read_view_ns(db, calls);
  writer.stop();
  db.checkpoint();
  return f;
}

std::vector<table_row> target_rows(const reader_figures& readers, const view_figures& views, const latency& commit_fast,
                                   const latency& plain_apply, const latency& commit_synced, const latency& bare_sync,
                                   const replay_result& replay) {
  const double throughput_ratio = readers.ratios[1];
  return {
      {"reader op/s with a writer committing", format("%.0f op/s", readers.with_writer), format("%.0f alone", readers.alone),
       throughput_ratio, ">= 0.90 of alone", throughput_ratio >= 0.90},
      {"db.read(), no writer", format("%.0f ns", views.alone_ns), format("%.0f ns ptr copy", views.pointer_copy_ns),
       views.alone_ns / views.pointer_copy_ns, "< 1 us", views.alone_ns < 1000},
      {"db.read(), writer committing", format("%.0f ns", views.beside_writer_ns), format("%.0f ns ptr copy", views.pointer_copy_ns),
       views.beside_writer_ns / views.pointer_copy_ns, "< 1 us", views.beside_writer_ns < 1000},
      {"commit of 10 changes, sync none (median)", format("%.1f us", commit_fast.median_us),
       format("%.1f us plain graph", plain_apply.median_us), commit_fast.median_us / plain_apply.median_us, "< 50 us",
       commit_fast.median_us < 50},
      {"commit of 10 changes, every_commit (median)", format("%.0f us", commit_synced.median_us),
       format("%.0f us fdatasync", bare_sync.median_us), commit_synced.median_us / bare_sync.median_us,
       "one fdatasync (+ < 50 us)", commit_synced.median_us < bare_sync.median_us + 50},
      {"reopen: replay of the journal", format("%.3f s", replay.open_s), format("%.3f s JSONL import", replay.import_s),
       replay.open_s / replay.import_s, "<= 1 (no slower)", replay.open_s <= replay.import_s},
  };
}

}  // namespace

int main(int argc, char** argv) {
  // Smaller defaults than the other benchmarks: issue 20's moderate graph, which the writer copies.
  const bench::graph_size size{bench::count_argument(argc, argv, 1, "entities", 100'000, 1000, (1u << 28) - 1),
                               bench::count_argument(argc, argv, 2, "relations", 300'000, 1, 0xFFFF'FFFEu)};
  const auto phase_ms = bench::count_argument(argc, argv, 3, "phase_ms", 300, 10, 600'000);
  const int readers = static_cast<int>(bench::count_argument(argc, argv, 4, "readers", 1, 1, 64));
  const std::filesystem::path parent = argc > 5 ? argv[5] : std::filesystem::temp_directory_path();
  const auto phase = std::chrono::milliseconds(phase_ms);
  // Many short rounds: the machine's speed drifts by a quarter within seconds, and each round's
  // ratio compares phases a second apart. Sample counts follow the phase length (smoke scale).
  constexpr int rounds = 10;
  const auto scaled = [&](std::size_t at_default, std::size_t least) {
    return std::max(least, at_default * phase_ms / 300);
  };
  const std::size_t view_calls = std::min<std::size_t>(scaled(1'000'000, 10'000), 10'000'000);
  const std::size_t fast_commits = scaled(12'000, 200);
  const std::size_t synced_commits = scaled(300, 20);
  const std::size_t replay_transactions = std::max<std::size_t>(10, size.entities / 100);
  std::printf("database_bench: %u entities, %u relations, %d reader(s), %u ms phases, %d rounds; files under %s\n",
              size.entities, size.relations, readers, phase_ms, rounds, parent.c_str());

  const auto data = bench::generate(size.entities, size.relations);
  temporary_directory dir(parent, "main");
  std::optional<dossier::database> db;
  db.emplace(dossier::database::open(dir.path, options_with(dossier::sync_policy::none)));
  const double load_s = time_once([&] { load_generated(*db, data); });
  std::printf("load through one transaction's append, then checkpoint: %.2f s (%zu entities, %zu relations)\n", load_s,
              db->read()->entity_count(), db->read()->relation_count());

  // One commit first: its spare graph catches up on the bulk load by replaying it, a load's
  // worth of time that belongs to no round (printed beside the copy it could have made).
  const double first_commit_s = time_once([&] { change_maker(data, *db, 1).commit(*db); });
  const auto reader_figures = reader_rounds(*db, data, readers, phase, rounds);
  for (std::size_t c = 1; c < std::size(companies); ++c)
    std::printf("readers with %s: %.3f of alone (per reader cpu-s: %.3f; medians of rounds)\n", company_names[c],
                reader_figures.ratios[c], reader_figures.cpu_ratios[c]);
  // What the writer does without readers, and what one copy of the graph costs it.
  const double writer_alone = writer_alone_commits_per_second(*db, data, 3 * phase);
  db->checkpoint();
  const double copy_ms = 1e3 * bench::median_time(3, [&] { bench::keep(db->read()->copy().relation_count()); });
  const auto views = view_latency(*db, data, view_calls);

  const auto stats_before_latency = db->stats();
  const auto [commit_fast, plain_apply] = commit_latency_without_sync(*db, data, fast_commits);
  print_stats("commit latency (sync none):", stats_before_latency, db->stats());
  db->checkpoint();
  db.reset();  // the sync policy is chosen at open
  db.emplace(dossier::database::open(dir.path, options_with(dossier::sync_policy::every_commit)));
  const auto [commit_synced, bare_sync] = commit_latency_with_sync(*db, data, synced_commits);
  db.reset();

  const auto replay = measure_replay(parent, replay_transactions, 3);

  std::printf("\nwriter (10 changes a commit, sync_policy::none): %.0f commits/s beside the readers (median of rounds),"
              " %.0f commits/s alone; one copy of the graph: %.1f ms\n",
              reader_figures.commits_per_second, writer_alone, copy_ms);
  std::printf("first commit after the load: %.3f s (its spare graph replays the load's append)\n", first_commit_s);
  std::printf("commit, sync none:    median %.1f us, p99 %.1f us  (%zu commits); same changes on a plain graph: median %.1f us, p99 %.1f us\n",
              commit_fast.median_us, commit_fast.p99_us, fast_commits, plain_apply.median_us, plain_apply.p99_us);
  std::printf("commit, every_commit: median %.1f us, p99 %.1f us  (%zu commits); bare append + fdatasync: median %.1f us, p99 %.1f us\n",
              commit_synced.median_us, commit_synced.p99_us, synced_commits, bare_sync.median_us, bare_sync.p99_us);
  std::printf("replay: %llu transactions, %.1f MB journal -> %zu entities, %zu relations; JSON Lines %.1f MB%s\n",
              static_cast<unsigned long long>(replay.replayed), static_cast<double>(replay.journal_bytes) / 1e6, replay.entities,
              replay.relations, static_cast<double>(replay.jsonl_bytes) / 1e6, replay.same ? "" : "  MISMATCH");
  print_table(target_rows(reader_figures, views, commit_fast, plain_apply, commit_synced, bare_sync, replay));
  return replay.same ? 0 : 1;
}
