#pragma once
// Interned strings in one buffer, found by an open-addressing hash of their ids: 4 bytes of
// offset and 16 to 32 of table per string beside the text, where a node-based map takes 60 or
// more. A slot keeps 32 bits of the hash beside the id, so that probing rarely reads text.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class string_table {
 public:
  static constexpr std::uint32_t npos = 0xFFFF'FFFF;

  [[nodiscard]] std::uint32_t find(std::string_view s) const noexcept;
  // The id of s, added if new. Throws value_error once the text would pass 4 GiB.
  std::uint32_t insert(std::string_view s);
  [[nodiscard]] std::string_view at(std::uint32_t id) const noexcept {
    return std::string_view(text_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  void clear();
  void shrink_to_fit();  // after a bulk load, so that growth slack is not kept
  void reserve(std::size_t strings);

 private:
  [[nodiscard]] std::size_t slot_of(std::string_view s, std::uint64_t hash) const noexcept;  // where s is or would go
  void rehash(std::size_t slots);

  std::string text_;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<std::uint64_t> slots_;  // hash << 32 | (id + 1), or 0 for empty; a power of two long
};

}  // namespace detail

DOSSIER_NAMESPACE_END
