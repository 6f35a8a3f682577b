#pragma once
// Boost.Graph adaptation of dossier::graph. With this header, dossier::graph models
// VertexListGraph, EdgeListGraph, IncidenceGraph, BidirectionalGraph and AdjacencyGraph, and
// offers vertex_index, edge_index, vertex_name and dossier's entity/relation type maps:
// every BGL algorithm runs on it unmodified. Vertex descriptors are entity slots (the value
// of the entity_id), edge descriptors carry the relation id, so results map back directly.

#include <dossier/store/graph.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/graph/adjacency_iterator.hpp>
#include <boost/property_map/property_map.hpp>

#include <cstdint>

DOSSIER_NAMESPACE_BEGIN

struct graph_traversal_tag : boost::vertex_list_graph_tag,
                             boost::edge_list_graph_tag,
                             boost::bidirectional_graph_tag,
                             boost::adjacency_graph_tag {};

// A relation seen as a BGL edge.
struct relation_edge {
  std::uint32_t source = detail::npos32, target = detail::npos32, relation = detail::npos32;
  [[nodiscard]] relation_id id() const noexcept { return static_cast<relation_id>(relation); }
  friend bool operator==(const relation_edge& a, const relation_edge& b) noexcept { return a.relation == b.relation; }
  friend bool operator<(const relation_edge& a, const relation_edge& b) noexcept { return a.relation < b.relation; }
};

namespace detail {

class incident_edge_iterator
    : public boost::iterator_facade<incident_edge_iterator, relation_edge, boost::forward_traversal_tag, relation_edge> {
 public:
  incident_edge_iterator() = default;
  incident_edge_iterator(adjacency::cursor c, std::uint32_t v, bool out) : c_(c), v_(v), out_(out) {}

 private:
  friend class boost::iterator_core_access;
  relation_edge dereference() const {
    const auto e = *c_;
    return out_ ? relation_edge{v_, e.neighbor, e.relation} : relation_edge{e.neighbor, v_, e.relation};
  }
  void increment() { ++c_; }
  bool equal(const incident_edge_iterator& o) const { return c_ == o.c_; }
  adjacency::cursor c_;
  std::uint32_t v_ = npos32;
  bool out_ = true;
};

// Iterates ranks 0..n-1 of a dense_ranking and yields the slot at each rank.
class ranked_slot_iterator
    : public boost::iterator_facade<ranked_slot_iterator, std::uint32_t, boost::random_access_traversal_tag, std::uint32_t> {
 public:
  ranked_slot_iterator() = default;
  ranked_slot_iterator(const dense_ranking* r, std::uint32_t rank) : r_(r), rank_(rank) {}

 private:
  friend class boost::iterator_core_access;
  std::uint32_t dereference() const { return r_->at(rank_); }
  void increment() { ++rank_; }
  void decrement() { --rank_; }
  void advance(std::ptrdiff_t n) { rank_ = static_cast<std::uint32_t>(static_cast<std::ptrdiff_t>(rank_) + n); }
  std::ptrdiff_t distance_to(const ranked_slot_iterator& o) const {
    return static_cast<std::ptrdiff_t>(o.rank_) - static_cast<std::ptrdiff_t>(rank_);
  }
  bool equal(const ranked_slot_iterator& o) const { return rank_ == o.rank_; }
  const dense_ranking* r_ = nullptr;
  std::uint32_t rank_ = 0;
};

class relation_edge_iterator
    : public boost::iterator_facade<relation_edge_iterator, relation_edge, boost::random_access_traversal_tag, relation_edge> {
 public:
  relation_edge_iterator() = default;
  relation_edge_iterator(const graph* g, std::uint32_t rank) : g_(g), rank_(rank) {}

 private:
  friend class boost::iterator_core_access;
  relation_edge dereference() const {
    const auto r = g_->relation_ranking().at(rank_);
    return {g_->relation_source(r), g_->relation_target(r), r};
  }
  void increment() { ++rank_; }
  void decrement() { --rank_; }
  void advance(std::ptrdiff_t n) { rank_ = static_cast<std::uint32_t>(static_cast<std::ptrdiff_t>(rank_) + n); }
  std::ptrdiff_t distance_to(const relation_edge_iterator& o) const {
    return static_cast<std::ptrdiff_t>(o.rank_) - static_cast<std::ptrdiff_t>(rank_);
  }
  bool equal(const relation_edge_iterator& o) const { return rank_ == o.rank_; }
  const graph* g_ = nullptr;
  std::uint32_t rank_ = 0;
};

}  // namespace detail

