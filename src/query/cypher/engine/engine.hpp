#pragma once
// The Cypher engine's shared parts: the prepared statement (the syntax tree with every variable
// given a slot in the row), the run context, and the entry points of each stage.
//
// Rows are flat: one slot per variable of a query part, numbered when the statement is
// prepared, so that a row is a vector and a variable is an index. WITH does not shrink rows;
// it gives its outputs new slots, and the compiler's scopes decide which names are visible.
// Clauses run one after another over the whole table of rows (a write clause must see all of
// its input before it changes the graph, and later clauses must see all of its changes).

#include "values.hpp"

#include <dossier/query/cypher.hpp>
#include <dossier/query/cypher_syntax.hpp>
#include <dossier/schema/type_mask.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

class graph;

namespace cypher_engine {

namespace syn = cypher_syntax;
using row = std::vector<value_t>;
using table = std::vector<row>;

// What the compiler decided about a WITH or RETURN.
struct projection_plan {
  std::vector<int> item_slots;        // where each item's value goes
  std::vector<std::string> names;     // column names
  bool aggregating = false;
  std::vector<const syn::expr*> aggregates;  // aggregate calls in the items and ORDER BY
  std::vector<bool> item_is_key;      // items without an aggregate: the grouping key
};

enum class run_mode : std::uint8_t { run, explain, profile };

struct fluent_shape;  // fluent.hpp

struct prepared {
  std::string text;
  run_mode mode = run_mode::run;
  syn::statement statement;
  // Slots live in the syntax tree (its `slot` fields); what each CALL yields here: the
  // procedure's fields it binds, and their slots (all of them for YIELD * or a lone CALL).
  std::unordered_map<const syn::call_clause*, std::vector<std::pair<std::string, int>>> call_outputs;
  std::unordered_map<const syn::projection_clause*, projection_plan> projections;
  std::vector<int> widths;  // per single query: slots in a row
  std::vector<std::string> columns;
  bool writes = false;
  std::shared_ptr<const fluent_shape> fluent;  // set when the fluent plan answers the statement
  // The graph generation whose schema last passed the name checks: they need not run again.
  mutable std::atomic<std::uint64_t> names_checked{0};

  template <class Element>
  [[nodiscard]] static int slot(const Element* element) noexcept {
    return element->slot;
  }

};

// EXPLAIN's text (plan.cpp).
[[nodiscard]] std::string plan_text(const prepared& p);

// Labels, relationship types and properties a closed schema does not know (names.cpp): checked
// once per graph generation.
void check_names(const prepared& p, const graph& g);

// Builds the prepared form; semantic errors (cypher_error, compile time) name the variable.
[[nodiscard]] std::shared_ptr<prepared> compile(std::string_view text);

// Inverse steps of a statement's changes, undone in reverse when it fails.
struct undo_log {
  std::vector<std::function<void(graph&)>> steps;
};

// One run of a statement on a graph.
struct context {
  const graph& g;
  graph* writable = nullptr;  // null for a read-only run
  const prepared& p;
  const cypher_parameters& params;
  const cypher_options& options;
  cypher_counters counters = {};
  std::size_t visited = 0;
  // Masks of the labels and types a statement names, by the address of the name in the syntax
  // tree: a few entries, searched linearly (a deque, so that references to them stay good).
  std::deque<std::pair<const std::string*, std::optional<type_mask>>> entity_masks = {}, relation_masks = {};
  std::unordered_set<std::uint32_t> deleted_nodes = {}, deleted_relationships = {};
  undo_log* undo = nullptr;
  std::vector<cypher_stage_profile>* profile = nullptr;

  void tick(std::size_t n = 1);  // budget and cancellation
  // Entity types a label stands for (with subtypes); nullopt for a label no type has.
  const std::optional<type_mask>& label_mask(const std::string& label);
  const std::optional<type_mask>& type_mask_of(const std::string& type);
  [[nodiscard]] bool sees(entity_id e) const;
  [[nodiscard]] bool sees(relation_id r) const;
};

// Expressions (eval.cpp).
[[nodiscard]] value_t eval(context& c, const syn::expr& e, row& r);
[[nodiscard]] bool passes(context& c, const syn::expr* where, row& r);  // null where: true
// Functions (functions.cpp): null when `name` is not a scalar function.
using scalar_function = value_t (*)(context&, std::vector<value_t>&, const syn::expr&);
struct function_def {
  std::string_view name;  // lower-case
  scalar_function call;
  std::size_t min_args, max_args;
};
[[nodiscard]] const function_def* find_function(std::string_view lower_name);
[[nodiscard]] bool is_aggregate(std::string_view lower_name);
[[nodiscard]] bool node_has_labels(context& c, entity_id e, const std::vector<std::string>& labels);

// Aggregation (aggregate.cpp): one accumulator per aggregate call and group.
class accumulator {
 public:
  explicit accumulator(const syn::expr& call);
  void add(context& c, row& r);
  [[nodiscard]] value_t result() const;

 private:
  const syn::expr* call_;
  std::string name_;
  std::vector<value_t> values_;
  std::unordered_set<std::vector<value_t>, row_hash, row_equivalent> seen_;  // DISTINCT
  std::int64_t count_ = 0;
  value_t extra_;  // percentile argument
};

// Patterns (match.cpp). Calls `emit` for each match of the patterns extending `r`; with
// `exists_only`, stops at the first.
// `emit` returns false to stop (an existence test stops at the first match). `mode` is the
// path mode: "WALK", "TRAIL" (the default when empty) or "ACYCLIC".
void match_patterns(context& c, const std::vector<const syn::path_pattern*>& patterns, std::string_view mode, row& r,
                    const std::function<bool(row&)>& emit);

// Clauses (pipeline.cpp, write.cpp). run_pipeline hands each row of the query's result to
// `take`, which returns false when it wants no more.
void run_pipeline(context& c, const syn::single_query& q, std::size_t query_index, row start,
                  const std::function<bool(row&)>& take);
[[nodiscard]] table run_query(context& c, const syn::single_query& q, std::size_t query_index, table input);
[[nodiscard]] table run_call(context& c, const syn::call_clause& call, table rows);  // procedures.cpp
[[nodiscard]] bool procedure_writes(std::string_view lower_name);
// The fields a procedure yields, in order; nullptr for a procedure the engine does not have.
[[nodiscard]] const std::vector<std::string>* procedure_fields(std::string_view lower_name);
void run_create(context& c, const syn::create_clause& clause, table& rows);
void run_merge(context& c, const syn::merge_clause& clause, table& rows);
void run_set(context& c, const std::vector<syn::set_item>& items, row& r);
void run_remove(context& c, const syn::remove_clause& clause, table& rows);
void run_delete(context& c, const syn::delete_clause& clause, table& rows);
void finish_writes(context& c);  // deletes, connected-node checks
void rollback(context& c);

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
