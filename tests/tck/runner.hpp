#pragma once
// Runs one TCK scenario on a fresh graph with the open schema, through dossier::cypher, and
// judges it by the TCK's rules (checks.hpp). Every exception stays inside the scenario.

#include "tck/gherkin.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tck {

struct outcome {
  enum class status : std::uint8_t { pass, fail, skip };
  status result = status::fail;
  std::string reason;   // for a failure or a skip, one line
  std::string details;  // for a failure: the tables or the message in full (--verbose)
  bool relied_on_empty_detail = false;       // an expected error passed only because ours had no detail
  std::vector<std::string> format_problems;  // dossier::format() text that read_value could not read
};

struct run_settings {
  std::filesystem::path graphs;                // holds <name>/<name>.cypher for "Given the <name> graph"
  std::chrono::milliseconds time_limit{10'000};  // then the scenario's statements are cancelled
};

[[nodiscard]] outcome run_scenario(const gherkin::scenario& s, const run_settings& settings);

}  // namespace tck