DOSSIER_NAMESPACE_END

namespace boost {
template <>
struct graph_traits<dossier::graph> {
  using vertex_descriptor = std::uint32_t;
  using edge_descriptor = dossier::relation_edge;
  using directed_category = bidirectional_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = dossier::graph_traversal_tag;
  using out_edge_iterator = dossier::detail::incident_edge_iterator;
  using in_edge_iterator = dossier::detail::incident_edge_iterator;
  using vertex_iterator = dossier::detail::ranked_slot_iterator;
  using edge_iterator = dossier::detail::relation_edge_iterator;
  using adjacency_iterator =
      adjacency_iterator_generator<dossier::graph, vertex_descriptor, out_edge_iterator>::type;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() noexcept { return dossier::detail::npos32; }
};
template <>
struct graph_traits<const dossier::graph> : graph_traits<dossier::graph> {};
}  // namespace boost

DOSSIER_NAMESPACE_BEGIN

using bgl_traits = boost::graph_traits<graph>;

// The BGL vertex of a (live, or merged-into-live) entity; throws not_found otherwise.
[[nodiscard]] inline std::uint32_t vertex(const graph& g, entity_id id) { return to_index(g.canonical(id)); }
[[nodiscard]] inline entity_id entity_of(std::uint32_t v) noexcept { return static_cast<entity_id>(v); }
[[nodiscard]] inline relation_id relation_of(const relation_edge& e) noexcept { return e.id(); }

// ---- IncidenceGraph / BidirectionalGraph ----
inline std::uint32_t source(const relation_edge& e, const graph&) noexcept { return e.source; }
inline std::uint32_t target(const relation_edge& e, const graph&) noexcept { return e.target; }
inline std::pair<bgl_traits::out_edge_iterator, bgl_traits::out_edge_iterator> out_edges(std::uint32_t v, const graph& g) {
  const auto& a = g.out_adjacency();
  return {{a.begin(v), v, true}, {a.end(v), v, true}};
}
inline std::pair<bgl_traits::in_edge_iterator, bgl_traits::in_edge_iterator> in_edges(std::uint32_t v, const graph& g) {
  const auto& a = g.in_adjacency();
  return {{a.begin(v), v, false}, {a.end(v), v, false}};
}
inline std::size_t out_degree(std::uint32_t v, const graph& g) noexcept { return g.out_adjacency().degree(v); }
inline std::size_t in_degree(std::uint32_t v, const graph& g) noexcept { return g.in_adjacency().degree(v); }
inline std::size_t degree(std::uint32_t v, const graph& g) noexcept { return out_degree(v, g) + in_degree(v, g); }

// ---- VertexListGraph / EdgeListGraph / AdjacencyGraph ----
inline std::pair<bgl_traits::vertex_iterator, bgl_traits::vertex_iterator> vertices(const graph& g) {
  const auto* r = &g.entity_ranking();
  return {{r, 0}, {r, r->size()}};
}
inline std::size_t num_vertices(const graph& g) noexcept { return g.entity_count(); }
inline std::pair<bgl_traits::edge_iterator, bgl_traits::edge_iterator> edges(const graph& g) {
  return {{&g, 0}, {&g, g.relation_ranking().size()}};
}
inline std::size_t num_edges(const graph& g) noexcept { return g.relation_count(); }
inline std::pair<bgl_traits::adjacency_iterator, bgl_traits::adjacency_iterator> adjacent_vertices(std::uint32_t v,
                                                                                                   const graph& g) {
  auto [b, e] = out_edges(v, g);
  return {bgl_traits::adjacency_iterator(b, &g), bgl_traits::adjacency_iterator(e, &g)};
}

