#include <doctest/doctest.h>
#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

using namespace dossier;

TEST_CASE("dot.export.colours_labels_legend_and_evidence_styles") {
  fixture::talent f;
  const auto p = *shortest_path(f.g, f.most, f.chips);  // MOST -> Huoju -(0.6)-> semiconductors
  const auto dot = to_dot(f.g, subgraph::of({p}), {.title = "Huoju \"Torch\""});
  CHECK(dot.rfind("digraph dossier {", 0) == 0);
  CHECK(dot.find("label=\"Huoju \\\"Torch\\\"\"") != std::string::npos);  // quotes escaped
  CHECK(dot.find("fillcolor=\"" + entity_colour(f.g.schema(), f.g.schema().entity_type("Program")) + "\"") != std::string::npos);
  CHECK(dot.find("label=\"targets\", type=\"targets\", style=dashed") != std::string::npos);  // confidence 0.6
  CHECK(dot.find("label=\"oversees\"") != std::string::npos);
  CHECK(dot.find("\"legend:Ministry\"") != std::string::npos);
  CHECK(dot.find("type=\"Ministry\"") != std::string::npos);
  CHECK(dot.find("type=\"oversees\"") != std::string::npos);
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
  for (std::size_t at = 0; (at = dot.find(" -> \"e", at)) != std::string::npos; ++at) ++edges;
  CHECK(edges == 16);
  CHECK(dot.find("[2008–2018]") == std::string::npos);
  CHECK(dot.find("(2008–2018)") != std::string::npos);  // valid time on the funding edge
  subgraph stale;
  stale.relations.push_back(f.qiming_in_chips);
  f.g.remove(f.qiming_in_chips);
  CHECK_THROWS_AS((void)to_dot(f.g, stale), not_found);
}

TEST_CASE("dot.export.ids_are_quoted_and_the_legend_is_optional") {
  // A type whose name has a space and a dash: its legend node must stay one quoted id.
  auto s = schemas::investigations();
  s.add_entity_type("Shell-Co ltd", {.parents = {"Company"}});
  graph g{std::move(s)};
  const auto a = g.add("Shell-Co ltd", "Front \"A\"");
  const auto b = g.add("Program", "Qiming");
  g.relate(a, "UnknownLink", b);
  const auto with_legend = to_dot(g, subgraph::whole(g));
  CHECK(with_legend.find("\"legend:Shell-Co ltd\" [label=\"Shell-Co ltd\"") != std::string::npos);
  CHECK(with_legend.find("\"legend:Program\" -> \"legend:Shell-Co ltd\" [style=invis]") != std::string::npos);
  CHECK(with_legend.find("label=\"Front \\\"A\\\"\"") != std::string::npos);
  const auto plain = to_dot(g, subgraph::whole(g), {.legend = false});
  CHECK(plain.find("legend") == std::string::npos);
  CHECK(plain.find("cluster") == std::string::npos);
  // Every node line starts with a quoted id.
  std::istringstream lines(plain);
  std::size_t nodes = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.find("[label=") != std::string::npos && line.find(" -> ") == std::string::npos) {
      CHECK(line.rfind("  \"e", 0) == 0);
      ++nodes;
    }
  CHECK(nodes == 2);
}

TEST_CASE("dot.export.to_a_file_is_atomic") {
  fixture::talent f;
  const auto dir = std::filesystem::temp_directory_path() / ("dossier-dot-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "talent.dot";
  { std::ofstream(file) << "an older picture\n"; }
  write_dot(file, f.g, subgraph::whole(f.g), {.legend = false});
  std::ifstream in(file);
  const std::string written((std::istreambuf_iterator<char>(in)), {});
  CHECK(written == to_dot(f.g, subgraph::whole(f.g), {.legend = false}));
  // A file that cannot be written: an io_error, and nothing is left behind.
  CHECK_THROWS_AS(write_dot(dir / "missing" / "x.dot", f.g, subgraph::whole(f.g)), io_error);
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);
}
