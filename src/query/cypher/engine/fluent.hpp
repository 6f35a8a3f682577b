#pragma once
// Statements whose answer the fluent API computes by the same rules run through its bound plan
// and its fast paths (query/query.hpp): Cypher and C++ share one executor where they can.
//
//   MATCH (a:L {id: $x})-[:T1]->(:L1)-[:T2]->(b:L2) RETURN count(DISTINCT b)   query::count_from
//   MATCH (a:L {id: $x})-[:T1|T2*m..n]->(b:L2) RETURN count(DISTINCT b)         query::count_from
//   MATCH (p:L)-[:T*1..k]->(f {id: $x}) RETURN count(DISTINCT p)                query::linked_to
//   MATCH p = shortestPath((a {id: $x})-[:T*1..k]->(b {id: $y})) RETURN length(p)  shortest_path
//
// Where ids are external ids (closed schemas). A chain keeps openCypher's trail semantics when
// no two of its hops can use the same relationship (or under MATCH WALK); a reachability count
// equals the count of distinct ends of trails, since the shortest walk to a node is a path.
// A variable-length step (alone, 1 <= n, m <= n, in any direction) is a fluent step of trail
// semantics, or walk under MATCH WALK; the bound plan counts it breadth-first or depth-first
// (count_levels, count_trails in src/query/detail/plan.hpp). count(b) counts paths: general.
// Everything else, and any case the rewrite cannot vouch for, takes the general engine.

#include "engine.hpp"

#include <optional>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

struct fluent_shape;

// Decided once per statement, from its text alone.
[[nodiscard]] std::shared_ptr<const fluent_shape> recognise_fluent(const prepared& p);
// The answer through the fluent plan, or nullopt when this graph or these values need the
// general engine.
[[nodiscard]] std::optional<cypher_result> run_fluent(const prepared& p, const fluent_shape& shape, const graph& g,
                                                      const cypher_parameters& params, const cypher_options& options);
[[nodiscard]] std::string describe_fluent(const fluent_shape& shape);

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
