#pragma once
// ICU transliteration for comparison across scripts. Transliterators are costly to create and
// not thread-safe, so each thread creates its own once; results are cached per word.

#include <dossier/core/config.hpp>

#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The Latin ASCII reading of one normalised word (Any-Latin; Latin-ASCII), normalised again.
// Words of scripts written without spaces are read as one word: "启明" is "qiming", not "qi ming".
[[nodiscard]] std::string latin_word(std::string_view word);
// The simplified form of a traditional Han character (習 is 习); any other character as it is.
[[nodiscard]] char32_t simplified(char32_t c);

}  // namespace detail

DOSSIER_NAMESPACE_END
