#pragma once
// The TCK's verdicts, apart from the engine: result tables, expected errors, side effects, and
// the baseline of pass counts per folder. The rules follow openCypher's tck-api (Scenario.scala,
// CypherValueRecords, SideEffectOps); where this runner differs, the comment says so.

#include "tck/values.hpp"

#include <array>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace tck {

struct result_table {
  std::vector<std::string> columns;
  std::vector<std::vector<value>> rows;  // each as wide as columns
};

enum class row_order : std::uint8_t { any, strict };

// Reads an expected table: its first row is the header, every other cell a TCK value
// (value_error names the row and column of a cell it cannot read).
[[nodiscard]] result_table read_table(const std::vector<std::vector<std::string>>& cells);

// nullopt when actual matches expected; otherwise why not, briefly: the columns, the row
// counts, or the first row that differs (in order) or that has no partner (in any order).
// The columns must be the same and in the same order, as the tck-api compares headers.
[[nodiscard]] std::optional<std::string> compare_tables(const result_table& expected, const result_table& actual,
                                                        row_order rows, list_order lists);

// "Then a TypeError should be raised at runtime: InvalidArgumentType".
struct expected_error {
  std::string category;  // SyntaxError, TypeError, ...; "Error" takes any
  std::string phase;     // "compile time", "runtime" or "any time"
  std::string detail;    // "*" takes any
};

// What the engine threw, as the runner classified it.
struct actual_error {
  std::string category;  // empty for an exception that is not a Cypher error
  std::string detail;    // empty when the engine gives none
  bool compile_time = false;
  std::string message;
};

struct error_verdict {
  bool pass = false;
  bool relied_on_empty_detail = false;  // passed only because our error had no detail to compare
  std::string reason;                   // when it failed
};

[[nodiscard]] error_verdict check_error(const expected_error& expected, const actual_error& actual);

// The graph as the TCK measures it before and after a query: node and relationship ids, the
// labels in use, and every (element, key, value) property. Side effects are differences of
// these sets, so a label added to a node that already had it, or a property set to the value
// it held, is no side effect, and +labels counts labels new to the graph, not to a node.
struct graph_state {
  std::set<std::uint64_t> nodes, relationships;
  std::set<std::string> labels;
  // (is a relationship, id, key, value as to_text)
  std::set<std::tuple<bool, std::uint64_t, std::string, std::string>> properties;
};

struct side_effects {
  static constexpr std::array<const char*, 8> names{"+nodes", "-nodes", "+relationships", "-relationships",
                                                    "+labels", "-labels", "+properties", "-properties"};
  std::array<std::int64_t, 8> counts{};
  friend bool operator==(const side_effects&, const side_effects&) = default;
};

[[nodiscard]] side_effects diff(const graph_state& before, const graph_state& after);
// The table of "the side effects should be:", rows of name | count; the names it does not list
// are 0, as the tck-api fills them in. Throws value_error for an unknown name or a bad count.
[[nodiscard]] side_effects read_side_effects(const std::vector<std::vector<std::string>>& cells);
[[nodiscard]] std::string to_text(const side_effects& s);  // the non-zero ones, "+nodes 1, -labels 2"

// Pass counts per feature folder ("clauses/match 12"); '#' starts a comment.
using baseline = std::map<std::string, std::size_t>;
[[nodiscard]] baseline read_baseline(std::istream& in);  // throws value_error naming the line
void write_baseline(std::ostream& out, const baseline& counts);
// One line for each folder whose count fell below the baseline; a folder that did not run
// counts as 0 (its feature files went missing, or none of them could be read).
[[nodiscard]] std::vector<std::string> regressions(const baseline& expected, const baseline& actual,
                                                   const std::set<std::string>& folders_run);

}  // namespace tck
