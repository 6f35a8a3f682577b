// Binding: a query's calls become a plan of ids, checked once; the rewrites are chosen here.
#include "detail/plan.hpp"
#include "detail/scratch.hpp"

#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

direction reverse(direction d) { return d == direction::out ? direction::in : d == direction::in ? direction::out : direction::both; }

const char* name_of(direction d) { return d == direction::out ? "out" : d == direction::in ? "in" : "both directions"; }

const char* name_of(path_semantics s) {
  return s == path_semantics::walk ? "walk" : s == path_semantics::trail ? "trail" : "acyclic";
}

void check_hops(const hop_options& o) {
  if (o.min_hops > o.max_hops)
    throw query_error("query.bad_hops", "step *" + std::to_string(o.min_hops) + ".." + std::to_string(o.max_hops) +
                                            ": min_hops is greater than max_hops");
  if (o.max_hops == 0) throw query_error("query.bad_hops", "a step with max_hops 0 goes nowhere");
}

type_mask entity_mask(const graph& g, std::string_view type) {
  const entity_type_id types[] = {g.schema().entity_type(type)};
  return g.schema().mask(types);
}

struct binder {
  const graph& g;

  bound_stage operator()(const spec::start_type& s) const { return stage::start_type{s.type, entity_mask(g, s.type)}; }
  bound_stage operator()(const spec::start_ids& s) const {
    stage::start_ids out;
    for (auto id : s.ids) out.ids.push_back(to_index(g.canonical(id)));  // not_found for an id the graph lost
    return out;
  }
  bound_stage operator()(const spec::start_name& s) const {
    if (!s.options.type.empty()) (void)g.schema().entity_type(s.options.type);
    if (!(s.options.min_score >= 0 && s.options.min_score <= 1))
      throw query_error("query.bad_score", "named(): min_score must be within [0, 1]");
    return stage::start_name{s.name, s.options};
  }
  bound_stage operator()(const spec::filter& s) const { return stage::filter{s.keep, s.description}; }
  bound_stage operator()(const spec::expand& s) const {
    const auto& o = s.options;
    check_hops(o);
    stage::expand out;
    out.hop = std::make_unique<bound_hop>(g, relation_filter(g, s.relation_types, o.min_confidence, o.as_of, o.cited_by), s.dir,
                                          o.to_types, o.relation_where, o.entity_where);
    out.min_hops = o.min_hops;
    out.max_hops = o.max_hops;
    out.semantics = o.semantics;
    out.dir = s.dir;
    return out;
  }
  bound_stage operator()(const spec::linked& s) const {
    const auto& o = s.options;
    if (o.max_hops == 0) throw query_error("query.bad_hops", "linked_to needs max_hops of at least 1");
    stage::linked out;
    for (auto t : s.targets) out.targets.push_back(to_index(g.canonical(t)));
    out.hop = std::make_unique<bound_hop>(g, relation_filter(g, o.relation_types, o.min_confidence, o.as_of), reverse(o.dir),
                                          std::vector<std::string>{}, nullptr, nullptr);
    out.max_hops = o.max_hops;
    out.best_evidenced = o.best_evidenced;
    out.dir = o.dir;
    return out;
  }
};

// count_levels and count_trails: one variable-length step without callbacks (they could run a
// query and reuse the rewrites' per-thread buffers), nothing else after the starts.
void choose_single_step(bound_plan& p, std::span<const bound_stage> steps) {
  const auto* e = steps.size() == 1 ? std::get_if<stage::expand>(&steps[0]) : nullptr;
  if (!e || e->hop->relation_where || e->hop->entity_where) return;
  const bool from_one = e->min_hops <= 1;
  // From min_hops <= 1 a set of ends is the set of entities within max_hops: the shortest walk
  // to an entity is a path, and the shortest closed walk back to the start a cycle, which
  // repeats no relation in one direction (in both, it may go and come back on one).
  const bool levels = e->semantics == path_semantics::walk || (from_one && e->semantics == path_semantics::acyclic) ||
                      (from_one && e->semantics == path_semantics::trail && e->dir != direction::both);
  if (!levels && (e->semantics != path_semantics::trail || e->max_hops > bound_plan::max_trail_hops)) return;
  p.for_count_from = levels ? rewrite::count_levels : rewrite::count_trails;
  p.single = {.hop = e->hop.get(),
              .min_hops = e->min_hops,
              .max_hops = e->max_hops,
              .by_level = !from_one,
              .back_to_start = e->semantics != path_semantics::acyclic};
}

