#pragma once
// Ready-made schemas: the built-in investigations schema and the FollowTheMoney model loader.

#include <dossier/core/config.hpp>
#include <dossier/schema/schema.hpp>

#include <filesystem>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace schemas {
// The built-in schema: FollowTheMoney names where FtM has the concept, plus the talent-program
// domain types (Program, Ministry, Government, University, Platform, Field, Place) and relations
// (oversees, funds, recruits_for, awarded, succeeds, recruits_in, ...). See docs/schema.md.
[[nodiscard]] schema investigations();

// An open schema, for ad-hoc graphs and the openCypher TCK: it starts with one open entity
// type, open_node_type ("(node)"), for nodes without a label, and Cypher statements run on a
// graph with it declare labels and relationship types on first use (graph::declare_*). Every
// type it declares is open (any property, any kind) and relationship types join any nodes. A
// node with several labels gets a type that extends each of them, named by its labels sorted
// and joined with ':' ("A:B"). Its name is "open", which is how a graph knows it may grow.
inline constexpr std::string_view open_node_type = "(node)";
[[nodiscard]] schema open();
[[nodiscard]] bool is_open(const schema& s) noexcept;

// Loads a FollowTheMoney model ("schemata" object as in defaultModel.json). Edge schemata become
// relation types; their non-edge ancestors also become abstract relation types so that a query
// on "Interest" covers Employment, Ownership and the rest. Throws format_error naming the file.
[[nodiscard]] schema load_followthemoney(const std::filesystem::path& path);
[[nodiscard]] schema parse_followthemoney(std::string_view json_text, std::string_view origin = "<memory>");
}  // namespace schemas

DOSSIER_NAMESPACE_END
