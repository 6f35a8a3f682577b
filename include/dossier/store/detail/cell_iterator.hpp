#pragma once
// The random-access iterator over the store's cell tables (property statements, citations): a
// pointer to a cell and what the table keeps beside its cells, dereferenced to a proxy by
// Reader::read(cell, context). One iterator, so the two views cannot drift apart.

#include <dossier/core/config.hpp>

#include <compare>
#include <cstddef>
#include <iterator>
#include <utility>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

template <class Cell, class Context, class Reader>
class cell_iterator {
 public:
  using reference = decltype(Reader::read(std::declval<const Cell&>(), std::declval<const Context&>()));
  using iterator_category = std::random_access_iterator_tag;
  using iterator_concept = std::random_access_iterator_tag;
  using value_type = reference;
  using difference_type = std::ptrdiff_t;
  struct pointer {  // what operator-> gives: the proxy, held
    reference ref;
    const reference* operator->() const noexcept { return &ref; }
  };

  cell_iterator() = default;
  cell_iterator(const Cell* cell, Context context) noexcept : cell_(cell), context_(context) {}

  [[nodiscard]] reference operator*() const noexcept { return Reader::read(*cell_, context_); }
  [[nodiscard]] pointer operator->() const noexcept { return {**this}; }
  [[nodiscard]] reference operator[](difference_type n) const noexcept { return *(*this + n); }
  cell_iterator& operator++() noexcept { ++cell_; return *this; }
  cell_iterator operator++(int) noexcept { auto t = *this; ++cell_; return t; }
  cell_iterator& operator--() noexcept { --cell_; return *this; }
  cell_iterator operator--(int) noexcept { auto t = *this; --cell_; return t; }
  cell_iterator& operator+=(difference_type n) noexcept { cell_ += n; return *this; }
  cell_iterator& operator-=(difference_type n) noexcept { cell_ -= n; return *this; }
  friend cell_iterator operator+(cell_iterator i, difference_type n) noexcept { return i += n; }
  friend cell_iterator operator+(difference_type n, cell_iterator i) noexcept { return i += n; }
  friend cell_iterator operator-(cell_iterator i, difference_type n) noexcept { return i -= n; }
  friend difference_type operator-(const cell_iterator& a, const cell_iterator& b) noexcept { return a.cell_ - b.cell_; }
  friend bool operator==(const cell_iterator& a, const cell_iterator& b) noexcept { return a.cell_ == b.cell_; }
  friend auto operator<=>(const cell_iterator& a, const cell_iterator& b) noexcept { return a.cell_ <=> b.cell_; }

 private:
  const Cell* cell_ = nullptr;
  Context context_ = {};
};

}  // namespace detail

DOSSIER_NAMESPACE_END
