#include <dossier/names/name_index.hpp>

#include "detail/align.hpp"
#include "detail/string_table.hpp"
#include "detail/token_index.hpp"
#include "detail/utf32.hpp"

#include <algorithm>
#include <mutex>
#include <span>
#include <unordered_map>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace {

using detail::decode;

constexpr char32_t gram_start = 2, gram_end = 3;
constexpr entity_id no_owner = null_entity;
constexpr auto many_owners = static_cast<entity_id>(0xFFFF'FFFEu);

std::uint64_t gram_key(char32_t a, char32_t b) noexcept { return (static_cast<std::uint64_t>(a) << 32) | b; }

// Padded bigrams: "^q", "qi", ..., "g$". Short names still get two grams.
std::vector<std::uint64_t> padded_grams(const std::u32string& cps) {
  std::vector<std::uint64_t> grams;
  char32_t prev = gram_start;
  for (char32_t c : cps) {
    grams.push_back(gram_key(prev, c));
    prev = c;
  }
  grams.push_back(gram_key(prev, gram_end));
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

void keep_best_per_entity(std::vector<name_match>& matches, std::size_t limit) {
  std::stable_sort(matches.begin(), matches.end(), [](const name_match& a, const name_match& b) {
    if (a.score != b.score) return a.score > b.score;
    return to_index(a.entity) < to_index(b.entity);
  });
  std::unordered_set<std::uint32_t> seen;
  std::vector<name_match> out;
  for (auto& m : matches) {
    if (out.size() >= limit) break;
    if (seen.insert(to_index(m.entity)).second) out.push_back(std::move(m));
  }
  matches = std::move(out);
}

}  // namespace

// Bigram postings for substring lookup, built on its first use.
struct gram_index {
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings;
};

struct name_index::state {
  detail::string_table keys;
  std::vector<entity_id> owner;  // per key: its one owner, no_owner or many_owners
  std::unordered_map<std::uint32_t, std::vector<entity_id>> many;  // sorted by id

  std::mutex mutex;  // guards the building of the lazy structures below
  std::vector<std::uint32_t> sorted;  // key ids by text, for prefix lookups
  bool sorted_valid = false;
  std::unique_ptr<gram_index> grams;
  std::unique_ptr<detail::token_index> tokens;

  [[nodiscard]] std::span<const entity_id> owners(std::uint32_t key) const {
    const auto& o = owner[key];
    if (o == no_owner) return {};
    if (o == many_owners) return many.at(key);
    return {&o, 1};
  }
  void add_grams(std::uint32_t key) {
    for (auto g : padded_grams(decode(keys.at(key)))) grams->postings[g].push_back(key);
  }
  const std::vector<std::uint32_t>& sorted_keys() {
    std::lock_guard lock(mutex);
    if (!sorted_valid) {
      sorted.resize(keys.size());
      for (std::uint32_t k = 0; k < keys.size(); ++k) sorted[k] = k;
      std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) { return keys.at(a) < keys.at(b); });
      sorted_valid = true;
    }
    return sorted;
  }
  const gram_index& gram_postings() {
    std::lock_guard lock(mutex);
    if (!grams) {
      grams = std::make_unique<gram_index>();
      for (std::uint32_t k = 0; k < keys.size(); ++k) add_grams(k);
    }
    return *grams;
  }
  const detail::token_index& token_postings() {
    std::lock_guard lock(mutex);
    if (!tokens) {
      auto built = std::make_unique<detail::token_index>();
      built->build(keys, [&](std::uint32_t key) { return owner[key] != no_owner; });
      tokens = std::move(built);
    }
    return *tokens;
  }
};

name_index::name_index() : s_(std::make_unique<state>()) {}
name_index::name_index(name_index&&) noexcept = default;
name_index& name_index::operator=(name_index&&) noexcept = default;
name_index::~name_index() = default;

name_index name_index::copy() const {
  name_index out;
  out.s_->keys = s_->keys;
  out.s_->owner = s_->owner;
  out.s_->many = s_->many;
  return out;  // the lookup structures are rebuilt on demand
}

void name_index::add(entity_id entity, std::string_view normalized) {
  DOSSIER_ASSERT(to_index(entity) < to_index(many_owners), "entity id collides with the name index's markers");
  auto& s = *s_;
  auto key = s.keys.find(normalized);
  const bool new_key = key == detail::string_table::npos;
  if (new_key) {
    key = s.keys.insert(normalized);
    s.owner.push_back(no_owner);
    if (s.tokens) s.tokens->add(key, normalized);
    if (s.grams) s.add_grams(key);
    s.sorted_valid = false;
  }
  auto& o = s.owner[key];
  if (o == no_owner) {
    o = entity;
    if (s.tokens && !new_key) s.tokens->set_live(key, normalized, true);
    return;
  }
  if (o != many_owners) {
    if (o == entity) return;
    s.many[key] = {std::min(o, entity), std::max(o, entity)};
    o = many_owners;
    return;
  }
  auto& owners = s.many[key];
  if (owners.back() < entity) {  // the common case: entities come in id order
    owners.push_back(entity);
    return;
  }
  const auto at = std::lower_bound(owners.begin(), owners.end(), entity);
  if (*at != entity) owners.insert(at, entity);
}

