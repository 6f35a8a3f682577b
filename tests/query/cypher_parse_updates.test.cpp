// The Cypher parser's write clauses and CALL (query/cypher_syntax.hpp): CREATE, MERGE with
// ON CREATE / ON MATCH, SET, REMOVE, DELETE, DETACH DELETE, CALL ... YIELD, how they end a
// query, and the errors for text that is not one of them.
#include <doctest/doctest.h>

#include "cypher_syntax_checks.hpp"

#include <dossier/core/error.hpp>
#include <dossier/query/cypher_syntax.hpp>

#include <string>

using namespace dossier;
using namespace dossier::cypher_syntax;

using testing_support::check_syntax_error;

namespace {

// An expression as short text: enough to tell targets and values apart.
std::string show(const expr& e) {
  const auto arg = [&](std::size_t i) { return show(*e.args[i]); };
  switch (e.kind) {
    case expr_kind::literal: return e.literal.is_null() ? "null" : e.literal.kind() == value_kind::string ? "'" + e.literal.as_string() + "'" : e.literal.to_string();
    case expr_kind::parameter: return "$" + e.name;
    case expr_kind::variable: return e.name;
    case expr_kind::property: return arg(0) + "." + e.name;
    case expr_kind::index: return arg(0) + "[" + arg(1) + "]";
    case expr_kind::binary: return "(" + arg(0) + " " + e.name + " " + arg(1) + ")";
    case expr_kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + e.keys[i] + ": " + arg(i);
      return out + "}";
    }
    case expr_kind::call: {
      std::string out = e.name + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + arg(i);
      return out + ")";
    }
    default: return "?";
  }
}

// The clauses of a statement of one query.
std::vector<clause> clauses_of(const std::string& text) {
  auto s = parse(text);
  REQUIRE(s.queries.size() == 1);
  return std::move(s.queries[0].clauses);
}

}  // namespace

TEST_CASE("cypher.parse.create") {
  const auto q = clauses_of("CREATE (a:Person:Agent {name: 'Li'}), p = (a)-[:RECRUITS {since: 2019}]->(b:Program)<-[r:FUNDS]-(c)");
  REQUIRE(q.size() == 1);  // a query may end with a write clause
  const auto& c = std::get<create_clause>(q[0]);
  CHECK(c.at.column == 1);
  REQUIRE(c.patterns.size() == 2);
  CHECK(c.patterns[0].start.variable == "a");
  CHECK(c.patterns[0].start.labels == std::vector<std::string>{"Person", "Agent"});
  CHECK(show(*c.patterns[0].start.properties) == "{name: 'Li'}");
  const auto& p = c.patterns[1];
  CHECK(p.variable == "p");  // a named path
  CHECK(p.at.column == 39);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[0].first.types == std::vector<std::string>{"RECRUITS"});
  CHECK(p.steps[0].first.direction == arrow::right);
  CHECK(show(*p.steps[0].first.properties) == "{since: 2019}");
  CHECK(p.steps[1].first.variable == "r");
  CHECK(p.steps[1].first.direction == arrow::left);
  CHECK(p.steps[1].second.variable == "c");
  // Direction and type count are the binder's to check (it reports them with details).
  const auto loose = clauses_of("CREATE (a)-[:A|B]-(b)");
  CHECK(std::get<create_clause>(loose[0]).patterns[0].steps[0].first.direction == arrow::either);
  // Several write clauses, then RETURN.
  const auto more = clauses_of("CREATE (a) CREATE (b) RETURN a, b");
  REQUIRE(more.size() == 3);
  CHECK(std::holds_alternative<create_clause>(more[1]));
  CHECK(std::get<projection_clause>(more[2]).is_return);
}

