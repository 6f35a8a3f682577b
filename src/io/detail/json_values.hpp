#pragma once
// dossier's values, citations, valid times and aliases written as JSON, the same way by every
// format that carries them as JSON (JSON Lines, the CSV and GraphML evidence columns); they are
// read back by json_read.hpp. nlohmann/json stays in the io translation units that include this.

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
[[nodiscard]] json citations_to_json(const citation_range& cs, record_ids& ids);
[[nodiscard]] json aliases_to_json(std::span<const alias> aliases);
// One statement's evidence ({"citations": [...], "valid": {...}}), or null when it has none.
[[nodiscard]] json evidence_to_json(const evidence& ev, record_ids& ids);
[[nodiscard]] json evidence_to_json(const evidence_view& ev, record_ids& ids);
}  // namespace detail

DOSSIER_NAMESPACE_END
