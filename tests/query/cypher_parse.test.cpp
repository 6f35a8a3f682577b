// The Cypher parser (query/cypher_syntax.hpp): the tree it builds for each construct it reads,
// and the errors it gives, with line, column and caret, for text it cannot read.
#include <doctest/doctest.h>

#include "cypher_syntax_checks.hpp"

#include <dossier/core/error.hpp>
#include <dossier/query/cypher_syntax.hpp>

#include <string>

using namespace dossier;
using namespace dossier::cypher_syntax;

using testing_support::check_syntax_error;

namespace {

// An expression as text with explicit parentheses, so that precedence is visible.
std::string show(const expr& e) {
  const auto arg = [&](std::size_t i) { return show(*e.args[i]); };
  const auto list = [&](std::size_t from, const char* sep) {
    std::string out;
    for (std::size_t i = from; i < e.args.size(); ++i) out += (i > from ? sep : "") + arg(i);
    return out;
  };
  switch (e.kind) {
    case expr_kind::literal: return e.literal.is_null() ? "null" : e.literal.kind() == value_kind::string ? "'" + e.literal.as_string() + "'" : e.literal.to_string();
    case expr_kind::parameter: return "$" + e.name;
    case expr_kind::variable: return e.name;
    case expr_kind::property: return arg(0) + "." + e.name;
    case expr_kind::index: return arg(0) + "[" + arg(1) + "]";
    case expr_kind::slice: return arg(0) + "[" + (e.args[1] ? arg(1) : "") + ".." + (e.args[2] ? arg(2) : "") + "]";
    case expr_kind::list: return "[" + list(0, ", ") + "]";
    case expr_kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + e.keys[i] + ": " + arg(i);
      return out + "}";
    }
    case expr_kind::call: return e.name + "(" + (e.star ? "*" : std::string(e.distinct ? "DISTINCT " : "") + list(0, ", ")) + ")";
    case expr_kind::unary: return "(" + e.name + (e.name == "NOT" ? " " : "") + arg(0) + ")";
    case expr_kind::binary: return "(" + arg(0) + " " + e.name + " " + arg(1) + ")";
    case expr_kind::is_null: return "(" + arg(0) + (e.negated ? " IS NOT NULL)" : " IS NULL)");
    case expr_kind::case_of: return std::string("CASE") + (e.has_subject ? " subject" : "") + "[" + list(0, "; ") + "]" + (e.has_else ? " else" : "");
    case expr_kind::comprehension: return "[" + e.variable + " IN " + arg(0) + " WHERE " + arg(1) + " | " + arg(2) + "]";
    case expr_kind::quantifier: return e.name + "(" + e.variable + " IN " + arg(0) + " WHERE " + arg(1) + ")";
    case expr_kind::has_labels: {
      std::string out = "(" + arg(0);
      for (const auto& l : e.keys) out += ":" + l;
      return out + ")";
    }
    case expr_kind::pattern: return "pattern(" + e.path->start.variable + ", " + std::to_string(e.path->steps.size()) + " steps)";
    case expr_kind::exists_subquery: return "exists(" + std::to_string(e.subquery->clauses.size()) + " clauses)";
    case expr_kind::map_projection: {
      std::string out = arg(0) + " {";
      for (std::size_t i = 0; i < e.keys.size(); ++i)
        out += (i ? ", " : "") + (e.args[i + 1] ? e.keys[i] + ": " + arg(i + 1) : "." + e.keys[i]);
      return out + "}";
    }
    case expr_kind::reduce: return "reduce(" + e.variable + " = " + arg(0) + ", " + e.keys[0] + " IN " + arg(1) + " | " + arg(2) + ")";
    case expr_kind::pattern_comprehension:
      return "[" + e.path->variable + "=pattern(" + e.path->start.variable + ", " + std::to_string(e.path->steps.size()) + " steps) WHERE " + arg(0) +
             " | " + arg(1) + "]";
  }
  return "?";
}