// ---- property maps ----
// Property tags of our own, usable as get(dossier::entity_type_t{}, g).
struct entity_type_t { using kind = boost::vertex_property_tag; };
struct relation_type_t { using kind = boost::edge_property_tag; };

namespace detail {
template <class Key, class Value, class Derived>
struct readable_graph_map {
  using key_type = Key;
  using value_type = Value;
  using reference = Value;
  using category = boost::readable_property_map_tag;
  const graph* g = nullptr;
};
}  // namespace detail

struct entity_index_map : detail::readable_graph_map<std::uint32_t, std::uint32_t, entity_index_map> {};
struct relation_index_map : detail::readable_graph_map<relation_edge, std::uint32_t, relation_index_map> {};
struct entity_type_map : detail::readable_graph_map<std::uint32_t, entity_type_id, entity_type_map> {};
struct relation_type_map : detail::readable_graph_map<relation_edge, relation_type_id, relation_type_map> {};
struct entity_name_map {
  using key_type = std::uint32_t;
  using value_type = std::string;
  using reference = const std::string&;
  using category = boost::readable_property_map_tag;
  const graph* g = nullptr;
};

inline std::uint32_t get(const entity_index_map& m, std::uint32_t v) noexcept { return m.g->entity_ranking().rank(v); }
inline std::uint32_t get(const relation_index_map& m, const relation_edge& e) noexcept {
  return m.g->relation_ranking().rank(e.relation);
}
inline entity_type_id get(const entity_type_map& m, std::uint32_t v) noexcept { return m.g->entity_type_of(v); }
inline relation_type_id get(const relation_type_map& m, const relation_edge& e) noexcept {
  return m.g->relation_type_of(e.relation);
}
inline const std::string& get(const entity_name_map& m, std::uint32_t v) {
  return m.g->get(static_cast<entity_id>(v)).name();
}

inline entity_index_map get(boost::vertex_index_t, const graph& g) noexcept { return {{&g}}; }
inline relation_index_map get(boost::edge_index_t, const graph& g) noexcept { return {{&g}}; }
inline entity_name_map get(boost::vertex_name_t, const graph& g) noexcept { return {&g}; }
inline entity_type_map get(entity_type_t, const graph& g) noexcept { return {{&g}}; }
inline relation_type_map get(relation_type_t, const graph& g) noexcept { return {{&g}}; }

template <class Tag, class Key>
inline auto get(Tag tag, const graph& g, const Key& key) -> decltype(get(get(tag, g), key)) {
  return get(get(tag, g), key);
}

DOSSIER_NAMESPACE_END

namespace boost {
// Qualified calls such as boost::num_vertices(g) work as they do for BGL's own graphs.
using dossier::adjacent_vertices;
using dossier::degree;
using dossier::edges;
using dossier::in_degree;
using dossier::in_edges;
using dossier::num_edges;
using dossier::num_vertices;
using dossier::out_degree;
using dossier::out_edges;
using dossier::source;
using dossier::target;
using dossier::vertices;

template <>
struct property_map<dossier::graph, vertex_index_t> {
  using type = dossier::entity_index_map;
  using const_type = dossier::entity_index_map;
};
template <>
struct property_map<dossier::graph, edge_index_t> {
  using type = dossier::relation_index_map;
  using const_type = dossier::relation_index_map;
};
template <>
struct property_map<dossier::graph, vertex_name_t> {
  using type = dossier::entity_name_map;
  using const_type = dossier::entity_name_map;
};
template <>
struct property_map<dossier::graph, dossier::entity_type_t> {
  using type = dossier::entity_type_map;
  using const_type = dossier::entity_type_map;
};
template <>
struct property_map<dossier::graph, dossier::relation_type_t> {
  using type = dossier::relation_type_map;
  using const_type = dossier::relation_type_map;
};
}  // namespace boost
