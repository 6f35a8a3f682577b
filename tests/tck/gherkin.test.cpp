// The TCK runner's Gherkin reader (tests/tck/gherkin.hpp): outlines expand one scenario per
// row, doc strings lose their indentation, tables unescape, lines are kept, and malformed text
// is refused with its line.
#include <doctest/doctest.h>

#include "tck/gherkin.hpp"

#include <string>

using namespace tck::gherkin;

namespace {

// Line numbers below count from this first line.
constexpr const char* sample = R"(#encoding: utf-8
@feature-tag
Feature: Sample - things

  Background:
    Given an empty graph

  # a comment
  @skipStyleCheck
  Scenario: [1] Plain
    Describing text under a header is allowed.
    And having executed:
      """
      CREATE (:A)
        -[:T]->(:B)
      """
    When executing query:
      """
      MATCH (n) RETURN n
      """
    Then the result should be, in any order:
      | n    | x \| y |
      | (:A) | 'a\\b'  |

  Scenario Outline: [2] Outline <v>
    When executing query:
      """
      RETURN <v> AS v
      """
    Then the result should be, in any order:
      | v   |
      | <v> |

    Examples:
      | v    |
      | 1    |
      | 'x'  |

    @second
    Examples:
      | v   |
      | 2.5 |
)";

}  // namespace

TEST_CASE("tck.gherkin.feature_and_background") {
  const auto f = parse_feature(sample, "Sample.feature");
  CHECK(f.name == "Sample - things");
  CHECK(f.file == "Sample.feature");
  REQUIRE(f.scenarios.size() == 4);
  const auto& plain = f.scenarios[0];
  CHECK(plain.name == "[1] Plain");
  CHECK(plain.line == 10);
  CHECK(!plain.from_outline);
  CHECK(plain.tags == std::vector<std::string>{"@feature-tag", "@skipStyleCheck"});
  REQUIRE(plain.steps.size() == 4);
  CHECK(plain.steps[0].keyword == "Given");
  CHECK(plain.steps[0].text == "an empty graph");
  CHECK(plain.steps[0].line == 6);
  CHECK(plain.steps[1].keyword == "And");
  CHECK(plain.steps[1].text == "having executed:");
}

TEST_CASE("tck.gherkin.doc_string_keeps_relative_indentation") {
  const auto f = parse_feature(sample, "Sample.feature");
  const auto& st = f.scenarios[0].steps[1];
  REQUIRE(st.doc_string);
  CHECK(*st.doc_string == "CREATE (:A)\n  -[:T]->(:B)");
  CHECK(st.line == 12);
}

TEST_CASE("tck.gherkin.table_cells_unescape") {
  const auto f = parse_feature(sample, "Sample.feature");
  const auto& t = f.scenarios[0].steps[3].data_table;
  REQUIRE(t.size() == 2);
  CHECK(t[0] == std::vector<std::string>{"n", "x | y"});
  CHECK(t[1] == std::vector<std::string>{"(:A)", "'a\\b'"});  // \\ is one backslash
}

TEST_CASE("tck.gherkin.outline_expands_per_row") {
  const auto f = parse_feature(sample, "Sample.feature");
  const auto& one = f.scenarios[1];
  CHECK(one.from_outline);
  CHECK(one.name == "[2] Outline 1");
  CHECK(one.line == 36);  // the example row's line
  REQUIRE(one.steps.size() == 3);  // the background's step, then the outline's
  CHECK(*one.steps[1].doc_string == "RETURN 1 AS v");
  CHECK(one.steps[2].data_table[1][0] == "1");
  CHECK(f.scenarios[2].name == "[2] Outline 'x'");
  CHECK(f.scenarios[2].line == 37);
  CHECK(*f.scenarios[2].steps[1].doc_string == "RETURN 'x' AS v");
  const auto& third = f.scenarios[3];
  CHECK(third.line == 42);
  CHECK(third.steps[2].data_table[1][0] == "2.5");
  CHECK(third.tags == std::vector<std::string>{"@feature-tag", "@second"});
}

TEST_CASE("tck.gherkin.unknown_placeholder_stays") {
  const auto f = parse_feature("Feature: F\n  Scenario Outline: S\n    When executing query:\n      \"\"\"\n"
                               "      RETURN 1 <a> 2, <b>\n      \"\"\"\n    Examples:\n      | b |\n      | <a> |\n",
                               "f");
  REQUIRE(f.scenarios.size() == 1);
  CHECK(*f.scenarios[0].steps[0].doc_string == "RETURN 1 <a> 2, <a>");  // substituted once, not again
}

TEST_CASE("tck.gherkin.malformed_input_names_the_line") {
  const auto error_line = [](const char* text) {
    try {
      (void)parse_feature(text, "bad.feature");
    } catch (const gherkin_error& e) {
      CHECK(std::string(e.what()).starts_with("bad.feature:"));
      return e.line();
    }
    FAIL("no error for: " << text);
    return std::size_t{0};
  };
  CHECK(error_line("Feature: F\n  Scenario: S\n    When executing query:\n      \"\"\"\n      RETURN 1\n") == 4);
  CHECK(error_line("Feature: F\n  Scenario: S\n    Then x:\n      | a | b |\n      | 1 |\n") == 5);
  CHECK(error_line("Feature: F\n  Given an empty graph\n") == 2);
  CHECK(error_line("Feature: F\n  Scenario: S\n    Then x:\n      | a | b\n") == 4);
  CHECK(error_line("Feature: F\n  Scenario: S\n    Given an empty graph\n    stray text\n") == 4);
  CHECK(error_line("Feature: F\n  Scenario: S\n    Examples:\n") == 3);
  CHECK(error_line("  Scenario: S\n") == 1);
  CHECK(error_line("# nothing\n") == 1);
}
