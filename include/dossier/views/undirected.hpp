#pragma once
// undirected_view(v) presents any bidirectional graph (the graph itself or a view) as
// undirected, for algorithms such as connected_components: each relation is an edge both ways.
// Vertex indices are those of the underlying graph.

#include <dossier/store/bgl.hpp>

#include <boost/graph/adjacency_iterator.hpp>
#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/iterator_facade.hpp>

DOSSIER_NAMESPACE_BEGIN

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
