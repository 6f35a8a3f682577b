#pragma once
// The query engine and its fluent front.
//
//   auto programs = dossier::query(g).from("Program")
//                       .linked_to({chips}, {.max_hops = 3, .best_evidenced = true});
//   for (const auto& r : programs.results()) std::cout << dossier::explain(g, r.path);
//
// Semantics. A query is built first and runs when a result is asked for (results(), ids(),
// count(), paths(), ...); building it is cheap and it can be run again. Steps map a set of
// entities to a set of entities: every result entity appears once, with one explaining path
// (the shortest the step found). paths() instead enumerates every path that realises the
// query, under the query's budget.
//
// Variable-length steps (min_hops..max_hops) follow one of three path semantics:
//   walk     entities and relations may repeat;
//   trail    no relation repeats;
//   acyclic  no entity repeats (the default: the paths an analyst means by "linked via").
// Set results never enumerate paths for walk, and for acyclic from min_hops <= 1: they are
// breadth-first levels, O(max_hops x relations). Other cases, and paths(), enumerate paths
// depth-first; every query has a budget (entities visited, paths produced, results), and
// exceeding it throws budget_exceeded naming the limit, so nothing explodes silently.

#include <dossier/config.hpp>
#include <dossier/store/graph.hpp>

#include <boost/container/small_vector.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class path_semantics : std::uint8_t { walk, trail, acyclic };

struct budget {
  std::size_t max_visited = config::default_max_visited;  // entity expansions
  std::size_t max_paths = config::default_max_paths;      // paths enumerated
  std::size_t max_results = config::default_max_results;  // result rows
};

// A path: entities[0] -rel[0]- entities[1] ... Each relation is traversed forward (source to
// target) or backward; its citations are reachable through the graph.
// Paths of up to four hops (what analysts ask for) keep their steps inline, so a query that
// returns thousands of explained results does not make thousands of small allocations.
template <class T>
using path_steps = boost::container::small_vector<T, 5>;
struct path {
  path_steps<entity_id> entities;
  path_steps<relation_id> relations;
  path_steps<bool> forward;
  double cost = 0;  // hops, or the sum of weights for weighted queries
  [[nodiscard]] std::size_t length() const noexcept { return relations.size(); }
  [[nodiscard]] entity_id start() const { return entities.front(); }
  [[nodiscard]] entity_id end() const { return entities.back(); }
  friend bool operator==(const path&, const path&) = default;
};

// A filter on property values, with a description used in error messages and explanations.
struct predicate {
  std::function<bool(const value&)> test;
  std::string description;
};
[[nodiscard]] predicate eq(value v);
[[nodiscard]] predicate between(value low, value high);  // inclusive, integers, reals, dates, money
[[nodiscard]] predicate greater_than(value v);
[[nodiscard]] predicate less_than(value v);
[[nodiscard]] predicate contains(std::string text);     // case-insensitive, normalised
[[nodiscard]] predicate starts_with(std::string text);  // case-insensitive, normalised
[[nodiscard]] predicate before(date d);                 // entirely before d
[[nodiscard]] predicate after(date d);                  // entirely after d

// Which relations a hop may use, and what it may reach.
struct hop_filter {
  std::vector<std::string> relation_types = {};  // with subtypes; empty: all
  direction dir = direction::out;
  std::vector<std::string> to_types = {};        // entity types reached (with subtypes); empty: all
  double min_confidence = 0;
  std::optional<date> as_of = {};
  std::optional<source_id> cited_by = {};
  std::function<bool(const relation_ref&)> relation_where = {};
  std::function<bool(const entity_ref&)> entity_where = {};  // on the entity reached
};

