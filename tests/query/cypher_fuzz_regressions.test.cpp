// Inputs the Cypher fuzz targets found (fuzz/regressions/cypher_run_fuzz/ keeps each one as it was
// minimised): each test states what went wrong and checks what must happen instead.
#include <dossier/query/cypher.hpp>
#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <stop_token>
#include <string>

using namespace dossier;

namespace {

const budget tight{.max_visited = 20'000, .max_paths = 2'000, .max_results = 2'000};

std::string one(graph& g, std::string_view text, const cypher_parameters& p = {}, const cypher_options& o = {}) {
  const auto r = cypher(g, text, p, o);
  REQUIRE(r.rows.size() == 1);
  REQUIRE(r.rows[0].size() == 1);
  return format(g, r.rows[0][0]);
}

}  // namespace

TEST_CASE("cypher.fuzz.range_stops_before_overflow") {
  // range() added its step past the largest integer (undefined behaviour) before it compared.
  graph g(schemas::open());
  CHECK(one(g, "RETURN range(9223372036854775800, 9223372036854775807, 4)") ==
        "[9223372036854775800, 9223372036854775804]");
  CHECK(one(g, "RETURN size(range(0, 9223372036854775807, 4611686018427387904))") == "2");
  CHECK(one(g, "RETURN range(-9223372036854775800, -9223372036854775807 - 1, -5)") ==
        "[-9223372036854775800, -9223372036854775805]");
}

TEST_CASE("cypher.fuzz.regex_runs_under_the_budget") {
  // std::regex backtracked exponentially on (a*)*b, past any budget (a hang), and recursed once
  // per character of a long string (a stack overflow).
  graph g(schemas::open());
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS((void)cypher(g, "RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '(a*)*b'", {}, {.budget = tight}),
                  budget_exceeded);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  std::stop_source stop;
  stop.request_stop();
  CHECK_THROWS_AS((void)cypher(g, "RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '(a*)*b'", {}, {.cancel = stop.get_token()}),
                  cypher_error);
  const cypher_parameters long_text{{"s", std::string(1'000'000, 'a') + "b"}};
  CHECK(one(g, "RETURN $s =~ '(a|b)*'", long_text) == "true");
  CHECK(one(g, "RETURN $s =~ 'a*'", long_text) == "false");
}

TEST_CASE("cypher.fuzz.regex_is_java_syntax") {
  // Cypher's regular expressions are Java's: inline flags work, and a bad pattern is an ArgumentError.
  graph g(schemas::open());
  CHECK(one(g, "RETURN 'ABC' =~ '(?i)abc'") == "true");
  CHECK(one(g, "RETURN 'Qiming' =~ 'Q.*g'") == "true");
  CHECK(one(g, "RETURN 'abc' =~ 'b'") == "false");
  CHECK(one(g, "RETURN '\\u542F\\u660E' =~ '..'") == "true");  // code points, not bytes
  try {
    (void)cypher(g, "RETURN 'a' =~ '(a'");
    FAIL("no error for an unbalanced pattern");
  } catch (const cypher_error& e) {
    CHECK(e.category() == "ArgumentError");
  }
}

TEST_CASE("cypher.fuzz.aggregate_arguments_are_counted") {
  // count(DISTINCT) parsed as a call without arguments, and the accumulator read its first one.
  graph g(schemas::open());
  for (const char* text : {"RETURN count(DISTINCT)", "RETURN count()", "UNWIND [1] AS x RETURN sum(x, x)",
                           "UNWIND [1] AS x RETURN percentileDisc(x, 0.5, 1)"}) {
    CAPTURE(text);
    try {
      (void)cypher(g, text);
      FAIL("no error");
    } catch (const cypher_error& e) {
      CHECK(e.detail() == "InvalidNumberOfArguments");
    }
  }
  CHECK(one(g, "UNWIND [1, 2, 3] AS x RETURN percentileDisc(x, 0.5)") == "2");
}

TEST_CASE("cypher.fuzz.percentile_of_nan") {
  // A NaN percentile passed the range check and its rank was cast to an index (undefined behaviour).
  graph g(schemas::open());
  try {
    (void)cypher(g, "UNWIND [1, 2] AS x RETURN percentileDisc(x, 0.0 / 0.0)");
    FAIL("no error");
  } catch (const cypher_error& e) {
    CHECK(e.detail() == "NumberOutOfRange");
  }
}

TEST_CASE("cypher.fuzz.integer_conversions_in_range") {
  // toInteger(1e30) cast a float beyond 2^63 to an integer, and abs(-2^63) negated it: both undefined.
  graph g(schemas::open());
  CHECK(one(g, "RETURN toInteger(1e30)") == "null");
  CHECK(one(g, "RETURN toInteger('-1e30')") == "null");
  CHECK(one(g, "RETURN toInteger(-9.2e18)") == "-9200000000000000000");
  CHECK(one(g, "RETURN toInteger('9223372036854775807')") == "9223372036854775807");  // exact, not via a float
  CHECK(one(g, "RETURN toInteger(' 12.7')") == "12");
  try {
    (void)cypher(g, "RETURN abs(-9223372036854775807 - 1)");
    FAIL("no error");
  } catch (const cypher_error& e) {
    CHECK(e.detail() == "IntegerOverflow");
  }
}

TEST_CASE("cypher.fuzz.concatenation_counts_against_the_budget") {
  // A list doubled by each WITH grew past any memory (2^28 elements) within a budget of 20000
  // visits: concatenation was free. Now what it makes costs a visit per element or byte.
  graph g(schemas::open());
  std::string doubling = "WITH [1] AS l";
  for (int i = 0; i < 28; ++i) doubling += " WITH l + l AS l";
  CHECK_THROWS_AS((void)cypher(g, doubling + " RETURN size(l)", {}, {.budget = tight}), budget_exceeded);
  std::string text = "WITH 'ab' AS s";
  for (int i = 0; i < 40; ++i) text += " WITH s + s AS s";
  CHECK_THROWS_AS((void)cypher(g, text + " RETURN size(s)", {}, {.budget = tight}), budget_exceeded);
  CHECK_THROWS_AS((void)cypher(g, "WITH 'aaaaaaaaaa' AS s WITH replace(s, 'a', s) AS s WITH replace(s, 'a', s) AS s "
                                  "WITH replace(s, 'a', s) AS s RETURN size(s)", {}, {.budget = tight}),
                  budget_exceeded);
  CHECK(one(g, "WITH [1, 2] AS l RETURN size(l + l + l)", {}, {.budget = tight}) == "6");
}

TEST_CASE("cypher.fuzz.long_walks_do_not_recurse") {
  // A variable-length step recursed once per hop: a walk round a self-loop overflowed the stack
  // before the budget ended it. Walks are now depth-first on a heap stack.
  graph g(schemas::open());
  (void)cypher(g, "CREATE (a:N {i: 0})-[:T]->(a)");
  CHECK_THROWS_AS((void)cypher(g, "MATCH WALK (a)-[*]->(b) RETURN count(*)", {}, {.budget = tight}), budget_exceeded);
  // A walk of 20000 hops, under a budget large enough to reach its end (WALK: a trail would
  // check each hop against the path so far, quadratic work that is not the point here).
  const auto type = g.schema().entity_type("N");
  std::vector<entity_id> chain;
  for (int i = 1; i <= 20'000; ++i) chain.push_back(g.add(type, "", {.properties = {{"i", i}}}));
  for (std::size_t i = 1; i < chain.size(); ++i) g.relate(chain[i - 1], "T", chain[i]);
  const cypher_options huge{.budget = {.max_visited = std::size_t{1} << 40}};
  CHECK(one(g, "MATCH WALK (a:N {i: 1})-[*19999..]->(b) RETURN b.i", {}, huge) == "20000");
}

TEST_CASE("cypher.fuzz.chains_count_against_the_nesting_limit") {
  // 1 + 1 + ... and n.a.a.a... nest one level per link without the parser recursing, so the
  // depth limit did not see them: 200000 links overflowed the stack when the tree was checked,
  // evaluated or destroyed; and a MATCH of 50000 relationships, when the matcher recursed per
  // relationship. Each link now counts against config::max_cypher_depth.
  graph g(schemas::open());
  const auto chain = [](std::string first, std::string_view link, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) first += link;
    return first;
  };
  const auto refused = [&](const std::string& text) {
    CAPTURE(text.substr(0, 40));
    CHECK_THROWS_AS((void)cypher_statement::prepare(text), syntax_error);
  };
  refused(chain("RETURN 1", " + 1", 200'000));
  refused(chain("RETURN 1", " < 1", 5'000));
  refused(chain("RETURN true", " OR true", 5'000));
  refused(chain("RETURN [1]", "[0]", 5'000));
  refused(chain("RETURN {a: 1}", ".a", 100'000));
  refused(chain("RETURN 1", " IS NULL", 5'000));
  refused(chain("MATCH (a)", "--()", 50'000) + " RETURN 1");
  refused(chain("MATCH (a0)", ", ()", 5'000) + " RETURN 1");
  // A chain whose first operand is a chain in parentheses, 70 times: the links of all of them
  // nest, though no one chain is long.
  std::string nested = "RETURN " + std::string(70, '(') + "1";
  for (int i = 0; i < 70; ++i) nested += " + 1 + 1 + 1 + 1)";
  refused(nested);
  CHECK(one(g, chain("RETURN 0", " + 1", 200)) == "200");
  CHECK(one(g, chain("WITH {a: {a: 1}} AS m RETURN m", ".a", 2)) == "1");
}

TEST_CASE("cypher.fuzz.long_shortest_paths_do_not_recurse") {
  // Unwinding a shortest path's parents recursed once per hop, and scanned the path at each
  // hop: a path across a long chain overflowed the stack, and took time quadratic in its
  // length. It is now depth-first on a heap stack, as walks are, without the scan.
  graph g(schemas::open());
  (void)cypher(g, "CREATE (:N {i: 0})-[:T]->(:N {i: 1})");
  const auto type = g.schema().entity_type("N");
  std::vector<entity_id> chain;
  for (int i = 2; i <= 100'000; ++i) chain.push_back(g.add(type, "", {.properties = {{"i", i}}}));
  g.relate(cypher(g, "MATCH (n:N {i: 1}) RETURN n").rows.at(0).at(0).as_node(), "T", chain.front());
  for (std::size_t i = 1; i < chain.size(); ++i) g.relate(chain[i - 1], "T", chain[i]);
  CHECK(one(g, "MATCH (a:N {i: 0}), (b:N {i: 100000}) MATCH p = shortestPath((a)-[*]->(b)) RETURN length(p)") == "100000");
  CHECK(one(g, "MATCH (a:N {i: 0}), (b:N {i: 100000}) MATCH p = allShortestPaths((a)-[*]-(b)) RETURN count(p)") == "1");
}

TEST_CASE("cypher.fuzz.shared_lists_count_what_they_hold") {
  // [l, l] holds l twice without copying it: forty of them made a list of 2^40 elements in a
  // few bytes, and l = l (or format(), hashing, DISTINCT) walked all of them. Values now cost
  // what they hold when they are made, and may not nest deeper than a statement may.
  graph g(schemas::open());
  const auto repeated = [](std::string first, std::string_view clause, int n) {
    for (int i = 0; i < n; ++i) first += clause;
    return first;
  };
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS((void)cypher(g, repeated("WITH [1] AS l", " WITH [l, l] AS l", 40) + " RETURN l = l", {},
                               {.budget = tight}),
                  budget_exceeded);
  CHECK_THROWS_AS((void)cypher(g, repeated("WITH [1] AS l", " WITH [x IN range(1, 4) | l] AS l", 40) + " RETURN 1", {},
                               {.budget = tight}),
                  budget_exceeded);
  CHECK_THROWS_AS((void)cypher(g, "WITH range(1, 1000) AS l UNWIND range(1, 1000) AS x RETURN size(collect(l))", {},
                               {.budget = tight}),
                  budget_exceeded);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK_THROWS_AS((void)cypher(g, repeated("WITH 1 AS l", " WITH [l] AS l", 300) + " RETURN size(l)"), budget_exceeded);
  CHECK(one(g, repeated("WITH 1 AS l", " WITH [l] AS l", 200) + " RETURN size(l)") == "1");
  CHECK(one(g, "WITH [1, 2] AS l RETURN [l, l, [l]]") == "[[1, 2], [1, 2], [[1, 2]]]");
}

TEST_CASE("cypher.fuzz.clauses_and_creations_are_bounded") {
  // A query's clauses run as a pipeline of nested stages over rows with a slot per variable:
  // 70000 WITH clauses overflowed the stack, 20000 CREATE () took 7 s. And a CREATE of many
  // patterns made that many nodes per row for one visit.
  graph g(schemas::open());
  const auto repeated = [](std::string_view clause, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += clause;
    return out;
  };
  CHECK_THROWS_AS((void)cypher_statement::prepare(repeated("WITH 1 AS x ", 70'000) + "RETURN x"), syntax_error);
  CHECK_THROWS_AS((void)cypher_statement::prepare(repeated("CREATE () ", 20'000)), syntax_error);
  CHECK(one(g, repeated("WITH 1 AS x ", 1'000) + "RETURN x") == "1");
  std::string many = "UNWIND range(1, 100) AS i CREATE ()";
  for (int i = 0; i < 300; ++i) many += ", ()";
  CHECK_THROWS_AS((void)cypher(g, many, {}, {.budget = tight}), budget_exceeded);
  CHECK(g.entity_count() == 0);
}
