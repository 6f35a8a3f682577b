// Issue 5 benchmark: the fluent query API against hand-written BFS over per-relation-type
// boost::compressed_sparse_row_graph, same graph, same run, same answers (checked).
//   query_bench [entities=1000000] [relations=5000000] [seeds=1000]
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdio>

namespace {

using csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                               boost::no_property, std::uint32_t, std::uint32_t>;

// The reference: one CSR per relation type and direction.
struct reference {
  std::vector<csr> out, in;
  bench::epoch_set seen, next_seen;
  reference(const bench::generated_graph& d, std::uint32_t n) : seen(n), next_seen(n) {
    for (std::size_t k = 0; k < std::size(bench::relation_mix); ++k) {
      std::vector<std::pair<std::uint32_t, std::uint32_t>> fwd, back;
      for (const auto& r : d.relations)
        if (r.kind == k) {
          fwd.emplace_back(r.source, r.target);
          back.emplace_back(r.target, r.source);
        }
      out.emplace_back(boost::edges_are_unsorted_multi_pass, fwd.begin(), fwd.end(), n);
      in.emplace_back(boost::edges_are_unsorted_multi_pass, back.begin(), back.end(), n);
    }
  }
  // Distinct ends of a chain of typed steps (set semantics, as the query engine).
  std::size_t chain(std::uint32_t seed, const std::vector<std::pair<int, bool>>& steps, std::vector<std::uint32_t>& a,
                    std::vector<std::uint32_t>& b, const std::vector<std::uint8_t>* end_kind = nullptr,
                    const std::vector<std::uint8_t>* kinds = nullptr) {
    a.assign(1, seed);
    for (const auto& [type, forward] : steps) {
      seen.next();
      b.clear();
      const auto& g = forward ? out[static_cast<std::size_t>(type)] : in[static_cast<std::size_t>(type)];
      for (auto v : a)
        for (auto [it, end] = boost::adjacent_vertices(v, g); it != end; ++it)
          if (seen.insert(*it)) b.push_back(*it);
      a.swap(b);
    }
    if (!end_kind) return a.size();
    std::size_t n = 0;
    for (auto v : a) n += (*kinds)[v] == (*end_kind)[0];
    return n;
  }
};

}  // namespace

