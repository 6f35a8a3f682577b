#include "string_table.hpp"

#include <dossier/core/error.hpp>

#include <functional>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

std::size_t string_table::slot_of(std::string_view s) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = std::hash<std::string_view>{}(s) & mask;
  while (slots_[slot] != 0 && at(slots_[slot] - 1) != s) slot = (slot + 1) & mask;
  return slot;
}

std::uint32_t string_table::find(std::string_view s) const noexcept {
  if (slots_.empty()) return npos;
  const auto id = slots_[slot_of(s)];
  return id == 0 ? npos : id - 1;
}

void string_table::rehash(std::size_t slots) {
  slots_.assign(slots, 0);
  for (std::uint32_t id = 0; id < size(); ++id) slots_[slot_of(at(id))] = id + 1;
}

std::uint32_t string_table::insert(std::string_view s) {
  if (slots_.empty()) rehash(16);
  std::size_t slot = slot_of(s);
  if (slots_[slot] != 0) return slots_[slot] - 1;
  if (text_.size() + s.size() >= 0xFFFF'FFFFu || size() >= npos - 1)
    throw value_error("names.index_full", "the name index holds at most 4 GiB of name text");
  const std::uint32_t id = size();
  text_.append(s);
  offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
  slots_[slot] = id + 1;
  if (2 * static_cast<std::size_t>(size()) > slots_.size()) rehash(2 * slots_.size());  // load at most 1/2
  return id;
}

std::size_t string_table::memory_bytes() const noexcept {
  return text_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) + slots_.capacity() * sizeof(std::uint32_t);
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
