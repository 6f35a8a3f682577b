#pragma once
// Name comparison: one scoring function, compare_names(), that fuzzy lookup, resolve() and the
// duplicates finder all use.
//
// How a pair is scored (a score in [0, 1]; names that normalise alike score 1):
//
// 1. Reading. Each name is normalised (normalize.hpp) and cut into tokens. Runs of single
//    letters are joined ("S.C." is "sc", "L.L.C." is "llc"). Legal forms and organisation
//    types are read into canonical forms and set aside ("Limited Liability Company", "LLC" and
//    "ООО" are llc; "Aktiengesellschaft" is ag; "有限公司" is ltd; "株式会社" is kk; not for
//    people). "of", "and", "the" are dropped. Number words, digits and Roman numerals are
//    read as numbers ("Thousand", "1000"; "forty 4" is 44; "IX" is 9 after the first token).
//    Tokens mixing digits and letters are codes ("h100"). Chinese, Japanese and Korean text is
//    cut into one token per character (traditional characters read as simplified).
// 2. Scripts. When the two names are written in different scripts (Latin, Cyrillic, Arabic,
//    Han, ...), each non-Latin name is transliterated to Latin ASCII by ICU (Any-Latin;
//    Latin-ASCII), one word at a time: "启明" reads "qiming", "Барак" "barak". Within one script
//    nothing is transliterated, so that 习近朋 and 习近平 stay two different names.
// 3. Weights. A token weighs 1, except common ones: organisation words (bank, university,
//    ministry, ...) 0.4, frequent given names and surnames (muhammad, ali, wang, ...) 0.6,
//    particles (al, bin, de, van, ...) 0.3, titles (mr, dr, sheikh, ...) 0.15, initials 0.5.
// 4. Alignment. Tokens are paired one to one, best pair first, by these relations (similarity):
//    same text 1; a spelling variant of the same organisation word (programme / program /
//    plan, centre / center) 0.95; same sound key (doubled letters, q/c/k, ph/f, w/v, y/i,
//    oo/ou/u) 0.92; an edit within the token's budget 1 - edits / (2 x length) (no edits up to
//    3 letters, 1 up to 5, 2 from 6; codes, numbers and CJK characters only exactly; no edits
//    in a one-token name of at most 4 letters, as "MIT" and "BIT"); an initial and a word
//    with that letter 0.8; an abbreviation of an organisation word ("univ") 0.85; an acronym
//    and the words it abbreviates ("PLA", "IT" in "Industry & IT") 0.9; a word and several
//    words written together ("VladimirPutin") by the edit rule; equal numbers 1.
// 5. Score. quality (the weighted mean similarity of the pairs) x coverage of the better
//    covered name x (k + (1 - k) x coverage of the other), where coverage is the share of a
//    name's weight that found a pair, and k says how much an extra token costs: 0.85 for
//    people (middle names come and go), 0.6 for organisations and vessels, 0.7 otherwise.
//    Then factors: 0.6 per unit of weight left unpaired on both sides (a token replaced by a
//    wholly different one: "Chad" for "China", "IV" for "V", "al-Tikriti" for "al-Mosuli");
//    0.95 when the paired tokens are in another order (0.9 for organisations and vessels, 1
//    for people); 0.7 when both names carry legal forms of different families (ano and llc);
//    0.5 for a person matched by initials only ("N.N.").
// Work is bounded: at most max_compared_bytes of each name and max_tokens tokens are compared.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// What kind of thing a name belongs to; the graph derives it from the entity type. `any` is
// for unknown kinds and for things that are none of these (programs, places, fields).
enum class name_kind : std::uint8_t { any, person, organisation, vessel };

struct compare_options {
  name_kind kind = name_kind::any;
};

// How two tokens (or runs of tokens) were paired.
enum class token_relation : std::uint8_t { same, variant, phonetic, consonants, spelling, initial, abbreviation, acronym, joined, number };
[[nodiscard]] const char* to_string(token_relation r) noexcept;

struct aligned_tokens {
  std::string left, right;  // several tokens are separated by spaces (acronyms, joined words)
  token_relation how = token_relation::same;
  double similarity = 0;
};

// The score of a comparison and what it rests on.
struct name_comparison {
  double score = 0;
  std::vector<aligned_tokens> aligned;
  std::vector<std::string> left_only, right_only;  // tokens that found no pair
  std::string left_latin, right_latin;             // transliterations used (scripts differed)
  std::vector<std::string> left_legal, right_legal;  // legal forms read, canonical ("llc", "ag")
  bool legal_forms_differ = false;
  bool order_differs = false;
  // "qiming = kiming (phonetic); transliterated '启明' as 'qiming'; score 0.92"
  [[nodiscard]] std::string explain() const;
};

// Compares two names (raw or normalised; both are normalised first). Throws value_error on
// invalid UTF-8. Empty names (after normalisation) score 0 against everything.
[[nodiscard]] name_comparison compare_names(std::string_view a, std::string_view b, const compare_options& options = {});

DOSSIER_NAMESPACE_END
