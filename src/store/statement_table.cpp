// The statement table (store/detail/statement_table.hpp).
#include <dossier/store/detail/statement_table.hpp>

#include "detail/heap_size.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Exact for the first bulk load, geometric after: appends of many small batches stay O(n).
template <class T>
void grow_to(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, v.capacity() + v.capacity() / 2));
}

// ---- string_pool ----------------------------------------------------------------------------

namespace {
void drop(const string_pool::box* b) noexcept {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete b;
}
}  // namespace

string_pool::string_pool(const string_pool& other) : slots_(other.slots_), size_(other.size_) {
  for (const auto* b : slots_)
    if (b) b->refs.fetch_add(1, std::memory_order_relaxed);
}

void string_pool::clear() noexcept {
  for (const auto* b : slots_)
    if (b) drop(b);
  slots_.clear();
  slots_.shrink_to_fit();
  size_ = 0;
}

void string_pool::insert_new(const box* b) noexcept {
  const auto mask = slots_.size() - 1;
  auto i = b->tag & mask;
  while (slots_[i]) i = (i + 1) & mask;
  slots_[i] = b;
  ++size_;
}

void string_pool::rehash(std::size_t slots) {
  std::vector<const box*> old(slots, nullptr);
  old.swap(slots_);
  size_ = 0;
  for (const auto* b : old)
    if (b) insert_new(b);
}

value string_pool::intern(value v) {
  const auto* b = static_cast<const box*>(v.box());
  if (!slots_.empty()) {
    const auto mask = slots_.size() - 1;
    for (auto i = b->tag & mask; slots_[i]; i = (i + 1) & mask) {
      const box* s = slots_[i];
      if (s == b) return v;
      if (s->tag == b->tag && s->item == b->item) return value::share_string(s);
    }
  }
  if ((size_ + 1) * 4 > slots_.size() * 3) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  b->refs.fetch_add(1, std::memory_order_relaxed);
  insert_new(b);
  return v;
}

void string_pool::sweep() {
  // A count of 1 is the pool's own: no cell and no copy outside holds the box, and none can
  // appear but through the pool, so reading it while other threads drop copies is safe.
  std::size_t kept = 0;
  for (auto& b : slots_) {
    if (!b) continue;
    if (b->refs.load(std::memory_order_acquire) == 1) {
      drop(b);
      b = nullptr;
    } else {
      ++kept;
    }
  }
  if (kept == size_) return;
  if (kept == 0) {
    clear();
    return;
  }
  std::size_t slots = 16;
  while (kept * 2 > slots) slots *= 2;  // half full at most after a sweep
  rehash(slots);
}

std::size_t string_pool::heap_bytes() const noexcept {
  using namespace heap_size;
  std::size_t bytes = array(slots_);
  for (const auto* b : slots_)
    if (b) bytes += block(sizeof(box)) + heap(b->item);
  return bytes;
}

// ---- statement_table ------------------------------------------------------------------------

void statement_table::reserve(std::size_t owners, std::size_t more_cells) {
  grow_to(ranges_, owners);
  grow_to(cells_, cells_.size() + more_cells);
}

void statement_table::resize_owners(std::size_t owners) {
  if (owners > ranges_.size()) ranges_.resize(owners);
}

std::uint32_t statement_table::evidence_slot() {
  if (!free_evidence_.empty()) {
    const auto i = free_evidence_.back();
    free_evidence_.pop_back();
    return i;
  }
  if (evidence_.size() >= statement_cell::no_evidence - 1) throw std::length_error("statement evidence table is full");
  // So that release_evidence never allocates; grown geometrically, as push_back would.
  if (free_evidence_.capacity() < evidence_.size() + 1) free_evidence_.reserve(std::max<std::size_t>(16, 2 * (evidence_.size() + 1)));
  evidence_.emplace_back();
  return static_cast<std::uint32_t>(evidence_.size() - 1);
}

std::uint32_t statement_table::store_evidence(evidence ev) {
  if (ev == evidence{}) return statement_cell::no_evidence;
  const auto i = evidence_slot();
  evidence_[i] = std::move(ev);
  return i;
}

void statement_table::release_evidence(std::uint32_t index) noexcept {
  if (index == statement_cell::no_evidence) return;
  evidence_[index] = evidence{};
  free_evidence_.push_back(index);  // cannot allocate: reserved when the slot was made
}

