#pragma once
// A name read for comparison (compare.hpp, step 1): its tokens with their classes and weights,
// and the legal forms set aside.

#include "script.hpp"
#include "vocabulary.hpp"

#include <dossier/core/config.hpp>
#include <dossier/names/compare.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Bounds on the work of one comparison: longer names are compared on their start.
inline constexpr std::size_t max_compared_bytes = 512;
inline constexpr std::size_t max_tokens = 24;

enum class token_class : std::uint8_t { word, initial, number, code, cjk };

struct name_token {
  std::string text;   // normalised; organisation words in their canonical spelling
  std::string shown;  // as written when it differs from text ("univ", "forty 4"); else empty
  std::int64_t number = -1;
  float weight = 1;
  token_class cls = token_class::word;
  bool organisation_word = false;
  bool ascii = true;
  [[nodiscard]] const std::string& as_written() const noexcept { return shown.empty() ? text : shown; }
  // The sound key of Latin words of 5 letters or more (made on first use); else empty.
  [[nodiscard]] const std::string& sound() const;

 private:
  mutable std::string sound_;
  mutable bool sound_made_ = false;
};

struct name_form {
  std::vector<name_token> tokens;
  std::vector<legal_form> legal;
  script writing = script::none;
  bool vowels_unwritten = false;  // a Latin reading of Arabic or Hebrew, which write no short vowels
};

// Reads a normalised name (normalize_name's output).
[[nodiscard]] name_form read_name(std::string_view normalized, name_kind kind);
// The Latin reading of a normalised name: each word transliterated (transliterate.hpp).
[[nodiscard]] std::string latin_text(std::string_view normalized);

// The text an index keeps for a token: "#44" for numbers, else the text (organisation words in
// their canonical spelling).
[[nodiscard]] std::string index_text(const name_token& t);
// The same for one plain word (not a number or a code).
[[nodiscard]] std::string index_word(std::string_view word);

}  // namespace detail

DOSSIER_NAMESPACE_END
