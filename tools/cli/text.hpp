#pragma once
// How the tool writes the graph's things for a person: relations by their labels ("works for",
// as explanations read), paths with their evidence and roles, citations, the schema.

#include <dossier/dossier.hpp>

#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace dossier_tool {

// A relation type as paths show it: its label ("works for"), else its name.
[[nodiscard]] std::string relation_label(const dossier::schema& s, dossier::relation_type_id t);
// "works for (Employment)": the label, and the name when it differs (what stats and :schema show).
[[nodiscard]] std::string relation_label_and_name(const dossier::schema& s, dossier::relation_type_id t);
// A relation's role property ("advertised on"), empty when it has none.
[[nodiscard]] std::string role_of(const dossier::relation_ref& r);
// "Qiming [Program]".
[[nodiscard]] std::string entity_text(const dossier::graph& g, dossier::entity_id e);

// One line per hop, as dossier::explain writes them, with each hop's role after its target:
//   Qiming -[linked to]-> Zhihu  (role: advertised on)  [2022 to …]
//       source: China quietly recruits ..., Reuters, 2023-08-24 (confidence 1.00)
//       quote: "ads for Kimming applicants posted from 2022 on ..."
[[nodiscard]] std::string explain_path(const dossier::graph& g, const dossier::path& p);
// Citations, one "source: ..." line each (and its quote), indented by `indent` spaces.
[[nodiscard]] std::string citation_lines(const dossier::graph& g, const dossier::citation_range& cs, std::size_t indent);
[[nodiscard]] std::string citation_lines(const dossier::graph& g, std::span<const dossier::citation> cs, std::size_t indent);

// Columns a text takes on a terminal: code points, East Asian wide ones counted twice.
[[nodiscard]] std::size_t display_width(std::string_view utf8);

// The schema in plain text: entity types with their supertypes and properties, relation types
// with their labels, domain and range. `g`, when given, adds how many of each the graph holds.
void print_schema(std::ostream& out, const dossier::schema& s, const dossier::graph* g = nullptr);

}  // namespace dossier_tool
