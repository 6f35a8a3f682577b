#pragma once
// Values in the TCK's text form, the one its result tables are written in (openCypher's
// tck-api, CypherValueParser): null, true, 1, -1.5, 'text', [1, 2], {k: 1}, (:A:B {p: 1}),
// [:T {p: 1}], <(:A)-[:T]->(:B)<-[:S]-()>, NaN, and Inf for infinity. Expected cells and the
// engine's results (dossier::format) are both read by read_value, so that they compare as
// trees and not as text: map keys and labels in any order, 1.0 equal to 1.00.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tck {

// Text that is not a TCK value; what() says where and why.
class value_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct value {
  enum class kind : std::uint8_t { null, boolean, integer, real, nan, string, list, map, node, relationship, path };
  using entries_type = std::vector<std::pair<std::string, value>>;  // sorted by key, keys unique

  kind type = kind::null;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;                 // a string, or a relationship's type
  std::vector<std::string> labels;  // a node's, sorted and unique
  entries_type entries;             // a map, or a node's or relationship's properties
  // A list's elements; for a path, node, relationship, node, ... alternately.
  std::vector<value> items;
  std::vector<bool> forward;  // a path's: whether relationship i points from items[2i] to items[2i+2]
};

[[nodiscard]] value read_value(std::string_view text);  // throws value_error

// The value in the TCK's form, with map keys and labels sorted: equal values (under ordered
// lists) print the same, so the text serves as a key for sets and for messages.
[[nodiscard]] std::string to_text(const value& v);

// How lists compare: `strict` in order, or, for the TCK's "ignoring element order for lists",
// as multisets (at every depth, as the TCK's parser makes every list of such a table unordered).
enum class list_order : std::uint8_t { strict, any };

// The TCK's equality: integers and floats never equal (1 is not 1.0), floats by value, NaN only
// NaN, strings byte for byte, maps and properties as key sets, labels as sets.
[[nodiscard]] bool equal(const value& a, const value& b, list_order order = list_order::strict);

// Builders, for the tests and the runner.
[[nodiscard]] value make_null();
[[nodiscard]] value make_bool(bool b);
[[nodiscard]] value make_int(std::int64_t i);
[[nodiscard]] value make_real(double d);
[[nodiscard]] value make_string(std::string s);
[[nodiscard]] value make_list(std::vector<value> items);

}  // namespace tck
