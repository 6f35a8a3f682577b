// The public face of the engine (query/cypher.hpp): prepare, run, explain; and the run
// context's checks (budget, cancellation, what a statement may see).
#include "engine.hpp"
#include "fluent.hpp"
#include "graph_access.hpp"

#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

void context::tick(std::size_t n) {
  visited += n;
  if (visited > options.budget.max_visited)
    throw budget_exceeded("query.budget_exceeded", "the statement visited more than " +
                                                      std::to_string(options.budget.max_visited) + " elements");
  if ((visited & 1023) < n && options.cancel.stop_requested())
    throw cypher_error("cypher.cancelled", "TransientError", "Cancelled", false, "the statement was cancelled");
}

namespace {

template <class Id>
std::optional<type_mask> mask_of(std::optional<Id> t, const schema& s) {
  if (!t) return std::nullopt;
  const auto sub = s.subtypes(*t);
  return s.mask(sub);
}

}  // namespace

const std::optional<type_mask>& context::label_mask(const std::string& label) {
  for (const auto& [name, mask] : entity_masks)
    if (name == &label) return mask;
  return entity_masks.emplace_back(&label, mask_of(g.schema().try_entity_type(label), g.schema())).second;
}

const std::optional<type_mask>& context::type_mask_of(const std::string& type) {
  for (const auto& [name, mask] : relation_masks)
    if (name == &type) return mask;
  return relation_masks.emplace_back(&type, mask_of(g.schema().try_relation_type(type), g.schema())).second;
}

bool context::sees(entity_id e) const {
  if (!deleted_nodes.empty() && deleted_nodes.contains(to_index(e))) return false;
  if (options.as_of) {
    const auto ref = g.try_get(e);
    if (!ref || !ref->valid().holds_at(*options.as_of)) return false;
  }
  return true;
}

bool context::sees(relation_id r) const {
  if (!deleted_relationships.empty() && deleted_relationships.contains(to_index(r))) return false;
  if (options.min_confidence > 0 || options.as_of) {
    const auto ref = g.try_get(r);
    if (!ref) return false;
    if (ref->confidence() < options.min_confidence) return false;
    if (options.as_of && !ref->valid().holds_at(*options.as_of)) return false;
  }
  return true;
}

namespace {

// ---- names the schema does not know (closed schemas): errors with the nearest known name ----

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                        std::tolower(static_cast<unsigned char>(b[j - 1])))});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

template <class Infos>
std::string nearest(std::string_view name, const Infos& infos) {
  std::string best;
  std::size_t best_distance = ~std::size_t{0};
  for (const auto& info : infos)
    if (const auto d = distance(name, info.name); d < best_distance) {
      best_distance = d;
      best = info.name;
    }
  if (best.empty() || best_distance > std::max<std::size_t>(2, name.size() / 3)) return "";
  return "; did you mean " + quote(best) + "?";
}

// Names a closed schema does not know are mistakes: labels, relationship types, and the
// properties read from pattern variables (properties the statement itself writes excepted).
class name_checker {
 public:
  name_checker(const graph& g, const prepared& p) : s_(g.schema()) {
    for (const auto& q : p.statement.queries) written(q);
  }

  void query(const syn::single_query& q) {
    for (const auto& cl : q.clauses) {
      if (const auto* m = std::get_if<syn::match_clause>(&cl)) {
        for (const auto& p : m->patterns) path(p);
        expression(m->where.get());
      } else if (const auto* pr = std::get_if<syn::projection_clause>(&cl)) {
        for (const auto& item : pr->items) expression(item.value.get());
        for (const auto& o : pr->order) expression(o.value.get());
        expression(pr->where.get());
      }
    }
  }

 private:
  void written(const syn::single_query& q) {
    const auto items = [&](const std::vector<syn::set_item>& list) {
      for (const auto& item : list)
        if (item.kind == syn::update_kind::property) written_.push_back(item.target->name);
        else if (item.value && item.value->kind == syn::expr_kind::map)
          written_.insert(written_.end(), item.value->keys.begin(), item.value->keys.end());
    };
    const auto maps = [&](const syn::path_pattern& p) {
      const auto keys = [&](const syn::expr_ptr& m) {
        if (m && m->kind == syn::expr_kind::map) written_.insert(written_.end(), m->keys.begin(), m->keys.end());
      };
      keys(p.start.properties);
      for (const auto& [rel, node] : p.steps) {
        keys(rel.properties);
        keys(node.properties);
      }
    };
    for (const auto& cl : q.clauses) {
      if (const auto* st = std::get_if<syn::set_clause>(&cl)) items(st->items);
      if (const auto* mg = std::get_if<syn::merge_clause>(&cl)) {
        items(mg->on_create);
        items(mg->on_match);
        maps(mg->pattern);
      }
      if (const auto* cr = std::get_if<syn::create_clause>(&cl))
        for (const auto& p : cr->patterns) maps(p);
    }
  }

