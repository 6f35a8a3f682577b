#include <doctest/doctest.h>
#include "fixture.hpp"

#include <set>

using namespace dossier;

namespace {
template <class View>
std::set<std::uint32_t> relations_in(const View& v) {
  std::set<std::uint32_t> out;
  for (auto [it, end] = boost::edges(v); it != end; ++it) out.insert((*it).relation);
  return out;
}
}  // namespace

TEST_CASE("views.as_of.respects_valid_time_precision") {
  fixture::talent f;
  const auto& g = f.g;
  const auto in2017 = relations_in(make_view(g, {.as_of = date{2017}}));
  const auto in2023 = relations_in(make_view(g, {.as_of = date{2023}}));
  CHECK(in2017.count(to_index(f.ttp_funded)) == 1);       // 2008..2018
  CHECK(in2017.count(to_index(f.kunpeng_in_chips)) == 0); // from 2019
  CHECK(in2023.count(to_index(f.ttp_funded)) == 0);
  CHECK(in2023.count(to_index(f.kunpeng_in_chips)) == 1);
  // "as of 2018-06" is within a fact that ended in (the year) 2018.
  CHECK(relations_in(make_view(g, {.as_of = date{2018, 6}})).count(to_index(f.ttp_funded)) == 1);
  CHECK(in2017.size() == 15);  // undated facts always hold
}

TEST_CASE("views.min_confidence_and_cited_by") {
  fixture::talent f;
  auto& g = f.g;
  const auto sure = relations_in(make_view(g, {.min_confidence = 0.75}));
  CHECK(sure.count(to_index(f.huoju_targets_chips)) == 0);  // 0.6
  CHECK(sure.count(to_index(f.kunpeng_in_chips)) == 0);     // 0.7
  CHECK(sure.count(to_index(f.ttp_funded)) == 1);           // 0.8
  const auto other = g.add_source({.title = "Zhejiang Daily", .type = "Article"});
  g.add_citation(f.kunpeng_in_chips, cite(other, "Kunpeng recruits chip experts", 0.9));
  const auto by_other = relations_in(make_view(g, {.cited_by = other}));
  CHECK(by_other == std::set<std::uint32_t>{to_index(f.kunpeng_in_chips)});
  CHECK(relations_in(make_view(g, {.min_confidence = 0.75})).count(to_index(f.kunpeng_in_chips)) == 1);
  CHECK_THROWS_AS((void)make_view(g, {.min_confidence = 1.5}), provenance_error);
  CHECK_THROWS_AS((void)make_view(g, {.cited_by = f.chips}), provenance_error);
  CHECK_THROWS_AS((void)make_view(g, {.entity_types = {"Nope"}}), schema_error);
}
