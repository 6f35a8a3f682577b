#pragma once
// The store: entities, relations, their properties and evidence, names, merges.
//
// Ids are slots that are never reused: removing or merging an entity leaves its id pointing at
// nothing (not_found) or at the entity it was merged into. Adjacency is kept per entity and per
// relation type (store/adjacency.hpp). The graph is move-only; copy() makes a deep copy.
// Every mutating call validates before it changes anything: when it throws, the graph is as it was.
// Const member functions may be called concurrently; mutation needs exclusive access.

#include <dossier/config.hpp>
#include <dossier/error.hpp>
#include <dossier/ids.hpp>
#include <dossier/names.hpp>
#include <dossier/provenance.hpp>
#include <dossier/schema.hpp>
#include <dossier/store/adjacency.hpp>
#include <dossier/value.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
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

// One value of one property, with its evidence. A property may hold several statements.
struct property_statement {
  property_id property = null_property;
  value val;
  evidence ev;
  friend bool operator==(const property_statement&, const property_statement&) = default;
};

struct property_input {
  std::string name;
  value val;
};

struct entity_options {
  std::vector<alias> aliases = {};
  std::vector<property_input> properties = {};
  evidence ev = {};  // evidence for the given properties
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
};

struct lookup_options {
  std::string type = {};      // restrict to this entity type and its subtypes
  double min_score = config::default_fuzzy_min_score;
  std::size_t limit = 10;
};

class graph;

// A prepared typed expansion: the tables of the wanted relation types (with subtypes) in the
// wanted directions, looked up once. Calling it visits (neighbour, relation) pairs of one
// entity without allocating; it is what queries use in their inner loops. Invalidated by
// any mutation of the graph.
class expansion {
 public:
  // Always inlined, and small: the common case (one dense table) is a CSR row read in the
  // caller's loop, so that the processor overlaps the misses of successive calls. Everything
  // else goes through visit_tables.
  template <class F>
  [[gnu::always_inline]] void operator()(std::uint32_t v, F&& f) const {
    if (dense_start_) {  // one dense compacted table, nothing removed or pending: a CSR row
      // Read through pointers held here, not through the table: one line of this object
      // instead of two objects per call.
      if (v >= dense_rows_) return;
      for (std::uint32_t k = dense_start_[v], e = dense_start_[v + 1]; k < e; ++k) f(dense_neighbor_[k], dense_relation_[k]);
      return;
    }
    visit_tables(v, f);
  }

