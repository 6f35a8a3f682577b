#pragma once
// A run's working state: its budget meter, visited marks that never need clearing, a path
// tree, and per-thread pools so that a prepared query allocates almost nothing per run.

#include <dossier/core/error.hpp>
#include <dossier/query/budget.hpp>
#include <dossier/query/path.hpp>
#include <dossier/store/detail/adjacency.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint32_t none = npos32;

[[noreturn]] inline void over_budget(const char* limit, const char* field, std::size_t value) {
  throw budget_exceeded("query.budget_exceeded", "query exceeded its budget: more than " + std::to_string(value) + " " + limit +
                                                     " (raise budget::" + field +
                                                     " with query::with_budget or path_options::limits)");
}

inline void check_budget(const budget& b) {
  if (b.max_visited == 0 || b.max_paths == 0 || b.max_results == 0)
    throw query_error("query.zero_budget", "a budget of zero allows no work: max_visited, max_paths and max_results must be positive");
}

// Counts visits (entities expanded, relations examined) and paths against a budget.
struct budget_meter {
  budget b;
  std::size_t visited = 0, paths = 0;
  void visit(std::size_t n = 1) {
    visited += n;
    if (visited > b.max_visited) over_budget("entities visited and relations examined", "max_visited", b.max_visited);
  }
  void path_made() {
    if (++paths > b.max_paths) over_budget("paths produced", "max_paths", b.max_paths);
  }
  void results(std::size_t n) const {
    if (n > b.max_results) over_budget("results", "max_results", b.max_results);
  }
};

// Epoch-stamped marks: a reset is O(1), so runs never clear O(V) arrays.
struct stamp_set {
  std::vector<std::uint32_t> stamp;
  std::uint32_t epoch = 0;
  void reset(std::size_t n) {  // inline: runs per step of every query
    if (stamp.size() < n) [[unlikely]]
      stamp.resize(n, 0);
    if (++epoch == 0) [[unlikely]]
      wrap();
  }
  [[gnu::noinline]] void wrap() {  // after 2^32 resets: forget every mark
    std::fill(stamp.begin(), stamp.end(), 0);
    epoch = 1;
  }
  bool insert(std::uint32_t v) {
    if (stamp[v] == epoch) return false;
    stamp[v] = epoch;
    return true;
  }
  void erase(std::uint32_t v) { stamp[v] = 0; }
  [[nodiscard]] bool contains(std::uint32_t v) const { return stamp[v] == epoch; }
};

// Parent-pointer path tree: every traverser points at a node, paths are rebuilt on demand.
struct path_node {
  std::uint32_t entity, relation, parent;
  bool forward;
};

struct path_tree {
  std::vector<path_node>& nodes;
  std::uint32_t root(std::uint32_t entity) {
    nodes.push_back({entity, none, none, true});
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  std::uint32_t extend(std::uint32_t parent, std::uint32_t entity, std::uint32_t relation, bool forward) {
    DOSSIER_ASSERT(parent == none || parent < nodes.size(), "path tree parent out of range");
    nodes.push_back({entity, relation, parent, forward});
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  [[nodiscard]] path build(std::uint32_t node) const {
    path p;
    build_into(node, p);
    return p;
  }
  void build_into(std::uint32_t node, path& p) const {
    DOSSIER_ASSERT(node < nodes.size(), "path tree node out of range");
    std::size_t hops = 0;
    for (auto at = node; nodes[at].parent != none; at = nodes[at].parent) ++hops;
    p.entities.resize(hops + 1);
    p.relations.resize(hops);
    p.forward.resize(hops);
    std::size_t i = hops;
    for (auto at = node; at != none; at = nodes[at].parent) {
      p.entities[i] = static_cast<entity_id>(nodes[at].entity);
      if (nodes[at].relation != none) {
        p.relations[i - 1] = static_cast<relation_id>(nodes[at].relation);
        p.forward[i - 1] = nodes[at].forward;
      }
      if (i) --i;
    }
    p.cost = static_cast<double>(hops);
  }
};

// One step from an entity toward a linked_to target.
struct toward {
  std::uint32_t next = none, relation = none;
  bool forward = true;
};

// Per-run scratch (visited marks, BFS parents, on-path marks), leased from a per-thread pool:
// reused across runs without clearing, and never shared by a run nested in another (a callback
// that runs a query).
struct scratch {
  stamp_set a, b, c, on_path_entities, on_path_relations;
  std::vector<toward> parent;  // shortest-path predecessors: (previous entity, relation, forward)
  std::vector<double> distance;
  // linked_to's reverse search: entity-indexed, so it is kept between runs rather than
  // allocated and cleared per run (entries are valid only where `b` marks them).
  std::vector<toward> step_to_target;
  std::vector<std::uint32_t> reached;
  // Breadth-first frontiers and Dijkstra's heap, kept so that a prepared path search allocates nothing.
  std::vector<std::uint32_t> frontier, next_frontier;
  std::vector<std::pair<double, std::uint32_t>> heap;
};

class scratch_lease {
 public:
  scratch_lease() {
    auto& pool = this_thread_pool();
    if (pool.empty()) {
      s_ = std::make_unique<scratch>();
    } else {
      s_ = std::move(pool.back());
      pool.pop_back();
    }
  }
  ~scratch_lease() { this_thread_pool().push_back(std::move(s_)); }
  scratch_lease(const scratch_lease&) = delete;
  scratch_lease& operator=(const scratch_lease&) = delete;
  scratch& operator*() const noexcept { return *s_; }
  scratch* operator->() const noexcept { return s_.get(); }

 private:
  static std::vector<std::unique_ptr<scratch>>& this_thread_pool() {
    thread_local std::vector<std::unique_ptr<scratch>> pool;
    return pool;
  }
  std::unique_ptr<scratch> s_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
