// Weakly connected components through Boost.Graph on an undirected view.
#include <dossier/algorithms/components.hpp>
#include <dossier/views/view.hpp>

#include "detail/scoped.hpp"

#include <boost/graph/connected_components.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

std::vector<std::vector<entity_id>> components(const graph& g, const scope& s) {
  const auto v = detail::scoped_view(g, s);
  const undirected_view<view> u(v);
  const auto index = get(boost::vertex_index, g);
  // Unsigned component numbers: BGL counts from max() + 1, which for a view with no entity in
  // scope overflowed an int (UBSan, found by fuzz/query_fuzz); unsigned it is 0, as it should be.
  std::vector<std::size_t> comp(boost::num_vertices(g), 0);
  const std::size_t n = boost::connected_components(u, boost::make_iterator_property_map(comp.begin(), index));
  std::vector<std::vector<entity_id>> out(n);
  for (auto [it, end] = boost::vertices(v); it != end; ++it) out[comp[get(index, *it)]].push_back(entity_of(*it));
  std::erase_if(out, [](const auto& c) { return c.empty(); });
  for (auto& c : out) std::sort(c.begin(), c.end());  // vertices come in rank order, which removals reorder
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

DOSSIER_NAMESPACE_END
