// The TCK runner's verdicts (tests/tck/checks.hpp, plan.hpp): result tables in any order and in
// order, expected errors, side effects as differences of graph state, the baseline, and how
// steps become actions.
#include <doctest/doctest.h>

#include "tck/checks.hpp"
#include "tck/plan.hpp"

#include <sstream>

using namespace tck;

namespace {

result_table table(std::vector<std::vector<std::string>> cells) { return read_table(cells); }

}  // namespace

TEST_CASE("tck.checks.rows_in_any_order") {
  const auto expected = table({{"a", "b"}, {"1", "'x'"}, {"2", "'y'"}, {"2", "'y'"}});
  CHECK(!compare_tables(expected, table({{"a", "b"}, {"2", "'y'"}, {"1", "'x'"}, {"2", "'y'"}}), row_order::any, list_order::strict));
  const auto fewer = compare_tables(expected, table({{"a", "b"}, {"2", "'y'"}, {"1", "'x'"}}), row_order::any, list_order::strict);
  REQUIRE(fewer);
  CHECK(fewer->find("no row | 2 | 'y' |") != std::string::npos);
  CHECK(fewer->find("expected 3 rows, got 2") != std::string::npos);
  const auto extra = compare_tables(table({{"a"}, {"1"}}), table({{"a"}, {"1"}, {"1.0"}}), row_order::any, list_order::strict);
  REQUIRE(extra);
  CHECK(extra->find("unexpected row | 1.0 |") != std::string::npos);
}

TEST_CASE("tck.checks.rows_in_order") {
  const auto expected = table({{"a"}, {"1"}, {"2"}});
  CHECK(!compare_tables(expected, table({{"a"}, {"1"}, {"2"}}), row_order::strict, list_order::strict));
  const auto swapped = compare_tables(expected, table({{"a"}, {"2"}, {"1"}}), row_order::strict, list_order::strict);
  REQUIRE(swapped);
  CHECK(swapped->starts_with("row 1: expected | 1 |, got | 2 |"));
  CHECK(compare_tables(expected, table({{"a"}, {"1"}}), row_order::strict, list_order::strict)->starts_with("missing row | 2 |"));
}

TEST_CASE("tck.checks.columns_must_agree") {
  const auto why = compare_tables(table({{"a", "b"}}), table({{"b", "a"}}), row_order::any, list_order::strict);
  REQUIRE(why);
  CHECK(*why == "columns [a, b] expected, got [b, a]");
}

TEST_CASE("tck.checks.lists_ignoring_order") {
  const auto expected = table({{"k"}, {"['a', 'b']"}});
  const auto actual = table({{"k"}, {"['b', 'a']"}});
  CHECK(compare_tables(expected, actual, row_order::any, list_order::strict));
  CHECK(!compare_tables(expected, actual, row_order::any, list_order::any));
  CHECK(compare_tables(table({{"k"}, {"1"}}), table({{"k"}, {"1.0"}}), row_order::any, list_order::any));
}

TEST_CASE("tck.checks.read_table_names_the_cell") {
  try {
    (void)table({{"a", "b"}, {"1", "[1"}});
    FAIL("no error");
  } catch (const value_error& e) {
    CHECK(std::string(e.what()).starts_with("row 1, column b:"));
  }
}

TEST_CASE("tck.checks.errors") {
  const expected_error type_error{"TypeError", "runtime", "InvalidArgumentValue"};
  CHECK(check_error(type_error, {"TypeError", "InvalidArgumentValue", false, ""}).pass);
  CHECK(!check_error(type_error, {"TypeError", "InvalidArgumentValue", false, ""}).relied_on_empty_detail);
  const auto no_detail = check_error(type_error, {"TypeError", "", false, ""});
  CHECK(no_detail.pass);
  CHECK(no_detail.relied_on_empty_detail);
  CHECK(!check_error(type_error, {"TypeError", "InvalidArgumentType", false, ""}).pass);
  CHECK(!check_error(type_error, {"TypeError", "InvalidArgumentValue", true, ""}).pass);  // wrong phase
  CHECK(!check_error(type_error, {"SyntaxError", "", false, ""}).pass);
  CHECK(!check_error(type_error, {"", "", false, "std::bad_alloc"}).pass);
  CHECK(check_error({"TypeError", "any time", "X"}, {"TypeError", "X", true, ""}).pass);
  CHECK(check_error({"TypeError", "any time", "X"}, {"TypeError", "X", false, ""}).pass);
  CHECK(check_error({"Error", "runtime", "*"}, {"ArgumentError", "Y", false, ""}).pass);
  const auto why = check_error({"SyntaxError", "compile time", "UndefinedVariable"}, {"SemanticError", "", true, "no such x"});
  CHECK(why.reason == "expected SyntaxError, got SemanticError (no such x)");
}

TEST_CASE("tck.checks.side_effects_are_state_differences") {
  graph_state before{{1, 2}, {10}, {"A", "B"}, {{false, 1, "p", "1"}, {true, 10, "w", "'x'"}}};
  graph_state after{{2, 3}, {10, 11}, {"B", "C", "D"}, {{false, 1, "p", "2"}, {true, 10, "w", "'x'"}, {false, 3, "q", "1"}}};
  const auto d = diff(before, after);
  side_effects want;
  want.counts = {1, 1, 1, 0, 2, 1, 2, 1};  // p changed: one property gone, one new
  CHECK(d == want);
  CHECK(to_text(d) == "+nodes 1, -nodes 1, +relationships 1, +labels 2, -labels 1, +properties 2, -properties 1");
  CHECK(to_text(diff(before, before)) == "none");
}