  [[nodiscard]] bool known_property(const std::string& name) const {
    if (name == "name" || name == "aliases" || name == "id") return true;
    return s_.try_property(name) || std::find(written_.begin(), written_.end(), name) != written_.end();
  }

  [[nodiscard]] std::string nearest_property(const std::string& name) const {
    struct named {
      std::string name;
    };
    std::vector<named> all;
    for (std::size_t i = 0; i < s_.property_count(); ++i) all.push_back({s_.property_name(static_cast<property_id>(i))});
    return nearest(name, all);
  }

  void check_property(const std::string& name) const {
    if (!known_property(name))
      fail_compile("SemanticError", "UnknownProperty", "no type has a property " + quote(name) + nearest_property(name));
  }

  void path(const syn::path_pattern& p) {
    node(p.start);
    for (const auto& [rel, n] : p.steps) {
      for (const auto& t : rel.types)
        if (!s_.try_relation_type(t))
          fail_compile("SemanticError", "UnknownRelationshipType",
                       "unknown relationship type " + quote(t) + nearest(t, s_.relation_types()));
      if (!rel.variable.empty()) variables_.push_back(rel.variable);
      map_keys(rel.properties.get());
      node(n);
    }
  }
  void node(const syn::node_pattern& n) {
    for (const auto& l : n.labels)
      if (!s_.try_entity_type(l))
        fail_compile("SemanticError", "UnknownLabel", "unknown label " + quote(l) + nearest(l, s_.entity_types()));
    if (!n.variable.empty()) variables_.push_back(n.variable);
    map_keys(n.properties.get());
  }
  void map_keys(const syn::expr* m) {
    if (!m || m->kind != syn::expr_kind::map) return;
    for (const auto& k : m->keys) check_property(k);
    for (const auto& a : m->args) expression(a.get());
  }
  void expression(const syn::expr* e) {
    if (!e) return;
    if (e->kind == syn::expr_kind::has_labels)
      for (const auto& l : e->keys)
        if (!s_.try_entity_type(l))
          fail_compile("SemanticError", "UnknownLabel", "unknown label " + quote(l) + nearest(l, s_.entity_types()));
    if (e->kind == syn::expr_kind::property && e->args[0]->kind == syn::expr_kind::variable &&
        std::find(variables_.begin(), variables_.end(), e->args[0]->name) != variables_.end())
      check_property(e->name);
    if (e->path) path(*e->path);
    if (e->subquery) query(*e->subquery);
    for (const auto& a : e->args) expression(a.get());
  }

  const schema& s_;
  std::vector<std::string> variables_, written_;
};

void check_names(const prepared& p, const graph& g) {
  if (schemas::is_open(g.schema())) return;
  // Generations are unique across graphs, so a stamp that matches means this graph, unchanged.
  if (p.names_checked.load(std::memory_order_acquire) == g.generation()) return;
  name_checker check(g, p);
  for (const auto& q : p.statement.queries) check.query(q);
  p.names_checked.store(g.generation(), std::memory_order_release);
}

// ---- running ----

const std::vector<int>* final_slots(const prepared& p, const syn::single_query& q) {
  if (q.clauses.empty()) return nullptr;
  if (const auto* r = std::get_if<syn::projection_clause>(&q.clauses.back()); r && r->is_return)
    return &p.projections.at(r).item_slots;
  return nullptr;
}

std::vector<int> call_slots(const prepared& p, const syn::single_query& q) {
  std::vector<int> out;
  if (const auto* ca = q.clauses.empty() ? nullptr : std::get_if<syn::call_clause>(&q.clauses.back()))
    for (const auto& [field, variable] : ca->yields) out.push_back(p.slot(&variable));
  return out;
}

void collect_rows(const prepared& p, const syn::single_query& q, table rows, cypher_result& out) {
  const auto* slots = final_slots(p, q);
  const auto calls = call_slots(p, q);
  if (!slots && calls.empty()) return;
  const auto& use = slots ? *slots : calls;
  for (auto& r : rows) {
    std::vector<value_t> values;
    values.reserve(use.size());
    for (const auto s : use) values.push_back(std::move(r[static_cast<std::size_t>(s)]));
    out.rows.push_back(std::move(values));
  }
}

