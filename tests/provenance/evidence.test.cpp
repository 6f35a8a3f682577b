#include <doctest/doctest.h>
#include "fixture.hpp"

#include <dossier/io/snapshot.hpp>

using namespace dossier;

TEST_CASE("provenance.citation.validation") {
  CHECK_NOTHROW(validate(cite(static_cast<entity_id>(0), "q", 0.0)));
  CHECK_NOTHROW(validate(cite(static_cast<entity_id>(0), "q", 1.0)));
  CHECK_THROWS_WITH_AS(validate(cite(static_cast<entity_id>(0), "q", 1.5)), doctest::Contains("confidence 1.5"), provenance_error);
  CHECK_THROWS_AS(validate(cite(static_cast<entity_id>(0), "q", -0.1)), provenance_error);
  CHECK_THROWS_AS(validate(cite(static_cast<entity_id>(0), "q", std::nan(""))), provenance_error);
  citation c = cite(static_cast<entity_id>(0));
  c.first_seen = date{2020};
  c.last_seen = date{2019};
  CHECK_THROWS_WITH_AS(validate(c), doctest::Contains("before first seen"), provenance_error);
  CHECK_THROWS_AS(validate(cite(static_cast<entity_id>(0), std::string("\xFF"))), value_error);
}

TEST_CASE("provenance.valid_time.holds_at_respects_precision") {
  const valid_time ttp{date{2008}, date{2018}};
  CHECK(ttp.holds_at(date{2008}));
  CHECK(ttp.holds_at(date{2018, 12, 31}));
  CHECK(ttp.holds_at(date{2018, 6}));
  CHECK_FALSE(ttp.holds_at(date{2019}));
  CHECK_FALSE(ttp.holds_at(date{2007, 12}));
  CHECK(valid_time{date{2019}, {}}.holds_at(date{2030}));
  CHECK(valid_time{}.holds_at(date{1900}));
  CHECK_THROWS_WITH_AS(validate(valid_time{date{2018}, date{2008}}), doctest::Contains("ends (2008) before it starts (2018)"), provenance_error);
  CHECK_NOTHROW(validate(valid_time{date{2018}, date{2018, 3}}));  // same year, finer end
}

TEST_CASE("provenance.graph.sources_are_entities") {
  fixture::talent f;
  auto& g = f.g;
  const auto a = g.get(f.article);
  CHECK(a.is_a("Document"));
  CHECK(a.property("publisher")->as_string() == "Reuters");
  CHECK(a.property("publishedAt")->as_date() == date{2023, 8, 24});
  CHECK(g.is_source(f.article));
  CHECK_FALSE(g.is_source(f.qiming));
  // A source can itself be related: the article documents Qiming.
  CHECK_NOTHROW(g.relate(f.article, "Documentation", f.qiming));
  CHECK_THROWS_WITH_AS(g.add_source({.title = "x", .type = "Person"}), doctest::Contains("not a Document"), schema_error);
  const auto book = g.add_source({.title = "A book", .authors = {"Ann", "Bo"}, .url = "https://example.org", .type = "Document",
                                  });
  CHECK(g.get(book).property("authors")->as_list().size() == 2);
}

TEST_CASE("provenance.graph.bad_evidence_leaves_graph_unchanged") {
  fixture::talent f;
  auto& g = f.g;
  const auto before = g.relation_count();
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "oversees", f.kunpeng, cite(f.article, "q", 2.0)), doctest::Contains("outside [0, 1]"), provenance_error);
  CHECK_THROWS_WITH_AS(g.relate(f.miit, "oversees", f.kunpeng, cite(f.chips, "q")),
                       doctest::Contains("entity 8 ('semiconductors', a 'Field'), which is not a source"), provenance_error);
  CHECK_THROWS_AS(g.relate(f.miit, "oversees", f.kunpeng, cite(static_cast<entity_id>(999), "q")), provenance_error);
  CHECK_THROWS_AS(g.relate(f.miit, "oversees", f.kunpeng, {.valid = {date{2020}, date{2019}}}), provenance_error);
  CHECK(g.relation_count() == before);
  CHECK_THROWS_AS(g.add_citation(f.qiming_in_chips, cite(f.qiming, "q")), provenance_error);
  CHECK(g.get(f.qiming_in_chips).citations().size() == 1);
  CHECK_THROWS_AS(g.set_valid_time(f.qiming_in_chips, {date{2020}, date{2010}}), provenance_error);
  CHECK(g.get(f.qiming_in_chips).valid().empty());
}

TEST_CASE("provenance.graph.repeated_claims_keep_every_citation") {
  fixture::talent f;
  auto& g = f.g;
  const auto second = g.add_source({.title = "Zhejiang Daily", .published = date{2022, 6}});
  const auto r = g.relate(f.zhejiang, "funds", f.kunpeng, cite(second, "Kunpeng program aims to attract 200 experts", 0.9));
  CHECK(g.get(r).citations().size() == 2);
  CHECK(g.get(r).confidence() == doctest::Approx(1.0));
  CHECK(g.get(r).ev().cited_by(second));
  CHECK(g.get(r).ev().cited_by(f.article));
  g.relate(f.zhejiang, "funds", f.kunpeng, cite(second, "Kunpeng program aims to attract 200 experts", 0.9));
  CHECK(g.get(r).citations().size() == 2);
  // Citing an absorbed source lands on the surviving source.
  const auto dup = g.add_source({.title = "Zhejiang Daily (copy)"});
  g.merge(second, dup);
  g.add_citation(f.qiming_in_chips, cite(dup, "via the copy"));
  CHECK(g.get(f.qiming_in_chips).ev().cited_by(second));
}

TEST_CASE("provenance.graph.a_cited_source_is_not_removed") {
  graph g{schemas::investigations()};
  const auto a = g.add("Person", "A"), b = g.add("Field", "B");
  const auto cited = g.add_source({.title = "Cited"}), other = g.add_source({.title = "Other"});
  const auto r = g.relate(a, "researches", b, {.citations = {cite(cited, "q", 0.5)}});
  g.set(a, "nationality", value{"cn"}, {.citations = {cite(other, "bio")}});
  // Removing either source would leave statements citing nothing: refused, graph unchanged.
  CHECK_THROWS_WITH_AS(g.remove(cited), doctest::Contains("cannot remove source entity 2 ('Cited'): 1 citation elsewhere still name it"),
                       provenance_error);
  CHECK_THROWS_WITH_AS(g.remove(other), doctest::Contains("('Other'): 1 citation"), provenance_error);
  CHECK(g.contains(cited));
  CHECK(g.get(r).citations().size() == 1);
  // Citations on the source's own relations go with them.
  const auto doc = g.relate(cited, "Documentation", a, {.citations = {cite(cited, "self")}});
  g.remove(r);
  CHECK_NOTHROW(g.remove(cited));
  CHECK_FALSE(g.contains(cited));
  CHECK_FALSE(g.contains(doc));
  // What is left still saves and loads.
  const auto copy = load_from_bytes(save_to_bytes(g), "after-remove");
  CHECK(copy.entity_count() == g.entity_count());
}