TEST_CASE("cypher.parse.merge") {
  const auto q = clauses_of(
      "MERGE p = (a:Person {name: $name})-[:KNOWS]->(b)\n"
      "ON CREATE SET a.created = timestamp(), a.n = 1\n"
      "ON MATCH SET a.seen = true\n"
      "ON CREATE SET a:New\n"
      "RETURN a");
  REQUIRE(q.size() == 2);
  const auto& m = std::get<merge_clause>(q[0]);
  CHECK(m.pattern.variable == "p");
  CHECK(m.pattern.start.labels == std::vector<std::string>{"Person"});
  CHECK(show(*m.pattern.start.properties) == "{name: $name}");
  REQUIRE(m.pattern.steps.size() == 1);
  REQUIRE(m.on_create.size() == 3);  // both ON CREATE SETs, in order
  CHECK(show(*m.on_create[0].target) == "a.created");
  CHECK(show(*m.on_create[0].value) == "timestamp()");
  CHECK(show(*m.on_create[1].value) == "1");
  CHECK(m.on_create[2].kind == update_kind::labels);
  CHECK(m.on_create[2].labels == std::vector<std::string>{"New"});
  CHECK(m.on_create[2].at.line == 4);
  CHECK(m.on_create[2].at.column == 15);
  REQUIRE(m.on_match.size() == 1);
  CHECK(m.on_match[0].kind == update_kind::property);
  CHECK(show(*m.on_match[0].value) == "true");
  const auto bare = clauses_of("MATCH (a) MERGE (a)-[:T]->(:B)");
  REQUIRE(bare.size() == 2);
  const auto& bm = std::get<merge_clause>(bare[1]);
  CHECK(bm.at.column == 11);
  CHECK(bm.on_create.empty());
  CHECK(bm.on_match.empty());
}

TEST_CASE("cypher.parse.set") {
  const auto q = clauses_of("MATCH (n) SET n.x = 1, n = {a: 2}, n += $props, n:A:`B c`, (n).y = n.x + 1, n.a.b = 'deep' RETURN n");
  REQUIRE(q.size() == 3);
  const auto& s = std::get<set_clause>(q[1]);
  CHECK(s.at.column == 11);
  REQUIRE(s.items.size() == 6);
  CHECK(s.items[0].kind == update_kind::property);
  CHECK(s.items[0].target->kind == expr_kind::property);
  CHECK(show(*s.items[0].target) == "n.x");
  CHECK(show(*s.items[0].value) == "1");
  CHECK(s.items[0].at.column == 15);
  CHECK(s.items[1].kind == update_kind::replace_properties);
  CHECK(s.items[1].target->kind == expr_kind::variable);
  CHECK(show(*s.items[1].value) == "{a: 2}");
  CHECK(s.items[2].kind == update_kind::merge_properties);
  CHECK(show(*s.items[2].target) == "n");
  CHECK(show(*s.items[2].value) == "$props");
  CHECK(s.items[3].kind == update_kind::labels);
  CHECK(show(*s.items[3].target) == "n");
  CHECK(s.items[3].labels == std::vector<std::string>{"A", "B c"});
  CHECK_FALSE(s.items[3].value);
  CHECK(show(*s.items[4].target) == "n.y");  // (n).y: an atom with a property lookup
  CHECK(show(*s.items[4].value) == "(n.x + 1)");
  CHECK(show(*s.items[5].target) == "n.a.b");
  // SET ends a query, and a WITH may follow it.
  CHECK(clauses_of("MATCH (n) SET n.x = 1").size() == 2);
  CHECK(clauses_of("MATCH (n) SET n.x = 1 WITH n MATCH (m) RETURN m").size() == 5);
  CHECK(std::holds_alternative<set_clause>(clauses_of("MATCH (n) SET n.x = 1 RETURN n")[1]));
}

TEST_CASE("cypher.parse.remove") {
  const auto q = clauses_of("MATCH (n) REMOVE n.x, n:A:B, (n).y, n.a.b");
  REQUIRE(q.size() == 2);
  const auto& r = std::get<remove_clause>(q[1]);
  REQUIRE(r.items.size() == 4);
  CHECK(r.items[0].kind == update_kind::property);
  CHECK(show(*r.items[0].target) == "n.x");
  CHECK_FALSE(r.items[0].value);
  CHECK(r.items[1].kind == update_kind::labels);
  CHECK(show(*r.items[1].target) == "n");
  CHECK(r.items[1].labels == std::vector<std::string>{"A", "B"});
  CHECK(r.items[1].at.column == 23);
  CHECK(show(*r.items[2].target) == "n.y");
  CHECK(show(*r.items[3].target) == "n.a.b");
}