void distinct_rows(cypher_result& out) {
  std::unordered_set<std::vector<value_t>, row_hash, row_equivalent> seen;
  std::vector<std::vector<value_t>> kept;
  for (auto& r : out.rows)
    if (seen.insert(r).second) kept.push_back(std::move(r));
  out.rows = std::move(kept);
}

std::string plan_text(const prepared& p) {
  std::string out = p.fluent ? describe_fluent(*p.fluent) : std::string();
  for (std::size_t i = 0; i < p.statement.queries.size(); ++i) {
    if (i > 0) out += p.statement.union_all[i - 1] ? "UnionAll\n" : "Union\n";
    for (const auto& cl : p.statement.queries[i].clauses)
      out += std::visit(
          [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, syn::match_clause>)
              return std::string(x.optional ? "OptionalMatch" : "Match") + " patterns=" + std::to_string(x.patterns.size()) +
                     (x.where ? " filter" : "") + (x.path_mode.empty() ? "" : " " + x.path_mode);
            else if constexpr (std::is_same_v<T, syn::projection_clause>)
              return std::string(x.is_return ? "Return" : "With") + (x.distinct ? " distinct" : "") +
                     " items=" + std::to_string(x.items.size()) + (x.order.empty() ? "" : " sort") +
                     (x.skip ? " skip" : "") + (x.limit ? " limit" : "") + (x.where ? " filter" : "");
            else if constexpr (std::is_same_v<T, syn::unwind_clause>) return "Unwind " + x.variable;
            else if constexpr (std::is_same_v<T, syn::create_clause>) return "Create";
            else if constexpr (std::is_same_v<T, syn::merge_clause>) return "Merge";
            else if constexpr (std::is_same_v<T, syn::set_clause>) return "Set";
            else if constexpr (std::is_same_v<T, syn::remove_clause>) return "Remove";
            else if constexpr (std::is_same_v<T, syn::delete_clause>) return x.detach ? "DetachDelete" : "Delete";
            else return "Call " + x.procedure;
          },
          cl) +
             "\n";
  }
  return out;
}

cypher_result execute(const prepared& p, const graph& g, graph* writable, const cypher_parameters& params,
                      const cypher_options& options) {
  if (p.writes && !writable)
    fail_compile("SemanticError", "ReadOnly", "this statement writes; run it on a graph that is not const");
  check_names(p, g);
  if (p.fluent && p.mode == run_mode::run)  // PROFILE reports the general engine's stages
    if (auto answer = run_fluent(p, *p.fluent, g, params, options)) return std::move(*answer);
  cypher_result out;
  out.columns = p.columns;
  if (p.mode != run_mode::run) out.plan = plan_text(p);
  if (p.mode == run_mode::explain) return out;
  context c{g, writable, p, params, options};
  undo_log undo;
  c.undo = &undo;
  if (p.mode == run_mode::profile) c.profile = &out.profile;
  try {
    bool distinct = false;
    for (std::size_t i = 0; i < p.statement.queries.size(); ++i) {
      if (i > 0 && !p.statement.union_all[i - 1]) distinct = true;
      table start{row(static_cast<std::size_t>(p.widths[i]))};
      collect_rows(p, p.statement.queries[i], run_query(c, p.statement.queries[i], i, std::move(start)), out);
    }
    if (distinct) distinct_rows(out);
    if (writable) finish_writes(c);
  } catch (...) {
    rollback(c);
    throw;
  }
  out.counters = c.counters;
  return out;
}

}  // namespace

}  // namespace cypher_engine

cypher_statement cypher_statement::prepare(std::string_view text) { return cypher_statement(cypher_engine::compile(text)); }

cypher_result cypher_statement::run(graph& g, const cypher_parameters& params, const cypher_options& options) const {
  return cypher_engine::execute(*p_, g, &g, params, options);
}

cypher_result cypher_statement::run(const graph& g, const cypher_parameters& params, const cypher_options& options) const {
  return cypher_engine::execute(*p_, g, nullptr, params, options);
}

std::string cypher_statement::explain(const graph& g) const {
  cypher_engine::check_names(*p_, g);
  return cypher_engine::plan_text(*p_);
}

bool cypher_statement::writes() const noexcept { return p_->writes; }
const std::vector<std::string>& cypher_statement::columns() const noexcept { return p_->columns; }

cypher_result cypher(graph& g, std::string_view text, const cypher_parameters& params, const cypher_options& options) {
  return cypher_statement::prepare(text).run(g, params, options);
}

cypher_result cypher(const graph& g, std::string_view text, const cypher_parameters& params,
                     const cypher_options& options) {
  return cypher_statement::prepare(text).run(g, params, options);
}

DOSSIER_NAMESPACE_END
