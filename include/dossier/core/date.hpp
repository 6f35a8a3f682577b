#pragma once
// Partial dates: a year, a month, a day or a second, each standing for the interval it covers.

#include <dossier/core/config.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

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

// Parses ISO 8601 ("2019", "2022-06", "2019-03-01", "2019-03-01T12:30:00Z", "-0044" for 45 BC)
// and the English
// forms "June 2022" and "24 August 2023". Throws value_error quoting the text otherwise.
[[nodiscard]] date parse_date(std::string_view text);
[[nodiscard]] std::optional<date> try_parse_date(std::string_view text) noexcept;

DOSSIER_NAMESPACE_END
