#pragma once
// The store: entities, relations, their properties and evidence, names, merges.
//
// Ids are slots that are never reused: removing or merging an entity leaves its id pointing at
// nothing (not_found) or at the entity it was merged into. Adjacency is kept per entity and per
// relation type (store/detail/adjacency.hpp). The graph is move-only; copy() makes a deep copy.
// Every mutating call validates before it changes anything: when it throws, the graph is as it was.
// Const member functions may be called concurrently; mutation needs exclusive access.
//
// Sources are entities: a source is an entity of type Document or a subtype (Article, ...), so
// entity_count() includes them, and source_count() says how many of them are sources.
//
// Valid time of entities: an entity holds over the period its startDate and endDate properties
// give (FollowTheMoney's names; the earliest start and the latest end when there are several),
// and always when it has neither. Views and queries "as of" a date skip entities that do not
// hold then (entity_ref::valid()).

#include <dossier/core/config.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/value.hpp>
#include <dossier/names/name_index.hpp>
#include <dossier/provenance/evidence.hpp>
#include <dossier/schema/schema.hpp>
#include <dossier/store/citations.hpp>
#include <dossier/store/detail/adjacency.hpp>
#include <dossier/store/detail/citation_arena.hpp>
#include <dossier/store/detail/statement_table.hpp>
#include <dossier/store/expansion.hpp>
#include <dossier/store/records.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
class claim_index;  // src/store/detail/claim_index.hpp
}

struct property_input {
  std::string name;
  value val;
};

struct entity_options {
  std::vector<alias> aliases = {};
  std::vector<property_input> properties = {};
  evidence ev = {};  // evidence for the given properties
  // The entity's id in another system (a FollowTheMoney id, a record id of an imported file):
  // unique in the graph, kept through snapshots and written back by every export.
  std::string external_id = {};
};

// What relate() does when the same claim (type, endpoints, properties, valid time) exists.
enum class repeat_policy : std::uint8_t {
  merge,     // add the new citations to the existing relation (same source and quote: no-op)
  parallel,  // always create a new parallel relation
};

struct relation_options {
  std::vector<citation> citations = {};
  valid_time valid = {};
  std::vector<property_input> properties = {};
  repeat_policy on_repeat = repeat_policy::merge;
  // The relation's id in another system; several relations may share one (a FollowTheMoney
  // edge with several payers becomes one relation per payer). A repeat must have the same one.
  std::string external_id = {};
};

struct lookup_options {
  std::string type = {};      // restrict to this entity type and its subtypes (and compare as its kind)
  double min_score = config::default_fuzzy_min_score;
  std::size_t limit = 10;
};

// What resolve() found: the best match, and how close the best other entity came. The
// runner-up may score up to config::ambiguity_margin below min_score; without one, margin is
// the best score itself.
struct resolution : name_match {
  std::optional<name_match> runner_up = {};
  double margin = 0;
  bool ambiguous = false;  // margin < config::ambiguity_margin
};

struct duplicate_options {
  std::string type = {};  // only entities of this type (and subtypes); empty: every type
  double min_score = 0.9;
  std::size_t limit = 1000;
};

// Two entities whose names (or aliases) are probably the same; merging stays the caller's call.
struct duplicate_pair {
  entity_id first = null_entity, second = null_entity;  // first < second
  double score = 0;
  std::string first_name, second_name;  // the normalised names or aliases that matched
  name_comparison why;
};

class graph;

// Read-only views. They are cheap handles; any mutation of the graph invalidates them.
class entity_ref {
 public:
  [[nodiscard]] entity_id id() const noexcept { return id_; }
  [[nodiscard]] entity_type_id type() const noexcept;
  [[nodiscard]] const std::string& type_name() const;
  [[nodiscard]] const std::string& name() const noexcept;
  [[nodiscard]] std::span<const alias> aliases() const noexcept;
  [[nodiscard]] statement_range properties() const noexcept;
  // First value of a property, or nullptr. Unknown property names return nullptr too.
  [[nodiscard]] const value* property(std::string_view name) const;
  [[nodiscard]] std::vector<statement_ref> statements(std::string_view name) const;
  [[nodiscard]] bool is_a(std::string_view type) const;
  // The period the entity holds (from its startDate and endDate; empty: always).
  [[nodiscard]] valid_time valid() const noexcept;
  [[nodiscard]] std::string_view external_id() const noexcept;  // empty when it has none

