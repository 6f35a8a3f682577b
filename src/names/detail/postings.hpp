#pragma once
// Lists of 32-bit values by 32-bit list number: one compressed (CSR) block, built in one pass
// and rebuilt when the lists added since outgrow a share of it, plus those additions.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class posting_lists {
 public:
  // Replaces the contents by these (list << 32 | value) entries; a list keeps their order.
  void build(const std::vector<std::uint64_t>& entries);
  // Replaces the contents by a compressed block made elsewhere (offsets: lists + 1 of them).
  void assign(std::vector<std::uint32_t> offsets, std::vector<std::uint32_t> values);
  // Adds value to list. Returns true when the additions have outgrown the compressed block
  // (the owner then rebuilds: compact() or build()).
  bool add(std::uint32_t list, std::uint32_t value);
  void compact();

  [[nodiscard]] std::span<const std::uint32_t> compressed(std::uint32_t list) const noexcept {
    if (list + 1 >= offsets_.size()) return {};
    return {values_.data() + offsets_[list], offsets_[list + 1] - offsets_[list]};
  }
  [[nodiscard]] std::span<const std::uint32_t> added(std::uint32_t list) const noexcept {
    if (added_.empty()) return {};
    const auto it = added_.find(list);
    return it == added_.end() ? std::span<const std::uint32_t>{} : std::span<const std::uint32_t>(it->second);
  }
  [[nodiscard]] std::size_t size(std::uint32_t list) const noexcept { return compressed(list).size() + added(list).size(); }
  [[nodiscard]] std::size_t entries() const noexcept { return values_.size() + added_count_; }
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  void clear();

 private:
  std::vector<std::uint32_t> offsets_;  // list l is values_[offsets_[l], offsets_[l + 1])
  std::vector<std::uint32_t> values_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> added_;
  std::size_t added_count_ = 0;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
