#include <dossier/query.hpp>
#include <dossier/views.hpp>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <atomic>
#include <mutex>
#include <queue>
#include <set>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace {

constexpr std::uint32_t none = detail::npos32;

std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }

[[noreturn]] void over_budget(const char* limit, std::size_t value) {
  throw budget_exceeded("query exceeded its budget: more than " + std::to_string(value) + " " + limit +
                        " (raise budget::" +
                        (std::string(limit) == "entities visited" ? "max_visited"
                         : std::string(limit) == "paths produced" ? "max_paths"
                                                                  : "max_results") +
                        " with query::with_budget or path_options::limits)");
}

struct budget_meter {
  budget b;
  std::size_t visited = 0, paths = 0;
  void visit(std::size_t n = 1) {
    visited += n;
    if (visited > b.max_visited) over_budget("entities visited", b.max_visited);
  }
  void path_made() {
    if (++paths > b.max_paths) over_budget("paths produced", b.max_paths);
  }
};

void check_budget(const budget& b) {
  if (b.max_visited == 0 || b.max_paths == 0 || b.max_results == 0)
    throw query_error("a budget of zero allows no work: max_visited, max_paths and max_results must be positive");
}

// Reusable per-thread scratch: epoch-stamped visited marks, so queries never clear O(V) arrays.
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
  [[nodiscard]] bool contains(std::uint32_t v) const { return stamp[v] == epoch; }
};

// A compiled hop filter: masks resolved, expansions prepared.
struct compiled_hop {
  const graph* g = nullptr;
  type_mask relations;
  type_mask to_types;
  bool any_to = true;
  bool to_implied = true;  // any entity reached through `relations` satisfies `to_types`
  direction dir = direction::out;
  double min_confidence = 0;
  std::optional<date> as_of;
  std::optional<std::uint32_t> cited_by;
  std::function<bool(const relation_ref&)> relation_where;
  std::function<bool(const entity_ref&)> entity_where;
  bool check_relation = false;
  expansion out_x, in_x;

  compiled_hop(const graph& graph_, const std::vector<std::string>& relation_types, direction d,
               const std::vector<std::string>& to, double min_conf, std::optional<date> asof, std::optional<source_id> cited,
               std::function<bool(const relation_ref&)> rw, std::function<bool(const entity_ref&)> ew)
      : g(&graph_), dir(d), min_confidence(min_conf), as_of(asof), relation_where(std::move(rw)), entity_where(std::move(ew)) {
    const auto& s = g->schema();
    if (relation_types.empty()) {
      relations = type_mask(s.relation_type_count());
      for (std::uint32_t t = 0; t < s.relation_type_count(); ++t) relations.set(t);
    } else {
      std::vector<relation_type_id> ids;
      for (const auto& t : relation_types) ids.push_back(s.relation_type(t));
      relations = s.mask(ids);
    }
    if (!to.empty()) {
      std::vector<entity_type_id> ids;
      for (const auto& t : to) ids.push_back(s.entity_type(t));
      to_types = s.mask(ids);
      any_to = false;
    }
    if (!(min_conf >= 0 && min_conf <= 1))
      throw query_error("minimum confidence " + std::to_string(min_conf) + " is outside [0, 1]");
    if (cited) {
      const auto c = g->canonical(*cited);
      if (!g->is_source(c)) throw query_error("cited_by: entity " + std::to_string(to_index(c)) + " is not a source");
      cited_by = to_index(c);
    }
    check_relation = min_confidence > 0 || as_of || cited_by || relation_where;
    // The schema already guarantees the type of what a relation reaches (relate, merge and
    // load all check endpoints): when every wanted relation type's far end lies inside
    // `to_types`, reached entities need no type test.
    to_implied = any_to || [&] {
      for (std::uint32_t t = 0; t < s.relation_type_count(); ++t) {
        if (!relations.test(t)) continue;
        const auto& info = s.info(static_cast<relation_type_id>(t));
        if (dir != direction::in && (is_null(info.range) || !to_types.test(to_index(info.range)))) return false;
        if (dir != direction::out && (is_null(info.domain) || !to_types.test(to_index(info.domain)))) return false;
      }
      return true;
    }();
    // Expansions point at `relations`: compiled_hop is never moved after construction.
    if (dir != direction::in) out_x = g->expand(direction::out, relations);
    if (dir != direction::out) in_x = g->expand(direction::in, relations);
  }
  compiled_hop(const compiled_hop&) = delete;

  [[nodiscard]] bool relation_ok(std::uint32_t r) const {
    if (!check_relation) return true;
    const auto& ev = g->relation_evidence(r);
    if (min_confidence > 0 && ev.confidence() < min_confidence) return false;
    if (as_of && !ev.valid.holds_at(*as_of)) return false;
    if (cited_by && !ev.cited_by(static_cast<source_id>(*cited_by))) return false;
    if (relation_where && !relation_where(g->get(static_cast<relation_id>(r)))) return false;
    return true;
  }
  // For an entity reached through one of the hop's relations.
  [[nodiscard]] bool reached_ok(std::uint32_t v) const {
    if (!to_implied && !to_types.test(to_index(g->entity_type_of(v)))) return false;
    if (entity_where && !entity_where(g->get(static_cast<entity_id>(v)))) return false;
    return true;
  }
  // For any entity (a start entity kept by a zero-length step).
  [[nodiscard]] bool entity_ok(std::uint32_t v) const {
    if (!any_to && !to_types.test(to_index(g->entity_type_of(v)))) return false;
    if (entity_where && !entity_where(g->get(static_cast<entity_id>(v)))) return false;
    return true;
  }
  // f(neighbor, relation, forward)
  template <class F>
  void neighbors(std::uint32_t v, F&& f) const {
    if (dir != direction::in) out_x(v, [&](std::uint32_t n, std::uint32_t r) { if (relation_ok(r)) f(n, r, true); });
    if (dir != direction::out) in_x(v, [&](std::uint32_t n, std::uint32_t r) { if (relation_ok(r)) f(n, r, false); });
  }
};

// Parent-pointer path tree: every traverser points at a node, paths are rebuilt on demand.
struct path_node {
  std::uint32_t entity, relation, parent;
  bool forward;
};
using detail::traverser;

