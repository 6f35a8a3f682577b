#pragma once
// One direction of the graph's adjacency, grouped by relation type per entity.
//
// Compacted part (CSR): entity v owns groups [group_start_[v], group_start_[v+1]); each group
// holds one relation type's entries in [begin, end) of the parallel arrays neighbor_/relation_.
// A typed expansion therefore reads only the entries of the wanted types, contiguously.
// Pending part: relations added since the last rebuild, one singly linked list per entity.
// Removal swaps the entry with the last of its group (or unlinks it), so iteration never
// meets a tombstone. The owning graph rebuilds when pending entries outgrow the compacted ones.

#include <dossier/config.hpp>

#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint32_t npos32 = ~std::uint32_t{0};

struct adjacency_entry {
  std::uint32_t neighbor;
  std::uint32_t relation;
  std::uint32_t type;
};

class adjacency {
 public:
  struct group {
    std::uint32_t type, begin, end;
  };
  struct pending_entry {
    std::uint32_t type, neighbor, relation, next;
  };

  // Forward iterator over every entry of one entity: compacted groups first, then pending.
  class cursor {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = adjacency_entry;
    using difference_type = std::ptrdiff_t;
    using pointer = const adjacency_entry*;
    using reference = adjacency_entry;

    cursor() = default;
    cursor(const adjacency* a, std::uint32_t v, bool at_end) : a_(a) {
      if (at_end) { group_ = group_end_ = 0; pending_ = npos32; return; }
      if (v + 1 < a->group_start_.size()) {
        group_ = a->group_start_[v];
        group_end_ = a->group_start_[v + 1];
      }
      pending_ = v < a->pending_head_.size() ? a->pending_head_[v] : npos32;
      skip_empty_groups();
    }
    adjacency_entry operator*() const noexcept {
      if (group_ < group_end_) {
        const auto& g = a_->groups_[group_];
        return {a_->neighbor_[entry_], a_->relation_[entry_], g.type};
      }
      const auto& p = a_->pending_[pending_];
      return {p.neighbor, p.relation, p.type};
    }
    cursor& operator++() noexcept {
      if (group_ < group_end_) {
        if (++entry_ == a_->groups_[group_].end) { ++group_; skip_empty_groups(); }
      } else {
        pending_ = a_->pending_[pending_].next;
      }
      return *this;
    }
    cursor operator++(int) noexcept { auto c = *this; ++*this; return c; }
    friend bool operator==(const cursor& x, const cursor& y) noexcept {
      const bool x_end = x.group_ >= x.group_end_ && x.pending_ == npos32;
      const bool y_end = y.group_ >= y.group_end_ && y.pending_ == npos32;
      if (x_end || y_end) return x_end == y_end;
      return x.group_ == y.group_ && x.entry_ == y.entry_ && x.pending_ == y.pending_;
    }

   private:
    void skip_empty_groups() noexcept {
      while (group_ < group_end_ && a_->groups_[group_].begin == a_->groups_[group_].end) ++group_;
      if (group_ < group_end_) entry_ = a_->groups_[group_].begin;
    }
    const adjacency* a_ = nullptr;
    std::uint32_t group_ = 0, group_end_ = 0, entry_ = 0, pending_ = npos32;
  };

  [[nodiscard]] cursor begin(std::uint32_t v) const { return cursor(this, v, false); }
  [[nodiscard]] cursor end(std::uint32_t v) const { return cursor(this, v, true); }

  // Calls f(neighbor, relation) for entries whose type passes `accept(type)`.
  template <class Accept, class F>
  void for_each(std::uint32_t v, Accept&& accept, F&& f) const {
    if (v + 1 < group_start_.size()) {
      for (std::uint32_t g = group_start_[v], ge = group_start_[v + 1]; g < ge; ++g) {
        const group& grp = groups_[g];
        if (!accept(grp.type)) continue;
        for (std::uint32_t i = grp.begin; i < grp.end; ++i) f(neighbor_[i], relation_[i]);
      }
    }
    if (pending_count_ == 0 || v >= pending_head_.size()) return;
    for (std::uint32_t p = pending_head_[v]; p != npos32; p = pending_[p].next)
      if (accept(pending_[p].type)) f(pending_[p].neighbor, pending_[p].relation);
  }

