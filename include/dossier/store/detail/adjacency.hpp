#pragma once
// One direction of the graph's adjacency, grouped by relation type (DESIGN.md §6).
//
// Compacted part: one CSR per relation type (type_table), whose rows are only the entities
// that have entries of that type; a typed expansion reads one small bit index, one row offset
// and then the contiguous entries, touching no other type's data.
// Pending part: relations added since the last rebuild, one singly linked list per entity.
// A removed compacted entry becomes a tombstone, skipped by iteration. The owning graph
// rebuilds when pending entries and tombstones outgrow the compacted ones (amortised O(1)).

#include <dossier/core/config.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <tuple>
#include <utility>
#include <span>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint32_t npos32 = ~std::uint32_t{0};

// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with huge pages. A hint
// only (Linux transparent huge pages in "madvise" mode); elsewhere it does nothing.
void advise_huge_pages(const void* p, std::size_t bytes) noexcept;
// Hands the heap's free pages back to the system (glibc keeps them after large frees).
void return_free_memory() noexcept;

// Resizes an array that is about to be filled. Large ones are reserved and advised first, so
// that their memory is faulted in 2 MiB at a time and traversals miss the TLB less.
template <class T>
void resize_for_fill(std::vector<T>& v, std::size_t n) {
  if (n * sizeof(T) >= (std::size_t{4} << 20) && v.capacity() < n) {
    v.reserve(n);
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
  }
  v.resize(n);
}

struct adjacency_entry {
  std::uint32_t neighbor;
  std::uint32_t relation;
  std::uint32_t type;
};

class adjacency {
 public:
  struct pending_entry {
    std::uint32_t type, neighbor, relation, next;
  };

  // One relation type's compacted adjacency: a CSR whose rows are only the entities that
  // have entries of this type. `present` marks those entities (one bit each) and `word_rank`
  // counts the bits before each 64-bit word, so an entity's row is found with one popcount.
  // The bit arrays are small (V/8 + V/16 bytes), so they stay in cache and a typed expansion
  // costs what a per-type CSR costs: the row offset, then the entries.
  struct presence_word {  // 64 entities: which have a row, and how many rows come before
    std::uint64_t bits;
    std::uint32_t rank;
    std::uint32_t unused;
  };
  struct type_table {
    // Dense tables (at least an eighth of all entities have a row) keep one offset per
    // entity, exactly like a CSR; sparse ones keep the presence index and per-row offsets.
    std::vector<std::uint32_t> dense_start;  // entities + 1, or empty when sparse
    std::vector<presence_word> present;      // one cache line answers "which row is v's"
    std::vector<std::uint32_t> row_start;    // rows + 1
    std::vector<std::uint32_t> neighbor;   // npos32 marks an entry removed since the rebuild
    std::vector<std::uint32_t> relation;