  // Batched expansion of many entities, in order: visit(i, neighbour, relation) for every
  // entry of entities[i]. Expanding entity after entity costs one or two dependent memory
  // misses each; here they overlap: while entities[i] is visited, the row positions and then
  // the entries of entities a few places later are already on their way, and ahead(neighbour)
  // is called for the first entries of a nearer one so that the caller can start loading what
  // it needs next: the rows of a second hop (expansion::prefetch) pay well. Prefetching visited
  // marks there paid only with the marks in memory and cost more from cache (BENCHMARKS.md).
  // Same entries as operator(), same order per entity.
  struct no_lookahead {
    void operator()(std::uint32_t) const noexcept {}
  };
  template <class Visit, class Ahead = no_lookahead>
  void batch(std::span<const std::uint32_t> entities, Visit&& visit, Ahead&& ahead = {}) const {
    const std::size_t n = entities.size();
    if (dense_start_) {
      // One dense table: the same pipeline on raw arrays held in registers.
      const std::uint32_t* start = dense_start_;
      const std::uint32_t* neighbor = dense_neighbor_;
      const std::uint32_t* relation = dense_relation_;
      const std::size_t rows = dense_rows_;
      for (std::size_t i = 0; i < n; ++i) {
        // Distances measured on 10^6 entities: 32/16/8 beat 16/8/4 by 3-15% from memory and
        // 2-3% from L3 (BENCHMARKS.md, issue 3). Shorter than prefetch_ahead's would be too
        // short here: an iteration of this loop does less work.
        if (i + 32 < n && entities[i + 32] < rows) __builtin_prefetch(start + entities[i + 32]);
        if (i + 16 < n && entities[i + 16] < rows) __builtin_prefetch(neighbor + start[entities[i + 16]]);
        if (i + 8 < n && entities[i + 8] < rows) {
          const auto v = entities[i + 8];
          for (auto k = start[v], e = std::min(start[v + 1], start[v] + 4); k < e; ++k) ahead(neighbor[k]);
        }
        const auto v = entities[i];
        if (v >= rows) continue;
        for (auto k = start[v], e = start[v + 1]; k < e; ++k) visit(i, neighbor[k], relation[k]);
      }
      return;
    }
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::uint32_t t = 0; t < table_count_; ++t) tables[t]->prefetch_ahead(entities, i, ahead);
      (*this)(entities[i], [&](std::uint32_t neighbour, std::uint32_t relation) { visit(i, neighbour, relation); });
    }
  }

  // Starts loading v's row positions in every table, without waiting for them. A two-hop
  // batch passes it as the first hop's `ahead`, so that the second hop's rows are on their
  // way while the first hop still runs.
  void prefetch(std::uint32_t v) const noexcept {
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();
    for (std::uint32_t i = 0; i < table_count_; ++i) tables[i]->prefetch_row(v);
  }

  // The single compacted table when the expansion is a plain CSR row lookup (one relation
  // type, nothing pending or removed), else nullptr: hot loops can then read rows directly.
  [[nodiscard]] const detail::adjacency::type_table* plain_table() const noexcept { return simple_ ? inline_[0] : nullptr; }

 private:
  friend class graph;
  // Every case but one dense table: a sparse table, several tables, removed entries, pending ones.
  template <class F>
  void visit_tables(std::uint32_t v, F& f) const {
    if (simple_) {  // one compacted table, no tombstones, nothing pending: a plain CSR row
      const auto& t = *inline_[0];
      const auto [b, e] = t.row(v);
      const std::uint32_t* n = t.neighbor.data();
      const std::uint32_t* r = t.relation.data();
      for (std::uint32_t k = b; k < e; ++k) f(n[k], r[k]);
      return;
    }
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();  // no self-pointer: copyable
    for (std::uint32_t i = 0; i < table_count_; ++i) {
      const auto& t = *tables[i];
      const auto [b, e] = t.row(v);
      const std::uint32_t* n = t.neighbor.data();
      const std::uint32_t* r = t.relation.data();
      if (!tombstones_) {
        for (std::uint32_t k = b; k < e; ++k) f(n[k], r[k]);
      } else {
        for (std::uint32_t k = b; k < e; ++k)
          if (n[k] != detail::npos32) f(n[k], r[k]);
      }
    }
    if (pending_) {
      const auto accept = [this](std::uint32_t t) { return mask_->test(t); };
      if (out_) out_->for_each_pending(v, accept, f);
      if (in_) in_->for_each_pending(v, accept, f);
    }
  }

  // Set when simple_ and the table is dense: its CSR arrays, first so that a call reads one line.
  const std::uint32_t* dense_start_ = nullptr;
  const std::uint32_t* dense_neighbor_ = nullptr;
  const std::uint32_t* dense_relation_ = nullptr;
  std::uint32_t dense_rows_ = 0;
  static constexpr std::uint32_t inline_tables = 8;
  const detail::adjacency::type_table* inline_[inline_tables] = {};
  std::vector<const detail::adjacency::type_table*> spill_;
  std::uint32_t table_count_ = 0;
  bool tombstones_ = false, pending_ = false, simple_ = false;
  const detail::adjacency *out_ = nullptr, *in_ = nullptr;
  const type_mask* mask_ = nullptr;
};

// Read-only views. They are cheap handles; any mutation of the graph invalidates them.
class entity_ref {
 public:
  [[nodiscard]] entity_id id() const noexcept { return id_; }
  [[nodiscard]] entity_type_id type() const noexcept;
  [[nodiscard]] const std::string& type_name() const;
  [[nodiscard]] const std::string& name() const noexcept;
  [[nodiscard]] std::span<const alias> aliases() const noexcept;
  [[nodiscard]] std::span<const property_statement> properties() const noexcept;
  // First value of a property, or nullptr. Unknown property names return nullptr too.
  [[nodiscard]] const value* property(std::string_view name) const;
  [[nodiscard]] std::vector<const property_statement*> statements(std::string_view name) const;
  [[nodiscard]] bool is_a(std::string_view type) const;

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
  [[nodiscard]] const evidence& ev() const noexcept;
  [[nodiscard]] std::span<const citation> citations() const noexcept { return ev().citations; }
  [[nodiscard]] const valid_time& valid() const noexcept { return ev().valid; }
  [[nodiscard]] double confidence() const noexcept { return ev().confidence(); }
  [[nodiscard]] std::span<const property_statement> properties() const noexcept;
  [[nodiscard]] const value* property(std::string_view name) const;
  [[nodiscard]] bool is_a(std::string_view type) const;

 private:
  friend class graph;
  relation_ref(const graph* g, relation_id id) noexcept : g_(g), id_(id) {}
  const graph* g_;
  relation_id id_;
};

struct source_info {
  std::string title;
  std::string publisher = {};
  std::vector<std::string> authors = {};
  std::string url = {};
  std::optional<date> published = {};
  std::optional<date> retrieved = {};
  std::string type = "Article";  // Document or a subtype
};

class graph {
 public:
  explicit graph(dossier::schema s);
  graph(graph&&) noexcept;
  graph& operator=(graph&&) noexcept;
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
  [[nodiscard, gnu::always_inline]] entity_id canonical(entity_id id) const {  // traversals call it per start
    return entity_live(to_index(id)) ? id : canonical_slow(id);
  }
  [[nodiscard]] std::optional<entity_id> try_canonical(entity_id id) const noexcept;
  [[nodiscard]] bool is_source(entity_id id) const;

  void rename(entity_id id, std::string_view name);
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
  void set_valid_time(relation_id id, valid_time v);
  void remove(relation_id id);

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

