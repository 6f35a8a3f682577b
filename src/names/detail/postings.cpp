#include "postings.hpp"

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

void posting_lists::build(const std::vector<std::uint64_t>& entries) {
  // A counting sort: two passes, no comparisons.
  std::uint32_t lists = 0;
  for (auto e : entries) lists = std::max(lists, static_cast<std::uint32_t>(e >> 32) + 1);
  std::vector<std::uint32_t> offsets(std::size_t{lists} + 1, 0), values(entries.size());
  for (auto e : entries) ++offsets[(e >> 32) + 1];
  for (std::size_t l = 1; l < offsets.size(); ++l) offsets[l] += offsets[l - 1];
  std::vector<std::uint32_t> at(offsets.begin(), offsets.end() - 1);
  for (auto e : entries) values[at[e >> 32]++] = static_cast<std::uint32_t>(e);
  assign(std::move(offsets), std::move(values));
}

void posting_lists::assign(std::vector<std::uint32_t> offsets, std::vector<std::uint32_t> values) {
  offsets_ = std::move(offsets);
  values_ = std::move(values);
  added_.clear();
  added_count_ = 0;
}

bool posting_lists::add(std::uint32_t list, std::uint32_t value) {
  added_[list].push_back(value);
  ++added_count_;
  return added_count_ > std::max<std::size_t>(4096, values_.size() / 4);
}

void posting_lists::compact() {
  std::vector<std::uint64_t> entries;
  entries.reserve(this->entries());
  for (std::uint32_t l = 0; l + 1 < offsets_.size(); ++l)
    for (auto v : compressed(l)) entries.push_back(std::uint64_t{l} << 32 | v);
  for (const auto& [l, vs] : added_)
    for (auto v : vs) entries.push_back(std::uint64_t{l} << 32 | v);
  build(entries);
}

std::size_t posting_lists::memory_bytes() const noexcept {
  std::size_t bytes = (offsets_.capacity() + values_.capacity()) * sizeof(std::uint32_t);
  for (const auto& [l, vs] : added_) bytes += 48 + vs.capacity() * sizeof(std::uint32_t);  // node, bucket, vector
  return bytes + added_.bucket_count() * sizeof(void*);
}

void posting_lists::clear() {
  offsets_.clear();
  values_.clear();
  added_.clear();
  added_count_ = 0;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
