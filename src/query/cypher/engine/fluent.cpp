// Statements run through the fluent plan (fluent.hpp).
#include "fluent.hpp"
#include "graph_access.hpp"

#include <dossier/query/path_algorithms.hpp>
#include <dossier/query/query.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <cctype>
#include <mutex>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {
enum class shape_kind : std::uint8_t { chain_count, linked_count, shortest_length };
}  // namespace

struct fluent_shape {
  shape_kind what = shape_kind::chain_count;
  const syn::path_pattern* path = nullptr;
  bool walk = false;
  // The node found by id (chain: the start; linked: the target; shortest: both ends).
  const syn::expr* first_id = nullptr;
  const syn::expr* second_id = nullptr;
  std::string column;
  // What the statement needs of a graph, worked out once per graph generation: the fluent
  // query of a chain, the types of its labels, whether its hops are disjoint.
  struct binding {
    std::uint64_t generation = 0;
    std::shared_ptr<const query> chain;
    std::vector<std::optional<entity_type_id>> labels;  // per node of the path
    bool disjoint = false;
  };
  mutable std::mutex mutex;
  mutable std::shared_ptr<const binding> bound;
};

namespace {

using K = syn::expr_kind;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// {id: <parameter or string>} and nothing else.
const syn::expr* id_only(const syn::node_pattern& n) {
  if (!n.properties || n.properties->kind != K::map || n.properties->keys.size() != 1 || n.properties->keys[0] != "id")
    return nullptr;
  const auto* v = n.properties->args[0].get();
  if (v->kind == K::parameter || (v->kind == K::literal && v->literal.kind() == value_kind::string)) return v;
  return nullptr;
}

bool plain_node(const syn::node_pattern& n) { return !n.properties && n.labels.size() <= 1; }

bool plain_relationship(const syn::relationship_pattern& r) { return r.variable.empty() && !r.properties; }

// *min..max with 1 <= max and min <= max: a step the fluent API takes as it is (the others
// match nothing, or only the start, and are the general engine's).
bool bounded(const syn::relationship_pattern& r) { return r.max && *r.max >= 1 && r.min.value_or(1) <= *r.max; }

// RETURN <fn>(DISTINCT? variable) and nothing more.
const syn::expr* single_return(const syn::projection_clause& r, std::string& column) {
  if (!r.is_return || r.distinct || r.star || r.items.size() != 1 || !r.order.empty() || r.skip || r.limit) return nullptr;
  column = r.items[0].alias.empty() ? r.items[0].text : r.items[0].alias;
  const auto* e = r.items[0].value.get();
  if (e->kind != K::call || e->args.size() != 1 || e->args[0]->kind != K::variable) return nullptr;
  return e;
}

bool counts_distinct(const syn::expr* e, const std::string& variable) {
  return e && lower(e->name) == "count" && e->distinct && !variable.empty() && e->args[0]->name == variable;
}

std::shared_ptr<fluent_shape> chain_shape(const syn::path_pattern& path, bool walk, const syn::expr* ret) {
  const auto* start = id_only(path.start);
  if (!start || path.start.labels.size() > 1 || path.steps.empty()) return nullptr;
  std::vector<std::string> names{path.start.variable};
  for (const auto& [rel, node] : path.steps) {
    if (!plain_relationship(rel) || !plain_node(node)) return nullptr;
    if (rel.variable_length && (path.steps.size() > 1 || !bounded(rel))) return nullptr;
    if (!node.variable.empty() && std::find(names.begin(), names.end(), node.variable) != names.end()) return nullptr;
    names.push_back(node.variable);
  }
  if (!counts_distinct(ret, path.steps.back().second.variable)) return nullptr;
  for (std::size_t i = 1; i + 1 < names.size(); ++i)
    if (!names[i].empty()) return nullptr;  // a named middle node might be used again
  auto s = std::make_shared<fluent_shape>();
  s->what = shape_kind::chain_count;
  s->path = &path;
  s->walk = walk;
  s->first_id = start;
  return s;
}

std::shared_ptr<fluent_shape> linked_shape(const syn::path_pattern& path, const syn::expr* ret) {
  if (path.steps.size() != 1 || !path.function.empty()) return nullptr;
  const auto& [rel, end] = path.steps[0];
  if (!plain_relationship(rel) || !rel.variable_length || rel.min.value_or(1) != 1 || !rel.max ||
      rel.direction == syn::arrow::either)
    return nullptr;
  // One end is found by id, the other is counted.
  const bool target_at_end = id_only(end) && plain_node(path.start) && path.start.labels.size() == 1;
  const bool target_at_start = id_only(path.start) && plain_node(end) && end.labels.size() == 1;
  if (target_at_end == target_at_start) return nullptr;
  const auto& counted = target_at_end ? path.start : end;
  const auto& target = target_at_end ? end : path.start;
  if (target.labels.size() > 1 || !counts_distinct(ret, counted.variable) || counted.variable == target.variable) return nullptr;
  auto s = std::make_shared<fluent_shape>();
  s->what = shape_kind::linked_count;
  s->path = &path;
  s->first_id = id_only(target);
  return s;
}

std::shared_ptr<fluent_shape> shortest_shape(const syn::path_pattern& path, const syn::expr* ret) {
  if (path.function != "shortestPath" || path.variable.empty() || path.steps.size() != 1) return nullptr;
  const auto& [rel, end] = path.steps[0];
  if (!plain_relationship(rel) || !rel.variable_length || rel.min.value_or(1) != 1 || !rel.max) return nullptr;
  const auto *a = id_only(path.start), *b = id_only(end);
  if (!a || !b || path.start.labels.size() > 1 || end.labels.size() > 1) return nullptr;
  if (!ret || lower(ret->name) != "length" || ret->args[0]->name != path.variable) return nullptr;
  auto s = std::make_shared<fluent_shape>();
  s->what = shape_kind::shortest_length;
  s->path = &path;
  s->first_id = a;
  s->second_id = b;
  return s;
}

// ---- running ----

bool given(const syn::expr* e, const cypher_parameters& params) { return !e || e->kind != K::parameter || params.contains(e->name); }

std::optional<entity_id> by_id(const graph& g, const syn::expr& e, const cypher_parameters& params) {
  const value_t* v = nullptr;
  value_t literal;
  if (e.kind == K::parameter) {
    const auto it = params.find(e.name);
    if (it == params.end()) return std::nullopt;  // the general engine reports it
    v = &it->second;
  } else {
    literal = value_t::from_value(e.literal);
    v = &literal;
  }
  if (v->type() != kind::string) return std::nullopt;
  return g.find_external(v->as_string());
}

// For a node found by id (live and canonical): the type from the dense array, not the record.
bool fits(const graph& g, entity_id e, std::optional<entity_type_id> label, const cypher_options& o) {
  if (o.as_of && !g.get(e).valid().holds_at(*o.as_of)) return false;
  return !label || g.schema().is_a(g.entity_type_of(to_index(e)), *label);
}

direction step_direction(syn::arrow a) {
  return a == syn::arrow::right ? direction::out : a == syn::arrow::left ? direction::in : direction::both;
}

// Under trail semantics a chain may not use one relationship twice: safe when no two hops can
// share a type (a type, or one a subtype of the other).
bool hops_disjoint(const graph& g, const syn::path_pattern& path) {
  const auto& s = g.schema();
  std::vector<std::vector<relation_type_id>> types;
  for (const auto& [rel, node] : path.steps) {
    if (rel.types.empty()) return path.steps.size() == 1;
    auto& t = types.emplace_back();
    for (const auto& name : rel.types) t.push_back(s.relation_type(name));
  }
  for (std::size_t i = 0; i < types.size(); ++i)
    for (std::size_t j = i + 1; j < types.size(); ++j)
      for (const auto a : types[i])
        for (const auto b : types[j])
          if (s.is_a(a, b) || s.is_a(b, a)) return false;
  return true;
}

query chain_query(const graph& g, const fluent_shape& shape, const cypher_options& o) {
  query q(g);
  for (const auto& [rel, node] : shape.path->steps) {
    // One hop at a time: sets of neighbours, where a node may come again (a self-loop keeps
    // its node). A variable-length step keeps openCypher's rule of no relationship twice
    // unless the statement says WALK.
    const auto semantics = shape.walk || !rel.variable_length ? path_semantics::walk : path_semantics::trail;
    hop_options h{.min_hops = rel.variable_length ? rel.min.value_or(1) : 1,
                  .max_hops = rel.variable_length ? *rel.max : 1,
                  .semantics = semantics,
                  .to_types = node.labels,
                  .min_confidence = o.min_confidence,
                  .as_of = o.as_of};
    const auto dir = step_direction(rel.direction);
    if (dir == direction::out) q.out(rel.types, std::move(h));
    else if (dir == direction::in) q.in(rel.types, std::move(h));
    else q.both(rel.types, std::move(h));
  }
  q.with_budget(o.budget);
  return q;
}

std::shared_ptr<const fluent_shape::binding> bind(const fluent_shape& shape, const graph& g) {
  {
    std::lock_guard lock(shape.mutex);
    if (shape.bound && shape.bound->generation == g.generation()) return shape.bound;
  }
  auto b = std::make_shared<fluent_shape::binding>();
  b->generation = g.generation();
  const auto label = [&](const syn::node_pattern& n) -> std::optional<entity_type_id> {
    return n.labels.empty() ? std::nullopt : std::optional(g.schema().entity_type(n.labels[0]));
  };
  b->labels.push_back(label(shape.path->start));
  for (const auto& [rel, node] : shape.path->steps) b->labels.push_back(label(node));
  if (shape.what == shape_kind::chain_count) {
    b->disjoint = shape.walk || hops_disjoint(g, *shape.path);
    b->chain = std::make_shared<const query>(chain_query(g, shape, {}));
  }
  std::lock_guard lock(shape.mutex);
  shape.bound = b;
  return b;
}

cypher_result single(const fluent_shape& shape, std::optional<value_t> v) {
  cypher_result out;
  out.columns = {shape.column};
  if (v) out.rows.push_back({std::move(*v)});
  return out;
}

std::optional<cypher_result> run_chain(const fluent_shape& shape, const graph& g, const cypher_parameters& params,
                                       const cypher_options& o) {
  const auto b = bind(shape, g);
  if (!b->disjoint) return std::nullopt;
  const auto start = by_id(g, *shape.first_id, params);
  if (!start || !fits(g, *start, b->labels[0], o)) return single(shape, value_t(std::int64_t{0}));
  // The bound query serves every run without filters; count_from is const and thread-safe.
  if (o.as_of || o.min_confidence > 0 || o.budget.max_visited != budget{}.max_visited)
    return single(shape, value_t(static_cast<std::int64_t>(chain_query(g, shape, o).count_from(*start))));
  return single(shape, value_t(static_cast<std::int64_t>(b->chain->count_from(*start))));
}

std::optional<cypher_result> run_linked(const fluent_shape& shape, const graph& g, const cypher_parameters& params,
                                        const cypher_options& o) {
  const auto& [rel, end] = shape.path->steps[0];
  const bool target_at_end = shape.first_id == id_only(end);
  const auto& counted = target_at_end ? shape.path->start : end;
  const auto& target_pattern = target_at_end ? end : shape.path->start;
  const auto b = bind(shape, g);
  const auto label_of = [&](const syn::node_pattern& n) { return &n == &shape.path->start ? b->labels[0] : b->labels[1]; };
  const auto target = by_id(g, *shape.first_id, params);
  if (!target || !fits(g, *target, label_of(target_pattern), o)) return single(shape, value_t(std::int64_t{0}));
  // A target that is itself of the counted label would count with 0 hops in linked_to.
  if (fits(g, *target, label_of(counted), o)) return std::nullopt;
  // From the counted node towards the target: along the arrow when the target is its head.
  const bool along = (rel.direction == syn::arrow::right) == target_at_end;
  query q(g);
  q.from(counted.labels[0]);
  q.linked_to({*target}, {.relation_types = rel.types,
                          .dir = along ? direction::out : direction::in,
                          .max_hops = *rel.max,
                          .min_confidence = o.min_confidence,
                          .as_of = o.as_of});
  q.with_budget(o.budget);
  return single(shape, value_t(static_cast<std::int64_t>(q.count())));
}

std::optional<cypher_result> run_shortest(const fluent_shape& shape, const graph& g, const cypher_parameters& params,
                                          const cypher_options& o) {
  const auto& [rel, end] = shape.path->steps[0];
  const auto bound = bind(shape, g);
  const auto a = by_id(g, *shape.first_id, params), b = by_id(g, *shape.second_id, params);
  if (!a || !b || !fits(g, *a, bound->labels[0], o) || !fits(g, *b, bound->labels[1], o)) return single(shape, std::nullopt);
  if (*a == *b) return std::nullopt;  // a path of length 0 or a cycle: the general engine decides
  const auto p = shortest_path(g, *a, *b,
                               {.filter = {.relation_types = rel.types, .min_confidence = o.min_confidence, .as_of = o.as_of},
                                .dir = step_direction(rel.direction),
                                .limits = o.budget});
  if (!p || p->length() > *rel.max) return single(shape, std::nullopt);
  return single(shape, value_t(static_cast<std::int64_t>(p->length())));
}

}  // namespace

