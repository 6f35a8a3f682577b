#pragma once
// Property values: null, bool, 64-bit integer, double, UTF-8 string, partial date, money and
// lists of those. Strings are validated as UTF-8 on construction, and lists nest at most
// config::max_value_depth deep (value_error otherwise), so no input can make a value that
// recursion over it cannot handle.

#include <dossier/core/config.hpp>
#include <dossier/core/date.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/money.hpp>
#include <dossier/core/utf8.hpp>

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class value_kind : std::uint8_t { null, boolean, integer, real, string, date, money, list };
[[nodiscard]] std::string_view to_string(value_kind kind) noexcept;

class value {
 public:
  using list_type = std::vector<value>;

  value() noexcept = default;
  value(std::nullptr_t) noexcept {}
  value(bool b) noexcept : v_(b) {}
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  value(I i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  value(double d) noexcept : v_(d) {}
  value(std::string s);  // throws value_error on invalid UTF-8
  value(std::string_view s) : value(std::string(s)) {}
  value(const char* s) : value(std::string(s)) {}
  value(dossier::date d) noexcept : v_(d) {}
  value(dossier::money m) noexcept : v_(std::move(m)) {}
  value(list_type l);  // throws value_error when it would nest deeper than config::max_value_depth

  [[nodiscard]] value_kind kind() const noexcept { return static_cast<value_kind>(v_.index()); }
  [[nodiscard]] bool is_null() const noexcept { return kind() == value_kind::null; }
  // How deep lists nest: 0 for a scalar, 1 for a list of scalars, at most config::max_value_depth.
  [[nodiscard]] int depth() const noexcept;

  // Strict accessors throw value_error naming the actual kind; get_if returns nullptr.
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::int64_t as_int() const;
  [[nodiscard]] double as_real() const;  // integers widen
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const dossier::date& as_date() const;
  [[nodiscard]] const dossier::money& as_money() const;
  [[nodiscard]] const list_type& as_list() const;
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept { return std::get_if<T>(&v_); }

  [[nodiscard]] std::string to_string() const;  // human-readable
  friend bool operator==(const value& a, const value& b) noexcept { return a.v_ == b.v_; }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, dossier::date,
               dossier::money, list_type>
      v_;
};

DOSSIER_NAMESPACE_END
