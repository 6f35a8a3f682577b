// Entities: adding, naming, properties, removal and merges.
#include <dossier/store/graph.hpp>

#include "detail/alias_set.hpp"
#include "detail/evidence.hpp"

#include <algorithm>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace {
std::string id_str(entity_id id) { return "entity " + std::to_string(to_index(id)); }

bool names_valid_time(const std::string& property) { return property == "startDate" || property == "endDate"; }
}  // namespace

// ---- applying checked changes ------------------------------------------------------------

bool graph::has_alias(std::uint32_t slot, const alias& a) const {
  if (const auto it = alias_sets_.find(slot); it != alias_sets_.end()) return it->second->contains(a);
  const auto& list = entities_[slot].aliases;
  return std::find(list.begin(), list.end(), a) != list.end();
}

void graph::push_alias(std::uint32_t slot, alias a) {
  auto& list = entities_[slot].aliases;
  list.push_back(std::move(a));
  if (const auto it = alias_sets_.find(slot); it != alias_sets_.end()) it->second->insert(list.back());
  else if (list.size() > alias_set::threshold) alias_sets_.emplace(slot, std::make_unique<alias_set>(list));
}

entity_id graph::push_entity(entity_type_id type, std::string name, std::vector<alias> aliases, std::string external_id) {
  const auto slot = static_cast<std::uint32_t>(entities_.size());
  if (slot >= detail::npos32 - 1) throw error("store.id_space", "add: entity id space exhausted");
  entity_types_.push_back(type);
  entity_states_.push_back(slot_state::live);
  entities_.push_back({null_entity, std::move(name), {}});
  entity_statements_.resize_owners(entities_.size());
  entity_rank_.push();
  for (auto& a : aliases)
    if (!has_alias(slot, a)) push_alias(slot, std::move(a));
  if (!external_id.empty()) put_external_id(slot, std::move(external_id));
  const auto id = static_cast<entity_id>(slot);
  index_names(id, entities_.back());
  return id;
}

void graph::push_statement(entity_id id, property_statement s) {
  const auto slot = to_index(id);
  const auto props = entity_statements_.of(slot);
  for (std::size_t i = 0; i < props.size(); ++i) {
    const auto existing = props[i];
    if (existing.property == s.property && existing.val == s.val && existing.ev.valid == s.ev.valid) {
      if (!s.ev.citations.empty()) detail::merge_citations(entity_statements_.mutable_evidence(slot, i).citations, s.ev.citations);
      return;
    }
  }
  entity_statements_.push(slot, std::move(s));
}

void graph::refresh_valid_time(std::uint32_t slot) {
  refresh_valid_time(slot, schema_.try_property("startDate"), schema_.try_property("endDate"));
}

void graph::refresh_valid_time(std::uint32_t slot, std::optional<property_id> start, std::optional<property_id> end) {
  valid_time v;
  const auto widen = [](std::optional<date>& into, const value& x, bool earliest) {
    const auto take = [&](const value& item) {
      const auto* d = item.get_if<date>();
      if (!d) return;
      if (!into || (earliest ? d->earliest() < into->earliest() : d->latest() > into->latest())) into = *d;
    };
    if (const auto* items = x.get_if<value::list_type>()) {
      for (const auto& item : *items) take(item);
    } else {
      take(x);
    }
  };
  if (entity_states_[slot] == slot_state::live)
    for (const auto s : entity_statements_.of(slot)) {
      if (start && s.property == *start) widen(v.start, s.val, true);
      if (end && s.property == *end) widen(v.end, s.val, false);
    }
  if (v.empty()) entity_valid_.erase(slot);
  else entity_valid_[slot] = v;
}

// ---- entities ----------------------------------------------------------------------------

entity_id graph::add(std::string_view type, std::string_view name, entity_options options) {
  return add(schema_.entity_type(type), name, std::move(options));
}

entity_id graph::add(entity_type_id type, std::string_view name, entity_options options) {
  check_entity_type(type);
  check_name(name, "entity name", true);
  for (const auto& a : options.aliases) check_name(a.name, "alias");
  check_evidence(options.ev);
  check_external_id(options.external_id, detail::npos32);
  std::vector<property_id> ids;
  ids.reserve(options.properties.size());
  for (const auto& p : options.properties) ids.push_back(schema_.check_property(type, p.name, p.val));
  // Checked: from here on nothing fails on the caller's account.
  const evidence ev = detail::canonical_evidence(*this, std::move(options.ev));
  const auto id = push_entity(type, std::string(name), std::move(options.aliases), std::move(options.external_id));
  bool timed = false;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto& p = options.properties[i];
    if (is_null(ids[i])) {
      ids[i] = schema_.intern_property(p.name);
      changed();
    }
    timed = timed || names_valid_time(p.name);
    push_statement(id, {ids[i], std::move(p.val), ev});
  }
  if (timed) refresh_valid_time(to_index(id));
  return id;
}

