#pragma once
// dossier's values, citations, valid times and aliases as JSON, read and written the same way by
// every format that carries them as JSON (JSON Lines, the CSV and GraphML evidence columns).
// nlohmann/json stays in the io translation units that include this header.

#include <dossier/io/import.hpp>
#include <dossier/store/graph.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

using json = nlohmann::json;

// A field of a record that does not read: which field, the error id, and why.
struct json_field_error {
  std::string field, id, problem;
};
[[noreturn]] void bad_json_field(std::string field, std::string problem, std::string id = "import.bad_field");

// The deepest nesting of [ and { outside strings, so that hostile text is refused before it is
// parsed into a tree that deep.
[[nodiscard]] int json_depth(std::string_view text);
// The JSON nesting a record may have: a record (1), its properties (2), a list of values (3), a
// rich value (4), and the value's own lists (config::max_value_depth), with room to spare.
inline constexpr int max_json_depth = 64;

[[nodiscard]] const json* member(const json& obj, const char* key);
// A string member, checked for UTF-8; "" when absent and not required.
[[nodiscard]] std::string need_string(const json& obj, const char* key, bool required = true);

// Reading: each throws json_field_error naming `field`.
[[nodiscard]] date date_from_json(const json& v, const std::string& field);
[[nodiscard]] value value_from_json(const json& v, const std::string& field, int depth = 0);
[[nodiscard]] valid_time valid_from_json(const json& v, const std::string& field);
[[nodiscard]] std::vector<import_citation> citations_from_json(const json& v, const std::string& field);
[[nodiscard]] std::vector<alias> aliases_from_json(const json& v, const std::string& field = "aliases");

// Ids for the entities an export writes: the external id, so that a re-import keeps them and a
// second export is the same; "e<N>" (made unique against the external ids) for one without.
class record_ids {
 public:
  explicit record_ids(const graph& g) : g_(g) {}
  const std::string& operator()(std::uint32_t entity);

 private:
  const graph& g_;
  std::map<std::uint32_t, std::string> ids_;
};

// Writing.
[[nodiscard]] json value_to_json(const value& v);
[[nodiscard]] json valid_to_json(const valid_time& v);
[[nodiscard]] json citations_to_json(std::span<const citation> cs, record_ids& ids);
[[nodiscard]] json aliases_to_json(std::span<const alias> aliases);
// One statement's evidence ({"citations": [...], "valid": {...}}), or null when it has none.
[[nodiscard]] json evidence_to_json(const evidence& ev, record_ids& ids);
// The reverse, into an import_value's citations and valid time.
void evidence_from_json(const json& v, const std::string& field, import_value& into);

}  // namespace detail

DOSSIER_NAMESPACE_END
