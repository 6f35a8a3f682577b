#pragma once
// The relations added while linking is deferred (graph::append, bulk_load), by their ends and
// type: what a repeat check finds them by before they are in the adjacency. Only loads that
// merge repeats keep one; a chain per (source, target, type) through `next_`.

#include <dossier/core/config.hpp>
#include <dossier/store/detail/adjacency.hpp>

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class claim_index {
 public:
  explicit claim_index(std::uint32_t first_relation) : first_(first_relation) {}

  // Relation r (the next after the last added) goes from source to target with this type.
  void add(std::uint32_t source, std::uint32_t target, std::uint32_t type, std::uint32_t r) {
    DOSSIER_ASSERT(r - first_ == next_.size(), "claim_index: relations are added in id order");
    auto [at, fresh] = heads_.try_emplace(key{source, target, type}, r);
    next_.push_back(fresh ? npos32 : at->second);
    at->second = r;
  }
  // Calls f(r) for each relation so indexed with these ends and type, until f returns true;
  // the relation for which it did, or npos32.
  template <class F>
  [[nodiscard]] std::uint32_t find(std::uint32_t source, std::uint32_t target, std::uint32_t type, F&& f) const {
    const auto at = heads_.find(key{source, target, type});
    if (at == heads_.end()) return npos32;
    for (auto r = at->second; r != npos32; r = next_[r - first_])
      if (f(r)) return r;
    return npos32;
  }

 private:
  struct key {
    std::uint32_t source, target, type;
    friend bool operator==(const key&, const key&) = default;
  };
  struct key_hash {
    std::size_t operator()(const key& k) const noexcept {
      const std::uint64_t ends = (std::uint64_t{k.source} << 32) | k.target;
      return std::hash<std::uint64_t>{}(ends * 0x9E3779B97F4A7C15ull ^ k.type);
    }
  };
  std::uint32_t first_;
  std::unordered_map<key, std::uint32_t, key_hash> heads_;  // the latest relation of each key
  std::vector<std::uint32_t> next_;                          // per relation since first_: the one before
};

}  // namespace detail

DOSSIER_NAMESPACE_END
