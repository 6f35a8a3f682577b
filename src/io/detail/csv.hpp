#pragma once
// RFC 4180 CSV, read and written. The reader is streaming and buffered: a record at a time, with
// the line it started on, so that errors can name it.

#include <dossier/core/config.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// A record longer than this is refused rather than read into memory (an unclosed quote at the
// start of a large file would otherwise take all of it).
inline constexpr std::size_t max_csv_record_bytes = std::size_t{64} << 20;
inline constexpr std::size_t max_csv_fields = std::size_t{1} << 16;

class csv_reader {
 public:
  // Throws import_error naming `origin` and the line on malformed input.
  csv_reader(std::istream& in, char delimiter, char quote, std::string origin);

  // The next record's fields; false at the end of the input. Blank lines are skipped. A field
  // that was quoted is marked in quoted() (an empty quoted field is an empty string, not none).
  bool next(std::vector<std::string>& fields);
  [[nodiscard]] const std::vector<bool>& quoted() const noexcept { return quoted_; }
  // The line the last record started on (1-based), and the last line read.
  [[nodiscard]] std::size_t line() const noexcept { return record_line_; }
  [[nodiscard]] std::size_t lines_read() const noexcept { return line_; }

 private:
  int peek();
  int get();
  bool fill();
  [[noreturn]] void fail(std::size_t line, const std::string& problem) const;
  void read_quoted(std::string& field);

  std::istream& in_;
  char delimiter_, quote_;
  std::string origin_;
  std::vector<char> buffer_;
  std::size_t at_ = 0, end_ = 0;
  std::size_t line_ = 1, record_line_ = 0, record_bytes_ = 0;
  bool started_ = false;
  std::vector<bool> quoted_;
};

// A field as CSV needs it: quoted when it holds the delimiter, the quote, a line break, or
// leading or trailing space (which some readers trim); quotes doubled inside.
void write_csv_field(std::ostream& out, std::string_view field, char delimiter, char quote);

}  // namespace detail

DOSSIER_NAMESPACE_END
