// The Cypher engine end to end: expressions, patterns, projections, writes and their rollback,
// errors, budgets and cancellation, on the open schema and on the investigations schema.
#include <dossier/query/cypher.hpp>
#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <random>
#include <stop_token>
#include <thread>

using namespace dossier;

namespace {

// The first column of every row, as Cypher writes values.
std::vector<std::string> column(const graph& g, const cypher_result& r, std::size_t c = 0) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(format(g, row.at(c)));
  return out;
}

std::string one(graph& g, std::string_view text, const cypher_parameters& p = {}) {
  const auto r = cypher(g, text, p);
  REQUIRE(r.rows.size() == 1);
  REQUIRE(r.rows[0].size() == 1);
  return format(g, r.rows[0][0]);
}

cypher_error error_of(graph& g, std::string_view text) {
  try {
    (void)cypher(g, text);
  } catch (const cypher_error& e) {
    return e;
  }
  FAIL("no cypher_error for: " << text);
  throw;  // unreachable
}

// A small graph on the open schema: a chain 1 -> 2 -> 3 -> 4 with a shortcut 1 -> 4 and a
// loop back 4 -> 1.
graph chain() {
  graph g(schemas::open());
  cypher(g, "CREATE (a:P {n: 1})-[:K]->(b:P {n: 2})-[:K]->(c:P {n: 3})-[:K]->(d:P {n: 4}), (a)-[:K {short: true}]->(d),"
            " (d)-[:BACK]->(a)");
  return g;
}

}  // namespace

TEST_CASE("cypher.expressions: arithmetic, null, three-valued logic, lists, strings, maps") {
  graph g(schemas::open());
  CHECK(one(g, "RETURN 1 + 2 * 3") == "7");
  CHECK(one(g, "RETURN 7 / 2") == "3");
  CHECK(one(g, "RETURN 7 / 2.0") == "3.5");
  CHECK(one(g, "RETURN -7 % 3") == "-1");
  CHECK(one(g, "RETURN 2 ^ 10") == "1024.0");
  CHECK(one(g, "RETURN 1 + null") == "null");
  CHECK(one(g, "RETURN null AND false") == "false");
  CHECK(one(g, "RETURN null OR true") == "true");
  CHECK(one(g, "RETURN null AND true") == "null");
  CHECK(one(g, "RETURN true XOR true") == "false");
  CHECK(one(g, "RETURN NOT null") == "null");
  CHECK(one(g, "RETURN 1 = 1.0") == "true");
  CHECK(one(g, "RETURN [1, null] = [1, 2]") == "null");
  CHECK(one(g, "RETURN [1, 2] = [1, 3]") == "false");
  CHECK(one(g, "RETURN 1 < 'a'") == "null");
  CHECK(one(g, "RETURN 1 < 2 < 3") == "true");
  CHECK(one(g, "RETURN 'abc' STARTS WITH 'ab'") == "true");
  CHECK(one(g, "RETURN 'abc' ENDS WITH null") == "null");
  CHECK(one(g, "RETURN 'abc' =~ 'a.c'") == "true");
  CHECK(one(g, "RETURN 'abc' =~ 'b'") == "false");
  CHECK(one(g, "RETURN 2 IN [1, 2]") == "true");
  CHECK(one(g, "RETURN 3 IN [1, null]") == "null");
  CHECK(one(g, "RETURN [1, 2, 3, 4][1..3]") == "[2, 3]");
  CHECK(one(g, "RETURN [1, 2, 3][-1]") == "3");
  CHECK(one(g, "RETURN [1, 2, 3][5]") == "null");
  CHECK(one(g, "RETURN [1] + [2, 3] + 4") == "[1, 2, 3, 4]");
  CHECK(one(g, "RETURN {a: 1, b: 'x'}.b") == "'x'");
  CHECK(one(g, "RETURN {a: 1}['a']") == "1");
  CHECK(one(g, "RETURN [x IN range(1, 6) WHERE x % 2 = 0 | x * 10]") == "[20, 40, 60]");
  CHECK(one(g, "RETURN all(x IN [1, 2] WHERE x > 0)") == "true");
  CHECK(one(g, "RETURN none(x IN [1, 2] WHERE x > 1)") == "false");
  CHECK(one(g, "RETURN single(x IN [1, 2] WHERE x > 1)") == "true");
  CHECK(one(g, "RETURN any(x IN [null] WHERE x > 1)") == "null");
  CHECK(one(g, "RETURN CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END") == "'two'");
  CHECK(one(g, "RETURN CASE WHEN 1 > 2 THEN 'yes' ELSE 'no' END") == "'no'");
  CHECK(one(g, "RETURN toUpper('straße')") == "'STRAßE'");
  CHECK(one(g, "RETURN substring('日本語です', 1, 2)") == "'本語'");
  CHECK(one(g, "RETURN size('日本語')") == "3");
  CHECK(one(g, "RETURN reverse('abc')") == "'cba'");
  CHECK(one(g, "RETURN split('a,b,,c', ',')") == "['a', 'b', '', 'c']");
  CHECK(one(g, "RETURN toInteger('42')") == "42");
  CHECK(one(g, "RETURN toInteger('x')") == "null");
  CHECK(one(g, "RETURN toFloat('1.5')") == "1.5");
  CHECK(one(g, "RETURN toString(1.0)") == "'1.0'");
  CHECK(one(g, "RETURN coalesce(null, null, 3)") == "3");
  CHECK(one(g, "RETURN [toIntegerList(['1', 'x', 2.7, null]), toStringList([1, true]), toFloatList(['1.5'])]") ==
        "[[1, null, 2, null], ['1', 'true'], [1.5]]");
  CHECK(one(g, "RETURN [isEmpty([]), isEmpty('a'), isEmpty({}), isNaN(0.0 / 0.0), isNaN(1)]") ==
        "[true, false, true, true, false]");
  CHECK(one(g, "RETURN [round(2.345, 2), round(2.5), round(9.995, 2), round(-1.25, 1), round(3.0, 2)]") ==
        "[2.35, 3.0, 10.0, -1.3, 3.0]");
  CHECK(one(g, "RETURN $x + 1", {{"x", 41}}) == "42");
  CHECK(one(g, "RETURN 0.1 + 0.2") == "0.30000000000000004");
  CHECK(one(g, "RETURN reduce(total = 0, x IN [1, 2, 3] | total + x)") == "6");
  CHECK(one(g, "RETURN reduce(s = '', x IN ['a', 'b'] | s + x) + reduce(n = 1, y IN [] | n * 2)") == "'ab1'");
  CHECK(one(g, "RETURN reduce(s = 0, x IN null | s + x)") == "null");
  CHECK(one(g, "WITH {a: 1, b: 2} AS m, 5 AS k RETURN m {.a, .z, c: m.b * 10, k}") == "{a: 1, c: 20, k: 5, z: null}");
  CHECK(one(g, "WITH {a: 1, b: 2} AS m RETURN m {.*, b: 3}") == "{a: 1, b: 3}");
  CHECK(one(g, "WITH null AS m RETURN m {.a}") == "null");
  CHECK(one(g, "RETURN 'a' + 1 + 1.5") == "'a11.5'");
  CHECK(one(g, "RETURN [1000.0, 180.0, 0.001, 1e20, -2.5e-7, 123456789.125]") ==
        "[1000.0, 180.0, 0.001, 1.0E20, -2.5E-7, 123456789.125]");
  CHECK(one(g, "RETURN toString(100.0)") == "'100.0'");
}