// The one place where fast paths are chosen.
void choose_rewrites(bound_plan& p) {
  const auto steps = std::span(p.stages).subspan(p.leading_starts);
  // reverse_linked: a query that opens with from(TYPE).linked_to(...) searches once from the
  // targets and keeps what it reaches of the type, instead of searching from every entity of it.
  if (p.stages.size() >= 2 && std::holds_alternative<stage::start_type>(p.stages[0]) &&
      std::holds_alternative<stage::linked>(p.stages[1])) {
    p.for_results = rewrite::reverse_linked;
    p.for_count = rewrite::reverse_linked;
  }
  // count_chain: 1 to 8 plain one-hop steps (acyclic or walk), nothing else after the starts.
  bool chain = !steps.empty() && steps.size() <= 8;
  for (const auto& s : steps) {
    const auto* e = std::get_if<stage::expand>(&s);
    chain = chain && e && e->min_hops == 1 && e->max_hops == 1 && e->semantics != path_semantics::trail && !e->hop->check_relation &&
            !e->hop->entity_where && !e->hop->filter.as_of();
  }
  if (!chain) {
    choose_single_step(p, steps);
    return;
  }
  p.for_count_from = rewrite::count_chain;
  for (const auto& s : steps) {
    const auto& e = std::get<stage::expand>(s);
    p.chain.hops[p.chain.size] = e.hop.get();
    p.chain.acyclic[p.chain.size++] = e.semantics == path_semantics::acyclic;
  }
}

}  // namespace

bound_hop::bound_hop(const graph& graph_, relation_filter f, direction d, const std::vector<std::string>& to,
                     std::function<bool(const relation_ref&)> rw, std::function<bool(const entity_ref&)> ew)
    : g(&graph_), filter(std::move(f)), dir(d), relation_where(std::move(rw)), entity_where(std::move(ew)) {
  const auto& s = g->schema();
  if (!to.empty()) {
    std::vector<entity_type_id> ids;
    for (const auto& t : to) ids.push_back(s.entity_type(t));
    to_types = s.mask(ids);
    any_to = false;
  }
  // The schema already guarantees the type of what a relation reaches (relate, merge and
  // restore all check endpoints): when every wanted relation type's far end lies inside
  // `to_types`, reached entities need no type test.
  to_implied = any_to || [&] {
    for (std::uint32_t t = 0; t < s.relation_type_count(); ++t) {
      if (!filter.types().test(t)) continue;
      const auto& info = s.info(static_cast<relation_type_id>(t));
      if (dir != direction::in && (is_null(info.range) || !to_types.test(to_index(info.range)))) return false;
      if (dir != direction::out && (is_null(info.domain) || !to_types.test(to_index(info.domain)))) return false;
    }
    return true;
  }();
  check_relation = filter.checks_evidence() || relation_where;
  check_reached = !to_implied || entity_where || filter.as_of();
  if (dir != direction::in) out_x = g->expand(direction::out, filter.types());
  if (dir != direction::out) in_x = g->expand(direction::in, filter.types());
}

const char* name_of(rewrite r) noexcept {
  switch (r) {
    case rewrite::general: return "general";
    case rewrite::count_chain: return "count_chain";
    case rewrite::count_levels: return "count_levels";
    case rewrite::count_trails: return "count_trails";
    case rewrite::reverse_linked: return "reverse_linked";
  }
  return "?";
}

