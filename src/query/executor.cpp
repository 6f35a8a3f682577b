// The executor's general plan: start sets, filters and steps, through a path tree.
#include "detail/compare.hpp"
#include "detail/executor.hpp"

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {
thread_local run_buffers shared_buffers;
}  // namespace

executor::executor(const graph& g, const bound_plan& plan)
    : g_(g), plan_(plan), meter_{plan.limits}, buffers_(shared_buffers.depth++ == 0 ? shared_buffers : own_), tree_{buffers_.nodes},
      marks_a_(lease_->a), marks_b_(lease_->b), step_to_target_(lease_->step_to_target), reached_(lease_->reached) {
  buffers_.nodes.clear();
}

executor::~executor() { --shared_buffers.depth; }

std::vector<traverser> executor::take() {
  if (buffers_.spare.empty()) return {};
  auto v = std::move(buffers_.spare.back());
  buffers_.spare.pop_back();
  v.clear();
  return v;
}

void executor::give(std::vector<traverser>&& v) {
  if (v.capacity() && buffers_.spare.size() < 8) buffers_.spare.push_back(std::move(v));
}

std::vector<traverser> executor::run(std::span<const entity_id> starts, bool override_starts, bool all_paths, rewrite r) {
  std::vector<traverser> current = take();
  std::size_t first = 0;
  if (override_starts) {
    // A prepared query run from other starts: its own start stages are replaced.
    first = plan_.leading_starts;
    for (auto e : starts) {
      const auto v = to_index(g_.canonical(e));
      current.push_back({v, tree_.root(v)});
    }
  } else if (r == rewrite::reverse_linked && !all_paths) {
    give(std::move(current));
    current = linked_from_type(std::get<stage::start_type>(plan_.stages[0]), std::get<stage::linked>(plan_.stages[1]));
    first = 2;
  }
  const auto replace = [&](std::vector<traverser>&& next) {
    give(std::move(current));
    current = std::move(next);
  };
  bool previous_was_start = false;
  for (const auto& s : std::span(plan_.stages).subspan(first)) {
    const bool is_start_stage = std::visit(overloaded{[](const stage::start_type&) { return true; },
                                                      [](const stage::start_ids&) { return true; },
                                                      [](const stage::start_name&) { return true; },
                                                      [](const auto&) { return false; }},
                                           s);
    if (is_start_stage) {
      // Several start stages in a row form a union; a start after other stages begins anew.
      current = start(s, std::move(current), !previous_was_start);
      previous_was_start = true;
      continue;
    }
    previous_was_start = false;
    std::visit(overloaded{[&](const stage::filter& f) { replace(filter(f, current)); },
                          [&](const stage::expand& e) { replace(step(e, current, all_paths)); },
                          [&](const stage::linked& l) { replace(linked(l, current)); },
                          [](const auto&) {}},
               s);
  }
  meter_.results(current.size());
  return current;
}

std::vector<traverser> executor::start(const bound_stage& s, std::vector<traverser> current, bool first) {
  std::vector<entity_id> found;
  std::visit(overloaded{[&](const stage::start_type& t) {
                          for (std::uint32_t v = 0; v < g_.entity_slots(); ++v)
                            if (g_.entity_live(v) && t.mask.test(to_index(g_.entity_type_of(v)))) found.push_back(static_cast<entity_id>(v));
                        },
                        [&](const stage::start_ids& t) {
                          for (auto v : t.ids) found.push_back(static_cast<entity_id>(v));
                        },
                        [&](const stage::start_name& t) {
                          const lookup_options o{.type = t.options.type, .min_score = t.options.min_score, .limit = meter_.b.max_results};
                          for (const auto& m : t.options.fuzzy ? g_.lookup_fuzzy(t.name, o) : g_.lookup(t.name, o)) found.push_back(m.entity);
                        },
                        [](const auto&) {}},
             s);
  if (first) current.clear();
  marks_a_.reset(g_.entity_slots());
  for (const auto& t : current) marks_a_.insert(t.entity);
  for (auto e : found)
    if (marks_a_.insert(to_index(e))) current.push_back({to_index(e), tree_.root(to_index(e))});
  return current;
}

std::vector<traverser> executor::filter(const stage::filter& s, const std::vector<traverser>& in) {
  std::vector<traverser> out = take();
  for (const auto& t : in)
    if (s.keep(g_.live_ref(t.entity))) out.push_back(t);
  return out;
}