TEST_CASE("cypher.errors: each names what is wrong, by the TCK's categories") {
  graph g(schemas::open());
  auto e = error_of(g, "RETURN x");
  CHECK(e.category() == "SyntaxError");
  CHECK(e.detail() == "UndefinedVariable");
  CHECK(e.compile_time());
  CHECK(std::string(e.what()).find("'x'") != std::string::npos);
  e = error_of(g, "RETURN nosuch(1)");
  CHECK(e.detail() == "UnknownFunction");
  e = error_of(g, "RETURN toUpper('a', 'b')");
  CHECK(e.detail() == "InvalidNumberOfArguments");
  e = error_of(g, "MATCH (a) WITH a.x RETURN 1");
  CHECK(e.detail() == "NoExpressionAlias");
  e = error_of(g, "UNWIND [1] AS x UNWIND [2] AS x RETURN x");
  CHECK(e.detail() == "VariableAlreadyBound");
  e = error_of(g, "MATCH (a) WHERE count(a) > 1 RETURN a");
  CHECK(e.detail() == "InvalidAggregation");
  e = error_of(g, "RETURN count(count(1))");
  CHECK(e.detail() == "NestedAggregation");
  e = error_of(g, "CREATE (a)-[:T|U]->(b)");
  CHECK(e.detail() == "NoSingleRelationshipType");
  e = error_of(g, "CREATE (a)-[:T]-(b)");
  CHECK(e.detail() == "RequiresDirectedRelationship");
  // A type that is wrong for all to see is found before the statement runs ...
  e = error_of(g, "RETURN 1 + 'a' * 2");
  CHECK(e.category() == "SyntaxError");
  CHECK(e.detail() == "InvalidArgumentType");
  CHECK(e.compile_time());
  e = error_of(g, "RETURN 1 AND true");
  CHECK(e.detail() == "InvalidArgumentType");
  e = error_of(g, "WITH 123 AS n MATCH (n) RETURN n");
  CHECK(e.detail() == "VariableTypeConflict");
  // ... and one that only a value shows, when it is met.
  e = error_of(g, "UNWIND [1, 'a'] AS x RETURN x * 2");
  CHECK(e.category() == "TypeError");
  CHECK_FALSE(e.compile_time());
  e = error_of(g, "RETURN 1 / 0");
  CHECK(e.detail() == "DivisionByZero");
  e = error_of(g, "RETURN 9223372036854775807 + 1");
  CHECK(e.detail() == "IntegerOverflow");
  e = error_of(g, "RETURN 1 LIMIT -1");
  CHECK(e.detail() == "NegativeIntegerArgument");
  e = error_of(g, "RETURN $missing");
  CHECK(e.category() == "ParameterMissing");
  CHECK_THROWS_AS((void)cypher(g, "MATCH (n RETURN n"), syntax_error);
}