std::unique_ptr<bound_plan> bind_plan(const graph& g, std::span<const std::shared_ptr<const step_spec>> steps, const budget& limits,
                                 std::optional<std::size_t> limit, const std::optional<std::pair<std::string, bool>>& order,
                                 bool dedup_paths, bool rewrites) {
  check_budget(limits);
  auto p = std::make_unique<bound_plan>();
  p->generation = g.generation();
  p->stages.reserve(steps.size());
  const binder bind_one{g};
  for (const auto& s : steps) p->stages.push_back(std::visit(bind_one, s->step));
  while (p->leading_starts < steps.size() && is_start(*steps[p->leading_starts])) ++p->leading_starts;
  p->limits = limits;
  p->limit = limit;
  if (order) {
    const auto pid = g.schema().try_property(order->first);
    if (!pid) throw query_error("query.unknown_property", "unknown property " + quote(order->first) + " in order_by()");
    p->order_property = *pid;
    p->ascending = order->second;
  }
  p->dedup_paths = dedup_paths;
  if (rewrites) choose_rewrites(*p);
  return p;
}

void check_step(const graph& g, const step_spec& s) { (void)std::visit(binder{g}, s.step); }

const bound_plan& plan_cache::get(const query& q) {
  const auto now = q.g_->generation();
  if (generation.load(std::memory_order_acquire) == now) return *current.load(std::memory_order_relaxed);
  std::lock_guard lock(mutex);
  if (plan && generation.load(std::memory_order_relaxed) == now) return *plan;
  plan = bind_plan(*q.g_, q.steps_, q.budget_, q.limit_, q.order_, q.dedup_paths_, q.rewrites_);
  current.store(plan.get(), std::memory_order_relaxed);
  generation.store(now, std::memory_order_release);
  return *plan;
}

// ---- explain_plan ------------------------------------------------------------------------

namespace {
struct describer {
  const graph& g;
  std::string operator()(const stage::start_type& s) const {
    const auto n = s.mask.count();
    return "start: entities of type " + quote(s.name) + (n > 1 ? " and its " + std::to_string(n - 1) + " subtypes" : "");
  }
  std::string operator()(const stage::start_ids& s) const { return "start: " + std::to_string(s.ids.size()) + " given entities"; }
  std::string operator()(const stage::start_name& s) const {
    return std::string("start: entities ") + (s.options.fuzzy ? "named like " : "named ") + quote(s.name) +
           (s.options.type.empty() ? "" : " of type " + quote(s.options.type));
  }
  std::string operator()(const stage::filter& s) const { return "filter: " + s.description; }
  std::string operator()(const stage::expand& s) const {
    std::string hops = s.min_hops == 1 && s.max_hops == 1 ? "1 hop" : std::to_string(s.min_hops) + ".." + std::to_string(s.max_hops) + " hops";
    return "expand: " + hops + " " + name_of(s.dir) + " along " + s.hop->filter.describe(g) + ", " + name_of(s.semantics) +
           (s.hop->any_to ? "" : ", reaching given types") + (s.hop->entity_where ? ", entity filter" : "") +
           (s.hop->relation_where ? ", relation filter" : "");
  }
  std::string operator()(const stage::linked& s) const {
    return "linked_to: " + std::to_string(s.targets.size()) + " target" + (s.targets.size() == 1 ? "" : "s") + " within " +
           std::to_string(s.max_hops) + " hops, " + name_of(s.dir) + ", along " + s.hop->filter.describe(g) +
           (s.best_evidenced ? ", explained by the most confident path" : "");
  }
};
}  // namespace

std::string describe(const graph& g, const bound_plan& p) {
  std::string out = "plan\n";
  for (std::size_t i = 0; i < p.stages.size(); ++i)
    out += "  " + std::to_string(i + 1) + ". " + std::visit(describer{g}, p.stages[i]) + "\n";
  if (p.order_property) out += "  order by " + quote(g.schema().property_name(*p.order_property)) + (p.ascending ? "" : " descending") + "\n";
  if (p.limit) out += "  limit " + std::to_string(*p.limit) + "\n";
  out += std::string("results, ids: ") + name_of(p.for_results) + "\n";
  out += std::string("count: ") + name_of(p.for_count) + "\n";
  out += std::string("count_from, count_each: ") + name_of(p.for_count_from) + "\n";
  out += "results_from, paths: general\n";
  return out;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
