#pragma once
// The relations' citations: 24-byte cells, the quotes in one shared block of text, and the seen
// dates of the few citations that have any in a side table. Replaces a std::vector<citation> per
// relation: 24 bytes a citation instead of 72, plus a heap block per relation and per long quote.
//
// Each owner (a relation's details) has one cell of its own, indexed by the owner: empty, its
// only citation (the common case, which then costs nothing more), or, once it has two or more,
// the place of its citations among the overflow cells. An owner's overflow cells are contiguous.
// A range that must grow and is not at the end moves there with room to double; the cells it
// leaves are holes, and the quotes of cleared cells are dead text. The arena compacts itself when
// either outweighs what is in use. Any change may move cells and quotes: views do not survive it.

#include <dossier/core/config.hpp>
#include <dossier/store/citations.hpp>
#include <dossier/store/records.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class citation_arena {
 public:
  // Room for `owners` owners in all, and quote text beyond what is held.
  void reserve(std::size_t owners, std::size_t more_quote_bytes);
  // Owners are numbered densely from 0; new ones start empty. The arena only grows.
  void resize_owners(std::size_t owners);

  [[nodiscard]] citation_range of(std::uint32_t owner) const noexcept {
    if (owner >= owned_.size()) return {};
    const auto& own = owned_[owner];
    if (own.source == citation_cell::none) return {};
    if (own.source != citation_cell::many) return {store(owned_.data()), owner, 1};
    const auto r = range::of(own);
    return {store(overflow_.data()), r.first, r.count};
  }
  [[nodiscard]] std::uint32_t owners() const noexcept { return static_cast<std::uint32_t>(owned_.size()); }

  // Appends the citations that the owner does not have yet (the same source and quote);
  // returns how many. Sources are stored as given (the graph makes them canonical first).
  std::size_t merge(std::uint32_t owner, std::span<const citation> cs);
  // Appends them all, as they are.
  void append(std::uint32_t owner, std::span<const citation> cs);
  void clear(std::uint32_t owner);
  // Every citation of `from` now names `to` (a merge of sources).
  void repoint(source_id from, source_id to) noexcept;
  // Removes holes and dead quote text (keeps every owner's order).
  void compact();
  void clear_all();

  // Takes a whole arena's columns as they are (restore(), after checking them): the quote
  // block is moved in, not copied. The arena must be empty.
  void adopt(citation_columns&& columns);

  struct footprint {
    std::size_t cells = 0, holes = 0, quote_bytes = 0, dead_quote_bytes = 0, seen = 0;
  };
  [[nodiscard]] footprint counts() const noexcept {
    return {citations_, holes_, quotes_.size() - dead_quotes_, dead_quotes_, seen_.size() - free_seen_.size()};
  }
  // Heap bytes of the cells, quote text and seen dates.
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

 private:
  // Where an owner with several citations has them, packed into its own cell's quote field. A
  // range grown in place has exactly `count` cells; one that moved has 2^room (room > 0), so
  // that n pushes cost O(n) moves in all.
  struct range {
    std::uint32_t first = 0, count = 0, room = 0;
    [[nodiscard]] std::uint32_t capacity() const noexcept { return room ? std::uint32_t{1} << room : count; }
    [[nodiscard]] static range of(const citation_cell& c) noexcept {
      return {static_cast<std::uint32_t>(c.quote), static_cast<std::uint32_t>(c.quote >> 32) & max_count,
              static_cast<std::uint32_t>(c.quote >> 59)};
    }
    [[nodiscard]] citation_cell cell() const noexcept {
      citation_cell c;
      c.source = citation_cell::many;
      c.quote = std::uint64_t{first} | std::uint64_t{count} << 32 | std::uint64_t{room} << 59;
      return c;
    }
  };
  static constexpr std::uint32_t max_count = (std::uint32_t{1} << 27) - 1;

  [[nodiscard]] citation_store store(const citation_cell* cells) const noexcept { return {cells, quotes_.data(), seen_.data()}; }
  void push(std::uint32_t owner, const citation& c);
  void write(citation_cell& cell, const citation& c);  // fills an empty cell
  void make_room(range& r);  // room for one more overflow cell at r.first + r.count
  std::uint32_t store_seen(const citation& c);
  void release(citation_cell& c) noexcept;  // its quote becomes dead text, its seen dates free
  void maybe_compact();

  std::vector<citation_cell> owned_;     // by owner
  std::vector<citation_cell> overflow_;  // the citations of owners that have several
  std::size_t holes_ = 0;                // overflow cells in no range, or in a range's unused room
  std::string quotes_;
  std::size_t dead_quotes_ = 0;  // bytes of quotes no cell refers to
  std::vector<seen_dates> seen_;
  std::vector<std::uint32_t> free_seen_;
  std::size_t citations_ = 0;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