TEST_CASE("cypher.patterns: directions, variable length, trails, path modes, shortest paths, optional") {
  auto g = chain();
  CHECK(column(g, cypher(g, "MATCH (:P {n: 1})-[:K]->(x) RETURN x.n ORDER BY x.n")) == std::vector<std::string>{"2", "4"});
  CHECK(column(g, cypher(g, "MATCH (x)-[:K]->(:P {n: 4}) RETURN x.n ORDER BY x.n")) == std::vector<std::string>{"1", "3"});
  CHECK(column(g, cypher(g, "MATCH (:P {n: 4})-[:K|BACK]-(x) RETURN x.n ORDER BY x.n")) ==
        std::vector<std::string>{"1", "1", "3"});
  CHECK(column(g, cypher(g, "MATCH (:P {n: 1})-[:K*2..3]->(x) RETURN x.n ORDER BY x.n")) == std::vector<std::string>{"3", "4"});
  CHECK(one(g, "MATCH (:P {n: 1})-[r:K*0..]->(x) RETURN count(*)") == "5");
  // Trail: never the same relationship twice, so the cycle 1 -> 4 -> 1 is walked once per way
  // in: five trails start 1 -> 2 and five start 1 -> 4.
  CHECK(one(g, "MATCH (:P {n: 1})-[*]->(x) RETURN count(*)") == "10");
  CHECK(one(g, "MATCH ACYCLIC (a:P {n: 1})-[*]->(x) RETURN count(*)") == "4");
  CHECK(one(g, "MATCH WALK (a:P {n: 1})-[*1..5]->(x) RETURN count(*)") == "15");
  CHECK(one(g, "MATCH p = (:P {n: 1})-[:K]->(:P {n: 2})-[:K]->(c) RETURN p") ==
        "<(:P {n: 1})-[:K]->(:P {n: 2})-[:K]->(:P {n: 3})>");
  CHECK(one(g, "MATCH p = (c:P {n: 3})<-[:K]-(b) RETURN p") == "<(:P {n: 3})<-[:K]-(:P {n: 2})>");
  CHECK(one(g, "MATCH (a:P {n: 1}), (d:P {n: 3}) MATCH p = shortestPath((a)-[:K*]->(d)) RETURN length(p)") == "2");
  CHECK(one(g, "MATCH (a:P {n: 2}), (d:P {n: 1}) MATCH p = allShortestPaths((a)-[*]->(d)) RETURN count(p)") == "1");
  // Ends not bound before: one shortest path for each pair of ends.
  CHECK(one(g, "MATCH p = shortestPath((a:P {n: 1})-[*]->(b:P)) RETURN count(p)") == "3");
  CHECK(cypher(g, "MATCH p = shortestPath((a:P {n: 1})-[*]->(b:P {n: 1})) RETURN length(p)").rows.empty());
  CHECK(one(g, "MATCH p = shortestPath((a:P {n: 1})-[*0..]->(b:P {n: 1})) RETURN length(p)") == "0");
  CHECK(one(g, "MATCH p = shortestPath((a:P)-[:K*]->(b:P)) WHERE a <> b RETURN count(p)") == "6");
  CHECK(column(g, cypher(g, "MATCH (a:P) OPTIONAL MATCH (a)-[:BACK]->(b) RETURN b.n ORDER BY a.n")) ==
        std::vector<std::string>{"null", "null", "null", "1"});
  CHECK(one(g, "MATCH (a:P) WHERE (a)-[:BACK]->() RETURN a.n") == "4");
  CHECK(column(g, cypher(g, "MATCH (a:P) RETURN exists((a)-[:BACK]->()) ORDER BY a.n")) ==
        std::vector<std::string>{"false", "false", "false", "true"});
  CHECK(one(g, "MATCH (:P {n: 1})-[r:K*2]->() RETURN collect(size(r))") == "[2]");
  CHECK(one(g, "MATCH (a:P) WHERE EXISTS { (a)-[:K {short: true}]->() } RETURN a.n") == "1");
  CHECK(one(g, "MATCH (a:P {n: 1}) RETURN size([(a)-[:K]->(b) | b.n])") == "2");
  CHECK(one(g, "MATCH (a:P {n: 2}) RETURN a {.n, labels: labels(a)}") == "{labels: ['P'], n: 2}");
  // A node bound to null by OPTIONAL MATCH matches nothing later.
  CHECK(cypher(g, "OPTIONAL MATCH (x:Nothing) MATCH (x)-->(y) RETURN y").rows.empty());
}

