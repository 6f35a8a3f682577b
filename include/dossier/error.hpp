#pragma once
// Every failure is a dossier::error subclass whose message names what was wrong and where.
// A throwing operation leaves the graph as it was (strong exception guarantee).

#include <dossier/config.hpp>

#include <stdexcept>
#include <string>

DOSSIER_NAMESPACE_BEGIN

class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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

// An id that does not name a live element.
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

// A query that is malformed (min > max, negative k, ...).
class query_error : public error {
 public:
  using error::error;
};

// A traversal that exceeded one of its budget limits; the message names the limit.
class budget_exceeded : public error {
 public:
  using error::error;
};

DOSSIER_NAMESPACE_END
