// Bounded variable-length and zero-or-one-hop steps through the fluent plan (issue 19): each
// statement gives the general engine's answer (PROFILE runs the general engine) on graphs with
// cycles, self-loops and parallel relations, and EXPLAIN says which statements are rewritten.
#include <dossier/query/cypher.hpp>
#include <dossier/store/graph.hpp>

#include <doctest/doctest.h>

#include "cyclic_graph.hpp"

using namespace dossier;

namespace {

bool rewritten(const graph& g, const std::string& text) {
  return cypher_statement::prepare(text).explain(g).find("Rewrite") != std::string::npos;
}

// The fast answer and the general engine's, for every start id (and one that is nobody's),
// without and with evidence filters.
void check_same_answers(const graph& g, const std::string& text, int ids) {
  const auto fast = cypher_statement::prepare(text), general = cypher_statement::prepare("PROFILE " + text);
  for (int x = -1; x < ids; ++x)
    for (const auto& options : {cypher_options{}, cypher_options{.as_of = date(2014)}, cypher_options{.min_confidence = 0.5}}) {
      const cypher_parameters params{{"x", x < 0 ? std::string("nobody") : std::to_string(x)}};
      const auto a = fast.run(g, params, options), b = general.run(g, params, options);
      INFO(text << " x=" << x);
      CHECK(a.rows == b.rows);
      CHECK(a.columns == b.columns);
    }
}

}  // namespace

TEST_CASE("cypher.fluent_steps: bounded variable-length and zero-or-one-hop counts give the general engine's answers") {
  const std::vector<std::string> statements = {
      "MATCH (a {id: $x})-[:Control*1..2]->(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control*2..3]->(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})<-[:Control|Employment*1..3]-(b) RETURN count(DISTINCT b)",
      "MATCH (a:Person {id: $x})-[:Associate*1..2]-(b:Person) RETURN count(DISTINCT b) AS n",
      "MATCH (a {id: $x})-[:Associate|Control*2..3]-(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[*1..2]-(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control*3..3]->(b:Company) RETURN count(DISTINCT b)",
      "MATCH WALK (a {id: $x})-[:Control|Associate*2..3]->(b) RETURN count(DISTINCT b)",
      "MATCH WALK (a {id: $x})-[:Associate*1..2]-(b) RETURN count(DISTINCT b)",
      // Zero or one hop: the start itself, when it fits the end's label.
      "MATCH (a {id: $x})-[:Control*0..1]->(b) RETURN count(DISTINCT b)",
      "MATCH (a:Person {id: $x})-[:Associate*0..1]-(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})<-[:Employment*0..1]-(b:Person) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Employment|Control*0..1]->(b:Company) RETURN count(DISTINCT b)",
      "MATCH (a:Company {id: $x})-[*0..2]-(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control*0..3]->(b) RETURN count(DISTINCT b)",
      // One hop, where a self-loop reaches the start again.
      "MATCH (a {id: $x})-[:Associate]->(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control]->()-[:Employment]->(b) RETURN count(DISTINCT b)",
      // Shapes left to the general engine answer the same through it.
      "MATCH (a {id: $x})-[:Control*0..0]->(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control*3..2]->(b) RETURN count(DISTINCT b)",
      "MATCH (a {id: $x})-[:Control*0..1]->(b) RETURN count(b)",
      "MATCH (a {id: $x})-[:Control*1..2]->(b) RETURN count(b)",
      "MATCH ACYCLIC (a {id: $x})-[:Control*1..3]->(b) RETURN count(DISTINCT b)",
  };
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    const auto g = testing_support::cyclic_graph(seed);
    for (const auto& text : statements) check_same_answers(g, text, 16);
  }
}

TEST_CASE("cypher.fluent_steps: EXPLAIN names the statements the fluent plan answers") {
  const auto g = testing_support::cyclic_graph(1);
  CHECK(rewritten(g, "MATCH (a {id: $x})-[:Control*1..2]->(b) RETURN count(DISTINCT b)"));
  CHECK(rewritten(g, "MATCH (a:Person {id: $x})-[:Associate*2..3]-(b) RETURN count(DISTINCT b)"));
  CHECK(rewritten(g, "MATCH (a {id: $x})-[:Control*0..1]->(b) RETURN count(DISTINCT b)"));
  CHECK(rewritten(g, "MATCH WALK (a {id: $x})-[:Control*2..3]->(b) RETURN count(DISTINCT b)"));
  // Only the start, nothing, unbounded, counting paths, ACYCLIC, or a longer pattern: general.
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*0..0]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*3..2]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*2..]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*0..1]->(b) RETURN count(b)"));
  CHECK_FALSE(rewritten(g, "MATCH ACYCLIC (a {id: $x})-[:Control*1..2]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[:Control*1..2]->()-[:Employment]->(b) RETURN count(DISTINCT b)"));
  CHECK_FALSE(rewritten(g, "MATCH (a {id: $x})-[r:Control*1..2]->(b) RETURN count(DISTINCT b)"));
}

TEST_CASE("cypher.fluent_steps: unknown types and labels fail as in the general engine") {
  const auto g = testing_support::cyclic_graph(2);
  for (const std::string text : {"MATCH (a {id: $x})-[:Contorl*1..2]->(b) RETURN count(DISTINCT b)",
                                 "MATCH (a:Persn {id: $x})-[:Control*0..1]->(b) RETURN count(DISTINCT b)",
                                 "MATCH (a {id: $x})-[:Control*0..1]->(b:Compnay) RETURN count(DISTINCT b)"}) {
    INFO(text);
    const auto fast = cypher_statement::prepare(text), general = cypher_statement::prepare("PROFILE " + text);
    std::string fast_error, general_error;
    try {
      (void)fast.run(g, {{"x", "1"}});
    } catch (const cypher_error& e) {
      fast_error = e.detail();
    }
    try {
      (void)general.run(g, {{"x", "1"}});
    } catch (const cypher_error& e) {
      general_error = e.detail();
    }
    CHECK_FALSE(fast_error.empty());
    CHECK(fast_error == general_error);
  }
  // A parameter not given is the general engine's error, not a count of 0.
  for (const std::string text : {"MATCH (a {id: $x})-[:Control*1..2]->(b) RETURN count(DISTINCT b)",
                                 "MATCH (a {id: $x})-[:Control]->(b) RETURN count(DISTINCT b)"}) {
    INFO(text);
    CHECK_THROWS_AS((void)cypher_statement::prepare(text).run(g), cypher_error);
  }
}