  // Changes whenever the adjacency changes: prepared expansions (and queries caching them)
  // compare it to know they are still valid.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }

  // Prepares a typed expansion; `types` must outlive it. See class expansion.
  [[nodiscard]] expansion expand(direction dir, const type_mask& types) const;

  [[nodiscard]] std::size_t entity_count() const noexcept { return entity_rank_.size(); }
  [[nodiscard]] std::size_t relation_count() const noexcept { return relation_rank_.size(); }

  // ---- names ----
  [[nodiscard]] std::vector<name_match> lookup(std::string_view name, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_prefix(std::string_view prefix, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_substring(std::string_view text, const lookup_options& o = {}) const;
  [[nodiscard]] std::vector<name_match> lookup_fuzzy(std::string_view name, const lookup_options& o = {}) const;
  // Best match: exact when there is one, else the best fuzzy match above min_score.
  [[nodiscard]] name_match resolve(std::string_view name, const lookup_options& o = {}) const;  // throws not_found
  [[nodiscard]] std::optional<name_match> try_resolve(std::string_view name, const lookup_options& o = {}) const;
  // Other live entities of a compatible type whose names or aliases match this one's closely.
  [[nodiscard]] std::vector<name_match> possible_duplicates(entity_id id, double min_score = 0.9) const;

  // ---- maintenance ----
  // Bulk loads that know their size: avoids growing (and briefly doubling) the record arrays.
  void reserve(std::size_t entities, std::size_t relations);
  // Folds pending adjacency into the compressed layout. Called automatically as the graph
  // grows (amortised O(1) per relation); call it after a bulk load for the fastest traversal.
  void compact();
  struct memory_usage {
    std::size_t relations, adjacency, entities;
  };
  [[nodiscard]] memory_usage memory() const noexcept;

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
  [[nodiscard]] const evidence& relation_evidence(std::uint32_t slot) const noexcept;
  [[nodiscard]] const detail::adjacency& out_adjacency() const noexcept { return out_; }
  [[nodiscard]] const detail::adjacency& in_adjacency() const noexcept { return in_; }
  [[nodiscard]] const detail::dense_ranking& entity_ranking() const noexcept { return entity_rank_; }
  [[nodiscard]] const detail::dense_ranking& relation_ranking() const noexcept { return relation_rank_; }
  // Merge redirects as (absorbed, kept) pairs, for persistence.
  [[nodiscard]] std::vector<std::pair<entity_id, entity_id>> redirects() const;
  // Ids of removed entities and relations, for persistence (ids are never reused).
  [[nodiscard]] std::vector<entity_id> removed_entities() const;
  [[nodiscard]] std::vector<relation_id> removed_relations() const;

  // Snapshot loading rebuilds slots exactly, holes included. Not for general use.
  struct restore_access;

 private:
  friend class entity_ref;
  friend class relation_ref;
  friend struct restore_access;

  enum class slot_state : std::uint8_t { live, removed, merged };
  struct entity_record {  // type and state live in the dense arrays entity_types_, entity_states_
    entity_id redirect = null_entity;
    std::string name;
    std::vector<alias> aliases;
    std::vector<property_statement> properties;
  };
  struct relation_record {  // 16 bytes; evidence and properties live aside, when present
    std::uint32_t source, target;
    relation_type_id type;
    std::uint32_t extra;  // index into extras_, or npos32
  };
  struct relation_extra {
    evidence ev;
    std::vector<property_statement> properties;
  };

  [[nodiscard]] const entity_record& live_entity(entity_id id) const;  // after canonical()
  [[nodiscard]] entity_id canonical_slow(entity_id id) const;  // merged, removed or unknown ids
  [[nodiscard]] entity_record& live_entity(entity_id id);
  [[nodiscard]] const relation_record& live_relation(relation_id id) const;
  relation_extra& extra_of(std::uint32_t relation_slot);
  void check_citations(std::span<const citation> cs) const;
  void check_evidence(const evidence& ev) const;
  void index_names(entity_id id, const entity_record& r);
  void unindex_names(entity_id id, const entity_record& r);
  void link(std::uint32_t r);
  void unlink(std::uint32_t r);
  void maybe_compact();
  void rebuild_adjacency();
  [[nodiscard]] std::optional<std::uint32_t> find_repeat(std::uint32_t source, std::uint32_t target,
                                                         relation_type_id type, const relation_extra& claim) const;
  [[nodiscard]] name_index::entity_filter type_filter(const lookup_options& o) const;

  dossier::schema schema_;
  std::vector<entity_record> entities_;
  // Each entity's type and state, kept only here (not in the records): dense, so that type
  // filters in traversals and id checks stay in cache.
  std::vector<entity_type_id> entity_types_;
  std::vector<slot_state> entity_states_;
  std::vector<relation_record> relations_;
  std::vector<relation_extra> extras_;
  detail::adjacency out_, in_;
  detail::dense_ranking entity_rank_, relation_rank_;
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
};

DOSSIER_NAMESPACE_END
