// The citation arena (store/detail/citation_arena.hpp).
#include <dossier/store/detail/citation_arena.hpp>

#include "detail/heap_size.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

constexpr std::uint64_t max_quote_offset = (std::uint64_t{1} << (64 - citation_cell::length_bits)) - 1;

// Exact for the first bulk load, geometric after: appends of many small batches stay O(n).
template <class Container>
void grow_to(Container& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, v.capacity() + v.capacity() / 2));
}

}  // namespace

void citation_arena::reserve(std::size_t owners, std::size_t more_quote_bytes) {
  grow_to(owned_, owners);
  grow_to(quotes_, quotes_.size() + more_quote_bytes);
}

void citation_arena::resize_owners(std::size_t owners) {
  if (owners > owned_.size()) owned_.resize(owners);
}

std::uint32_t citation_arena::store_seen(const citation& c) {
  if (!c.first_seen && !c.last_seen) return citation_cell::no_seen;
  if (!free_seen_.empty()) {
    const auto i = free_seen_.back();
    free_seen_.pop_back();
    seen_[i] = {c.first_seen, c.last_seen};
    return i;
  }
  if (seen_.size() >= citation_cell::no_seen - 1) throw std::length_error("citation arena: too many seen dates");
  // So that release never allocates; grown geometrically, as push_back would.
  if (free_seen_.capacity() < seen_.size() + 1) free_seen_.reserve(std::max<std::size_t>(16, 2 * (seen_.size() + 1)));
  seen_.push_back({c.first_seen, c.last_seen});
  return static_cast<std::uint32_t>(seen_.size() - 1);
}

void citation_arena::release(citation_cell& c) noexcept {
  if (c.seen != citation_cell::no_seen) {
    seen_[c.seen] = {};
    free_seen_.push_back(c.seen);  // cannot allocate: reserved when the entry was made
  }
  dead_quotes_ += c.quote_length();
  c = citation_cell{};
  --citations_;
}

