#include <dossier/core/error.hpp>
#include <dossier/core/utf8.hpp>
#include <dossier/names/normalize.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

DOSSIER_NAMESPACE_BEGIN

namespace {

bool is_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Apostrophes join a word rather than split it: "People's", "Qa'ida", "O'Brien", "'Ndrangheta".
bool is_apostrophe(char32_t c) {
  switch (c) {
    case U'\'': case U'`': case 0x2018: case 0x2019: case 0x02BC: case 0x02BB: return true;
    default: return false;
  }
}

void append_folded_space(std::string& out) {
  if (!out.empty() && out.back() != ' ') out.push_back(' ');
}

std::string normalize_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_apostrophe(c)) continue;
    // Every other ASCII character is a space, punctuation, a symbol or a control: a separator.
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(ch);
    else if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c + ('a' - 'A')));
    else append_folded_space(out);
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
// this agrees with the ASCII path (the ASCII path folds both "$" and ","): otherwise "Café $"
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
  if (U_FAILURE(status)) throw value_error("value.unicode_failure", "normalize_name: ICU normaliser unavailable");
  icu::UnicodeString folded = casefold->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))), status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) throw value_error("value.unicode_failure", "normalize_name: ICU normalisation failed");

  icu::UnicodeString kept;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 0x0300 && c <= 0x036F) continue;  // Latin/Greek/Cyrillic combining diacritics
    if (is_apostrophe(static_cast<char32_t>(c))) continue;
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
  if (U_FAILURE(status)) throw value_error("value.unicode_failure", "normalize_name: ICU normalisation failed");
  std::string out;
  composed.toUTF8String(out);
  return out;
}

}  // namespace

std::string normalize_name(std::string_view name) {
  require_utf8(name, "name");
  return is_ascii(name) ? normalize_ascii(name) : normalize_unicode(name);
}

DOSSIER_NAMESPACE_END