struct path_tree {
  std::vector<path_node>& nodes;
  std::uint32_t root(std::uint32_t entity) {
    nodes.push_back({entity, none, none, true});
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  std::uint32_t extend(std::uint32_t parent, std::uint32_t entity, std::uint32_t relation, bool forward) {
    nodes.push_back({entity, relation, parent, forward});
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  [[nodiscard]] path build(std::uint32_t node) const {
    path p;
    build_into(node, p);
    return p;
  }
  void build_into(std::uint32_t node, path& p) const {
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
  // Entities and relations on the way from the step's start (`stop`, exclusive) to `node`.
  [[nodiscard]] bool on_segment(std::uint32_t node, std::uint32_t stop, std::uint32_t entity, std::uint32_t relation) const {
    for (auto at = node; at != none; at = nodes[at].parent) {
      if (entity != none && nodes[at].entity == entity) return true;
      if (at == stop) break;
      if (relation != none && nodes[at].relation == relation) return true;
    }
    return false;
  }
};

}  // namespace

// ---- predicates ---------------------------------------------------------------------------

namespace {
std::optional<std::partial_ordering> compare_values(const value& a, const value& b) {
  if (a.kind() == value_kind::date && b.kind() == value_kind::date) return a.as_date().compare_precise(b.as_date());
  if ((a.kind() == value_kind::integer || a.kind() == value_kind::real) &&
      (b.kind() == value_kind::integer || b.kind() == value_kind::real))
    return a.as_real() <=> b.as_real();
  if (a.kind() == value_kind::string && b.kind() == value_kind::string) return a.as_string() <=> b.as_string();
  if (a.kind() == value_kind::money && b.kind() == value_kind::money &&
      a.as_money().currency_code() == b.as_money().currency_code()) {
    const auto& x = a.as_money();
    const auto& y = b.as_money();
    if (x.high() < y.low()) return std::partial_ordering::less;
    if (x.low() > y.high()) return std::partial_ordering::greater;
    if (x == y) return std::partial_ordering::equivalent;
    return std::partial_ordering::unordered;
  }
  return std::nullopt;
}
// Lists (multi-valued properties) match when any element matches.
bool any_of_value(const value& v, const std::function<bool(const value&)>& f) {
  if (v.kind() == value_kind::list) {
    const auto& items = v.as_list();
    return std::any_of(items.begin(), items.end(), f);
  }
  return f(v);
}
}  // namespace

predicate eq(value v) {
  auto d = "= " + v.to_string();
  return {[v = std::move(v)](const value& x) { return any_of_value(x, [&](const value& y) { return y == v; }); }, d};
}
predicate between(value low, value high) {
  auto d = "between " + low.to_string() + " and " + high.to_string();
  return {[low = std::move(low), high = std::move(high)](const value& x) {
            return any_of_value(x, [&](const value& y) {
              const auto a = compare_values(y, low), b = compare_values(y, high);
              return a && b && (*a == std::partial_ordering::greater || *a == std::partial_ordering::equivalent) &&
                     (*b == std::partial_ordering::less || *b == std::partial_ordering::equivalent);
            });
          },
          d};
}
predicate greater_than(value v) {
  auto d = "> " + v.to_string();
  return {[v = std::move(v)](const value& x) {
            return any_of_value(x, [&](const value& y) { auto c = compare_values(y, v); return c && *c == std::partial_ordering::greater; });
          },
          d};
}
predicate less_than(value v) {
  auto d = "< " + v.to_string();
  return {[v = std::move(v)](const value& x) {
            return any_of_value(x, [&](const value& y) { auto c = compare_values(y, v); return c && *c == std::partial_ordering::less; });
          },
          d};
}
predicate contains(std::string text) {
  auto needle = normalize_name(text);
  return {[needle](const value& x) {
            return any_of_value(x, [&](const value& y) {
              return y.kind() == value_kind::string && normalize_name(y.as_string()).find(needle) != std::string::npos;
            });
          },
          "contains " + q(text)};
}
predicate starts_with(std::string text) {
  auto needle = normalize_name(text);
  return {[needle](const value& x) {
            return any_of_value(x, [&](const value& y) {
              return y.kind() == value_kind::string && normalize_name(y.as_string()).starts_with(needle);
            });
          },
          "starts with " + q(text)};
}
predicate before(date d) {
  return {[d](const value& x) { return any_of_value(x, [&](const value& y) { return y.kind() == value_kind::date && y.as_date().before(d); }); },
          "before " + d.to_string()};
}
predicate after(date d) {
  return {[d](const value& x) { return any_of_value(x, [&](const value& y) { return y.kind() == value_kind::date && y.as_date().after(d); }); },
          "after " + d.to_string()};
}

// ---- pipeline stages -----------------------------------------------------------------------

// What count_from and count_each run for a chain of plain one-hop steps: the compiled hops,
// looked up once per graph generation and cached on the query's last stage (every query that
// ends with a given stage has the same stages before it).
struct query::chain_plan {
  static constexpr std::size_t max_steps = 8;
  bool usable = false;
  std::size_t steps = 0;
  const compiled_hop* hops[max_steps] = {};
  bool acyclic[max_steps] = {};
  const detail::adjacency::type_table* plain[max_steps] = {};  // the single CSR, when there is one
};

struct query::stage {
  enum class kind { start_type, start_ids, start_name, filter, step, linked } k;
  // start
  std::string type;
  std::vector<entity_id> ids;
  std::string name;
  name_options names;
  // filter
  std::function<bool(const entity_ref&)> keep;
  // step
  std::vector<std::string> relation_types;
  direction dir = direction::out;
  hop_options hop;
  // linked
  std::vector<entity_id> targets;
  linked_options linked;

  // The compiled hop (masks and prepared expansions), cached until the graph's adjacency
  // changes, so that a query run many times compiles once. Guarded for concurrent runs.
  // Readers take the fast path without locking: the cache is only replaced after the graph
  // changed, and queries may not run concurrently with changes to their graph.
  mutable std::mutex cache_mutex;
  mutable std::shared_ptr<const compiled_hop> cached;
  mutable std::atomic<const compiled_hop*> cached_raw{nullptr};
  mutable std::atomic<std::uint64_t> cached_generation{~std::uint64_t{0}};
  mutable chain_plan plan;  // see chain_plan; guarded like the compiled hop, by its own mutex
  mutable std::mutex plan_mutex;  // (building a plan takes cache_mutex of every step)
  mutable std::atomic<std::uint64_t> plan_generation{~std::uint64_t{0}};

  const compiled_hop& compiled(const graph& g) const {
    if (cached_generation.load(std::memory_order_acquire) == g.generation()) return *cached_raw.load(std::memory_order_relaxed);
    std::lock_guard lock(cache_mutex);
    if (cached && cached_generation.load(std::memory_order_relaxed) == g.generation()) return *cached;
    if (k == kind::step) {
      cached = std::make_shared<const compiled_hop>(g, relation_types, dir, hop.to_types, hop.min_confidence, hop.as_of,
                                                    hop.cited_by, hop.relation_where, hop.entity_where);
    } else {
      const auto& o = linked;
      const direction reverse = o.dir == direction::out ? direction::in : o.dir == direction::in ? direction::out : direction::both;
      cached = std::make_shared<const compiled_hop>(g, o.relation_types, reverse, std::vector<std::string>{}, o.min_confidence,
                                                    o.as_of, std::nullopt, nullptr, nullptr);
    }
    cached_raw.store(cached.get(), std::memory_order_relaxed);
    cached_generation.store(g.generation(), std::memory_order_release);
    return *cached;
  }
};

query::query(const graph& g) : g_(&g) {}

query& query::from(std::string_view type) {
  (void)g_->schema().entity_type(type);  // fail now, naming the type
  auto s = std::make_shared<stage>();
  s->k = stage::kind::start_type;
  s->type = std::string(type);
  stages_.push_back(std::move(s));
  return *this;
}
query& query::from(entity_id id) { return from(std::span<const entity_id>(&id, 1)); }
query& query::from(std::span<const entity_id> ids) {
  auto s = std::make_shared<stage>();
  s->k = stage::kind::start_ids;
  for (auto id : ids) s->ids.push_back(g_->canonical(id));  // throws not_found for a bad id
  stages_.push_back(std::move(s));
  return *this;
}
query& query::named(std::string_view name, name_options options) {
  if (!options.type.empty()) (void)g_->schema().entity_type(options.type);
  if (!(options.min_score >= 0 && options.min_score <= 1)) throw query_error("name min_score must be within [0, 1]");
  auto s = std::make_shared<stage>();
  s->k = stage::kind::start_name;
  s->name = std::string(name);
  s->names = std::move(options);
  stages_.push_back(std::move(s));
  return *this;
}
query& query::is_a(std::string_view type) {
  const entity_type_id t = g_->schema().entity_type(type);
  const entity_type_id ts[] = {t};
  return where([mask = g_->schema().mask(ts)](const entity_ref& e) { return mask.test(to_index(e.type())); });
}
query& query::where(std::string_view property, predicate p) {
  if (!g_->schema().try_property(property)) throw query_error("unknown property " + q(property) + " in where()");
  return where([name = std::string(property), p = std::move(p)](const entity_ref& e) {
    for (const auto* s : e.statements(name))
      if (p.test(s->val)) return true;
    return false;
  });
}
query& query::where(std::function<bool(const entity_ref&)> f) {
  auto s = std::make_shared<stage>();
  s->k = stage::kind::filter;
  s->keep = std::move(f);
  stages_.push_back(std::move(s));
  return *this;
}
query& query::add_step(direction dir, std::vector<std::string> types, hop_options options) {
  if (options.min_hops > options.max_hops)
    throw query_error("step *" + std::to_string(options.min_hops) + ".." + std::to_string(options.max_hops) +
                      ": min_hops is greater than max_hops");
  if (options.max_hops == 0) throw query_error("step with max_hops 0 goes nowhere");
  for (const auto& t : types) (void)g_->schema().relation_type(t);
  for (const auto& t : options.to_types) (void)g_->schema().entity_type(t);
  if (!(options.min_confidence >= 0 && options.min_confidence <= 1))
    throw query_error("minimum confidence " + std::to_string(options.min_confidence) + " is outside [0, 1]");
  auto s = std::make_shared<stage>();
  s->k = stage::kind::step;
  s->dir = dir;
  s->relation_types = std::move(types);
  s->hop = std::move(options);
  stages_.push_back(std::move(s));
  return *this;
}
query& query::out(std::vector<std::string> t, hop_options o) { return add_step(direction::out, std::move(t), std::move(o)); }
query& query::in(std::vector<std::string> t, hop_options o) { return add_step(direction::in, std::move(t), std::move(o)); }
query& query::both(std::vector<std::string> t, hop_options o) { return add_step(direction::both, std::move(t), std::move(o)); }
query& query::linked_to(std::vector<entity_id> targets, linked_options options) {
  for (auto& t : targets) t = g_->canonical(t);
  for (const auto& t : options.relation_types) (void)g_->schema().relation_type(t);
  if (options.max_hops == 0) throw query_error("linked_to needs max_hops of at least 1");
  if (!(options.min_confidence >= 0 && options.min_confidence <= 1))
    throw query_error("linked_to minimum confidence is outside [0, 1]");
  auto s = std::make_shared<stage>();
  s->k = stage::kind::linked;
  s->targets = std::move(targets);
  s->linked = std::move(options);
  stages_.push_back(std::move(s));
  return *this;
}
query& query::linked_to(const query& targets, linked_options options) {
  if (targets.g_ != g_) throw query_error("linked_to: the target query runs on another graph");
  return linked_to(targets.ids(), std::move(options));
}
query& query::dedup() { dedup_paths_ = true; return *this; }
query& query::limit(std::size_t n) { limit_ = n; return *this; }
query& query::order_by(std::string_view property, bool ascending) {
  if (!g_->schema().try_property(property)) throw query_error("unknown property " + q(property) + " in order_by()");
  order_ = {std::string(property), ascending};
  return *this;
}
query& query::with_budget(budget b) {
  check_budget(b);
  budget_ = b;
  return *this;
}

// ---- execution -----------------------------------------------------------------------------

namespace {
// One step from an entity toward a linked_to target.
struct toward {
  std::uint32_t next = none, relation = none;
  bool forward = true;
};
// Per-run scratch (visited marks, BFS parents), leased from a per-thread pool: reused across runs
// without clearing, and never shared by a run nested in another (a callback that runs a query).
struct scratch {
  stamp_set a, b;
  std::vector<std::tuple<std::uint32_t, std::uint32_t, bool>> parent;
  // linked_to's reverse search: entity-indexed, so it is kept between runs rather than
  // allocated and cleared per run (entries are valid only where `b` marks them).
  std::vector<toward> step_to_target;
  std::vector<std::uint32_t> reached;
};
thread_local std::vector<std::unique_ptr<scratch>> scratch_pool;

class scratch_lease {
 public:
  scratch_lease() {
    if (scratch_pool.empty()) {
      s_ = std::make_unique<scratch>();
    } else {
      s_ = std::move(scratch_pool.back());
      scratch_pool.pop_back();
    }
  }
  ~scratch_lease() { scratch_pool.push_back(std::move(s_)); }
  scratch_lease(const scratch_lease&) = delete;
  scratch& operator*() const noexcept { return *s_; }

 private:
  std::unique_ptr<scratch> s_;
};

// Buffers reused by successive runs on a thread, so a prepared query allocates almost nothing.
// A run nested inside another (a callback running a query) gets fresh buffers.
struct run_buffers {
  std::vector<path_node> nodes;
  std::vector<traverser> level, next;
  std::vector<std::vector<traverser>> spare;  // result vectors kept with their capacity
  int depth = 0;
};
thread_local run_buffers shared_buffers;
}  // namespace

// One run of a query: its budget meter, path tree and reverse-search state.
struct query::executor {
  executor(const graph& graph_, const budget& b)
      : g(graph_), meter{b}, buffers(shared_buffers.depth++ == 0 ? shared_buffers : own), tree{buffers.nodes},
        scratch_a((*lease).a), scratch_b((*lease).b) {
    buffers.nodes.clear();
  }
  ~executor() { --shared_buffers.depth; }
  executor(const executor&) = delete;
  const graph& g;
  budget_meter meter;
  run_buffers own;
  run_buffers& buffers;
  path_tree tree;
  scratch_lease lease;
  stamp_set& scratch_a;
  stamp_set& scratch_b;
  bool track_paths = true;  // false when only the number of results is wanted

  std::vector<traverser> take() {
    if (buffers.spare.empty()) return {};
    auto v = std::move(buffers.spare.back());
    buffers.spare.pop_back();
    v.clear();
    return v;
  }
  void give(std::vector<traverser>&& v) {
    if (v.capacity() && buffers.spare.size() < 8) buffers.spare.push_back(std::move(v));
  }
  std::uint32_t extend(std::uint32_t parent, std::uint32_t entity, std::uint32_t relation, bool forward) {
    return track_paths ? tree.extend(parent, entity, relation, forward) : none;
  }

  std::vector<traverser> start(const query::stage& s, std::vector<traverser> current, bool first) {
    std::vector<entity_id> found;
    if (s.k == query::stage::kind::start_type) {
      found = g.entities(s.type);
    } else if (s.k == query::stage::kind::start_ids) {
      found = s.ids;
    } else {
      lookup_options o{.type = s.names.type, .min_score = s.names.min_score, .limit = meter.b.max_results};
      const auto matches = s.names.fuzzy ? g.lookup_fuzzy(s.name, o) : g.lookup(s.name, o);
      for (const auto& m : matches) found.push_back(m.entity);
    }
    // Several start stages in a row form a union.
    if (first) current.clear();
    scratch_a.reset(g.entity_slots());
    for (const auto& t : current) scratch_a.insert(t.entity);
    for (auto e : found)
      if (scratch_a.insert(to_index(e))) current.push_back({to_index(e), tree.root(to_index(e))});
    return current;
  }

  std::vector<traverser> filter(const query::stage& s, const std::vector<traverser>& in) {
    std::vector<traverser> out;
    for (const auto& t : in)
      if (s.keep(g.get(static_cast<entity_id>(t.entity)))) out.push_back(t);
    return out;
  }

  // Breadth-first levels: exact for walk, and for acyclic/trail from min_hops <= 1 per root.
  std::vector<traverser> step_levels(const compiled_hop& hop, const hop_options& o, const std::vector<traverser>& in) {
    std::vector<traverser> result = take();
    auto& level = buffers.level;
    auto& next = buffers.next;
    level.assign(in.begin(), in.end());
    auto& in_result = scratch_a;
    in_result.reset(g.entity_slots());
    auto& in_level = scratch_b;
    const bool walk = o.semantics == path_semantics::walk;
    if (!walk) in_level.reset(g.entity_slots());  // acyclic: visited across levels (BFS)
    // Acyclic levels run per root (see step()), and never come back to that root.
    const std::uint32_t root = !walk && in.size() == 1 ? in.front().entity : none;
    if (o.min_hops == 0)
      for (const auto& t : in)
        if (hop.entity_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
    for (std::size_t k = 1; k <= o.max_hops && !level.empty(); ++k) {
      if (walk) in_level.reset(g.entity_slots());
      next.clear();
      for (const auto& t : level) {
        meter.visit();
        hop.neighbors(t.entity, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
          if (n == root) return;  // acyclic: never back to the start
          if (!in_level.insert(n)) return;
          next.push_back({n, extend(t.node, n, r, fwd)});
        });
      }
      if (k >= o.min_hops)
        for (const auto& t : next)
          if (hop.reached_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
      level.swap(next);
    }
    return result;
  }


  // Depth-first enumeration of every path of the step under its semantics; calls emit(node).
  template <class Emit>
  void enumerate(const compiled_hop& hop, const hop_options& o, const traverser& t, Emit&& emit) {
    struct frame {
      std::uint32_t entity, node, depth;
    };
    // Counting runs build no paths, so an earlier step's results may come without a node; the
    // segment checks below need one for this step's start (found by fuzz/query_fuzz).
    const std::uint32_t base = t.node == none ? tree.root(t.entity) : t.node;
    std::vector<frame> stack{{t.entity, base, 0}};
    if (o.min_hops == 0 && hop.entity_ok(t.entity)) emit(base);
    while (!stack.empty()) {
      const frame f = stack.back();
      stack.pop_back();
      if (f.depth == o.max_hops) continue;
      meter.visit();
      hop.neighbors(f.entity, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
        if (o.semantics == path_semantics::acyclic && tree.on_segment(f.node, base, n, none)) return;
        if (o.semantics == path_semantics::trail && tree.on_segment(f.node, base, none, r)) return;
        const auto node = tree.extend(f.node, n, r, fwd);
        if (f.depth + 1 >= o.min_hops && hop.reached_ok(n)) emit(node);
        stack.push_back({n, node, f.depth + 1});
      });
    }
  }

  std::vector<traverser> step(const query::stage& s, const std::vector<traverser>& in, bool all_paths) {
    const auto& o = s.hop;
    const compiled_hop& hop = s.compiled(g);
    const bool levels = o.semantics == path_semantics::walk || (o.semantics == path_semantics::acyclic && o.min_hops <= 1);
    if (!all_paths && levels) {
      if (o.semantics == path_semantics::acyclic && in.size() > 1 && o.max_hops > 1) {
        // Several roots: breadth-first per root, so that one root's visits cannot hide a
        // path from another (a start entity may be reached from a different start).
        std::vector<traverser> result;
        std::set<std::uint32_t> seen;
        for (const auto& t : in)
          for (const auto& r : step_levels(hop, o, {t}))
            if (seen.insert(r.entity).second) result.push_back(r);
        return result;
      }
      if (o.max_hops == 1) {
        // One hop (from one root or several): a plain union; acyclic excludes self-loops.
        const bool acyclic = o.semantics == path_semantics::acyclic;
        std::vector<traverser> result = take();
        auto& in_result = scratch_a;
        in_result.reset(g.entity_slots());
        if (o.min_hops == 0)
          for (const auto& t : in)
            if (hop.entity_ok(t.entity) && in_result.insert(t.entity)) result.push_back(t);
        for (const auto& t : in) {
          meter.visit();
          hop.neighbors(t.entity, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
            if ((acyclic && n == t.entity) || in_result.contains(n) || !hop.reached_ok(n)) return;
            in_result.insert(n);
            result.push_back({n, extend(t.node, n, r, fwd)});
          });
        }
        return result;
      }
      return step_levels(hop, o, in);
    }
    std::vector<traverser> out;
    std::set<std::uint32_t> seen;
    for (const auto& t : in) {
      enumerate(hop, o, t, [&](std::uint32_t node) {
        const auto e = tree.nodes[node].entity;
        if (all_paths) {
          meter.path_made();
          out.push_back({e, node});
        } else if (seen.insert(e).second) {
          out.push_back({e, node});
        }
      });
    }
    return out;
  }

  // Reverse search from the targets: a start entity reaches a target along `dir` exactly when
  // the target reaches it along the reverse direction. Fills `reached` (in discovery order)
  // and the per-entity step toward a target.
  std::vector<toward>& step_to_target_ = (*lease).step_to_target;  // by entity slot, valid where reached
  std::vector<std::uint32_t>& reached_ = (*lease).reached;         // entities that reach a target
  // Best-evidenced search keeps, per layer k, the entities improved with k hops.
  std::vector<std::unordered_map<std::uint32_t, toward>> layers_;
  std::unordered_map<std::uint32_t, std::uint32_t> last_layer_;  // entity -> layer of its best cost

  void search_targets(const query::stage& s) {
    const auto& o = s.linked;
    const compiled_hop& hop = s.compiled(g);
    auto& seen = scratch_b;
    seen.reset(g.entity_slots());
    if (step_to_target_.size() < g.entity_slots()) step_to_target_.resize(g.entity_slots());
    reached_.clear();
    for (auto t : s.targets)
      if (seen.insert(to_index(t))) {
        reached_.push_back(to_index(t));
        step_to_target_[to_index(t)] = {};
      }
    if (!o.best_evidenced) {
      // Breadth-first: every entity keeps the step of its first (shortest) discovery.
      std::size_t level_begin = 0;
      for (std::size_t k = 1; k <= o.max_hops; ++k) {
        const std::size_t level_end = reached_.size();
        if (level_begin == level_end) break;
        for (std::size_t i = level_begin; i < level_end; ++i) {
          const auto v = reached_[i];
          meter.visit();
          hop.neighbors(v, [&](std::uint32_t u, std::uint32_t r, bool fwd) {
            if (!seen.insert(u)) return;
            step_to_target_[u] = {v, r, !fwd};
            reached_.push_back(u);
          });
        }
        level_begin = level_end;
      }
      return;
    }
    // Hop-bounded Bellman-Ford on cost -log(confidence), exact: layer k holds the entities whose
    // best cost within k hops improved at k, with the predecessor at layer k - 1 or earlier.
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::unordered_map<std::uint32_t, double> cost;
    layers_.assign(o.max_hops + 1, {});
    last_layer_.clear();
    std::vector<std::uint32_t> changed;
    for (auto v : reached_) {
      cost[v] = 0;
      layers_[0][v] = {};
      last_layer_[v] = 0;
      changed.push_back(v);
    }
    for (std::size_t k = 1; k <= o.max_hops && !changed.empty(); ++k) {
      std::unordered_map<std::uint32_t, std::pair<double, toward>> updates;
      for (auto v : changed) {
        meter.visit();
        const double base = cost[v];
        hop.neighbors(v, [&](std::uint32_t u, std::uint32_t r, bool fwd) {
          const double c = g.relation_evidence(r).confidence();
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
    }
  }

  // Appends to `node` the steps from entity `at` to a target.
  std::uint32_t walk_to_target(const query::stage& s, std::uint32_t node, std::uint32_t at) {
    if (!s.linked.best_evidenced) {
      for (auto st = step_to_target_[at]; st.next != none; st = step_to_target_[at]) {
        node = tree.extend(node, st.next, st.relation, st.forward);
        at = st.next;
      }
      return node;
    }
    std::uint32_t layer = last_layer_.at(at);
    while (layer > 0) {
      const auto st = layers_[layer].at(at);
      node = tree.extend(node, st.next, st.relation, st.forward);
      at = st.next;
      // The predecessor's best within layer - 1 hops: its last improvement at or below that layer.
      std::uint32_t j = layer - 1;
      while (j > 0 && !layers_[j].count(at)) --j;
      layer = j;
    }
    return node;
  }

  std::vector<traverser> linked(const query::stage& s, const std::vector<traverser>& in) {
    search_targets(s);
    std::vector<traverser> out = take();
    for (const auto& t : in)
      if (scratch_b.contains(t.entity)) out.push_back({t.entity, track_paths ? walk_to_target(s, t.node, t.entity) : t.node});
    return out;
  }

  // from(TYPE).linked_to(...): walk the entities that reach a target instead of every entity of the type.
  std::vector<std::uint32_t> linked_hits(const query::stage& start, const query::stage& s) {
    const entity_type_id types[] = {g.schema().entity_type(start.type)};
    const auto mask = g.schema().mask(types);
    search_targets(s);
    std::vector<std::uint32_t> hits;
    for (auto v : reached_)
      if (mask.test(to_index(g.entity_type_of(v)))) hits.push_back(v);
    std::sort(hits.begin(), hits.end());  // id order, as from(TYPE) would list them
    return hits;
  }
  std::vector<traverser> linked_from_type(const query::stage& start, const query::stage& s) {
    std::vector<traverser> out = take();
    for (auto v : linked_hits(start, s)) out.push_back({v, track_paths ? walk_to_target(s, tree.root(v), v) : none});
    return out;
  }
  // The whole of from(TYPE).linked_to(...) (shortest explanations): results with their paths
  // read straight from the reverse search, without a path tree.
  std::vector<query_result> linked_results(const query::stage& start, const query::stage& s) {
    const auto hits = linked_hits(start, s);
    std::vector<query_result> out;
    out.reserve(hits.size());
    for (auto v : hits) {
      out.push_back({g.live_ref(v), {}});
      auto& p = out.back().path;
      p.entities.push_back(static_cast<entity_id>(v));
      for (auto st = step_to_target_[v]; st.next != none; st = step_to_target_[st.next]) {
        p.relations.push_back(static_cast<relation_id>(st.relation));
        p.forward.push_back(st.forward);
        p.entities.push_back(static_cast<entity_id>(st.next));
      }
      p.cost = static_cast<double>(p.relations.size());
    }
    return out;
  }
};


std::vector<traverser> query::run(executor& x, std::span<const entity_id> starts, bool override_starts, bool all_paths) const {
  check_budget(budget_);
  if (stages_.empty()) throw query_error("query has no start set: call from(), named() first");
  std::vector<traverser> current = x.take();
  std::size_t first = 0;
  if (override_starts) {
    // A prepared query run from other starts: its own start stages are replaced.
    while (first < stages_.size() && (stages_[first]->k == stage::kind::start_type || stages_[first]->k == stage::kind::start_ids ||
                                      stages_[first]->k == stage::kind::start_name))
      ++first;
    for (auto e : starts) {
      const auto v = to_index(g_->canonical(e));
      current.push_back({v, x.tree.root(v)});
    }
  } else if (!all_paths && stages_.size() >= 2 && stages_[0]->k == stage::kind::start_type && stages_[1]->k == stage::kind::linked) {
    x.give(std::move(current));
    current = x.linked_from_type(*stages_[0], *stages_[1]);
    first = 2;
  }
  const auto replace = [&](std::vector<traverser>&& next) {
    x.give(std::move(current));
    current = std::move(next);
  };
  bool previous_was_start = false;
  for (const auto& s : std::span(stages_).subspan(first)) {
    switch (s->k) {
      case stage::kind::start_type:
      case stage::kind::start_ids:
      case stage::kind::start_name:
        current = x.start(*s, std::move(current), !previous_was_start);
        previous_was_start = true;
        continue;
      case stage::kind::filter: replace(x.filter(*s, current)); break;
      case stage::kind::step: replace(x.step(*s, current, all_paths)); break;
      case stage::kind::linked: replace(x.linked(*s, current)); break;
    }
    previous_was_start = false;
  }
  if (current.size() > budget_.max_results) over_budget("results", budget_.max_results);
  return current;
}

std::vector<query_result> query::finish(executor& x, std::vector<traverser> current) const {
  std::vector<query_result> out;
  out.reserve(current.size());
  for (const auto& t : current) {
    out.push_back({g_->live_ref(t.entity), {}});  // results are live: they came from the graph
    x.tree.build_into(t.node, out.back().path);
  }
  return shape(std::move(out));
}

std::vector<query_result> query::shape(std::vector<query_result> out) const {
  if (order_) {
    const auto pid = g_->schema().property(order_->first);
    const auto key = [&](const query_result& r) -> const value* {
      for (const auto& st : r.entity.properties())
        if (st.property == pid) return &st.val;
      return nullptr;
    };
    std::stable_sort(out.begin(), out.end(), [&](const query_result& a, const query_result& b) {
      const value *x1 = key(a), *x2 = key(b);
      if (!x1 || !x2) return x1 != nullptr && x2 == nullptr;  // entities without the property last
      const auto c = compare_values(*x1, *x2);
      if (!c) return false;
      return order_->second ? *c == std::partial_ordering::less : *c == std::partial_ordering::greater;
    });
  }
  if (limit_ && out.size() > *limit_) out.erase(out.begin() + static_cast<std::ptrdiff_t>(*limit_), out.end());
  return out;
}

std::vector<query_result> query::results() const {
  executor x(*g_, budget_);
  if (stages_.size() == 2 && stages_[0]->k == stage::kind::start_type && stages_[1]->k == stage::kind::linked &&
      !stages_[1]->linked.best_evidenced) {
    check_budget(budget_);
    auto out = x.linked_results(*stages_[0], *stages_[1]);
    if (out.size() > budget_.max_results) over_budget("results", budget_.max_results);
    return shape(std::move(out));
  }
  return finish(x, run(x, {}, false, false));
}

std::vector<query_result> query::results_from(std::span<const entity_id> starts) const {
  executor x(*g_, budget_);
  return finish(x, run(x, starts, true, false));
}

// Scratch for plain chains: they run no callbacks, so a run can never be nested in another
// on the same thread, and one set per thread suffices.
struct chain_scratch {
  stamp_set seen;
  std::vector<std::uint32_t> frontier, next, roots;
};
chain_scratch& chain_buffers() {  // a function-local thread_local: an inline guard, no TLS wrapper call
  thread_local chain_scratch buffers;
  return buffers;
}

const query::chain_plan& query::build_plan() const {
  const auto& last = *stages_.back();
  std::lock_guard lock(last.plan_mutex);
  if (last.plan_generation.load(std::memory_order_relaxed) == g_->generation()) return last.plan;
  chain_plan p;
  std::size_t first = 0;
  while (first < stages_.size() && (stages_[first]->k == stage::kind::start_type || stages_[first]->k == stage::kind::start_ids ||
                                    stages_[first]->k == stage::kind::start_name))
    ++first;
  p.steps = stages_.size() - first;
  p.usable = p.steps > 0 && p.steps <= chain_plan::max_steps;
  for (std::size_t i = 0; p.usable && i < p.steps; ++i) {
    const auto& st = *stages_[first + i];
    if (st.k != stage::kind::step || st.hop.min_hops != 1 || st.hop.max_hops != 1 || st.hop.semantics == path_semantics::trail) {
      p.usable = false;
      break;
    }
    const auto& hop = st.compiled(*g_);
    if (hop.check_relation || hop.entity_where) p.usable = false;
    p.hops[i] = &hop;
    p.acyclic[i] = st.hop.semantics == path_semantics::acyclic;
    p.plain[i] = hop.dir == direction::out ? hop.out_x.plain_table() : hop.dir == direction::in ? hop.in_x.plain_table() : nullptr;
  }
  last.plan = p;
  last.plan_generation.store(g_->generation(), std::memory_order_release);
  return last.plan;
}

// The shape prepared counting mostly has: start, then one-hop steps with no per-relation or
// per-entity callbacks. It runs as plain frontier expansion over the typed tables (no path
// tree, no traverser records, no allocation once warm) with the same set semantics, budget
// and results as the general executor.
bool query::count_chain(std::span<const entity_id> starts, std::span<std::size_t> counts) const {
  check_budget(budget_);
  if (stages_.empty()) return false;
  const auto& last = *stages_.back();
  const chain_plan& p = last.plan_generation.load(std::memory_order_acquire) == g_->generation() ? last.plan : build_plan();
  if (!p.usable) return false;
  const std::size_t steps = p.steps;
  const auto* const* hops = p.hops;
  const bool* acyclic = p.acyclic;
  auto& buffers = chain_buffers();
  auto& seen = buffers.seen;
  auto& frontier = buffers.frontier;
  auto& next = buffers.next;
  // One start (count_from) needs no list and no lookahead.
  const bool batched = starts.size() > 1;
  std::uint32_t single = 0;
  auto& roots = buffers.roots;
  std::span<const std::uint32_t> root_list;
  if (batched) {
    roots.clear();
    for (const auto e : starts) roots.push_back(to_index(g_->canonical(e)));  // throws before any work
    root_list = roots;
  } else if (!starts.empty()) {
    single = to_index(g_->canonical(starts[0]));
    root_list = std::span<const std::uint32_t>(&single, 1);
  }
  // Several starts: the first step's rows of later starts, and the visited marks of their
  // neighbours, are fetched while this start runs.
  const auto* first_table = batched ? p.plain[0] : nullptr;
  if (first_table) seen.reset(g_->entity_slots());  // sized for the lookahead
  // Their neighbours' visited marks, and their rows for the second step, are requested too.
  const auto* second_table = batched && steps > 1 ? p.plain[1] : nullptr;
  const auto prefetch_mark = [&](std::uint32_t n) {
    __builtin_prefetch(seen.stamp.data() + n);
    if (second_table) second_table->prefetch_row(n);
  };

  for (std::size_t r = 0; r < root_list.size(); ++r) {
    if (first_table) first_table->prefetch_ahead(root_list, r, prefetch_mark);
    const std::uint32_t root = root_list[r];
    std::span<const std::uint32_t> from(&root, 1);
    counts[r] = 0;
    std::size_t visited = 0;
    for (std::size_t i = 0; i < steps && !from.empty(); ++i) {
      const compiled_hop& hop = *hops[i];
      const bool no_loop = acyclic[i];
      visited += from.size();
      if (visited > budget_.max_visited) over_budget("entities visited", budget_.max_visited);
      seen.reset(g_->entity_slots());
      next.clear();
      const bool last = i + 1 == steps;
      std::size_t reached = 0;  // the last step only counts
      const auto reach = [&](std::uint32_t v, std::uint32_t n) {
        if ((no_loop && n == v) || seen.contains(n) || !hop.reached_ok(n)) return;
        seen.insert(n);
        if (last)
          ++reached;
        else
          next.push_back(n);
      };
      if (const auto* plain = p.plain[i]) {  // one CSR: read the rows directly
        const std::uint32_t* neighbor = plain->neighbor.data();
        for (const auto v : from) {
          const auto [b, e] = plain->row(v);
          for (auto k = b; k < e; ++k) reach(v, neighbor[k]);
        }
      } else {
        for (const auto v : from) {
          const auto each = [&](std::uint32_t n, std::uint32_t) { reach(v, n); };
          if (hop.dir != direction::in) hop.out_x(v, each);
          if (hop.dir != direction::out) hop.in_x(v, each);
        }
      }
      if (last) {
        if (reached > budget_.max_results) over_budget("results", budget_.max_results);
        counts[r] = limit_ ? std::min(reached, *limit_) : reached;
        break;
      }
      frontier.swap(next);
      from = frontier;
    }
  }
  return true;
}

std::size_t query::count_from(entity_id start) const {
  std::size_t n = 0;
  if (count_chain(std::span<const entity_id>(&start, 1), std::span<std::size_t>(&n, 1))) return n;
  executor x(*g_, budget_);
  x.track_paths = false;
  auto current = run(x, std::span<const entity_id>(&start, 1), true, false);
  n = current.size();
  x.give(std::move(current));
  return limit_ ? std::min(n, *limit_) : n;
}

std::vector<std::size_t> query::count_each(std::span<const entity_id> starts) const {
  std::vector<std::size_t> counts(starts.size());
  if (count_chain(starts, counts)) return counts;
  for (std::size_t i = 0; i < starts.size(); ++i) counts[i] = count_from(starts[i]);
  return counts;
}

std::vector<entity_id> query::ids() const {
  std::vector<entity_id> out;
  for (const auto& r : results()) out.push_back(r.entity.id());
  return out;
}

std::size_t query::count() const {
  if (order_ || limit_) return results().size();
  executor x(*g_, budget_);
  x.track_paths = false;  // no paths built
  auto current = run(x, {}, false, false);
  const auto n = current.size();
  x.give(std::move(current));
  return n;
}

std::map<std::string, std::size_t> query::group_count() const {
  std::map<std::string, std::size_t> out;
  for (const auto& r : results()) ++out[r.entity.type_name()];
  return out;
}

std::vector<path> query::paths() const {
  executor x(*g_, budget_);
  const auto current = run(x, {}, false, true);
  std::vector<path> out;
  std::set<std::uint32_t> ends;
  for (const auto& t : current) {
    if (dedup_paths_ && !ends.insert(t.entity).second) continue;
    out.push_back(x.tree.build(t.node));
  }
  std::stable_sort(out.begin(), out.end(), [](const path& a, const path& b) { return a.length() < b.length(); });
  if (limit_ && out.size() > *limit_) out.resize(*limit_);
  return out;
}

// ---- path algorithms -------------------------------------------------------------------------

namespace {

struct weighted_hop {
  const compiled_hop& hop;
  const path_options& o;
  property_id weight_property = null_property;
  const std::set<std::uint32_t>* banned_entities = nullptr;
  const std::set<std::uint32_t>* banned_relations = nullptr;

  double weight(std::uint32_t r) const {
    switch (o.weight) {
      case weight_kind::hops: return 1.0;
      case weight_kind::confidence: {
        const double c = hop.g->relation_evidence(r).confidence();
        return c <= 0 ? std::numeric_limits<double>::infinity() : -std::log(c);
      }
      case weight_kind::property: {
        const auto rel = hop.g->get(static_cast<relation_id>(r));
        for (const auto& s : rel.properties())
          if (s.property == weight_property) {
            if (s.val.kind() != value_kind::integer && s.val.kind() != value_kind::real)
              throw query_error("weight property " + q(o.weight_property) + " of relation " + std::to_string(r) + " is not a number");
            const double w = s.val.as_real();
            if (w < 0 || std::isnan(w))
              throw query_error("weight property " + q(o.weight_property) + " of relation " + std::to_string(r) + " is negative");
            return w;
          }
        return std::numeric_limits<double>::infinity();  // relations without the weight are not usable
      }
    }
    return 1.0;
  }
  template <class F>
  void neighbors(std::uint32_t v, F&& f) const {
    hop.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
      if (banned_entities && banned_entities->count(n)) return;
      if (banned_relations && banned_relations->count(r)) return;
      if (!hop.reached_ok(n)) return;
      const double w = weight(r);
      if (std::isinf(w)) return;
      f(n, r, fwd, w);
    });
  }
};

std::unique_ptr<compiled_hop> compile(const graph& g, const path_options& o) {
  check_budget(o.limits);
  const auto& f = o.filter;
  if (o.weight == weight_kind::property && !g.schema().try_property(o.weight_property))
    throw query_error("unknown weight property " + q(o.weight_property));
  return std::make_unique<compiled_hop>(g, f.relation_types, f.dir, f.to_types, f.min_confidence, f.as_of, f.cited_by,
                                        f.relation_where, f.entity_where);
}

// Dijkstra (or BFS costs) from `from`; keeps every predecessor on a shortest path when `all`.
struct sp_tree {
  std::unordered_map<std::uint32_t, double> dist;
  std::unordered_map<std::uint32_t, std::vector<std::tuple<std::uint32_t, std::uint32_t, bool>>> preds;
};

sp_tree dijkstra(const weighted_hop& wh, std::uint32_t from, std::uint32_t to, bool all, budget_meter& meter) {
  sp_tree t;
  using item = std::pair<double, std::uint32_t>;
  std::priority_queue<item, std::vector<item>, std::greater<>> pq;
  t.dist[from] = 0;
  pq.push({0, from});
  std::set<std::uint32_t> done;
  while (!pq.empty()) {
    // Plain variables, not a structured binding: the lambda below captures them, which
    // clang before 16 rejects.
    const double d = pq.top().first;
    const std::uint32_t v = pq.top().second;
    pq.pop();
    if (!done.insert(v).second) continue;
    if (v == to && !all) break;
    if (t.dist.count(to) && d > t.dist[to]) break;
    meter.visit();
    wh.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd, double w) {
      const double nd = d + w;
      auto it = t.dist.find(n);
      const double eps = 1e-12 * std::max(1.0, nd);
      if (it == t.dist.end() || nd < it->second - eps) {
        t.dist[n] = nd;
        t.preds[n] = {{v, r, fwd}};
        pq.push({nd, n});
      } else if (all && std::abs(nd - it->second) <= eps) {
        t.preds[n].push_back({v, r, fwd});
      }
    });
  }
  return t;
}

path path_from_preds(const sp_tree& t, std::uint32_t from, std::uint32_t to) {
  path p;
  std::uint32_t at = to;
  p.entities.push_back(static_cast<entity_id>(at));
  while (at != from) {
    const auto& [prev, r, fwd] = t.preds.at(at).front();
    p.relations.push_back(static_cast<relation_id>(r));
    p.forward.push_back(fwd);
    p.entities.push_back(static_cast<entity_id>(prev));
    at = prev;
  }
  std::reverse(p.entities.begin(), p.entities.end());
  std::reverse(p.relations.begin(), p.relations.end());
  std::reverse(p.forward.begin(), p.forward.end());
  p.cost = t.dist.at(to);
  return p;
}

}  // namespace

