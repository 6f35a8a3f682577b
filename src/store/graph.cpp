// The graph's construction, id lookups, iteration and maintenance. Mutations of entities and
// relations live in entities.cpp and relations.cpp, the rules in rules.cpp.
#include <dossier/store/graph.hpp>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "detail/alias_set.hpp"
#include "detail/claim_index.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

DOSSIER_NAMESPACE_BEGIN

void detail::return_free_memory() noexcept {
#if defined(__GLIBC__)
  malloc_trim(0);  // glibc keeps freed blocks in its heap; this hands whole free pages back
#endif
}

void detail::advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
  if (end > begin) (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

namespace {
// Generation stamps never repeat in a process, so that a stamp seen on one graph never appears
// on another: a query prepared on a graph that was then replaced by a loaded one (at the same
// address) sees the change instead of reading freed tables. Each graph takes a block of 2^32
// stamps from one process-wide counter, and counts up inside its block without an atomic
// operation: relate() runs it per relation, and a locked instruction there, which waits for the
// stores before it, cost 7-17 % of building a graph.
constexpr std::uint64_t stamp_block = std::uint64_t{1} << 32;
std::atomic<std::uint64_t> next_block{1};

std::uint64_t fresh_block() noexcept { return next_block.fetch_add(1, std::memory_order_relaxed) * stamp_block; }

std::string id_str(entity_id id) { return "entity " + std::to_string(to_index(id)); }
std::string id_str(relation_id id) { return "relation " + std::to_string(to_index(id)); }
}  // namespace

void graph::changed() noexcept {
  if (++generation_ % stamp_block == 0) generation_ = fresh_block();
}

// ---- entity_ref / relation_ref ------------------------------------------------------------

entity_type_id entity_ref::type() const noexcept { return g_->entity_types_[to_index(id_)]; }
const std::string& entity_ref::type_name() const { return g_->schema_.name(type()); }
const std::string& entity_ref::name() const noexcept { return g_->entities_[to_index(id_)].name; }
std::span<const alias> entity_ref::aliases() const noexcept { return g_->entities_[to_index(id_)].aliases; }
statement_range entity_ref::properties() const noexcept { return g_->entity_statements_.of(to_index(id_)); }
const value* entity_ref::property(std::string_view name) const {
  auto p = g_->schema_.try_property(name);
  if (!p) return nullptr;
  return properties().find(*p);
}
std::vector<statement_ref> entity_ref::statements(std::string_view name) const {
  std::vector<statement_ref> out;
  auto p = g_->schema_.try_property(name);
  if (!p) return out;
  for (const auto s : properties())
    if (s.property == *p) out.push_back(s);
  return out;
}
bool entity_ref::is_a(std::string_view type) const { return g_->schema_.is_a(this->type(), g_->schema_.entity_type(type)); }
valid_time entity_ref::valid() const noexcept {
  const auto* v = g_->entity_valid_time(to_index(id_));
  return v ? *v : valid_time{};
}
std::string_view entity_ref::external_id() const noexcept {
  if (g_->entity_external_.empty()) return {};
  const auto it = g_->entity_external_.find(to_index(id_));
  return it == g_->entity_external_.end() ? std::string_view() : std::string_view(it->second);
}

relation_type_id relation_ref::type() const noexcept { return g_->relations_[to_index(id_)].type; }
const std::string& relation_ref::type_name() const { return g_->schema_.name(type()); }
entity_id relation_ref::source() const noexcept { return static_cast<entity_id>(g_->relations_[to_index(id_)].source); }
entity_id relation_ref::target() const noexcept { return static_cast<entity_id>(g_->relations_[to_index(id_)].target); }
evidence_view relation_ref::ev() const noexcept { return g_->relation_evidence(to_index(id_)); }
statement_range relation_ref::properties() const noexcept {
  const auto d = g_->relations_[to_index(id_)].details;
  if (d == detail::npos32) return {};
  return g_->relation_statements_.of(d);
}
const value* relation_ref::property(std::string_view name) const {
  auto p = g_->schema_.try_property(name);
  if (!p) return nullptr;
  return properties().find(*p);
}
bool relation_ref::is_a(std::string_view type) const {
  return g_->schema_.is_a(this->type(), g_->schema_.relation_type(type));
}
std::string_view relation_ref::external_id() const noexcept { return g_->relation_external_id(to_index(id_)); }

std::string_view graph::relation_external_id(std::uint32_t slot) const noexcept {
  if (relation_external_.empty()) return {};
  const auto it = relation_external_.find(slot);
  return it == relation_external_.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<entity_id> graph::find_external(std::string_view external) const noexcept {
  const auto it = by_external_.find(external);
  if (it == by_external_.end()) return std::nullopt;
  return try_canonical(static_cast<entity_id>(it->second));
}

entity_id graph::by_external(std::string_view external) const {
  if (const auto e = find_external(external)) return *e;
  throw not_found("store.unknown_external_id", "no entity has the external id " + quote(external));
}

// ---- construction ------------------------------------------------------------------------

graph::graph(dossier::schema s) : schema_(std::move(s)), generation_(fresh_block()) {
  if (auto doc = schema_.try_entity_type("Document")) document_type_ = *doc;
}

graph::graph(graph&& other) noexcept : graph(dossier::schema{}) { *this = std::move(other); }

graph& graph::operator=(graph&& other) noexcept {
  if (this == &other) return *this;
  schema_ = std::move(other.schema_);
  entities_ = std::move(other.entities_);
  entity_types_ = std::move(other.entity_types_);
  entity_states_ = std::move(other.entity_states_);
  relations_ = std::move(other.relations_);
  relation_valid_ = std::move(other.relation_valid_);
  relation_citations_ = std::move(other.relation_citations_);
  entity_statements_ = std::move(other.entity_statements_);
  relation_statements_ = std::move(other.relation_statements_);
  out_ = std::move(other.out_);
  in_ = std::move(other.in_);
  entity_rank_ = std::move(other.entity_rank_);
  relation_rank_ = std::move(other.relation_rank_);
  entity_valid_ = std::move(other.entity_valid_);
  alias_sets_ = std::move(other.alias_sets_);
  entity_external_ = std::move(other.entity_external_);
  by_external_ = std::move(other.by_external_);
  relation_external_ = std::move(other.relation_external_);
  deferred_from_ = std::exchange(other.deferred_from_, detail::npos32);
  deferred_claims_ = std::move(other.deferred_claims_);
  names_ = std::move(other.names_);
  names_state_ = std::move(other.names_state_);
  document_type_ = other.document_type_;
  generation_ = fresh_block();  // another graph now: stamps from a block of its own
  // The moved-from graph is left empty and usable, with a stamp of its own (moved-from members
  // keep their counters, so each is reset).
  other.schema_ = dossier::schema{};
  other.entities_.clear();
  other.entity_types_.clear();
  other.entity_states_.clear();
  other.relations_.clear();
  other.relation_valid_.clear();
  other.relation_citations_.clear_all();
  other.entity_statements_.clear_all();
  other.relation_statements_.clear_all();
  other.out_ = detail::adjacency{};
  other.in_ = detail::adjacency{};
  other.entity_rank_ = detail::dense_ranking{};
  other.relation_rank_ = detail::dense_ranking{};
  other.entity_valid_.clear();
  other.alias_sets_.clear();
  other.entity_external_.clear();
  other.by_external_.clear();
  other.relation_external_.clear();
  other.names_ = name_index{};
  other.names_state_ = std::make_unique<lazy_names>();
  other.document_type_ = null_entity_type;
  other.generation_ = fresh_block();
  return *this;
}

graph::~graph() = default;

graph graph::copy() const {
  graph out(schema_);
  out.entities_ = entities_;
  out.entity_types_ = entity_types_;
  out.entity_states_ = entity_states_;
  out.relations_ = relations_;
  out.relation_valid_ = relation_valid_;
  out.relation_citations_ = relation_citations_;
  out.entity_statements_ = entity_statements_;
  out.relation_statements_ = relation_statements_;
  out.out_ = out_;
  out.in_ = in_;
  out.entity_rank_ = entity_rank_;
  out.relation_rank_ = relation_rank_;
  out.entity_valid_ = entity_valid_;
  out.by_external_ = by_external_;
  out.entity_external_.reserve(by_external_.size());
  for (const auto& [external, slot] : out.by_external_) out.entity_external_.emplace(slot, std::string_view(external));
  out.relation_external_ = relation_external_;
  for (const auto& [slot, set] : alias_sets_) out.alias_sets_.emplace(slot, std::make_unique<alias_set>(*set));
  if (names_ready()) {
    out.names_ = names_.copy();
    out.names_state_->ready.store(true);
  }
  out.document_type_ = document_type_;
  return out;  // with a stamp of its own: its adjacency is its own
}

evidence_view graph::relation_evidence(std::uint32_t slot) const noexcept {
  const auto d = relations_[slot].details;  // npos for none: past every owner, so nothing and always
  return {relation_citations_.of(d), details_valid(d)};
}

const valid_time* graph::entity_valid_time(std::uint32_t slot) const noexcept {
  if (entity_valid_.empty()) return nullptr;
  const auto it = entity_valid_.find(slot);
  return it == entity_valid_.end() ? nullptr : &it->second;
}

entity_slot_view graph::entity_slot(std::uint32_t slot) const {
  if (slot >= entities_.size()) throw not_found("store.unknown_id", id_str(static_cast<entity_id>(slot)) + " does not exist");
  const auto& r = entities_[slot];
  const auto external = entity_external_.find(slot);
  return {entity_states_[slot], r.redirect, entity_types_[slot], r.name, r.aliases, entity_statements_.of(slot),
          external == entity_external_.end() ? std::string_view() : std::string_view(external->second)};
}

// ---- lookups of ids ----------------------------------------------------------------------

std::optional<entity_id> graph::try_canonical(entity_id id) const noexcept {
  for (std::size_t hops = 0; hops <= entities_.size(); ++hops) {
    if (to_index(id) >= entities_.size()) return std::nullopt;
    // The dense state array answers for live ids without touching the (large) record.
    const auto state = entity_states_[to_index(id)];
    if (state == slot_state::live) return id;
    if (state == slot_state::removed) return std::nullopt;
    id = entities_[to_index(id)].redirect;
  }
  return std::nullopt;
}

entity_id graph::canonical_slow(entity_id id) const {
  if (auto c = try_canonical(id)) return *c;
  if (is_null(id)) throw not_found("store.unknown_id", "null entity id");
  if (to_index(id) >= entities_.size()) throw not_found("store.unknown_id", id_str(id) + " does not exist");
  throw not_found("store.removed_id", id_str(id) + " was removed");
}

bool graph::contains(entity_id id) const noexcept { return try_canonical(id).has_value(); }

entity_ref graph::get(entity_id id) const { return entity_ref(this, canonical(id)); }
std::optional<entity_ref> graph::try_get(entity_id id) const noexcept {
  if (auto c = try_canonical(id)) return entity_ref(this, *c);
  return std::nullopt;
}

bool graph::contains(relation_id id) const noexcept { return relation_live(to_index(id)); }

const relation_record& graph::live_relation(relation_id id) const {
  if (!contains(id)) {
    if (is_null(id)) throw not_found("store.unknown_id", "null relation id");
    if (to_index(id) < relations_.size()) throw not_found("store.removed_id", id_str(id) + " was removed");
    throw not_found("store.unknown_id", id_str(id) + " does not exist");
  }
  return relations_[to_index(id)];
}
relation_ref graph::get(relation_id id) const {
  (void)live_relation(id);
  return relation_ref(this, id);
}
std::optional<relation_ref> graph::try_get(relation_id id) const noexcept {
  if (!contains(id)) return std::nullopt;
  return relation_ref(this, id);
}

bool graph::is_source_type(entity_type_id t) const noexcept {
  return !is_null(document_type_) && schema_.is_a(t, document_type_);
}
bool graph::is_source(entity_id id) const { return is_source_type(entity_types_[to_index(canonical(id))]); }

std::size_t graph::source_count() const noexcept {
  if (is_null(document_type_)) return 0;
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < entities_.size(); ++i) n += entity_live(i) && is_source_type(entity_types_[i]);
  return n;
}

expansion graph::expand(direction dir, const type_mask& types) const {
  expansion x;
  std::vector<const detail::adjacency::type_table*> tables;
  const auto add = [&](const detail::adjacency& a) {
    const auto& ts = a.tables();
    for (std::uint32_t t = 0; t < ts.size(); ++t)
      if (types.test(t) && !ts[t].neighbor.empty()) tables.push_back(&ts[t]);
    x.tombstones_ = x.tombstones_ || a.has_tombstones();
    x.pending_ = x.pending_ || a.pending_count() > 0;
  };
  if (dir != direction::in) {
    add(out_);
    x.out_ = &out_;
  }
  if (dir != direction::out) {
    add(in_);
    x.in_ = &in_;
  }
  x.mask_ = &types;
  x.table_count_ = static_cast<std::uint32_t>(tables.size());
  x.simple_ = tables.size() == 1 && !x.tombstones_ && !x.pending_;
  if (x.simple_ && !tables[0]->dense_start.empty()) {
    x.dense_start_ = tables[0]->dense_start.data();
    x.dense_neighbor_ = tables[0]->neighbor.data();
    x.dense_relation_ = tables[0]->relation.data();
    x.dense_rows_ = static_cast<std::uint32_t>(tables[0]->dense_start.size() - 1);
  }
  if (tables.size() <= expansion::inline_tables) std::copy(tables.begin(), tables.end(), x.inline_);
  else x.spill_ = std::move(tables);
  return x;
}

// ---- iteration ---------------------------------------------------------------------------

std::vector<entity_id> graph::entities(std::string_view type) const {
  if (type.empty()) {
    std::vector<entity_id> out;
    out.reserve(entity_count());
    for (std::uint32_t i = 0; i < entities_.size(); ++i)
      if (entity_live(i)) out.push_back(static_cast<entity_id>(i));
    return out;
  }
  return entities(schema_.entity_type(type));
}

std::vector<entity_id> graph::entities(entity_type_id type) const {
  const entity_type_id types[] = {type};
  const auto mask = schema_.mask(types);
  std::vector<entity_id> out;
  for (std::uint32_t i = 0; i < entities_.size(); ++i)
    if (entity_live(i) && mask.test(to_index(entity_types_[i]))) out.push_back(static_cast<entity_id>(i));
  return out;
}

std::vector<relation_id> graph::relations(entity_id id, direction dir, std::span<const std::string> types) const {
  const auto c = canonical(id);
  type_mask mask;
  if (types.empty()) {
    for (std::uint32_t t = 0; t < schema_.relation_type_count(); ++t) mask.set(t);
  } else {
    std::vector<relation_type_id> ids;
    for (const auto& t : types) ids.push_back(schema_.relation_type(t));
    mask = schema_.mask(ids);
  }
  std::vector<relation_id> out;
  for_each_neighbor(c, dir, mask, [&](entity_id, relation_id r) { out.push_back(r); });
  // Id order whatever the storage state: pending relations are kept newest first and compacted
  // ones by type, so without the sort a graph listed differently after compact() or a reload.
  std::sort(out.begin(), out.end());
  if (dir == direction::both) out.erase(std::unique(out.begin(), out.end()), out.end());  // self-loops are in both lists
  return out;
}

std::vector<relation_id> graph::relations(entity_id id, direction dir, std::string_view type) const {
  const std::string t(type);
  return relations(id, dir, std::span<const std::string>(&t, 1));
}

std::vector<std::pair<entity_id, entity_id>> graph::redirects() const {
  std::vector<std::pair<entity_id, entity_id>> out;
  for (std::uint32_t i = 0; i < entities_.size(); ++i)
    if (entity_states_[i] == slot_state::merged) out.emplace_back(static_cast<entity_id>(i), entities_[i].redirect);
  return out;
}

std::vector<entity_id> graph::removed_entities() const {
  std::vector<entity_id> out;
  for (std::uint32_t i = 0; i < entities_.size(); ++i)
    if (entity_states_[i] == slot_state::removed) out.push_back(static_cast<entity_id>(i));
  return out;
}

std::vector<relation_id> graph::removed_relations() const {
  std::vector<relation_id> out;
  for (std::uint32_t i = 0; i < relations_.size(); ++i)
    if (!relation_live(i)) out.push_back(static_cast<relation_id>(i));
  return out;
}

// ---- maintenance -------------------------------------------------------------------------

void graph::reserve(std::size_t entities, std::size_t relations) {
  // Ids are 32-bit: a larger request cannot be met and would only fail deep in the allocator.
  constexpr std::size_t id_space = detail::npos32 - 1;
  if (entities > id_space || relations > id_space)
    throw error("store.id_space", "reserve: " + std::to_string(std::max(entities, relations)) + " exceeds the 32-bit id space");
  entities_.reserve(entities);
  entity_types_.reserve(entities);
  entity_states_.reserve(entities);
  relations_.reserve(relations);
}

void graph::compact() {
  rebuild_adjacency();
  release_slack();
}

void graph::release_slack() {
  relations_.shrink_to_fit();  // explicit compaction also returns growth slack
  relation_valid_.shrink_to_fit();
  relation_citations_.compact();
  entity_statements_.compact();
  relation_statements_.compact();
  entities_.shrink_to_fit();
  entity_types_.shrink_to_fit();
  entity_states_.shrink_to_fit();
  detail::return_free_memory();  // the rebuilds freed their old tables
}

void graph::grow_records(std::size_t more_entities, std::size_t more_relations) {
  const auto grow = [](auto& v, std::size_t more) {
    if (v.size() + more > v.capacity()) v.reserve(std::max(v.size() + more, v.capacity() + v.capacity() / 2));
  };
  grow(entities_, more_entities);
  grow(entity_types_, more_entities);
  grow(entity_states_, more_entities);
  grow(relations_, more_relations);
}

void graph::rebuild_adjacency() {
  changed();
  const auto slots = entity_slots();
  const auto rels = relation_slots();
  const auto types = static_cast<std::uint32_t>(schema_.relation_type_count());
  const auto live = [&](std::uint32_t r) { return relations_[r].source != detail::npos32; };
  const auto type = [&](std::uint32_t r) { return to_index(relations_[r].type); };
  const auto rebuild_out = [&] {
    out_.rebuild(slots, rels, types, [&](std::uint32_t r) { return relations_[r].source; },
                 [&](std::uint32_t r) { return relations_[r].target; }, type, live);
  };
  const auto rebuild_in = [&] {
    in_.rebuild(slots, rels, types, [&](std::uint32_t r) { return relations_[r].target; },
                [&](std::uint32_t r) { return relations_[r].source; }, type, live);
  };
  // The two directions are independent: large rebuilds use a second thread for one of them.
  if (rels < config::parallel_rebuild_threshold) {
    rebuild_out();
    rebuild_in();
    return;
  }
  std::exception_ptr failure;
  std::thread helper([&] {
    try {
      rebuild_in();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    rebuild_out();
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

void graph::maybe_compact() {
  if (out_.churn() > config::compaction_slack + out_.compact_count() / 2) rebuild_adjacency();
}


DOSSIER_NAMESPACE_END
