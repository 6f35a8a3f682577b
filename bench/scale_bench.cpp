// Issue 13 benchmark: what hostile sizes cost. Each row is timed beside a reference that does
// the same amount of plain work, so that the ratio shows whether the cost per unit stays
// constant (budgets bound time) and growth stays linear (no quadratic corner):
//   - an unbounded trail (and acyclic paths) on a complete directed graph of 30 entities, with
//     the default budget, against a loop over graph::expand touching as many relations;
//   - k_shortest_paths with k = 10^7 on the same graph, default budget;
//   - 10^5 aliases on one entity, against one alias on each of 10^5 entities;
//   - the first lookup of a name that 10^6 entities share, against 10^6 distinct names.
//   scale_bench
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace dossier;

graph complete_graph(int n) {
  graph g{schemas::investigations()};
  std::vector<entity_id> people;
  for (int i = 0; i < n; ++i) people.push_back(g.add("Person", "P" + std::to_string(i)));
  for (auto a : people)
    for (auto b : people)
      if (a != b) g.relate(a, "Associate", b);
  g.compact();
  return g;
}

// Time until budget_exceeded (or the end); the number of visits is the budget's.
template <class F>
double until_budget(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  try {
    f();
  } catch (const budget_exceeded&) {
  }
  return bench::seconds_since(t0);
}

void row(const char* name, double dossier_s, double reference_s, const char* unit) {
  std::printf("%-44s %10.3f s %10.3f s %9.2fx   %s\n", name, dossier_s, reference_s, dossier_s / reference_s, unit);
}

}  // namespace

int main() {
  std::printf("scale_bench\n%-44s %12s %12s %10s\n", "workload", "dossier", "reference", "ratio");
  const auto g = complete_graph(30);
  const auto start = static_cast<entity_id>(0);
  // The reference: expand entities round-robin through a prepared expansion until as many
  // relations were touched as the default budget allows.
  const auto reference = [&] {
    const relation_filter all(g, {});
    const auto x = g.expand(direction::out, all.types());
    std::size_t touched = 0, sum = 0;
    for (std::uint32_t v = 0; touched < config::default_max_visited; v = (v + 1) % 30) {
      ++touched;
      x(v, [&](std::uint32_t n, std::uint32_t) {
        ++touched;
        sum += n;
      });
    }
    return sum;
  };
  const double ref = bench::median_time(3, [&] { (void)reference(); });
  const auto trail = query(g).from(start).out({}, {.min_hops = 2, .max_hops = 100'000, .semantics = path_semantics::trail});
  row("unbounded trail, complete graph of 30", until_budget([&] { (void)trail.count(); }), ref, "10^8 visits");
  auto acyclic = query(g).from(start).out({}, {.min_hops = 2, .max_hops = 30, .semantics = path_semantics::acyclic});
  row("acyclic paths(), complete graph of 30", until_budget([&] { (void)acyclic.with_budget({.max_paths = 1'000'000'000}).paths(); }), ref,
      "10^8 visits");
  row("k_shortest_paths k = 10^7, complete graph of 30",
      until_budget([&] { (void)k_shortest_paths(g, start, static_cast<entity_id>(1), 10'000'000); }), ref, "default budget");

  constexpr int aliases = 100'000;
  const double one_entity = bench::median_time(3, [&] {
    graph h{schemas::investigations()};
    const auto e = h.add("Person", "many names");
    for (int i = 0; i < aliases; ++i) h.add_alias(e, "alias " + std::to_string(i));
  });
  const double many_entities = bench::median_time(3, [&] {
    graph h{schemas::investigations()};
    for (int i = 0; i < aliases; ++i) h.add_alias(h.add("Person", "p"), "alias " + std::to_string(i));
  });
  row("10^5 aliases on one entity", one_entity, many_entities, "vs one alias on each of 10^5");

  constexpr int sharing = 1'000'000;
  graph shared{schemas::investigations()}, distinct{schemas::investigations()};
  for (int i = 0; i < sharing; ++i) {
    (void)shared.add("Person", "Wang Wei");
    (void)distinct.add("Person", "Wang Wei " + std::to_string(i));
  }
  const double first_shared = until_budget([&] { (void)shared.lookup("wang wei", {.limit = 10}); });
  const double first_distinct = until_budget([&] { (void)distinct.lookup("wang wei 7", {.limit = 10}); });
  row("first lookup of a name 10^6 entities share", first_shared, first_distinct, "vs 10^6 distinct names");
  return 0;
}