TEST_CASE("cypher.parse.delete") {
  const auto q = clauses_of("MATCH p = (n)-[r]->() DELETE r, p, n.list[0] DETACH DELETE n");
  REQUIRE(q.size() == 3);
  const auto& d = std::get<delete_clause>(q[1]);
  CHECK_FALSE(d.detach);
  CHECK(d.at.column == 23);
  REQUIRE(d.targets.size() == 3);
  CHECK(show(*d.targets[0]) == "r");
  CHECK(show(*d.targets[1]) == "p");
  CHECK(show(*d.targets[2]) == "n.list[0]");
  const auto& dd = std::get<delete_clause>(q[2]);
  CHECK(dd.detach);
  CHECK(dd.at.column == 46);  // at DETACH
  REQUIRE(dd.targets.size() == 1);
  CHECK(show(*dd.targets[0]) == "n");
  // Lower-case keywords, a RETURN after, and a trailing semicolon.
  const auto lower = clauses_of("match (n) detach delete n return count(*);");
  CHECK(std::get<delete_clause>(lower[1]).detach);
}

TEST_CASE("cypher.parse.call") {
  const auto q = clauses_of("CALL dossier.resolve('Kimming', 'Program') YIELD node, score AS s WHERE s > 0.5 RETURN node.name, s");
  REQUIRE(q.size() == 2);
  const auto& c = std::get<call_clause>(q[0]);
  CHECK(c.procedure == "dossier.resolve");
  CHECK(c.has_arguments);
  REQUIRE(c.arguments.size() == 2);
  CHECK(show(*c.arguments[1]) == "'Program'");
  CHECK_FALSE(c.yield_star);
  CHECK(c.yields == std::vector<std::pair<std::string, std::string>>{{"node", "node"}, {"score", "s"}});
  CHECK(show(*c.where) == "(s > 0.5)");
  // A standalone CALL is a whole statement: without parentheses (arguments from parameters),
  // with YIELD *, with YIELD and no RETURN, with backquoted name parts.
  const auto implicit_query = clauses_of("CALL test.my.proc");
  const auto& implicit = std::get<call_clause>(implicit_query[0]);
  CHECK(implicit.procedure == "test.my.proc");
  CHECK_FALSE(implicit.has_arguments);
  CHECK(implicit.arguments.empty());
  CHECK(std::get<call_clause>(clauses_of("CALL db.labels() YIELD *")[0]).yield_star);
  const auto empty_query = clauses_of("CALL `my ns`.`proc`()");
  const auto& empty = std::get<call_clause>(empty_query[0]);
  CHECK(empty.procedure == "my ns.proc");
  CHECK(empty.has_arguments);
  CHECK(empty.arguments.empty());
  CHECK(empty.yields.empty());
  CHECK(std::get<call_clause>(clauses_of("CALL p() YIELD x")[0]).yields.size() == 1);
  // CALL among other clauses.
  const auto inner = clauses_of("MATCH (n) CALL test.f(n.x) YIELD y WITH n, y CALL g() RETURN y");
  REQUIRE(inner.size() == 5);
  CHECK(std::get<call_clause>(inner[1]).procedure == "test.f");
  CHECK(std::get<call_clause>(inner[3]).procedure == "g");
}

TEST_CASE("cypher.parse.query_endings") {
  CHECK(std::holds_alternative<create_clause>(clauses_of("CREATE (a)-[:T]->(b)")[0]));
  CHECK(clauses_of("UNWIND [1, 2] AS x MERGE (:N {x: x})").size() == 2);
  CHECK(clauses_of("MATCH (n) DELETE n").size() == 2);
  CHECK(parse("CREATE (a) RETURN a UNION CREATE (b) RETURN b").queries.size() == 2);
  // A read-only query still needs RETURN; so does a CALL that is not the whole statement.
  check_syntax_error("MATCH (n) WITH n", 1, 17, "a query must end with RETURN or a write clause");
  check_syntax_error("MATCH (n) CALL p()", 1, 19, "a query must end with RETURN");
  check_syntax_error("RETURN 1 AS x UNION CALL p()", 1, 29, "a query must end with RETURN");
  check_syntax_error("CALL p() UNION RETURN 1", 1, 10, "a standalone CALL cannot be joined with UNION");
  // openCypher: reading after writing needs a WITH between.
  check_syntax_error("CREATE (a) MATCH (b) RETURN b", 1, 12, "WITH is required between CREATE and MATCH");
  check_syntax_error("MATCH (a) DETACH DELETE a OPTIONAL MATCH (b) RETURN b", 1, 27, "between DETACH DELETE and OPTIONAL MATCH");
  check_syntax_error("SET n.x = 1 UNWIND [1] AS y RETURN y", 1, 13, "between SET and UNWIND");
}

