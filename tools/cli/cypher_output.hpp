#pragma once
// A Cypher result as the tool prints it: an aligned table (paths followed by their evidence),
// CSV, a JSON array of row objects, or JSON Lines (one row object per line). In JSON, nodes are
// {"id", "labels", "properties"}, relationships {"id", "type", "start", "end", "properties",
// "citations"}, paths {"nodes", "relationships"}; dates and money are their text.

#include "cypher_run.hpp"

#include <dossier/dossier.hpp>

#include <ostream>
#include <string>

namespace dossier_tool {

void print_result(std::ostream& out, const dossier::graph& g, const dossier::cypher_result& r, output_mode mode);
// "1 node created, 2 properties set"; empty when the statement changed nothing.
[[nodiscard]] std::string counters_text(const dossier::cypher_counters& c);
[[nodiscard]] bool changed_anything(const dossier::cypher_counters& c);
// PROFILE's stages: rows and time of each.
void print_profile(std::ostream& out, const dossier::cypher_result& r);

// The pieces, for tests of their own and for the shell.
[[nodiscard]] std::string json_value(const dossier::graph& g, const dossier::cypher_value& v);
[[nodiscard]] std::string cell_text(const dossier::graph& g, const dossier::cypher_value& v);

}  // namespace dossier_tool
