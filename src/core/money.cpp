#include <dossier/core/error.hpp>
#include <dossier/core/money.hpp>

#include "detail/text.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace {

__extension__ typedef __int128 i128;  // exact intermediate products of 64-bit decimals

constexpr std::int64_t pow10(int n) noexcept {
  std::int64_t r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// Exact rescale with overflow detection via 128-bit arithmetic.
bool rescale(i128 units, int from, int to, std::int64_t& out) noexcept {
  if (to >= from) {
    units *= pow10(to - from);
  } else {
    const i128 div = pow10(from - to);
    const i128 q = units / div, r = units % div;
    units = q + ((r * 2 >= div) ? 1 : (r * 2 <= -div ? -1 : 0));
  }
  if (units > std::numeric_limits<std::int64_t>::max() || units < std::numeric_limits<std::int64_t>::min()) return false;
  out = static_cast<std::int64_t>(units);
  return true;
}

}  // namespace

// ---- decimal -----------------------------------------------------------------------------

double decimal::to_double() const noexcept {
  return static_cast<double>(units_) / static_cast<double>(pow10(scale_));
}

std::string decimal::to_string() const {
  i128 magnitude = units_ < 0 ? -static_cast<i128>(units_) : units_;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  while (digits.size() <= scale_) digits.push_back('0');  // reversed: pads the high end
  std::string out;
  if (units_ < 0) out.push_back('-');
  out.append(digits.rbegin(), digits.rend() - scale_);
  std::string fraction(digits.rend() - scale_, digits.rend());
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out.append(".").append(fraction);
  return out;
}

std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept {
  const int scale = std::max(a.scale_, b.scale_);
  const i128 x = static_cast<i128>(a.units_) * pow10(scale - a.scale_);
  const i128 y = static_cast<i128>(b.units_) * pow10(scale - b.scale_);
  return x <=> y;
}

decimal decimal::multiply(const decimal& other, int result_scale) const {
  if (result_scale < 0 || result_scale > max_scale) throw value_error("value.bad_scale", "decimal scale out of range");
  const i128 product = static_cast<i128>(units_) * other.units_;
  std::int64_t out;
  if (!rescale(product, scale_ + other.scale_, result_scale, out))
    throw value_error("value.overflow", "decimal product of " + to_string() + " and " + other.to_string() + " overflows");
  return {out, result_scale};
}

decimal decimal::divide(const decimal& other, int result_scale) const {
  if (other.units_ == 0) throw value_error("value.division_by_zero", "decimal division of " + to_string() + " by zero");
  if (result_scale < 0 || result_scale > max_scale) throw value_error("value.bad_scale", "decimal scale out of range");
  // units/10^s1 / (o/10^s2) = units*10^(s2+rs+1-s1)/o, then round off the extra digit.
  const int shift = other.scale_ + result_scale + 1 - scale_;
  i128 num = units_;
  if (shift >= 0) num *= pow10(shift); else num /= pow10(-shift);
  std::int64_t out;
  if (!rescale(num / other.units_, result_scale + 1, result_scale, out))
    throw value_error("value.overflow", "decimal quotient overflows");
  return {out, result_scale};
}

decimal parse_decimal(std::string_view text) {
  const std::string_view s = detail::trim(text);
  const auto fail = [&](const char* why) -> decimal {
    throw value_error("value.bad_amount", "cannot parse amount " + quote(text) + ": " + why);
  };
  if (s.empty()) return fail("empty");
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; ++i; }
  i128 units = 0;
  int scale = 0, digits = 0;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (seen_point && scale == decimal::max_scale) return fail("too many decimals");
      units = units * 10 + (c - '0');
      if (units > std::numeric_limits<std::int64_t>::max()) return fail("too large");
      ++digits;
      if (seen_point) ++scale;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c == ',' && !seen_point && digits > 0) {
      // thousands separator: must be followed by exactly three digits
      for (int k = 1; k <= 3; ++k)
        if (i + k >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i + k]))) return fail("misplaced ','");
      if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 4]))) return fail("misplaced ','");
    } else {
      return fail("unexpected character");
    }
  }
  if (digits == 0) return fail("no digits");
  return {static_cast<std::int64_t>(negative ? -units : units), scale};
}