entity_id graph::add_source(const source_info& info) {
  const auto type = schema_.entity_type(info.type);
  if (!is_source_type(type))
    throw schema_error("schema.not_a_source_type", "source type " + quote(info.type) + " is not a Document or a subtype of it");
  // Each field goes to the first of its properties that the type declares (docs in graph.hpp).
  entity_options o;
  const auto put = [&](const char* field, std::initializer_list<const char*> names, value v) {
    for (const char* name : names) {
      const auto pid = schema_.try_property(name);
      if (pid && schema_.find_property(type, *pid)) {
        o.properties.push_back({name, std::move(v)});
        return;
      }
    }
    if (schema_.info(type).open) {
      o.properties.push_back({*names.begin(), std::move(v)});
      return;
    }
    std::string tried;
    for (const char* name : names) tried += (tried.empty() ? "'" : ", '") + std::string(name) + "'";
    throw schema_error("schema.unknown_property", "source type " + quote(info.type) + " has no property for the source's " +
                                                      field + " (tried " + tried + ")");
  };
  if (!info.title.empty()) put("title", {"title"}, info.title);
  if (!info.publisher.empty()) put("publisher", {"publisher"}, info.publisher);
  if (!info.authors.empty()) put("authors", {"authors", "author"}, value(value::list_type(info.authors.begin(), info.authors.end())));
  if (!info.url.empty()) put("url", {"url", "sourceUrl"}, info.url);
  if (info.published) put("published", {"publishedAt"}, *info.published);
  if (info.retrieved) put("retrieved", {"retrievedAt"}, *info.retrieved);
  return add(type, info.title.empty() ? info.url : info.title, std::move(o));
}

void graph::set_external_id(entity_id id, std::string_view external) {
  const auto c = canonical(id);
  check_external_id(external, to_index(c));
  put_external_id(to_index(c), std::string(external));
}

void graph::rename(entity_id id, std::string_view name) {
  const auto c = canonical(id);
  check_name(name, "entity name", true);
  auto& r = entities_[to_index(c)];
  if (names_ready()) {
    const auto old_key = normalize_name(r.name);
    const auto* set = alias_sets_.count(to_index(c)) ? alias_sets_.at(to_index(c)).get() : nullptr;
    const bool alias_keeps_it = set ? set->names(old_key) : std::any_of(r.aliases.begin(), r.aliases.end(), [&](const alias& a) {
      return normalize_name(a.name) == old_key;
    });
    if (!alias_keeps_it) names_.remove(c, old_key);
  }
  r.name = std::string(name);
  if (names_ready() && !r.name.empty()) names_.add(c, normalize_name(r.name));
}

void graph::add_alias(entity_id id, alias a) {
  const auto c = canonical(id);
  check_name(a.name, "alias");
  const auto slot = to_index(c);
  if (has_alias(slot, a)) return;
  if (names_ready()) names_.add(c, normalize_name(a.name));
  push_alias(slot, std::move(a));
}

void graph::remove_alias(entity_id id, std::string_view name_in) {
  const auto c = canonical(id);
  const auto slot = to_index(c);
  // A copy first: `name_in` may point into the alias about to be erased.
  const std::string name(name_in);
  auto& r = entities_[slot];
  const auto it = std::find_if(r.aliases.begin(), r.aliases.end(), [&](const alias& a) { return a.name == name; });
  if (it == r.aliases.end()) throw not_found("store.unknown_alias", id_str(c) + " has no alias " + quote(name));
  auto* set = alias_sets_.count(slot) ? alias_sets_.at(slot).get() : nullptr;
  if (set) set->erase(*it);
  r.aliases.erase(it);
  if (!names_ready()) return;
  const auto key = normalize_name(name);
  const bool still_named = normalize_name(r.name) == key ||
                           (set ? set->names(key) : std::any_of(r.aliases.begin(), r.aliases.end(), [&](const alias& a) {
                             return normalize_name(a.name) == key;
                           }));
  if (!still_named) names_.remove(c, key);
}

void graph::set(entity_id id, std::string_view property, value v, evidence ev) {
  const auto c = canonical(id);
  check_evidence(ev);
  auto pid = schema_.check_property(entity_types_[to_index(c)], property, v);
  if (is_null(pid)) {
    pid = schema_.intern_property(property);
    changed();
  }
  ev = detail::canonical_evidence(*this, std::move(ev));
  (void)entity_statements_.erase_property(to_index(c), pid);
  entity_statements_.push(to_index(c), {pid, std::move(v), std::move(ev)});
  if (names_valid_time(std::string(property))) refresh_valid_time(to_index(c));
}

void graph::add_value(entity_id id, std::string_view property, value v, evidence ev) {
  const auto c = canonical(id);
  check_evidence(ev);
  auto pid = schema_.check_property(entity_types_[to_index(c)], property, v);
  if (is_null(pid)) {
    pid = schema_.intern_property(property);
    changed();
  }
  push_statement(c, {pid, std::move(v), detail::canonical_evidence(*this, std::move(ev))});
  if (names_valid_time(std::string(property))) refresh_valid_time(to_index(c));
}