int main(int argc, char** argv) {
  const auto arguments = bench::size_arguments(argc, argv);
  const std::uint32_t entities = arguments.entities, relations = arguments.relations;
  const std::uint32_t seed_count = bench::count_argument(argc, argv, 3, "seeds", 1000, 1, 10'000'000);
  std::printf("query_bench: %u entities, %u relations, %u seeds\n", entities, relations, seed_count);
  const auto data = bench::generate(entities, relations);

  const auto g = bench::build_graph(data);
  reference ref(data, entities);

  std::mt19937_64 rng(11);
  const auto pick = [&](const char* kind, std::uint32_t n) {
    const auto& pool = data.by_kind[bench::kind_index(kind)];
    std::vector<std::uint32_t> out(n);
    for (auto& x : out) x = pool[rng() % pool.size()];
    return out;
  };
  const auto seeds = pick("Person", seed_count);
  const auto pair_from = pick("Person", 100), pair_to = pick("Program", 100);
  const auto fields = pick("Field", 10);
  const int employment = 0, recruits_for = 4, recruits_in = 8;
  std::vector<std::uint32_t> a, b;

  struct row { std::string name; double api, ref; std::uint64_t check_api, check_ref; };
  std::vector<row> rows;
  // Sub-millisecond workloads get many repeats, so that the medians are stable.
  int repeats = 31;
  const auto measure = [&](const std::string& name, auto&& api, auto&& reference_run) {
    std::uint64_t ca = 0, cr = 0;
    const auto t = bench::interleaved_medians(repeats, [&] { ca = api(); }, [&] { cr = reference_run(); });
    rows.push_back({name, t[0], t[1], ca, cr});
  };

  using dossier::query;
  const auto e = [](std::uint32_t v) { return static_cast<dossier::entity_id>(v); };
  // Prepared fluent queries: built once, run from each seed.
  const auto hop1 = query(g).from(e(seeds[0])).out({"Employment"});
  const auto hop2 = query(g).from(e(seeds[0])).out({"Employment"}).out({"recruits_for"});
  const auto hop3 = query(g).from(e(seeds[0])).out({"Employment"}).out({"recruits_for"}).out({"recruits_in"});
  const auto colleagues = query(g).from(e(seeds[0])).out({"Employment"}).in({"Employment"}, {.to_types = {"Person"}});
  std::vector<dossier::entity_id> seed_ids;
  for (auto s : seeds) seed_ids.push_back(e(s));
  // Batched: count_each runs the prepared query from every seed (per-seed answers, as the
  // reference); count_from is the same one seed per call.
  const auto run_api = [&](const dossier::query& q) {
    std::uint64_t sum = 0;
    for (auto n : q.count_each(seed_ids)) sum += n;
    return sum;
  };
  const auto run_api_per_call = [&](const dossier::query& q) {
    std::uint64_t sum = 0;
    for (auto s : seeds) sum += q.count_from(e(s));
    return sum;
  };
  const auto run_ref = [&](const std::vector<std::pair<int, bool>>& steps) {
    std::uint64_t sum = 0;
    for (auto s : seeds) sum += ref.chain(s, steps, a, b);
    return sum;
  };
  measure("typed 1-hop", [&] { return run_api(hop1); }, [&] { return run_ref({{employment, true}}); });
  measure("typed 2-hop", [&] { return run_api(hop2); }, [&] { return run_ref({{employment, true}, {recruits_for, true}}); });
  measure("typed 3-hop", [&] { return run_api(hop3); },
          [&] { return run_ref({{employment, true}, {recruits_for, true}, {recruits_in, true}}); });
  measure("two-step pattern", [&] { return run_api(colleagues); },
          [&] { return run_ref({{employment, true}, {employment, false}}); });  // Employment sources are all people
  measure("1-hop, count_from/call", [&] { return run_api_per_call(hop1); }, [&] { return run_ref({{employment, true}}); });
  measure("2-hop, count_from/call", [&] { return run_api_per_call(hop2); },
          [&] { return run_ref({{employment, true}, {recruits_for, true}}); });
  measure("3-hop, count_from/call", [&] { return run_api_per_call(hop3); },
          [&] { return run_ref({{employment, true}, {recruits_for, true}, {recruits_in, true}}); });
  measure("pattern, count_from/call", [&] { return run_api_per_call(colleagues); },
          [&] { return run_ref({{employment, true}, {employment, false}}); });

  // Unweighted shortest path, 100 pairs, along relations of every type in either direction
  // ("how is this person connected to that program?").
  dossier::path_options out_only{.dir = dossier::direction::both};
  repeats = 5;
  const auto reference_bfs = [&] {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < pair_from.size(); ++i) {
      ref.seen.next();
      a.assign(1, pair_from[i]);
      ref.seen.insert(pair_from[i]);
      for (std::uint64_t d = 1; !a.empty(); ++d) {
        b.clear();
        bool hit = false;
        for (auto v : a) {
          for (const auto* side : {&ref.out, &ref.in})
            for (const auto& gt : *side)
              for (auto [it, end] = boost::adjacent_vertices(v, gt); it != end; ++it)
                if (ref.seen.insert(*it)) {
                  if (*it == pair_to[i]) hit = true;
                  b.push_back(*it);
                }
          if (hit) break;
        }
        if (hit) {
          sum += d + 1;
          break;
        }
        a.swap(b);
      }
    }
    return sum;
  };
  measure("shortest path x100",
          [&] {
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < pair_from.size(); ++i)
              if (auto p = dossier::shortest_path(g, e(pair_from[i]), e(pair_to[i]), out_only)) sum += p->length() + 1;
            return sum;
          },
          reference_bfs);
  // The same, prepared once (dossier::path_search): no filter to bind per call.
  const dossier::path_search prepared_search(g, out_only);
  measure("shortest x100, prepared",
          [&] {
            std::uint64_t sum = 0;
            for (std::size_t i = 0; i < pair_from.size(); ++i)
              if (auto p = prepared_search.shortest(e(pair_from[i]), e(pair_to[i]))) sum += p->length() + 1;
            return sum;
          },
          reference_bfs);

  repeats = 31;
  // linked_to with explanations: which people reach a given field within 3 hops (out-relations),
  // and how? Both sides return each person with one shortest path to the field (entities and
  // relations); the check sums the people and their path lengths.
  struct step_back {
    std::uint32_t next, edge;
    std::uint8_t type;
  };
  std::vector<step_back> parent(entities);
  std::vector<std::uint32_t> explained;  // the reference's paths, flat: (entity, type, edge)...
  measure("linked_to x10 (+paths)",
          [&] {
            std::uint64_t sum = 0;
            for (auto f : fields) {
              const auto results = query(g).from("Person").linked_to({e(f)}, {.dir = dossier::direction::out, .max_hops = 3}).results();
              for (const auto& r : results) sum += 1 + r.path.length();
            }
            return sum;
          },
          [&] {
            std::uint64_t sum = 0;
            const auto person = static_cast<std::uint8_t>(bench::kind_index("Person"));
            for (auto f : fields) {
              ref.seen.next();
              a.assign(1, f);
              ref.seen.insert(f);
              parent[f] = {f, 0, 0xFF};
              std::vector<std::uint32_t> people;
              for (int d = 1; d <= 3 && !a.empty(); ++d) {
                b.clear();
                for (auto v : a)
                  for (std::uint8_t t = 0; t < ref.in.size(); ++t)
                    for (auto [it, end] = boost::out_edges(v, ref.in[t]); it != end; ++it) {
                      const auto u = static_cast<std::uint32_t>(boost::target(*it, ref.in[t]));
                      if (!ref.seen.insert(u)) continue;
                      parent[u] = {v, static_cast<std::uint32_t>(boost::get(boost::edge_index, ref.in[t], *it)), t};
                      b.push_back(u);
                      if (data.entity_kind[u] == person) people.push_back(u);
                    }
                a.swap(b);
              }
              std::sort(people.begin(), people.end());
              explained.clear();
              for (auto p : people) {
                explained.push_back(p);
                for (auto at = p; at != f; at = parent[at].next) explained.insert(explained.end(), {parent[at].type, parent[at].edge, parent[at].next});
                ++sum;
              }
              sum += (explained.size() - people.size()) / 3;
            }
            return sum;
          });

  std::printf("\n%-24s %12s %14s %12s %14s\n", "workload", "dossier ms", "reference ms", "ratio", "answers");
  bool ok = true;
  for (const auto& r : rows) {
    const bool agree = r.check_api == r.check_ref;
    ok = ok && agree;
    std::printf("%-24s %12.3f %14.3f %11.2fx %14llu%s\n", r.name.c_str(), r.api * 1e3, r.ref * 1e3, r.api / r.ref,
                static_cast<unsigned long long>(r.check_api), agree ? "" : "  MISMATCH");
  }
  std::printf("\ntarget: every workload at most 2x the hand-written per-type CSR reference\n");
  return ok ? 0 : 1;
}
