#pragma once
// Relations' citations as the graph stores them, and the read-only views that show them.
//
// A graph keeps the citations of all its relations in one arena: a 24-byte cell per citation
// (source, confidence, where its quote lies in one shared block of quote text, and the index of
// its seen dates in a side table, when it has any), with a range of cells per relation. A view
// shows a cell as a citation_view, whose members read like citation's (source, quote,
// confidence, first_seen, last_seen), and converts to a citation when a copy is wanted. Views
// are invalidated by any mutation of the graph, as every other view of it is.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/provenance/evidence.hpp>
#include <dossier/store/detail/cell_iterator.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
// One stored citation, 24 bytes. The quote is 40 bits of offset into the arena's quote block
// and 24 bits of length (quotes are short excerpts: config::max_quote_bytes).
struct citation_cell {
  static constexpr std::uint32_t no_seen = ~std::uint32_t{0};
  static constexpr unsigned length_bits = 24;
  // Sources are entity slots, which never reach these: the arena marks an owner's cell with them.
  static constexpr std::uint32_t none = ~std::uint32_t{0};      // no citation
  static constexpr std::uint32_t many = ~std::uint32_t{0} - 1;  // `quote` locates the owner's cells
  std::uint32_t source = none;
  std::uint32_t seen = no_seen;  // index in the arena's seen dates, or no_seen
  std::uint64_t quote = 0;       // offset << length_bits | length
  double confidence = 1.0;

  [[nodiscard]] std::uint64_t quote_offset() const noexcept { return quote >> length_bits; }
  [[nodiscard]] std::uint32_t quote_length() const noexcept {
    return static_cast<std::uint32_t>(quote & ((std::uint64_t{1} << length_bits) - 1));
  }
};
static_assert(sizeof(citation_cell) == 24, "a citation cell is 24 bytes");

// When a source was first and last seen saying it; few citations have either.
struct seen_dates {
  std::optional<date> first, last;
  friend bool operator==(const seen_dates&, const seen_dates&) = default;
};

// What a view needs of the arena: its cells, quote text and seen dates.
struct citation_store {
  const citation_cell* cells = nullptr;
  const char* quotes = nullptr;
  const seen_dates* seen = nullptr;
};
}  // namespace detail

// One citation, by value, its quote viewing the graph's quote text.
struct citation_view {
  source_id source = null_entity;
  std::string_view quote = {};
  double confidence = 1.0;
  std::optional<date> first_seen = {};
  std::optional<date> last_seen = {};

  [[nodiscard]] citation copy() const { return {source, std::string(quote), confidence, first_seen, last_seen}; }
  explicit operator citation() const { return copy(); }
  friend bool operator==(const citation_view&, const citation_view&) = default;
  friend bool operator==(const citation_view& a, const citation& b) noexcept {
    return a.source == b.source && a.quote == b.quote && a.confidence == b.confidence && a.first_seen == b.first_seen &&
           a.last_seen == b.last_seen;
  }
};

namespace detail {
// A cell as a citation_view: its quote in the arena's text, its seen dates in the side table.
struct citation_reader {
  static citation_view read(const citation_cell& c, const citation_store& store) noexcept {
    citation_view v{static_cast<source_id>(c.source), {store.quotes + c.quote_offset(), c.quote_length()}, c.confidence};
    if (c.seen != citation_cell::no_seen) {
      v.first_seen = store.seen[c.seen].first;
      v.last_seen = store.seen[c.seen].last;
    }
    return v;
  }
};
}  // namespace detail

// The citations of one relation, in the order they were added.
class citation_range {
 public:
  using iterator = detail::cell_iterator<detail::citation_cell, detail::citation_store, detail::citation_reader>;

  citation_range() = default;
  citation_range(detail::citation_store store, std::size_t first, std::size_t count) noexcept
      : store_(store), first_(first), count_(count) {}

  [[nodiscard]] iterator begin() const noexcept { return {store_.cells + first_, store_}; }
  [[nodiscard]] iterator end() const noexcept { return {store_.cells + first_ + count_, store_}; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] citation_view operator[](std::size_t i) const noexcept { return begin()[static_cast<std::ptrdiff_t>(i)]; }
  [[nodiscard]] citation_view front() const noexcept { return *begin(); }
  [[nodiscard]] citation_view back() const noexcept { return (*this)[count_ - 1]; }
  // Highest confidence, and whether a source is among them: straight from the cells, as
  // weighted path searches ask per relation.
  [[nodiscard]] double max_confidence() const noexcept {
    double best = 0;
    for (std::size_t i = 0; i < count_; ++i) best = std::max(best, store_.cells[first_ + i].confidence);
    return best;
  }
  [[nodiscard]] bool cites(source_id s) const noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      if (store_.cells[first_ + i].source == to_index(s)) return true;
    return false;
  }
  // Copies, for code that wants to own them.
  [[nodiscard]] std::vector<citation> copy() const {
    std::vector<citation> out;
    out.reserve(count_);
    for (const auto c : *this) out.push_back(c.copy());
    return out;
  }
  friend bool operator==(const citation_range& a, const citation_range& b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }
  friend bool operator==(const citation_range& a, const std::vector<citation>& b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  detail::citation_store store_;
  std::size_t first_ = 0, count_ = 0;
};

// A relation's evidence, by reference into the graph: its citations and the period it held.
// Reads like evidence (citations, valid, confidence(), cited_by()); copy() owns it.
struct evidence_view {
  citation_range citations;
  const valid_time& valid;

  // Highest confidence among citations; 1 when uncited, as evidence::confidence().
  [[nodiscard]] double confidence() const noexcept { return citations.empty() ? 1.0 : citations.max_confidence(); }
  [[nodiscard]] bool cited_by(source_id s) const noexcept { return citations.cites(s); }
  [[nodiscard]] evidence copy() const { return {citations.copy(), valid}; }
  explicit operator evidence() const { return copy(); }
  friend bool operator==(const evidence_view& a, const evidence_view& b) noexcept {
    return a.valid == b.valid && a.citations == b.citations;
  }
  friend bool operator==(const evidence_view& a, const evidence& b) noexcept {
    return a.valid == b.valid && a.citations == b.citations;
  }
};

DOSSIER_NAMESPACE_END
