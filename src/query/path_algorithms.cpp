// Path algorithms between two entities. Every search runs under path_options::limits, and
// each visit it charges costs bounded work: visited sets, distances and banned entities are
// epoch-stamped arrays, and Yen's candidates are kept in an ordered set with a duplicate index.
#include <dossier/query/path_algorithms.hpp>

#include "detail/plan.hpp"
#include "detail/scratch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace {

using detail::bound_hop;
using detail::budget_meter;
using detail::none;
using detail::stamp_set;

constexpr double infinite = std::numeric_limits<double>::infinity();

std::unique_ptr<bound_hop> compile(const graph& g, const path_options& o) {
  detail::check_budget(o.limits);
  const auto& f = o.filter;
  if (o.weight == weight_kind::property && !g.schema().try_property(o.weight_property))
    throw query_error("query.unknown_property", "unknown weight property " + quote(o.weight_property));
  return std::make_unique<bound_hop>(g, relation_filter(g, f.relation_types, f.min_confidence, f.as_of, f.cited_by), o.dir, f.to_types,
                                     f.relation_where, f.entity_where);
}

// The hop with weights, and (for Yen's spur searches) banned entities and relations.
struct weighted_hop {
  const bound_hop& hop;
  const path_options& o;
  budget_meter& meter;
  property_id weight_property = null_property;
  const stamp_set* banned_entities = nullptr;
  const stamp_set* banned_relations = nullptr;

  [[nodiscard]] double weight(std::uint32_t r) const {
    switch (o.weight) {
      case weight_kind::hops: return 1.0;
      case weight_kind::confidence: {
        const double c = hop.g->relation_evidence(r).confidence();
        return c <= 0 ? infinite : -std::log(c);
      }
      case weight_kind::property: {
        for (const auto& s : hop.g->get(static_cast<relation_id>(r)).properties()) {
          if (s.property != weight_property) continue;
          if (s.val.kind() != value_kind::integer && s.val.kind() != value_kind::real)
            throw query_error("query.bad_weight", "weight property " + quote(o.weight_property) + " of relation " + std::to_string(r) +
                                                      " is not a number");
          const double w = s.val.as_real();
          if (w < 0 || std::isnan(w))
            throw query_error("query.bad_weight", "weight property " + quote(o.weight_property) + " of relation " + std::to_string(r) +
                                                      " is negative");
          return w;
        }
        return infinite;  // relations without the weight are not usable
      }
    }
    return 1.0;
  }
  // f(neighbour, relation, forward, weight), charging the visit and every relation examined.
  template <class F>
  void neighbors(std::uint32_t v, F&& f) const {
    meter.visit();
    meter.visit(hop.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
      if (banned_entities && banned_entities->contains(n)) return;
      if (banned_relations && banned_relations->contains(r)) return;
      if (!hop.reached_ok(n)) return;
      const double w = weight(r);
      if (!std::isinf(w)) f(n, r, fwd, w);
    }));
  }
};

using step_back = detail::toward;  // next: the previous entity on the path

path reversed_to_path(std::vector<std::uint32_t> entities, std::vector<step_back> steps, double cost) {
  path p;
  for (auto it = entities.rbegin(); it != entities.rend(); ++it) p.entities.push_back(static_cast<entity_id>(*it));
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    p.relations.push_back(static_cast<relation_id>(it->relation));
    p.forward.push_back(it->forward);
  }
  p.cost = cost;
  return p;
}

// The path from `from` to `to` along predecessor links, built in place (no temporary lists).
path traced(const std::vector<step_back>& pred, std::uint32_t from, std::uint32_t to, double cost) {
  std::size_t hops = 0;
  for (std::uint32_t at = to; at != from; at = pred[at].next) ++hops;
  path p;
  p.entities.resize(hops + 1);
  p.relations.resize(hops);
  p.forward.resize(hops);
  std::size_t i = hops;
  p.entities[i] = static_cast<entity_id>(to);
  for (std::uint32_t at = to; at != from; at = pred[at].next) {
    --i;
    p.relations[i] = static_cast<relation_id>(pred[at].relation);
    p.forward[i] = pred[at].forward;
    p.entities[i] = static_cast<entity_id>(pred[at].next);
  }
  p.cost = cost;
  return p;
}

// Dijkstra (breadth-first costs when unweighted) from `from` toward `to`, on stamped arrays.
// With `all`, every predecessor on a shortest path is kept.
class dijkstra {
 public:
  dijkstra(const graph& g, detail::scratch& s) : known_(s.a), done_(s.b), dist_(s.distance), pred_(s.parent), heap_(s.heap) {
    known_.reset(g.entity_slots());
    done_.reset(g.entity_slots());
    if (dist_.size() < g.entity_slots()) dist_.resize(g.entity_slots());
    if (pred_.size() < g.entity_slots()) pred_.resize(g.entity_slots());
  }

