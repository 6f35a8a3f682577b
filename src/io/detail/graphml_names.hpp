#pragma once
// The names the GraphML reader and writer agree on (io/graphml.hpp).

#include <dossier/core/config.hpp>

#include <algorithm>
#include <array>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail::graphml {

inline constexpr std::string_view graphml_namespace = "http://graphml.graphdrawing.org/xmlns";
// The <desc> of a key whose data are JSON arrays of values. A description, not an attribute of
// our own, marks them, so that the file stays valid against the GraphML schema (which allows no
// foreign attributes on <key>).
inline constexpr std::string_view json_values_desc = "dossier: a JSON array, each element one value of the property.";

// Key names that mean something of their own (on nodes: name, type, aliases, evidence; on
// edges: type, id, citations, valid, evidence; on the graph: schema). A property of one of these
// names, or starting with the prefix, is written as "property:NAME", and read back without it.
inline constexpr std::string_view property_prefix = "property:";
inline constexpr std::array<std::string_view, 8> reserved_names = {"name", "type", "aliases", "evidence", "citations", "valid", "id", "schema"};

[[nodiscard]] inline bool needs_prefix(std::string_view property) noexcept {
  return property.starts_with(property_prefix) ||
         std::find(reserved_names.begin(), reserved_names.end(), property) != reserved_names.end();
}

}  // namespace detail::graphml

DOSSIER_NAMESPACE_END