 private:
  friend class graph;
  entity_ref(const graph* g, entity_id id) noexcept : g_(g), id_(id) {}
  const graph* g_;
  entity_id id_;
};

class relation_ref {
 public:
  [[nodiscard]] relation_id id() const noexcept { return id_; }
  [[nodiscard]] relation_type_id type() const noexcept;
  [[nodiscard]] const std::string& type_name() const;
  [[nodiscard]] entity_id source() const noexcept;
  [[nodiscard]] entity_id target() const noexcept;
  // Views into the graph's citation arena (store/citations.hpp); copy() owns them.
  [[nodiscard]] evidence_view ev() const noexcept;
  [[nodiscard]] citation_range citations() const noexcept { return ev().citations; }
  [[nodiscard]] const valid_time& valid() const noexcept { return ev().valid; }
  [[nodiscard]] double confidence() const noexcept { return ev().confidence(); }
  [[nodiscard]] statement_range properties() const noexcept;
  [[nodiscard]] const value* property(std::string_view name) const;
  [[nodiscard]] bool is_a(std::string_view type) const;
  [[nodiscard]] std::string_view external_id() const noexcept;  // empty when it has none

 private:
  friend class graph;
  relation_ref(const graph* g, relation_id id) noexcept : g_(g), id_(id) {}
  const graph* g_;
  relation_id id_;
};

// A source document. add_source() stores each field in the first of these properties that the
// source's type declares (so both the built-in schema and the FollowTheMoney model work):
//   title: title        publisher: publisher      authors: authors, author
//   url: url, sourceUrl published: publishedAt    retrieved: retrievedAt
// A field that is set but that the type cannot hold raises schema_error naming it.
struct source_info {
  std::string title;
  std::string publisher = {};
  std::vector<std::string> authors = {};
  std::string url = {};
  std::optional<date> published = {};
  std::optional<date> retrieved = {};
  std::string type = "Article";  // Document or a subtype
};

// Raised by graph::append: which row of the batch is wrong, and why.
class batch_error : public error {
 public:
  explicit batch_error(batch_problem p);
  [[nodiscard]] const batch_problem& problem() const noexcept { return problem_; }

 private:
  batch_problem problem_;
};

struct append_options {
  // Leave out bad rows, and the rows that need them (a relation to a bad entity, a row citing
  // a bad source), and report them, instead of failing on the first.
  bool skip_bad_rows = false;
  repeat_policy on_repeat = repeat_policy::merge;
  // Called with (rows applied so far, rows to apply), every `progress_every` rows.
  std::function<void(std::size_t, std::size_t)> progress = {};
  std::size_t progress_every = 100'000;
};

struct append_result {
  std::vector<entity_id> entities;      // per entity row: its id, or null_entity when skipped
  std::vector<relation_id> relations;   // per relation row: its id (or the repeat it merged into)
  std::vector<batch_problem> skipped;   // rows left out (skip_bad_rows)
};

class graph {
 public:
  explicit graph(dossier::schema s);
  graph(graph&& other) noexcept;
  graph& operator=(graph&& other) noexcept;
  graph(const graph&) = delete;
  graph& operator=(const graph&) = delete;
  ~graph();
  [[nodiscard]] graph copy() const;  // the only way to deep-copy

  [[nodiscard]] const dossier::schema& schema() const noexcept { return schema_; }

  // ---- entities ----
  entity_id add(std::string_view type, std::string_view name, entity_options options = {});
  entity_id add(entity_type_id type, std::string_view name, entity_options options = {});
  entity_id add_source(const source_info& info);

