// The count_chain rewrite: counting (count_from, count_each) a chain of plain one-hop steps
// as frontier expansion through the steps' prepared expansions: no path tree, no traverser
// records, no allocation once warm; the same set semantics, budget and answers as the
// general plan.
#include "detail/executor.hpp"

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {
// Chains run no callbacks, so a run can never be nested in another on the same thread, and
// one set of buffers per thread suffices.
struct chain_scratch {
  stamp_set seen;
  std::vector<std::uint32_t> frontier, next, roots;
};
chain_scratch& chain_buffers() {  // a function-local thread_local: an inline guard, no TLS wrapper call
  thread_local chain_scratch buffers;
  return buffers;
}
}  // namespace

bool count_chain(const graph& g, const bound_plan& p, std::span<const entity_id> starts, std::span<std::size_t> counts) {
  if (p.for_count_from != rewrite::count_chain) return false;
  const std::size_t steps = p.chain.size;
  const auto* const* hops = p.chain.hops;
  const bool* acyclic = p.chain.acyclic;
  auto& buffers = chain_buffers();
  auto& seen = buffers.seen;
  auto& frontier = buffers.frontier;
  auto& next = buffers.next;
  // One start (count_from) needs no list and no lookahead.
  const bool batched = starts.size() > 1;
  std::uint32_t single = 0;
  std::span<const std::uint32_t> root_list;
  if (batched) {
    buffers.roots.clear();
    for (const auto e : starts) buffers.roots.push_back(to_index(g.canonical(e)));  // throws before any work
    root_list = buffers.roots;
  } else if (!starts.empty()) {
    single = to_index(g.canonical(starts[0]));
    root_list = std::span<const std::uint32_t>(&single, 1);
  }
  // Several starts: the first step's rows of later starts, the visited marks of their
  // neighbours and their rows for the second step are requested while this start runs.
  // (Measured to pay when each step reads one table, and only then: BENCHMARKS.md, issue 5.)
  const auto one_table = [](const bound_hop& h) -> const expansion* {
    if (h.dir == direction::both) return nullptr;
    const expansion& x = h.dir == direction::in ? h.in_x : h.out_x;
    return x.single_table() ? &x : nullptr;
  };
  const expansion* first_x = batched ? one_table(*hops[0]) : nullptr;
  const bool lookahead = first_x != nullptr;
  const expansion* second_x = lookahead && steps > 1 ? one_table(*hops[1]) : nullptr;
  if (lookahead) seen.reset(g.entity_slots());  // sized for the lookahead
  const auto prefetch_mark = [&](std::uint32_t n) {
    DOSSIER_PREFETCH(seen.stamp.data() + n);
    if (second_x) second_x->prefetch(n);
  };

  const std::size_t max_visited = p.limits.max_visited;
  for (std::size_t r = 0; r < root_list.size(); ++r) {
    if (lookahead) first_x->prefetch_ahead(root_list, r, prefetch_mark);
    const std::uint32_t root = root_list[r];
    std::span<const std::uint32_t> from(&root, 1);
    counts[r] = 0;
    std::size_t visited = 0;
    for (std::size_t i = 0; i < steps && !from.empty(); ++i) {
      const bound_hop& hop = *hops[i];
      const bool no_loop = acyclic[i];
      seen.reset(g.entity_slots());
      next.clear();
      const bool last = i + 1 == steps;
      std::size_t reached = 0;  // the last step only counts
      const auto reach = [&](std::uint32_t v, std::uint32_t n) {
        if ((no_loop && n == v) || seen.contains(n) || !hop.reached_ok(n)) return;
        seen.insert(n);
        if (last) ++reached;
        else next.push_back(n);
      };
      for (const auto v : from) {
        const auto each = [&](std::uint32_t n, std::uint32_t) { reach(v, n); };
        visited += 1 + (hop.dir != direction::in ? hop.out_x(v, each) : 0) + (hop.dir != direction::out ? hop.in_x(v, each) : 0);
        if (visited > max_visited) over_budget("entities visited and relations examined", "max_visited", max_visited);
      }
      if (last) {
        if (reached > p.limits.max_results) over_budget("results", "max_results", p.limits.max_results);
        counts[r] = p.limit ? std::min(reached, *p.limit) : reached;
        break;
      }
      frontier.swap(next);
      from = frontier;
    }
  }
  return true;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
