#pragma once
// The query engine's fluent front.
//
//   auto programs = dossier::query(g).from("Program")
//                       .linked_to({chips}, {.max_hops = 3, .best_evidenced = true});
//   for (const auto& r : programs.results()) std::cout << dossier::explain(g, r.path);
//
// Semantics. A query is built first and runs when a result is asked for (results(), ids(),
// count(), paths(), ...); building it is cheap and it can be run again. Steps map a set of
// entities to a set of entities: every result entity appears once, with one explaining path
// (the shortest the step found). paths() instead enumerates every path that realises the
// query, under the query's budget (query/budget.hpp).
//
// Binding. On its first run a query is bound to its graph: type, relation and property names
// become ids, filters are checked, expansions are prepared. The bound plan is kept and reused
// while the graph stays as it is (graph::generation()); when the graph changes, or is replaced
// by another (moved into, loaded), the next run binds again, and a start entity that no longer
// exists raises not_found. explain_plan() prints the bound plan and the rewrite (fast path)
// chosen for each kind of result, as EXPLAIN does in databases.
//
// Variable-length steps (min_hops..max_hops) follow one of three path semantics:
//   walk     entities and relations may repeat;
//   trail    no relation repeats;
//   acyclic  no entity repeats (the default: the paths an analyst means by "linked via").
// min_hops = 0 includes each start entity itself (when it passes the step's to_types and
// entity filter). A self-loop reached in both directions (direction::both) counts as two
// one-hop paths. Set results never enumerate paths for walk, and for acyclic from
// min_hops <= 1: they are breadth-first levels, O(max_hops x relations). Counting one step
// (count_from, count_each) is breadth-first for trails in one direction from min_hops <= 1 too
// (the same set: a shortest walk repeats no relation), and otherwise builds no paths. Other
// cases, and paths(), enumerate paths depth-first.

#include <dossier/core/config.hpp>
#include <dossier/query/budget.hpp>
#include <dossier/query/path.hpp>
#include <dossier/query/predicate.hpp>
#include <dossier/store/graph.hpp>

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class path_semantics : std::uint8_t { walk, trail, acyclic };

// One step's options. The relation filter fields (min_confidence, as_of, cited_by) are those of
// views/relation_filter.hpp; as_of also skips reached entities that do not hold at the date.
struct hop_options {
  std::size_t min_hops = 1;
  std::size_t max_hops = 1;
  path_semantics semantics = path_semantics::acyclic;
  std::vector<std::string> to_types = {};
  double min_confidence = 0;
  std::optional<date> as_of = {};
  std::optional<source_id> cited_by = {};
  std::function<bool(const relation_ref&)> relation_where = {};
  std::function<bool(const entity_ref&)> entity_where = {};  // on the entity reached
};

// linked_to: keeps the entities of the current set that reach any target within max_hops along
// `dir` (both by default). A start that is itself a target is kept, with a path of length 0.
// With as_of, the path's entities (the start and the target included) must hold at the date.
struct linked_options {
  std::vector<std::string> relation_types = {};
  direction dir = direction::both;
  std::size_t max_hops = 3;
  double min_confidence = 0;
  std::optional<date> as_of = {};
  bool best_evidenced = false;  // explain with the most confident path (cost -log confidence)
};

struct name_options {
  bool fuzzy = false;
  double min_score = config::default_fuzzy_min_score;
  std::string type = {};
};

struct query_result {
  entity_ref entity;
  dossier::path path;  // how the entity was reached (a single entity for start sets)
};

namespace detail {
struct step_spec;   // one builder call, as written (src/query/detail/spec.hpp)
struct plan_cache;  // the bound plan of the graph's current generation (src/query/detail/plan.hpp)
struct traverser {
  std::uint32_t entity, node;  // the entity reached and its node in the run's path tree
};
}  // namespace detail

class query {
 public:
  explicit query(const graph& g);

  // ---- start sets (calling several adds to the set) ----
  query& from(std::string_view type);  // every entity of the type and its subtypes
  query& from(entity_id id);
  query& from(std::span<const entity_id> ids);
  query& from(std::initializer_list<entity_id> ids) { return from(std::span<const entity_id>(ids.begin(), ids.size())); }
  query& named(std::string_view name, name_options options = {});

  // ---- filters on the current set ----
  query& is_a(std::string_view type);
  query& where(std::string_view property, predicate p);
  query& where(std::function<bool(const entity_ref&)> f);

  // ---- steps ----
  query& out(std::vector<std::string> relation_types = {}, hop_options options = {});
  query& in(std::vector<std::string> relation_types = {}, hop_options options = {});
  query& both(std::vector<std::string> relation_types = {}, hop_options options = {});
  query& linked_to(std::vector<entity_id> targets, linked_options options = {});
  query& linked_to(const query& targets, linked_options options = {});

  // ---- shaping ----
  query& dedup();  // for paths(): one path per end entity
  query& limit(std::size_t n);
  query& order_by(std::string_view property, bool ascending = true);
  query& with_budget(budget b);
  // Runs every kind of result through the general plan, without rewrites: the answers are the
  // same (the tests check it); for measuring and testing the rewrites.
  query& use_rewrites(bool on);

  // ---- results ----
  // results(), ids(), count(), group_count() and paths() need a start set (query_error
  // [dossier.query.no_start_set] otherwise); the prepared calls below bring their own.
  [[nodiscard]] std::vector<query_result> results() const;
  [[nodiscard]] std::vector<entity_id> ids() const;
  [[nodiscard]] std::size_t count() const;
  [[nodiscard]] std::map<std::string, std::size_t> group_count() const;  // by entity type name
  [[nodiscard]] std::vector<path> paths() const;

  // Prepared use: run the same query from other start entities (its start calls are ignored).
  [[nodiscard]] std::vector<query_result> results_from(std::span<const entity_id> starts) const;
  [[nodiscard]] std::size_t count_from(entity_id start) const;
  // count_from for each start, in order: the same answers, but the plan is checked once and
  // the next starts' rows are fetched while the current one runs.
  [[nodiscard]] std::vector<std::size_t> count_each(std::span<const entity_id> starts) const;

  // The bound plan, one stage a line, then the rewrite chosen for each kind of result.
  [[nodiscard]] std::string explain_plan() const;

 private:
  const graph* g_;
  std::vector<std::shared_ptr<const detail::step_spec>> steps_;
  budget budget_{};
  std::optional<std::size_t> limit_;
  std::optional<std::pair<std::string, bool>> order_;
  bool dedup_paths_ = false;
  bool rewrites_ = true;
  // Shared by copies of an unchanged query; every builder call starts a fresh one.
  std::shared_ptr<detail::plan_cache> cache_;

  query& add(detail::step_spec spec);
  query& add_step(direction dir, std::vector<std::string> types, hop_options options);
  friend struct detail::plan_cache;
};

DOSSIER_NAMESPACE_END
