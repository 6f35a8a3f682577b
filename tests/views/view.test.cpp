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

TEST_CASE("views.as_of.filters_entities_by_their_own_valid_time") {
  fixture::talent f;
  auto& g = f.g;
  g.set(f.ttp, "startDate", date{2008});
  g.set(f.ttp, "endDate", date{2018});
  const auto entities_in = [&](const view& v) {
    std::set<entity_id> out;
    for (auto [it, end] = boost::vertices(v); it != end; ++it) out.insert(entity_of(*it));
    return out;
  };
  CHECK(entities_in(make_view(g, {.as_of = date{2017}})).count(f.ttp) == 1);
  CHECK(entities_in(make_view(g, {.as_of = date{2023}})).count(f.ttp) == 0);
  CHECK(entities_in(make_view(g, {.as_of = date{2018, 12, 31}})).count(f.ttp) == 1);
  // Its relations go with it, even an undated one.
  const auto undated = g.relate(f.qiming, "succeeds", f.ttp);
  CHECK(relations_in(make_view(g, {.as_of = date{2017}})).count(to_index(undated)) == 1);
  CHECK(relations_in(make_view(g, {.as_of = date{2023}})).count(to_index(undated)) == 0);
  // Without a date nothing is filtered by time.
  CHECK(entities_in(make_view(g, {})).size() == g.entity_count());
}

TEST_CASE("views.vertex_indices_are_the_whole_graphs") {
  // Documented: a view's num_vertices and vertex_index are the graph's, so property maps are
  // sized by the graph and a view's own size is counted by iterating it.
  fixture::talent f;
  const auto& g = f.g;
  const auto programs = make_view(g, {.entity_types = {"Program"}});
  CHECK(boost::num_vertices(programs) == boost::num_vertices(g));
  std::size_t n = 0;
  const auto index = get(boost::vertex_index, g);
  for (auto [it, end] = boost::vertices(programs); it != end; ++it, ++n) CHECK(get(boost::vertex_index, programs, *it) == get(index, *it));
  CHECK(n == 4);
}
