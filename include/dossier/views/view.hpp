#pragma once
// Views: lightweight filters over the graph that are BGL graphs too. Nothing is copied: a view
// holds a pointer to the graph and a shared, immutable filter state.
//
//   make_view(g, {.relation_types = {"ProjectParticipant"}, .as_of = date{2017}})
//
// keeps entities of the given types (and subtypes) that hold at the date, and relations of the
// given types between them that hold at the date, have at least the given confidence and, if
// asked, are cited by a source (views/relation_filter.hpp). Vertex indices of a view are the
// whole graph's (num_vertices of a view is the graph's, as for every boost::filtered_graph):
// size property maps by the graph, and count a view's vertices by iterating them.

#include <dossier/store/bgl.hpp>
#include <dossier/views/relation_filter.hpp>
#include <dossier/views/undirected.hpp>

#include <boost/graph/filtered_graph.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct view_options {
  std::vector<std::string> entity_types = {};    // empty: all
  std::vector<std::string> relation_types = {};  // empty: all
  std::optional<date> as_of = {};                 // entities and relations that hold then
  double min_confidence = 0.0;                    // relations with a citation at least this sure
  std::optional<source_id> cited_by = {};         // relations citing this source
};

namespace detail {
struct view_state {
  const graph* g = nullptr;
  type_mask entities;
  bool all_entities = true;
  relation_filter relations;

  [[nodiscard]] bool keep_entity(std::uint32_t v) const noexcept {
    return (all_entities || entities.test(to_index(g->entity_type_of(v)))) && relations.holds(*g, v);
  }
  [[nodiscard]] bool keep_relation(std::uint32_t r) const {
    return relations.keep(*g, r) && keep_entity(g->relation_source(r)) && keep_entity(g->relation_target(r));
  }
};
}  // namespace detail

struct relation_predicate {
  std::shared_ptr<const detail::view_state> state;
  bool operator()(const relation_edge& e) const { return state->keep_relation(e.relation); }
};
struct entity_predicate {
  std::shared_ptr<const detail::view_state> state;
  bool operator()(std::uint32_t v) const { return state->keep_entity(v); }
};

using view = boost::filtered_graph<graph, relation_predicate, entity_predicate>;

// Throws as relation_filter does (schema_error for unknown types, provenance_error for a bad
// confidence or source).
[[nodiscard]] view make_view(const graph& g, const view_options& options);
[[nodiscard]] std::shared_ptr<const detail::view_state> make_view_state(const graph& g, const view_options& options);

DOSSIER_NAMESPACE_END