  // Entries of exactly one type in the compacted part, as contiguous spans (for tight loops).
  [[nodiscard]] std::span<const std::uint32_t> compact_neighbors(std::uint32_t v, std::uint32_t type) const noexcept {
    if (v + 1 >= group_start_.size()) return {};
    for (std::uint32_t g = group_start_[v], ge = group_start_[v + 1]; g < ge; ++g)
      if (groups_[g].type == type) return {neighbor_.data() + groups_[g].begin, groups_[g].end - groups_[g].begin};
    return {};
  }

  [[nodiscard]] std::uint32_t degree(std::uint32_t v) const noexcept {
    std::uint32_t d = 0;
    if (v + 1 < group_start_.size())
      for (std::uint32_t g = group_start_[v], ge = group_start_[v + 1]; g < ge; ++g) d += groups_[g].end - groups_[g].begin;
    if (v < pending_head_.size())
      for (std::uint32_t p = pending_head_[v]; p != npos32; p = pending_[p].next) ++d;
    return d;
  }

  [[nodiscard]] std::size_t pending_count() const noexcept { return pending_count_; }
  [[nodiscard]] std::size_t compact_count() const noexcept { return live_compact_; }

  void insert(std::uint32_t v, std::uint32_t type, std::uint32_t neighbor, std::uint32_t relation) {
    if (v >= pending_head_.size()) pending_head_.resize(v + 1, npos32);
    std::uint32_t slot;
    if (free_pending_ != npos32) {
      slot = free_pending_;
      free_pending_ = pending_[slot].next;
      pending_[slot] = {type, neighbor, relation, pending_head_[v]};
    } else {
      slot = static_cast<std::uint32_t>(pending_.size());
      pending_.push_back({type, neighbor, relation, pending_head_[v]});
    }
    pending_head_[v] = slot;
    ++pending_count_;
  }

  // Removes the entry for `relation` from v's list; returns false when absent.
  bool erase(std::uint32_t v, std::uint32_t type, std::uint32_t relation) noexcept {
    if (v + 1 < group_start_.size()) {
      for (std::uint32_t g = group_start_[v], ge = group_start_[v + 1]; g < ge; ++g) {
        group& grp = groups_[g];
        if (grp.type != type) continue;
        for (std::uint32_t i = grp.begin; i < grp.end; ++i) {
          if (relation_[i] != relation) continue;
          const std::uint32_t last = grp.end - 1;
          neighbor_[i] = neighbor_[last];
          relation_[i] = relation_[last];
          grp.end = last;
          --live_compact_;
          return true;
        }
      }
    }
    if (v >= pending_head_.size()) return false;
    for (std::uint32_t* link = &pending_head_[v]; *link != npos32; link = &pending_[*link].next) {
      if (pending_[*link].relation != relation) continue;
      const std::uint32_t slot = *link;
      *link = pending_[slot].next;
      pending_[slot].next = free_pending_;
      free_pending_ = slot;
      --pending_count_;
      return true;
    }
    return false;
  }

