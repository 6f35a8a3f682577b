#pragma once
// The graph's property statements: one shared table of cells, a range of it per owner (an
// entity slot, or a relation's details), and the evidence of the few statements that have any
// in a side table. Replaces a std::vector<property_statement> per owner: 24 bytes a statement
// instead of 104, and 12 bytes an owner instead of a vector and its heap block.
//
// String values are interned: the table keeps one box of each text its cells hold (a pool),
// and a pushed string equal to a pooled one is stored as the pooled box, so that a text
// repeated over many statements ("female", "Shanghai") is held once. Boxes only the pool
// still holds are dropped when the table compacts.
//
// An owner's cells are contiguous. A range that must grow and is not at the end of the table
// moves there with room to double; the cells it leaves are holes, and the table compacts itself
// when holes outnumber the cells in use. Any change may move cells: views do not survive it.

#include <dossier/core/config.hpp>
#include <dossier/store/statements.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The distinct string boxes of a statement table's cells: an open-addressing set of box
// pointers (linear probing, a power-of-two array at most 3/4 full, so 11 to 21 bytes a text),
// holding one reference to each. Probes compare the hash each box carries before the text.
class string_pool {
 public:
  using box = boxed<std::string>;
  string_pool() = default;
  string_pool(const string_pool& other);
  string_pool(string_pool&& other) noexcept : slots_(std::move(other.slots_)), size_(std::exchange(other.size_, 0)) {}
  string_pool& operator=(string_pool other) noexcept {
    std::swap(slots_, other.slots_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~string_pool() { clear(); }

  // `v` (a string value) as the pooled value of its text: the pooled box when there is one,
  // else v's own box, which the pool then holds too.
  [[nodiscard]] value intern(value v);
  // Drops the boxes that nothing but the pool holds.
  void sweep();
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  // The slot array and each pooled box once, with its text.
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

 private:
  void insert_new(const box* b) noexcept;  // a box not in the pool, with room for it
  void rehash(std::size_t slots);
  std::vector<const box*> slots_;  // nullptr where free
  std::size_t size_ = 0;
};

class statement_table {
 public:
  // Room for `owners` owners in all and `more_cells` cells beyond those the table has.
  void reserve(std::size_t owners, std::size_t more_cells);
  // Owners are numbered densely from 0; new ones start empty. The table only grows.
  void resize_owners(std::size_t owners);

  [[nodiscard]] statement_range of(std::uint32_t owner) const noexcept {
    if (owner >= ranges_.size()) return {};
    const auto& r = ranges_[owner];
    return {cells_.data() + r.first, r.count, evidence_.data()};
  }
  [[nodiscard]] std::size_t size(std::uint32_t owner) const noexcept { return owner < ranges_.size() ? ranges_[owner].count : 0; }

  // Appends a statement as it is (no merge with an equal one: the graph decides that).
  void push(std::uint32_t owner, property_statement s);
  // The evidence of the owner's i-th statement, for changing it (made when it had none).
  evidence& mutable_evidence(std::uint32_t owner, std::size_t i);
  // Drops the owner's statements of a property; returns how many.
  std::size_t erase_property(std::uint32_t owner, property_id p);
  void clear(std::uint32_t owner);
  // Every stored evidence, for changes that concern all of them (a merge of sources). Freed
  // entries are empty, so visiting them changes nothing.
  template <class F>
  void for_each_evidence(F&& f) {
    for (auto& ev : evidence_) f(ev);
  }
  // Removes the holes (moves cells; keeps every owner's order).
  void compact();
  void clear_all();

  struct footprint {
    std::size_t cells = 0, holes = 0, evidence = 0, pooled_strings = 0;
  };
  [[nodiscard]] footprint counts() const noexcept {
    return {cells_.size() - holes_, holes_, evidence_.size() - free_evidence_.size(), strings_.size()};
  }
  // Heap bytes of the cells, ranges, evidence, and what values and evidence point to; each
  // pooled string once, however many cells hold it.
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

 private:
  struct range {
    std::uint32_t first = 0, count = 0, capacity = 0;
  };
  std::uint32_t evidence_slot();  // a free entry of evidence_, empty
  std::uint32_t store_evidence(evidence ev);  // no_evidence for empty evidence
  void release_evidence(std::uint32_t index) noexcept;
  void make_room(range& r);  // room for one more cell at r.first + r.count
  void maybe_compact();      // when holes are over half the cells (and more than a few)

  std::vector<range> ranges_;
  std::vector<statement_cell> cells_;
  std::size_t holes_ = 0;  // cells in no range, or in a range's unused capacity
  std::vector<evidence> evidence_;
  std::vector<std::uint32_t> free_evidence_;
  string_pool strings_;  // every string value of cells_ is one of its boxes
};

}  // namespace detail

DOSSIER_NAMESPACE_END