TEST_CASE("cypher.projections: grouping, DISTINCT, ORDER BY, SKIP, LIMIT, UNION, WITH") {
  auto g = chain();
  CHECK(one(g, "MATCH (n:Nothing) RETURN count(*)") == "0");
  CHECK(cypher(g, "MATCH (n:Nothing) RETURN n.x, count(*)").rows.empty());
  const auto r = cypher(g, "MATCH (a)-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY c DESC");
  CHECK(r.columns == std::vector<std::string>{"t", "c"});
  CHECK(column(g, r) == std::vector<std::string>{"'K'", "'BACK'"});
  CHECK(column(g, r, 1) == std::vector<std::string>{"4", "1"});
  CHECK(one(g, "MATCH (a:P) RETURN collect(DISTINCT a.n % 2)") == "[1, 0]");
  CHECK(one(g, "MATCH (a:P) RETURN percentileCont(a.n, 0.5)") == "2.5");
  CHECK(one(g, "MATCH (a:P) RETURN percentileDisc(a.n, 0.5)") == "2");
  CHECK(one(g, "MATCH (a:P) RETURN avg(a.n)") == "2.5");
  CHECK(one(g, "MATCH (a:P) RETURN max(a.n) - min(a.n)") == "3");
  CHECK(column(g, cypher(g, "MATCH (a:P) RETURN a.n ORDER BY a.n DESC SKIP 1 LIMIT 2")) == std::vector<std::string>{"3", "2"});
  CHECK(column(g, cypher(g, "UNWIND [1, 1, 2] AS x RETURN DISTINCT x")) == std::vector<std::string>{"1", "2"});
  CHECK(column(g, cypher(g, "RETURN 1 AS x UNION RETURN 1 AS x")) == std::vector<std::string>{"1"});
  CHECK(column(g, cypher(g, "RETURN 1 AS x UNION ALL RETURN 1 AS x")) == std::vector<std::string>{"1", "1"});
  CHECK(one(g, "MATCH (a:P) WITH a ORDER BY a.n LIMIT 2 WITH collect(a.n) AS ns RETURN ns") == "[1, 2]");
  CHECK(one(g, "MATCH (a:P) WITH a.n AS n WHERE n > 2 RETURN sum(n)") == "7");
  CHECK(column(g, cypher(g, "UNWIND [3, null, 1, 'a', [1]] AS x RETURN x ORDER BY x")) ==
        std::vector<std::string>{"[1]", "'a'", "1", "3", "null"});
}

