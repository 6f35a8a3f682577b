#include "script.hpp"

#include "utf32.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

script script_of(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? script::latin : script::none;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_LATIN: return script::latin;
    case USCRIPT_CYRILLIC: return script::cyrillic;
    case USCRIPT_GREEK: return script::greek;
    case USCRIPT_ARABIC: return script::arabic;
    case USCRIPT_HEBREW: return script::hebrew;
    case USCRIPT_HAN: return script::han;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA: return script::kana;
    case USCRIPT_HANGUL: return script::hangul;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: return script::none;
    default: return u_isalpha(static_cast<UChar32>(c)) ? script::other : script::none;
  }
}

script dominant_script(std::string_view text) noexcept {
  bool ascii = true, letter = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    ascii = ascii && c < 0x80;
    letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  if (ascii) return letter ? script::latin : script::none;
  std::array<std::size_t, 10> counts{};
  for_each_code_point(text, [&](char32_t c) { ++counts[static_cast<std::size_t>(script_of(c))]; });
  std::size_t best = 1;
  for (std::size_t s = 2; s < counts.size(); ++s)
    if (counts[s] > counts[best]) best = s;
  return counts[best] == 0 ? script::none : static_cast<script>(best);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
