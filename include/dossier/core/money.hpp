#pragma once
// Exact amounts: decimals, ISO 4217 currencies, and money (an amount or a range in a currency).

#include <dossier/core/config.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

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

DOSSIER_NAMESPACE_END
