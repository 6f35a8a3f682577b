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
    for (const auto& [field, slot] : p.call_outputs.at(ca)) out.push_back(slot);
  return out;
}

void collect_rows(const prepared& p, const syn::single_query& q, table rows, cypher_result& out) {
  const auto* slots = final_slots(p, q);
  const auto calls = call_slots(p, q);
  if (!slots && calls.empty()) return;  // ends in a write, or a procedure that yields nothing
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
