#pragma once
// Name normalisation, on which comparison, the name index and every lookup rest.
//
// Normalisation (normalize_name): Unicode NFKC case folding (so full-width "ＭＩＩＴ" is "miit"),
// removal of Latin combining diacritics ("Zürich" is "zurich"), punctuation, symbols ("$", "+",
// "®") and runs of whitespace folded to one space, trimmed. CJK text is kept as it is.
// Normalising a normalised name changes nothing, and ASCII text normalises the same whether or
// not the rest of the name is ASCII.
//
// Apostrophes are dropped, as they join a word ("People's" is "peoples", "Qa'ida" "qaida").
// Comparison and its scoring: compare.hpp.

#include <dossier/core/config.hpp>

#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

// Throws value_error on invalid UTF-8.
[[nodiscard]] std::string normalize_name(std::string_view name);

DOSSIER_NAMESPACE_END
