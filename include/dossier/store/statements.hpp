#pragma once
// Property statements as the graph stores them, and the read-only views that show them.
//
// A graph keeps every entity's (and every relation's) statements in one shared table of
// compact cells: the property, the value, and the index of its evidence in a side table, or
// none. Most values have no evidence of their own, and pay nothing for it. A view shows a cell
// as a statement_ref, whose members read like property_statement's (property, val, ev), and
// converts to a property_statement when a copy is wanted. Views are invalidated by any
// mutation of the graph, as every other view of it is.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/value.hpp>
#include <dossier/provenance/evidence.hpp>
#include <dossier/store/detail/cell_iterator.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// One value of one property, with its evidence. A property may hold several statements.
struct property_statement {
  property_id property = null_property;
  value val;
  evidence ev;
  friend bool operator==(const property_statement&, const property_statement&) = default;
};

namespace detail {
// One stored statement, 24 bytes: a value (16) and two 32-bit fields.
struct statement_cell {
  static constexpr std::uint32_t no_evidence = ~std::uint32_t{0};
  property_id property = null_property;
  std::uint32_t evidence = no_evidence;  // index in the table's evidence, or no_evidence
  value val;
};
static_assert(sizeof(statement_cell) == 24, "a statement cell is its 16-byte value and two 32-bit fields");
// The evidence of every statement that has none.
inline const evidence empty_evidence{};
}  // namespace detail

// One statement, by reference into the graph.
struct statement_ref {
  property_id property;
  const value& val;
  const evidence& ev;

  [[nodiscard]] property_statement copy() const { return {property, val, ev}; }
  explicit operator property_statement() const { return copy(); }
  friend bool operator==(const statement_ref& a, const statement_ref& b) noexcept {
    return a.property == b.property && a.val == b.val && a.ev == b.ev;
  }
  friend bool operator==(const statement_ref& a, const property_statement& b) noexcept {
    return a.property == b.property && a.val == b.val && a.ev == b.ev;
  }
};

namespace detail {
// A cell as a statement_ref, its evidence found in the table's side table.
struct statement_reader {
  static statement_ref read(const statement_cell& c, const evidence* const& evidence_table) noexcept {
    return {c.property, c.val, c.evidence == statement_cell::no_evidence ? empty_evidence : evidence_table[c.evidence]};
  }
};
}  // namespace detail

// The statements of one entity or relation, in the order they were added.
class statement_range {
 public:
  using iterator = detail::cell_iterator<detail::statement_cell, const evidence*, detail::statement_reader>;

  statement_range() = default;
  statement_range(const detail::statement_cell* cells, std::size_t count, const evidence* evidence_table) noexcept
      : cells_(cells), count_(count), evidence_(evidence_table) {}

  [[nodiscard]] iterator begin() const noexcept { return {cells_, evidence_}; }
  [[nodiscard]] iterator end() const noexcept { return {cells_ + count_, evidence_}; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] statement_ref operator[](std::size_t i) const noexcept { return begin()[static_cast<std::ptrdiff_t>(i)]; }
  [[nodiscard]] statement_ref front() const noexcept { return *begin(); }
  [[nodiscard]] statement_ref back() const noexcept { return (*this)[count_ - 1]; }
  // The first value of a property, or nullptr: no evidence is looked at.
  [[nodiscard]] const value* find(property_id p) const noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      if (cells_[i].property == p) return &cells_[i].val;
    return nullptr;
  }
  // Copies, for code that wants to own them.
  [[nodiscard]] std::vector<property_statement> copy() const {
    std::vector<property_statement> out;
    out.reserve(count_);
    for (const auto s : *this) out.push_back(s.copy());
    return out;
  }

 private:
  const detail::statement_cell* cells_ = nullptr;
  std::size_t count_ = 0;
  const evidence* evidence_ = nullptr;
};

DOSSIER_NAMESPACE_END
