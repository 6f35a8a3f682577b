#pragma once
// UTF-8 checks: every string that enters the graph is well-formed UTF-8.

#include <dossier/core/config.hpp>

#include <cstddef>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;
// Throws value_error naming `what` and the byte offset of the first invalid sequence.
void require_utf8(std::string_view text, std::string_view what);
// Length of the well-formed sequence at the start of `text` (1 to 4), or 0 when it is invalid.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text) noexcept;

DOSSIER_NAMESPACE_END
