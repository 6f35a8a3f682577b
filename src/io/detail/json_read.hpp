#pragma once
// Reading JSON with simdjson: the DOM parser for each line or attribute, and dossier's values,
// citations, valid times and aliases read from it, the same way for every format that carries
// them as JSON (JSON Lines, FollowTheMoney, the CSV and GraphML evidence columns). simdjson
// parses several times faster than nlohmann/json (BENCHMARKS.md, import_bench) and validates
// UTF-8 and the whole text; nlohmann/json writes (json_values.hpp) and words parse errors.
// simdjson.h is large: only the readers' translation units include this header.

#include <dossier/io/import.hpp>

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

using json_element = simdjson::dom::element;
using json_object = simdjson::dom::object;
using json_array = simdjson::dom::array;
using json_type = simdjson::dom::element_type;

// A field of a record that does not read: which field, the error id, and why.
struct json_field_error {
  std::string field, id, problem;
};
[[noreturn]] void bad_json_field(std::string field, std::string problem, std::string id = "import.bad_field");

// The JSON nesting a record may have: a record (1), its properties (2), a list of values (3), a
// rich value (4), and the value's own lists (config::max_value_depth), with room to spare.
inline constexpr std::size_t max_json_depth = 64;

// One parser, reused: an element it returns lives until its next parse.
class json_parser {
 public:
  explicit json_parser(std::size_t max_depth = max_json_depth);
  // `text` gets simdjson's padding in its spare capacity, so that it is read in place.
  [[nodiscard]] simdjson::error_code parse(std::string& text, json_element& out);
  // For text that cannot be padded in place: copied first.
  [[nodiscard]] simdjson::error_code parse_copy(std::string_view text, json_element& out);
  [[nodiscard]] std::size_t max_depth() const noexcept { return max_depth_; }

 private:
  simdjson::dom::parser parser_;
  std::string copy_;
  std::size_t max_depth_;
};

// Why text did not parse: nlohmann/json's words where it has them (a position, a short
// excerpt), else simdjson's. Only failed text pays for the second parse.
[[nodiscard]] std::string why_not_json(std::string_view text, simdjson::error_code code);

// The value of an element whose type was checked.
template <class T>
[[nodiscard]] T json_as(json_element v) {
  T out{};
  [[maybe_unused]] const auto code = v.get(out);
  DOSSIER_ASSERT(code == simdjson::SUCCESS, "json_as: an element of the checked type");
  return out;
}

[[nodiscard]] std::optional<json_element> member(json_element obj, std::string_view key);  // obj: an object
// A string member, checked for UTF-8; "" when absent and not required.
[[nodiscard]] std::string need_string(json_element obj, const char* key, bool required = true);
// A string element as text, checked for UTF-8 (escapes can spell a lone surrogate).
[[nodiscard]] std::string string_of(json_element v, const std::string& field);

// Reading: each throws json_field_error naming `field`.
[[nodiscard]] date date_from_json(json_element v, const std::string& field);
[[nodiscard]] value value_from_json(json_element v, const std::string& field, int depth = 0);
[[nodiscard]] valid_time valid_from_json(json_element v, const std::string& field);
[[nodiscard]] std::vector<import_citation> citations_from_json(json_element v, const std::string& field);
[[nodiscard]] std::vector<alias> aliases_from_json(json_element v, const std::string& field = "aliases");
// One statement's evidence ({"citations": [...], "valid": {...}}) into an import_value.
void evidence_from_json(json_element v, const std::string& field, import_value& into);

}  // namespace detail

DOSSIER_NAMESPACE_END
