// Name lookups: the lazily built name index, exact / prefix / substring / fuzzy lookups,
// resolution and possible duplicates.
#include <dossier/store/graph.hpp>

#include <algorithm>
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
  throw not_found("names.no_match", "no entity" + (o.type.empty() ? std::string() : " of type " + quote(o.type)) +
                                        " is named " + quote(name) + " or close to it (minimum score " +
                                        std::to_string(o.min_score) + ")");
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
  std::vector<std::string> keys;
  if (!r.name.empty()) keys.push_back(normalize_name(r.name));
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

DOSSIER_NAMESPACE_END