TEST_CASE("cypher.parse.write_clause_errors") {
  check_syntax_error("MATCH (n) SET n.x 1", 1, 19, "expected '=' after SET n.x, found '1'");
  check_syntax_error("MATCH (n) SET n 1", 1, 17, "expected '=', '+=' or a label after SET n, found '1'");
  check_syntax_error("MATCH (n) SET n.x += 1", 1, 19, "expected '=' after SET n.x, found '+='");
  check_syntax_error("MATCH (n) SET", 1, 14, "expected an item to set after SET");
  check_syntax_error("MATCH (n) SET RETURN n", 1, 22, "after SET RETURN, found 'n'");
  check_syntax_error("MATCH (n) SET n.x = 1,", 1, 23, "expected an item to set after SET");
  check_syntax_error("MATCH (n) SET 1 = 2", 1, 15, "SET needs a property (n.p), a variable");
  check_syntax_error("MATCH (n) SET n:", 1, 17, "expected a label");
  check_syntax_error("MATCH (n) SET n.x =", 1, 20, "expected an expression");
  check_syntax_error("MATCH (n) REMOVE n", 1, 19, "expected a property (n.p) or labels (n:Label) to remove after REMOVE n");
  check_syntax_error("MATCH (n) REMOVE", 1, 17, "expected an item to remove after REMOVE");
  check_syntax_error("MATCH (n) DELETE", 1, 17, "expected what to delete after DELETE");
  check_syntax_error("MATCH (n) DELETE ;", 1, 18, "expected what to delete after DELETE");
  check_syntax_error("MATCH (n) DETACH n", 1, 18, "expected DELETE after DETACH, found 'n'");
  check_syntax_error("MERGE (a), (b)", 1, 10, "MERGE takes exactly one path pattern");
  check_syntax_error("MERGE (a) ON SET a.x = 1", 1, 14, "expected CREATE or MATCH after ON, found 'SET'");
  check_syntax_error("MERGE (a) ON CREATE a.x = 1", 1, 21, "expected SET after ON CREATE, found 'a'");
  check_syntax_error("MERGE (a) ON MATCH SET", 1, 23, "expected an item to set after SET");
  check_syntax_error("CREATE", 1, 7, "expected '('");
  check_syntax_error("CREATE (a)-[:T*2]->(b)", 1, 11, "CREATE cannot use a relationship of variable length (*)");
  check_syntax_error("MERGE (a)-[*]->(b)", 1, 10, "MERGE cannot use a relationship of variable length");
  // Procedure names.
  check_syntax_error("CALL", 1, 5, "expected a procedure name after CALL, found the end of the statement");
  check_syntax_error("CALL 1()", 1, 6, "expected a procedure name after CALL, found '1'");
  check_syntax_error("CALL proc.()", 1, 11, "expected a procedure name after '.', found '('");
  check_syntax_error("CALL .proc()", 1, 6, "expected a procedure name after CALL");
  check_syntax_error("CALL p(1 YIELD x", 1, 10, "expected ')'");
  check_syntax_error("CALL p() YIELD", 1, 15, "expected a result field after YIELD");
  check_syntax_error("CALL p() YIELD x AS", 1, 20, "expected a variable after AS");
}

TEST_CASE("cypher.parse.no_writes_inside_exists") {
  check_syntax_error("MATCH (n) WHERE exists { CREATE (m) } RETURN n", 1, 26, "CREATE is not allowed inside EXISTS { }");
  check_syntax_error("MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.x = 1 } RETURN n", 1, 42, "SET is not allowed inside EXISTS");
  check_syntax_error("MATCH (n) WHERE exists { MATCH (m) DETACH DELETE m } RETURN n", 1, 36, "DETACH DELETE is not allowed inside EXISTS");
  check_syntax_error("MATCH (n) WHERE exists { CALL p() } RETURN n", 1, 26, "CALL is not allowed inside EXISTS");
  // Reading inside EXISTS is as before; a write after it is fine.
  const auto q = clauses_of("MATCH (n) WHERE exists { MATCH (n)-->(m) RETURN m } SET n.linked = true");
  REQUIRE(q.size() == 2);
  CHECK(std::get<match_clause>(q[0]).where->kind == expr_kind::exists_subquery);
}
