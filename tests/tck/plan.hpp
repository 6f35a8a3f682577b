#pragma once
// A scenario's steps as actions for the runner, by the step definitions of openCypher's tck-api
// (TCKStepDefinitions): the text of each step decides what it does, whatever its keyword.
// Reading the steps apart from running them lets a scenario that the runner cannot run be
// skipped, with the reason, before anything runs.

#include "tck/checks.hpp"
#include "tck/gherkin.hpp"
#include "tck/values.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tck {

struct action {
  enum class kind : std::uint8_t {
    named_graph,     // text: the graph's name ("Given an empty graph" and "any graph" need no action)
    setup_query,     // "having executed:"; an error fails the scenario
    parameters,      // "parameters are:"
    measure,         // the graph's state, before every "executing query:" as in the tck-api
    query,           // "executing query:"
    control_query,   // "executing control query:" (not measured)
    expect_rows,     // "the result should be, ...:"
    expect_empty,    // "the result should be empty"
    expect_error,    // "a TypeError should be raised at runtime: ..."
    expect_effects,  // "no side effects", "the side effects should be:"
  };
  kind type{};
  std::size_t line = 0;  // of the step
  std::string text;      // a query, or a graph's name
  std::vector<std::pair<std::string, value>> parameters;
  result_table table;
  row_order rows = row_order::any;
  list_order lists = list_order::strict;
  expected_error error;
  side_effects effects;
};

struct plan {
  std::vector<action> actions;
  std::optional<std::string> skip;  // why the runner cannot run the scenario
};

[[nodiscard]] plan make_plan(const gherkin::scenario& s);

// A named graph's script as statements: split at semicolons outside strings, quoted names and
// comments (named-graphs.adoc: "the statements in the script files are separated by the
// semicolon character"). Blank statements are dropped.
[[nodiscard]] std::vector<std::string> split_statements(std::string_view script);

}  // namespace tck
