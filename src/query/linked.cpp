// linked_to: a reverse search from the targets. A start entity reaches a target along `dir`
// exactly when the target reaches it along the reverse direction, so one search answers for
// every start, and the reverse_linked rewrite keeps what it reaches of the start type.
#include "detail/executor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Fills reached_ (in discovery order) and each reached entity's step toward a target.
void executor::search_targets(const stage::linked& s) {
  const auto& hop = *s.hop;
  auto& seen = marks_b_;
  seen.reset(g_.entity_slots());
  if (step_to_target_.size() < g_.entity_slots()) step_to_target_.resize(g_.entity_slots());
  reached_.clear();
  for (auto t : s.targets)
    if (hop.filter.holds(g_, t) && seen.insert(t)) {
      reached_.push_back(t);
      step_to_target_[t] = {};
    }
  if (s.best_evidenced) return search_best_evidenced(s);
  // Breadth-first: every entity keeps the step of its first (shortest) discovery.
  std::size_t level_begin = 0;
  for (std::size_t k = 1; k <= s.max_hops; ++k) {
    const std::size_t level_end = reached_.size();
    if (level_begin == level_end) break;
    for (std::size_t i = level_begin; i < level_end; ++i) {
      const auto v = reached_[i];
      expand_visit(v, hop, [&](std::uint32_t u, std::uint32_t r, bool fwd) {
        if (!hop.reached_ok(u) || !seen.insert(u)) return;
        step_to_target_[u] = {v, r, !fwd};
        reached_.push_back(u);
      });
    }
    level_begin = level_end;
  }
}

// Hop-bounded Bellman-Ford on cost -log(confidence), exact: layer k holds the entities whose
// best cost within k hops improved at k, with the predecessor at layer k - 1 or earlier.
void executor::search_best_evidenced(const stage::linked& s) {
  const auto& hop = *s.hop;
  auto& seen = marks_b_;
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::unordered_map<std::uint32_t, double> cost;
  layers_.assign(s.max_hops + 1, {});
  last_layer_.clear();
  std::vector<std::uint32_t> changed;
  for (auto v : reached_) {
    cost[v] = 0;
    layers_[0][v] = {};
    last_layer_[v] = 0;
    changed.push_back(v);
  }
  for (std::size_t k = 1; k <= s.max_hops && !changed.empty(); ++k) {
    std::unordered_map<std::uint32_t, std::pair<double, toward>> updates;
    for (auto v : changed) {
      const double base = cost[v];
      expand_visit(v, hop, [&](std::uint32_t u, std::uint32_t r, bool fwd) {
        if (!hop.reached_ok(u)) return;
        const double c = g_.relation_evidence(r).confidence();
        if (c <= 0) return;
        const double candidate = base - std::log(c);
        const auto known = cost.find(u);
        auto [it, fresh] = updates.try_emplace(u, inf, toward{});
        if (candidate + 1e-12 < std::min(known == cost.end() ? inf : known->second, it->second.first))
          it->second = {candidate, toward{v, r, !fwd}};
      });
    }
    changed.clear();
    for (auto& [u, up] : updates) {
      if (!(up.first < inf)) continue;
      cost[u] = up.first;
      layers_[k][u] = up.second;
      last_layer_[u] = static_cast<std::uint32_t>(k);
      if (seen.insert(u)) reached_.push_back(u);
      changed.push_back(u);
    }
    std::sort(changed.begin(), changed.end());  // a deterministic order for the next layer
  }
}

// Appends to `node` the steps from entity `at` to a target.
std::uint32_t executor::walk_to_target(const stage::linked& s, std::uint32_t node, std::uint32_t at) {
  if (!s.best_evidenced) {
    for (auto st = step_to_target_[at]; st.next != none; st = step_to_target_[at]) {
      node = tree_.extend(node, st.next, st.relation, st.forward);
      at = st.next;
    }
    return node;
  }
  std::uint32_t layer = last_layer_.at(at);
  while (layer > 0) {
    const auto st = layers_[layer].at(at);
    node = tree_.extend(node, st.next, st.relation, st.forward);
    at = st.next;
    // The predecessor's best within layer - 1 hops: its last improvement at or below that layer.
    std::uint32_t j = layer - 1;
    while (j > 0 && !layers_[j].count(at)) --j;
    layer = j;
  }
  return node;
}

std::vector<traverser> executor::linked(const stage::linked& s, const std::vector<traverser>& in) {
  search_targets(s);
  std::vector<traverser> out = take();
  for (const auto& t : in)
    if (marks_b_.contains(t.entity)) out.push_back({t.entity, track_paths ? walk_to_target(s, t.node, t.entity) : t.node});
  return out;
}

// from(TYPE).linked_to(...): the entities that reach a target, instead of every entity of the type.
std::vector<std::uint32_t> executor::linked_hits(const stage::start_type& start, const stage::linked& s) {
  search_targets(s);
  std::vector<std::uint32_t> hits;
  for (auto v : reached_)
    if (start.mask.test(to_index(g_.entity_type_of(v)))) hits.push_back(v);
  std::sort(hits.begin(), hits.end());  // id order, as from(TYPE) would list them
  return hits;
}

std::vector<traverser> executor::linked_from_type(const stage::start_type& start, const stage::linked& s) {
  std::vector<traverser> out = take();
  for (auto v : linked_hits(start, s)) out.push_back({v, track_paths ? walk_to_target(s, tree_.root(v), v) : none});
  return out;
}

std::vector<query_result> executor::linked_results() {
  const auto& start = std::get<stage::start_type>(plan_.stages[0]);
  const auto& s = std::get<stage::linked>(plan_.stages[1]);
  if (s.best_evidenced) return finish(run({}, false, false, rewrite::reverse_linked));
  const auto hits = linked_hits(start, s);
  meter_.results(hits.size());
  std::vector<query_result> out;
  out.reserve(hits.size());
  for (auto v : hits) {
    out.push_back({g_.live_ref(v), {}});
    auto& p = out.back().path;
    p.entities.push_back(static_cast<entity_id>(v));
    for (auto st = step_to_target_[v]; st.next != none; st = step_to_target_[st.next]) {
      p.relations.push_back(static_cast<relation_id>(st.relation));
      p.forward.push_back(st.forward);
      p.entities.push_back(static_cast<entity_id>(st.next));
    }
    p.cost = static_cast<double>(p.relations.size());
  }
  return shape(std::move(out));
}

}  // namespace detail

DOSSIER_NAMESPACE_END