  [[nodiscard]] entity_ref get(entity_id id) const;  // follows merges; throws not_found
  [[nodiscard]] std::optional<entity_ref> try_get(entity_id id) const noexcept;
  [[nodiscard]] bool contains(entity_id id) const noexcept;  // live, or merged into a live one
  // The live entity an id stands for now (itself, or where it was merged); throws not_found.
  [[nodiscard]] DOSSIER_ALWAYS_INLINE entity_id canonical(entity_id id) const {  // traversals call it per start
    return entity_live(to_index(id)) ? id : canonical_slow(id);
  }
  [[nodiscard]] std::optional<entity_id> try_canonical(entity_id id) const noexcept;
  [[nodiscard]] bool is_source(entity_id id) const;

  // Names may be empty (an entity without a name, such as an address): name lookups then do not
  // find it. A name that is not empty must keep something after normalisation.
  void rename(entity_id id, std::string_view name);
  // Sets or replaces the external id (empty: removes it); schema_error when another entity has it.
  void set_external_id(entity_id id, std::string_view external);
  // The entity an external id names (following merges), or nullopt / not_found.
  [[nodiscard]] std::optional<entity_id> find_external(std::string_view external) const noexcept;
  [[nodiscard]] entity_id by_external(std::string_view external) const;
  void add_alias(entity_id id, alias a);
  void remove_alias(entity_id id, std::string_view name);
  // set: replace every value of the property with this one; add_value: add one more value
  // (the same value again only merges the evidence); unset: drop all values.
  void set(entity_id id, std::string_view property, value v, evidence ev = {});
  void add_value(entity_id id, std::string_view property, value v, evidence ev = {});
  void unset(entity_id id, std::string_view property);
  // Removes the entity and its relations. A source that other statements still cite is not
  // removed (provenance_error naming how many): evidence is never dropped silently.
  void remove(entity_id id);

  // Moves relations, aliases and properties of `absorb` onto `keep`; `absorb` then redirects
  // to `keep`. Throws schema_error when a moved relation would not fit keep's type.
  void merge(entity_id keep, entity_id absorb);

  // ---- the schema as data arrives ----
  // Declares a type on the graph's own schema (schema::add_entity_type's rules and errors):
  // an open schema (schemas::open()) grows this way as Cypher statements name new labels.
  entity_type_id declare_entity_type(std::string_view name, entity_type_spec spec = {});
  relation_type_id declare_relation_type(std::string_view name, relation_type_spec spec = {});
  // Gives an entity another type (Cypher's SET n:Label and REMOVE n:Label). schema_error when
  // the type cannot be instantiated, does not hold one of the entity's properties, or does not
  // fit one of its relations; an entity cannot become or stop being a source this way.
  void retype(entity_id id, entity_type_id type);

  // ---- relations ----
  relation_id relate(entity_id source, std::string_view type, entity_id target, relation_options options = {});
  relation_id relate(entity_id source, std::string_view type, entity_id target, citation c);
  relation_id relate(entity_id source, relation_type_id type, entity_id target, relation_options options = {});

  [[nodiscard]] relation_ref get(relation_id id) const;
  [[nodiscard]] std::optional<relation_ref> try_get(relation_id id) const noexcept;
  [[nodiscard]] bool contains(relation_id id) const noexcept;

  void set(relation_id id, std::string_view property, value v, evidence ev = {});
  void unset(relation_id id, std::string_view property);
  void add_citation(relation_id id, citation c);
  // Replaces every citation of the relation (each checked as add_citation checks it).
  void set_citations(relation_id id, std::vector<citation> citations);
  void set_valid_time(relation_id id, valid_time v);
  void remove(relation_id id);

