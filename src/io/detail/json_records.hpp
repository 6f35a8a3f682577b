#pragma once
// The JSON shapes of values, citations, valid times and aliases, shared by the formats that
// write them as JSON: JSON Lines (whole records) and GraphML (attributes holding JSON text).
// Reading raises json_records::bad_field, which each reader turns into its own record error.
// nlohmann/json stays inside src/io.

#include <dossier/io/import.hpp>

#include "export_selection.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail::json_records {

using json = nlohmann::json;

// A field of a record that does not read: which field, the error id, and why.
struct bad_field {
  std::string field, id, problem;
};

[[noreturn]] void bad(std::string field, std::string problem, std::string id = "import.bad_field");

// The deepest nesting of [ and { outside strings, so that hostile text is refused before it is
// parsed into a tree that deep.
[[nodiscard]] int json_depth(std::string_view text);

[[nodiscard]] const json* member(const json& obj, const char* key);
[[nodiscard]] std::string need_string(const json& obj, const char* key, bool required = true);

// Reading: a JSON value as read (the pipeline coerces it to the declared kind), a date (an
// integer year or text), a valid time {"start", "end"}, citations [{"source", "quote",
// "confidence", "first_seen", "last_seen"}], aliases ["name" or {"name", "lang"}].
[[nodiscard]] value to_value(const json& v, const std::string& field, int depth = 0);
[[nodiscard]] date to_date(const json& v, const std::string& field);
[[nodiscard]] valid_time to_valid(const json& v, const std::string& field);
[[nodiscard]] std::vector<import_citation> to_citations(const json& v, const std::string& field);
[[nodiscard]] std::vector<alias> to_aliases(const json& v, const std::string& field = "aliases");

// Writing, the inverse of the above; sources are named by their record ids.
[[nodiscard]] json from_value(const value& v);
[[nodiscard]] json valid_json(const valid_time& v);
[[nodiscard]] json citations_json(std::span<const citation> cs, record_ids& ids);
[[nodiscard]] json aliases_json(std::span<const alias> aliases);

}  // namespace detail::json_records

DOSSIER_NAMESPACE_END