void citation_arena::make_room(range& r) {
  if (r.count < r.capacity()) return;
  if (r.count >= max_count) throw std::length_error("citation arena: more than 2^27 citations of one relation");
  if (r.first + r.capacity() == overflow_.size()) {  // the last range grows in place, exact from now on
    r.room = 0;
    overflow_.emplace_back();
    ++holes_;
    return;  // push() counts the cell in
  }
  // Move to the end with room to double: 2^room cells.
  const auto room = static_cast<std::uint32_t>(std::bit_width(r.count));
  const std::uint32_t capacity = std::uint32_t{1} << room;
  if (overflow_.size() + capacity >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("citation arena is full");
  const auto first = static_cast<std::uint32_t>(overflow_.size());
  const auto old_capacity = r.capacity();
  overflow_.resize(overflow_.size() + capacity);
  std::copy(overflow_.begin() + r.first, overflow_.begin() + r.first + r.count, overflow_.begin() + first);
  std::fill(overflow_.begin() + r.first, overflow_.begin() + r.first + old_capacity, citation_cell{});
  holes_ += capacity;  // the old cells become holes, and the new room beyond the moved ones
  r.first = first;
  r.room = room;
}

void citation_arena::write(citation_cell& cell, const citation& c) {
  if (c.quote.size() > config::max_quote_bytes) throw std::length_error("citation arena: quote too long");
  if (quotes_.size() + c.quote.size() > max_quote_offset) throw std::length_error("citation arena: quote text is full");
  const auto at = static_cast<std::uint64_t>(quotes_.size());
  const auto seen = store_seen(c);  // may throw: nothing else has changed yet
  quotes_ += c.quote;
  cell.seen = seen;
  cell.source = to_index(c.source);
  cell.confidence = c.confidence;
  cell.quote = at << citation_cell::length_bits | c.quote.size();
  ++citations_;
}

void citation_arena::push(std::uint32_t owner, const citation& c) {
  auto& own = owned_[owner];
  if (own.source == citation_cell::none) return write(own, c);  // the first lives in the owner's cell
  if (own.source != citation_cell::many) {  // the second: both move to the overflow, with room for two
    const range r{static_cast<std::uint32_t>(overflow_.size()), 2, 1};
    if (overflow_.size() + 2 >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("citation arena is full");
    overflow_.resize(overflow_.size() + 2);
    holes_ += 2;  // until both are in: a failed write leaves holes, not lost cells
    write(overflow_[r.first + 1], c);
    overflow_[r.first] = own;
    holes_ -= 2;
    own = r.cell();
    return;
  }
  auto r = range::of(own);
  make_room(r);
  write(overflow_[r.first + r.count], c);
  ++r.count;
  --holes_;
  own = r.cell();
}

std::size_t citation_arena::merge(std::uint32_t owner, std::span<const citation> cs) {
  if (cs.empty()) return 0;
  if (owner >= owned_.size()) resize_owners(owner + std::size_t{1});
  std::size_t added = 0;
  for (const auto& c : cs) {
    const auto have = of(owner);
    if (std::any_of(have.begin(), have.end(), [&](const citation_view& x) { return x.source == c.source && x.quote == c.quote; }))
      continue;
    push(owner, c);
    ++added;
  }
  maybe_compact();
  return added;
}

void citation_arena::append(std::uint32_t owner, std::span<const citation> cs) {
  if (cs.empty()) return;
  if (owner >= owned_.size()) resize_owners(owner + std::size_t{1});
  for (const auto& c : cs) push(owner, c);
  maybe_compact();
}

void citation_arena::clear(std::uint32_t owner) {
  if (owner >= owned_.size()) return;
  auto& own = owned_[owner];
  if (own.source == citation_cell::none) return;
  if (own.source != citation_cell::many) {
    release(own);
    return;
  }
  const auto r = range::of(own);
  for (auto i = r.first; i < r.first + r.count; ++i) release(overflow_[i]);
  holes_ += r.count;
  if (r.first + r.capacity() == overflow_.size()) {  // the last range gives its cells back
    overflow_.resize(r.first);
    holes_ -= r.capacity();
  }
  own = citation_cell{};
  maybe_compact();
}

void citation_arena::repoint(source_id from, source_id to) noexcept {
  // The markers are never a source's slot, so cells that hold none are left as they are.
  for (auto* cells : {&owned_, &overflow_})
    for (auto& c : *cells)
      if (c.source == to_index(from)) c.source = to_index(to);
}

void citation_arena::maybe_compact() {
  const bool holey = holes_ > config::compaction_slack && holes_ > overflow_.size() / 2;
  const bool dead = dead_quotes_ > 64 * config::compaction_slack && dead_quotes_ > quotes_.size() / 2;
  if (holey || dead) compact();
}

void citation_arena::compact() {
  if (holes_ == 0 && dead_quotes_ == 0) return;
  std::vector<citation_cell> overflow;
  overflow.reserve(overflow_.size() - holes_);
  std::string quotes;
  if (dead_quotes_) quotes.reserve(quotes_.size() - dead_quotes_);
  const auto moved_quote = [&](citation_cell c) {
    if (!dead_quotes_) return c;
    const auto at = quotes.size();
    quotes.append(quotes_, c.quote_offset(), c.quote_length());
    c.quote = static_cast<std::uint64_t>(at) << citation_cell::length_bits | c.quote_length();
    return c;
  };
  for (auto& own : owned_) {
    if (own.source == citation_cell::none) continue;
    if (own.source != citation_cell::many) {
      own = moved_quote(own);
      continue;
    }
    auto r = range::of(own);
    const auto first = static_cast<std::uint32_t>(overflow.size());
    for (auto i = r.first; i < r.first + r.count; ++i) overflow.push_back(moved_quote(overflow_[i]));
    r.first = first;
    r.room = 0;  // exact now: r.count cells
    own = r.cell();
  }
  overflow_ = std::move(overflow);
  holes_ = 0;
  if (dead_quotes_) {
    quotes_ = std::move(quotes);
    dead_quotes_ = 0;
  }
}

void citation_arena::clear_all() {
  owned_.clear();
  overflow_.clear();
  holes_ = 0;
  quotes_.clear();
  dead_quotes_ = 0;
  seen_.clear();
  free_seen_.clear();
  citations_ = 0;
}

void citation_arena::adopt(citation_columns&& columns) {
  clear_all();
  owned_.resize(columns.counts.size());
  std::size_t many = 0;
  for (const auto k : columns.counts) many += k > 1 ? k : 0;
  overflow_.reserve(many);
  std::uint64_t offset = 0;
  std::size_t k = 0, f = 0, l = 0;
  // One column row as a cell; both date columns are in citation order, so they are walked along.
  const auto cell_of = [&](std::size_t row) {
    citation_cell c;
    c.source = columns.sources[row];
    c.confidence = columns.confidences[row];
    c.quote = offset << citation_cell::length_bits | columns.quote_lengths[row];
    offset += columns.quote_lengths[row];
    seen_dates d;
    if (f < columns.first_seen.size() && columns.first_seen[f].first == row) d.first = columns.first_seen[f++].second;
    if (l < columns.last_seen.size() && columns.last_seen[l].first == row) d.last = columns.last_seen[l++].second;
    if (d.first || d.last) {
      c.seen = static_cast<std::uint32_t>(seen_.size());
      seen_.push_back(d);
    }
    return c;
  };
  for (std::size_t owner = 0; owner < columns.counts.size(); ++owner) {
    const auto count = columns.counts[owner];
    if (count == 1) owned_[owner] = cell_of(k++);
    if (count < 2) continue;
    const range r{static_cast<std::uint32_t>(overflow_.size()), count, 0};
    for (std::uint32_t i = 0; i < count; ++i) overflow_.push_back(cell_of(k++));
    owned_[owner] = r.cell();
  }
  citations_ = k;
  free_seen_.reserve(seen_.size());
  quotes_ = std::move(columns.quotes);
}

std::size_t citation_arena::heap_bytes() const noexcept {
  using namespace heap_size;
  // Cells and quotes by what is in use, not the capacity: the room beyond them is never
  // touched (see statement_table::compact).
  const auto cells = [](const std::vector<citation_cell>& v) { return v.empty() ? 0 : block(v.size() * sizeof(citation_cell)); };
  return cells(owned_) + cells(overflow_) + (quotes_.capacity() > 15 ? block(quotes_.size() + 1) : 0) + array(seen_) +
         array(free_seen_);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
