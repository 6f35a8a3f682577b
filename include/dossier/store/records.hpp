#pragma once
// The store's plain records: what an entity and a relation hold, in the documented layouts that
// the bulk entry points (store/restore.hpp and graph::append) take and give.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/value.hpp>
#include <dossier/provenance/evidence.hpp>
#include <dossier/store/citations.hpp>
#include <dossier/store/statements.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class direction : std::uint8_t { out, in, both };

struct alias {
  std::string name;
  std::string lang = {};  // BCP 47 tag such as "zh", or empty
  alias() = default;
  alias(std::string n, std::string l = {}) : name(std::move(n)), lang(std::move(l)) {}
  alias(const char* n) : name(n) {}
  friend bool operator==(const alias&, const alias&) = default;
};

// What an id slot holds: a live entity, nothing (removed), or a redirect (merged into another).
enum class slot_state : std::uint8_t { live, removed, merged };

// One relation slot, 16 bytes: the layout the graph keeps and snapshots store. A removed slot
// has source == npos. `details` indexes the relation's evidence and properties, or is npos for a
// relation that has none.
struct relation_record {
  static constexpr std::uint32_t npos = ~std::uint32_t{0};
  std::uint32_t source = npos, target = npos;
  relation_type_id type = null_relation_type;
  std::uint32_t details = npos;
  friend bool operator==(const relation_record&, const relation_record&) = default;
};
static_assert(sizeof(relation_record) == 16, "relation records are four 32-bit fields");

// A relation's evidence and properties, kept aside: most relations have neither. (The layout
// that restore() takes; the graph shows its own as relation_details_view.)
struct relation_details {
  evidence ev;
  std::vector<property_statement> properties;
  friend bool operator==(const relation_details&, const relation_details&) = default;
};

// One entity slot as graph::entity_slot() shows it (removed and merged slots hold no name).
struct entity_slot_view {
  slot_state state;
  entity_id redirect;  // where a merged slot points
  entity_type_id type;
  const std::string& name;
  std::span<const alias> aliases;
  statement_range properties;
  std::string_view external_id;  // empty when it has none
};

// A relation's details as graph::relation_details_at() shows them.
struct relation_details_view {
  evidence_view ev;
  statement_range properties;
};

// Relations' citations as columns: the citation arena's own layout, which restore() adopts
// without making a citation object each (snapshots store them so). The i-th details record has
// the next counts[i] citations, and `quotes` holds their quotes one after another.
struct citation_columns {
  std::vector<std::uint32_t> counts;         // per details record
  std::vector<std::uint32_t> sources;        // per citation: the cited source's entity slot
  std::vector<double> confidences;           // per citation
  std::vector<std::uint32_t> quote_lengths;  // per citation, in bytes
  std::string quotes;
  // (citation, date) for the citations that have one, in citation order.
  std::vector<std::pair<std::uint64_t, date>> first_seen = {}, last_seen = {};
};

// ---- batches for graph::append ---------------------------------------------------------------
//
// A batch adds entities and relations in one all-or-nothing step. References between its rows
// use the ids the rows will get: the k-th entity row is entity_id(g.entity_slots() + k) at the
// time of the call, and the i-th new property name is property_id(schema.property_count() + i).
// Citations may cite sources of the batch that way too.

struct entity_row {
  entity_type_id type = null_entity_type;
  std::string name;  // may be empty: an entity without a name (an address, say)
  std::vector<alias> aliases = {};
  // Several statements of one property are several values; equal values (and valid times)
  // merge their citations, as graph::add_value does.
  std::vector<property_statement> properties = {};
  std::string external_id = {};  // unique in the graph; empty: none
  // Kept only when a kept row cites it or relates to it, else left out
  // without a word: a source that a reader makes up for what its records cite (a FollowTheMoney
  // dataset), which must not outlive the records when they are left out.
  bool implied = false;
};

struct relation_row {
  entity_id source = null_entity, target = null_entity;
  relation_type_id type = null_relation_type;
  evidence ev = {};
  std::vector<property_statement> properties = {};
  std::string external_id = {};  // empty: none; relations may share one (a FollowTheMoney edge with several ends)
};

struct batch {
  std::vector<std::string> new_properties = {};  // names that open types get; see above for their ids
  std::vector<entity_row> entities = {};
  std::vector<relation_row> relations = {};
};

// Where a batch went wrong: the row, the field inside it ("properties.startDate",
// "citations.source", ...), and the error the same mistake raises in add() or relate().
struct batch_problem {
  bool relation = false;  // a relation row (else an entity row)
  std::size_t row = 0;
  std::string field;
  std::string id;       // "dossier.schema.wrong_kind", ...
  std::string message;  // without the id
};

DOSSIER_NAMESPACE_END
