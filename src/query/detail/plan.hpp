#pragma once
// The bound plan: a query after binding, with names turned into ids once, filters checked and
// expansions prepared. A closed set of stage kinds, run by one executor (executor.hpp); the
// fast paths are named rewrites of the plan, chosen in one place (choose_rewrites).
//
// Adding a step kind: one stage struct here, one bind overload (bind.cpp), one describe
// overload, one executor overload; std::visit refuses to compile until each exists.

#include <dossier/query/query.hpp>
#include <dossier/views/relation_filter.hpp>

#include "spec.hpp"

#include <memory>
#include <mutex>
#include <atomic>
#include <optional>
#include <string>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// One relation step, bound: which relations (types and evidence), in which direction, to
// which entities, through prepared expansions. Built in place and never moved: the expansions
// point at the filter's type mask.
struct bound_hop {
  const graph* g = nullptr;
  relation_filter filter;
  direction dir = direction::out;
  type_mask to_types;
  bool any_to = true;
  bool to_implied = true;  // every entity reached through `filter.types()` is of `to_types`
  std::function<bool(const relation_ref&)> relation_where;
  std::function<bool(const entity_ref&)> entity_where;
  bool check_relation = false;  // evidence or relation_where to test per relation
  bool check_reached = false;   // to_types, entity_where or as_of to test per reached entity
  expansion out_x, in_x;

  bound_hop(const graph& graph_, relation_filter f, direction d, const std::vector<std::string>& to,
            std::function<bool(const relation_ref&)> rw, std::function<bool(const entity_ref&)> ew);
  bound_hop(const bound_hop&) = delete;
  bound_hop& operator=(const bound_hop&) = delete;

  // The tests below run per relation and per entity reached: always inlined (GCC left them as
  // calls in large callers, which cost shortest_path a third of its time).
  [[nodiscard]] DOSSIER_ALWAYS_INLINE bool relation_ok(std::uint32_t r) const {
    if (!check_relation) return true;
    if (!filter.keep_evidence(*g, r)) return false;
    return !relation_where || relation_where(g->get(static_cast<relation_id>(r)));
  }
  // For an entity reached through one of the hop's relations.
  [[nodiscard]] DOSSIER_ALWAYS_INLINE bool reached_ok(std::uint32_t v) const {
    if (!check_reached) return true;
    if (!to_implied && !to_types.test(to_index(g->entity_type_of(v)))) return false;
    if (!filter.holds(*g, v)) return false;
    return !entity_where || entity_where(g->get(static_cast<entity_id>(v)));
  }
  // For any entity (a start entity kept by a zero-length step).
  [[nodiscard]] DOSSIER_ALWAYS_INLINE bool entity_ok(std::uint32_t v) const {
    if (!any_to && !to_types.test(to_index(g->entity_type_of(v)))) return false;
    if (!filter.holds(*g, v)) return false;
    return !entity_where || entity_where(g->get(static_cast<entity_id>(v)));
  }
  // f(neighbour, relation, forward) for each relation that passes; returns how many relations
  // it looked at, for the budget.
  template <class F>
  DOSSIER_ALWAYS_INLINE std::size_t neighbors(std::uint32_t v, F&& f) const {
    std::size_t examined = 0;
    if (dir != direction::in)
      examined += out_x(v, [&](std::uint32_t n, std::uint32_t r) {
        if (relation_ok(r)) f(n, r, true);
      });
    if (dir != direction::out)
      examined += in_x(v, [&](std::uint32_t n, std::uint32_t r) {
        if (relation_ok(r)) f(n, r, false);
      });
    return examined;
  }
  // Nothing to test per relation or per reached entity: a plain expansion.
  [[nodiscard]] bool plain() const noexcept { return !check_relation && !check_reached; }
};

namespace stage {
struct start_type {
  std::string name;
  type_mask mask;
};
struct start_ids {
  std::vector<std::uint32_t> ids;  // canonical, checked when bound
};
struct start_name {
  std::string name;
  name_options options;
};
struct filter {
  std::function<bool(const entity_ref&)> keep;
  std::string description;
};
struct expand {
  std::unique_ptr<bound_hop> hop;
  std::size_t min_hops = 1, max_hops = 1;
  path_semantics semantics = path_semantics::acyclic;
  direction dir = direction::out;
};
struct linked {
  std::unique_ptr<bound_hop> hop;  // runs from the targets, in the reverse direction
  std::vector<std::uint32_t> targets;
  std::size_t max_hops = 3;
  bool best_evidenced = false;
  direction dir = direction::both;  // as written (the hop holds the reverse)
};
}  // namespace stage

using bound_stage = std::variant<stage::start_type, stage::start_ids, stage::start_name, stage::filter, stage::expand, stage::linked>;

// The fast paths. Each gives the general plan's answers on the shapes it accepts.
enum class rewrite : std::uint8_t {
  general,         // the stages in order, through the path tree
  count_chain,     // counting a chain of plain one-hop steps: frontier expansion, no path tree
  count_levels,    // counting one step breadth-first: walks, and the shapes where other paths reach the same set
  count_trails,    // counting one trail step depth-first, the path's relations in an array: no path tree
  reverse_linked,  // from(TYPE).linked_to(...): one search from the targets, kept by type
};
[[nodiscard]] const char* name_of(rewrite r) noexcept;

struct bound_plan {
  std::uint64_t generation = 0;
  std::vector<bound_stage> stages;
  std::size_t leading_starts = 0;  // start stages before the first other stage
  budget limits;
  std::optional<std::size_t> limit;
  std::optional<property_id> order_property;
  bool ascending = true;
  bool dedup_paths = false;
  // count_chain's steps, looked up once when the rewrite is chosen.
  struct chain_steps {
    std::size_t size = 0;
    const bound_hop* hops[8] = {};
    bool acyclic[8] = {};
  } chain;
  // count_levels' and count_trails' one step.
  static constexpr std::size_t max_trail_hops = 8;
  struct single_step {
    const bound_hop* hop = nullptr;
    std::size_t min_hops = 1, max_hops = 1;
    bool by_level = false;       // count_levels: each level its own set (walks from min_hops 2)
    bool back_to_start = false;  // count_levels: a walk back to the start counts it (not acyclic)
  } single;
  // Chosen by choose_rewrites, one per kind of result.
  rewrite for_results = rewrite::general;    // results(), ids(), group_count()
  rewrite for_count = rewrite::general;      // count()
  rewrite for_count_from = rewrite::general; // count_from(), count_each()
};

// Binds a query's calls against a graph; throws as the builder calls would.
[[nodiscard]] std::unique_ptr<bound_plan> bind_plan(const graph& g, std::span<const std::shared_ptr<const step_spec>> steps,
                                               const budget& limits, std::optional<std::size_t> limit,
                                               const std::optional<std::pair<std::string, bool>>& order, bool dedup_paths,
                                               bool rewrites);
// Binds one step alone, to report a mistake when the builder call is made.
void check_step(const graph& g, const step_spec& s);
// The plan as text (query::explain_plan).
[[nodiscard]] std::string describe(const graph& g, const bound_plan& p);

// The bound plan of the graph's current generation, rebound when the graph changes. Readers
// take the fast path without locking: the plan is only replaced after the graph changed, and
// queries may not run concurrently with changes to their graph.
struct plan_cache {
  std::mutex mutex;
  std::unique_ptr<bound_plan> plan;
  std::atomic<const bound_plan*> current{nullptr};
  std::atomic<std::uint64_t> generation{0};  // 0: none (graphs never have generation 0)

  const bound_plan& get(const query& q);
};

}  // namespace detail

DOSSIER_NAMESPACE_END