void statement_table::make_room(range& r) {
  if (r.count < r.capacity) return;
  if (r.capacity == 0) r.first = static_cast<std::uint32_t>(cells_.size());  // an empty range starts at the end
  if (r.first + r.capacity == cells_.size()) {  // the last range grows in place
    cells_.emplace_back();
    ++r.capacity;
    ++holes_;
    return;
  }
  // Move to the end with room to double, so that n single pushes cost O(n) moves in all.
  const std::uint32_t capacity = std::max<std::uint32_t>(2, r.count * 2);
  if (cells_.size() + capacity >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("statement table is full");
  const auto first = static_cast<std::uint32_t>(cells_.size());
  cells_.resize(cells_.size() + capacity);
  std::move(cells_.begin() + r.first, cells_.begin() + r.first + r.count, cells_.begin() + first);
  for (auto i = r.first; i < r.first + r.capacity; ++i) cells_[i] = statement_cell{};
  holes_ += capacity;  // the old cells become holes, and the new room beyond the moved ones
  r.first = first;
  r.capacity = capacity;
}

void statement_table::push(std::uint32_t owner, property_statement s) {
  if (owner >= ranges_.size()) resize_owners(owner + std::size_t{1});
  auto& r = ranges_[owner];
  make_room(r);
  auto& cell = cells_[r.first + r.count];
  cell.evidence = store_evidence(std::move(s.ev));
  cell.property = s.property;
  cell.val = s.val.kind() == value_kind::string ? strings_.intern(std::move(s.val)) : std::move(s.val);
  ++r.count;
  --holes_;
  maybe_compact();
}

evidence& statement_table::mutable_evidence(std::uint32_t owner, std::size_t i) {
  auto& cell = cells_[ranges_[owner].first + i];
  if (cell.evidence == statement_cell::no_evidence) cell.evidence = evidence_slot();
  return evidence_[cell.evidence];
}

std::size_t statement_table::erase_property(std::uint32_t owner, property_id p) {
  if (owner >= ranges_.size()) return 0;
  auto& r = ranges_[owner];
  const auto begin = cells_.begin() + r.first, end = begin + r.count;
  for (auto it = begin; it != end; ++it)
    if (it->property == p) release_evidence(it->evidence);
  const auto kept = std::remove_if(begin, end, [&](const statement_cell& c) { return c.property == p; });
  const auto erased = static_cast<std::size_t>(end - kept);
  std::fill(kept, end, statement_cell{});
  r.count -= static_cast<std::uint32_t>(erased);
  holes_ += erased;
  maybe_compact();
  return erased;
}

void statement_table::clear(std::uint32_t owner) {
  if (owner >= ranges_.size()) return;
  auto& r = ranges_[owner];
  for (auto i = r.first; i < r.first + r.count; ++i) {
    release_evidence(cells_[i].evidence);
    cells_[i] = statement_cell{};
  }
  holes_ += r.count;
  r.count = 0;
  if (r.first + r.capacity == cells_.size()) {  // the last range gives its cells back
    cells_.resize(r.first);
    holes_ -= r.capacity;
    r.capacity = 0;
  }
  maybe_compact();
}

void statement_table::maybe_compact() {
  if (holes_ > 4096 && holes_ > cells_.size() / 2) compact();
}

void statement_table::compact() {
  strings_.sweep();
  // No shrink_to_fit of the growth slack: it would copy the table (the load's peak, old and new
  // side by side), and the room beyond the cells in use was never written, so it takes no
  // resident memory (large blocks are mapped pages, faulted in when first touched).
  if (holes_ == 0) return;
  std::vector<statement_cell> cells;
  cells.reserve(cells_.size() - holes_);
  for (auto& r : ranges_) {
    const auto first = static_cast<std::uint32_t>(cells.size());
    std::move(cells_.begin() + r.first, cells_.begin() + r.first + r.count, std::back_inserter(cells));
    r = {first, r.count, r.count};
  }
  cells_ = std::move(cells);
  holes_ = 0;
}

void statement_table::clear_all() {
  ranges_.clear();
  cells_.clear();
  holes_ = 0;
  evidence_.clear();
  free_evidence_.clear();
  strings_.clear();
}

std::size_t statement_table::heap_bytes() const noexcept {
  using namespace heap_size;
  // Cells by the ones in use, not the capacity: the room beyond them is never touched (see compact).
  std::size_t bytes = array(ranges_) + block(cells_.size() * sizeof(statement_cell)) + array(evidence_) +
                      array(free_evidence_) + strings_.heap_bytes();
  for (const auto& c : cells_)
    if (c.val.kind() != value_kind::string) bytes += heap(c.val);  // strings are the pool's, counted there
  for (const auto& ev : evidence_) bytes += heap(ev);
  return bytes;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