std::vector<traverser> executor::step(const stage::expand& s, const std::vector<traverser>& in, bool all_paths) {
  const bool by_levels = s.semantics == path_semantics::walk || (s.semantics == path_semantics::acyclic && s.min_hops <= 1);
  if (all_paths || !by_levels) return enumerate_all(s, in, all_paths);
  if (s.max_hops == 1) return one_hop(s, in);
  if (s.semantics == path_semantics::acyclic && in.size() > 1) {
    // Several roots: breadth-first per root, so that one root's visits cannot hide a path from
    // another (a start entity may be reached from a different start).
    std::vector<traverser> result = take();
    auto& seen = lease_->c;  // marks_a_ and marks_b_ serve each root's levels
    seen.reset(g_.entity_slots());
    for (const auto& t : in) {
      auto part = levels(s, std::vector<traverser>{t});
      for (const auto& r : part)
        if (seen.insert(r.entity)) result.push_back(r);
      give(std::move(part));
    }
    return result;
  }
  return levels(s, in);
}

// One hop (from one root or several): a plain union; acyclic excludes self-loops.
std::vector<traverser> executor::one_hop(const stage::expand& s, const std::vector<traverser>& in) {
  const auto& hop = *s.hop;
  const bool acyclic = s.semantics == path_semantics::acyclic;
  std::vector<traverser> result = take();
  auto& in_result = marks_a_;
  in_result.reset(g_.entity_slots());
  if (s.min_hops == 0)
    for (const auto& t : in)
      if (hop.entity_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
  for (const auto& t : in)
    expand_visit(t.entity, hop, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
      if ((acyclic && n == t.entity) || in_result.contains(n) || !hop.reached_ok(n)) return;
      in_result.insert(n);
      result.push_back({n, extend(t.node, n, r, fwd)});
    });
  return result;
}

// Breadth-first levels: exact for walk, and for acyclic from min_hops <= 1 per root.
std::vector<traverser> executor::levels(const stage::expand& s, const std::vector<traverser>& in) {
  const auto& hop = *s.hop;
  std::vector<traverser> result = take();
  auto& level = buffers_.level;
  auto& next = buffers_.next;
  level.assign(in.begin(), in.end());
  auto& in_result = marks_a_;
  in_result.reset(g_.entity_slots());
  auto& in_level = marks_b_;
  const bool walk = s.semantics == path_semantics::walk;
  if (!walk) in_level.reset(g_.entity_slots());  // acyclic: visited across levels (BFS)
  // Acyclic levels run per root (see step()), and never come back to that root.
  const std::uint32_t root = !walk && in.size() == 1 ? in.front().entity : none;
  if (s.min_hops == 0)
    for (const auto& t : in)
      if (hop.entity_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
  for (std::size_t k = 1; k <= s.max_hops && !level.empty(); ++k) {
    if (walk) in_level.reset(g_.entity_slots());
    next.clear();
    for (const auto& t : level)
      expand_visit(t.entity, hop, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
        if (n == root || !in_level.insert(n)) return;  // acyclic: never back to the start
        next.push_back({n, extend(t.node, n, r, fwd)});
      });
    if (k >= s.min_hops)
      for (const auto& t : next)
        if (hop.reached_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
    level.swap(next);
  }
  return result;
}

// Depth-first enumeration of every path of the step from t under its semantics, in the order
// of a stack search (a frame's children are found in adjacency order, then explored last
// first). The current path's entities and relations carry marks, so checking a neighbour
// costs O(1) at any depth (it used to walk the path: 433 s on a 30-node complete graph), and
// tree nodes are made only for paths that are emitted: emit(entity, make_node) calls
// make_node() when it keeps the path.
template <class Emit>
void executor::enumerate(const stage::expand& s, const traverser& t, Emit&& emit) {
  const auto& hop = *s.hop;
  struct frame {
    std::uint32_t entity, relation, depth;
    bool forward;
  };
  struct on_path {
    std::uint32_t entity, relation, node;  // node: none until the path through it is emitted
    bool forward;
  };
  const bool acyclic = s.semantics == path_semantics::acyclic, trail = s.semantics == path_semantics::trail;
  auto& entity_marks = lease_->on_path_entities;
  auto& relation_marks = lease_->on_path_relations;
  entity_marks.reset(g_.entity_slots());
  relation_marks.reset(g_.relation_slots());
  // Counting runs build no paths, so an earlier step's results may come without a node.
  const std::uint32_t base = t.node == none ? tree_.root(t.entity) : t.node;
  std::vector<on_path> path_stack;
  std::vector<frame> stack{{t.entity, none, 0, true}};
  const auto node_at = [&](std::size_t k) {  // materialises the path up to position k
    std::size_t from = k;
    while (path_stack[from].node == none) --from;
    for (std::size_t i = from + 1; i <= k; ++i)
      path_stack[i].node = tree_.extend(path_stack[i - 1].node, path_stack[i].entity, path_stack[i].relation, path_stack[i].forward);
    return path_stack[k].node;
  };
  if (s.min_hops == 0 && hop.entity_ok(t.entity)) emit(t.entity, [&] { return base; });
  while (!stack.empty()) {
    const frame f = stack.back();
    stack.pop_back();
    while (path_stack.size() > f.depth) {  // leave the branch the previous frame was on
      entity_marks.erase(path_stack.back().entity);
      if (path_stack.back().relation != none) relation_marks.erase(path_stack.back().relation);
      path_stack.pop_back();
    }
    path_stack.push_back({f.entity, f.relation, f.depth == 0 ? base : none, f.forward});
    entity_marks.insert(f.entity);
    if (f.relation != none) relation_marks.insert(f.relation);
    if (f.depth == s.max_hops) continue;
    expand_visit(f.entity, hop, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
      if (acyclic && entity_marks.contains(n)) return;
      if (trail && relation_marks.contains(r)) return;
      if (f.depth + 1 >= s.min_hops && hop.reached_ok(n))
        emit(n, [&] { return tree_.extend(node_at(path_stack.size() - 1), n, r, fwd); });
      stack.push_back({n, r, f.depth + 1, fwd});
    });
  }
  // Leave no marks behind for the next root (marks are per run, cleared here in O(depth)).
  for (const auto& p : path_stack) {
    entity_marks.erase(p.entity);
    if (p.relation != none) relation_marks.erase(p.relation);
  }
}

