#include "postings.hpp"

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

void posting_lists::build(std::vector<std::uint64_t> entries) {
  std::sort(entries.begin(), entries.end());
  const std::uint32_t lists = entries.empty() ? 0 : static_cast<std::uint32_t>(entries.back() >> 32) + 1;
  offsets_.assign(std::size_t{lists} + 1, 0);
  values_.resize(entries.size());
  values_.shrink_to_fit();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    ++offsets_[(entries[i] >> 32) + 1];
    values_[i] = static_cast<std::uint32_t>(entries[i]);
  }
  for (std::size_t l = 1; l < offsets_.size(); ++l) offsets_[l] += offsets_[l - 1];
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
  build(std::move(entries));
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
