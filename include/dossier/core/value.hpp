#pragma once
// Property values: null, bool, 64-bit integer, double, UTF-8 string, partial date, money and
// lists of those. Strings are validated as UTF-8 on construction, and lists nest at most
// config::max_value_depth deep (value_error otherwise), so no input can make a value that
// recursion over it cannot handle.
//
// A value is 16 bytes: 8 of payload and its kind. Scalars (bool, integer, real, date) are held
// inline; a string, a money or a list lives in an immutable heap box with an atomic reference
// count, which copies share. Copying a value therefore never copies its text or items, and
// copies may be made and dropped from any number of threads at once. Values are immutable:
// nothing changes a box after it is made. A moved-from value is null.

#include <dossier/core/config.hpp>
#include <dossier/core/date.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/money.hpp>
#include <dossier/core/utf8.hpp>

#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class value_kind : std::uint8_t { null, boolean, integer, real, string, date, money, list };
[[nodiscard]] std::string_view to_string(value_kind kind) noexcept;

class value;

namespace detail {
// The header of a value's heap box. `tag` is the text's hash for a string box (so that equality
// and the statement table's pool rarely compare text), the nesting depth for a list box, and 0
// for money. The count starts at 1, for the value that made the box.
struct value_box {
  mutable std::atomic<std::uint32_t> refs{1};
  std::uint32_t tag = 0;
};
template <class T>
struct boxed final : value_box {
  template <class... Args>
  explicit boxed(std::uint32_t t, Args&&... args) : item(std::forward<Args>(args)...) {
    tag = t;
  }
  const T item;
};
// The hash a string box carries (32 bits of std::hash<std::string_view>).
[[nodiscard]] std::uint32_t value_text_hash(std::string_view text) noexcept;
}  // namespace detail

class value {
 public:
  using list_type = std::vector<value>;

  value() noexcept = default;
  value(std::nullptr_t) noexcept {}
  value(bool b) noexcept : kind_(value_kind::boolean) { p_.b = b; }
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  value(I i) noexcept : kind_(value_kind::integer) {
    p_.i = static_cast<std::int64_t>(i);
  }
  value(double d) noexcept : kind_(value_kind::real) { p_.d = d; }
  value(std::string s);  // throws value_error on invalid UTF-8
  value(std::string_view s);
  value(const char* s) : value(std::string_view(s)) {}
  value(dossier::date d) noexcept : kind_(value_kind::date) { p_.dt = d; }
  value(dossier::money m);
  value(list_type l);  // throws value_error when it would nest deeper than config::max_value_depth

  value(const value& other) noexcept : p_(other.p_), kind_(other.kind_) {
    if (boxed_kind(kind_)) p_.box->refs.fetch_add(1, std::memory_order_relaxed);
  }
  value(value&& other) noexcept : p_(other.p_), kind_(std::exchange(other.kind_, value_kind::null)) {}
  value& operator=(const value& other) noexcept {
    value(other).swap(*this);
    return *this;
  }
  value& operator=(value&& other) noexcept {
    value(std::move(other)).swap(*this);
    return *this;
  }
  ~value() {
    if (boxed_kind(kind_)) release();
  }
  void swap(value& other) noexcept {
    std::swap(p_, other.p_);
    std::swap(kind_, other.kind_);
  }
  friend void swap(value& a, value& b) noexcept { a.swap(b); }

  [[nodiscard]] value_kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool is_null() const noexcept { return kind_ == value_kind::null; }
  // How deep lists nest: 0 for a scalar, 1 for a list of scalars, at most config::max_value_depth.
  [[nodiscard]] int depth() const noexcept { return kind_ == value_kind::list ? static_cast<int>(p_.box->tag) : 0; }

  // Strict accessors throw value_error naming the actual kind; get_if returns nullptr.
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::int64_t as_int() const;
  [[nodiscard]] double as_real() const;  // integers widen
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const dossier::date& as_date() const;
  [[nodiscard]] const dossier::money& as_money() const;
  [[nodiscard]] const list_type& as_list() const;
  // T is one of std::monostate, bool, std::int64_t, double, std::string, date, money, list_type.
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept {
    if constexpr (std::same_as<T, std::monostate>) {
      static constexpr std::monostate none{};
      return kind_ == value_kind::null ? &none : nullptr;
    } else if constexpr (std::same_as<T, bool>) {
      return kind_ == value_kind::boolean ? &p_.b : nullptr;
    } else if constexpr (std::same_as<T, std::int64_t>) {
      return kind_ == value_kind::integer ? &p_.i : nullptr;
    } else if constexpr (std::same_as<T, double>) {
      return kind_ == value_kind::real ? &p_.d : nullptr;
    } else if constexpr (std::same_as<T, dossier::date>) {
      return kind_ == value_kind::date ? &p_.dt : nullptr;
    } else if constexpr (std::same_as<T, std::string>) {
      return kind_ == value_kind::string ? &static_cast<const detail::boxed<std::string>*>(p_.box)->item : nullptr;
    } else if constexpr (std::same_as<T, dossier::money>) {
      return kind_ == value_kind::money ? &static_cast<const detail::boxed<dossier::money>*>(p_.box)->item : nullptr;
    } else {
      static_assert(std::same_as<T, list_type>, "value::get_if: T is not one of the kinds a value holds");
      return kind_ == value_kind::list ? &static_cast<const detail::boxed<list_type>*>(p_.box)->item : nullptr;
    }
  }

  [[nodiscard]] std::string to_string() const;  // human-readable
  // Same kind and content; strings and money sharing a box are equal without looking into it.
  friend bool operator==(const value& a, const value& b) noexcept;

  // For the store (the statement table's string pool, memory accounting): the box of a string,
  // money or list, else nullptr; and a string value made from a box already holding one.
  [[nodiscard]] const detail::value_box* box() const noexcept { return boxed_kind(kind_) ? p_.box : nullptr; }
  [[nodiscard]] static value share_string(const detail::boxed<std::string>* box) noexcept {
    box->refs.fetch_add(1, std::memory_order_relaxed);
    value v;
    v.p_.box = box;
    v.kind_ = value_kind::string;
    return v;
  }

 private:
  [[nodiscard]] static constexpr bool boxed_kind(value_kind k) noexcept {
    return k == value_kind::string || k == value_kind::money || k == value_kind::list;
  }
  void release() noexcept;  // drops this value's reference to its box; frees it if it was the last

  union payload {
    constexpr payload() noexcept : i(0) {}
    bool b;
    std::int64_t i;
    double d;
    dossier::date dt;
    const detail::value_box* box;
  };
  payload p_;
  value_kind kind_ = value_kind::null;
};

static_assert(sizeof(dossier::date) <= 8, "a date must fit a value's inline payload");
static_assert(sizeof(value) == 16, "a value is 8 bytes of payload and its kind");
static_assert(std::is_trivially_copyable_v<dossier::date>);

DOSSIER_NAMESPACE_END