std::vector<traverser> executor::enumerate_all(const stage::expand& s, const std::vector<traverser>& in, bool all_paths) {
  std::vector<traverser> out = take();
  auto& seen = marks_a_;  // enumerate() marks paths with their own sets
  if (!all_paths) seen.reset(g_.entity_slots());
  for (const auto& t : in)
    enumerate(s, t, [&](std::uint32_t e, auto&& make_node) {
      if (all_paths) {
        meter_.path_made();
        out.push_back({e, make_node()});
      } else if (seen.insert(e)) {
        out.push_back({e, track_paths ? make_node() : none});
      }
    });
  return out;
}

// ---- finishing -----------------------------------------------------------------------------

void order_and_limit(const graph& g, const bound_plan& p, std::vector<query_result>& out) {
  if (p.order_property) {
    const auto pid = *p.order_property;
    const auto key = [&](const query_result& r) -> const value* {
      for (const auto& st : r.entity.properties())
        if (st.property == pid) return &st.val;
      return nullptr;
    };
    std::stable_sort(out.begin(), out.end(), [&](const query_result& a, const query_result& b) {
      const value *x = key(a), *y = key(b);
      if (!x || !y) return x != nullptr && y == nullptr;  // entities without the property last
      const auto c = compare_values(*x, *y);
      if (!c) return false;
      return p.ascending ? *c == std::partial_ordering::less : *c == std::partial_ordering::greater;
    });
  }
  if (p.limit && out.size() > *p.limit) out.erase(out.begin() + static_cast<std::ptrdiff_t>(*p.limit), out.end());
  (void)g;
}

std::vector<query_result> executor::shape(std::vector<query_result> out) const {
  order_and_limit(g_, plan_, out);
  return out;
}

std::vector<query_result> executor::finish(std::vector<traverser> current) {
  std::vector<query_result> out;
  out.reserve(current.size());
  for (const auto& t : current) {
    out.push_back({g_.live_ref(t.entity), {}});  // results are live: they came from the graph
    tree_.build_into(t.node, out.back().path);
  }
  give(std::move(current));
  return shape(std::move(out));
}

}  // namespace detail

DOSSIER_NAMESPACE_END