  // ---- bulk ----
  // Adds a batch of entities and relations (store/records.hpp), all or nothing: every row is
  // checked first, by the same rules as add() and relate(), and the first bad row raises
  // batch_error naming it (see append_options::skip_bad_rows). Only then is anything added.
  // A batch's relations are linked once at its end: a large batch (a whole file) builds the
  // per-type tables straight from the records, with no pending overlay. To load a stream of
  // batches that way, use bulk_load (store/bulk_load.hpp).
  append_result append(batch b, const append_options& options = {});

  // ---- iteration ----
  // Live entities of a type and its subtypes, in id order.
  [[nodiscard]] std::vector<entity_id> entities(std::string_view type = "") const;
  [[nodiscard]] std::vector<entity_id> entities(entity_type_id type) const;
  // Relations of an entity in a direction, optionally restricted to types (with subtypes), in
  // id order (the order they were added), the same before and after compact() or a reload.
  [[nodiscard]] std::vector<relation_id> relations(entity_id id, direction dir = direction::both,
                                                   std::span<const std::string> types = {}) const;
  [[nodiscard]] std::vector<relation_id> relations(entity_id id, direction dir, std::string_view type) const;
  // Allocation-free visit of (neighbour, relation) pairs whose type is in `types`.
  template <class F>
  void for_each_neighbor(entity_id id, direction dir, const type_mask& types, F&& f) const {
    const auto v = to_index(id);
    const auto call = [&](std::uint32_t n, std::uint32_t r) { f(static_cast<entity_id>(n), static_cast<relation_id>(r)); };
    if (const auto t = types.single(); t != type_mask::none) {
      if (dir != direction::in) out_.for_each_of_type(v, t, call);
      if (dir != direction::out) in_.for_each_of_type(v, t, call);
      return;
    }
    const auto accept = [&](std::uint32_t t) { return types.test(t); };
    if (dir != direction::in) out_.for_each(v, accept, call);
    if (dir != direction::out) in_.for_each(v, accept, call);
  }

  // A stamp of the adjacency, the schema and which entities are live: it changes whenever a
  // relation is added or removed, a property name is interned, or an entity is removed or
  // merged (adding an entity leaves it as it is), and no two graphs in a process ever share one (a graph moved into, loaded, restored or copied gets a
  // fresh stamp). Prepared expansions, and the queries caching them, compare it to know that
  // what they hold still belongs to this graph as it is.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

  // Prepares a typed expansion; `types` must outlive it. See class expansion.
  [[nodiscard]] expansion expand(direction dir, const type_mask& types) const;

  [[nodiscard]] std::size_t entity_count() const noexcept { return entity_rank_.size(); }  // sources included
  [[nodiscard]] std::size_t source_count() const noexcept;
  [[nodiscard]] std::size_t relation_count() const noexcept { return relation_rank_.size(); }

