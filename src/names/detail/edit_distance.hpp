#pragma once
// Bounded optimal string alignment distance (Levenshtein plus adjacent transpositions) on
// short sequences: the work is O(length x budget), whatever the length.

#include <dossier/core/config.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstddef>
#include <span>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The distance between a and b, or budget + 1 when it exceeds budget.
template <class Char>
std::size_t bounded_osa(std::span<const Char> a, std::span<const Char> b, std::size_t budget) {
  const std::size_t n = a.size(), m = b.size();
  const std::size_t over = budget + 1;
  if ((n > m ? n - m : m - n) > budget) return over;
  if (n == 0 || m == 0) return std::max(n, m);
  constexpr std::size_t on_stack = 65;
  std::array<std::uint32_t, 3 * on_stack> small;
  std::vector<std::uint32_t> large;
  std::uint32_t* rows = small.data();
  if (m + 1 > on_stack) {
    large.resize(3 * (m + 1));
    rows = large.data();
  }
  std::fill(rows, rows + 3 * (m + 1), static_cast<std::uint32_t>(over));
  std::uint32_t* prev2 = rows;
  std::uint32_t* prev = prev2 + (m + 1);
  std::uint32_t* cur = prev + (m + 1);
  for (std::size_t j = 0; j <= std::min(m, budget); ++j) prev[j] = static_cast<std::uint32_t>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > budget ? i - budget : 1, hi = std::min(m, i + budget);
    // Only the band |i - j| <= budget is computed; cells left of it are reset, cells right of it
    // were never written (bands move right), so both read as over.
    cur[0] = static_cast<std::uint32_t>(i <= budget ? i : over);
    if (lo > 1) cur[lo - 1] = static_cast<std::uint32_t>(over);
    std::size_t best = cur[0];
    for (std::size_t j = lo; j <= hi; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({std::size_t{prev[j]} + 1, std::size_t{cur[j - 1]} + 1, std::size_t{prev[j - 1]} + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, std::size_t{prev2[j - 2]} + 1);
      cur[j] = static_cast<std::uint32_t>(std::min(d, over));
      best = std::min<std::size_t>(best, cur[j]);
    }
    if (best > budget) return over;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min<std::size_t>(prev[m], over);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