// ---- currency and money ------------------------------------------------------------------

bool is_iso4217(std::string_view code) noexcept {
  // Active ISO 4217 codes (list of 2024), sorted for binary search.
  static constexpr std::string_view codes[] = {
      "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
      "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
      "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF",
      "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD",
      "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
      "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
      "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK",
      "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
      "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
      "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
      "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS",
      "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XCD", "XDR", "XOF", "XPD", "XPF", "XPT",
      "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWL"};
  return std::binary_search(std::begin(codes), std::end(codes), code);
}

currency::currency(std::string_view code) {
  if (!is_iso4217(code))
    throw value_error("value.unknown_currency", "unknown currency " + quote(code) + " (expected an ISO 4217 code such as CNY or USD)");
  std::copy_n(code.data(), 3, code_.data());
}

money::money(decimal low, decimal high, currency cur) : low_(low), high_(high), currency_(cur) {
  if (high < low)
    throw value_error("value.bad_range", "money range " + low.to_string() + " to " + high.to_string() + " ends below its start");
}

money money::convert(currency target, const decimal& units_per_target, int scale) const {
  return money(low_.divide(units_per_target, scale), high_.divide(units_per_target, scale), target);
}

std::string money::to_string() const {
  std::string out = low_.to_string();
  if (is_range()) out += " to " + high_.to_string();
  out += ' ';
  out += currency_.code();
  return out;
}

money parse_money(std::string_view text) {
  auto words = detail::split_words(detail::trim(text), /*comma_separates=*/false);
  const auto fail = [&](const std::string& why) -> money {
    throw value_error("value.bad_money", "cannot parse money " + quote(text) + ": " + why +
                      " (expected e.g. '2100000 USD', '3 to 5 million CNY')");
  };
  // Split "3-5" into "3", "to", "5".
  std::vector<std::string> tokens;
  for (auto w : words) {
    const auto dash = w.find('-', 1);
    if (dash != std::string_view::npos && std::isdigit(static_cast<unsigned char>(w[0]))) {
      tokens.emplace_back(w.substr(0, dash));
      tokens.emplace_back("to");
      tokens.emplace_back(w.substr(dash + 1));
    } else {
      tokens.emplace_back(w);
    }
  }
  std::optional<currency> cur;
  std::vector<decimal> amounts;
  int multiplier_digits = 0;
  bool saw_to = false;
  for (const auto& raw : tokens) {
    const std::string t = detail::lower_ascii(raw);
    if (t == "to") { saw_to = true; continue; }
    int mult = t == "thousand" ? 3 : t == "million" ? 6 : t == "billion" ? 9 : -1;
    if (mult >= 0) {
      if (amounts.empty() || multiplier_digits) return fail("misplaced '" + raw + "'");
      multiplier_digits = mult;
      continue;
    }
    std::optional<currency> c;
    if (t == "yuan" || t == "renminbi" || t == "rmb") c = currency("CNY");
    else if (t == "dollar" || t == "dollars") c = currency("USD");
    else if (t == "euro" || t == "euros") c = currency("EUR");
    else if (raw.size() == 3 && std::isalpha(static_cast<unsigned char>(raw[0]))) {
      std::string up = raw;
      for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      c = currency(up);
    }
    if (c) {
      if (cur) return fail("two currencies");
      cur = c;
      continue;
    }
    if (multiplier_digits) return fail("amount after the multiplier");
    amounts.push_back(parse_decimal(raw));
  }
  if (!cur) return fail("no currency");
  if (amounts.empty() || amounts.size() > 2) return fail("expected one amount or a range of two");
  if (amounts.size() == 2 && !saw_to) return fail("two amounts without 'to'");
  for (auto& a : amounts) {
    std::int64_t units;
    if (!rescale(static_cast<i128>(a.units()) * pow10(multiplier_digits), a.scale(), a.scale(), units))
      return fail("amount too large");
    a = decimal(units, a.scale());
  }
  return amounts.size() == 1 ? money(amounts[0], *cur) : money(amounts[0], amounts[1], *cur);
}

DOSSIER_NAMESPACE_END
