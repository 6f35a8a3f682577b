#include "string_table.hpp"

#include <dossier/core/error.hpp>

#include <functional>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

std::uint64_t hash_of(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
std::uint64_t tag_of(std::uint64_t hash) noexcept { return hash >> 32 << 32; }

}  // namespace

std::size_t string_table::slot_of(std::string_view s, std::uint64_t hash) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = tag_of(hash);
  std::size_t slot = hash & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    if ((slots_[slot] & ~0xFFFF'FFFFull) == tag && at(static_cast<std::uint32_t>(slots_[slot]) - 1) == s) break;
  }
  return slot;
}

std::uint32_t string_table::find(std::string_view s) const noexcept {
  if (slots_.empty()) return npos;
  const auto entry = slots_[slot_of(s, hash_of(s))];
  return entry == 0 ? npos : static_cast<std::uint32_t>(entry) - 1;
}

void string_table::rehash(std::size_t slots) {
  slots_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    const auto hash = hash_of(at(id));
    std::size_t slot = hash & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = tag_of(hash) | (std::uint64_t{id} + 1);
  }
}

void string_table::reserve(std::size_t strings) {
  offsets_.reserve(strings + 1);
  std::size_t slots = 16;
  while (slots < 2 * strings) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

std::uint32_t string_table::insert(std::string_view s) {
  if (slots_.empty()) rehash(16);
  const auto hash = hash_of(s);
  const std::size_t slot = slot_of(s, hash);
  if (slots_[slot] != 0) return static_cast<std::uint32_t>(slots_[slot]) - 1;
  if (text_.size() + s.size() >= 0xFFFF'FFFFu || size() >= npos - 1)
    throw value_error("names.index_full", "the name index holds at most 4 GiB of name text");
  const std::uint32_t id = size();
  text_.append(s);
  offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
  slots_[slot] = tag_of(hash) | (std::uint64_t{id} + 1);
  if (2 * static_cast<std::size_t>(size()) > slots_.size()) rehash(2 * slots_.size());  // load at most 1/2
  return id;
}

std::size_t string_table::memory_bytes() const noexcept {
  return text_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) + slots_.capacity() * sizeof(std::uint64_t);
}

void string_table::shrink_to_fit() {
  text_.shrink_to_fit();
  offsets_.shrink_to_fit();
}

void string_table::clear() {
  text_.clear();
  offsets_.assign(1, 0);
  slots_.clear();
}

}  // namespace detail

DOSSIER_NAMESPACE_END
