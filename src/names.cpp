#include <dossier/names.hpp>
#include <dossier/value.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace {

bool is_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void append_folded_space(std::string& out) {
  if (!out.empty() && out.back() != ' ') out.push_back(' ');
}

std::string normalize_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else if (std::isspace(c) || std::ispunct(c) || std::iscntrl(c)) append_folded_space(out);
    else out.push_back(ch);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Latin letters without a canonical decomposition that analysts still expect folded.
const char* latin_fold(UChar32 c) {
  switch (c) {
    case 0x00F8: return "o";   // ø
    case 0x0111: return "d";   // đ
    case 0x0142: return "l";   // ł
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x00FE: return "th";  // þ
    case 0x00F0: return "d";   // ð
    case 0x0131: return "i";   // dotless i
    case 0x0127: return "h";   // ħ
    default: return nullptr;
  }
}

// Whitespace, punctuation, symbols and controls separate words. Symbols count too, so that
// this agrees with the ASCII path (std::ispunct covers both "$" and ","): otherwise "Café $"
// kept its "$" while "Cafe $" did not, and normalising twice changed the result (found by
// fuzz/text_fuzz).
bool is_separator(UChar32 c) {
  if (u_isUWhiteSpace(c) || u_ispunct(c) || u_iscntrl(c)) return true;
  switch (u_charType(c)) {
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: return true;
    default: return false;
  }
}

std::string normalize_unicode(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw value_error("normalize_name: ICU normaliser unavailable");
  icu::UnicodeString folded = casefold->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))), status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) throw value_error("normalize_name: ICU normalisation failed");

  icu::UnicodeString kept;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 0x0300 && c <= 0x036F) continue;  // Latin/Greek/Cyrillic combining diacritics
    if (is_separator(c)) {
      pending_space = kept.length() > 0;
      continue;
    }
    if (pending_space) {
      kept.append(static_cast<UChar>(' '));
      pending_space = false;
    }
    if (const char* f = latin_fold(c)) kept.append(icu::UnicodeString(f));
    else kept.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);  // re-join Hangul and the like
  if (U_FAILURE(status)) throw value_error("normalize_name: ICU normalisation failed");
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t osa_distance(const std::u32string& a, const std::u32string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

double jaro_winkler(const std::u32string& a, const std::u32string& b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  const std::size_t window = std::max<std::size_t>(a.size(), b.size()) / 2;
  const std::size_t match_window = window > 0 ? window - 1 : 0;
  std::vector<char> a_match(a.size(), 0), b_match(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > match_window ? i - match_window : 0;
    const std::size_t hi = std::min(b.size(), i + match_window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (b_match[j] || a[i] != b[j]) continue;
      a_match[i] = b_match[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0;
  std::size_t transpositions = 0, k = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_match[i]) continue;
    while (!b_match[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2) / m) / 3;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1 - jaro);
}

std::vector<std::string_view> digit_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    const auto tok = s.substr(i, j - i);
    if (std::any_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; })) out.push_back(tok);
    i = j + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

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

std::string normalize_name(std::string_view name) {
  require_utf8(name, "name");
  return is_ascii(name) ? normalize_ascii(name) : normalize_unicode(name);
}

double name_similarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  const auto ca = decode(a), cb = decode(b);
  const std::size_t longer = std::max(ca.size(), cb.size());
  if (longer == 0) return 1.0;
  const double edit = 1.0 - static_cast<double>(osa_distance(ca, cb)) / static_cast<double>(longer);
  double score = (edit + jaro_winkler(ca, cb)) / 2;
  if (digit_tokens(a) != digit_tokens(b)) score *= 0.5;
  if (std::min(ca.size(), cb.size()) <= 4) score *= 0.6;
  return score;
}

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
  if (std::find(owners.begin(), owners.end(), entity) == owners.end()) owners.push_back(entity);
}

void name_index::remove(entity_id entity, std::string_view normalized) {
  auto it = by_text_.find(normalized);
  if (it == by_text_.end()) return;
  auto& owners = keys_[it->second].owners;
  owners.erase(std::remove(owners.begin(), owners.end(), entity), owners.end());
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
