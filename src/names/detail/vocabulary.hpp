#pragma once
// The few word lists name comparison rests on (compare.hpp says how each is used): legal forms
// and vessel prefixes, stop words, weighted common words, spelling variants and number words.
// Every entry is written normalised (normalize_name's output, single letters joined).

#include <dossier/core/config.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Legal forms of one family are alike (ooo is an llc; oao and jsc are joint-stock companies);
// generic forms (company, inc, corp) go with any.
enum class legal_family : std::uint8_t { generic, limited, stock, partnership, nonprofit, sole };

struct legal_form {
  std::string_view canonical;
  legal_family family = legal_family::generic;
};

enum class word_class : std::uint8_t { plain, organisation, common_name, particle, title };
[[nodiscard]] float weight_of(word_class c) noexcept;

enum class number_word_kind : std::uint8_t { unit, teen, tens, hundred, scale };
struct number_word {
  std::int64_t value;
  number_word_kind kind;
};

struct legal_phrases;  // the legal forms whose phrase starts with a word

// Everything the lists say about one word, found with one hash lookup.
struct word_info {
  bool stopword = false;
  bool vessel_prefix = false;
  word_class cls = word_class::plain;  // of its canonical spelling
  std::string_view canonical;          // its canonical spelling; empty: the word itself
  std::optional<number_word> number;
  const legal_phrases* legal = nullptr;
};
// nullptr for a word the lists do not know.
[[nodiscard]] const word_info* lookup_word(std::string_view word);

// The legal form whose phrase starts at words[at] and the number of words it takes (0: none).
// The last word of a phrase of several words may be cut short at the end of a name
// ("joint stock compan"), as fixed-width fields cut names.
[[nodiscard]] std::size_t match_legal_form(std::span<const std::string_view> words, std::size_t at, legal_form& out);
// Legal forms written in CJK at the end (有限公司) or start (株式会社) of a run of characters:
// the number of code points taken.
[[nodiscard]] std::size_t cjk_legal_suffix(std::u32string_view run, legal_form& out);
[[nodiscard]] std::size_t cjk_legal_prefix(std::u32string_view run, legal_form& out);

// Whether `word` is the start (at least 4 letters) of an organisation word: "univ", "tech".
[[nodiscard]] bool abbreviates_organisation_word(std::string_view word, std::string_view full);

}  // namespace detail

DOSSIER_NAMESPACE_END
