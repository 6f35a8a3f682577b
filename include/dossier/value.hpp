#pragma once
// Property values: null, bool, 64-bit integer, double, UTF-8 string, partial date, money and
// lists of those. Strings are validated as UTF-8 on construction.

#include <dossier/config.hpp>
#include <dossier/error.hpp>

#include <array>
#include <compare>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;
// Throws value_error naming `what` and the byte offset of the first invalid sequence.
void require_utf8(std::string_view text, std::string_view what);

enum class date_precision : std::uint8_t { year, month, day, second };

// A partial date: "2019", "2022-06", "2019-03-01" or "2019-03-01T12:00:00" (UTC).
// A partial date stands for the interval of instants it covers; earliest() and latest()
// give that interval in seconds since 0000-03-01 so that dates of any precision compare.
class date {
 public:
  date() = default;  // year 1, year precision; use optional<date> for "no date"
  explicit date(int year);
  date(int year, int month);
  date(int year, int month, int day);
  date(int year, int month, int day, int hour, int minute, int second);

  [[nodiscard]] int year() const noexcept { return year_; }
  [[nodiscard]] int month() const noexcept { return month_; }   // 0 when coarser than month
  [[nodiscard]] int day() const noexcept { return day_; }       // 0 when coarser than day
  [[nodiscard]] int hour() const noexcept { return hour_; }
  [[nodiscard]] int minute() const noexcept { return minute_; }
  [[nodiscard]] int second() const noexcept { return second_; }
  [[nodiscard]] date_precision precision() const noexcept { return precision_; }

  [[nodiscard]] std::int64_t earliest() const noexcept;  // first second covered
  [[nodiscard]] std::int64_t latest() const noexcept;    // last second covered

  // Precision-aware comparisons: "2019" is not before "2019-06"; it contains it.
  [[nodiscard]] bool before(const date& other) const noexcept { return latest() < other.earliest(); }
  [[nodiscard]] bool after(const date& other) const noexcept { return earliest() > other.latest(); }
  [[nodiscard]] bool overlaps(const date& other) const noexcept {
    return !before(other) && !after(other);
  }
  [[nodiscard]] bool contains(const date& other) const noexcept {
    return earliest() <= other.earliest() && other.latest() <= latest();
  }
  // less: entirely before; greater: entirely after; equivalent: the same partial date;
  // unordered: the intervals overlap without being equal ("2019" vs "2019-06").
  [[nodiscard]] std::partial_ordering compare_precise(const date& other) const noexcept;

  // Total order for sorting and containers: by earliest instant, coarser precision first.
  friend std::strong_ordering operator<=>(const date& a, const date& b) noexcept;
  friend bool operator==(const date& a, const date& b) noexcept = default;

  [[nodiscard]] std::string to_string() const;  // ISO 8601 at the date's precision

 private:
  std::int16_t year_ = 1;
  std::uint8_t month_ = 0, day_ = 0, hour_ = 0, minute_ = 0, second_ = 0;
  date_precision precision_ = date_precision::year;
};

// Parses ISO 8601 ("2019", "2022-06", "2019-03-01", "2019-03-01T12:30:00Z") and the English
// forms "June 2022" and "24 August 2023". Throws value_error quoting the text otherwise.
[[nodiscard]] date parse_date(std::string_view text);
[[nodiscard]] std::optional<date> try_parse_date(std::string_view text) noexcept;

// An exact decimal: units * 10^-scale. No binary floating point touches an amount.
class decimal {
 public:
  static constexpr int max_scale = 8;
  constexpr decimal() = default;
  constexpr decimal(std::int64_t units, int scale) : units_(units), scale_(static_cast<std::uint8_t>(scale)) {}
  [[nodiscard]] std::int64_t units() const noexcept { return units_; }
  [[nodiscard]] int scale() const noexcept { return scale_; }
  [[nodiscard]] double to_double() const noexcept;
  [[nodiscard]] std::string to_string() const;  // "2100000", "2.5"
  // Exact product rounded half away from zero to `scale` decimals; throws value_error on overflow.
  [[nodiscard]] decimal multiply(const decimal& other, int result_scale) const;
  [[nodiscard]] decimal divide(const decimal& other, int result_scale) const;
  friend std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept;
  friend bool operator==(const decimal& a, const decimal& b) noexcept { return (a <=> b) == 0; }

 private:
  std::int64_t units_ = 0;
  std::uint8_t scale_ = 0;
};

// Plain amount: "2100000", "-3.25", "1,500,000". Throws value_error otherwise.
[[nodiscard]] decimal parse_decimal(std::string_view text);

// An ISO 4217 currency code such as "CNY". Construction checks it against the code list.
class currency {
 public:
  currency() = default;
  explicit currency(std::string_view code);
  [[nodiscard]] std::string_view code() const noexcept { return {code_.data(), 3}; }
  [[nodiscard]] bool empty() const noexcept { return code_[0] == 0; }
  friend bool operator==(const currency&, const currency&) noexcept = default;
  friend auto operator<=>(const currency&, const currency&) noexcept = default;

 private:
  std::array<char, 3> code_{};
};
[[nodiscard]] bool is_iso4217(std::string_view code) noexcept;

// An amount or an amount range ("3 to 5 million yuan") in one currency.
class money {
 public:
  money() = default;
  money(decimal amount, currency cur) : low_(amount), high_(amount), currency_(cur) {}
  money(decimal low, decimal high, currency cur);  // throws value_error when low > high
  [[nodiscard]] const decimal& low() const noexcept { return low_; }
  [[nodiscard]] const decimal& high() const noexcept { return high_; }
  [[nodiscard]] const decimal& amount() const noexcept { return low_; }
  [[nodiscard]] bool is_range() const noexcept { return !(low_ == high_); }
  [[nodiscard]] const currency& currency_code() const noexcept { return currency_; }
  // Converts at `units_per_target`: e.g. 7.1475 CNY per USD turns CNY into USD.
  [[nodiscard]] money convert(currency target, const decimal& units_per_target, int scale = 2) const;
  [[nodiscard]] std::string to_string() const;  // "3000000 to 5000000 CNY"
  friend bool operator==(const money&, const money&) noexcept = default;

 private:
  decimal low_{}, high_{};
  currency currency_{};
};

// "2100000 USD", "USD 2100000", "3 to 5 million CNY", "3-5 million yuan", "1.5 million CNY".
// Currency names yuan/renminbi/rmb, dollar(s) and euro(s) are accepted for CNY, USD, EUR.
[[nodiscard]] money parse_money(std::string_view text);

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
  value(list_type l) : v_(std::move(l)) {}

  [[nodiscard]] value_kind kind() const noexcept { return static_cast<value_kind>(v_.index()); }
  [[nodiscard]] bool is_null() const noexcept { return kind() == value_kind::null; }

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