namespace {
// Unweighted: breadth-first over epoch-stamped arrays, no per-query allocation of O(V).

std::optional<path> bfs_shortest(const graph& g, const compiled_hop& hop, std::uint32_t a, std::uint32_t b, budget_meter& meter) {
  const scratch_lease lease;
  auto& seen = (*lease).a;
  auto& bfs_parent = (*lease).parent;
  seen.reset(g.entity_slots());
  if (bfs_parent.size() < g.entity_slots()) bfs_parent.resize(g.entity_slots());
  std::vector<std::uint32_t> frontier{a}, next;
  seen.insert(a);
  bool found = false;
  while (!frontier.empty() && !found) {
    next.clear();
    for (auto v : frontier) {
      meter.visit();
      hop.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd) {
        if (found || !hop.reached_ok(n) || !seen.insert(n)) return;
        bfs_parent[n] = {v, r, fwd};
        if (n == b) found = true;
        next.push_back(n);
      });
      if (found) break;
    }
    frontier.swap(next);
  }
  if (!found) return std::nullopt;
  path p;
  for (std::uint32_t at = b; at != a;) {
    const auto [prev, r, fwd] = bfs_parent[at];
    p.entities.push_back(static_cast<entity_id>(at));
    p.relations.push_back(static_cast<relation_id>(r));
    p.forward.push_back(fwd);
    at = prev;
  }
  p.entities.push_back(static_cast<entity_id>(a));
  std::reverse(p.entities.begin(), p.entities.end());
  std::reverse(p.relations.begin(), p.relations.end());
  std::reverse(p.forward.begin(), p.forward.end());
  p.cost = static_cast<double>(p.relations.size());
  return p;
}
}  // namespace

