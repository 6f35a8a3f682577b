// RFC 4180 CSV (detail/csv.hpp).
#include "detail/csv.hpp"

#include <dossier/core/error.hpp>

#include <istream>
#include <ostream>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

csv_reader::csv_reader(std::istream& in, char delimiter, char quote, std::string origin)
    : in_(in), delimiter_(delimiter), quote_(quote), origin_(std::move(origin)), buffer_(std::size_t{1} << 16) {}

bool csv_reader::fill() {
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  end_ = static_cast<std::size_t>(in_.gcount());
  at_ = 0;
  if (in_.bad()) throw import_error("io.read_failed", origin_, line_, "", "read failed");
  if (!started_) {  // a UTF-8 byte-order mark is not part of the first field
    started_ = true;
    if (end_ >= 3 && std::string_view(buffer_.data(), 3) == "\xEF\xBB\xBF") at_ = 3;
  }
  return at_ < end_;
}

int csv_reader::peek() {
  if (at_ == end_ && !fill()) return -1;
  return static_cast<unsigned char>(buffer_[at_]);
}

int csv_reader::get() {
  const int c = peek();
  if (c < 0) return c;
  ++at_;
  if (++record_bytes_ > max_csv_record_bytes)
    fail(record_line_, "a record is longer than " + std::to_string(max_csv_record_bytes >> 20) + " MiB (is a quote left open?)");
  if (c == '\n') ++line_;
  return c;
}

void csv_reader::fail(std::size_t line, const std::string& problem) const {
  throw import_error("import.bad_csv", origin_, line, "", problem);
}

// After the opening quote: up to the closing one, doubled quotes read as one.
void csv_reader::read_quoted(std::string& field) {
  const std::size_t opened = line_;
  for (;;) {
    const int c = get();
    if (c < 0) fail(opened, "a quoted field opened on line " + std::to_string(opened) + " is never closed");
    if (c != quote_) {
      field += static_cast<char>(c);
      continue;
    }
    if (peek() == quote_) {
      field += static_cast<char>(get());
      continue;
    }
    return;
  }
}

bool csv_reader::next(std::vector<std::string>& fields) {
  for (;;) {
    fields.clear();
    quoted_.clear();
    record_line_ = line_;
    record_bytes_ = 0;
    if (peek() < 0) return false;
    bool end_of_record = false;
    while (!end_of_record) {
      if (fields.size() >= max_csv_fields) fail(record_line_, "a record has more than " + std::to_string(max_csv_fields) + " fields");
      std::string& field = fields.emplace_back();
      quoted_.push_back(false);
      if (peek() == quote_) {
        (void)get();
        quoted_.back() = true;
        read_quoted(field);
        const int after = peek();
        if (after >= 0 && after != delimiter_ && after != '\n' && after != '\r')
          fail(line_, "unexpected " + quote(std::string(1, static_cast<char>(after))) + " after a closing quote");
      }
      for (;;) {
        const int c = get();
        if (c < 0 || c == '\n') {
          end_of_record = true;
          break;
        }
        if (c == '\r') {
          if (peek() == '\n') (void)get();
          else ++line_;  // a lone CR ends a line too
          end_of_record = true;
          break;
        }
        if (c == delimiter_) break;
        field += static_cast<char>(c);
      }
    }
    if (fields.size() == 1 && fields[0].empty() && !quoted_[0]) continue;  // a blank line
    return true;
  }
}

void write_csv_field(std::ostream& out, std::string_view field, char delimiter, char quote) {
  bool needs = !field.empty() && (field.front() == ' ' || field.back() == ' ');
  for (const char c : field)
    if (c == delimiter || c == quote || c == '\n' || c == '\r') needs = true;
  if (!needs) {
    out << field;
    return;
  }
  out << quote;
  for (const char c : field) {
    if (c == quote) out << quote;
    out << c;
  }
  out << quote;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