  // ---- names ----
  [[nodiscard]] std::vector<name_match> lookup(std::string_view name, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_prefix(std::string_view prefix, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_substring(std::string_view text, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_fuzzy(std::string_view name, const lookup_options& o = {}) const;
  // Best match: exact when there is one, else the best fuzzy match above min_score; with the
  // runner-up, so that a caller sees when two entities are about as likely.
  [[nodiscard]] resolution resolve(std::string_view name, const lookup_options& o = {}) const;  // throws not_found
  [[nodiscard]] std::optional<resolution> try_resolve(std::string_view name, const lookup_options& o = {}) const;
  // Other live entities of a compatible type whose names or aliases match this one's closely.
  [[nodiscard]] std::vector<name_match> possible_duplicates(entity_id id, double min_score = 0.9) const;
  // Pairs of live entities (of compatible types) whose names match closely, best first. Each
  // name is compared with the few names that share its rarer tokens (the fuzzy lookup's
  // blocking), so the work grows with the number of names, not its square.
  [[nodiscard]] std::vector<duplicate_pair> duplicates(const duplicate_options& o = {}) const;
  // How names of an entity type are compared: person, organisation, vessel or any.
  [[nodiscard]] name_kind name_kind_of(entity_type_id type) const;

  // ---- maintenance ----
  // Bulk loads that know their size: avoids growing (and briefly doubling) the record arrays.
  void reserve(std::size_t entities, std::size_t relations);
  // Folds pending adjacency into the compressed layout. Called automatically as the graph
  // grows (amortised O(1) per relation); call it after a bulk load for the fastest traversal.
  void compact();
  // Bytes the graph holds, by part, counting what the allocator takes for each block (its
  // header and rounding, as glibc's malloc does), so that total() follows resident memory.
  struct memory_usage {
    std::size_t relations = 0;   // relation records, their ranking, external ids
    std::size_t adjacency = 0;   // the per-type compressed tables and pending overlays, both ways
    std::size_t entities = 0;    // entity records, types, states, ranking, names, aliases, external ids
    std::size_t properties = 0;  // property statements of entities and relations, their values and evidence
    std::size_t citations = 0;   // relations' evidence: citation lists and their quotes
    std::size_t names = 0;       // the name index, once a lookup built it
    std::size_t other = 0;       // valid times, hashed alias sets
    [[nodiscard]] std::size_t total() const noexcept {
      return relations + adjacency + entities + properties + citations + names + other;
    }
  };
  [[nodiscard]] memory_usage memory() const;

  // ---- low-level access for views, queries, BGL and io (stable, documented) ----
  [[nodiscard]] std::uint32_t entity_slots() const noexcept { return static_cast<std::uint32_t>(entities_.size()); }
  [[nodiscard]] std::uint32_t relation_slots() const noexcept { return static_cast<std::uint32_t>(relations_.size()); }
  [[nodiscard]] bool entity_live(std::uint32_t slot) const noexcept {
    return slot < entity_states_.size() && entity_states_[slot] == slot_state::live;
  }
  [[nodiscard]] bool relation_live(std::uint32_t slot) const noexcept {
    return slot < relations_.size() && relations_[slot].source != detail::npos32;
  }
  [[nodiscard]] entity_type_id entity_type_of(std::uint32_t slot) const noexcept { return entity_types_[slot]; }
  // A view of a slot known to be live (reached through the adjacency): no redirect check.
  [[nodiscard]] entity_ref live_ref(std::uint32_t slot) const noexcept { return entity_ref(this, static_cast<entity_id>(slot)); }
  [[nodiscard]] relation_type_id relation_type_of(std::uint32_t slot) const noexcept { return relations_[slot].type; }
  [[nodiscard]] std::uint32_t relation_source(std::uint32_t slot) const noexcept { return relations_[slot].source; }
  [[nodiscard]] std::uint32_t relation_target(std::uint32_t slot) const noexcept { return relations_[slot].target; }
  [[nodiscard]] evidence_view relation_evidence(std::uint32_t slot) const noexcept;
  // The valid time of a live entity slot, or nullptr when it always holds.
  [[nodiscard]] const valid_time* entity_valid_time(std::uint32_t slot) const noexcept;
  [[nodiscard]] const detail::adjacency& out_adjacency() const noexcept { return out_; }
  [[nodiscard]] const detail::adjacency& in_adjacency() const noexcept { return in_; }
  [[nodiscard]] const detail::dense_ranking& entity_ranking() const noexcept { return entity_rank_; }
  [[nodiscard]] const detail::dense_ranking& relation_ranking() const noexcept { return relation_rank_; }
  // Every slot as it is stored, holes included, in the layouts of store/records.hpp: what
  // snapshot writers read, and what restore() (store/restore.hpp) takes back.
  [[nodiscard]] entity_slot_view entity_slot(std::uint32_t slot) const;
  [[nodiscard]] std::span<const relation_record> relation_records() const noexcept { return relations_; }
  // The details table: relation_record::details indexes it.
  [[nodiscard]] std::uint32_t relation_details_count() const noexcept { return relation_citations_.owners(); }
  [[nodiscard]] relation_details_view relation_details_at(std::uint32_t d) const noexcept {
    return {{relation_citations_.of(d), details_valid(d)}, relation_statements_.of(d)};
  }
  [[nodiscard]] std::string_view relation_external_id(std::uint32_t slot) const noexcept;
  // Merge redirects as (absorbed, kept) pairs, for persistence.
  [[nodiscard]] std::vector<std::pair<entity_id, entity_id>> redirects() const;
  // Ids of removed entities and relations, for persistence (ids are never reused).
  [[nodiscard]] std::vector<entity_id> removed_entities() const;
  [[nodiscard]] std::vector<relation_id> removed_relations() const;

 private:
  friend class entity_ref;
  friend class relation_ref;
  friend struct restore_access;  // store/restore.cpp: builds a graph from a graph_image
  friend class bulk_load;        // store/bulk_load.cpp: appends with linking deferred to its end

  struct entity_record {  // type and state live in the dense arrays entity_types_, entity_states_
    entity_id redirect = null_entity;
    std::string name;
    std::vector<alias> aliases;
  };
  struct alias_set;  // the aliases of an entity that has many, hashed (store/entities.cpp)
  class row_checker;  // the validation of batch rows (store/append.cpp)

  [[nodiscard]] entity_id canonical_slow(entity_id id) const;  // merged, removed or unknown ids
  [[nodiscard]] const relation_record& live_relation(relation_id id) const;
  std::uint32_t details_of(std::uint32_t relation_slot);  // its details index, made if it had none
  [[nodiscard]] const valid_time& details_valid(std::uint32_t d) const noexcept {
    static const valid_time always{};
    return d < relation_valid_.size() ? relation_valid_[d] : always;
  }
  void set_details_valid(std::uint32_t d, const valid_time& v);

  // The rules, one validator each; add, relate, append and restore all use them.
  void check_name(std::string_view name, const char* what, bool may_be_empty = false) const;
  void check_external_id(std::string_view external, std::uint32_t owner) const;  // owner may keep its own
  void put_external_id(std::uint32_t slot, std::string external);
  void check_entity_type(entity_type_id type) const;
  struct cited_entity {  // what a citation's check needs to know of the entity it names
    entity_type_id type;
    std::string_view name;
  };
  void check_citations(std::span<const citation> cs, const std::function<std::optional<cited_entity>(entity_id)>& lookup) const;
  [[nodiscard]] std::optional<cited_entity> live_cited(entity_id id) const noexcept;
  void check_evidence(const evidence& ev) const;
  [[nodiscard]] std::optional<entity_type_id> live_type(entity_id id) const noexcept;
  [[nodiscard]] bool is_source_type(entity_type_id t) const noexcept;

  // Applying checked changes (they cannot fail on the input's account).
  entity_id push_entity(entity_type_id type, std::string name, std::vector<alias> aliases, std::string external_id = {});
  void push_statement(entity_id id, property_statement s);  // as add_value
  relation_id push_relation(std::uint32_t source, relation_type_id type, std::uint32_t target, relation_details claim,
                            repeat_policy on_repeat, std::string external_id = {});
  bool has_alias(std::uint32_t slot, const alias& a) const;
  void push_alias(std::uint32_t slot, alias a);
  void refresh_valid_time(std::uint32_t slot);
  // The same, with the ids of startDate and endDate looked up by the caller (bulk loads).
  void refresh_valid_time(std::uint32_t slot, std::optional<property_id> start, std::optional<property_id> end);
  void index_names(entity_id id, const entity_record& r);
  void unindex_names(entity_id id, const entity_record& r);
  void link(std::uint32_t r);
  void unlink(std::uint32_t r);
  void changed() noexcept;  // a fresh generation stamp
  void maybe_compact();
  void rebuild_adjacency();
  [[nodiscard]] std::optional<std::uint32_t> find_repeat(std::uint32_t source, std::uint32_t target, relation_type_id type,
                                                         const relation_details& claim, std::string_view external_id) const;
  [[nodiscard]] bool same_claim(std::uint32_t r, std::uint32_t source, std::uint32_t target, relation_type_id type,
                                const relation_details& claim, std::string_view external_id) const;

  // Deferred linking (append, bulk_load): relations pushed from now on go into the records only,
  // and link_deferred() puts them all into the adjacency at once, by one rebuild when there
  // are many. A load that merges repeats indexes them meanwhile (claim_index).
  void defer_links(bool index_claims);
  void link_deferred();
  [[nodiscard]] bool deferring() const noexcept { return deferred_from_ != detail::npos32; }
  // The checked application of a batch (append's second half), linking as the caller defers.
  append_result apply_batch(batch& b, const row_checker& check, const append_options& o);
  // compact() but the adjacency: the tables' holes and the arrays' growth room, then the heap's
  // free pages, go back.
  void release_slack();
  // Room for more records, growing geometrically (reserve() is exact: it is the caller's total).
  void grow_records(std::size_t more_entities, std::size_t more_relations);
  [[nodiscard]] name_index::entity_filter type_filter(const lookup_options& o) const;
  [[nodiscard]] name_kind lookup_kind(const lookup_options& o) const;
  [[nodiscard]] std::vector<std::string> name_keys(entity_id id) const;

  dossier::schema schema_;
  std::vector<entity_record> entities_;
  // Each entity's type and state, kept only here (not in the records): dense, so that type
  // filters in traversals and id checks stay in cache.
  std::vector<entity_type_id> entity_types_;
  std::vector<slot_state> entity_states_;
  std::vector<relation_record> relations_;
  // Relations' evidence by details index (relation_record::details): citations in one arena
  // (store/detail/citation_arena.hpp), which also counts the details records; valid times here,
  // as far as the last record that has one (none at all costs nothing).
  std::vector<valid_time> relation_valid_;
  detail::citation_arena relation_citations_;
  // Property statements: of entities by slot, of relations by details index.
  detail::statement_table entity_statements_, relation_statements_;
  detail::adjacency out_, in_;
  detail::dense_ranking entity_rank_, relation_rank_;
  // Valid times of the entities that have one (most have none), from startDate and endDate.
  std::unordered_map<std::uint32_t, valid_time> entity_valid_;
  // External ids, where there are any: by slot, and the other way for lookups (merged slots
  // keep theirs, so that an id of an absorbed entity still finds the one it went into).
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  // Each id is stored once, as by_external_'s key; entity_external_ views it (the nodes of an
  // unordered_map stay put, and copy() makes the views again).
  std::unordered_map<std::string, std::uint32_t, string_hash, std::equal_to<>> by_external_;
  std::unordered_map<std::uint32_t, std::string_view> entity_external_;
  std::unordered_map<std::uint32_t, std::string> relation_external_;
  // Entities with many aliases also keep them hashed, so adding the n-th alias is O(1).
  std::unordered_map<std::uint32_t, std::unique_ptr<alias_set>> alias_sets_;
  // The name index is built on the first name lookup, not while entities are added or loaded:
  // bulk loads skip it, and a graph that is never searched by name never pays for it.
  struct lazy_names {
    std::mutex mutex;
    std::atomic<bool> ready{false};
  };
  [[nodiscard]] const name_index& names() const;
  [[nodiscard]] bool names_ready() const noexcept { return names_state_->ready.load(std::memory_order_acquire); }
  mutable name_index names_;
  std::unique_ptr<lazy_names> names_state_ = std::make_unique<lazy_names>();
  entity_type_id document_type_ = null_entity_type;  // sources are Documents or subtypes
  std::uint64_t generation_ = 0;
  // Relations from this slot on are not linked yet (deferred linking), or npos32.
  std::uint32_t deferred_from_ = detail::npos32;
  std::unique_ptr<detail::claim_index> deferred_claims_;  // their repeat index, when merging
};

DOSSIER_NAMESPACE_END