std::optional<path> shortest_path(const graph& g, entity_id from, entity_id to, const path_options& o) {
  const auto a = to_index(g.canonical(from)), b = to_index(g.canonical(to));
  const auto hop = compile(g, o);
  weighted_hop wh{*hop, o, o.weight == weight_kind::property ? g.schema().property(o.weight_property) : null_property};
  budget_meter meter{o.limits};
  if (a == b) return path{{static_cast<entity_id>(a)}, {}, {}, 0};
  if (o.weight == weight_kind::hops) return bfs_shortest(g, *hop, a, b, meter);
  const auto t = dijkstra(wh, a, b, false, meter);
  if (!t.dist.count(b)) return std::nullopt;
  return path_from_preds(t, a, b);
}

std::vector<path> all_shortest_paths(const graph& g, entity_id from, entity_id to, const path_options& o) {
  const auto a = to_index(g.canonical(from)), b = to_index(g.canonical(to));
  const auto hop = compile(g, o);
  weighted_hop wh{*hop, o, o.weight == weight_kind::property ? g.schema().property(o.weight_property) : null_property};
  budget_meter meter{o.limits};
  if (a == b) return {path{{static_cast<entity_id>(a)}, {}, {}, 0}};
  const auto t = dijkstra(wh, a, b, true, meter);
  std::vector<path> out;
  if (!t.dist.count(b)) return out;
  // Enumerate predecessor DAG paths from b back to a.
  struct partial {
    std::uint32_t at;
    path suffix;
  };
  std::vector<partial> stack{{b, path{{static_cast<entity_id>(b)}, {}, {}, 0}}};
  while (!stack.empty()) {
    auto cur = std::move(stack.back());
    stack.pop_back();
    if (cur.at == a) {
      meter.path_made();
      auto p = std::move(cur.suffix);
      std::reverse(p.entities.begin(), p.entities.end());
      std::reverse(p.relations.begin(), p.relations.end());
      std::reverse(p.forward.begin(), p.forward.end());
      p.cost = t.dist.at(b);
      out.push_back(std::move(p));
      continue;
    }
    for (const auto& [prev, r, fwd] : t.preds.at(cur.at)) {
      partial next{prev, cur.suffix};
      next.suffix.entities.push_back(static_cast<entity_id>(prev));
      next.suffix.relations.push_back(static_cast<relation_id>(r));
      next.suffix.forward.push_back(fwd);
      stack.push_back(std::move(next));
    }
  }
  std::sort(out.begin(), out.end(), [](const path& x, const path& y) { return x.relations < y.relations; });
  return out;
}

