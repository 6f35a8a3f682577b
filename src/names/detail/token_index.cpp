#include "token_index.hpp"

#include "edit_distance.hpp"
#include "utf32.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

constexpr std::size_t min_fuzzy_length = 4, max_fuzzy_length = 24;
// Postings read per lookup (the rarest tokens first): bounds the time of a lookup whose tokens
// are all common, at the price of leaving out keys that share only common tokens.
constexpr std::size_t max_postings_read = 60'000;
constexpr float misspelt_share = 0.6F;

std::size_t edit_budget_of(std::size_t length) noexcept { return length <= 2 ? 0 : length <= 5 ? 1 : 2; }

bool fuzzy_eligible(std::u32string_view cps) {
  if (cps.size() < min_fuzzy_length || cps.size() > max_fuzzy_length) return false;
  return std::none_of(cps.begin(), cps.end(), [](char32_t c) { return (c >= '0' && c <= '9') || c == '#' || is_cjk(script_of(c)); });
}

std::uint64_t hash_of(std::u32string_view s) { return std::hash<std::u32string_view>{}(s); }

// Texts up to `deletions` code points shorter, each once per position set (duplicates are
// harmless: hits are checked and deduplicated).
template <class F>
void deletion_variants(std::u32string_view word, std::size_t deletions, F&& f) {
  f(word);
  std::u32string v;
  for (std::size_t i = 0; i < word.size(); ++i) {
    v.assign(word.substr(0, i)).append(word.substr(i + 1));
    f(std::u32string_view(v));
    if (deletions < 2) continue;
    std::u32string w;
    for (std::size_t j = i; j < v.size(); ++j) {
      w.assign(std::u32string_view(v).substr(0, j)).append(std::u32string_view(v).substr(j + 1));
      f(std::u32string_view(w));
    }
  }
}

std::string initials_of(const name_form& form) {
  if (form.tokens.size() < 2 || form.tokens.size() > 10) return {};
  std::string out;
  for (const auto& t : form.tokens) {
    if (t.cls != token_class::word && t.cls != token_class::initial) return {};
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(t.text[0]);
    len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    out.append(t.text, 0, len);
  }
  return out;
}

void add_tokens(const name_form& form, std::vector<std::string>& out) {
  for (const auto& t : form.tokens) out.push_back(index_text(t));
  if (auto acronym = initials_of(form); !acronym.empty()) out.push_back(std::move(acronym));
}

// Scratch of one lookup: scores by key, stamped so that a new lookup forgets in O(1).
struct accumulator {
  std::vector<float> score;
  std::vector<std::uint32_t> stamp;
  std::vector<std::uint32_t> touched;
  std::uint32_t epoch = 0;
  void start(std::size_t keys) {
    if (score.size() < keys) {
      score.resize(keys);
      stamp.resize(keys, 0);
    }
    touched.clear();
    if (++epoch == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      epoch = 1;
    }
  }
  void add(std::uint32_t key, float w) {
    if (stamp[key] != epoch) {
      stamp[key] = epoch;
      score[key] = 0;
      touched.push_back(key);
    }
    score[key] += w;
  }
};

}  // namespace

token_index::reading token_index::read_key(std::string_view text, std::string_view latin) {
  reading r;
  const auto form = read_name(text, name_kind::any);
  add_tokens(form, r.tokens);
  if (form.writing != script::latin && form.writing != script::none) {
    r.latin = latin.empty() ? latin_text(text) : std::string(latin);
    add_tokens(read_name(r.latin, name_kind::any), r.tokens);
  }
  std::sort(r.tokens.begin(), r.tokens.end());
  r.tokens.erase(std::unique(r.tokens.begin(), r.tokens.end()), r.tokens.end());
  std::erase(r.tokens, std::string());
  return r;
}

void token_index::index_key(std::uint32_t key, const reading& r, std::vector<std::uint64_t>* bulk) {
  for (const auto& t : r.tokens) {
    const auto before = tokens_.size();
    const auto id = tokens_.insert(t);
    if (bulk) {
      bulk->push_back(std::uint64_t{id} << 32 | key);
      continue;
    }
    if (id == before) add_neighbours(id);
    if (postings_.add(id, key)) postings_.compact();
  }
  if (!r.latin.empty()) {
    latin_keys_.push_back(key);
    latin_text_ += r.latin;
    latin_offsets_.push_back(static_cast<std::uint32_t>(latin_text_.size()));
  }
  keys_ = std::max(keys_, key + 1);
}

void token_index::build(const string_table& keys) {
  tokens_.clear();
  latin_keys_.clear();
  latin_offsets_.assign(1, 0);
  latin_text_.clear();
  keys_ = 0;
  std::vector<std::uint64_t> entries;
  entries.reserve(std::size_t{keys.size()} * 4);
  for (std::uint32_t k = 0; k < keys.size(); ++k) index_key(k, read_key(keys.at(k), {}), &entries);
  keys_ = keys.size();
  postings_.build(std::move(entries));
  tokens_.shrink_to_fit();
  latin_text_.shrink_to_fit();
  build_neighbourhood();
}

void token_index::add(std::uint32_t key, std::string_view text) { index_key(key, read_key(text, {}), nullptr); }

void token_index::build_neighbourhood() {
  std::vector<std::uint64_t> entries;
  std::size_t variants = 0;
  for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
    const auto cps = decode(tokens_.at(t));
    if (fuzzy_eligible(cps)) variants += cps.size() + 1;
  }
  // About two entries per bucket: the directory costs 2 bytes an entry.
  bucket_shift_ = 64 - static_cast<unsigned>(std::bit_width(std::max<std::size_t>(variants / 2, 1)));
  entries.reserve(variants);
  for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
    const auto cps = decode(tokens_.at(t));
    if (!fuzzy_eligible(cps)) continue;
    deletion_variants(cps, 1, [&](std::u32string_view v) { entries.push_back((hash_of(v) >> bucket_shift_) << 32 | t); });
  }
  neighbours_.build(std::move(entries));
}

