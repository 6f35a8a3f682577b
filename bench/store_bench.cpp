// Issue 3 benchmark: build time, bytes per relation, typed 1- and 2-hop expansion of the
// dossier store against a filtered boost::adjacency_list and per-type CSR graphs, same run.
//   store_bench [entities=1000000] [relations=5000000] [seeds=1000]
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace {

using adjacency_list = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                                             boost::property<boost::edge_name_t, std::uint8_t>>;
using csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                               boost::no_property, std::uint32_t, std::uint32_t>;

}  // namespace

int main(int argc, char** argv) {
  const auto arguments = bench::size_arguments(argc, argv);
  const std::uint32_t entities = arguments.entities, relations = arguments.relations;
  const std::uint32_t seed_count = bench::count_argument(argc, argv, 3, "seeds", 1000, 1, 10'000'000);
  std::printf("store_bench: %u entities, %u relations, %u seeds\n", entities, relations, seed_count);

  auto t0 = std::chrono::steady_clock::now();
  const auto data = bench::generate(entities, relations);
  std::printf("generate                 %8.2f s\n", bench::seconds_since(t0));

  // ---- dossier through its public API ----
  const auto rss0 = bench::rss_bytes();
  t0 = std::chrono::steady_clock::now();
  dossier::graph g{dossier::schemas::investigations()};
  std::vector<dossier::entity_type_id> kind_type;
  for (const auto& k : bench::entity_mix) kind_type.push_back(g.schema().entity_type(k.type));
  std::vector<dossier::relation_type_id> rel_type;
  for (const auto& r : bench::relation_mix) rel_type.push_back(g.schema().relation_type(r.type));
  std::vector<dossier::entity_id> ids(entities);
  for (std::uint32_t e = 0; e < entities; ++e) ids[e] = g.add(kind_type[data.entity_kind[e]], data.name(e));
  const double add_entities = bench::seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  for (const auto& r : data.relations) g.relate(ids[r.source], rel_type[r.kind], ids[r.target]);
  g.compact();
  const double add_relations = bench::seconds_since(t1);
  const double dossier_build = bench::seconds_since(t0);
  const auto mem = g.memory();
  const double bytes_per_relation = static_cast<double>(mem.relations + mem.adjacency) / static_cast<double>(g.relation_count());
  std::printf("dossier build            %8.2f s  (entities %.2f s, relations %.2f s; %zu relations after repeat merging)\n",
              dossier_build, add_entities, add_relations, g.relation_count());
  std::printf("dossier bytes/relation   %8.1f    (records %zu MB, adjacency %zu MB; entities+names %zu MB; RSS +%zu MB)\n",
              bytes_per_relation, mem.relations >> 20, mem.adjacency >> 20, mem.entities >> 20,
              (bench::rss_bytes() - rss0) >> 20);

  // ---- the same relations in the references ----
  // dossier merged repeated claims (same type and endpoints) into one relation; the references
  // hold exactly the relations dossier kept, added in the same (generated) order: insertion
  // order decides where adjacency_list allocates its edges.
  std::vector<bench::generated_graph::relation> kept;
  {
    std::unordered_set<std::uint64_t> seen_claims;
    for (const auto& r : data.relations)
      if (seen_claims.insert((std::uint64_t{r.kind} << 56) | (std::uint64_t{r.source} << 28) | r.target).second) kept.push_back(r);  // ids < 2^28
  }
  if (kept.size() != g.relation_count()) std::printf("warning: %zu distinct relations, dossier kept %zu\n", kept.size(), g.relation_count());
  t0 = std::chrono::steady_clock::now();
  adjacency_list al(entities);
  for (const auto& r : kept) boost::add_edge(r.source, r.target, r.kind, al);
  const double al_build = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  std::vector<csr> per_type;
  for (std::size_t k = 0; k < std::size(bench::relation_mix); ++k) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (const auto& r : kept)
      if (r.kind == k) edges.emplace_back(r.source, r.target);
    per_type.emplace_back(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), entities);
  }
  const double csr_build = bench::seconds_since(t0);
  std::printf("adjacency_list build     %8.2f s\ncsr per type build       %8.2f s\n", al_build, csr_build);

  // ---- workloads: people -Employment-> companies (-recruits_for-> programs) ----
  const auto employment = static_cast<std::uint8_t>(0), recruits_for = static_cast<std::uint8_t>(4);
  std::mt19937_64 rng(7);
  const auto& people = data.by_kind[bench::kind_index("Person")];
  std::vector<std::uint32_t> seeds(seed_count);
  for (auto& s : seeds) s = people[rng() % people.size()];
  std::vector<dossier::entity_id> seed_ids;
  for (auto s : seeds) seed_ids.push_back(ids[s]);

  const auto& sc = g.schema();
  const dossier::relation_type_id emp_t[] = {rel_type[employment]}, rec_t[] = {rel_type[recruits_for]};
  const auto emp_mask = sc.mask(emp_t), rec_mask = sc.mask(rec_t);
  const auto employment_out = g.expand(dossier::direction::out, emp_mask);
  const auto recruits_out = g.expand(dossier::direction::out, rec_mask);
  bench::epoch_set seen(entities);
  std::size_t check_dossier = 0, check_al = 0, check_csr = 0;

  const auto one_hop_dossier = [&] {
    std::size_t n = 0;
    for (auto s : seed_ids) {
      seen.next();
      employment_out(dossier::to_index(s), [&](std::uint32_t e, std::uint32_t) { n += seen.insert(e); });
    }
    check_dossier = n;
  };
  const auto one_hop_al = [&] {
    std::size_t n = 0;
    for (auto s : seeds) {
      seen.next();
      for (auto [it, end] = boost::out_edges(s, al); it != end; ++it)
        if (boost::get(boost::edge_name, al, *it) == employment) n += seen.insert(static_cast<std::uint32_t>(boost::target(*it, al)));
    }
    check_al = n;
  };
  const auto one_hop_csr = [&] {
    std::size_t n = 0;
    for (auto s : seeds) {
      seen.next();
      for (auto [it, end] = boost::adjacent_vertices(s, per_type[employment]); it != end; ++it) n += seen.insert(*it);
    }
    check_csr = n;
  };
  const auto two_hop_dossier = [&] {
    std::size_t n = 0;
    std::vector<std::uint32_t> frontier;
    for (auto s : seed_ids) {
      seen.next();
      frontier.clear();
      employment_out(dossier::to_index(s), [&](std::uint32_t e, std::uint32_t) { frontier.push_back(e); });
      for (auto m : frontier) recruits_out(m, [&](std::uint32_t e, std::uint32_t) { n += seen.insert(e); });
    }
    check_dossier = n;
  };
  const auto two_hop_al = [&] {
    std::size_t n = 0;
    std::vector<std::uint32_t> frontier;
    for (auto s : seeds) {
      seen.next();
      frontier.clear();
      for (auto [it, end] = boost::out_edges(s, al); it != end; ++it)
        if (boost::get(boost::edge_name, al, *it) == employment) frontier.push_back(static_cast<std::uint32_t>(boost::target(*it, al)));
      for (auto m : frontier)
        for (auto [it, end] = boost::out_edges(m, al); it != end; ++it)
          if (boost::get(boost::edge_name, al, *it) == recruits_for) n += seen.insert(static_cast<std::uint32_t>(boost::target(*it, al)));
    }
    check_al = n;
  };
  const auto two_hop_csr = [&] {
    std::size_t n = 0;
    std::vector<std::uint32_t> frontier;
    for (auto s : seeds) {
      seen.next();
      frontier.clear();
      for (auto [it, end] = boost::adjacent_vertices(s, per_type[employment]); it != end; ++it) frontier.push_back(*it);
      for (auto m : frontier)
        for (auto [it, end] = boost::adjacent_vertices(m, per_type[recruits_for]); it != end; ++it) n += seen.insert(*it);
    }
    check_csr = n;
  };

  // The same two workloads through the batched expansion (expansion::batch): all seeds in one
  // call, each seed with its own visited epoch. Visited marks are not prefetched through
  // `ahead`: in an A/B run that made one hop 20 % slower warm and 70 % slower cold, and saved
  // only 0-8 % with the data in memory (BENCHMARKS.md).
  std::vector<std::uint32_t> seed_slots;
  for (auto s : seed_ids) seed_slots.push_back(dossier::to_index(s));
  std::size_t check_batched = 0;
  // Two hops: the first hop's lookahead starts loading the second hop's rows.
  const auto prefetch_recruits_row = [&](std::uint32_t m) { recruits_out.prefetch(m); };
  const auto one_hop_batched = [&] {
    std::size_t n = 0;
    const std::uint32_t base = seen.take(static_cast<std::uint32_t>(seed_slots.size()));
    employment_out.batch(seed_slots, [&](std::size_t i, std::uint32_t e, std::uint32_t) {
      n += seen.insert(e, base + static_cast<std::uint32_t>(i));
    });
    check_batched = n;
  };
  std::vector<std::uint32_t> owner, middle;
  const auto two_hop_batched = [&] {
    std::size_t n = 0;
    owner.clear();
    middle.clear();
    employment_out.batch(
        seed_slots,
        [&](std::size_t i, std::uint32_t e, std::uint32_t) {
          owner.push_back(static_cast<std::uint32_t>(i));
          middle.push_back(e);
        },
        prefetch_recruits_row);
    const std::uint32_t base = seen.take(static_cast<std::uint32_t>(seed_slots.size()));
    recruits_out.batch(middle, [&](std::size_t j, std::uint32_t e, std::uint32_t) { n += seen.insert(e, base + owner[j]); });
    check_batched = n;
  };

  // warm: each system repeats its query back to back (its data stays in cache between runs);
  // cold: the systems take turns, so each run starts with the others' data in cache;
  // flushed: every run starts with the processor caches flushed (data comes from memory).
  const int repeats = 15;
  struct row { std::string name; double dossier, batched, al, csr; std::size_t answer; bool agree; };
  std::vector<row> rows;
  const auto measure = [&](const char* name, auto&& d, auto&& bd, auto&& a, auto&& c) {
    std::size_t answers[4];
    const auto run_d = [&] { d(); answers[0] = check_dossier; };
    const auto run_b = [&] { bd(); answers[1] = check_batched; };
    const auto run_a = [&] { a(); answers[2] = check_al; };
    const auto run_c = [&] { c(); answers[3] = check_csr; };
    // Warm samples are 50 back-to-back runs each (a run takes microseconds: one run alone
    // would measure the clock and the processor's frequency ramp more than the work).
    const auto steady = [&](auto&& f) { return bench::median_time(repeats, [&] { for (int k = 0; k < 50; ++k) f(); }) / 50; };
    const double wd = steady(run_d), wb = steady(run_b), wa = steady(run_a), wc = steady(run_c);
    const bool agree = answers[0] == answers[1] && answers[1] == answers[2] && answers[2] == answers[3];
    rows.push_back({std::string(name) + " warm", wd, wb, wa, wc, answers[0], agree});
    const auto t = bench::interleaved_medians(repeats, run_d, run_b, run_a, run_c);
    rows.push_back({std::string(name) + " cold", t[0], t[1], t[2], t[3], answers[0], agree});
    const auto f = bench::flushed_medians(repeats, run_d, run_b, run_a, run_c);
    rows.push_back({std::string(name) + " flushed", f[0], f[1], f[2], f[3], answers[0], agree});
  };
  measure("typed 1-hop", one_hop_dossier, one_hop_batched, one_hop_al, one_hop_csr);
  measure("typed 2-hop", two_hop_dossier, two_hop_batched, two_hop_al, two_hop_csr);
  // Plain enumeration of the typed neighbours (no visited set): what the layouts themselves
  // cost, without the per-neighbour bookkeeping that all four share. Every neighbour is read
  // (the answer is the sum of their ids).
  measure(
      "typed 1-hop enum",
      [&] {
        std::size_t n = 0;
        for (auto s : seed_ids) employment_out(dossier::to_index(s), [&](std::uint32_t e, std::uint32_t) { n += e; });
        check_dossier = n;
      },
      [&] {
        std::size_t n = 0;
        employment_out.batch(seed_slots, [&](std::size_t, std::uint32_t e, std::uint32_t) { n += e; });
        check_batched = n;
      },
      [&] {
        std::size_t n = 0;
        for (auto s : seeds)
          for (auto [it, end] = boost::out_edges(s, al); it != end; ++it)
            if (boost::get(boost::edge_name, al, *it) == employment) n += boost::target(*it, al);
        check_al = n;
      },
      [&] {
        std::size_t n = 0;
        for (auto s : seeds)
          for (auto [it, end] = boost::adjacent_vertices(s, per_type[employment]); it != end; ++it) n += *it;
        check_csr = n;
      });
  measure(
      "typed 2-hop enum",
      [&] {
        std::size_t n = 0;
        for (auto s : seed_ids)
          employment_out(dossier::to_index(s), [&](std::uint32_t m, std::uint32_t) {
            recruits_out(m, [&](std::uint32_t e, std::uint32_t) { n += e; });
          });
        check_dossier = n;
      },
      [&] {
        std::size_t n = 0;
        middle.clear();
        employment_out.batch(seed_slots, [&](std::size_t, std::uint32_t m, std::uint32_t) { middle.push_back(m); }, prefetch_recruits_row);
        recruits_out.batch(middle, [&](std::size_t, std::uint32_t e, std::uint32_t) { n += e; });
        check_batched = n;
      },
      [&] {
        std::size_t n = 0;
        for (auto s : seeds)
          for (auto [it, end] = boost::out_edges(s, al); it != end; ++it) {
            if (boost::get(boost::edge_name, al, *it) != employment) continue;
            const auto m = boost::target(*it, al);
            for (auto [jt, jend] = boost::out_edges(m, al); jt != jend; ++jt)
              if (boost::get(boost::edge_name, al, *jt) == recruits_for) n += boost::target(*jt, al);
          }
        check_al = n;
      },
      [&] {
        std::size_t n = 0;
        for (auto s : seeds)
          for (auto [it, end] = boost::adjacent_vertices(s, per_type[employment]); it != end; ++it)
            for (auto [jt, jend] = boost::adjacent_vertices(*it, per_type[recruits_for]); jt != jend; ++jt) n += *jt;
        check_csr = n;
      });
  std::printf("\ndossier: one expansion call per entity; batched: expansion::batch over all seeds\n");
  std::printf("%-20s %9s %9s %9s %9s %12s %12s %13s %13s %7s\n", "workload", "dossier", "batched", "adj_list", "csr",
              "dossier/csr", "batched/csr", "adj/dossier", "adj/batched", "answer");
  bool ok = true;
  for (const auto& r : rows) {
    std::printf("%-20s %9.4f %9.4f %9.4f %9.4f %11.2fx %11.2fx %12.1fx %12.1fx %7zu%s\n", r.name.c_str(), r.dossier * 1e3,
                r.batched * 1e3, r.al * 1e3, r.csr * 1e3, r.dossier / r.csr, r.batched / r.csr, r.al / r.dossier, r.al / r.batched,
                r.answer, r.agree ? "" : "  MISMATCH");
    ok = ok && r.agree;
  }
  std::printf("(times in ms)\ntargets: dossier/csr <= 1.5x, adj_list/dossier >= 10x, bytes/relation <= 48\n");
  return ok ? 0 : 1;
}
