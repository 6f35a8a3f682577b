#pragma once
// Sets of types as bitsets, for the traversal loops.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// A set of relation (or entity) types closed under subtyping, as a bitset: membership is one
// load and a shift in the traversal loop.
class type_mask {
 public:
  type_mask() = default;
  explicit type_mask(std::size_t type_count) : bits_((type_count + 63) / 64, 0) {}
  void set(std::uint32_t t) {
    if (t / 64 >= bits_.size()) bits_.resize(t / 64 + 1, 0);
    if (test(t)) return;
    bits_[t / 64] |= std::uint64_t{1} << (t % 64);
    single_ = count_++ == 0 ? t : none;
  }
  static constexpr std::uint32_t none = ~std::uint32_t{0};
  // The one type in the set, or `none`: lets traversals take a direct-compare fast path.
  [[nodiscard]] std::uint32_t single() const noexcept { return single_; }
  [[nodiscard]] std::uint32_t count() const noexcept { return count_; }
  [[nodiscard]] bool test(std::uint32_t t) const noexcept {
    return t / 64 < bits_.size() && ((bits_[t / 64] >> (t % 64)) & 1u);
  }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

 private:
  std::vector<std::uint64_t> bits_;
  std::uint32_t count_ = 0;
  std::uint32_t single_ = none;
};

DOSSIER_NAMESPACE_END
