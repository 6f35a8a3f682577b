#pragma once
// How Cypher sees the store: labels of an entity, and its properties as a map. On every schema
// but the open one, the store's own fields read as properties too: the canonical name as
// `name`, the aliases as `aliases`, and the external id (a FollowTheMoney id, a CSV key) as
// `id`, so that MATCH (p:Person {id: $id}) finds an entity by it in one hash lookup.

#include "values.hpp"

#include <dossier/store/graph.hpp>

#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

[[nodiscard]] std::vector<std::string> labels_of(const graph& g, entity_id e);
[[nodiscard]] std::vector<std::string> labels_of_type(const schema& s, entity_type_id t);
// Property `key` of an entity or relationship; null when it has none.
[[nodiscard]] value_t node_property(const graph& g, entity_id e, std::string_view key);
[[nodiscard]] value_t relationship_property(const graph& g, relation_id r, std::string_view key);
[[nodiscard]] value_t::map_type node_properties(const graph& g, entity_id e);
[[nodiscard]] value_t::map_type relationship_properties(const graph& g, relation_id r);
// True when names live in the store's name fields (every schema but the open one).
[[nodiscard]] bool names_are_fields(const graph& g);

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
