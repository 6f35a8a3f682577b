// Name lookups: the lazily built name index, exact / prefix / substring / fuzzy lookups,
// resolution with its runner-up, and possible duplicates.
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <map>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

const name_index& graph::names() const {
  if (names_ready()) return names_;
  std::lock_guard lock(names_state_->mutex);
  if (!names_state_->ready.load(std::memory_order_relaxed)) {
    for (std::uint32_t i = 0; i < entities_.size(); ++i) {
      if (entity_states_[i] != slot_state::live) continue;
      const auto& r = entities_[i];
      if (!r.name.empty()) names_.add(static_cast<entity_id>(i), normalize_name(r.name));
      for (const auto& a : r.aliases) names_.add(static_cast<entity_id>(i), normalize_name(a.name));
    }
    names_.shrink_to_fit();
    names_state_->ready.store(true, std::memory_order_release);
  }
  return names_;
}

void graph::index_names(entity_id id, const entity_record& r) {
  if (!names_ready()) return;  // built from the records on first lookup
  if (!r.name.empty()) names_.add(id, normalize_name(r.name));
  for (const auto& a : r.aliases) names_.add(id, normalize_name(a.name));
}

void graph::unindex_names(entity_id id, const entity_record& r) {
  if (!names_ready()) return;
  if (!r.name.empty()) names_.remove(id, normalize_name(r.name));
  for (const auto& a : r.aliases) names_.remove(id, normalize_name(a.name));
}

name_kind graph::name_kind_of(entity_type_id type) const {
  const auto is = [&](std::string_view name) {
    const auto t = schema_.try_entity_type(name);
    return t && schema_.is_a(type, *t);
  };
  if (is("Person")) return name_kind::person;
  if (is("Vessel")) return name_kind::vessel;
  if (is("Organization") || is("LegalEntity")) return name_kind::organisation;
  return name_kind::any;
}

name_kind graph::lookup_kind(const lookup_options& o) const {
  return o.type.empty() ? name_kind::any : name_kind_of(schema_.entity_type(o.type));
}

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
  return names().fuzzy(normalize_name(name), o.min_score, o.limit, type_filter(o), lookup_kind(o));
}

std::optional<resolution> graph::try_resolve(std::string_view name, const lookup_options& o) const {
  // Look a little below min_score, so that a runner-up just under it still counts.
  auto wide = o;
  wide.min_score = std::max(0.0, o.min_score - config::ambiguity_margin);
  wide.limit = std::max<std::size_t>(o.limit, 2);
  auto found = lookup(name, wide);
  for (auto& m : lookup_fuzzy(name, wide)) found.push_back(std::move(m));
  std::stable_sort(found.begin(), found.end(), [](const name_match& a, const name_match& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.kind != b.kind) return a.kind == match_kind::exact;
    return to_index(a.entity) < to_index(b.entity);
  });
  if (found.empty() || found.front().score < o.min_score) return std::nullopt;
  resolution r{found.front()};
  const auto other = std::find_if(found.begin(), found.end(), [&](const name_match& m) { return m.entity != r.entity; });
  if (other != found.end()) r.runner_up = *other;
  r.margin = r.score - (r.runner_up ? r.runner_up->score : 0.0);
  r.ambiguous = r.runner_up && r.margin < config::ambiguity_margin;
  return r;
}

resolution graph::resolve(std::string_view name, const lookup_options& o) const {
  if (auto m = try_resolve(name, o)) return *m;
  throw not_found("names.no_match", "no entity" + (o.type.empty() ? std::string() : " of type " + quote(o.type)) +
                                        " is named " + quote(name) + " or close to it (minimum score " +
                                        std::to_string(o.min_score) + ")");
}

std::vector<std::string> graph::name_keys(entity_id id) const {
  const auto& r = entities_[to_index(id)];
  std::vector<std::string> keys;
  if (!r.name.empty()) keys.push_back(normalize_name(r.name));
  for (const auto& a : r.aliases) keys.push_back(normalize_name(a.name));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<name_match> graph::possible_duplicates(entity_id id, double min_score) const {
  const auto c = canonical(id);
  const auto own_type = entity_types_[to_index(c)];
  const auto compatible = [&](entity_id e) {
    if (e == c) return false;
    const auto t = entity_types_[to_index(e)];
    return schema_.is_a(t, own_type) || schema_.is_a(own_type, t);
  };
  std::vector<name_match> all;
  for (const auto& k : name_keys(c)) {
    auto found = names().fuzzy(k, min_score, 50, compatible, name_kind_of(own_type));
    all.insert(all.end(), found.begin(), found.end());
  }
  std::stable_sort(all.begin(), all.end(), [](const name_match& a, const name_match& b) {
    return a.score != b.score ? a.score > b.score : to_index(a.entity) < to_index(b.entity);
  });
  std::unordered_set<std::uint32_t> seen;
  std::erase_if(all, [&](const name_match& m) { return !seen.insert(to_index(m.entity)).second; });
  return all;
}

std::vector<duplicate_pair> graph::duplicates(const duplicate_options& o) const {
  const lookup_options scope{.type = o.type};
  const auto in_scope = type_filter(scope);
  std::map<std::pair<std::uint32_t, std::uint32_t>, duplicate_pair> best;
  std::vector<std::optional<name_kind>> kinds(schema_.entity_type_count());
  for (std::uint32_t i = 0; i < entities_.size(); ++i) {
    if (entity_states_[i] != slot_state::live) continue;
    const auto e = static_cast<entity_id>(i);
    if (in_scope && !in_scope(e)) continue;
    const auto type = entity_types_[i];
    auto& kind = kinds[to_index(type)];
    if (!kind) kind = name_kind_of(type);
    // Each pair once, from its lower id; of compatible types, as possible_duplicates has it.
    const auto later = [&](entity_id other) {
      if (to_index(other) <= i || (in_scope && !in_scope(other))) return false;
      const auto t = entity_types_[to_index(other)];
      return schema_.is_a(t, type) || schema_.is_a(type, t);
    };
    for (const auto& key : name_keys(e)) {
      for (auto& m : names().fuzzy(key, o.min_score, 16, later, *kind)) {
        auto& slot = best[{i, to_index(m.entity)}];
        if (slot.first != null_entity && slot.score >= m.score) continue;
        slot = {e, m.entity, m.score, key, m.matched, std::move(m.why)};
      }
    }
  }
  std::vector<duplicate_pair> out;
  out.reserve(best.size());
  for (auto& [ids, pair] : best) out.push_back(std::move(pair));
  std::stable_sort(out.begin(), out.end(), [](const duplicate_pair& a, const duplicate_pair& b) { return a.score > b.score; });
  if (out.size() > o.limit) out.resize(o.limit);
  return out;
}

DOSSIER_NAMESPACE_END