TEST_CASE("cypher.writes: create, merge, set, remove, delete, and all or nothing") {
  graph g(schemas::open());
  auto r = cypher(g, "CREATE (a:A {x: 1})-[:T {w: 2}]->(b:B:C) RETURN a, b");
  CHECK(r.counters.nodes_created == 2);
  CHECK(r.counters.relationships_created == 1);
  CHECK(r.counters.labels_added == 3);
  CHECK(format(g, r.rows[0][1]) == "(:B:C)");
  CHECK(one(g, "MATCH (n:B) RETURN labels(n)") == "['B', 'C']");
  CHECK(one(g, "MATCH (n:C) RETURN count(n)") == "1");
  CHECK(one(g, "MERGE (a:A {x: 1}) RETURN count(a)") == "1");
  CHECK(g.entity_count() == 2);
  CHECK(one(g, "MERGE (a:A {x: 2}) ON CREATE SET a.new = true RETURN a") == "(:A {new: true, x: 2})");
  CHECK(one(g, "MERGE (a:A {x: 2}) ON MATCH SET a.seen = 1 RETURN a.seen") == "1");
  CHECK(one(g, "MATCH (a:A {x: 1}) SET a += {y: 'z'}, a:D RETURN a") == "(:A:D {x: 1, y: 'z'})");
  CHECK(one(g, "MATCH (a:D) SET a = {k: 0} RETURN a") == "(:A:D {k: 0})");
  CHECK(one(g, "MATCH (a:D) REMOVE a:D, a.k RETURN a") == "(:A)");
  CHECK(one(g, "MATCH (a:A) WHERE a.seen = 1 SET a.seen = null RETURN keys(a)") == "['new', 'x']");

  // A connected node cannot be deleted alone, and the failed statement changes nothing.
  const auto entities = g.entity_count(), relations = g.relation_count();
  CHECK(error_of(g, "CREATE (:Extra) WITH 1 AS one MATCH (b:B) DELETE b").detail() == "DeleteConnectedNode");
  CHECK(g.entity_count() == entities);
  CHECK(g.relation_count() == relations);
  CHECK(one(g, "MATCH (n:Extra) RETURN count(n)") == "0");
  // A statement failing after SETs and a CREATE leaves the old values.
  CHECK(error_of(g, "MATCH (a:A {x: 2}) SET a.x = 99, a:Gone CREATE (:Extra) RETURN 1 / 0").detail() == "DivisionByZero");
  CHECK(one(g, "MATCH (a:A) WHERE a.new RETURN a") == "(:A {new: true, x: 2})");
  CHECK(one(g, "MATCH (n:Extra) RETURN count(n)") == "0");
  CHECK(one(g, "MATCH (n:Gone) RETURN count(n)") == "0");

  r = cypher(g, "MATCH (b:B) DETACH DELETE b");
  CHECK(r.counters.nodes_deleted == 1);
  CHECK(r.counters.relationships_deleted == 1);
  CHECK(g.relation_count() == 0);
  // Deleted in this statement: no longer matched by its later clauses.
  CHECK(one(g, "MATCH (a:A) DELETE a WITH count(*) AS gone MATCH (n) RETURN count(n)") == "0");
  CHECK(g.entity_count() == 0);
}

TEST_CASE("cypher.const: a const graph answers reads and refuses writes") {
  auto g = chain();
  const graph& view = g;
  CHECK(cypher(view, "MATCH (n) RETURN count(n)").rows.size() == 1);
  try {
    (void)cypher(view, "CREATE (n)");
    FAIL("a write ran on a const graph");
  } catch (const cypher_error& e) {
    CHECK(e.detail() == "ReadOnly");
  }
}

TEST_CASE("cypher.prepared: parameters, EXPLAIN, PROFILE") {
  auto g = chain();
  const auto s = cypher_statement::prepare("MATCH (a:P {n: $n})-[:K]->(b) RETURN count(b) AS c");
  CHECK(s.columns() == std::vector<std::string>{"c"});
  CHECK_FALSE(s.writes());
  CHECK(format(g, s.run(g, {{"n", 1}}).rows[0][0]) == "2");
  CHECK(format(g, s.run(g, {{"n", 4}}).rows[0][0]) == "0");
  CHECK(s.explain(g).find("Match") != std::string::npos);
  const auto explained = cypher(g, "EXPLAIN MATCH (n) RETURN n");
  CHECK(explained.rows.empty());
  CHECK(explained.plan.find("Return") != std::string::npos);
  const auto profiled = cypher(g, "PROFILE MATCH (n:P) RETURN n");
  CHECK(profiled.rows.size() == 4);
  REQUIRE(profiled.profile.size() == 2);
  CHECK(profiled.profile[0].stage == "Match");
  CHECK(profiled.profile[0].rows == 4);
}

TEST_CASE("cypher.pipeline: rows flow one at a time, LIMIT stops the work before it") {
  graph g(schemas::open());
  cypher(g, "UNWIND range(1, 200) AS i CREATE (:N {i: i})");
  cypher_options tight;
  tight.budget.max_results = 10;
  tight.budget.max_visited = 20'000;
  // 40,000 matches are counted without ever being held, and only the result rows count.
  tight.budget.max_visited = 200'000;
  CHECK(format(g, cypher(g, "MATCH (a), (b) RETURN count(*)", {}, tight).rows[0][0]) == "40000");
  CHECK_THROWS_AS((void)cypher(g, "MATCH (a), (b) RETURN a", {}, tight), budget_exceeded);
  // Eight million combinations, but the first row ends it.
  tight.budget.max_visited = 20'000;
  CHECK(cypher(g, "MATCH (a), (b), (c) RETURN a.i LIMIT 3", {}, tight).rows.size() == 3);
  CHECK(cypher(g, "MATCH (a), (b), (c) WITH a SKIP 2 LIMIT 1 RETURN a.i", {}, tight).rows.size() == 1);
  CHECK(one(g, "MATCH (a) WHERE EXISTS { MATCH (b), (c) WHERE b.i = 1 } RETURN count(a)") == "200");
  // Writes still see all of their input, and later clauses all of their changes.
  const auto made = cypher(g, "MATCH (a:N) CREATE (:M) WITH count(*) AS made MATCH (m:M) RETURN made, count(m)");
  REQUIRE(made.rows.size() == 1);
  CHECK(format(g, made.rows[0][0]) == "200");
  CHECK(format(g, made.rows[0][1]) == "200");
  const auto profiled = cypher(g, "PROFILE MATCH (a:N) WHERE a.i > 100 RETURN a.i ORDER BY a.i LIMIT 5");
  REQUIRE(profiled.profile.size() == 2);
  CHECK(profiled.profile[0].rows == 100);
  CHECK(profiled.profile[1].rows == 5);
}

