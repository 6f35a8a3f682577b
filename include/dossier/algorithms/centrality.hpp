#pragma once
// Centralities on typed scopes, through Boost.Graph's algorithms on a view (views/view.hpp).
// Only entities inside the scope appear in a result, sorted best first. What each computes:
//   degree_centrality  relations in either direction inside the scope;
//   pagerank           BGL's page_rank (damping 0.85, 20 iterations) on the directed scope,
//                      with the scope's own entity count as n, so it equals page_rank on the
//                      same subgraph built on its own;
//   betweenness        Brandes' betweenness, on the scope taken as undirected (brokers link
//                      in either direction), unnormalised, each unordered pair counted once;
//   closeness          harmonic closeness (the sum of 1 / distance to every other entity),
//                      undirected, which stays meaningful on disconnected graphs;
//   core_numbers       k-core numbers, undirected.

#include <dossier/core/config.hpp>
#include <dossier/store/graph.hpp>

#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct scope {
  std::vector<std::string> entity_types = {};
  std::vector<std::string> relation_types = {};
};
struct scored {
  entity_id entity;
  double score;
};

[[nodiscard]] std::vector<scored> degree_centrality(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> pagerank(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> betweenness(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> closeness(const graph& g, const scope& s = {});
[[nodiscard]] std::vector<scored> core_numbers(const graph& g, const scope& s = {});

DOSSIER_NAMESPACE_END
