#pragma once
// A reader for the part of Gherkin that the openCypher TCK's feature files use: Feature,
// Background, Scenario, Scenario Outline with Examples, steps, doc strings, data tables,
// tags and comments. Outlines come out expanded, one scenario per example row, with the
// Background's steps in front of every scenario, so that the runner never sees Gherkin again.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tck::gherkin {

// Malformed feature text; what() names the file and line.
class gherkin_error : public std::runtime_error {
 public:
  gherkin_error(const std::string& file, std::size_t line, const std::string& message);
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

 private:
  std::size_t line_;
};

using table = std::vector<std::vector<std::string>>;  // rows of cells, unescaped and trimmed

struct step {
  std::string keyword;  // Given, When, Then, And, But or *
  std::string text;     // after the keyword, trimmed
  std::size_t line = 0;
  std::optional<std::string> doc_string;  // without the common indentation
  table data_table;                       // empty when the step has none
};

struct scenario {
  std::string name;       // placeholders substituted for an outline's row
  std::size_t line = 0;   // of the Scenario line, or of the example row for an outline
  std::vector<std::string> tags;
  std::vector<step> steps;  // the Background's first
  bool from_outline = false;
};

struct feature {
  std::string file;
  std::string name;
  std::vector<std::string> tags;
  std::vector<scenario> scenarios;
};

// Throws gherkin_error for text it cannot read: a step outside a scenario, an unterminated
// doc string, table rows of unequal width, an outline row naming no placeholder column, ...
[[nodiscard]] feature parse_feature(std::string_view text, const std::string& file);

}  // namespace tck::gherkin
