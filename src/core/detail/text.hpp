#pragma once
// Small ASCII text helpers shared by the date and money parsers.

#include <dossier/core/config.hpp>

#include <cctype>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Digits only (no sign, no spaces), and fits an int.
inline bool parse_fixed_int(std::string_view s, int& out) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

// Words separated by whitespace (and by commas when `comma_separates`, as in "August 24, 2023").
inline std::vector<std::string_view> split_words(std::string_view s, bool comma_separates = true) {
  const auto separator = [&](char c) { return std::isspace(static_cast<unsigned char>(c)) || (comma_separates && c == ','); };
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && separator(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !separator(s[j])) ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
