#include <dossier/core/date.hpp>
#include <dossier/core/error.hpp>

#include "detail/text.hpp"

#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

namespace {

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
    throw value_error("value.date_out_of_range", std::string(what) + " " + std::to_string(v) + " is outside " +
                                                     std::to_string(lo) + ".." + std::to_string(hi));
}

int month_from_name(std::string_view word) noexcept {
  static constexpr std::string_view names[] = {"january", "february", "march",     "april",   "may",      "june",
                                               "july",    "august",   "september", "october", "november", "december"};
  const std::string w = detail::lower_ascii(word);
  for (int i = 0; i < 12; ++i)
    if (w == names[i] || (w.size() >= 3 && names[i].starts_with(w))) return i + 1;
  return 0;
}

constexpr const char* accepted_forms =
    " (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z], 'June 2022' or '24 August 2023')";

[[noreturn]] void unparsable(std::string_view text, const std::string& why) {
  throw value_error("value.bad_date", "cannot parse date " + quote(text) + ": " + why + accepted_forms);
}

// ISO 8601: [-]YYYY[-MM[-DD[(T| )HH:MM[:SS][Z]]]] (a minus for years before year 0, as the
// standard's expanded form has it: -0044 is 45 BC).
date parse_iso(std::string_view text, std::string_view s, int sign) {
  int y, m, d, hh, mm, ss = 0;
  if (!detail::parse_fixed_int(s.substr(0, 4), y)) unparsable(text, "bad year");
  y *= sign;
  if (s.size() == 4) return date(y);
  if (s.size() < 7 || !detail::parse_fixed_int(s.substr(5, 2), m)) unparsable(text, "bad month");
  if (s.size() == 7) return date(y, m);
  if (s.size() < 10 || s[7] != '-' || !detail::parse_fixed_int(s.substr(8, 2), d)) unparsable(text, "bad day");
  if (s.size() == 10) return date(y, m, d);
  std::string_view t = s.substr(10);
  if (t[0] != 'T' && t[0] != ' ') unparsable(text, "expected 'T' before the time");
  t.remove_prefix(1);
  if (!t.empty() && t.back() == 'Z') t.remove_suffix(1);
  if (t.size() != 5 && t.size() != 8) unparsable(text, "bad time");
  if (!detail::parse_fixed_int(t.substr(0, 2), hh) || t[2] != ':' || !detail::parse_fixed_int(t.substr(3, 2), mm))
    unparsable(text, "bad time");
  if (t.size() == 8 && (t[5] != ':' || !detail::parse_fixed_int(t.substr(6, 2), ss))) unparsable(text, "bad seconds");
  return date(y, m, d, hh, mm, ss);
}

// English: "June 2022", "24 August 2023", "August 24, 2023".
date parse_words(std::string_view text, std::string_view s) {
  const auto words = detail::split_words(s);
  int y = 0, m = 0, d = 0;
  const auto year = [&](std::string_view w) { return w.size() == 4 && detail::parse_fixed_int(w, y); };
  if (words.size() == 2 && (m = month_from_name(words[0])) && year(words[1])) return date(y, m);
  if (words.size() == 3 && detail::parse_fixed_int(words[0], d) && (m = month_from_name(words[1])) && year(words[2]))
    return date(y, m, d);
  if (words.size() == 3 && (m = month_from_name(words[0])) && detail::parse_fixed_int(words[1], d) && year(words[2]))
    return date(y, m, d);
  unparsable(text, "unrecognised form");
}

}  // namespace

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
    case date_precision::month: return (days_from_civil(year_, month_, 1) + days_in_month(year_, month_)) * 86400 - 1;
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
  // Years before year 0 in ISO 8601's expanded form: a minus, then four digits (-0044).
  const char* sign = year_ < 0 ? "-" : "";
  const int y = year_ < 0 ? -year_ : year_;
  char buf[40];
  int n = 0;
  switch (precision_) {
    case date_precision::year: n = std::snprintf(buf, sizeof buf, "%s%04d", sign, y); break;
    case date_precision::month: n = std::snprintf(buf, sizeof buf, "%s%04d-%02d", sign, y, month_); break;
    case date_precision::day: n = std::snprintf(buf, sizeof buf, "%s%04d-%02d-%02d", sign, y, month_, day_); break;
    case date_precision::second:
      n = std::snprintf(buf, sizeof buf, "%s%04d-%02d-%02dT%02d:%02d:%02dZ", sign, y, month_, day_, hour_, minute_, second_);
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
  const std::string_view s = detail::trim(text);
  if (s.empty()) unparsable(text, "empty");
  try {
    if (std::isdigit(static_cast<unsigned char>(s[0])) && s.size() >= 4 && (s.size() == 4 || s[4] == '-'))
      return parse_iso(text, s, 1);
    if (s[0] == '-' && s.size() >= 5 && std::isdigit(static_cast<unsigned char>(s[1])) && (s.size() == 5 || s[5] == '-'))
      return parse_iso(text, s.substr(1), -1);
    return parse_words(text, s);
  } catch (const value_error& e) {
    // A field out of range ("month 13 is outside 1..12"): say which text it came from.
    if (e.id() != "dossier.value.date_out_of_range") throw;
    const std::string what = e.what();
    unparsable(text, what.substr(what.find("] ") + 2));
  }
}

DOSSIER_NAMESPACE_END
