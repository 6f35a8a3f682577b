#pragma once
// Views: lightweight filters over the graph that are BGL graphs too. Nothing is copied: a view
// holds a pointer to the graph and a shared, immutable filter state.
//
//   make_view(g, {.relation_types = {"ProjectParticipant"}, .as_of = date{2017}})
//
// keeps entities of the given types (and subtypes) and relations of the given types that hold
// at the date, have at least the given confidence and, if asked, are cited by a source.
// undirected_view(v) presents any bidirectional graph (the graph itself or a view) as
// undirected, for algorithms such as connected_components.

#include <dossier/bgl.hpp>

#include <boost/graph/filtered_graph.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct view_options {
  std::vector<std::string> entity_types = {};    // empty: all
  std::vector<std::string> relation_types = {};  // empty: all
  std::optional<date> as_of = {};                 // relations whose valid time holds then
  double min_confidence = 0.0;                    // relations with a citation at least this sure
  std::optional<source_id> cited_by = {};         // relations citing this source
};

namespace detail {
struct view_state {
  const graph* g = nullptr;
  type_mask entities, relations;
  bool all_entities = true, all_relations = true;
  std::optional<date> as_of;
  double min_confidence = 0;
  std::optional<std::uint32_t> cited_by;

  [[nodiscard]] bool keep_entity(std::uint32_t v) const noexcept {
    return all_entities || entities.test(to_index(g->entity_type_of(v)));
  }
  [[nodiscard]] bool keep_relation(std::uint32_t r) const {
    if (!all_relations && !relations.test(to_index(g->relation_type_of(r)))) return false;
    if (!keep_entity(g->relation_source(r)) || !keep_entity(g->relation_target(r))) return false;
    if (!as_of && min_confidence <= 0 && !cited_by) return true;
    const auto& ev = g->relation_evidence(r);
    if (as_of && !ev.valid.holds_at(*as_of)) return false;
    if (min_confidence > 0 && ev.confidence() < min_confidence) return false;
    if (cited_by && !ev.cited_by(static_cast<source_id>(*cited_by))) return false;
    return true;
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

// Throws schema_error for unknown types, provenance_error for a bad confidence or source.
[[nodiscard]] view make_view(const graph& g, const view_options& options);
[[nodiscard]] std::shared_ptr<const detail::view_state> make_view_state(const graph& g, const view_options& options);

// ---- undirected adapter -----------------------------------------------------------------

template <class G>
class undirected_view {
 public:
  using base_traits = boost::graph_traits<G>;
  using base_edge = typename base_traits::edge_descriptor;

  struct edge_descriptor {
    base_edge edge{};
    bool reversed = false;
    friend bool operator==(const edge_descriptor& a, const edge_descriptor& b) { return a.edge == b.edge; }
    friend bool operator!=(const edge_descriptor& a, const edge_descriptor& b) { return !(a == b); }
  };

  class out_edge_iterator
      : public boost::iterator_facade<out_edge_iterator, edge_descriptor, boost::forward_traversal_tag, edge_descriptor> {
   public:
    out_edge_iterator() = default;
    out_edge_iterator(typename base_traits::out_edge_iterator o, typename base_traits::out_edge_iterator oe,
                      typename base_traits::in_edge_iterator i, typename base_traits::in_edge_iterator ie)
        : o_(o), oe_(oe), i_(i), ie_(ie) {}

   private:
    friend class boost::iterator_core_access;
    edge_descriptor dereference() const { return o_ != oe_ ? edge_descriptor{*o_, false} : edge_descriptor{*i_, true}; }
    void increment() {
      if (o_ != oe_) ++o_;
      else ++i_;
    }
    bool equal(const out_edge_iterator& x) const { return o_ == x.o_ && i_ == x.i_; }
    typename base_traits::out_edge_iterator o_{}, oe_{};
    typename base_traits::in_edge_iterator i_{}, ie_{};
  };

  class edge_iterator
      : public boost::iterator_facade<edge_iterator, edge_descriptor, boost::forward_traversal_tag, edge_descriptor> {
   public:
    edge_iterator() = default;
    explicit edge_iterator(typename base_traits::edge_iterator it) : it_(it) {}

   private:
    friend class boost::iterator_core_access;
    edge_descriptor dereference() const { return {*it_, false}; }
    void increment() { ++it_; }
    bool equal(const edge_iterator& x) const { return it_ == x.it_; }
    typename base_traits::edge_iterator it_{};
  };

  struct traversal_category : boost::incidence_graph_tag,
                              boost::vertex_list_graph_tag,
                              boost::edge_list_graph_tag,
                              boost::adjacency_graph_tag {};
  using vertex_descriptor = typename base_traits::vertex_descriptor;
  using directed_category = boost::undirected_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  using vertex_iterator = typename base_traits::vertex_iterator;
  using in_edge_iterator = out_edge_iterator;
  using adjacency_iterator =
      typename boost::adjacency_iterator_generator<undirected_view, vertex_descriptor, out_edge_iterator>::type;
  using vertices_size_type = typename base_traits::vertices_size_type;
  using edges_size_type = typename base_traits::edges_size_type;
  using degree_size_type = typename base_traits::degree_size_type;
  static vertex_descriptor null_vertex() { return base_traits::null_vertex(); }

  explicit undirected_view(const G& g) : g_(&g) {}
  [[nodiscard]] const G& base() const noexcept { return *g_; }

  friend vertex_descriptor source(const edge_descriptor& e, const undirected_view& v) {
    return e.reversed ? target(e.edge, *v.g_) : source(e.edge, *v.g_);
  }
  friend vertex_descriptor target(const edge_descriptor& e, const undirected_view& v) {
    return e.reversed ? source(e.edge, *v.g_) : target(e.edge, *v.g_);
  }
  friend std::pair<out_edge_iterator, out_edge_iterator> out_edges(vertex_descriptor u, const undirected_view& v) {
    auto [ob, oe] = out_edges(u, *v.g_);
    auto [ib, ie] = in_edges(u, *v.g_);
    return {out_edge_iterator(ob, oe, ib, ie), out_edge_iterator(oe, oe, ie, ie)};
  }
  friend degree_size_type out_degree(vertex_descriptor u, const undirected_view& v) {
    return out_degree(u, *v.g_) + in_degree(u, *v.g_);
  }
  friend degree_size_type degree(vertex_descriptor u, const undirected_view& v) { return out_degree(u, v); }
  friend std::pair<vertex_iterator, vertex_iterator> vertices(const undirected_view& v) { return vertices(*v.g_); }
  friend vertices_size_type num_vertices(const undirected_view& v) { return num_vertices(*v.g_); }
  friend std::pair<edge_iterator, edge_iterator> edges(const undirected_view& v) {
    auto [b, e] = edges(*v.g_);
    return {edge_iterator(b), edge_iterator(e)};
  }
  friend edges_size_type num_edges(const undirected_view& v) { return num_edges(*v.g_); }
  friend std::pair<adjacency_iterator, adjacency_iterator> adjacent_vertices(vertex_descriptor u,
                                                                             const undirected_view& v) {
    auto [b, e] = out_edges(u, v);
    return {adjacency_iterator(b, &v), adjacency_iterator(e, &v)};
  }
  friend auto get(boost::vertex_index_t tag, const undirected_view& v) { return get(tag, *v.g_); }

 private:
  const G* g_;
};

DOSSIER_NAMESPACE_END

namespace boost {
template <class G>
struct property_map<dossier::undirected_view<G>, vertex_index_t> {
  using type = typename property_map<G, vertex_index_t>::const_type;
  using const_type = type;
};
}  // namespace boost