void token_index::add_neighbours(std::uint32_t token) {
  const auto cps = decode(tokens_.at(token));
  if (!fuzzy_eligible(cps) || bucket_shift_ >= 64) return;
  bool outgrown = false;
  deletion_variants(cps, 1, [&](std::u32string_view v) {
    outgrown = neighbours_.add(static_cast<std::uint32_t>(hash_of(v) >> bucket_shift_), token) || outgrown;
  });
  if (outgrown) build_neighbourhood();
}

template <class F>
void token_index::for_each_near(std::string_view word, F&& f) const {
  const auto q = decode(word);
  if (!fuzzy_eligible(q) || bucket_shift_ >= 64) return;
  std::unordered_set<std::uint32_t> seen;
  // Two deletions only for words up to 12 code points: beyond, the variants grow quadratically.
  const std::size_t deletions = q.size() <= 12 ? edit_budget_of(q.size()) : 1;
  deletion_variants(q, deletions, [&](std::u32string_view v) {
    const auto bucket = static_cast<std::uint32_t>(hash_of(v) >> bucket_shift_);
    const auto check = [&](std::uint32_t t) {
      if (!seen.insert(t).second) return;
      const auto cps = decode(tokens_.at(t));
      const auto budget = edit_budget_of(std::max(cps.size(), q.size()));
      if (cps != q && bounded_osa(std::span<const char32_t>(cps), std::span<const char32_t>(q), budget) <= budget) f(t);
    };
    for (auto t : neighbours_.compressed(bucket)) check(t);
    for (auto t : neighbours_.added(bucket)) check(t);
  });
}

std::vector<std::uint32_t> token_index::candidates(const prepared_name& query, std::size_t limit) const {
  struct lookup {
    std::uint32_t token;
    float share;
  };
  std::vector<lookup> lookups;
  const auto exact = [&](std::string_view text, float share) {
    if (const auto t = tokens_.find(text); t != string_table::npos) lookups.push_back({t, share});
  };
  const auto r = read_key(query.text(), query.writing() == script::latin ? std::string_view{} : std::string_view(query.latin()));
  for (const auto& t : r.tokens) {
    exact(t, 1.0F);
    for_each_near(t, [&](std::uint32_t near) { lookups.push_back({near, misspelt_share}); });
  }
  // Words written together or apart: "good will" finds "goodwill", "vladimirputin" "vladimir".
  const auto& words = query.native().tokens;
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i].cls == token_class::word && words[i + 1].cls == token_class::word) exact(index_word(words[i].text + words[i + 1].text), 1.0F);
  for (const auto& w : words) {
    if (w.cls != token_class::word || w.text.size() < 6 || w.text.size() > max_fuzzy_length) continue;
    for (std::size_t cut = 2; cut + 2 <= w.text.size(); ++cut) {
      const auto left = tokens_.find(index_word(std::string_view(w.text).substr(0, cut)));
      const auto right = tokens_.find(index_word(std::string_view(w.text).substr(cut)));
      if (left != string_table::npos && right != string_table::npos) lookups.push_back({left, 1.0F}), lookups.push_back({right, 1.0F});
    }
  }
  std::sort(lookups.begin(), lookups.end(), [&](const lookup& a, const lookup& b) {
    const auto sa = postings_.size(a.token), sb = postings_.size(b.token);
    return sa != sb ? sa < sb : a.token < b.token;
  });
  thread_local accumulator acc;
  acc.start(keys_);
  std::size_t read = 0;
  const double n = std::max<double>(keys_, 1);
  for (std::size_t i = 0; i < lookups.size(); ++i) {
    if (i > 0 && lookups[i].token == lookups[i - 1].token) continue;
    const auto df = postings_.size(lookups[i].token);
    if (read > 0 && read + df > max_postings_read) break;
    read += df;
    const auto w = static_cast<float>(std::log(1.0 + n / static_cast<double>(df))) * lookups[i].share;
    for (auto k : postings_.compressed(lookups[i].token)) acc.add(k, w);
    for (auto k : postings_.added(lookups[i].token)) acc.add(k, w);
  }
  auto& touched = acc.touched;
  const auto better = [&](std::uint32_t a, std::uint32_t b) { return acc.score[a] != acc.score[b] ? acc.score[a] > acc.score[b] : a < b; };
  if (touched.size() > limit) {
    std::nth_element(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(limit), touched.end(), better);
    touched.resize(limit);
  }
  std::sort(touched.begin(), touched.end(), better);
  return touched;
}

std::string_view token_index::latin(std::uint32_t key) const noexcept {
  const auto it = std::lower_bound(latin_keys_.begin(), latin_keys_.end(), key);
  if (it == latin_keys_.end() || *it != key) return {};
  const auto i = static_cast<std::size_t>(it - latin_keys_.begin());
  return std::string_view(latin_text_).substr(latin_offsets_[i], latin_offsets_[i + 1] - latin_offsets_[i]);
}

std::size_t token_index::memory_bytes() const noexcept {
  return tokens_.memory_bytes() + postings_.memory_bytes() + neighbours_.memory_bytes() +
         (latin_keys_.capacity() + latin_offsets_.capacity()) * sizeof(std::uint32_t) + latin_text_.capacity();
}

}  // namespace detail

DOSSIER_NAMESPACE_END