void name_index::remove(entity_id entity, std::string_view normalized) {
  auto& s = *s_;
  const auto key = s.keys.find(normalized);
  if (key == detail::string_table::npos) return;
  auto& o = s.owner[key];
  if (o == entity) {
    o = no_owner;
    if (s.tokens) s.tokens->set_live(key, normalized, false);
    return;
  }
  if (o != many_owners) return;
  auto& owners = s.many[key];
  const auto at = std::lower_bound(owners.begin(), owners.end(), entity);
  if (at == owners.end() || *at != entity) return;
  owners.erase(at);
  if (owners.size() == 1) {
    o = owners.front();
    s.many.erase(key);
  }
}

void name_index::clear() { s_ = std::make_unique<state>(); }

void name_index::shrink_to_fit() {
  s_->keys.shrink_to_fit();
  s_->owner.shrink_to_fit();
}

std::size_t name_index::key_count() const noexcept { return s_->keys.size(); }

std::vector<entity_id> name_index::exact(std::string_view normalized) const {
  const auto key = s_->keys.find(normalized);
  if (key == detail::string_table::npos) return {};
  const auto owners = s_->owners(key);
  return {owners.begin(), owners.end()};
}

std::vector<name_match> name_index::prefix(std::string_view normalized, std::size_t limit, const entity_filter& keep) const {
  std::vector<name_match> out;
  if (normalized.empty()) return out;
  auto& s = *s_;
  const auto& sorted = s.sorted_keys();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), normalized,
                             [&](std::uint32_t k, std::string_view q) { return s.keys.at(k) < q; });
  for (; it != sorted.end() && s.keys.at(*it).starts_with(normalized); ++it) {
    const auto text = s.keys.at(*it);
    const double coverage = static_cast<double>(normalized.size()) / static_cast<double>(text.size());
    for (entity_id e : s.owners(*it))
      if (!keep || keep(e))
        out.push_back({e, coverage, std::string(text), coverage == 1.0 ? match_kind::exact : match_kind::prefix});
  }
  keep_best_per_entity(out, limit);
  return out;
}

std::vector<name_match> name_index::substring(std::string_view normalized, std::size_t limit, const entity_filter& keep) const {
  std::vector<name_match> out;
  if (normalized.empty()) return out;
  auto& s = *s_;
  const auto cps = decode(normalized);
  const auto add_if_contains = [&](std::uint32_t key) {
    const auto text = s.keys.at(key);
    if (text.find(normalized) == std::string_view::npos) return;
    const double coverage = static_cast<double>(normalized.size()) / static_cast<double>(text.size());
    for (entity_id e : s.owners(key))
      if (!keep || keep(e))
        out.push_back({e, coverage, std::string(text), coverage == 1.0 ? match_kind::exact : match_kind::substring});
  };
  if (cps.size() < 2) {
    for (std::uint32_t k = 0; k < s.keys.size(); ++k) add_if_contains(k);
  } else {
    // Every key containing the query holds all of its inner bigrams; scan the rarest posting.
    const auto& g = s.gram_postings();
    const std::vector<std::uint32_t>* rarest = nullptr;
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      auto it = g.postings.find(gram_key(cps[i], cps[i + 1]));
      if (it == g.postings.end()) return out;
      if (!rarest || it->second.size() < rarest->size()) rarest = &it->second;
    }
    for (auto key : *rarest) add_if_contains(key);
  }
  keep_best_per_entity(out, limit);
  return out;
}

std::vector<name_match> name_index::fuzzy(std::string_view normalized, double min_score, std::size_t limit,
                                          const entity_filter& keep, name_kind kind) const {
  std::vector<name_match> out;
  if (normalized.empty() || limit == 0) return out;
  auto& s = *s_;
  const auto& tokens = s.token_postings();
  const detail::prepared_name query(normalized, kind);
  const auto usable = [&](std::uint32_t key) {
    const auto owners = s.owners(key);
    return !owners.empty() && (!keep || std::any_of(owners.begin(), owners.end(), keep));
  };
  auto candidates = tokens.candidates(query, config::fuzzy_candidates, usable);
  if (const auto key = s.keys.find(normalized); key != detail::string_table::npos && usable(key) &&
                                                std::find(candidates.begin(), candidates.end(), key) == candidates.end())
    candidates.insert(candidates.begin(), key);
  for (auto key : candidates) {
    const auto owners = s.owners(key);
    const auto text = s.keys.at(key);
    const detail::prepared_name candidate(text, kind, tokens.latin(key));
    const double score = detail::compare_prepared(query, candidate, kind);
    if (score < min_score) continue;
    std::size_t taken = 0;  // owners share the score: the lowest ids are the ones kept
    for (entity_id e : owners) {
      if (taken == limit) break;
      if (keep && !keep(e)) continue;
      out.push_back({e, score, std::string(text), text == normalized ? match_kind::exact : match_kind::fuzzy});
      ++taken;
    }
  }
  keep_best_per_entity(out, limit);
  for (auto& m : out) {
    const detail::prepared_name candidate(m.matched, kind, tokens.latin(s.keys.find(m.matched)));
    (void)detail::compare_prepared(query, candidate, kind, &m.why);
  }
  return out;
}

std::size_t name_index::memory_bytes() const {
  auto& s = *s_;
  std::size_t bytes = s.keys.memory_bytes() + s.owner.capacity() * sizeof(entity_id) + s.sorted.capacity() * sizeof(std::uint32_t);
  for (const auto& [key, owners] : s.many) bytes += 48 + owners.capacity() * sizeof(entity_id);
  std::lock_guard lock(s.mutex);
  if (s.tokens) bytes += s.tokens->memory_bytes();
  if (s.grams)
    for (const auto& [g, keys] : s.grams->postings) bytes += 48 + keys.capacity() * sizeof(std::uint32_t);
  return bytes;
}

DOSSIER_NAMESPACE_END
