#include "token_index.hpp"

#include "edit_distance.hpp"
#include "utf32.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <exception>
#include <functional>
#include <thread>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

constexpr std::size_t min_fuzzy_length = 4, max_fuzzy_length = 24;
// Postings read per lookup, the rarest tokens first; a first list longer than max_first_list is
// intersected with the second instead (or cut, when it is alone). The lists of more common
// tokens are only searched for the max_raised best keys found. Reading postings into the
// scores is the main cost of a lookup (random access to a score per key): these bound it, at
// the price of leaving out keys that share only common tokens with the query.
constexpr std::size_t max_postings_read = 2'000, max_first_list = 4'000, max_raised = 64;
// Misspellings followed per query token.
constexpr std::size_t max_near_tokens = 8;
constexpr float misspelt_share = 0.6F;
constexpr float relative_floor = 0.5F;

std::size_t edit_budget_of(std::size_t length) noexcept { return length <= 2 ? 0 : length <= 5 ? 1 : 2; }

bool is_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::size_t code_point_count(std::string_view s) noexcept {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool fuzzy_eligible(std::u32string_view cps) {
  if (cps.size() < min_fuzzy_length || cps.size() > max_fuzzy_length) return false;
  return std::none_of(cps.begin(), cps.end(), [](char32_t c) { return (c >= '0' && c <= '9') || c == '#' || is_cjk(script_of(c)); });
}

std::uint64_t hash_of(std::u32string_view s) { return std::hash<std::u32string_view>{}(s); }

// The word and each text one code point shorter (duplicates are harmless: hits are checked
// and deduplicated).
template <class F>
void deletion_variants(std::u32string_view word, F&& f) {
  f(word);
  std::u32string v;
  for (std::size_t i = 0; i < word.size(); ++i) {
    v.assign(word.substr(0, i)).append(word.substr(i + 1));
    f(std::u32string_view(v));
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

// Calls f with each of `keys` (sorted) that `list` (sorted) holds, galloping through the list.
template <class F>
void for_each_common(std::span<const std::uint32_t> list, std::span<const std::uint32_t> keys, F&& f) {
  std::size_t at = 0;
  for (auto k : keys) {
    std::size_t step = 1, hi = at;
    while (hi < list.size() && list[hi] < k) {
      at = hi + 1;
      hi += step;
      step *= 2;
    }
    const auto end = list.begin() + static_cast<std::ptrdiff_t>(std::min(hi + 1, list.size()));
    at = static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(at), end, k) - list.begin());
    if (at == list.size()) return;
    if (list[at] == k) f(k);
  }
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

void token_index::index_key(std::uint32_t key, const reading& r) {
  for (const auto& t : r.tokens) {
    const auto before = tokens_.size();
    const auto id = tokens_.insert(t);
    if (id == before) {
      live_keys_.push_back(0);
      add_neighbours(id);
    }
    ++live_keys_[id];
    if (postings_.add(id, key)) postings_.compact();
  }
  if (!r.latin.empty()) {
    latin_keys_.push_back(key);
    latin_text_ += r.latin;
    latin_offsets_.push_back(static_cast<std::uint32_t>(latin_text_.size()));
  }
  key_tokens_.resize(std::max<std::size_t>(key_tokens_.size(), key + 1), 1);
  key_tokens_[key] = static_cast<std::uint8_t>(std::clamp<std::size_t>(r.tokens.size(), 1, 255));
  keys_ = std::max(keys_, key + 1);
}

namespace {

// What one thread reads of a range of keys: its own token table, (its token, key) entries in
// key order, tokens per key and the Latin readings.
struct partial_index {
  string_table tokens;
  std::vector<std::uint64_t> entries;
  std::vector<std::uint8_t> counts;
  std::vector<char> live;
  std::vector<std::pair<std::uint32_t, std::string>> latin;
};

unsigned build_threads(std::size_t items) {
  if (items < config::parallel_names_threshold) return 1;
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

// Runs work(part) for parts 0..n-1 on n threads (part 0 on this one); rethrows a failure.
template <class F>
void on_threads(unsigned n, F&& work) {
  std::vector<std::exception_ptr> failures(n);
  const auto guarded = [&](unsigned p) {
    try {
      work(p);
    } catch (...) {
      failures[p] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned p = 1; p < n; ++p) pool.emplace_back(guarded, p);
  guarded(0);
  for (auto& t : pool) t.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
}

}  // namespace

void token_index::set_live(std::uint32_t key, std::string_view text, bool live) {
  for (const auto& t : read_key(text, latin(key)).tokens) {
    const auto id = tokens_.find(t);
    if (id == string_table::npos) continue;
    if (live) ++live_keys_[id];
    else if (live_keys_[id] > 0) --live_keys_[id];
  }
}

void token_index::build(const string_table& keys, const key_filter& live) {
  const std::uint32_t n = keys.size();
  const unsigned threads = build_threads(n);
  std::vector<partial_index> parts(threads);
  on_threads(threads, [&](unsigned p) {
    const auto lo = static_cast<std::uint32_t>(std::uint64_t{n} * p / threads), hi = static_cast<std::uint32_t>(std::uint64_t{n} * (p + 1) / threads);
    auto& part = parts[p];
    part.entries.reserve(std::size_t{hi - lo} * 4);
    part.counts.reserve(hi - lo);
    part.tokens.reserve((hi - lo) / 2);
    for (std::uint32_t k = lo; k < hi; ++k) {
      auto r = read_key(keys.at(k), {});
      for (const auto& t : r.tokens) part.entries.push_back(std::uint64_t{part.tokens.insert(t)} << 32 | k);
      part.counts.push_back(static_cast<std::uint8_t>(std::clamp<std::size_t>(r.tokens.size(), 1, 255)));
      part.live.push_back(!live || live(k) ? 1 : 0);
      if (!r.latin.empty()) part.latin.emplace_back(k, std::move(r.latin));
    }
  });
  // One token table; postings by a counting sort, keys ascending within each list.
  tokens_ = std::move(parts[0].tokens);
  std::vector<std::vector<std::uint32_t>> global(threads);
  for (unsigned p = 0; p < threads; ++p) {
    const auto& local = p == 0 ? tokens_ : parts[p].tokens;
    global[p].resize(local.size());
    for (std::uint32_t t = 0; t < local.size(); ++t) global[p][t] = p == 0 ? t : tokens_.insert(local.at(t));
  }
  std::vector<std::uint32_t> offsets(std::size_t{tokens_.size()} + 1, 0);
  std::size_t total = 0;
  for (unsigned p = 0; p < threads; ++p) {
    total += parts[p].entries.size();
    for (auto e : parts[p].entries) ++offsets[global[p][e >> 32] + 1];
  }
  for (std::size_t t = 1; t < offsets.size(); ++t) offsets[t] += offsets[t - 1];
  std::vector<std::uint32_t> values(total), at(offsets.begin(), offsets.end() - 1);
  live_keys_.assign(tokens_.size(), 0);
  for (unsigned p = 0; p < threads; ++p) {
    const auto first_key = static_cast<std::uint32_t>(std::uint64_t{n} * p / threads);
    for (auto e : parts[p].entries) {
      const auto token = global[p][e >> 32];
      const auto key = static_cast<std::uint32_t>(e);
      values[at[token]++] = key;
      live_keys_[token] += static_cast<std::uint32_t>(parts[p].live[key - first_key]);
    }
  }
  postings_.assign(std::move(offsets), std::move(values));
  key_tokens_.clear();
  latin_keys_.clear();
  latin_offsets_.assign(1, 0);
  latin_text_.clear();
  for (auto& part : parts) {
    key_tokens_.insert(key_tokens_.end(), part.counts.begin(), part.counts.end());
    for (auto& [k, latin] : part.latin) {
      latin_keys_.push_back(k);
      latin_text_ += latin;
      latin_offsets_.push_back(static_cast<std::uint32_t>(latin_text_.size()));
    }
    part = {};
  }
  keys_ = n;
  tokens_.shrink_to_fit();
  latin_text_.shrink_to_fit();
  build_neighbourhood();
}

void token_index::add(std::uint32_t key, std::string_view text) { index_key(key, read_key(text, {})); }

void token_index::build_neighbourhood() {
  const std::uint32_t n = tokens_.size();
  std::size_t variants = 0;
  for (std::uint32_t t = 0; t < n; ++t) {
    const auto length = code_point_count(tokens_.at(t));
    if (length >= min_fuzzy_length && length <= max_fuzzy_length) variants += length + 1;
  }
  // About four entries per bucket: the directory costs a byte an entry.
  bucket_shift_ = 64 - static_cast<unsigned>(std::bit_width(std::max<std::size_t>(variants / 4, 1)));
  const unsigned threads = build_threads(variants);
  std::vector<std::vector<std::uint64_t>> parts(threads);
  on_threads(threads, [&](unsigned p) {
    auto& entries = parts[p];
    for (std::uint32_t t = static_cast<std::uint32_t>(std::uint64_t{n} * p / threads); t < std::uint64_t{n} * (p + 1) / threads; ++t) {
      const auto cps = decode(tokens_.at(t));
      if (!fuzzy_eligible(cps)) continue;
      deletion_variants(cps, [&](std::u32string_view v) { entries.push_back((hash_of(v) >> bucket_shift_) << 32 | t); });
    }
  });
  std::vector<std::uint64_t> entries;
  entries.reserve(variants);
  for (auto& part : parts) {
    entries.insert(entries.end(), part.begin(), part.end());
    part = {};
  }
  neighbours_.build(entries);
}

void token_index::add_neighbours(std::uint32_t token) {
  const auto cps = decode(tokens_.at(token));
  if (!fuzzy_eligible(cps) || bucket_shift_ >= 64) return;
  bool outgrown = false;
  deletion_variants(cps, [&](std::u32string_view v) {
    outgrown = neighbours_.add(static_cast<std::uint32_t>(hash_of(v) >> bucket_shift_), token) || outgrown;
  });
  if (outgrown) build_neighbourhood();
}

template <class F>
void token_index::for_each_near(std::string_view word, F&& f) const {
  const auto q = decode(word);
  if (!fuzzy_eligible(q) || bucket_shift_ >= 64) return;
  const bool ascii = is_ascii(word);
  std::vector<std::uint32_t> near;
  const auto gather = [&](std::u32string_view v) {
    const auto bucket = static_cast<std::uint32_t>(hash_of(v) >> bucket_shift_);
    const auto a = neighbours_.compressed(bucket), b = neighbours_.added(bucket);
    near.insert(near.end(), a.begin(), a.end());
    near.insert(near.end(), b.begin(), b.end());
  };
  const auto check = [&](std::size_t from) {
    std::sort(near.begin() + static_cast<std::ptrdiff_t>(from), near.end());
    near.erase(std::unique(near.begin() + static_cast<std::ptrdiff_t>(from), near.end()), near.end());
    bool any = false;
    for (std::size_t i = from; i < near.size(); ++i) {
      const auto t = tokens_.at(near[i]);
      if (t == word || live_keys_[near[i]] == 0) continue;
      std::size_t d = 0, budget = 0;
      if (ascii && is_ascii(t)) {
        budget = edit_budget_of(std::max(t.size(), word.size()));
        d = bounded_osa(std::span<const char>(t), std::span<const char>(word), budget);
      } else {
        const auto cps = decode(t);
        budget = edit_budget_of(std::max(cps.size(), q.size()));
        d = bounded_osa(std::span<const char32_t>(cps), std::span<const char32_t>(q), budget);
      }
      if (d > budget) continue;
      f(near[i], d);
      any = true;
    }
    return any;
  };
  deletion_variants(q, gather);
  const bool close = check(0);
  // Two deletions (words of 6 to 12 code points) only when no other word is one edit away.
  if (close || q.size() < 6 || q.size() > 12) return;
  const auto from = near.size();
  std::u32string v, w;
  for (std::size_t i = 0; i < q.size(); ++i) {
    v.assign(std::u32string_view(q).substr(0, i)).append(std::u32string_view(q).substr(i + 1));
    for (std::size_t j = i; j < v.size(); ++j) {
      w.assign(std::u32string_view(v).substr(0, j)).append(std::u32string_view(v).substr(j + 1));
      gather(w);
    }
  }
  near.erase(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(from));
  (void)check(0);
}

template <class F>
void token_index::intersect(std::uint32_t a, std::uint32_t b, std::size_t limit, F&& f) const {
  // Galloping: each key of the shorter list is looked for by doubling steps in the longer one.
  if (postings_.size(a) > postings_.size(b)) std::swap(a, b);
  std::vector<std::uint32_t> longer(postings_.compressed(b).begin(), postings_.compressed(b).end());
  const auto added = postings_.added(b);
  longer.insert(longer.end(), added.begin(), added.end());
  std::size_t at = 0, found = 0;
  for (const auto list : {postings_.compressed(a), postings_.added(a)}) {
    for (auto k : list) {
      std::size_t step = 1, hi = at;
      while (hi < longer.size() && longer[hi] < k) {
        at = hi;
        hi += step;
        step *= 2;
      }
      at = static_cast<std::size_t>(std::lower_bound(longer.begin() + static_cast<std::ptrdiff_t>(at),
                                                     longer.begin() + static_cast<std::ptrdiff_t>(std::min(hi, longer.size())), k) -
                                    longer.begin());
      if (at == longer.size()) return;
      if (longer[at] == k) {
        f(k);
        if (++found == limit) return;
      }
    }
  }
}

std::vector<std::uint32_t> token_index::candidates(const prepared_name& query, std::size_t limit, const key_filter& usable) const {
  struct lookup {
    std::uint32_t token;
    float share;
    std::size_t df;
  };
  std::vector<lookup> lookups;
  const auto add = [&](std::uint32_t t, float share) {
    if (live_keys_[t] > 0) lookups.push_back({t, share, postings_.size(t)});
  };
  const auto exact = [&](std::string_view text, float share) {
    if (const auto t = tokens_.find(text); t != string_table::npos) add(t, share);
  };
  const auto r = read_key(query.text(), query.writing() == script::latin ? std::string_view{} : std::string_view(query.latin()));
  for (const auto& t : r.tokens) {
    exact(t, 1.0F);
    // The nearest spellings, the more common first among equals: a typo's word is common.
    std::vector<std::pair<std::size_t, std::uint32_t>> near;
    for_each_near(t, [&](std::uint32_t token, std::size_t d) { near.emplace_back(d, token); });
    std::sort(near.begin(), near.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : postings_.size(a.second) > postings_.size(b.second);
    });
    for (std::size_t i = 0; i < near.size() && i < max_near_tokens; ++i) add(near[i].second, misspelt_share);
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
      if (left != string_table::npos && right != string_table::npos) add(left, 1.0F), add(right, 1.0F);
    }
  }
  std::sort(lookups.begin(), lookups.end(), [](const lookup& a, const lookup& b) {
    return a.df != b.df ? a.df < b.df : a.token != b.token ? a.token < b.token : a.share > b.share;
  });
  lookups.erase(std::unique(lookups.begin(), lookups.end(), [](const lookup& a, const lookup& b) { return a.token == b.token; }), lookups.end());

  thread_local accumulator acc;
  acc.start(keys_);
  const double n = std::max<double>(keys_, 1);
  const auto weight = [&](const lookup& l) { return static_cast<float>(std::log(1.0 + n / static_cast<double>(l.df))) * l.share; };
  std::size_t i = 0, read = 0;
  // Only common words: when even the rarest word of the query that the index holds as it is
  // spelt is too common to read whole, the keys that hold its two rarest such words are the
  // candidates (rare misspellings of common words must not crowd them out).
  std::size_t first = lookups.size(), second = lookups.size();
  for (std::size_t l = 0; l < lookups.size() && second == lookups.size(); ++l)
    if (lookups[l].share >= 1) (first == lookups.size() ? first : second) = l;
  if (second < lookups.size() && lookups[first].df > max_postings_read) {
    const float w = weight(lookups[first]) + weight(lookups[second]);
    intersect(lookups[first].token, lookups[second].token, max_first_list, [&](std::uint32_t k) { acc.add(k, w); });
    lookups.erase(lookups.begin() + static_cast<std::ptrdiff_t>(second));
    lookups.erase(lookups.begin() + static_cast<std::ptrdiff_t>(first));
    read = acc.touched.size();
  }
  // Rare tokens: every key that holds one becomes a candidate.
  for (; i < lookups.size() && (read + lookups[i].df <= max_postings_read || (read == 0 && acc.touched.empty())); ++i) {
    const float w = weight(lookups[i]);
    std::size_t taken = 0;
    const auto take = [&](std::span<const std::uint32_t> keys) {
      for (auto k : keys) {
        if (read + taken == max_first_list) return;
        acc.add(k, w);
        ++taken;
      }
    };
    take(postings_.compressed(lookups[i].token));
    take(postings_.added(lookups[i].token));
    read += taken;
  }
  // Keys that are mostly what they share with the query come first.
  auto& touched = acc.touched;
  for (auto k : touched) acc.score[k] /= std::sqrt(static_cast<float>(key_tokens_[k]));
  const auto better = [&](std::uint32_t a, std::uint32_t b) { return acc.score[a] != acc.score[b] ? acc.score[a] > acc.score[b] : a < b; };
  // Common tokens: only the best keys found are looked for in their lists (sorted by key).
  if (i < lookups.size()) {
    if (touched.size() > max_raised) {
      std::nth_element(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(max_raised), touched.end(), better);
      touched.resize(max_raised);
    }
    std::sort(touched.begin(), touched.end());
    for (; i < lookups.size(); ++i) {
      if (lookups[i].share < 1) continue;  // a common misspelling adds little
      const float w = weight(lookups[i]);
      for (const auto list : {postings_.compressed(lookups[i].token), postings_.added(lookups[i].token)})
        for_each_common(list, touched, [&](std::uint32_t k) { acc.score[k] += w / std::sqrt(static_cast<float>(key_tokens_[k])); });
    }
  }
  // The best usable keys; those that share much less with the query than the best one are not
  // worth comparing.
  std::vector<std::uint32_t> out;
  const auto pool = std::min(touched.size(), 4 * limit);
  std::nth_element(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(pool), touched.end(), better);
  std::sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(pool), better);
  for (std::size_t k = 0; k < touched.size() && out.size() < limit; ++k) {
    if (k == pool) {  // more unusable keys than foreseen: sort the rest too
      std::sort(touched.begin() + static_cast<std::ptrdiff_t>(pool), touched.end(), better);
    }
    const auto key = touched[k];
    if (!out.empty() && acc.score[key] < relative_floor * acc.score[out.front()]) break;
    if (!usable || usable(key)) out.push_back(key);
  }
  return out;
}

std::string_view token_index::latin(std::uint32_t key) const noexcept {
  const auto it = std::lower_bound(latin_keys_.begin(), latin_keys_.end(), key);
  if (it == latin_keys_.end() || *it != key) return {};
  const auto i = static_cast<std::size_t>(it - latin_keys_.begin());
  return std::string_view(latin_text_).substr(latin_offsets_[i], latin_offsets_[i + 1] - latin_offsets_[i]);
}

std::size_t token_index::memory_bytes() const noexcept {
  return tokens_.memory_bytes() + postings_.memory_bytes() + neighbours_.memory_bytes() + key_tokens_.capacity() +
         live_keys_.capacity() * sizeof(std::uint32_t) +
         (latin_keys_.capacity() + latin_offsets_.capacity()) * sizeof(std::uint32_t) + latin_text_.capacity();
}

}  // namespace detail

DOSSIER_NAMESPACE_END
