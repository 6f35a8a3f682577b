#include <dossier/names/name_index.hpp>

#include "detail/utf32.hpp"

#include <algorithm>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace {

using detail::decode;

constexpr char32_t gram_start = 2, gram_end = 3;

std::uint64_t gram_key(char32_t a, char32_t b) noexcept {
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

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

// ---- name_index ---------------------------------------------------------------------------

struct name_index::gram_index {
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings;
};

name_index::name_index() = default;
name_index::name_index(name_index&&) noexcept = default;
name_index& name_index::operator=(name_index&&) noexcept = default;
name_index::~name_index() = default;

name_index name_index::copy() const {
  name_index out;
  out.keys_ = keys_;
  out.by_text_ = by_text_;
  return out;  // gram postings are rebuilt on demand
}

void name_index::add(entity_id entity, std::string_view normalized) {
  auto it = by_text_.find(normalized);
  if (it == by_text_.end()) {
    const auto key = static_cast<std::uint32_t>(keys_.size());
    keys_.push_back({std::string(normalized), {}});
    it = by_text_.emplace(std::string(normalized), key).first;
    if (grams_) add_grams(key);
    sorted_valid_ = false;
  }
  auto& owners = keys_[it->second].owners;
  if (owners.empty() || owners.back() < entity) {  // the common case: entities come in id order
    owners.push_back(entity);
    return;
  }
  const auto at = std::lower_bound(owners.begin(), owners.end(), entity);
  if (*at != entity) owners.insert(at, entity);
}

void name_index::remove(entity_id entity, std::string_view normalized) {
  auto it = by_text_.find(normalized);
  if (it == by_text_.end()) return;
  auto& owners = keys_[it->second].owners;
  const auto at = std::lower_bound(owners.begin(), owners.end(), entity);
  if (at != owners.end() && *at == entity) owners.erase(at);
}

void name_index::clear() {
  keys_.clear();
  by_text_.clear();
  grams_.reset();
  sorted_.clear();
  sorted_valid_ = false;
}

std::vector<entity_id> name_index::exact(std::string_view normalized) const {
  auto it = by_text_.find(normalized);
  if (it == by_text_.end()) return {};
  return keys_[it->second].owners;
}

std::vector<name_match> name_index::prefix(std::string_view normalized, std::size_t limit,
                                           const entity_filter& keep) const {
  std::vector<name_match> out;
  if (normalized.empty()) return out;
  const auto& sorted = sorted_keys();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), normalized,
                             [&](std::uint32_t k, std::string_view q) { return keys_[k].text < q; });
  for (; it != sorted.end() && keys_[*it].text.starts_with(normalized); ++it) {
    const auto& text = keys_[*it].text;
    const double coverage = static_cast<double>(normalized.size()) / static_cast<double>(text.size());
    for (entity_id e : keys_[*it].owners)
      if (!keep || keep(e)) out.push_back({e, coverage, text, coverage == 1.0 ? match_kind::exact : match_kind::prefix});
  }
  keep_best_per_entity(out, limit);
  return out;
}

const std::vector<std::uint32_t>& name_index::sorted_keys() const {
  std::lock_guard lock(*grams_mutex_);
  if (!sorted_valid_) {
    sorted_.resize(keys_.size());
    for (std::uint32_t k = 0; k < keys_.size(); ++k) sorted_[k] = k;
    std::sort(sorted_.begin(), sorted_.end(), [&](std::uint32_t a, std::uint32_t b) { return keys_[a].text < keys_[b].text; });
    sorted_valid_ = true;
  }
  return sorted_;
}

void name_index::add_grams(std::uint32_t key) const {
  for (auto g : padded_grams(decode(keys_[key].text))) grams_->postings[g].push_back(key);
}

const name_index::gram_index& name_index::grams() const {
  std::lock_guard lock(*grams_mutex_);
  if (!grams_) {
    grams_ = std::make_unique<gram_index>();
    for (std::uint32_t k = 0; k < keys_.size(); ++k) add_grams(k);
  }
  return *grams_;
}

std::vector<name_match> name_index::substring(std::string_view normalized, std::size_t limit,
                                              const entity_filter& keep) const {
  std::vector<name_match> out;
  if (normalized.empty()) return out;
  const auto cps = decode(normalized);
  const auto add_if_contains = [&](std::uint32_t key) {
    const auto& entry = keys_[key];
    if (entry.text.find(normalized) == std::string::npos) return;
    const double coverage = static_cast<double>(normalized.size()) / static_cast<double>(entry.text.size());
    for (entity_id e : entry.owners)
      if (!keep || keep(e)) out.push_back({e, coverage, entry.text, coverage == 1.0 ? match_kind::exact : match_kind::substring});
  };
  if (cps.size() < 2) {
    for (std::uint32_t k = 0; k < keys_.size(); ++k) add_if_contains(k);
  } else {
    // Every key containing the query holds all of its inner bigrams; scan the rarest posting.
    const auto& g = grams();
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
                                          const entity_filter& keep) const {
  std::vector<name_match> out;
  if (normalized.empty()) return out;
  const auto query_grams = padded_grams(decode(normalized));
  const auto& g = grams();
  std::unordered_map<std::uint32_t, std::uint32_t> shared;
  for (auto gram : query_grams) {
    auto it = g.postings.find(gram);
    if (it == g.postings.end()) continue;
    for (auto key : it->second) ++shared[key];
  }
  // Score only keys sharing a third of the query's bigrams (at least one), best overlap first.
  const auto needed = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(query_grams.size() / 3));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (auto [key, count] : shared)
    if (count >= needed && !keys_[key].owners.empty()) candidates.emplace_back(count, key);
  constexpr std::size_t max_scored = 512;
  if (candidates.size() > max_scored) {
    std::partial_sort(candidates.begin(), candidates.begin() + max_scored, candidates.end(), std::greater<>());
    candidates.resize(max_scored);
  }
  for (auto [count, key] : candidates) {
    const auto& entry = keys_[key];
    const double score = name_similarity(normalized, entry.text);
    if (score < min_score) continue;
    for (entity_id e : entry.owners)
      if (!keep || keep(e)) out.push_back({e, score, entry.text, score == 1.0 ? match_kind::exact : match_kind::fuzzy});
  }
  keep_best_per_entity(out, limit);
  return out;
}

DOSSIER_NAMESPACE_END