  // Rebuilds the compacted arrays from scratch: for each live relation r (in id order),
  // key(r) is the owning entity, neighbor(r) the other end, type(r) its relation type.
  template <class Key, class Neighbor, class Type, class Live>
  void rebuild(std::uint32_t entity_slots, std::uint32_t relation_slots, std::uint32_t type_count, Key&& key,
               Neighbor&& neighbor, Type&& type, Live&& live) {
    // Counting sort by type, then a stable counting sort by owning entity: entries end up
    // ordered by (entity, type, relation id).
    std::vector<std::uint32_t> by_type_start(type_count + 1, 0);
    std::uint32_t live_count = 0;
    for (std::uint32_t r = 0; r < relation_slots; ++r)
      if (live(r)) { ++by_type_start[type(r) + 1]; ++live_count; }
    for (std::uint32_t t = 0; t < type_count; ++t) by_type_start[t + 1] += by_type_start[t];
    std::vector<std::uint32_t> by_type(live_count);
    for (std::uint32_t r = 0; r < relation_slots; ++r)
      if (live(r)) by_type[by_type_start[type(r)]++] = r;
    by_type_start = {};

    std::vector<std::uint32_t> start(entity_slots + 1, 0);
    for (auto r : by_type) ++start[key(r) + 1];
    for (std::uint32_t v = 0; v < entity_slots; ++v) start[v + 1] += start[v];
    std::vector<std::uint32_t> neighbors(live_count), relations(live_count);
    {
      std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
      for (auto r : by_type) {
        const auto pos = fill[key(r)]++;
        neighbors[pos] = neighbor(r);
        relations[pos] = r;
      }
    }
    by_type = {};
    std::vector<std::uint32_t> group_start(entity_slots + 1, 0);
    std::vector<group> groups;
    for (std::uint32_t v = 0; v < entity_slots; ++v) {
      group_start[v] = static_cast<std::uint32_t>(groups.size());
      for (std::uint32_t i = start[v]; i < start[v + 1]; ++i) {
        const std::uint32_t t = type(relations[i]);
        if (groups.size() == group_start[v] || groups.back().type != t) groups.push_back({t, i, i + 1});
        else groups.back().end = i + 1;
      }
    }
    group_start[entity_slots] = static_cast<std::uint32_t>(groups.size());
    groups.shrink_to_fit();

    group_start_ = std::move(group_start);
    groups_ = std::move(groups);
    neighbor_ = std::move(neighbors);
    relation_ = std::move(relations);
    live_compact_ = live_count;
    pending_head_ = {};
    pending_ = {};
    free_pending_ = npos32;
    pending_count_ = 0;
  }

  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return group_start_.capacity() * 4 + groups_.capacity() * sizeof(group) + neighbor_.capacity() * 4 +
           relation_.capacity() * 4 + pending_head_.capacity() * 4 + pending_.capacity() * sizeof(pending_entry);
  }

 private:
  std::vector<std::uint32_t> group_start_;  // per entity slot, +1
  std::vector<group> groups_;
  std::vector<std::uint32_t> neighbor_;
  std::vector<std::uint32_t> relation_;
  std::size_t live_compact_ = 0;
  std::vector<std::uint32_t> pending_head_;
  std::vector<pending_entry> pending_;
  std::uint32_t free_pending_ = npos32;
  std::size_t pending_count_ = 0;
};

// Dense 0..n-1 numbering of live slots, needed by BGL's vertex_index/edge_index. It is the
// identity until the first removal; after that it keeps an order array and its inverse.
class dense_ranking {
 public:
  void push() {
    if (!order_.empty() || !rank_.empty()) {
      rank_.push_back(static_cast<std::uint32_t>(order_.size()));
      order_.push_back(slots_);
    }
    ++slots_;
  }
  void erase(std::uint32_t slot) {
    if (rank_.empty()) {
      rank_.resize(slots_);
      order_.resize(slots_);
      for (std::uint32_t i = 0; i < slots_; ++i) rank_[i] = order_[i] = i;
    }
    const std::uint32_t r = rank_[slot];
    const std::uint32_t last = order_.back();
    order_[r] = last;
    rank_[last] = r;
    order_.pop_back();
    rank_[slot] = npos32;
  }
  [[nodiscard]] std::uint32_t size() const noexcept {
    return rank_.empty() ? slots_ : static_cast<std::uint32_t>(order_.size());
  }
  [[nodiscard]] std::uint32_t slots() const noexcept { return slots_; }
  [[nodiscard]] std::uint32_t rank(std::uint32_t slot) const noexcept { return rank_.empty() ? slot : rank_[slot]; }
  [[nodiscard]] std::uint32_t at(std::uint32_t rank) const noexcept { return rank_.empty() ? rank : order_[rank]; }
  void clear() { slots_ = 0; order_ = {}; rank_ = {}; }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return (order_.capacity() + rank_.capacity()) * 4; }

 private:
  std::uint32_t slots_ = 0;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> rank_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
