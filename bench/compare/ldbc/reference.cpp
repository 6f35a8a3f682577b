// The reference the issue measures dossier's LDBC load against: plain Boost.Graph structures
// holding the same data. One compressed_sparse_row_graph per edge type (outgoing edges only),
// and a plain vector per (node or edge type, property): integers as int64_t, text as
// std::string, a missing value as 0 or "". Read from the same files with the same parser as
// the dossier loader, so that the two differ only in what they build.
#include "layout.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <variant>

namespace ldbc {

namespace {

using csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property, boost::no_property,
                                               std::uint32_t, std::uint32_t>;
using property_column = std::variant<std::vector<std::int64_t>, std::vector<std::string>>;

std::int64_t number(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::vector<property_column> columns_for(const std::vector<column>& columns) {
  std::vector<property_column> out;
  for (const auto& c : columns) {
    if (c.integer) out.emplace_back(std::vector<std::int64_t>{});
    else out.emplace_back(std::vector<std::string>{});
  }
  return out;
}

void append_fields(std::vector<property_column>& out, const std::vector<std::string_view>& fields, std::size_t first) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto f = fields.at(first + i);
    if (auto* ints = std::get_if<std::vector<std::int64_t>>(&out[i])) ints->push_back(number(f));
    else std::get<std::vector<std::string>>(out[i]).emplace_back(f);
  }
}

struct node_store {
  std::vector<property_column> properties;
  std::size_t rows = 0;
};
struct edge_store {
  csr graph;
  std::vector<property_column> properties;
  std::size_t edges = 0;
};

}  // namespace

int run_reference(const fs::path& data) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto l = read_layout(data);
  std::unordered_map<std::string, node_store> nodes;
  std::unordered_map<std::string, std::unordered_map<std::int64_t, std::uint32_t>> index;  // dropped after the load
  for (const auto& n : l.nodes) {
    auto& store = nodes[n.type];
    store.properties = columns_for(n.columns);
    auto& ids = index[n.type];
    each_row(n.file, [&](const auto& f) {
      ids.emplace(number(f[0]), static_cast<std::uint32_t>(store.rows++));
      append_fields(store.properties, f, 0);
    });
  }
  std::vector<edge_store> edges;
  std::size_t edge_total = 0;
  for (const auto& e : l.edges) {
    const auto& sources = index.at(e.source);
    const auto& targets = index.at(e.target);
    edge_store store;
    store.properties = columns_for(e.properties);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
    for (const auto& file : e.files)
      each_row(file, [&](const auto& f) {
        ends.emplace_back(sources.at(number(f[0])), targets.at(number(f[1])));
        append_fields(store.properties, f, 2);
      });
    store.edges = ends.size();
    edge_total += ends.size();
    // Sorted by source, with the property columns in the same order, so that a CSR edge's index
    // is its row in the columns.
    std::vector<std::uint32_t> order(ends.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return ends[a].first < ends[b].first; });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted(ends.size());
    for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = ends[order[i]];
    for (auto& column : store.properties)
      std::visit([&](auto& values) {
        std::remove_reference_t<decltype(values)> permuted(values.size());
        for (std::size_t i = 0; i < order.size(); ++i) permuted[i] = std::move(values[order[i]]);
        values = std::move(permuted);
      }, column);
    // Vertices are the rows of the larger end type, so that both ends' indices fit.
    const auto vertices = std::max(nodes.at(e.source).rows, nodes.at(e.target).rows);
    store.graph = csr(boost::edges_are_sorted, sorted.begin(), sorted.end(), vertices);
    edges.push_back(std::move(store));
  }
  index.clear();
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::size_t node_total = 0;
  for (const auto& [type, store] : nodes) node_total += store.rows;
  std::printf("load %.3f\ncount %zu %zu\npeak %zu\n", ms, node_total, edge_total, peak_rss());
  std::printf("resident %.1f MiB\n", static_cast<double>(current_rss()) / 1048576.0);
  return 0;
}

}  // namespace ldbc
