#pragma once
// Runs a scenario in a child process, so that a crash (a failed assertion, a segmentation
// fault) or a statement that ignores cancellation fails that scenario and the run goes on.

#include "tck/gherkin.hpp"
#include "tck/runner.hpp"

#include <string>

namespace tck {

[[nodiscard]] bool isolation_available() noexcept;  // fork() exists here

// As run_scenario, in a child process; the child is killed when it has not answered within
// the time limit plus a grace period (its statements should have been cancelled by then).
[[nodiscard]] outcome run_isolated(const gherkin::scenario& s, const run_settings& settings);

// The outcome as bytes for the pipe, and back; decode returns false for a truncated message.
[[nodiscard]] std::string encode(const outcome& o);
[[nodiscard]] bool decode(const std::string& bytes, outcome& o);

}  // namespace tck
