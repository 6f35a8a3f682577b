#include <doctest/doctest.h>
#include "../fixture.hpp"

#include <cmath>

using namespace dossier;

TEST_CASE("explain.text_and_structure") {
  fixture::talent f;
  const auto& g = f.g;
  const auto p = *shortest_path(g, f.miit, f.chips);
  const auto steps = explain_steps(g, p);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].relation_type == "oversees");
  CHECK(steps[1].relation_label == "recruits in");
  REQUIRE(steps[1].citations.size() == 1);
  CHECK(steps[1].citations[0].publisher == "Reuters");
  CHECK(steps[1].citations[0].published == date{2023, 8, 24});
  const auto text = explain(g, p);
  CHECK(text.find("Ministry of Industry and Information Technology -[oversees]-> Qiming") != std::string::npos);
  CHECK(text.find("Qiming -[recruits in]-> semiconductors") != std::string::npos);
  CHECK(text.find("Reuters, 2023-08-24") != std::string::npos);
  CHECK(text.find("quote: \"sensitive or classified areas such as semiconductors\"") != std::string::npos);
  const auto back = *shortest_path(g, f.chips, f.miit);
  CHECK(explain(g, back).find("semiconductors <-[recruits in]- Qiming") != std::string::npos);
  path broken;
  broken.entities = {f.miit};
  broken.relations = {f.qiming_in_chips};
  CHECK_THROWS_AS((void)explain(g, broken), query_error);
}