TEST_CASE("cypher.budget and cancellation stop a statement") {
  graph g(schemas::open());
  cypher_options small;
  small.budget.max_visited = 1000;
  CHECK_THROWS_AS((void)cypher(g, "UNWIND range(1, 100000) AS x RETURN count(*)", {}, small), budget_exceeded);
  std::stop_source stop;
  stop.request_stop();
  cypher_options cancelled;
  cancelled.cancel = stop.get_token();
  try {
    (void)cypher(g, "UNWIND range(1, 100000) AS x RETURN count(*)", {}, cancelled);
    FAIL("a cancelled statement ran");
  } catch (const cypher_error& e) {
    CHECK(e.detail() == "Cancelled");
  }
  // From another thread, while it runs.
  std::stop_source later;
  cypher_options running;
  running.cancel = later.get_token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    later.request_stop();
  });
  CHECK_THROWS_AS((void)cypher(g, "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(*)", {}, running),
                  cypher_error);
  canceller.join();
}

TEST_CASE("cypher.investigations: types as labels, names, subtypes, resolution, evidence") {
  graph g(schemas::investigations());
  const auto article = g.add_source({.title = "China quietly recruits overseas chip talent", .publisher = "Reuters"});
  const auto miit = g.add("Ministry", "Ministry of Industry and Information Technology");
  const auto qiming = g.add("Program", "Qiming", {.aliases = {"Kiming", "Kimming"}});
  g.relate(miit, "oversees", qiming, cite(article, "overseen by the MIIT", 0.9));
  CHECK(one(g, "MATCH (p:Program {name: 'Qiming'}) RETURN p.aliases") == "['Kiming', 'Kimming']");
  CHECK(cypher_labels(g, qiming) == std::vector<std::string>{"Program"});
  CHECK(format(g, cypher_value(cypher_properties(g, qiming))) == "{aliases: ['Kiming', 'Kimming'], name: 'Qiming'}");
  CHECK(one(g, "MATCH (b:PublicBody)-[:oversees]->(p) RETURN b.name") == "'Ministry of Industry and Information Technology'");
  CHECK(one(g, "CALL dossier.resolve('Kimming') YIELD node RETURN node.name") == "'Qiming'");
  auto resolved = cypher(g, "CALL dossier.resolve('Kimming')");
  CHECK(resolved.columns == std::vector<std::string>{"node", "score", "ambiguous", "matched", "kind"});
  REQUIRE(resolved.rows.size() == 1);
  CHECK(format(g, resolved.rows[0][3]) == "'kimming'");
  CHECK(format(g, resolved.rows[0][4]) == "'exact'");
  CHECK(error_of(g, "CALL dossier.resolve('x', 'Nosuchtype') YIELD node RETURN node").detail() == "UnknownLabel");
  CHECK(error_of(g, "CALL dossier.nosuch()").detail() == "ProcedureNotFound");
  CHECK(error_of(g, "CALL dossier.resolve('x') YIELD nosuch RETURN nosuch").detail() == "UndefinedVariable");
  CHECK(cypher(g, "CALL db.labels()").columns == std::vector<std::string>{"label"});
  CHECK(cypher(g, "CALL db.labels() YIELD * RETURN count(*)").rows.size() == 1);
  CHECK(one(g, "RETURN [dossier.money('2 USD') < dossier.money('3 USD'), dossier.money('2 USD') < dossier.money('3 EUR')]") ==
        "[true, null]");
  CHECK(one(g, "UNWIND [dossier.money('200 CNY'), dossier.money('85 CNY'), dossier.money('1500 CNY')] AS m "
               "RETURN collect(toString(m))[0] + ' ' + toString(max(m))") == "'200 CNY 1500 CNY'");
  CHECK(one(g, "RETURN date('2019-06') < date('2020')") == "true");
  CHECK(error_of(g, "RETURN date('not a date')").detail() == "InvalidArgumentValue");
  CHECK(one(g, "MATCH ()-[r:oversees]->() RETURN [c IN dossier.citations(r) | c.quote]") == "['overseen by the MIIT']");
  CHECK(one(g, "MATCH ()-[r:oversees]->() RETURN dossier.confidence(r)") == "0.9");
  cypher_options strict;
  strict.min_confidence = 0.95;
  CHECK(cypher(g, "MATCH ()-[r:oversees]->() RETURN r", {}, strict).rows.empty());
  auto e = error_of(g, "MATCH (m:Ministy) RETURN m");
  CHECK(e.detail() == "UnknownLabel");
  CHECK(std::string(e.what()).find("did you mean 'Ministry'") != std::string::npos);
  e = error_of(g, "MATCH ()-[:overseez]->() RETURN 1");
  CHECK(e.detail() == "UnknownRelationshipType");
  CHECK(std::string(e.what()).find("'oversees'") != std::string::npos);
  // Writes check the schema: a relation whose endpoints do not fit is refused, nothing changes.
  const auto relations = g.relation_count();
  CHECK_THROWS_AS((void)cypher(g, "MATCH (p:Program), (m:Ministry) CREATE (p)-[:oversees]->(m)"), schema_error);
  CHECK(g.relation_count() == relations);
  CHECK(one(g, "CREATE (p:Program {name: 'Huoju'}) RETURN p.name") == "'Huoju'");
  e = error_of(g, "MATCH (p:Program) RETURN p.startDat");
  CHECK(e.detail() == "UnknownProperty");
  CHECK(std::string(e.what()).find("did you mean 'startDate'") != std::string::npos);
  CHECK(one(g, "MATCH (p:Program {name: 'Huoju'}) SET p.notes = 'new' RETURN p.notes") == "'new'");  // written here: known

  // A relation created with its evidence, in one statement.
  auto r = cypher(g,
                  "MATCH (m:Ministry), (p:Program {name: 'Huoju'}), (s:Article) "
                  "CREATE (m)-[o:oversees]->(p) "
                  "WITH o, s CALL dossier.cite(o, s, 'Huoju is run by the ministry', 0.8) "
                  "CALL dossier.validTime(o, '2019', null) "
                  "RETURN dossier.confidence(o), dossier.validFrom(o), [c IN dossier.citations(o) | c.title]");
  REQUIRE(r.rows.size() == 1);
  CHECK(format(g, r.rows[0][0]) == "0.8");
  CHECK(format(g, r.rows[0][1]) == "date('2019')");
  CHECK(format(g, r.rows[0][2]) == "['China quietly recruits overseas chip talent']");
  // A failing statement takes its citations and valid time back with it.
  CHECK_THROWS_AS((void)cypher(g, "MATCH (:Ministry)-[o:oversees]->(:Program {name: 'Huoju'}), (s:Article) "
                                  "CALL dossier.cite(o, s, 'another quote', 0.1) CALL dossier.validTime(o, '2001', '2002') "
                                  "RETURN 1 / 0"),
                  cypher_error);
  CHECK(one(g, "MATCH (:Ministry)-[o:oversees]->(:Program {name: 'Huoju'}) RETURN [size(dossier.citations(o)), "
               "toString(dossier.validFrom(o))]") == "[1, '2019']");
  CHECK(cypher_statement::prepare("MATCH ()-[o]->(), (s) CALL dossier.cite(o, s, 'q') RETURN o").writes());
  const graph& view = g;
  CHECK_THROWS_AS((void)cypher(view, "MATCH ()-[o:oversees]->(), (s:Article) CALL dossier.cite(o, s, 'q') RETURN 1"), cypher_error);
}