std::shared_ptr<const fluent_shape> recognise_fluent(const prepared& p) {
  if (p.statement.queries.size() != 1) return nullptr;
  const auto& clauses = p.statement.queries[0].clauses;
  if (clauses.size() != 2) return nullptr;
  const auto* m = std::get_if<syn::match_clause>(&clauses[0]);
  const auto* r = std::get_if<syn::projection_clause>(&clauses[1]);
  if (!m || !r || m->optional || m->where || m->patterns.size() != 1) return nullptr;
  const auto& path = m->patterns[0];
  std::string column;
  const auto* ret = single_return(*r, column);
  if (!ret) return nullptr;
  std::shared_ptr<fluent_shape> s;
  if (!path.function.empty()) s = shortest_shape(path, ret);
  else if (path.variable.empty() && m->path_mode != "ACYCLIC") {
    s = chain_shape(path, m->path_mode == "WALK", ret);
    if (!s) s = linked_shape(path, ret);
  } else if (path.variable.empty()) {
    s = linked_shape(path, ret);  // reachability is the same under ACYCLIC
  }
  if (s) s->column = column;
  return s;
}

std::optional<cypher_result> run_fluent(const prepared&, const fluent_shape& shape, const graph& g,
                                        const cypher_parameters& params, const cypher_options& options) {
  if (!names_are_fields(g)) return std::nullopt;  // ids are ordinary properties there
  if (!given(shape.first_id, params) || !given(shape.second_id, params)) return std::nullopt;  // the general engine reports it
  switch (shape.what) {
    case shape_kind::chain_count: return run_chain(shape, g, params, options);
    case shape_kind::linked_count: return run_linked(shape, g, params, options);
    case shape_kind::shortest_length: return run_shortest(shape, g, params, options);
  }
  return std::nullopt;
}

std::string describe_fluent(const fluent_shape& shape) {
  switch (shape.what) {
    case shape_kind::chain_count: return "Rewrite: the fluent plan, count_from the node found by id\n";
    case shape_kind::linked_count: return "Rewrite: the fluent plan, linked_to the node found by id, count\n";
    case shape_kind::shortest_length: return "Rewrite: shortest_path between the nodes found by id\n";
  }
  return "";
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