std::vector<path> k_shortest_paths(const graph& g, entity_id from, entity_id to, long k, const path_options& o) {
  if (k <= 0) throw query_error("k_shortest_paths: k must be positive, got " + std::to_string(k));
  const auto a = to_index(g.canonical(from)), b = to_index(g.canonical(to));
  const auto hop = compile(g, o);
  const auto wp = o.weight == weight_kind::property ? g.schema().property(o.weight_property) : null_property;
  budget_meter meter{o.limits};
  std::vector<path> found;
  if (a == b) return {path{{static_cast<entity_id>(a)}, {}, {}, 0}};
  {
    weighted_hop wh{*hop, o, wp};
    const auto t = dijkstra(wh, a, b, false, meter);
    if (!t.dist.count(b)) return found;
    found.push_back(path_from_preds(t, a, b));
  }
  const auto cost_of = [&](const path& p) {
    weighted_hop wh{*hop, o, wp};
    double c = 0;
    for (auto r : p.relations) c += wh.weight(to_index(r));
    return c;
  };
  std::vector<path> candidates;
  const auto less = [](const path& x, const path& y) {
    return x.cost != y.cost ? x.cost < y.cost : x.relations < y.relations;
  };
  while (found.size() < static_cast<std::size_t>(k)) {
    const path& last = found.back();
    for (std::size_t i = 0; i + 1 < last.entities.size(); ++i) {
      const auto spur = to_index(last.entities[i]);
      std::set<std::uint32_t> banned_rel, banned_ent;
      for (const auto& p : found) {
        if (p.entities.size() > i + 1 && std::equal(p.entities.begin(), p.entities.begin() + static_cast<std::ptrdiff_t>(i) + 1, last.entities.begin()) &&
            std::equal(p.relations.begin(), p.relations.begin() + static_cast<std::ptrdiff_t>(i), last.relations.begin()))
          banned_rel.insert(to_index(p.relations[i]));
      }
      for (std::size_t j = 0; j < i; ++j) banned_ent.insert(to_index(last.entities[j]));
      weighted_hop wh{*hop, o, wp, &banned_ent, &banned_rel};
      const auto t = dijkstra(wh, spur, b, false, meter);
      if (!t.dist.count(b)) continue;
      const auto tail = path_from_preds(t, spur, b);
      path total;
      total.entities.assign(last.entities.begin(), last.entities.begin() + static_cast<std::ptrdiff_t>(i));
      total.relations.assign(last.relations.begin(), last.relations.begin() + static_cast<std::ptrdiff_t>(i));
      total.forward.assign(last.forward.begin(), last.forward.begin() + static_cast<std::ptrdiff_t>(i));
      total.entities.insert(total.entities.end(), tail.entities.begin(), tail.entities.end());
      total.relations.insert(total.relations.end(), tail.relations.begin(), tail.relations.end());
      total.forward.insert(total.forward.end(), tail.forward.begin(), tail.forward.end());
      total.cost = cost_of(total);
      if (std::find(candidates.begin(), candidates.end(), total) == candidates.end() &&
          std::find(found.begin(), found.end(), total) == found.end()) {
        meter.path_made();
        candidates.push_back(std::move(total));
      }
    }
    if (candidates.empty()) break;
    const auto best = std::min_element(candidates.begin(), candidates.end(), less);
    found.push_back(std::move(*best));
    candidates.erase(best);
  }
  return found;
}

