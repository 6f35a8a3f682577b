#pragma once
// The one executor: runs a bound plan's stages in order, or a rewrite of them, for one run.

#include "plan.hpp"
#include "scratch.hpp"

#include <span>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Buffers reused by successive runs on a thread, so a prepared query allocates almost nothing.
// A run nested inside another (a callback running a query) gets fresh buffers.
struct run_buffers {
  std::vector<path_node> nodes;
  std::vector<traverser> level, next;
  std::vector<std::vector<traverser>> spare;  // result vectors kept with their capacity
  int depth = 0;
};

class executor {
 public:
  executor(const graph& g, const bound_plan& plan);
  ~executor();
  executor(const executor&) = delete;
  executor& operator=(const executor&) = delete;

  // The plan's stages, from its own starts or from `starts` (override_starts); with
  // rewrite::reverse_linked the opening from(TYPE).linked_to(...) runs as one reverse search.
  // all_paths: every path of every step (paths()), instead of one per entity.
  std::vector<traverser> run(std::span<const entity_id> starts, bool override_starts, bool all_paths, rewrite r);
  // Results with their paths, ordered and limited as the plan says.
  std::vector<query_result> finish(std::vector<traverser> current);
  // reverse_linked on exactly from(TYPE).linked_to(...): paths read straight from the search.
  std::vector<query_result> linked_results();
  std::vector<query_result> shape(std::vector<query_result> out) const;
  [[nodiscard]] path path_of(std::uint32_t node) const { return tree_.build(node); }
  void give(std::vector<traverser>&& v);

  bool track_paths = true;  // false when only the number of results is wanted

 private:
  std::vector<traverser> take();
  std::uint32_t extend(std::uint32_t parent, std::uint32_t entity, std::uint32_t relation, bool forward) {
    return track_paths ? tree_.extend(parent, entity, relation, forward) : none;
  }
  void expand_visit(std::uint32_t v, const bound_hop& hop, auto&& f) {
    meter_.visit();
    meter_.visit(hop.neighbors(v, f));
  }

  std::vector<traverser> start(const bound_stage& s, std::vector<traverser> current, bool first);
  std::vector<traverser> filter(const stage::filter& s, const std::vector<traverser>& in);
  std::vector<traverser> step(const stage::expand& s, const std::vector<traverser>& in, bool all_paths);
  std::vector<traverser> one_hop(const stage::expand& s, const std::vector<traverser>& in);
  std::vector<traverser> levels(const stage::expand& s, const std::vector<traverser>& in);
  std::vector<traverser> enumerate_all(const stage::expand& s, const std::vector<traverser>& in, bool all_paths);
  template <class Emit>
  void enumerate(const stage::expand& s, const traverser& t, Emit&& emit);

  // linked_to (linked.cpp)
  void search_targets(const stage::linked& s);
  void search_best_evidenced(const stage::linked& s);
  std::uint32_t walk_to_target(const stage::linked& s, std::uint32_t node, std::uint32_t at);
  std::vector<traverser> linked(const stage::linked& s, const std::vector<traverser>& in);
  std::vector<std::uint32_t> linked_hits(const stage::start_type& start, const stage::linked& s);
  std::vector<traverser> linked_from_type(const stage::start_type& start, const stage::linked& s);

  const graph& g_;
  const bound_plan& plan_;
  budget_meter meter_;
  run_buffers own_;
  run_buffers& buffers_;
  path_tree tree_;
  scratch_lease lease_;
  stamp_set& marks_a_;
  stamp_set& marks_b_;
  std::vector<toward>& step_to_target_;  // by entity slot, valid where marks_b_ marks it
  std::vector<std::uint32_t>& reached_;  // entities that reach a target, in discovery order
  // Best-evidenced search keeps, per layer k, the entities improved with k hops.
  std::vector<std::unordered_map<std::uint32_t, toward>> layers_;
  std::unordered_map<std::uint32_t, std::uint32_t> last_layer_;  // entity -> layer of its best cost
};

// The count_chain rewrite (count_chain.cpp): counts for each start; false when the plan does
// not have the shape (then nothing is counted).
bool count_chain(const graph& g, const bound_plan& p, std::span<const entity_id> starts, std::span<std::size_t> counts);
// The count_levels and count_trails rewrites (count_step.cpp), likewise.
bool count_step(const graph& g, const bound_plan& p, std::span<const entity_id> starts, std::span<std::size_t> counts);

// Orders results by a property as the plan says (missing values last), then applies the limit.
void order_and_limit(const graph& g, const bound_plan& p, std::vector<query_result>& out);

}  // namespace detail

DOSSIER_NAMESPACE_END
