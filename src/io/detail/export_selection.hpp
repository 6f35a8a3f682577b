#pragma once
// What an export writes, shared by the writers that take
// export_options (JSON Lines, GraphML).

#include <dossier/io/jsonl.hpp>

#include <cstdint>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The entity and relation slots an export writes, in id order: everything, or the entities and
// relations asked for, with the sources their citations name.
struct export_selection {
  std::vector<std::uint32_t> entities, relations;
};
[[nodiscard]] export_selection select_for_export(const graph& g, const export_options& options);

}  // namespace detail

DOSSIER_NAMESPACE_END