  bool run(const weighted_hop& wh, std::uint32_t from, std::uint32_t to, bool all) {
    // A binary heap on the scratch's vector (std::priority_queue would allocate its own).
    heap_.clear();
    const auto push = [&](double d, std::uint32_t v) {
      heap_.push_back({d, v});
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    };
    set_dist(from, 0, {});
    push(0, from);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const double d = heap_.back().first;
      const std::uint32_t v = heap_.back().second;
      heap_.pop_back();
      if (!done_.insert(v)) continue;
      if (v == to && !all) break;
      if (known_.contains(to) && d > dist_[to]) break;
      wh.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd, double w) {
        const double nd = d + w;
        const double eps = 1e-12 * std::max(1.0, nd);
        if (!known_.contains(n) || nd < dist_[n] - eps) {
          set_dist(n, nd, {v, r, fwd});
          if (all) all_preds_[n] = {{v, r, fwd}};
          push(nd, n);
        } else if (all && std::abs(nd - dist_[n]) <= eps) {
          all_preds_[n].push_back({v, r, fwd});
        }
      });
    }
    return known_.contains(to);
  }
  [[nodiscard]] double dist(std::uint32_t v) const { return dist_[v]; }
  [[nodiscard]] const std::vector<step_back>& preds(std::uint32_t v) const { return all_preds_.at(v); }
  [[nodiscard]] path path_to(std::uint32_t from, std::uint32_t to) const { return traced(pred_, from, to, dist_[to]); }

 private:
  void set_dist(std::uint32_t v, double d, step_back p) {
    known_.insert(v);
    dist_[v] = d;
    pred_[v] = p;
  }
  stamp_set& known_;
  stamp_set& done_;
  std::vector<double>& dist_;      // kept between searches, valid only where known_ marks
  std::vector<step_back>& pred_;
  std::vector<std::pair<double, std::uint32_t>>& heap_;
  std::unordered_map<std::uint32_t, std::vector<step_back>> all_preds_;
};

path single(std::uint32_t v) { return path{{static_cast<entity_id>(v)}, {}, {}, 0}; }

// Unweighted: breadth-first, stopping when the target is first reached (it is then at its
// shortest distance), on stamped marks and kept parent arrays, through the hop directly: this
// is the hot case, and it needs no weights and bans no entities.
std::optional<path> bfs_shortest(const graph& g, const bound_hop& hop, budget_meter& meter, std::uint32_t a, std::uint32_t b,
                                 detail::scratch& s) {
  auto& seen = s.a;
  auto& parent = s.parent;
  seen.reset(g.entity_slots());
  if (parent.size() < g.entity_slots()) parent.resize(g.entity_slots());
  auto& frontier = s.frontier;
  auto& next = s.next_frontier;
  frontier.assign(1, a);
  seen.insert(a);
  bool found = false;
  while (!frontier.empty() && !found) {
    next.clear();
    for (auto v : frontier) {
      meter.visit();
      meter.visit(hop.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
        if (found || !hop.reached_ok(n) || !seen.insert(n)) return;
        parent[n] = {v, r, fwd};
        if (n == b) found = true;
        next.push_back(n);
      }));
      if (found) break;
    }
    frontier.swap(next);
  }
  if (!found) return std::nullopt;
  auto p = traced(parent, a, b, 0);
  p.cost = static_cast<double>(p.length());
  return p;
}

}  // namespace

struct path_search::state {
  const graph* g;
  path_options o;
  std::unique_ptr<bound_hop> hop;
  property_id weight_property = null_property;
  std::uint64_t generation;
};

namespace {

// One call's work: the prepared hop (or, when the graph changed since, a fresh one), a budget
// meter, and the two ends.
struct call {
  const path_search::state& s;
  std::unique_ptr<bound_hop> fresh;
  const bound_hop* hop;
  budget_meter meter;
  std::uint32_t a, b;
  call(const path_search::state& st, entity_id from, entity_id to)
      : s(st), hop(st.hop.get()), meter{st.o.limits}, a(to_index(st.g->canonical(from))), b(to_index(st.g->canonical(to))) {
    if (st.g->generation() != st.generation) {
      fresh = compile(*st.g, st.o);
      hop = fresh.get();
    }
  }
  [[nodiscard]] weighted_hop weighted() { return {*hop, s.o, meter, s.weight_property}; }
};

}  // namespace

