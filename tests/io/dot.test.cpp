#include <doctest/doctest.h>
#include "fixture.hpp"

using namespace dossier;

TEST_CASE("dot.export.colours_labels_legend_and_evidence_styles") {
  fixture::talent f;
  const auto p = *shortest_path(f.g, f.most, f.chips);  // MOST -> Huoju -(0.6)-> semiconductors
  const auto dot = to_dot(f.g, subgraph::of({p}), {.title = "Huoju \"Torch\""});
  CHECK(dot.rfind("digraph dossier {", 0) == 0);
  CHECK(dot.find("label=\"Huoju \\\"Torch\\\"\"") != std::string::npos);  // quotes escaped
  CHECK(dot.find("fillcolor=\"" + entity_colour(f.g.schema(), f.g.schema().entity_type("Program")) + "\"") != std::string::npos);
  CHECK(dot.find("label=\"targets\", style=dashed") != std::string::npos);  // confidence 0.6
  CHECK(dot.find("label=\"oversees\"") != std::string::npos);
  CHECK(dot.find("legend_Ministry") != std::string::npos);
  CHECK(dot.find("Qiming") == std::string::npos);  // only the path's entities
  // Programs and ministries get different colours; a Platform is coloured as a platform, not a company.
  const auto& s = f.g.schema();
  CHECK(entity_colour(s, s.entity_type("Program")) != entity_colour(s, s.entity_type("Ministry")));
  CHECK(entity_colour(s, s.entity_type("Platform")) != entity_colour(s, s.entity_type("Company")));
}

TEST_CASE("dot.export.whole_graph_and_errors") {
  fixture::talent f;
  const auto dot = to_dot(f.g, subgraph::whole(f.g));
  std::size_t edges = 0;
  for (std::size_t at = 0; (at = dot.find(" -> e", at)) != std::string::npos; ++at) ++edges;
  CHECK(edges == 16);
  CHECK(dot.find("[2008–2018]") == std::string::npos);
  CHECK(dot.find("(2008–2018)") != std::string::npos);  // valid time on the funding edge
  subgraph stale;
  stale.relations.push_back(f.qiming_in_chips);
  f.g.remove(f.qiming_in_chips);
  CHECK_THROWS_AS((void)to_dot(f.g, stale), not_found);
}
