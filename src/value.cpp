#include <dossier/value.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace {

__extension__ typedef __int128 i128;  // exact intermediate products of 64-bit decimals

std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, 80));
  if (text.size() > 80) out += "...";
  out += "'";
  return out;
}

// Offset of the first invalid UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0, n = s.size();
  while (i < n) {
    // Most text is ASCII: skip eight such bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Days from 0000-03-01 (proleptic Gregorian), after Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe);
}

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

void check_range(int v, int lo, int hi, const char* what) {
  if (v < lo || v > hi)
    throw value_error(std::string("date: ") + what + " " + std::to_string(v) + " is outside " +
                      std::to_string(lo) + ".." + std::to_string(hi));
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool parse_fixed_int(std::string_view s, int& out) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

int month_from_name(std::string_view word) noexcept {
  static constexpr std::string_view names[] = {"january", "february", "march",     "april",
                                               "may",     "june",     "july",      "august",
                                               "september", "october", "november", "december"};
  const std::string w = lower_ascii(word);
  for (int i = 0; i < 12; ++i) {
    if (w == names[i] || (w.size() >= 3 && names[i].starts_with(w) && w.size() <= names[i].size()))
      return i + 1;
  }
  return 0;
}

// Words separated by whitespace (and by commas when `comma_separates`, as in "August 24, 2023").
std::vector<std::string_view> split_words(std::string_view s, bool comma_separates = true) {
  const auto separator = [&](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || (comma_separates && c == ',');
  };
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && separator(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !separator(s[j])) ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

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
  if (units > std::numeric_limits<std::int64_t>::max() || units < std::numeric_limits<std::int64_t>::min())
    return false;
  out = static_cast<std::int64_t>(units);
  return true;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  return first_invalid_utf8(text) == std::string_view::npos;
}

void require_utf8(std::string_view text, std::string_view what) {
  const auto at = first_invalid_utf8(text);
  if (at != std::string_view::npos)
    throw value_error(std::string(what) + ": invalid UTF-8 at byte " + std::to_string(at));
}

// ---- date ------------------------------------------------------------------------------

date::date(int year) {
  check_range(year, -9999, 9999, "year");
  year_ = static_cast<std::int16_t>(year);
}
date::date(int year, int month) : date(year) {
  check_range(month, 1, 12, "month");
  month_ = static_cast<std::uint8_t>(month);
  precision_ = date_precision::month;
}
date::date(int year, int month, int day) : date(year, month) {
  check_range(day, 1, days_in_month(year, month), "day");
  day_ = static_cast<std::uint8_t>(day);
  precision_ = date_precision::day;
}
date::date(int year, int month, int day, int hour, int minute, int second) : date(year, month, day) {
  check_range(hour, 0, 23, "hour");
  check_range(minute, 0, 59, "minute");
  check_range(second, 0, 60, "second");
  hour_ = static_cast<std::uint8_t>(hour);
  minute_ = static_cast<std::uint8_t>(minute);
  second_ = static_cast<std::uint8_t>(second);
  precision_ = date_precision::second;
}

std::int64_t date::earliest() const noexcept {
  const unsigned m = month_ ? month_ : 1, d = day_ ? day_ : 1;
  return days_from_civil(year_, m, d) * 86400 + hour_ * 3600 + minute_ * 60 + second_;
}

std::int64_t date::latest() const noexcept {
  switch (precision_) {
    case date_precision::year: return days_from_civil(year_ + 1, 1, 1) * 86400 - 1;
    case date_precision::month:
      return (days_from_civil(year_, month_, 1) + days_in_month(year_, month_)) * 86400 - 1;
    case date_precision::day: return days_from_civil(year_, month_, day_) * 86400 + 86399;
    case date_precision::second: break;
  }
  return earliest();
}

std::partial_ordering date::compare_precise(const date& other) const noexcept {
  if (*this == other) return std::partial_ordering::equivalent;
  if (before(other)) return std::partial_ordering::less;
  if (after(other)) return std::partial_ordering::greater;
  return std::partial_ordering::unordered;
}

std::strong_ordering operator<=>(const date& a, const date& b) noexcept {
  if (auto c = a.earliest() <=> b.earliest(); c != 0) return c;
  return a.precision_ <=> b.precision_;
}

std::string date::to_string() const {
  char buf[32];
  int n = 0;
  switch (precision_) {
    case date_precision::year: n = std::snprintf(buf, sizeof buf, "%04d", year_); break;
    case date_precision::month: n = std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_); break;
    case date_precision::day:
      n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
      break;
    case date_precision::second:
      n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year_, month_, day_, hour_,
                        minute_, second_);
      break;
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<date> try_parse_date(std::string_view text) noexcept {
  try {
    return parse_date(text);
  } catch (const error&) {
    return std::nullopt;
  }
}

date parse_date(std::string_view text) {
  const std::string_view s = trim(text);
  const auto fail = [&](const char* why) -> date {
    throw value_error("cannot parse date " + quoted(text) + ": " + why +
                      " (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z], "
                      "'June 2022' or '24 August 2023')");
  };
  if (s.empty()) return fail("empty");
  if (std::isdigit(static_cast<unsigned char>(s[0])) && s.size() >= 4 &&
      (s.size() == 4 || s[4] == '-')) {
    int y, m, d, hh, mm, ss = 0;
    if (!parse_fixed_int(s.substr(0, 4), y)) return fail("bad year");
    if (s.size() == 4) return date(y);
    if (s.size() < 7 || !parse_fixed_int(s.substr(5, 2), m)) return fail("bad month");
    if (s.size() == 7) return date(y, m);
    if (s.size() < 10 || s[7] != '-' || !parse_fixed_int(s.substr(8, 2), d)) return fail("bad day");
    if (s.size() == 10) return date(y, m, d);
    std::string_view t = s.substr(10);
    if (t[0] != 'T' && t[0] != ' ') return fail("expected 'T' before the time");
    t.remove_prefix(1);
    if (!t.empty() && t.back() == 'Z') t.remove_suffix(1);
    if (t.size() != 5 && t.size() != 8) return fail("bad time");
    if (!parse_fixed_int(t.substr(0, 2), hh) || t[2] != ':' || !parse_fixed_int(t.substr(3, 2), mm))
      return fail("bad time");
    if (t.size() == 8 && (t[5] != ':' || !parse_fixed_int(t.substr(6, 2), ss))) return fail("bad seconds");
    return date(y, m, d, hh, mm, ss);
  }
  const auto words = split_words(s);
  int y = 0, m = 0, d = 0;
  if (words.size() == 2 && (m = month_from_name(words[0])) && parse_fixed_int(words[1], y) &&
      words[1].size() == 4)
    return date(y, m);
  if (words.size() == 3 && parse_fixed_int(words[0], d) && (m = month_from_name(words[1])) &&
      parse_fixed_int(words[2], y) && words[2].size() == 4)
    return date(y, m, d);
  if (words.size() == 3 && (m = month_from_name(words[0])) && parse_fixed_int(words[1], d) &&
      parse_fixed_int(words[2], y) && words[2].size() == 4)
    return date(y, m, d);
  return fail("unrecognised form");
}

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
  if (result_scale < 0 || result_scale > max_scale) throw value_error("decimal: scale out of range");
  const i128 product = static_cast<i128>(units_) * other.units_;
  std::int64_t out;
  if (!rescale(product, scale_ + other.scale_, result_scale, out))
    throw value_error("decimal: product of " + to_string() + " and " + other.to_string() + " overflows");
  return {out, result_scale};
}