namespace {

// People, companies, programs and fields with external ids, related at random, with random
// confidences and valid times: the shapes the fluent rewrite answers, and their near misses.
graph typed_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  graph g(schemas::investigations());
  const auto source = g.add_source({.title = "A source"});
  std::map<std::string, std::vector<entity_id>> by;
  int next = 0;
  for (const auto* type : {"Person", "Company", "Program", "Field"})
    for (int i = 0; i < 12; ++i) by[type].push_back(g.add(type, std::string(type) + std::to_string(i), {.external_id = std::to_string(next++)}));
  const auto pick = [&](const char* type) { return by[type][rng() % by[type].size()]; };
  const auto link = [&](const char* from, const char* type, const char* to) {
    relation_options o{.citations = {cite(source, "q", static_cast<double>(rng() % 11) / 10.0)}, .on_repeat = repeat_policy::parallel};
    if (rng() % 3 == 0) o.valid = {date(2010 + static_cast<int>(rng() % 10)), std::nullopt};
    g.relate(pick(from), type, pick(to), std::move(o));
  };
  for (int i = 0; i < 30; ++i) link("Person", "Employment", "Company");
  for (int i = 0; i < 20; ++i) link("Company", "recruits_for", "Program");
  for (int i = 0; i < 20; ++i) link("Program", "recruits_in", "Field");
  for (int i = 0; i < 15; ++i) link("Person", "awarded", "Program");
  return g;
}

}  // namespace