TEST_CASE("tck.checks.side_effect_table") {
  const auto s = read_side_effects({{"+nodes", "2"}, {"-labels", "1"}});
  CHECK(s.counts[0] == 2);
  CHECK(s.counts[5] == 1);
  CHECK(s.counts[1] == 0);  // unlisted ones are 0
  CHECK_THROWS_AS((void)read_side_effects({{"+vertices", "1"}}), value_error);
  CHECK_THROWS_AS((void)read_side_effects({{"+nodes", "x"}}), value_error);
  CHECK_THROWS_AS((void)read_side_effects({{"+nodes", "1"}, {"+nodes", "1"}}), value_error);
}

TEST_CASE("tck.checks.baseline") {
  std::istringstream in("# comment\nclauses/match 12\n\nexpressions/list 3  # trailing\n");
  const auto b = read_baseline(in);
  CHECK(b == baseline{{"clauses/match", 12}, {"expressions/list", 3}});
  std::ostringstream out;
  write_baseline(out, b);
  std::istringstream again(out.str());
  CHECK(read_baseline(again) == b);
  std::istringstream bad("clauses/match twelve\n");
  CHECK_THROWS_AS((void)read_baseline(bad), value_error);

  const std::set<std::string> ran{"clauses/match"};
  CHECK(regressions(b, {{"clauses/match", 12}, {"expressions/list", 4}}, {"clauses/match", "expressions/list"}).empty());
  const auto fell = regressions(b, {{"clauses/match", 11}}, ran);
  REQUIRE(fell.size() == 2);  // and expressions/list did not run at all
  CHECK(fell[0] == "clauses/match: 11 passed, the baseline is 12");
  CHECK(fell[1] == "expressions/list: 0 passed, the baseline is 3 (the folder did not run)");
}

namespace {

gherkin::scenario scenario_of(const std::string& steps) {
  return gherkin::parse_feature("Feature: F\n  Scenario: S\n" + steps, "f").scenarios.at(0);
}

}  // namespace

TEST_CASE("tck.plan.steps_become_actions") {
  const auto p = make_plan(scenario_of(R"(    Given the binary-tree-1 graph
    And parameters are:
      | x | [1, 'a'] |
    When executing query:
      """
      RETURN $x AS x
      """
    Then the result should be (ignoring element order for lists):
      | x        |
      | ['a', 1] |
    And the side effects should be:
      | +nodes | 1 |
)"));
  REQUIRE(!p.skip);
  using k = action::kind;
  REQUIRE(p.actions.size() == 6);
  CHECK(p.actions[0].type == k::named_graph);
  CHECK(p.actions[0].text == "binary-tree-1");
  CHECK(p.actions[1].parameters.at(0).second.items.size() == 2);
  CHECK(p.actions[2].type == k::measure);
  CHECK(p.actions[3].text == "RETURN $x AS x");
  CHECK(p.actions[4].lists == list_order::any);
  CHECK(p.actions[4].rows == row_order::any);
  CHECK(p.actions[5].effects.counts[0] == 1);
}

TEST_CASE("tck.plan.error_implies_no_side_effects") {
  const auto p = make_plan(scenario_of("    Given any graph\n    When executing query:\n      \"\"\"\n      RETURN x\n      \"\"\"\n"
                                       "    Then a SyntaxError should be raised at compile time: UndefinedVariable\n"));
  REQUIRE(p.actions.size() == 4);
  CHECK(p.actions[2].error.category == "SyntaxError");
  CHECK(p.actions[2].error.phase == "compile time");
  CHECK(p.actions[2].error.detail == "UndefinedVariable");
  CHECK(p.actions[3].type == action::kind::expect_effects);
}

TEST_CASE("tck.plan.unknown_steps_skip") {
  CHECK(make_plan(scenario_of("    Given a frobnicated graph\n")).skip->find("unknown step") != std::string::npos);
  CHECK(make_plan(scenario_of("    And there exists a procedure test.labels() :: (label :: STRING?):\n      | label |\n"))
            .skip->find("procedure") != std::string::npos);
  CHECK(make_plan(scenario_of("    Then the result should be, in order:\n      | a |\n      | [1 |\n"))
            .skip->find("cannot read the expected result") != std::string::npos);
  CHECK(make_plan(scenario_of("    Then a TypeError should be raised at sometime: X\n")).skip);
}

TEST_CASE("tck.plan.split_statements") {
  const auto s = split_statements("CREATE (:A {s: 'x;y'});\nCREATE (:`B;`) // c;\n;\n  \nMATCH (n) RETURN n");
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "CREATE (:A {s: 'x;y'})");
  CHECK(s[1] == "\nCREATE (:`B;`) // c;\n");
  CHECK(s[2] == "\n  \nMATCH (n) RETURN n");
  CHECK(split_statements(" ; \n").empty());
}