decimal decimal::divide(const decimal& other, int result_scale) const {
  if (other.units_ == 0) throw value_error("decimal: division of " + to_string() + " by zero");
  if (result_scale < 0 || result_scale > max_scale) throw value_error("decimal: scale out of range");
  // units/10^s1 / (o/10^s2) = units*10^(s2+rs+1-s1)/o, then round off the extra digit.
  const int shift = other.scale_ + result_scale + 1 - scale_;
  i128 num = units_;
  if (shift >= 0) num *= pow10(shift); else num /= pow10(-shift);
  std::int64_t out;
  if (!rescale(num / other.units_, result_scale + 1, result_scale, out))
    throw value_error("decimal: quotient overflows");
  return {out, result_scale};
}

decimal parse_decimal(std::string_view text) {
  const std::string_view s = trim(text);
  const auto fail = [&](const char* why) -> decimal {
    throw value_error("cannot parse amount " + quoted(text) + ": " + why);
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
    throw value_error("unknown currency " + quoted(code) + " (expected an ISO 4217 code such as CNY or USD)");
  std::copy_n(code.data(), 3, code_.data());
}

money::money(decimal low, decimal high, currency cur) : low_(low), high_(high), currency_(cur) {
  if (high < low)
    throw value_error("money range " + low.to_string() + " to " + high.to_string() + " ends below its start");
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
  auto words = split_words(trim(text), /*comma_separates=*/false);
  const auto fail = [&](const std::string& why) -> money {
    throw value_error("cannot parse money " + quoted(text) + ": " + why +
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
    const std::string t = lower_ascii(raw);
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

// ---- value -------------------------------------------------------------------------------

std::string_view to_string(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::null: return "null";
    case value_kind::boolean: return "bool";
    case value_kind::integer: return "integer";
    case value_kind::real: return "real";
    case value_kind::string: return "string";
    case value_kind::date: return "date";
    case value_kind::money: return "money";
    case value_kind::list: return "list";
  }
  return "?";
}

value::value(std::string s) {
  require_utf8(s, "string value");
  v_ = std::move(s);
}

namespace {
[[noreturn]] void wrong_kind(value_kind want, value_kind have) {
  throw value_error("value is " + std::string(to_string(have)) + ", not " + std::string(to_string(want)));
}
}  // namespace

bool value::as_bool() const {
  if (auto p = get_if<bool>()) return *p;
  wrong_kind(value_kind::boolean, kind());
}
std::int64_t value::as_int() const {
  if (auto p = get_if<std::int64_t>()) return *p;
  wrong_kind(value_kind::integer, kind());
}
double value::as_real() const {
  if (auto p = get_if<double>()) return *p;
  if (auto p = get_if<std::int64_t>()) return static_cast<double>(*p);
  wrong_kind(value_kind::real, kind());
}
const std::string& value::as_string() const {
  if (auto p = get_if<std::string>()) return *p;
  wrong_kind(value_kind::string, kind());
}
const date& value::as_date() const {
  if (auto p = get_if<dossier::date>()) return *p;
  wrong_kind(value_kind::date, kind());
}
const money& value::as_money() const {
  if (auto p = get_if<dossier::money>()) return *p;
  wrong_kind(value_kind::money, kind());
}
const value::list_type& value::as_list() const {
  if (auto p = get_if<list_type>()) return *p;
  wrong_kind(value_kind::list, kind());
}

std::string value::to_string() const {
  switch (kind()) {
    case value_kind::null: return "null";
    case value_kind::boolean: return as_bool() ? "true" : "false";
    case value_kind::integer: return std::to_string(as_int());
    case value_kind::real: {
      char buf[32];
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *get_if<double>());
      return std::string(buf, p);
    }
    case value_kind::string: return as_string();
    case value_kind::date: return as_date().to_string();
    case value_kind::money: return as_money().to_string();
    case value_kind::list: {
      std::string out = "[";
      for (const auto& v : as_list()) {
        if (out.size() > 1) out += ", ";
        out += v.to_string();
      }
      return out + "]";
    }
  }
  return {};
}

DOSSIER_NAMESPACE_END
