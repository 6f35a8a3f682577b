#include "transliterate.hpp"

#include "script.hpp"
#include "utf32.hpp"

#include <dossier/core/error.hpp>
#include <dossier/names/normalize.hpp>

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t)
    throw value_error("value.unicode_failure", std::string("ICU transliterator ") + id + " is not available");
  return t;
}

// Bounded caches: names repeat words, and transliteration costs about 20 µs a word.
constexpr std::size_t max_cached = 1 << 16;

struct thread_state {
  std::unique_ptr<icu::Transliterator> to_latin, to_simplified;
  std::unordered_map<std::string, std::string> latin;
  std::unordered_map<char32_t, char32_t> simple;
  std::unordered_map<char32_t, std::string> han;  // readings of single Han characters
};

thread_state& state() {
  thread_local thread_state s;
  return s;
}

std::string transliterate(icu::Transliterator& t, std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  t.transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool written_without_spaces(std::string_view word) {
  bool cjk = false;
  for_each_code_point(word, [&](char32_t c) {
    cjk = is_cjk(script_of(c));
    return !cjk;
  });
  return cjk;
}

bool all_han(std::string_view word) {
  bool han = true;
  for_each_code_point(word, [&](char32_t c) {
    han = script_of(c) == script::han;
    return han;
  });
  return han;
}

// Han characters are read one at a time (as Any-Latin reads them), so that the cache holds a few
// thousand characters rather than every name.
std::string han_reading(thread_state& s, std::string_view word) {
  std::string out;
  for_each_code_point(word, [&](char32_t c) {
    auto it = s.han.find(c);
    if (it == s.han.end()) {
      std::string one;
      append_utf8(one, c);
      auto latin = normalize_name(transliterate(*s.to_latin, one));
      std::erase(latin, ' ');
      it = s.han.emplace(c, std::move(latin)).first;
    }
    out += it->second;
  });
  return out;
}

}  // namespace

std::string latin_word(std::string_view word) {
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return std::string(word);
  auto& s = state();
  if (!s.to_latin) s.to_latin = make_transliterator("Any-Latin; Latin-ASCII");
  if (all_han(word)) return han_reading(s, word);
  if (auto it = s.latin.find(std::string(word)); it != s.latin.end()) return it->second;
  auto latin = normalize_name(transliterate(*s.to_latin, word));
  if (written_without_spaces(word)) std::erase(latin, ' ');
  if (s.latin.size() >= max_cached) s.latin.clear();
  s.latin.emplace(word, latin);
  return latin;
}

char32_t simplified(char32_t c) {
  if (script_of(c) != script::han) return c;
  auto& s = state();
  if (auto it = s.simple.find(c); it != s.simple.end()) return it->second;
  if (!s.to_simplified) s.to_simplified = make_transliterator("Traditional-Simplified");
  std::string one;
  append_utf8(one, c);
  const auto cps = decode(transliterate(*s.to_simplified, one));
  const char32_t out = cps.size() == 1 ? cps[0] : c;
  if (s.simple.size() >= max_cached) s.simple.clear();
  s.simple.emplace(c, out);
  return out;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
