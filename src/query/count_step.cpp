// The count_levels and count_trails rewrites: counting (count_from, count_each) what one
// variable-length step reaches, without the path tree, traverser records or allocation once
// warm; the same set semantics, budget and answers as the general plan.
//   count_levels  breadth-first with one set of marks: the entities within max_hops (and the
//                 start when min_hops is 0 or a walk comes back to it); walks from min_hops 2
//                 keep one set per level, as the general plan does.
//   count_trails  depth-first over the trails, the relations of the current one in an array.
#include "detail/executor.hpp"

DOSSIER_NAMESPACE_BEGIN

// The visit of each neighbour is inlined into the loops that call it (GCC left it as a call per
// neighbour: a quarter of the run beside a hand-written loop, varlength_bench).
#if defined(__GNUC__)
#  define DOSSIER_COUNT_FLATTEN [[gnu::flatten]]
#else
#  define DOSSIER_COUNT_FLATTEN
#endif

namespace detail {

namespace {

// Runs call no callbacks (choose_rewrites keeps them out), so one set of buffers per thread.
struct step_scratch {
  stamp_set counted, level;
  std::vector<std::uint32_t> frontier, next;
};
step_scratch& step_buffers() {
  thread_local step_scratch buffers;
  return buffers;
}

// One start's count.
class step_counter {
 public:
  step_counter(const graph& g, const bound_plan& p, step_scratch& s)
      : g_(g), step_(p.single), hop_(*p.single.hop), s_(s), max_visited_(p.limits.max_visited) {}

  DOSSIER_COUNT_FLATTEN std::size_t levels(std::uint32_t root) {
    start(root);
    if (step_.by_level) return each_level(root);
    // The start stays marked: reaching it again is a walk back to it, which counts it once.
    bool root_done = found_ > 0 || !step_.back_to_start;
    s_.counted.insert(root);
    auto& frontier = s_.frontier;
    auto& next = s_.next;
    frontier.assign(1, root);
    for (std::size_t k = 1; k <= step_.max_hops && !frontier.empty(); ++k) {
      const bool last = k == step_.max_hops;  // the last level is only counted
      next.clear();
      for (const auto v : frontier)
        expand(v, [&](std::uint32_t n, std::uint32_t, bool) {
          if (n == root) {
            if (!root_done) found_ += hop_.reached_ok(root);
            root_done = true;
          } else if (s_.counted.insert(n)) {
            if (!last) next.push_back(n);
            found_ += hop_.reached_ok(n);
          }
        });
      frontier.swap(next);
    }
    return found_;
  }

  std::size_t trails(std::uint32_t root) {
    start(root);
    trails_from(root, 0);
    return found_;
  }

 private:
  // A zero-length step keeps the start when it passes the step's types and filters.
  void start(std::uint32_t root) {
    s_.counted.reset(g_.entity_slots());
    found_ = 0;
    visited_ = 0;
    if (step_.min_hops == 0 && hop_.entity_ok(root)) {
      s_.counted.insert(root);
      found_ = 1;
    }
  }

  template <class F>
  DOSSIER_ALWAYS_INLINE void expand(std::uint32_t v, F&& f) {
    visited_ += 1 + hop_.neighbors(v, f);
    if (visited_ > max_visited_) over_budget("entities visited and relations examined", "max_visited", max_visited_);
  }

  // Walks from min_hops 2: level k is the set of ends of walks of exactly k hops.
  DOSSIER_COUNT_FLATTEN std::size_t each_level(std::uint32_t root) {
    auto& frontier = s_.frontier;
    auto& next = s_.next;
    frontier.assign(1, root);
    for (std::size_t k = 1; k <= step_.max_hops && !frontier.empty(); ++k) {
      s_.level.reset(g_.entity_slots());
      next.clear();
      for (const auto v : frontier)
        expand(v, [&](std::uint32_t n, std::uint32_t, bool) {
          if (s_.level.insert(n)) next.push_back(n);
        });
      if (k >= step_.min_hops)
        for (const auto n : next)
          if (!s_.counted.contains(n) && hop_.reached_ok(n)) {
            s_.counted.insert(n);
            ++found_;
          }
      frontier.swap(next);
    }
    return found_;
  }

  DOSSIER_COUNT_FLATTEN void trails_from(std::uint32_t v, std::size_t depth) {
    expand(v, [&](std::uint32_t n, std::uint32_t r, bool) {
      for (std::size_t i = 0; i < depth; ++i)
        if (used_[i] == r) return;
      if (depth + 1 >= step_.min_hops && !s_.counted.contains(n) && hop_.reached_ok(n)) {
        s_.counted.insert(n);
        ++found_;
      }
      if (depth + 1 == step_.max_hops) return;
      used_[depth] = r;
      trails_from(n, depth + 1);
    });
  }

  const graph& g_;
  const bound_plan::single_step& step_;
  const bound_hop& hop_;
  step_scratch& s_;
  std::size_t max_visited_, visited_ = 0, found_ = 0;
  std::uint32_t used_[bound_plan::max_trail_hops] = {};
};

}  // namespace

bool count_step(const graph& g, const bound_plan& p, std::span<const entity_id> starts, std::span<std::size_t> counts) {
  if (p.for_count_from != rewrite::count_levels && p.for_count_from != rewrite::count_trails) return false;
  step_counter counter(g, p, step_buffers());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto root = to_index(g.canonical(starts[i]));  // not_found for an entity the graph lost
    const auto n = p.for_count_from == rewrite::count_levels ? counter.levels(root) : counter.trails(root);
    if (n > p.limits.max_results) over_budget("results", "max_results", p.limits.max_results);
    counts[i] = p.limit ? std::min(n, *p.limit) : n;
  }
  return true;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