path_search::path_search(const graph& g, path_options o) {
  auto st = std::make_shared<state>(state{&g, std::move(o), nullptr, null_property, g.generation()});
  st->hop = compile(g, st->o);
  if (st->o.weight == weight_kind::property) st->weight_property = g.schema().property(st->o.weight_property);
  s_ = std::move(st);
}

const path_options& path_search::options() const noexcept { return s_->o; }

std::optional<path> shortest_path(const graph& g, entity_id from, entity_id to, const path_options& o) {
  return path_search(g, o).shortest(from, to);
}

std::vector<path> all_shortest_paths(const graph& g, entity_id from, entity_id to, const path_options& o) {
  return path_search(g, o).all_shortest(from, to);
}

std::vector<path> k_shortest_paths(const graph& g, entity_id from, entity_id to, long k, const path_options& o) {
  return path_search(g, o).k_shortest(from, to, k);
}

std::vector<path> all_simple_paths(const graph& g, entity_id from, entity_id to, std::size_t max_length, const path_options& o) {
  return path_search(g, o).all_simple(from, to, max_length);
}

std::optional<path> path_search::shortest(entity_id from, entity_id to) const {
  const auto& g = *s_->g;
  const auto& o = s_->o;
  call p(*s_, from, to);
  if (p.a == p.b) return single(p.a);
  const detail::scratch_lease lease;
  if (o.weight == weight_kind::hops) return bfs_shortest(g, *p.hop, p.meter, p.a, p.b, *lease);
  dijkstra d(g, *lease);
  if (!d.run(p.weighted(), p.a, p.b, false)) return std::nullopt;
  return d.path_to(p.a, p.b);
}

std::vector<path> path_search::all_shortest(entity_id from, entity_id to) const {
  const auto& g = *s_->g;
  call p(*s_, from, to);
  if (p.a == p.b) return {single(p.a)};
  const detail::scratch_lease lease;
  dijkstra d(g, *lease);
  std::vector<path> out;
  if (!d.run(p.weighted(), p.a, p.b, true)) return out;
  // Every path of the predecessor DAG from b back to a.
  struct partial {
    std::uint32_t at;
    std::vector<std::uint32_t> entities;
    std::vector<step_back> steps;
  };
  std::vector<partial> stack{{p.b, {p.b}, {}}};
  while (!stack.empty()) {
    auto cur = std::move(stack.back());
    stack.pop_back();
    if (cur.at == p.a) {
      p.meter.path_made();
      out.push_back(reversed_to_path(std::move(cur.entities), std::move(cur.steps), d.dist(p.b)));
      continue;
    }
    p.meter.visit();  // the walk back is work too: the budget bounds it
    for (const auto& s : d.preds(cur.at)) {
      // Zero-weight relations (confidence 1) tie distances both ways: keep paths simple, or
      // the walk back would go round such a pair for ever.
      if (std::find(cur.entities.begin(), cur.entities.end(), s.next) != cur.entities.end()) continue;
      partial next{s.next, cur.entities, cur.steps};
      next.entities.push_back(s.next);
      next.steps.push_back(s);
      stack.push_back(std::move(next));
    }
  }
  std::sort(out.begin(), out.end(), [](const path& x, const path& y) { return x.relations < y.relations; });
  return out;
}

