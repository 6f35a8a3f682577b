#pragma once
// Prepared typed expansions: the hot loop of every traversal.

#include <dossier/core/config.hpp>
#include <dossier/schema/type_mask.hpp>
#include <dossier/store/detail/adjacency.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

class graph;

// A prepared typed expansion: the tables of the wanted relation types (with subtypes) in the
// wanted directions, looked up once. Calling it visits (neighbour, relation) pairs of one
// entity without allocating; it is what queries use in their inner loops. Invalidated by
// any mutation of the graph.
class expansion {
 public:
  // Always inlined, and small: the common cases (one compacted table, dense or sparse) are a
  // CSR row read in the caller's loop, so that the processor overlaps the misses of successive
  // calls. Everything else goes through visit_tables. Returns how many entries it read, for
  // budgets (counting them in the caller's callback cost a dependent memory update per entry).
  template <class F>
  DOSSIER_ALWAYS_INLINE std::uint32_t operator()(std::uint32_t v, F&& f) const {
    if (dense_start_) {  // one dense compacted table, nothing removed or pending: a CSR row
      // Read through pointers held here, not through the table: one line of this object
      // instead of two objects per call.
      if (v >= dense_rows_) return 0;
      const std::uint32_t b = dense_start_[v], e = dense_start_[v + 1];
      for (std::uint32_t k = b; k < e; ++k) f(dense_neighbor_[k], dense_relation_[k]);
      return e - b;
    }
    if (simple_) {  // one sparse compacted table: its presence index, then the row
      const auto& t = *inline_[0];
      const auto [b, e] = t.row(v);
      const std::uint32_t* n = t.neighbor.data();
      const std::uint32_t* r = t.relation.data();
      for (std::uint32_t k = b; k < e; ++k) f(n[k], r[k]);
      return e - b;
    }
    return visit_tables(v, f);
  }

  // Batched expansion of many entities, in order: visit(i, neighbour, relation) for every
  // entry of entities[i]. Expanding entity after entity costs one or two dependent memory
  // misses each; here they overlap: while entities[i] is visited, the row positions and then
  // the entries of entities a few places later are already on their way, and ahead(neighbour)
  // is called for the first entries of a nearer one so that the caller can start loading what
  // it needs next: the rows of a second hop (expansion::prefetch) pay well. Prefetching visited
  // marks there paid only with the marks in memory and cost more from cache (BENCHMARKS.md).
  // Same entries as operator(), same order per entity.
  struct no_lookahead {
    void operator()(std::uint32_t) const noexcept {}
  };
  template <class Visit, class Ahead = no_lookahead>
  void batch(std::span<const std::uint32_t> entities, Visit&& visit, Ahead&& ahead = {}) const {
    const std::size_t n = entities.size();
    if (dense_start_) {
      // One dense table: the same pipeline on raw arrays held in registers.
      const std::uint32_t* start = dense_start_;
      const std::uint32_t* neighbor = dense_neighbor_;
      const std::uint32_t* relation = dense_relation_;
      const std::size_t rows = dense_rows_;
      for (std::size_t i = 0; i < n; ++i) {
        // Distances measured on 10^6 entities: 32/16/8 beat 16/8/4 by 3-15% from memory and
        // 2-3% from L3 (BENCHMARKS.md, issue 3). Shorter than prefetch_ahead's would be too
        // short here: an iteration of this loop does less work.
        if (i + 32 < n && entities[i + 32] < rows) DOSSIER_PREFETCH(start + entities[i + 32]);
        if (i + 16 < n && entities[i + 16] < rows) DOSSIER_PREFETCH(neighbor + start[entities[i + 16]]);
        if (i + 8 < n && entities[i + 8] < rows) {
          const auto v = entities[i + 8];
          for (auto k = start[v], e = std::min(start[v + 1], start[v] + 4); k < e; ++k) ahead(neighbor[k]);
        }
        const auto v = entities[i];
        if (v >= rows) continue;
        for (auto k = start[v], e = start[v + 1]; k < e; ++k) visit(i, neighbor[k], relation[k]);
      }
      return;
    }
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::uint32_t t = 0; t < table_count_; ++t) tables[t]->prefetch_ahead(entities, i, ahead);
      (*this)(entities[i], [&](std::uint32_t neighbour, std::uint32_t relation) { visit(i, neighbour, relation); });
    }
  }

  // Starts loading v's row positions in every table, without waiting for them. A two-hop
  // batch passes it as the first hop's `ahead`, so that the second hop's rows are on their
  // way while the first hop still runs.
  void prefetch(std::uint32_t v) const noexcept {
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();
    for (std::uint32_t i = 0; i < table_count_; ++i) tables[i]->prefetch_row(v);
  }

  // Software pipelining for a caller's own walk over `entities`, called at position i before
  // entities[i] is expanded: requests the row positions and entries of entities a few places
  // later, and calls ahead(neighbour) for the first entries of a nearer one, so that the
  // caller can prefetch its own state for them (visited marks, the next hop's rows).
  template <class Ahead>
  void prefetch_ahead(std::span<const std::uint32_t> entities, std::size_t i, Ahead&& ahead) const {
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();
    for (std::uint32_t t = 0; t < table_count_; ++t) tables[t]->prefetch_ahead(entities, i, ahead);
  }

  // True when one call reads one compacted row of one table (a single relation type, nothing
  // pending or removed): what the fastest loops are tuned for.
  [[nodiscard]] bool single_table() const noexcept { return simple_; }

 private:
  friend class graph;  // graph::expand fills it
  // Every case but one compacted table: several tables, removed entries, pending ones.
  template <class F>
  std::uint32_t visit_tables(std::uint32_t v, F& f) const {
    std::uint32_t read = 0;
    const auto* const* tables = spill_.empty() ? inline_ : spill_.data();  // no self-pointer: copyable
    for (std::uint32_t i = 0; i < table_count_; ++i) {
      const auto& t = *tables[i];
      const auto [b, e] = t.row(v);
      const std::uint32_t* n = t.neighbor.data();
      const std::uint32_t* r = t.relation.data();
      read += e - b;
      if (!tombstones_) {
        for (std::uint32_t k = b; k < e; ++k) f(n[k], r[k]);
      } else {
        for (std::uint32_t k = b; k < e; ++k)
          if (n[k] != detail::npos32) f(n[k], r[k]);
      }
    }
    if (pending_) {  // rare: counted as they come
      const auto accept = [this](std::uint32_t t) { return mask_->test(t); };
      const auto counted = [&](std::uint32_t n, std::uint32_t r) {
        ++read;
        f(n, r);
      };
      if (out_) out_->for_each_pending(v, accept, counted);
      if (in_) in_->for_each_pending(v, accept, counted);
    }
    return read;
  }

  // Set when simple_ and the table is dense: its CSR arrays, first so that a call reads one line.
  const std::uint32_t* dense_start_ = nullptr;
  const std::uint32_t* dense_neighbor_ = nullptr;
  const std::uint32_t* dense_relation_ = nullptr;
  std::uint32_t dense_rows_ = 0;
  static constexpr std::uint32_t inline_tables = 8;
  const detail::adjacency::type_table* inline_[inline_tables] = {};
  std::vector<const detail::adjacency::type_table*> spill_;
  std::uint32_t table_count_ = 0;
  bool tombstones_ = false, pending_ = false, simple_ = false;
  const detail::adjacency *out_ = nullptr, *in_ = nullptr;
  const type_mask* mask_ = nullptr;
};

DOSSIER_NAMESPACE_END
