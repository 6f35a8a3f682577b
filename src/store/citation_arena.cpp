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

constexpr std::uint32_t max_range = (std::uint32_t{1} << 27) - 1;
constexpr std::uint64_t max_quote_offset = (std::uint64_t{1} << (64 - citation_cell::length_bits)) - 1;

// Exact for the first bulk load, geometric after: appends of many small batches stay O(n).
template <class Container>
void grow_to(Container& v, std::size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, v.capacity() + v.capacity() / 2));
}

}  // namespace

void citation_arena::reserve(std::size_t owners, std::size_t more_cells, std::size_t more_quote_bytes) {
  grow_to(ranges_, owners);
  grow_to(cells_, cells_.size() + more_cells);
  grow_to(quotes_, quotes_.size() + more_quote_bytes);
}

void citation_arena::resize_owners(std::size_t owners) {
  if (owners > ranges_.size()) ranges_.resize(owners);
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
}

void citation_arena::make_room(range& r) {
  if (r.count < r.capacity()) return;
  if (r.count >= max_range) throw std::length_error("citation arena: more than 2^27 citations of one relation");
  if (r.count == 0) r.first = static_cast<std::uint32_t>(cells_.size());  // an empty range starts at the end
  if (r.first + r.capacity() == cells_.size()) {  // the last range grows in place, exact from now on
    r.room = 0;
    cells_.emplace_back();
    ++holes_;
    return;  // push() counts the cell in
  }
  // Move to the end with room to double: 2^room cells.
  const auto room = static_cast<std::uint32_t>(std::bit_width(std::max<std::uint32_t>(r.count, 1)));
  const std::uint32_t capacity = std::uint32_t{1} << room;
  if (cells_.size() + capacity >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("citation arena is full");
  const auto first = static_cast<std::uint32_t>(cells_.size());
  const auto old_capacity = r.capacity();
  cells_.resize(cells_.size() + capacity);
  std::copy(cells_.begin() + r.first, cells_.begin() + r.first + r.count, cells_.begin() + first);
  std::fill(cells_.begin() + r.first, cells_.begin() + r.first + old_capacity, citation_cell{});
  holes_ += capacity;  // the old cells become holes, and the new room beyond the moved ones
  r.first = first;
  r.room = room;
}

void citation_arena::push(range& r, const citation& c) {
  if (c.quote.size() > config::max_quote_bytes) throw std::length_error("citation arena: quote too long");
  if (quotes_.size() + c.quote.size() > max_quote_offset) throw std::length_error("citation arena: quote text is full");
  make_room(r);
  auto& cell = cells_[r.first + r.count];
  cell.seen = store_seen(c);  // may throw: nothing else has changed yet
  cell.source = to_index(c.source);
  cell.confidence = c.confidence;
  cell.quote = static_cast<std::uint64_t>(quotes_.size()) << citation_cell::length_bits | c.quote.size();
  quotes_ += c.quote;
  ++r.count;
  --holes_;
}

std::size_t citation_arena::merge(std::uint32_t owner, std::span<const citation> cs) {
  if (cs.empty()) return 0;
  if (owner >= ranges_.size()) resize_owners(owner + std::size_t{1});
  std::size_t added = 0;
  for (const auto& c : cs) {
    const auto have = of(owner);
    if (std::any_of(have.begin(), have.end(), [&](const citation_view& x) { return x.source == c.source && x.quote == c.quote; }))
      continue;
    push(ranges_[owner], c);
    ++added;
  }
  maybe_compact();
  return added;
}

void citation_arena::append(std::uint32_t owner, std::span<const citation> cs) {
  if (cs.empty()) return;
  if (owner >= ranges_.size()) resize_owners(owner + std::size_t{1});
  for (const auto& c : cs) push(ranges_[owner], c);
  maybe_compact();
}

void citation_arena::clear(std::uint32_t owner) {
  if (owner >= ranges_.size()) return;
  auto& r = ranges_[owner];
  const auto capacity = r.capacity();
  for (auto i = r.first; i < r.first + r.count; ++i) release(cells_[i]);
  holes_ += r.count;
  if (capacity && r.first + capacity == cells_.size()) {  // the last range gives its cells back
    cells_.resize(r.first);
    holes_ -= capacity;
  }
  r = range{};
  maybe_compact();
}

void citation_arena::repoint(source_id from, source_id to) noexcept {
  for (auto& c : cells_)
    if (c.source == to_index(from)) c.source = to_index(to);
}

void citation_arena::maybe_compact() {
  const bool holey = holes_ > config::compaction_slack && holes_ > cells_.size() / 2;
  const bool dead = dead_quotes_ > 64 * config::compaction_slack && dead_quotes_ > quotes_.size() / 2;
  if (holey || dead) compact();
}

void citation_arena::compact() {
  if (holes_ == 0 && dead_quotes_ == 0) return;
  std::vector<citation_cell> cells;
  cells.reserve(cells_.size() - holes_);
  std::string quotes;
  if (dead_quotes_) quotes.reserve(quotes_.size() - dead_quotes_);
  for (auto& r : ranges_) {
    const auto first = static_cast<std::uint32_t>(cells.size());
    for (auto i = r.first; i < r.first + r.count; ++i) {
      auto cell = cells_[i];
      if (dead_quotes_) {
        const auto at = quotes.size();
        quotes.append(quotes_, cell.quote_offset(), cell.quote_length());
        cell.quote = static_cast<std::uint64_t>(at) << citation_cell::length_bits | cell.quote_length();
      }
      cells.push_back(cell);
    }
    r.first = first;
    r.room = 0;  // exact now: r.count cells
  }
  cells_ = std::move(cells);
  holes_ = 0;
  if (dead_quotes_) {
    quotes_ = std::move(quotes);
    dead_quotes_ = 0;
  }
}

void citation_arena::clear_all() {
  ranges_.clear();
  cells_.clear();
  holes_ = 0;
  quotes_.clear();
  dead_quotes_ = 0;
  seen_.clear();
  free_seen_.clear();
}

void citation_arena::adopt(citation_columns&& columns) {
  clear_all();
  ranges_.resize(columns.counts.size());
  std::uint32_t at = 0;
  for (std::size_t i = 0; i < columns.counts.size(); ++i) {
    ranges_[i].first = at;
    ranges_[i].count = columns.counts[i] & max_range;
    at += columns.counts[i];
  }
  const auto n = columns.sources.size();
  cells_.resize(n);
  std::uint64_t offset = 0;
  for (std::size_t k = 0; k < n; ++k) {
    auto& c = cells_[k];
    c.source = columns.sources[k];
    c.confidence = columns.confidences[k];
    c.quote = offset << citation_cell::length_bits | columns.quote_lengths[k];
    offset += columns.quote_lengths[k];
  }
  // Both date columns are in citation order: walk them together.
  std::size_t f = 0, l = 0;
  while (f < columns.first_seen.size() || l < columns.last_seen.size()) {
    const auto next = std::min(f < columns.first_seen.size() ? columns.first_seen[f].first : n,
                               l < columns.last_seen.size() ? columns.last_seen[l].first : n);
    seen_dates d;
    if (f < columns.first_seen.size() && columns.first_seen[f].first == next) d.first = columns.first_seen[f++].second;
    if (l < columns.last_seen.size() && columns.last_seen[l].first == next) d.last = columns.last_seen[l++].second;
    cells_[next].seen = static_cast<std::uint32_t>(seen_.size());
    seen_.push_back(d);
  }
  free_seen_.reserve(seen_.size());
  quotes_ = std::move(columns.quotes);
}

std::size_t citation_arena::heap_bytes() const noexcept {
  using namespace heap_size;
  // Cells and quotes by what is in use, not the capacity: the room beyond them is never
  // touched (see statement_table::compact).
  return array(ranges_) + block(cells_.size() * sizeof(citation_cell)) + (quotes_.capacity() > 15 ? block(quotes_.size() + 1) : 0) +
         array(seen_) + array(free_seen_);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