std::vector<path> all_simple_paths(const graph& g, entity_id from, entity_id to, std::size_t max_length, const path_options& o) {
  if (max_length == 0) throw query_error("all_simple_paths: max_length must be at least 1");
  const auto a = to_index(g.canonical(from)), b = to_index(g.canonical(to));
  const auto hop = compile(g, o);
  weighted_hop wh{*hop, o, o.weight == weight_kind::property ? g.schema().property(o.weight_property) : null_property};
  budget_meter meter{o.limits};
  std::vector<path> out;
  path current{{static_cast<entity_id>(a)}, {}, {}, 0};
  std::set<std::uint32_t> on_path{a};
  // Recursive DFS, depth bounded by max_length.
  const std::function<void(std::uint32_t)> dfs = [&](std::uint32_t v) {
    if (v == b && current.length() > 0) {
      meter.path_made();
      out.push_back(current);
      return;
    }
    if (current.length() == max_length) return;
    meter.visit();
    std::vector<std::tuple<std::uint32_t, std::uint32_t, bool, double>> next;
    wh.neighbors(v, [&](std::uint32_t n, std::uint32_t r, bool fwd, double w) { next.emplace_back(n, r, fwd, w); });
    for (const auto& [n, r, fwd, w] : next) {
      if (on_path.count(n)) continue;
      on_path.insert(n);
      current.entities.push_back(static_cast<entity_id>(n));
      current.relations.push_back(static_cast<relation_id>(r));
      current.forward.push_back(fwd);
      current.cost += w;
      dfs(n);
      current.cost -= w;
      current.forward.pop_back();
      current.relations.pop_back();
      current.entities.pop_back();
      on_path.erase(n);
    }
  };
  if (a == b) return {current};
  dfs(a);
  std::stable_sort(out.begin(), out.end(), [](const path& x, const path& y) {
    return x.length() != y.length() ? x.length() < y.length() : x.relations < y.relations;
  });
  return out;
}

