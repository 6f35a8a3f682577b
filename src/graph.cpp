#include <dossier/store/graph.hpp>

#include <algorithm>
#include <exception>
#include <thread>
#include <unordered_set>

#if defined(__linux__)
#include <sys/mman.h>
#endif

DOSSIER_NAMESPACE_BEGIN

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
std::string q(std::string_view s) { return "'" + std::string(s) + "'"; }
std::string id_str(entity_id id) { return "entity " + std::to_string(to_index(id)); }
std::string id_str(relation_id id) { return "relation " + std::to_string(to_index(id)); }

// Adds citations not already present (same source and quote); returns how many were added.
std::size_t merge_citations(std::vector<citation>& into, std::span<const citation> from) {
  std::size_t added = 0;
  for (const auto& c : from) {
    auto same = std::find_if(into.begin(), into.end(), [&](const citation& x) {
      return x.source == c.source && x.quote == c.quote;
    });
    if (same == into.end()) {
      into.push_back(c);
      ++added;
    }
  }
  return added;
}
}  // namespace

// ---- entity_ref / relation_ref ------------------------------------------------------------

entity_type_id entity_ref::type() const noexcept { return g_->entity_types_[to_index(id_)]; }
const std::string& entity_ref::type_name() const { return g_->schema_.name(type()); }
const std::string& entity_ref::name() const noexcept { return g_->entities_[to_index(id_)].name; }
std::span<const alias> entity_ref::aliases() const noexcept { return g_->entities_[to_index(id_)].aliases; }
std::span<const property_statement> entity_ref::properties() const noexcept {
  return g_->entities_[to_index(id_)].properties;
}
const value* entity_ref::property(std::string_view name) const {
  auto p = g_->schema_.try_property(name);
  if (!p) return nullptr;
  for (const auto& s : properties())
    if (s.property == *p) return &s.val;
  return nullptr;
}
std::vector<const property_statement*> entity_ref::statements(std::string_view name) const {
  std::vector<const property_statement*> out;
  auto p = g_->schema_.try_property(name);
  if (!p) return out;
  for (const auto& s : properties())
    if (s.property == *p) out.push_back(&s);
  return out;
}
bool entity_ref::is_a(std::string_view type) const {
  return g_->schema_.is_a(this->type(), g_->schema_.entity_type(type));
}

relation_type_id relation_ref::type() const noexcept { return g_->relations_[to_index(id_)].type; }
const std::string& relation_ref::type_name() const { return g_->schema_.name(type()); }
entity_id relation_ref::source() const noexcept { return static_cast<entity_id>(g_->relations_[to_index(id_)].source); }
entity_id relation_ref::target() const noexcept { return static_cast<entity_id>(g_->relations_[to_index(id_)].target); }
const evidence& relation_ref::ev() const noexcept { return g_->relation_evidence(to_index(id_)); }
std::span<const property_statement> relation_ref::properties() const noexcept {
  const auto extra = g_->relations_[to_index(id_)].extra;
  if (extra == detail::npos32) return {};
  return g_->extras_[extra].properties;
}
const value* relation_ref::property(std::string_view name) const {
  auto p = g_->schema_.try_property(name);
  if (!p) return nullptr;
  for (const auto& s : properties())
    if (s.property == *p) return &s.val;
  return nullptr;
}
bool relation_ref::is_a(std::string_view type) const {
  return g_->schema_.is_a(this->type(), g_->schema_.relation_type(type));
}

// ---- construction ------------------------------------------------------------------------

graph::graph(dossier::schema s) : schema_(std::move(s)) {
  if (auto doc = schema_.try_entity_type("Document")) document_type_ = *doc;
}
graph::graph(graph&&) noexcept = default;
graph& graph::operator=(graph&&) noexcept = default;
graph::~graph() = default;

graph graph::copy() const {
  graph out(schema_);
  out.entities_ = entities_;
  out.entity_types_ = entity_types_;
  out.entity_states_ = entity_states_;
  out.relations_ = relations_;
  out.extras_ = extras_;
  out.out_ = out_;
  out.in_ = in_;
  out.entity_rank_ = entity_rank_;
  out.relation_rank_ = relation_rank_;
  if (names_ready()) {
    out.names_ = names_.copy();
    out.names_state_->ready.store(true);
  }
  out.document_type_ = document_type_;
  return out;  // a copy starts at generation 0: its adjacency is its own
}