// The one RETURN item of "RETURN <text>".
std::string returned(const std::string& text) {
  const auto s = parse("RETURN " + text);
  REQUIRE(s.queries.size() == 1);
  const auto& r = std::get<projection_clause>(s.queries[0].clauses.back());
  REQUIRE(r.items.size() == 1);
  return show(*r.items[0].value);
}

}  // namespace

TEST_CASE("cypher.parse.precedence_follows_opencypher") {
  CHECK(returned("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(returned("(1 + 2) * 3") == "((1 + 2) * 3)");
  CHECK(returned("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)");
  CHECK(returned("-2 ^ 2") == "((-2) ^ 2)");  // unary minus binds tighter than ^ in openCypher
  CHECK(returned("a OR b XOR c AND NOT d") == "(a OR (b XOR (c AND (NOT d))))");
  CHECK(returned("NOT a = b") == "(NOT (a = b))");
  CHECK(returned("a < b <= c") == "((a < b) AND (b <= c))");
  CHECK(returned("1 < n.x < 10 = true") == "(((1 < n.x) AND (n.x < 10)) AND (10 = true))");
  CHECK(returned("x IN [1, 2] AND s STARTS WITH 'Q'") == "((x IN [1, 2]) AND (s STARTS WITH 'Q'))");
  CHECK(returned("n.name ENDS WITH 'ming' OR n.name CONTAINS 'i'") == "((n.name ENDS WITH 'ming') OR (n.name CONTAINS 'i'))");
  CHECK(returned("n.name =~ 'Q.*'") == "(n.name =~ 'Q.*')");
  CHECK(returned("a.x IS NOT NULL AND b IS NULL") == "((a.x IS NOT NULL) AND (b IS NULL))");
  CHECK(returned("a + b IS NULL") == "((a + b) IS NULL)");
  CHECK(returned("a<-1") == "(a < (-1))");  // in an expression, <- is a less-than and a minus
}

TEST_CASE("cypher.parse.literals_and_values") {
  CHECK(returned("42") == "42");
  CHECK(returned("0x1F") == "31");
  CHECK(returned("0o17") == "15");
  CHECK(returned("-9223372036854775808") == "-9223372036854775808");
  CHECK(returned("1.5e3") == "1500");
  CHECK(returned(".5") == "0.5");
  CHECK(returned("'it\\'s'") == "'it's'");
  CHECK(returned("\"say \\\"hi\\\"\"") == "'say \"hi\"'");
  CHECK(returned("'\\u542F\\u660E'") == "'启明'");
  CHECK(returned("'启明'") == "'启明'");
  CHECK(returned("TRUE") == "true");
  CHECK(returned("null") == "null");
  CHECK(returned("$name") == "$name");
  CHECK(returned("$0") == "$0");
  CHECK(returned("[1, 'a', [true]]") == "[1, 'a', [true]]");
  CHECK(returned("[]") == "[]");
  CHECK(returned("{name: 'Qiming', `start date`: 2019}") == "{name: 'Qiming', start date: 2019}");
  CHECK(returned("{}") == "{}");
  CHECK(returned("`weird name`") == "weird name");
  CHECK(returned("/* a comment */ 1 // and another") == "1");
}

TEST_CASE("cypher.parse.access_calls_case_comprehensions_quantifiers") {
  CHECK(returned("n.a.b") == "n.a.b");
  CHECK(returned("list[0]") == "list[0]");
  CHECK(returned("list[1..3]") == "list[1..3]");
  CHECK(returned("list[..3]") == "list[..3]");
  CHECK(returned("list[2..]") == "list[2..]");
  CHECK(returned("list[null..]") == "list[null..]");
  CHECK(returned("reduce(s = 0, x IN [1, 2] | s + x)") == "reduce(s = 0, x IN [1, 2] | (s + x))");
  CHECK(returned("n {.name, .*, k: 1 + 2, m}") == "n {.name, .*, k: (1 + 2), m: m}");
  CHECK(returned("count(*)") == "count(*)");
  CHECK(returned("count(DISTINCT n.name)") == "count(DISTINCT n.name)");
  CHECK(returned("dossier.resolve('Kimming')") == "dossier.resolve('Kimming')");
  CHECK(returned("toLower(trim(' Q '))") == "toLower(trim(' Q '))");
  CHECK(returned("CASE n.x WHEN 1 THEN 'one' ELSE 'many' END") == "CASE subject[n.x; 1; 'one'; 'many'] else");
  CHECK(returned("CASE WHEN a THEN 1 WHEN b THEN 2 END") == "CASE[a; 1; b; 2]");
  CHECK(returned("[x IN range(1, 5) WHERE x % 2 = 1 | x * x]") == "[x IN range(1, 5) WHERE ((x % 2) = 1) | (x * x)]");
  CHECK(returned("[x IN l | x.name]") == "[x IN l WHERE null | x.name]");
  CHECK(returned("all(x IN l WHERE x > 0)") == "all(x IN l WHERE (x > 0))");
  CHECK(returned("none(x IN l WHERE x IS NULL)") == "none(x IN l WHERE (x IS NULL))");
  CHECK(returned("any(l)") == "any(l)");  // not a quantifier: an ordinary call
  // Label predicates and patterns as predicates.
  CHECK(returned("n:Person:Agent AND m:`Shell Co`") == "((n:Person:Agent) AND (m:Shell Co))");
  CHECK(returned("NOT (n)-[:recruits_for]->(:Program)") == "(NOT pattern(n, 1 steps))");
  CHECK(returned("(n)<--(m)-[*2]-() OR (n)--()") == "(pattern(n, 2 steps) OR pattern(n, 1 steps))");
  CHECK(returned("(a) - 1") == "(a - 1)");      // arithmetic, not a pattern
  CHECK(returned("(a) - (b)") == "(a - b)");
  CHECK(returned("[(n)-[:T]->(m) WHERE m.x > 1 | m.name]") == "[=pattern(n, 1 steps) WHERE (m.x > 1) | m.name]");
  CHECK(returned("[p = (n)-->() | length(p)]") == "[p=pattern(n, 1 steps) WHERE null | length(p)]");
  CHECK(returned("[(a) - 1, 2]") == "[(a - 1), 2]");
  // Existential subqueries: a pattern with WHERE, or a query whose RETURN is optional.
  CHECK(returned("exists { (n)-[r]->(m) WHERE type(r) = 'T' }") == "exists(1 clauses)");
  CHECK(returned("EXISTS { MATCH (n)-->(m) WITH m WHERE m.x > 1 }") == "exists(2 clauses)");
  CHECK(returned("NOT exists { MATCH (m) WHERE exists { (n)-->(m) } RETURN true }") == "(NOT exists(2 clauses))");
  CHECK(returned("exists(n.name)") == "exists(n.name)");  // the function, not a subquery
}

TEST_CASE("cypher.parse.patterns") {
  const auto s = parse(
      "MATCH p = (prog:Program {name: 'Qiming'})<-[r:recruits_for|funds*1..3]-(c:Company:Platform), (x)-->(y)-[*]-(z)\n"
      "RETURN p");
  const auto& m = std::get<match_clause>(s.queries[0].clauses[0]);
  REQUIRE(m.patterns.size() == 2);
  const auto& p = m.patterns[0];
  CHECK(p.variable == "p");
  CHECK(p.start.variable == "prog");
  CHECK(p.start.labels == std::vector<std::string>{"Program"});
  CHECK(show(*p.start.properties) == "{name: 'Qiming'}");
  REQUIRE(p.steps.size() == 1);
  const auto& [r, c] = p.steps[0];
  CHECK(r.variable == "r");
  CHECK(r.types == std::vector<std::string>{"recruits_for", "funds"});
  CHECK(r.direction == arrow::left);
  CHECK(r.variable_length);
  CHECK(r.min == 1u);
  CHECK(r.max == 3u);
  CHECK(c.labels == std::vector<std::string>{"Company", "Platform"});
  const auto& q = m.patterns[1];
  REQUIRE(q.steps.size() == 2);
  CHECK(q.steps[0].first.direction == arrow::right);
  CHECK_FALSE(q.steps[0].first.variable_length);
  CHECK(q.steps[1].first.direction == arrow::either);
  CHECK(q.steps[1].first.variable_length);
  CHECK_FALSE(q.steps[1].first.min);
  CHECK_FALSE(q.steps[1].first.max);
  // Lengths: *2 is exactly two, *..3 at most three, *2.. at least two.
  const auto length = [](const std::string& star) {
    const auto st = parse("MATCH (a)-[" + star + "]->(b) RETURN a");
    const auto& rel = std::get<match_clause>(st.queries[0].clauses[0]).patterns[0].steps[0].first;
    return (rel.min ? std::to_string(*rel.min) : "-") + ".." + (rel.max ? std::to_string(*rel.max) : "-");
  };
  CHECK(length("*2") == "2..2");
  CHECK(length("*..3") == "-..3");
  CHECK(length("*2..") == "2..-");
  CHECK(length(":T*0..1") == "0..1");
  CHECK(length("*3..1") == "3..1");  // matches nothing, but is not an error
  // <--> is either direction, like --.
  const auto both = parse("MATCH (a)<-[r]->(b)<-->(c) RETURN a");
  const auto& both_steps = std::get<match_clause>(both.queries[0].clauses[0]).patterns[0].steps;
  CHECK(both_steps[0].first.direction == arrow::either);
  CHECK(both_steps[1].first.direction == arrow::either);
  // shortestPath and the GQL path modes.
  const auto sp = parse("MATCH TRAIL p = shortestPath((a:Person)-[:knows*]-(b:Person)) RETURN p");
  const auto& spm = std::get<match_clause>(sp.queries[0].clauses[0]);
  CHECK(spm.path_mode == "TRAIL");
  CHECK(spm.patterns[0].function == "shortestPath");
  CHECK(spm.patterns[0].variable == "p");
}

TEST_CASE("cypher.parse.clauses") {
  const auto s = parse(
      "match (p:Program) optional match (p)<-[:recruits_for]-(c)\n"
      "with p, count(c) AS recruiters where recruiters > 1\n"
      "unwind [1, 2] as k\n"
      "return distinct p.name, recruiters + k AS score order by score desc, p.name skip 1 limit $n\n"
      "union all match (x) return x.name;");
  REQUIRE(s.queries.size() == 2);
  CHECK(s.union_all == std::vector<bool>{true});
  const auto& q = s.queries[0].clauses;
  REQUIRE(q.size() == 5);
  CHECK_FALSE(std::get<match_clause>(q[0]).optional);
  CHECK(std::get<match_clause>(q[1]).optional);
  const auto& with = std::get<projection_clause>(q[2]);
  CHECK_FALSE(with.is_return);
  REQUIRE(with.items.size() == 2);
  CHECK(with.items[1].alias == "recruiters");
  CHECK(show(*with.where) == "(recruiters > 1)");
  CHECK(std::get<unwind_clause>(q[3]).variable == "k");
  const auto& ret = std::get<projection_clause>(q[4]);
  CHECK(ret.is_return);
  CHECK(ret.distinct);
  CHECK(ret.items[0].text == "p.name");  // the column's default name is the text as written
  CHECK(ret.items[1].alias == "score");
  REQUIRE(ret.order.size() == 2);
  CHECK(ret.order[0].descending);
  CHECK_FALSE(ret.order[1].descending);
  CHECK(show(*ret.skip) == "1");
  CHECK(show(*ret.limit) == "$n");
  // Found by cypher_fuzz: reading a<-1 once changed the tokens under a RETURN item's text.
  const auto arrow = parse("RETURN a<-1 AS below, x");
  const auto& items = std::get<projection_clause>(arrow.queries[0].clauses[0]).items;
  REQUIRE(items.size() == 2);
  CHECK(items[0].text == "a<-1");
  CHECK(items[0].alias == "below");
  CHECK(show(*items[0].value) == "(a < (-1))");
  CHECK(items[1].text == "x");
  const auto star = parse("MATCH (a) RETURN *");
  CHECK(std::get<projection_clause>(star.queries[0].clauses[1]).star);
}

TEST_CASE("cypher.parse.errors_name_line_and_column_with_a_caret") {
  try {
    (void)parse("MATCH (a:Program)\nRETURN a.name +");
    FAIL("parsed");
  } catch (const syntax_error& e) {
    CHECK(e.line() == 2);
    CHECK(e.column() == 16);
    CHECK(std::string(e.what()) ==
          "[dossier.cypher.syntax] line 2, column 16: expected an expression, found the end of the statement\n  RETURN a.name +\n                 ^");
  }
  check_syntax_error("MATCH (a RETURN a", 1, 10, "expected ')', found 'RETURN'");
  check_syntax_error("MATCH (a)", 1, 10, "a query must end with RETURN");
  check_syntax_error("RETURN 'never closed", 1, 8, "a string is never closed");
  check_syntax_error("RETURN `never closed", 1, 8, "a `quoted name` is never closed");
  check_syntax_error("RETURN 1 /* open", 1, 10, "a comment is never closed");
  check_syntax_error("RETURN 'bad \\q escape'", 1, 13, "unknown escape \\q");
  check_syntax_error("RETURN '\\uD800'", 1, 8, "Unicode scalar value");
  check_syntax_error("RETURN 9223372036854775808", 1, 8, "does not fit 64 bits");
  check_syntax_error("RETURN 99999999999999999999", 1, 8, "does not fit 64 bits");
  check_syntax_error("RETURN 12abc", 1, 8, "a number runs into a name");
  check_syntax_error("RETURN a ? b", 1, 10, "unexpected character '?'");
  check_syntax_error("MATCH (a)-[*-2]->(b) RETURN a", 1, 13, "expected ']'");
  check_syntax_error("MATCH (a)-[:T..]->(b) RETURN a", 1, 14, "expected ']'");
  check_syntax_error("MATCH p = shortestPath((a)-->(b)-->(c)) RETURN p", 1, 39, "one relationship");
  check_syntax_error("RETURN 1 RETURN 2", 1, 10, "expected the end of the statement");
  check_syntax_error("", 1, 1, "expected a clause");
  check_syntax_error("RETURN CASE END", 1, 16, "expected WHEN");  // END was read as the subject
  check_syntax_error("RETURN $", 1, 8, "a $ must be followed");
  check_syntax_error("RETURN {a 1}", 1, 11, "expected ':'");
  check_syntax_error("MATCH (n) WHERE exists { (n)-->() RETURN n", 1, 35, "expected '}'");
  // Multi-byte text before the place: the caret counts characters.
  try {
    (void)parse("RETURN '启明' +");
    FAIL("parsed");
  } catch (const syntax_error& e) {
    CHECK(std::string(e.what()).ends_with("RETURN '启明' +\n               ^"));
  }
}

TEST_CASE("cypher.parse.hostile_input_is_refused_cleanly") {
  // Nesting deeper than the limit: a syntax error, not a stack overflow.
  check_syntax_error("RETURN " + std::string(100'000, '('), 1, 8 + config::max_cypher_depth / 2, "nests deeper than");
  check_syntax_error("RETURN " + std::string(100'000, '['), 1, 8 + config::max_cypher_depth / 2, "nests deeper than");
  check_syntax_error("RETURN " + std::string(100'000, '-') + "1", 1, 8 + config::max_cypher_depth - 1, "nests deeper than");
  CHECK(returned(std::string(50'000, 'N')).size() == 50'000);  // a very long name is only a name
  // Within the limit, deep text parses.
  CHECK(returned(std::string(60, '(') + "1" + std::string(60, ')')) == "1");
  // A statement over the size limit.
  try {
    (void)parse("RETURN '" + std::string(config::max_cypher_bytes, 'x') + "'");
    FAIL("parsed");
  } catch (const syntax_error& e) {
    CHECK(std::string(e.what()).find("at most") != std::string::npos);
  }
  // Bytes that are not UTF-8, in a string and in a name.
  check_syntax_error("RETURN 'a\xff'", 1, 8, "not valid UTF-8");
  check_syntax_error("RETURN a\xff", 1, 8, "not valid UTF-8");
}
