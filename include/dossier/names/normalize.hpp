#pragma once
// Name normalisation and comparison, on which the name index and every lookup rest.
//
// Normalisation (normalize_name): Unicode NFKC case folding (so full-width "ＭＩＩＴ" is "miit"),
// removal of Latin combining diacritics ("Zürich" is "zurich"), punctuation, symbols ("$", "+",
// "®") and runs of whitespace folded to one space, trimmed. CJK text is kept as it is.
// Normalising a normalised name changes nothing, and ASCII text normalises the same whether or
// not the rest of the name is ASCII.
//
// Fuzzy scoring (name_similarity), on normalised names, in [0, 1]:
//   base   = mean of (1 - optimal-string-alignment distance / longer length) and Jaro-Winkler;
//   digits : when the tokens that contain digits differ ("h100" vs "h800", "9000s" vs "9000"),
//            base is halved, because model numbers and codes are identities, not spellings;
//   short  : when either name has at most 4 code points and they differ ("mit" vs "bit"),
//            base is multiplied by 0.6, because acronyms one letter apart are different things.
// An exact normalised match scores 1. Kiming -> qiming scores 0.86, kimming -> qiming 0.78.

#include <dossier/core/config.hpp>

#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

// Throws value_error on invalid UTF-8.
[[nodiscard]] std::string normalize_name(std::string_view name);

// Similarity of two already-normalised names, as documented above.
[[nodiscard]] double name_similarity(std::string_view a, std::string_view b);

DOSSIER_NAMESPACE_END
