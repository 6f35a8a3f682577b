#pragma once
// CRC-32C (Castagnoli) of a byte string: detects every burst error up to 32 bits.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
// With the SSE4.2 instruction where the processor has it (about 20 times faster), else by table.
[[nodiscard]] std::uint32_t crc32c(std::string_view bytes) noexcept;
}  // namespace detail

DOSSIER_NAMESPACE_END