// ---- explanations ----------------------------------------------------------------------------

std::vector<hop_explanation> explain_steps(const graph& g, const path& p) {
  if (p.entities.size() != p.relations.size() + 1 || p.forward.size() != p.relations.size())
    throw query_error("explain: malformed path (" + std::to_string(p.entities.size()) + " entities, " +
                      std::to_string(p.relations.size()) + " relations)");
  std::vector<hop_explanation> out;
  for (std::size_t i = 0; i < p.relations.size(); ++i) {
    const auto rel = g.get(p.relations[i]);
    hop_explanation h;
    h.from = p.entities[i];
    h.to = p.entities[i + 1];
    h.from_name = g.get(h.from).name();
    h.to_name = g.get(h.to).name();
    h.relation = p.relations[i];
    h.relation_type = rel.type_name();
    h.relation_label = g.schema().info(rel.type()).label;
    h.forward = p.forward[i];
    h.valid = rel.valid();
    for (const auto& c : rel.citations()) {
      hop_explanation::cited x;
      const auto src = g.get(c.source);
      const auto* title = src.property("title");
      x.source_title = title && title->kind() == value_kind::string ? title->as_string() : src.name();
      if (const auto* pub = src.property("publisher"); pub && pub->kind() == value_kind::string) x.publisher = pub->as_string();
      if (const auto* d = src.property("publishedAt"); d && d->kind() == value_kind::date) x.published = d->as_date();
      x.quote = c.quote;
      x.confidence = c.confidence;
      h.citations.push_back(std::move(x));
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::string explain(const graph& g, const path& p) {
  std::string out;
  if (p.relations.empty()) return "  " + g.get(p.entities.front()).name() + " (itself)\n";
  for (const auto& h : explain_steps(g, p)) {
    out += "  " + h.from_name + (h.forward ? " -[" + h.relation_label + "]-> " : " <-[" + h.relation_label + "]- ") + h.to_name;
    if (h.valid.start || h.valid.end)
      out += "  [" + (h.valid.start ? h.valid.start->to_string() : std::string("…")) + " to " +
             (h.valid.end ? h.valid.end->to_string() : std::string("…")) + "]";
    out += "\n";
    if (h.citations.empty()) out += "      (no citation)\n";
    for (const auto& c : h.citations) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.2f", c.confidence);
      out += "      source: " + c.source_title;
      if (!c.publisher.empty()) out += ", " + c.publisher;
      if (c.published) out += ", " + c.published->to_string();
      out += std::string(" (confidence ") + conf + ")\n";
      if (!c.quote.empty()) out += "      quote: \"" + c.quote + "\"\n";
    }
  }
  return out;
}

// ---- algorithms ------------------------------------------------------------------------------

namespace {
view scoped_view(const graph& g, const scope& s) {
  return make_view(g, {.entity_types = s.entity_types, .relation_types = s.relation_types});
}
std::vector<scored> collect(const graph& g, const view& v, const std::vector<double>& values) {
  std::vector<scored> out;
  const auto index = get(boost::vertex_index, g);
  for (auto [it, end] = boost::vertices(v); it != end; ++it)
    out.push_back({entity_of(*it), values[get(index, *it)]});
  std::stable_sort(out.begin(), out.end(), [](const scored& a, const scored& b) { return a.score > b.score; });
  return out;
}
}  // namespace

std::vector<scored> degree_centrality(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  std::vector<double> values(boost::num_vertices(g), 0);
  const auto index = get(boost::vertex_index, g);
  for (auto [it, end] = boost::vertices(v); it != end; ++it)
    values[get(index, *it)] = static_cast<double>(boost::out_degree(*it, v) + boost::in_degree(*it, v));
  return collect(g, v, values);
}

std::vector<scored> pagerank(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  std::vector<double> values(boost::num_vertices(g), 0);
  boost::graph::page_rank(v, boost::make_iterator_property_map(values.begin(), get(boost::vertex_index, g)));
  return collect(g, v, values);
}

std::vector<scored> betweenness(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);  // brokers link in either direction
  std::vector<double> values(boost::num_vertices(g), 0);
  boost::brandes_betweenness_centrality(
      u, boost::centrality_map(boost::make_iterator_property_map(values.begin(), get(boost::vertex_index, g))));
  return collect(g, v, values);
}

std::vector<scored> closeness(const graph& g, const scope& s) {
  // Harmonic closeness (sum of 1/distance), which stays meaningful on disconnected graphs.
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);
  const auto index = get(boost::vertex_index, g);
  std::vector<double> values(boost::num_vertices(g), 0);
  std::vector<std::size_t> dist(boost::num_vertices(g));
  for (auto [it, end] = boost::vertices(v); it != end; ++it) {
    std::fill(dist.begin(), dist.end(), std::numeric_limits<std::size_t>::max());
    dist[get(index, *it)] = 0;
    boost::breadth_first_search(u, *it,
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(
            boost::make_iterator_property_map(dist.begin(), index), boost::on_tree_edge{}))));
    double h = 0;
    for (auto d : dist)
      if (d != 0 && d != std::numeric_limits<std::size_t>::max()) h += 1.0 / static_cast<double>(d);
    values[get(index, *it)] = h;
  }
  return collect(g, v, values);
}

std::vector<scored> core_numbers(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);
  std::vector<std::size_t> cores(boost::num_vertices(g), 0);
  boost::core_numbers(u, boost::make_iterator_property_map(cores.begin(), get(boost::vertex_index, g)));
  std::vector<double> values(cores.begin(), cores.end());
  return collect(g, v, values);
}

std::vector<std::vector<entity_id>> components(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);
  const auto index = get(boost::vertex_index, g);
  // Unsigned component numbers: BGL counts from max() + 1, which for a view with no entity in
  // scope overflowed an int (UBSan, found by fuzz/query_fuzz); unsigned it is 0, as it should be.
  std::vector<std::size_t> comp(boost::num_vertices(g), 0);
  const std::size_t n = boost::connected_components(u, boost::make_iterator_property_map(comp.begin(), index));
  std::vector<std::vector<entity_id>> out(n);
  for (auto [it, end] = boost::vertices(v); it != end; ++it) out[comp[get(index, *it)]].push_back(entity_of(*it));
  std::erase_if(out, [](const auto& c) { return c.empty(); });
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

DOSSIER_NAMESPACE_END