void graph::unset(entity_id id, std::string_view property) {
  const auto c = canonical(id);
  const auto pid = schema_.try_property(property);
  if (!pid) throw schema_error("schema.unknown_property", "unknown property " + quote(property));
  (void)entity_statements_.erase_property(to_index(c), *pid);
  if (names_valid_time(std::string(property))) refresh_valid_time(to_index(c));
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
    const auto count_in = [&](const auto& citations) {
      for (const auto& ci : citations) citing += ci.source == c;
    };
    const auto count = [&](const evidence& ev) { count_in(ev.citations); };
    for (std::uint32_t r = 0; r < relations_.size(); ++r) {
      const auto& rr = relations_[r];
      if (rr.source == detail::npos32 || rr.details == detail::npos32 || std::binary_search(incident.begin(), incident.end(), r)) continue;
      count_in(relation_citations_.of(rr.details));
      for (const auto st : relation_statements_.of(rr.details)) count(st.ev);
    }
    for (std::uint32_t e = 0; e < entities_.size(); ++e)
      if (e != v && entity_states_[e] == slot_state::live)
        for (const auto st : entity_statements_.of(e)) count(st.ev);
    if (citing)
      throw provenance_error("provenance.source_in_use", "cannot remove source " + id_str(c) + " (" + quote(entities_[v].name) +
                                                             "): " + std::to_string(citing) + " citation" + (citing == 1 ? "" : "s") +
                                                             " elsewhere still name it; remove or re-cite those first");
  }
  for (auto r : incident) remove(static_cast<relation_id>(r));
  auto& rec = entities_[v];
  unindex_names(c, rec);
  entity_states_[v] = slot_state::removed;
  std::string().swap(rec.name);
  std::vector<alias>().swap(rec.aliases);
  entity_statements_.clear(v);
  alias_sets_.erase(v);
  entity_valid_.erase(v);
  put_external_id(v, {});  // the id is free again
  entity_rank_.erase(v);
  changed();  // bound plans hold start ids: they must see that this one is gone
}

void graph::merge(entity_id keep_id, entity_id absorb_id) {
  const auto keep = canonical(keep_id), absorb = canonical(absorb_id);
  if (keep == absorb)
    throw error("store.merge_self", "merge: " + id_str(keep_id) + " and " + id_str(absorb_id) + " are the same entity");
  const auto k = to_index(keep), a = to_index(absorb);
  const auto keep_type = entity_types_[k];
  // Validate every move first: relations must fit keep's type, properties must be declared.
  std::vector<std::uint32_t> outs, ins;
  for (auto it = out_.begin(a), e = out_.end(a); it != e; ++it) outs.push_back((*it).relation);
  for (auto it = in_.begin(a), e = in_.end(a); it != e; ++it) ins.push_back((*it).relation);
  for (auto r : outs) {
    const auto& rr = relations_[r];
    schema_.check_endpoints(rr.type, keep_type, entity_types_[rr.target == a ? k : rr.target]);
  }
  for (auto r : ins) {
    const auto& rr = relations_[r];
    schema_.check_endpoints(rr.type, entity_types_[rr.source == a ? k : rr.source], keep_type);
  }
  if (is_source(absorb) && !is_source(keep))
    throw provenance_error("provenance.not_a_source", "merge: " + id_str(absorb) + " is a source and " + id_str(keep) +
                                                          " is not; citations would point at a non-source");
  for (const auto s : entity_statements_.of(a)) {
    if (!schema_.find_property(keep_type, s.property) && !schema_.info(keep_type).open)
      throw schema_error("schema.unknown_property", "merge: " + schema_.name(keep_type) + " " + quote(entities_[k].name) +
                                                        " has no property " + quote(schema_.property_name(s.property)) +
                                                        " held by " + quote(entities_[a].name));
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
  auto& ar = entities_[a];
  unindex_names(absorb, ar);
  std::vector<alias> new_aliases;
  if (!ar.name.empty()) new_aliases.emplace_back(ar.name);
  new_aliases.insert(new_aliases.end(), std::make_move_iterator(ar.aliases.begin()), std::make_move_iterator(ar.aliases.end()));
  const auto keep_key = normalize_name(entities_[k].name);
  for (auto& al : new_aliases) {
    const auto key = normalize_name(al.name);
    if (key == keep_key || has_alias(k, al)) continue;
    if (names_ready()) names_.add(keep, key);
    push_alias(k, std::move(al));
  }
  for (auto& s : entity_statements_.of(a).copy()) push_statement(keep, std::move(s));
  entity_states_[a] = slot_state::merged;
  ar.redirect = keep;
  std::string().swap(ar.name);
  std::vector<alias>().swap(ar.aliases);
  entity_statements_.clear(a);
  alias_sets_.erase(a);
  entity_valid_.erase(a);
  refresh_valid_time(k);
  entity_rank_.erase(a);
  changed();
  // Citations naming the absorbed entity as a source now name the kept one.
  if (is_source(keep)) {
    const auto repoint = [&](evidence& ev) {
      for (auto& c : ev.citations)
        if (c.source == absorb) c.source = keep;
    };
    relation_citations_.repoint(absorb, keep);
    relation_statements_.for_each_evidence(repoint);
    entity_statements_.for_each_evidence(repoint);
  }
  maybe_compact();
}

DOSSIER_NAMESPACE_END
