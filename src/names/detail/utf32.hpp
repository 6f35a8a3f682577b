#pragma once
// Decoding of (already validated) UTF-8 into code points, for the comparison functions.

#include <dossier/core/config.hpp>

#include <string>
#include <string_view>
#include <type_traits>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Calls f with each code point of s and returns the byte offset where it stopped (f may
// return false to stop early; then the offset is that of the code point f refused).
template <class F>
std::size_t for_each_code_point(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if constexpr (std::is_same_v<decltype(f(cp)), bool>) {
      if (!f(cp)) return i;
    } else {
      f(cp);
    }
    i += len;
  }
  return s.size();
}

inline std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](char32_t c) { out.push_back(c); });
  return out;
}

inline void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// The longest prefix of s of at most max_bytes that ends on a code point boundary.
inline std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