    // Entry range of entity v, or an empty range.
    // Always inlined: it sits in every traversal's inner loop.
    [[nodiscard, gnu::always_inline]] std::pair<std::uint32_t, std::uint32_t> row(std::uint32_t v) const noexcept {
      if (!dense_start.empty()) {
        if (v + 1 >= dense_start.size()) return {0, 0};
        return {dense_start[v], dense_start[v + 1]};
      }
      const std::uint32_t w = v / 64;
      if (w >= present.size()) return {0, 0};
      const presence_word& p = present[w];
      const std::uint64_t bit = std::uint64_t{1} << (v % 64);
      if (!(p.bits & bit)) return {0, 0};
      const auto r = p.rank + static_cast<std::uint32_t>(__builtin_popcountll(p.bits & (bit - 1)));
      return {row_start[r], row_start[r + 1]};
    }
    // Starts loading v's row position: batched traversals call it a few entities ahead.
    void prefetch_row(std::uint32_t v) const noexcept {
      if (!dense_start.empty()) {
        if (v < dense_start.size()) DOSSIER_PREFETCH(dense_start.data() + v);
      } else if (v / 64 < present.size()) {
        DOSSIER_PREFETCH(present.data() + v / 64);
      }
    }
    // Software pipelining for a walk over `entities`, called at position i: requests the row
    // position of entities[i + 8] and the entries of entities[i + 4], and calls ahead(n) for
    // the first entries of entities[i + 2], so that the caller can prefetch its own state for
    // them. The misses of successive entities then overlap instead of queueing.
    template <class Ahead>
    void prefetch_ahead(std::span<const std::uint32_t> entities, std::size_t i, Ahead&& ahead) const {
      const std::size_t n = entities.size();
      if (i + 8 < n) prefetch_row(entities[i + 8]);
      if (i + 4 < n) {
        const auto [b, e] = row(entities[i + 4]);
        if (b < e) DOSSIER_PREFETCH(neighbor.data() + b);
      }
      if (i + 2 < n) {
        const auto [b, e] = row(entities[i + 2]);
        for (auto k = b; k < e && k < b + 4; ++k)
          if (neighbor[k] != npos32) ahead(neighbor[k]);
      }
    }
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
      return present.capacity() * sizeof(presence_word) +
             (dense_start.capacity() + row_start.capacity() + neighbor.capacity() + relation.capacity()) * 4;
    }
  };

  // Forward iterator over every entry of one entity: each type's row in turn, then pending.
  class cursor {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = adjacency_entry;
    using difference_type = std::ptrdiff_t;
    using pointer = const adjacency_entry*;
    using reference = adjacency_entry;

    cursor() = default;
    cursor(const adjacency* a, std::uint32_t v, bool at_end) : a_(a), v_(v) {
      if (at_end) {
        type_ = static_cast<std::uint32_t>(a->tables_.size());
        return;
      }
      pending_ = v < a->pending_head_.size() ? a->pending_head_[v] : npos32;
      type_ = 0;
      entry_ = end_ = 0;
      settle();
    }
    adjacency_entry operator*() const noexcept {
      if (type_ < a_->tables_.size()) {
        const auto& t = a_->tables_[type_];
        return {t.neighbor[entry_], t.relation[entry_], type_};
      }
      const auto& p = a_->pending_[pending_];
      return {p.neighbor, p.relation, p.type};
    }
    cursor& operator++() noexcept {
      if (type_ < a_->tables_.size()) {
        ++entry_;
        settle();
      } else {
        pending_ = a_->pending_[pending_].next;
      }
      return *this;
    }
    cursor operator++(int) noexcept {
      auto c = *this;
      ++*this;
      return c;
    }
    friend bool operator==(const cursor& x, const cursor& y) noexcept {
      return x.type_ == y.type_ && x.entry_ == y.entry_ && x.pending_ == y.pending_;
    }

   private:
    // Moves to the next live compacted entry, or past the tables (then pending entries follow).
    void settle() noexcept {
      const auto n = static_cast<std::uint32_t>(a_->tables_.size());
      while (type_ < n) {
        const auto& t = a_->tables_[type_];
        while (entry_ < end_ && t.neighbor[entry_] == npos32) ++entry_;
        if (entry_ < end_) return;
        if (++type_ == n) break;
        std::tie(entry_, end_) = a_->tables_[type_].row(v_);
      }
      entry_ = end_ = 0;
    }
    const adjacency* a_ = nullptr;
    std::uint32_t v_ = 0, type_ = 0, entry_ = 0, end_ = 0, pending_ = npos32;
  };

  [[nodiscard]] cursor begin(std::uint32_t v) const { return cursor(this, v, false); }
  [[nodiscard]] cursor end(std::uint32_t v) const { return cursor(this, v, true); }

  // Calls f(neighbor, relation) for entries of exactly one type: the traversal hot path.
  template <class F>
  void for_each_of_type(std::uint32_t v, std::uint32_t type, F&& f) const {
    if (type < tables_.size()) {
      const auto& t = tables_[type];
      const auto [b, e] = t.row(v);
      const std::uint32_t* n = t.neighbor.data();
      const std::uint32_t* r = t.relation.data();
      if (removed_ == 0) {
        for (std::uint32_t i = b; i < e; ++i) f(n[i], r[i]);
      } else {
        for (std::uint32_t i = b; i < e; ++i)
          if (n[i] != npos32) f(n[i], r[i]);
      }
    }
    if (pending_count_ == 0 || v >= pending_head_.size()) return;
    for (std::uint32_t p = pending_head_[v]; p != npos32; p = pending_[p].next)
      if (pending_[p].type == type) f(pending_[p].neighbor, pending_[p].relation);
  }

  // Calls f(neighbor, relation) for entries whose type passes `accept(type)`.
  template <class Accept, class F>
  void for_each(std::uint32_t v, Accept&& accept, F&& f) const {
    for (std::uint32_t type = 0; type < tables_.size(); ++type) {
      if (!accept(type)) continue;
      const auto& t = tables_[type];
      const auto [b, e] = t.row(v);
      for (std::uint32_t i = b; i < e; ++i)
        if (t.neighbor[i] != npos32) f(t.neighbor[i], t.relation[i]);
    }
    if (pending_count_ == 0 || v >= pending_head_.size()) return;
    for (std::uint32_t p = pending_head_[v]; p != npos32; p = pending_[p].next)
      if (accept(pending_[p].type)) f(pending_[p].neighbor, pending_[p].relation);
  }

  // Visits the pending (not yet compacted) entries of v whose type passes `accept`.
  template <class Accept, class F>
  void for_each_pending(std::uint32_t v, Accept&& accept, F&& f) const {
    if (pending_count_ == 0 || v >= pending_head_.size()) return;
    for (std::uint32_t p = pending_head_[v]; p != npos32; p = pending_[p].next)
      if (accept(pending_[p].type)) f(pending_[p].neighbor, pending_[p].relation);
  }
  [[nodiscard]] bool has_tombstones() const noexcept { return removed_ != 0; }

  [[nodiscard]] std::uint32_t degree(std::uint32_t v) const noexcept { return v < degree_.size() ? degree_[v] : 0; }
  [[nodiscard]] std::size_t pending_count() const noexcept { return pending_count_; }
  // Entries that a rebuild would drop or add: pending ones and tombstones.
  [[nodiscard]] std::size_t churn() const noexcept { return pending_count_ + removed_; }
  [[nodiscard]] std::size_t compact_count() const noexcept { return compact_live_; }
  [[nodiscard]] const std::vector<type_table>& tables() const noexcept { return tables_; }

  void insert(std::uint32_t v, std::uint32_t type, std::uint32_t neighbor, std::uint32_t relation) {
    if (v >= pending_head_.size()) pending_head_.resize(std::max<std::size_t>(v + 1, pending_head_.size() * 2), npos32);
    if (v >= degree_.size()) degree_.resize(std::max<std::size_t>(v + 1, degree_.size() * 2), 0);
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
    ++degree_[v];
  }

  // Removes the entry for `relation` from v's list; returns false when absent.
  bool erase(std::uint32_t v, std::uint32_t type, std::uint32_t relation) noexcept {
    if (type < tables_.size()) {
      auto& t = tables_[type];
      const auto [b, e] = t.row(v);
      for (std::uint32_t i = b; i < e; ++i) {
        if (t.relation[i] != relation || t.neighbor[i] == npos32) continue;
        t.neighbor[i] = npos32;  // tombstone until the next rebuild
        ++removed_;
        --compact_live_;
        --degree_[v];
        return true;
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
      --degree_[v];
      return true;
    }
    return false;
  }

  // Rebuilds the compacted tables from scratch: for each live relation r (in id order),
  // key(r) is the owning entity, neighbor(r) the other end, type(r) its relation type.
  template <class Key, class Neighbor, class Type, class Live>
  void rebuild(std::uint32_t entity_slots, std::uint32_t relation_slots, std::uint32_t type_count, Key&& key,
               Neighbor&& neighbor, Type&& type, Live&& live) {
    // Count per type, then per (type, entity) with one pass over each type's relations.
    std::vector<std::uint32_t> type_start(type_count + 1, 0);
    for (std::uint32_t r = 0; r < relation_slots; ++r)
      if (live(r)) ++type_start[type(r) + 1];
    for (std::uint32_t t = 0; t < type_count; ++t) type_start[t + 1] += type_start[t];
    std::vector<std::uint32_t> by_type(type_start[type_count]);
    {
      std::vector<std::uint32_t> fill(type_start.begin(), type_start.end() - 1);
      for (std::uint32_t r = 0; r < relation_slots; ++r)
        if (live(r)) by_type[fill[type(r)]++] = r;
    }
    const std::uint32_t words = (entity_slots + 63) / 64;
    std::vector<type_table> tables(type_count);
    std::vector<std::uint32_t> degrees(entity_slots, 0);
    std::vector<std::uint32_t> count;  // per entity, reused for each type
    for (std::uint32_t t = 0; t < type_count; ++t) {
      const std::uint32_t b = type_start[t], e = type_start[t + 1];
      if (b == e) continue;
      auto& tt = tables[t];
      count.assign(entity_slots, 0);
      for (std::uint32_t i = b; i < e; ++i) ++count[key(by_type[i])];
      std::uint32_t rows = 0;
      for (std::uint32_t v = 0; v < entity_slots; ++v) rows += count[v] != 0;
      if (std::uint64_t{rows} * 8 >= entity_slots) {
        resize_for_fill(tt.dense_start, entity_slots + 1);
        std::uint32_t at = 0;
        for (std::uint32_t v = 0; v < entity_slots; ++v) {
          tt.dense_start[v] = at;
          degrees[v] += count[v];
          const auto c = count[v];
          count[v] = at;
          at += c;
        }
        tt.dense_start[entity_slots] = at;
      } else {
        tt.present.assign(words, presence_word{0, 0, 0});
        rows = 0;
        for (std::uint32_t v = 0; v < entity_slots; ++v) {
          if (v % 64 == 0) tt.present[v / 64].rank = rows;
          if (count[v] == 0) continue;
          tt.present[v / 64].bits |= std::uint64_t{1} << (v % 64);
          ++rows;
        }
        resize_for_fill(tt.row_start, rows + 1);
        std::uint32_t row = 0, at = 0;
        for (std::uint32_t v = 0; v < entity_slots; ++v) {
          if (count[v] == 0) continue;
          tt.row_start[row++] = at;
          degrees[v] += count[v];
          const auto c = count[v];
          count[v] = at;  // becomes the fill position
          at += c;
        }
        tt.row_start[rows] = at;
      }
      resize_for_fill(tt.neighbor, e - b);
      resize_for_fill(tt.relation, e - b);
      for (std::uint32_t i = b; i < e; ++i) {  // relation id order within each row
        const auto r = by_type[i];
        const auto pos = count[key(r)]++;
        tt.neighbor[pos] = neighbor(r);
        tt.relation[pos] = r;
      }
    }
    tables_ = std::move(tables);
    compact_live_ = type_start[type_count];
    degree_ = std::move(degrees);
    removed_ = 0;
    std::vector<std::uint32_t>().swap(pending_head_);  // `= {}` would keep the capacity
    std::vector<pending_entry>().swap(pending_);
    free_pending_ = npos32;
    pending_count_ = 0;
  }

  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    std::size_t bytes = tables_.capacity() * sizeof(type_table) + pending_head_.capacity() * 4 +
                        pending_.capacity() * sizeof(pending_entry) + degree_.capacity() * 4;
    for (const auto& t : tables_) bytes += t.memory_bytes();
    return bytes;
  }

 private:
  std::vector<type_table> tables_;  // indexed by relation type
  std::size_t compact_live_ = 0;
  std::size_t removed_ = 0;            // tombstones in the tables
  std::vector<std::uint32_t> degree_;  // per entity slot: O(1) degree for BGL and repeat checks
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
  void clear() {
    slots_ = 0;
    std::vector<std::uint32_t>().swap(order_);
    std::vector<std::uint32_t>().swap(rank_);
  }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return (order_.capacity() + rank_.capacity()) * 4; }

 private:
  std::uint32_t slots_ = 0;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> rank_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
