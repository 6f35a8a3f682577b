#pragma once
// What an export writes and how it names entities, shared by the writers that take
// export_options (JSON Lines, GraphML).

#include <dossier/io/jsonl.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The entity and relation slots an export writes, in id order: everything, or the entities and
// relations asked for, with the sources their citations name.
struct export_selection {
  std::vector<std::uint32_t> entities, relations;
};
[[nodiscard]] export_selection select_for_export(const graph& g, const export_options& options);

// Record ids: the entity's external id, so that a re-import keeps them and a second export is
// the same; "e<N>" (made unique against the external ids) for an entity without one.
class record_ids {
 public:
  explicit record_ids(const graph& g) : g_(g) {}
  const std::string& operator()(std::uint32_t e);

 private:
  const graph& g_;
  std::map<std::uint32_t, std::string> ids_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
