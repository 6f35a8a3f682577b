#pragma once
// Writing systems of names: comparison transliterates only across scripts.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

enum class script : std::uint8_t { none, latin, cyrillic, greek, arabic, hebrew, han, kana, hangul, other };

[[nodiscard]] script script_of(char32_t c) noexcept;
// Chinese, Japanese and Korean characters, written without spaces between the parts of a name.
[[nodiscard]] inline bool is_cjk(script s) noexcept { return s == script::han || s == script::kana || s == script::hangul; }
// The script most letters of a (valid UTF-8) text are written in; none for no letters.
[[nodiscard]] script dominant_script(std::string_view text) noexcept;

}  // namespace detail

DOSSIER_NAMESPACE_END