TEST_CASE("cypher.fluent: statements the fluent plan answers give the general engine's answers") {
  // PROFILE runs the general engine (it reports its stages), so it is the reference here.
  const std::vector<std::string> statements = {
      "MATCH (a:Person {id: $x})-[:Employment]->(b:Company) RETURN count(DISTINCT b)",
      "MATCH (a:Person {id: $x})-[:Employment]->(:Company)-[:recruits_for]->(p:Program) RETURN count(DISTINCT p)",
      "MATCH (a {id: $x})-[:Employment]->()-[:recruits_for]->()-[:recruits_in]->(f) RETURN count(DISTINCT f) AS n",
      "MATCH WALK (a:Person {id: $x})-[:Employment]->(:Company)<-[:Employment]-(p:Person) RETURN count(DISTINCT p)",
      // Trail semantics with a repeated type: the rewrite must step aside (the seed is not counted).
      "MATCH (a:Person {id: $x})-[:Employment]->(:Company)<-[:Employment]-(p:Person) RETURN count(DISTINCT p)",
      "MATCH (a:Person {id: $x})<-[:Employment]-(b) RETURN count(DISTINCT b)",
      "MATCH (a:Company {id: $x})-[:Employment]-(b) RETURN count(DISTINCT b)",
      "MATCH (p:Person)-[:Employment|recruits_for|recruits_in*1..3]->(f:Field {id: $x}) RETURN count(DISTINCT p)",
      "MATCH (f:Program {id: $x})<-[:awarded|Employment|recruits_for*1..2]-(p:Person) RETURN count(DISTINCT p)",
      "MATCH (p:Person)-[*1..3]->(f {id: $x}) RETURN count(DISTINCT p)",
      "MATCH p = shortestPath((a:Person {id: $x})-[*1..4]->(b:Field {id: $y})) RETURN length(p)",
      "MATCH p = shortestPath((a {id: $x})-[:Employment|recruits_for*1..2]-(b {id: $y})) RETURN length(p)",
  };
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const auto g = typed_graph(seed);
    for (const auto& text : statements) {
      const auto fast = cypher_statement::prepare(text), general = cypher_statement::prepare("PROFILE " + text);
      for (int x = 0; x < 48; x += 5)
        for (const auto& options : {cypher_options{}, cypher_options{.as_of = date(2012)}, cypher_options{.min_confidence = 0.5}}) {
          const cypher_parameters params{{"x", std::to_string(x)}, {"y", std::to_string((x * 7 + 3) % 48)}};
          const auto a = fast.run(g, params, options), b = general.run(g, params, options);
          INFO(text << " x=" << x << " seed=" << seed);
          CHECK(a.rows == b.rows);
          CHECK(a.columns == b.columns);
        }
    }
  }
  // EXPLAIN says when the fluent plan answers.
  graph g = typed_graph(1);
  CHECK(cypher(g, "EXPLAIN MATCH (a:Person {id: '1'})-[:Employment]->(b) RETURN count(DISTINCT b)").plan.find("Rewrite") != std::string::npos);
  CHECK(one(g, "MATCH (a:Person {id: 'no such id'})-[:Employment]->(b) RETURN count(DISTINCT b)") == "0");
  CHECK(one(g, "MATCH (a:Person {id: '0'}) RETURN a.id") == "'0'");
}

TEST_CASE("cypher.threads: one prepared statement runs from several threads on a const graph") {
  const graph g = typed_graph(7);
  const auto general = cypher_statement::prepare("MATCH (a:Person)-[:Employment]->(c)<-[:Employment]-(b) RETURN count(*)");
  const auto fluent = cypher_statement::prepare("MATCH (a:Person {id: $x})-[:Employment]->(b) RETURN count(DISTINCT b)");
  const auto expected_general = general.run(g).rows;
  std::vector<cypher_result> expected_fluent;
  for (int x = 0; x < 12; ++x) expected_fluent.push_back(fluent.run(g, {{"x", std::to_string(x)}}));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (general.run(g).rows != expected_general) ++wrong;
        if (fluent.run(g, {{"x", std::to_string(i % 12)}}).rows != expected_fluent[static_cast<std::size_t>(i % 12)].rows) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}