struct hop_options {
  std::size_t min_hops = 1;
  std::size_t max_hops = 1;
  path_semantics semantics = path_semantics::acyclic;
  std::vector<std::string> to_types = {};
  double min_confidence = 0;
  std::optional<date> as_of = {};
  std::optional<source_id> cited_by = {};
  std::function<bool(const relation_ref&)> relation_where = {};
  std::function<bool(const entity_ref&)> entity_where = {};
};

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
  // Keeps the entities of the current set that reach any target (see linked_options).
  query& linked_to(std::vector<entity_id> targets, linked_options options = {});
  query& linked_to(const query& targets, linked_options options = {});

  // ---- shaping ----
  query& dedup();  // for paths(): one path per end entity
  query& limit(std::size_t n);
  query& order_by(std::string_view property, bool ascending = true);
  query& with_budget(budget b);

  // ---- results ----
  [[nodiscard]] std::vector<query_result> results() const;
  [[nodiscard]] std::vector<entity_id> ids() const;
  [[nodiscard]] std::size_t count() const;
  [[nodiscard]] std::map<std::string, std::size_t> group_count() const;  // by entity type name
  [[nodiscard]] std::vector<path> paths() const;

  // Prepared use: run the same query from other start entities (its start calls are ignored).
  // Compiled steps are cached between runs while the graph's adjacency is unchanged.
  [[nodiscard]] std::vector<query_result> results_from(std::span<const entity_id> starts) const;
  [[nodiscard]] std::size_t count_from(entity_id start) const;
  // count_from for each start, in order: the same answers, but the plan is checked once and
  // the next starts' rows are fetched while the current one runs.
  [[nodiscard]] std::vector<std::size_t> count_each(std::span<const entity_id> starts) const;

  struct stage;  // one pipeline stage; defined in query.cpp

 private:
  const graph* g_;
  std::vector<std::shared_ptr<const stage>> stages_;
  budget budget_{};
  std::optional<std::size_t> limit_;
  std::optional<std::pair<std::string, bool>> order_;
  bool dedup_paths_ = false;
  query& add_step(direction dir, std::vector<std::string> types, hop_options options);
  struct executor;  // one run's state; defined in query.cpp
  std::vector<detail::traverser> run(executor& x, std::span<const entity_id> starts, bool override_starts, bool all_paths) const;
  std::vector<query_result> finish(executor& x, std::vector<detail::traverser> current) const;
  std::vector<query_result> shape(std::vector<query_result> out) const;  // order_by, limit
  // count_from for chains of plain one-hop steps, for each start; false (nothing counted)
  // when the query has another shape.
  [[nodiscard]] bool count_chain(std::span<const entity_id> starts, std::span<std::size_t> counts) const;
  struct chain_plan;  // defined in query.cpp
  [[nodiscard]] const chain_plan& build_plan() const;  // when the last stage's cached plan is stale
};

// ---- path algorithms (unweighted, or weighted by confidence or a numeric property) ----

enum class weight_kind : std::uint8_t { hops, confidence, property };

struct path_options {
  hop_filter filter = {.dir = direction::both};
  weight_kind weight = weight_kind::hops;
  std::string weight_property = {};  // for weight_kind::property: a non-negative number
  budget limits = {};
};

[[nodiscard]] std::optional<path> shortest_path(const graph& g, entity_id from, entity_id to, const path_options& o = {});
[[nodiscard]] std::vector<path> all_shortest_paths(const graph& g, entity_id from, entity_id to, const path_options& o = {});
// Yen's k shortest loopless paths, best first. k must be positive.
[[nodiscard]] std::vector<path> k_shortest_paths(const graph& g, entity_id from, entity_id to, long k, const path_options& o = {});
// Every simple (acyclic) path of at most max_length relations, shortest first.
[[nodiscard]] std::vector<path> all_simple_paths(const graph& g, entity_id from, entity_id to, std::size_t max_length,
                                                 const path_options& o = {});

// ---- explanations ----

struct hop_explanation {
  entity_id from, to;
  std::string from_name, to_name;
  relation_id relation;
  std::string relation_type, relation_label;
  bool forward = true;
  struct cited {
    std::string source_title, publisher, quote;
    std::optional<date> published;
    double confidence = 1;
  };
  std::vector<cited> citations;
  valid_time valid;
};

[[nodiscard]] std::vector<hop_explanation> explain_steps(const graph& g, const path& p);
// One line per hop: "Qiming -[recruits in]-> semiconductors  (Reuters, 2023-08-24: "…")".
[[nodiscard]] std::string explain(const graph& g, const path& p);

// ---- algorithms on typed views (implemented with BGL on make_view) ----

struct scope {
  std::vector<std::string> entity_types = {};
  std::vector<std::string> relation_types = {};
};
struct scored {
  entity_id entity;
  double score;
};
// Sorted best first; only entities inside the scope appear.
[[nodiscard]] std::vector<scored> degree_centrality(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> pagerank(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> betweenness(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> closeness(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> core_numbers(const graph& g, const scope& s = {});
// Weakly connected components, largest first.
[[nodiscard]] std::vector<std::vector<entity_id>> components(const graph& g, const scope& s = {});

DOSSIER_NAMESPACE_END
