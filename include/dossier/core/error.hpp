#pragma once
// Every failure is a dossier::error subclass: one class per kind of mistake, and an id per
// mistake. what() starts with the id in brackets, then names what was wrong and where:
//
//   [dossier.schema.unknown_type] unknown entity type 'Ministy'
//
// Ids are stable (docs/errors.md lists them all), so callers can match on error::id().
// A throwing operation leaves the graph as it was (strong exception guarantee).

#include <dossier/core/config.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

class error : public std::runtime_error {
 public:
  // `id` is the part after "dossier.", such as "schema.unknown_type".
  error(std::string_view id, const std::string& message);
  [[nodiscard]] const std::string& id() const noexcept { return id_; }  // "dossier.schema.unknown_type"
  // what() without the bracketed id: for wrapping one error's words in another's message.
  [[nodiscard]] std::string_view message() const noexcept { return std::string_view(what()).substr(id_.size() + 3); }

 private:
  std::string id_;
};

// Unknown type, relation or property; wrong endpoint types; wrongly typed property value.
class schema_error : public error {
 public:
  using error::error;
};

// A value that cannot be parsed or constructed: bad date, bad amount, invalid UTF-8.
class value_error : public error {
 public:
  using error::error;
};

// An id that does not name a live element, or a name that names nothing.
class not_found : public error {
 public:
  using error::error;
};

// Confidence outside [0, 1], valid time ending before it starts, citing a non-source.
class provenance_error : public error {
 public:
  using error::error;
};

// A file or stream that is not what it claims to be: bad magic, version, checksum, syntax.
class format_error : public error {
 public:
  using error::error;
};

// A record of an interchange file that cannot be imported: names the file, line and field.
class import_error : public format_error {
 public:
  import_error(std::string_view id, std::string origin, std::size_t line, std::string field, const std::string& problem);
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }  // 0: the file as a whole
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

 private:
  std::string origin_;
  std::size_t line_;
  std::string field_;
  std::string problem_;
};

// The operating system refused: a file that cannot be opened, written, synced or renamed.
class io_error : public error {
 public:
  using error::error;
};

// A query that is malformed (min > max, negative k, no start set, ...).
class query_error : public error {
 public:
  using error::error;
};

// A Cypher statement that does not parse: where (line and column, from 1), and the message
// shows the line with a caret under the place.
class syntax_error : public query_error {
 public:
  syntax_error(std::string_view id, std::size_t line, std::size_t column, const std::string& message)
      : query_error(id, message), line_(line), column_(column) {}
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  std::size_t line_, column_;
};

// A traversal that exceeded one of its budget limits; the message names the limit.
class budget_exceeded : public error {
 public:
  using error::error;
};

// Quotes user input for a message: 'text' when short, else its first bytes (cut at a character
// boundary), an ellipsis and the full length: 'aaaa…' (104857600 bytes). Bytes that are not
// valid UTF-8 or are control characters are shown as \xNN, so a message never carries them.
[[nodiscard]] std::string quote(std::string_view text, std::size_t max_bytes = config::max_quoted_bytes);

DOSSIER_NAMESPACE_END
