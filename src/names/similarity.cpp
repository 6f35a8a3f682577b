#include <dossier/names/normalize.hpp>

#include "detail/utf32.hpp"

#include <algorithm>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace {

using detail::decode;

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

}  // namespace

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

DOSSIER_NAMESPACE_END