const evidence& graph::relation_evidence(std::uint32_t slot) const noexcept {
  static const evidence none{};
  const auto extra = relations_[slot].extra;
  return extra == detail::npos32 ? none : extras_[extra].ev;
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
  if (is_null(id)) throw not_found("null entity id");
  if (to_index(id) >= entities_.size()) throw not_found(id_str(id) + " does not exist");
  throw not_found(id_str(id) + " was removed");
}

bool graph::contains(entity_id id) const noexcept { return try_canonical(id).has_value(); }

const graph::entity_record& graph::live_entity(entity_id id) const { return entities_[to_index(canonical(id))]; }
graph::entity_record& graph::live_entity(entity_id id) { return entities_[to_index(canonical(id))]; }

entity_ref graph::get(entity_id id) const { return entity_ref(this, canonical(id)); }
std::optional<entity_ref> graph::try_get(entity_id id) const noexcept {
  if (auto c = try_canonical(id)) return entity_ref(this, *c);
  return std::nullopt;
}

bool graph::contains(relation_id id) const noexcept { return relation_live(to_index(id)); }

const graph::relation_record& graph::live_relation(relation_id id) const {
  if (!contains(id)) {
    if (is_null(id)) throw not_found("null relation id");
    throw not_found(id_str(id) + (to_index(id) < relations_.size() ? " was removed" : " does not exist"));
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

bool graph::is_source(entity_id id) const {
  return !is_null(document_type_) && schema_.is_a(entity_types_[to_index(canonical(id))], document_type_);
}

// ---- validation helpers ------------------------------------------------------------------

void graph::check_citations(std::span<const citation> cs) const {
  for (const auto& c : cs) {
    validate(c);
    auto src = try_canonical(c.source);
    if (!src) throw provenance_error("citation names " + id_str(c.source) + ", which is not in the graph");
    if (!is_source(*src))
      throw provenance_error("citation names " + id_str(c.source) + " ('" + entities_[to_index(*src)].name +
                             "', a " + schema_.name(entity_types_[to_index(*src)]) +
                             "), which is not a source (Document or a subtype)");
  }
}

void graph::check_evidence(const evidence& ev) const {
  check_citations(ev.citations);
  validate(ev.valid);
}

// Citations are stored against the canonical source id, so merges of sources stay coherent.
namespace {
evidence canonical_evidence(const graph& g, evidence ev) {
  for (auto& c : ev.citations) c.source = g.canonical(c.source);
  return ev;
}
}  // namespace

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
  if (dir != direction::in) { add(out_); x.out_ = &out_; }
  if (dir != direction::out) { add(in_); x.in_ = &in_; }
  x.mask_ = &types;
  x.table_count_ = static_cast<std::uint32_t>(tables.size());
  x.simple_ = tables.size() == 1 && !x.tombstones_ && !x.pending_;
  if (x.simple_ && !tables[0]->dense_start.empty()) {
    x.dense_start_ = tables[0]->dense_start.data();
    x.dense_neighbor_ = tables[0]->neighbor.data();
    x.dense_relation_ = tables[0]->relation.data();
    x.dense_rows_ = static_cast<std::uint32_t>(tables[0]->dense_start.size() - 1);
  }
  if (tables.size() <= expansion::inline_tables) {
    std::copy(tables.begin(), tables.end(), x.inline_);
  } else {
    x.spill_ = std::move(tables);
  }
  return x;
}

// ---- names -------------------------------------------------------------------------------

const name_index& graph::names() const {
  if (names_ready()) return names_;
  std::lock_guard lock(names_state_->mutex);
  if (!names_state_->ready.load(std::memory_order_relaxed)) {
    for (std::uint32_t i = 0; i < entities_.size(); ++i) {
      if (entity_states_[i] != slot_state::live) continue;
      const auto& r = entities_[i];
      names_.add(static_cast<entity_id>(i), normalize_name(r.name));
      for (const auto& a : r.aliases) names_.add(static_cast<entity_id>(i), normalize_name(a.name));
    }
    names_state_->ready.store(true, std::memory_order_release);
  }
  return names_;
}

void graph::index_names(entity_id id, const entity_record& r) {
  if (!names_ready()) return;  // built from the records on first lookup
  names_.add(id, normalize_name(r.name));
  for (const auto& a : r.aliases) names_.add(id, normalize_name(a.name));
}

void graph::unindex_names(entity_id id, const entity_record& r) {
  if (!names_ready()) return;
  names_.remove(id, normalize_name(r.name));
  for (const auto& a : r.aliases) names_.remove(id, normalize_name(a.name));
}

// ---- entities ----------------------------------------------------------------------------

entity_id graph::add(std::string_view type, std::string_view name, entity_options options) {
  return add(schema_.entity_type(type), name, std::move(options));
}

entity_id graph::add(entity_type_id type, std::string_view name, entity_options options) {
  schema_.check_instantiable(type);
  require_utf8(name, "entity name");
  if (normalize_name(name).empty())
    throw value_error("entity name " + q(name) + " is empty after normalisation");
  for (const auto& a : options.aliases) {
    require_utf8(a.name, "alias");
    if (normalize_name(a.name).empty()) throw value_error("alias " + q(a.name) + " is empty after normalisation");
  }
  check_evidence(options.ev);
  entity_record r;
  r.name = std::string(name);
  for (auto& a : options.aliases)
    if (std::find(r.aliases.begin(), r.aliases.end(), a) == r.aliases.end()) r.aliases.push_back(std::move(a));
  const evidence ev = canonical_evidence(*this, std::move(options.ev));
  for (auto& p : options.properties) {
    const auto pid = schema_.check_property(type, p.name, p.val);
    r.properties.push_back({pid, std::move(p.val), ev});
  }
  const auto id = static_cast<entity_id>(entities_.size());
  entity_types_.push_back(type);
  entity_states_.push_back(slot_state::live);
  entities_.push_back(std::move(r));
  entity_rank_.push();
  index_names(id, entities_.back());
  return id;
}

entity_id graph::add_source(const source_info& info) {
  const auto type = schema_.entity_type(info.type);
  const auto doc = schema_.try_entity_type("Document");
  if (!doc || !schema_.is_a(type, *doc))
    throw schema_error("source type " + q(info.type) + " is not a Document or a subtype of it");
  entity_options o;
  if (!info.title.empty()) o.properties.push_back({"title", info.title});
  if (!info.publisher.empty()) o.properties.push_back({"publisher", info.publisher});
  if (!info.authors.empty()) {
    value::list_type authors(info.authors.begin(), info.authors.end());
    o.properties.push_back({"authors", value(std::move(authors))});
  }
  if (!info.url.empty()) o.properties.push_back({"url", info.url});
  if (info.published) o.properties.push_back({"publishedAt", *info.published});
  if (info.retrieved) o.properties.push_back({"retrievedAt", *info.retrieved});
  return add(type, info.title.empty() ? info.url : info.title, std::move(o));
}

void graph::rename(entity_id id, std::string_view name) {
  const auto c = canonical(id);
  require_utf8(name, "entity name");
  if (normalize_name(name).empty()) throw value_error("entity name " + q(name) + " is empty after normalisation");
  auto& r = entities_[to_index(c)];
  if (names_ready()) names_.remove(c, normalize_name(r.name));
  r.name = std::string(name);
  index_names(c, r);
}

void graph::add_alias(entity_id id, alias a) {
  const auto c = canonical(id);
  require_utf8(a.name, "alias");
  const auto key = normalize_name(a.name);
  if (key.empty()) throw value_error("alias " + q(a.name) + " is empty after normalisation");
  auto& r = entities_[to_index(c)];
  if (std::find(r.aliases.begin(), r.aliases.end(), a) != r.aliases.end()) return;
  r.aliases.push_back(std::move(a));
  if (names_ready()) names_.add(c, key);
}

void graph::remove_alias(entity_id id, std::string_view name) {
  const auto c = canonical(id);
  auto& r = entities_[to_index(c)];
  auto it = std::find_if(r.aliases.begin(), r.aliases.end(), [&](const alias& a) { return a.name == name; });
  if (it == r.aliases.end()) throw not_found(id_str(c) + " has no alias " + q(name));
  r.aliases.erase(it);
  const auto key = normalize_name(name);
  const bool still_named = normalize_name(r.name) == key ||
      std::any_of(r.aliases.begin(), r.aliases.end(), [&](const alias& a) { return normalize_name(a.name) == key; });
  if (!still_named && names_ready()) names_.remove(c, key);
}

void graph::set(entity_id id, std::string_view property, value v, evidence ev) {
  const auto c = canonical(id);
  auto& r = entities_[to_index(c)];
  check_evidence(ev);
  const auto pid = schema_.check_property(entity_types_[to_index(c)], property, v);
  ev = canonical_evidence(*this, std::move(ev));
  std::erase_if(r.properties, [&](const property_statement& s) { return s.property == pid; });
  r.properties.push_back({pid, std::move(v), std::move(ev)});
}

void graph::add_value(entity_id id, std::string_view property, value v, evidence ev) {
  const auto c = canonical(id);
  auto& r = entities_[to_index(c)];
  check_evidence(ev);
  const auto pid = schema_.check_property(entity_types_[to_index(c)], property, v);
  ev = canonical_evidence(*this, std::move(ev));
  for (auto& s : r.properties) {
    if (s.property == pid && s.val == v && s.ev.valid == ev.valid) {
      merge_citations(s.ev.citations, ev.citations);
      return;
    }
  }
  r.properties.push_back({pid, std::move(v), std::move(ev)});
}

void graph::unset(entity_id id, std::string_view property) {
  const auto c = canonical(id);
  auto& r = entities_[to_index(c)];
  const auto pid = schema_.try_property(property);
  if (!pid) throw schema_error("unknown property " + q(property));
  std::erase_if(r.properties, [&](const property_statement& s) { return s.property == *pid; });
}

void graph::remove(entity_id id) {
  const auto c = canonical(id);
  const auto v = to_index(c);
  std::vector<std::uint32_t> incident;
  for (auto it = out_.begin(v), e = out_.end(v); it != e; ++it) incident.push_back((*it).relation);
  for (auto it = in_.begin(v), e = in_.end(v); it != e; ++it) incident.push_back((*it).relation);
  std::sort(incident.begin(), incident.end());
  incident.erase(std::unique(incident.begin(), incident.end()), incident.end());
  if (is_source(c)) {
    // Statements that outlive this removal must not cite it (they would cite nothing).
    std::size_t citing = 0;
    const auto count = [&](const evidence& ev) {
      for (const auto& ci : ev.citations) citing += ci.source == c;
    };
    for (std::uint32_t r = 0; r < relations_.size(); ++r) {
      const auto& rr = relations_[r];
      if (rr.source == detail::npos32 || rr.extra == detail::npos32 || std::binary_search(incident.begin(), incident.end(), r)) continue;
      count(extras_[rr.extra].ev);
      for (const auto& st : extras_[rr.extra].properties) count(st.ev);
    }
    for (std::uint32_t e = 0; e < entities_.size(); ++e)
      if (e != v && entity_states_[e] == slot_state::live)
        for (const auto& st : entities_[e].properties) count(st.ev);
    if (citing)
      throw provenance_error("cannot remove source " + id_str(c) + " (" + q(entities_[v].name) + "): " + std::to_string(citing) +
                             " citation" + (citing == 1 ? "" : "s") + " elsewhere still name it; remove or re-cite those first");
  }
  for (auto r : incident) remove(static_cast<relation_id>(r));
  auto& rec = entities_[v];
  unindex_names(c, rec);
  entity_states_[v] = slot_state::removed;
  rec.name.clear();
  rec.name.shrink_to_fit();
  std::vector<alias>().swap(rec.aliases);
  std::vector<property_statement>().swap(rec.properties);
  entity_rank_.erase(v);
}

void graph::merge(entity_id keep_id, entity_id absorb_id) {
  const auto keep = canonical(keep_id), absorb = canonical(absorb_id);
  if (keep == absorb) throw error("merge: " + id_str(keep_id) + " and " + id_str(absorb_id) + " are the same entity");
  const auto k = to_index(keep), a = to_index(absorb);
  const auto keep_type = entity_types_[k];
  // Validate every move first: relations must fit keep's type, properties must be declared.
  std::vector<std::uint32_t> outs, ins;
  for (auto it = out_.begin(a), e = out_.end(a); it != e; ++it) outs.push_back((*it).relation);
  for (auto it = in_.begin(a), e = in_.end(a); it != e; ++it) ins.push_back((*it).relation);
  for (auto r : outs) {
    const auto& rr = relations_[r];
    const auto tgt = rr.target == a ? k : rr.target;
    schema_.check_endpoints(rr.type, keep_type, entity_types_[tgt]);
  }
  for (auto r : ins) {
    const auto& rr = relations_[r];
    const auto src = rr.source == a ? k : rr.source;
    schema_.check_endpoints(rr.type, entity_types_[src], keep_type);
  }
  if (is_source(absorb) && !is_source(keep))
    throw provenance_error("merge: " + id_str(absorb) + " is a source and " + id_str(keep) +
                           " is not; citations would point at a non-source");
  for (const auto& s : entities_[a].properties) {
    const auto& name = schema_.property_name(s.property);
    if (!schema_.find_property(keep_type, s.property) && !schema_.info(keep_type).open)
      throw schema_error("merge: " + schema_.name(keep_type) + " " + q(entities_[k].name) + " has no property " +
                         q(name) + " held by " + q(entities_[a].name));
  }
  // Apply.
  std::sort(outs.begin(), outs.end());
  std::sort(ins.begin(), ins.end());
  std::vector<std::uint32_t> moved;
  std::set_union(outs.begin(), outs.end(), ins.begin(), ins.end(), std::back_inserter(moved));
  for (auto r : moved) {
    unlink(r);
    auto& rr = relations_[r];
    if (rr.source == a) rr.source = k;
    if (rr.target == a) rr.target = k;
    link(r);
  }
  auto& kr = entities_[k];
  auto& ar = entities_[a];
  unindex_names(absorb, ar);
  std::vector<alias> new_aliases{alias(ar.name)};
  new_aliases.insert(new_aliases.end(), ar.aliases.begin(), ar.aliases.end());
  for (auto& al : new_aliases) {
    if (normalize_name(al.name) == normalize_name(kr.name)) continue;
    if (std::find(kr.aliases.begin(), kr.aliases.end(), al) != kr.aliases.end()) continue;
    kr.aliases.push_back(al);
    if (names_ready()) names_.add(keep, normalize_name(al.name));
  }
  for (auto& s : ar.properties) {
    auto same = std::find_if(kr.properties.begin(), kr.properties.end(), [&](const property_statement& x) {
      return x.property == s.property && x.val == s.val && x.ev.valid == s.ev.valid;
    });
    if (same != kr.properties.end()) merge_citations(same->ev.citations, s.ev.citations);
    else kr.properties.push_back(std::move(s));
  }
  entity_states_[a] = slot_state::merged;
  ar.redirect = keep;
  ar.name.clear();
  std::vector<alias>().swap(ar.aliases);
  std::vector<property_statement>().swap(ar.properties);
  entity_rank_.erase(a);
  // Citations naming the absorbed entity as a source now name the kept one.
  if (is_source(keep)) {
    for (auto& x : extras_)
      for (auto& c : x.ev.citations)
        if (c.source == absorb) c.source = keep;
    for (auto& e : entities_)
      for (auto& s : e.properties)
        for (auto& c : s.ev.citations)
          if (c.source == absorb) c.source = keep;
  }
  maybe_compact();
}

// ---- relations ---------------------------------------------------------------------------

graph::relation_extra& graph::extra_of(std::uint32_t r) {
  auto& rr = relations_[r];
  if (rr.extra == detail::npos32) {
    rr.extra = static_cast<std::uint32_t>(extras_.size());
    extras_.emplace_back();
  }
  return extras_[rr.extra];
}

void graph::link(std::uint32_t r) {
  ++generation_;
  const auto& rr = relations_[r];
  out_.insert(rr.source, to_index(rr.type), rr.target, r);
  in_.insert(rr.target, to_index(rr.type), rr.source, r);
}

void graph::unlink(std::uint32_t r) {
  ++generation_;
  const auto& rr = relations_[r];
  out_.erase(rr.source, to_index(rr.type), r);
  in_.erase(rr.target, to_index(rr.type), r);
}

std::optional<std::uint32_t> graph::find_repeat(std::uint32_t source, std::uint32_t target, relation_type_id type,
                                                const relation_extra& claim) const {
  const auto same_claim = [&](std::uint32_t r) {
    const auto& rr = relations_[r];
    if (rr.source != source || rr.target != target || rr.type != type) return false;
    const auto& ev = relation_evidence(r);
    if (!(ev.valid == claim.ev.valid)) return false;
    const auto props = rr.extra == detail::npos32 ? std::span<const property_statement>{}
                                                  : std::span<const property_statement>(extras_[rr.extra].properties);
    if (props.size() != claim.properties.size()) return false;
    for (std::size_t i = 0; i < props.size(); ++i)
      if (props[i].property != claim.properties[i].property || !(props[i].val == claim.properties[i].val)) return false;
    return true;
  };
  // Scan whichever end has fewer relations of this type: hubs stay cheap to add to.
  const bool from_source = out_.degree(source) <= in_.degree(target);
  std::optional<std::uint32_t> found;
  const auto accept = [&](std::uint32_t t) { return t == to_index(type); };
  const auto visit = [&](std::uint32_t, std::uint32_t r) { if (!found && same_claim(r)) found = r; };
  if (from_source) out_.for_each(source, accept, visit);
  else in_.for_each(target, accept, visit);
  return found;
}

relation_id graph::relate(entity_id source, std::string_view type, entity_id target, relation_options options) {
  return relate(source, schema_.relation_type(type), target, std::move(options));
}

relation_id graph::relate(entity_id source, std::string_view type, entity_id target, citation c) {
  relation_options o;
  o.citations.push_back(std::move(c));
  return relate(source, type, target, std::move(o));
}

relation_id graph::relate(entity_id source, relation_type_id type, entity_id target, relation_options options) {
  const auto s = canonical(source), t = canonical(target);
  schema_.check_instantiable(type);
  schema_.check_endpoints(type, entity_types_[to_index(s)], entity_types_[to_index(t)]);
  check_citations(options.citations);
  validate(options.valid);
  relation_extra claim;
  for (auto& p : options.properties) {
    const auto pid = schema_.check_property(type, p.name, p.val);
    claim.properties.push_back({pid, std::move(p.val), {}});
  }
  claim.ev.citations = std::move(options.citations);
  for (auto& c : claim.ev.citations) c.source = canonical(c.source);
  claim.ev.valid = options.valid;

  if (options.on_repeat == repeat_policy::merge) {
    if (auto existing = find_repeat(to_index(s), to_index(t), type, claim)) {
      if (!claim.ev.citations.empty()) merge_citations(extra_of(*existing).ev.citations, claim.ev.citations);
      return static_cast<relation_id>(*existing);
    }
  }
  const auto r = static_cast<std::uint32_t>(relations_.size());
  if (r == detail::npos32 - 1) throw error("relate: relation id space exhausted");
  relations_.push_back({to_index(s), to_index(t), type, detail::npos32});
  if (!claim.ev.citations.empty() || !claim.ev.valid.empty() || !claim.properties.empty())
    extra_of(r) = std::move(claim);
  relation_rank_.push();
  link(r);
  maybe_compact();
  return static_cast<relation_id>(r);
}

void graph::set(relation_id id, std::string_view property, value v, evidence ev) {
  const auto& rr = live_relation(id);
  check_evidence(ev);
  const auto pid = schema_.check_property(rr.type, property, v);
  ev = canonical_evidence(*this, std::move(ev));
  auto& x = extra_of(to_index(id));
  std::erase_if(x.properties, [&](const property_statement& s) { return s.property == pid; });
  x.properties.push_back({pid, std::move(v), std::move(ev)});
}

void graph::unset(relation_id id, std::string_view property) {
  const auto& rr = live_relation(id);
  const auto pid = schema_.try_property(property);
  if (!pid) throw schema_error("unknown property " + q(property));
  if (rr.extra == detail::npos32) return;
  std::erase_if(extras_[rr.extra].properties, [&](const property_statement& s) { return s.property == *pid; });
}

void graph::add_citation(relation_id id, citation c) {
  (void)live_relation(id);
  check_citations({&c, 1});
  c.source = canonical(c.source);
  merge_citations(extra_of(to_index(id)).ev.citations, {&c, 1});
}

void graph::set_valid_time(relation_id id, valid_time v) {
  (void)live_relation(id);
  validate(v);
  extra_of(to_index(id)).ev.valid = v;
}

void graph::remove(relation_id id) {
  (void)live_relation(id);
  const auto r = to_index(id);
  unlink(r);
  auto& rr = relations_[r];
  if (rr.extra != detail::npos32) extras_[rr.extra] = relation_extra{};
  rr.source = rr.target = detail::npos32;
  relation_rank_.erase(r);
  maybe_compact();
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

// ---- names -------------------------------------------------------------------------------

name_index::entity_filter graph::type_filter(const lookup_options& o) const {
  if (o.type.empty()) return {};
  const entity_type_id types[] = {schema_.entity_type(o.type)};
  return [this, mask = schema_.mask(types)](entity_id e) { return mask.test(to_index(entity_types_[to_index(e)])); };
}

std::vector<name_match> graph::lookup(std::string_view name, const lookup_options& o) const {
  const auto filter = type_filter(o);
  std::vector<name_match> out;
  const auto key = normalize_name(name);
  for (auto e : names().exact(key)) {
    if (out.size() >= o.limit) break;
    if (!filter || filter(e)) out.push_back({e, 1.0, key, match_kind::exact});
  }
  return out;
}

std::vector<name_match> graph::lookup_prefix(std::string_view prefix, const lookup_options& o) const {
  return names().prefix(normalize_name(prefix), o.limit, type_filter(o));
}

std::vector<name_match> graph::lookup_substring(std::string_view text, const lookup_options& o) const {
  return names().substring(normalize_name(text), o.limit, type_filter(o));
}

std::vector<name_match> graph::lookup_fuzzy(std::string_view name, const lookup_options& o) const {
  return names().fuzzy(normalize_name(name), o.min_score, o.limit, type_filter(o));
}

std::optional<name_match> graph::try_resolve(std::string_view name, const lookup_options& o) const {
  auto exact = lookup(name, o);
  if (!exact.empty()) return exact.front();
  auto fuzzy = lookup_fuzzy(name, o);
  if (!fuzzy.empty()) return fuzzy.front();
  return std::nullopt;
}

name_match graph::resolve(std::string_view name, const lookup_options& o) const {
  if (auto m = try_resolve(name, o)) return *m;
  throw not_found("no entity" + (o.type.empty() ? std::string() : " of type " + q(o.type)) + " is named " + q(name) +
                  " or close to it (minimum score " + std::to_string(o.min_score) + ")");
}

std::vector<name_match> graph::possible_duplicates(entity_id id, double min_score) const {
  const auto c = canonical(id);
  const auto& r = entities_[to_index(c)];
  const auto own_type = entity_types_[to_index(c)];
  const auto compatible = [&](entity_id e) {
    if (e == c) return false;
    const auto t = entity_types_[to_index(e)];
    return schema_.is_a(t, own_type) || schema_.is_a(own_type, t);
  };
  std::vector<name_match> all;
  std::vector<std::string> keys{normalize_name(r.name)};
  for (const auto& a : r.aliases) keys.push_back(normalize_name(a.name));
  for (const auto& k : keys) {
    auto found = names().fuzzy(k, min_score, 50, compatible);
    all.insert(all.end(), found.begin(), found.end());
  }
  std::sort(all.begin(), all.end(), [](const name_match& a, const name_match& b) {
    return a.score != b.score ? a.score > b.score : to_index(a.entity) < to_index(b.entity);
  });
  std::unordered_set<std::uint32_t> seen;
  std::erase_if(all, [&](const name_match& m) { return !seen.insert(to_index(m.entity)).second; });
  return all;
}

// ---- maintenance -------------------------------------------------------------------------

void graph::reserve(std::size_t entities, std::size_t relations) {
  // Ids are 32-bit: a larger request cannot be met and would only fail deep in the allocator.
  constexpr std::size_t id_space = detail::npos32 - 1;
  if (entities > id_space || relations > id_space)
    throw error("reserve: " + std::to_string(std::max(entities, relations)) + " exceeds the 32-bit id space");
  entities_.reserve(entities);
  entity_types_.reserve(entities);
  entity_states_.reserve(entities);
  relations_.reserve(relations);
}

void graph::compact() {
  rebuild_adjacency();
  relations_.shrink_to_fit();  // explicit compaction also returns growth slack
  extras_.shrink_to_fit();
  entities_.shrink_to_fit();
  entity_types_.shrink_to_fit();
  entity_states_.shrink_to_fit();
}

void graph::rebuild_adjacency() {
  ++generation_;
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

graph::memory_usage graph::memory() const noexcept {
  memory_usage m{};
  m.relations = relations_.capacity() * sizeof(relation_record) + relation_rank_.memory_bytes();
  m.adjacency = out_.memory_bytes() + in_.memory_bytes();
  m.entities = entities_.capacity() * sizeof(entity_record) + entity_types_.capacity() * sizeof(entity_type_id) +
               entity_states_.capacity() * sizeof(slot_state) + entity_rank_.memory_bytes();
  for (const auto& e : entities_) m.entities += e.name.capacity() > 15 ? e.name.capacity() : 0;
  return m;
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

DOSSIER_NAMESPACE_END
