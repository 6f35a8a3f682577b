// Centralities on typed scopes, through Boost.Graph on views.
#include <dossier/algorithms/centrality.hpp>
#include <dossier/views/view.hpp>

#include "detail/scoped.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace {
using detail::scoped_view;

std::vector<scored> collect(const graph& g, const view& v, const std::vector<double>& values) {
  std::vector<scored> out;
  const auto index = get(boost::vertex_index, g);
  for (auto [it, end] = boost::vertices(v); it != end; ++it) out.push_back({entity_of(*it), values[get(index, *it)]});
  std::stable_sort(out.begin(), out.end(), [](const scored& a, const scored& b) { return a.score > b.score; });
  return out;
}
}  // namespace

std::vector<scored> degree_centrality(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  std::vector<double> values(boost::num_vertices(g), 0);
  const auto index = get(boost::vertex_index, g);
  for (auto [it, end] = boost::vertices(v); it != end; ++it)
    values[get(index, *it)] = static_cast<double>(boost::out_degree(*it, v) + boost::in_degree(*it, v));
  return collect(g, v, values);
}

std::vector<scored> pagerank(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  std::vector<double> values(boost::num_vertices(g), 0);
  // A view reports the whole graph's vertex count; PageRank's n must be the scope's own, or the
  // scores differ from page_rank on the same subgraph built on its own.
  const auto [first, last] = boost::vertices(v);
  const auto n = static_cast<std::size_t>(std::distance(first, last));
  if (n == 0) return {};
  boost::graph::page_rank(v, boost::make_iterator_property_map(values.begin(), get(boost::vertex_index, g)),
                          boost::graph::n_iterations(20), 0.85, n);
  return collect(g, v, values);
}

std::vector<scored> betweenness(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);  // brokers link in either direction
  std::vector<double> values(boost::num_vertices(g), 0);
  boost::brandes_betweenness_centrality(u, boost::centrality_map(boost::make_iterator_property_map(values.begin(), get(boost::vertex_index, g))));
  return collect(g, v, values);
}

std::vector<scored> closeness(const graph& g, const scope& s) {
  // Harmonic closeness (sum of 1/distance), which stays meaningful on disconnected graphs.
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);
  const auto index = get(boost::vertex_index, g);
  std::vector<double> values(boost::num_vertices(g), 0);
  std::vector<std::size_t> dist(boost::num_vertices(g));
  for (auto [it, end] = boost::vertices(v); it != end; ++it) {
    std::fill(dist.begin(), dist.end(), std::numeric_limits<std::size_t>::max());
    dist[get(index, *it)] = 0;
    boost::breadth_first_search(u, *it,
                                boost::visitor(boost::make_bfs_visitor(
                                    boost::record_distances(boost::make_iterator_property_map(dist.begin(), index), boost::on_tree_edge{}))));
    double h = 0;
    for (auto d : dist)
      if (d != 0 && d != std::numeric_limits<std::size_t>::max()) h += 1.0 / static_cast<double>(d);
    values[get(index, *it)] = h;
  }
  return collect(g, v, values);
}

std::vector<scored> core_numbers(const graph& g, const scope& s) {
  const auto v = scoped_view(g, s);
  const undirected_view<view> u(v);
  std::vector<std::size_t> cores(boost::num_vertices(g), 0);
  boost::core_numbers(u, boost::make_iterator_property_map(cores.begin(), get(boost::vertex_index, g)));
  std::vector<double> values(cores.begin(), cores.end());
  return collect(g, v, values);
}

DOSSIER_NAMESPACE_END
