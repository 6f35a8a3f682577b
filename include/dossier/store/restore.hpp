#pragma once
// The store's bulk entry point for whole graphs. restore() builds a graph from a complete
// image, slot for slot (removed and merged slots included, so that every id survives), and
// checks the store's invariants once, here, before any index is built. Snapshots load through
// it, and readers of any other whole-graph format can too; writers read the same layouts back
// through graph::entity_slot(), graph::relation_records() and graph::relation_details_at().
// (To add to a graph that already exists, use graph::append.)

#include <dossier/core/config.hpp>
#include <dossier/schema/schema.hpp>
#include <dossier/store/graph.hpp>
#include <dossier/store/records.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct entity_image {
  slot_state state = slot_state::live;
  entity_id redirect = null_entity;  // merged slots: the entity this one was merged into
  entity_type_id type = null_entity_type;
  std::string name = {};  // live slots only
  std::vector<alias> aliases = {};
  std::vector<property_statement> properties = {};
  std::string external_id = {};  // unique among live and merged slots; empty: none
};

struct graph_image {
  dossier::schema schema;
  std::vector<entity_image> entities;        // slot i is entity_id(i)
  std::vector<relation_record> relations;    // slot i is relation_id(i); `details` indexes the next vector
  std::vector<relation_details> details;     // at its final size
  std::vector<std::pair<std::uint32_t, std::string>> relation_external_ids = {};  // (relation slot, id)
  // Optional: the details' citations as columns (store/records.hpp), which restore() adopts as the
  // graph's citation arena without making a citation object each. When set, it has a count per
  // details record, every details record's ev.citations is empty, and `details` may stop at the
  // last record that has a valid time or properties (readers then make no record for the others).
  std::optional<citation_columns> citations = {};
  // Optional: fills `details` in place while restore() indexes the relations, for readers whose
  // details take long to decode (snapshots decode citations column by column). It runs on
  // restore's thread while another builds the adjacency; an exception from it is rethrown.
  std::function<void(std::vector<relation_details>&)> decode_details = {};
};

// Throws format_error [dossier.store.invalid_image] naming the first slot that breaks an
// invariant: an unknown type or state; a redirect that loops or does not end at a live entity; a
// duplicate external id; a property the type does not declare, or a value of another
// kind; a citation of an entity that is not a live source, a confidence outside [0, 1], a
// quote that is not UTF-8; a valid time that ends before it starts; a relation between
// entities that are not live, or whose ends do not fit its type. Nothing is returned then.
[[nodiscard]] graph restore(graph_image image);

DOSSIER_NAMESPACE_END