std::vector<path> path_search::k_shortest(entity_id from, entity_id to, long k) const {
  if (k <= 0) throw query_error("query.bad_k", "k_shortest_paths: k must be positive, got " + std::to_string(k));
  const auto& g = *s_->g;
  call p(*s_, from, to);
  if (p.a == p.b) return {single(p.a)};
  const detail::scratch_lease lease;
  std::vector<path> found;
  {
    dijkstra d(g, *lease);
    if (!d.run(p.weighted(), p.a, p.b, false)) return found;
    found.push_back(d.path_to(p.a, p.b));
  }
  const auto less = [](const path& x, const path& y) {
    if (x.cost != y.cost) return x.cost < y.cost;
    return x.relations != y.relations ? x.relations < y.relations : x.forward < y.forward;
  };
  std::set<path, decltype(less)> candidates(less);
  // Every path found or proposed, by its relations and directions: duplicates in O(log n).
  const auto key_of = [](const path& q) {
    std::vector<std::uint64_t> key;
    key.reserve(q.relations.size());
    for (std::size_t i = 0; i < q.relations.size(); ++i) key.push_back(std::uint64_t{to_index(q.relations[i])} << 1 | q.forward[i]);
    return key;
  };
  std::set<std::vector<std::uint64_t>> known{key_of(found[0])};
  auto& banned_entities = lease->on_path_entities;
  auto& banned_relations = lease->on_path_relations;
  const auto weights = p.weighted();
  while (found.size() < static_cast<std::size_t>(k)) {
    const path last = found.back();
    for (std::size_t i = 0; i + 1 < last.entities.size(); ++i) {
      banned_entities.reset(g.entity_slots());
      banned_relations.reset(g.relation_slots());
      for (const auto& q : found)  // the next relation of every found path sharing this root
        if (q.entities.size() > i + 1 && std::equal(q.entities.begin(), q.entities.begin() + static_cast<std::ptrdiff_t>(i) + 1, last.entities.begin()) &&
            std::equal(q.relations.begin(), q.relations.begin() + static_cast<std::ptrdiff_t>(i), last.relations.begin()))
          banned_relations.insert(to_index(q.relations[i]));
      for (std::size_t j = 0; j < i; ++j) banned_entities.insert(to_index(last.entities[j]));
      weighted_hop spur_hop = weights;
      spur_hop.banned_entities = &banned_entities;
      spur_hop.banned_relations = &banned_relations;
      const auto spur = to_index(last.entities[i]);
      dijkstra d(g, *lease);
      if (!d.run(spur_hop, spur, p.b, false)) continue;
      const auto tail = d.path_to(spur, p.b);
      path total;
      total.entities.assign(last.entities.begin(), last.entities.begin() + static_cast<std::ptrdiff_t>(i));
      total.relations.assign(last.relations.begin(), last.relations.begin() + static_cast<std::ptrdiff_t>(i));
      total.forward.assign(last.forward.begin(), last.forward.begin() + static_cast<std::ptrdiff_t>(i));
      total.entities.insert(total.entities.end(), tail.entities.begin(), tail.entities.end());
      total.relations.insert(total.relations.end(), tail.relations.begin(), tail.relations.end());
      total.forward.insert(total.forward.end(), tail.forward.begin(), tail.forward.end());
      for (auto r : total.relations) total.cost += weights.weight(to_index(r));
      if (!known.insert(key_of(total)).second) continue;
      p.meter.path_made();
      candidates.insert(std::move(total));
    }
    if (candidates.empty()) break;
    found.push_back(std::move(candidates.extract(candidates.begin()).value()));
  }
  return found;
}

std::vector<path> path_search::all_simple(entity_id from, entity_id to, std::size_t max_length) const {
  if (max_length == 0) throw query_error("query.bad_hops", "all_simple_paths: max_length must be at least 1");
  const auto& g = *s_->g;
  call p(*s_, from, to);
  if (p.a == p.b) return {single(p.a)};
  const detail::scratch_lease lease;
  auto& on_path = lease->on_path_entities;
  on_path.reset(g.entity_slots());
  const auto weights = p.weighted();
  // Iterative depth-first search: a frame per entity on the current path, with its neighbours.
  struct choice {
    std::uint32_t entity, relation;
    bool forward;
    double weight;
  };
  struct frame {
    std::vector<choice> next;
    std::size_t at = 0;
  };
  std::vector<path> out;
  path current = single(p.a);
  std::vector<frame> stack;
  const auto open = [&](std::uint32_t v) {
    frame f;
    if (current.length() < max_length) weights.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd, double w) { f.next.push_back({n, r, fwd, w}); });
    stack.push_back(std::move(f));
  };
  on_path.insert(p.a);
  open(p.a);
  while (!stack.empty()) {
    auto& f = stack.back();
    if (f.at == f.next.size()) {  // done here: step back
      stack.pop_back();
      if (current.length() == 0) break;
      on_path.erase(to_index(current.entities.back()));
      current.entities.pop_back();
      current.relations.pop_back();
      current.forward.pop_back();
      continue;
    }
    const choice c = f.next[f.at++];
    if (on_path.contains(c.entity)) continue;
    current.entities.push_back(static_cast<entity_id>(c.entity));
    current.relations.push_back(static_cast<relation_id>(c.relation));
    current.forward.push_back(c.forward);
    if (c.entity == p.b) {
      p.meter.path_made();
      out.push_back(current);
      out.back().cost = 0;
      for (auto r : out.back().relations) out.back().cost += weights.weight(to_index(r));
      current.entities.pop_back();
      current.relations.pop_back();
      current.forward.pop_back();
      continue;
    }
    on_path.insert(c.entity);
    open(c.entity);
  }
  std::stable_sort(out.begin(), out.end(), [](const path& x, const path& y) {
    return x.length() != y.length() ? x.length() < y.length() : x.relations < y.relations;
  });
  return out;
}

DOSSIER_NAMESPACE_END
