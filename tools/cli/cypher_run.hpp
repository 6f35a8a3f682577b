#pragma once
// Cypher statements as dossier query and dossier shell run them: the settings both share,
// parameters typed by Cypher's literal syntax, and runs that Ctrl-C cancels.

#include "interrupt.hpp"

#include <dossier/dossier.hpp>

#include <optional>
#include <string>
#include <utility>

namespace dossier_tool {

enum class output_mode { table, csv, json, jsonl };
[[nodiscard]] output_mode parse_output(const std::string& name);  // usage_error for others
[[nodiscard]] const char* output_name(output_mode m);

struct cypher_settings {
  dossier::cypher_parameters params;
  std::optional<dossier::date> as_of;
  double min_confidence = 0;
  output_mode output = output_mode::table;
  bool timing = false;
};

// A Cypher literal ('x' a string, 3 an integer, 0.5 a real, [1, 2] a list, {a: 1} a map,
// date('2019') a date), read by the engine itself so that it means what it means in a
// statement. usage_error naming `what` when it is not one value; a bare word (Qiming) is told
// how to write it as a string: `quoted` with the text in it ("--param \"n='Qiming'\"").
[[nodiscard]] dossier::cypher_value parse_cypher_value(const std::string& text, const std::string& what,
                                                       const std::string& quoted = "'{}'");
// "name=value", as --param gives it.
[[nodiscard]] std::pair<std::string, dossier::cypher_value> parse_parameter(const std::string& assignment);
[[nodiscard]] bool valid_parameter_name(const std::string& name);

// The statement run on another thread under a std::stop_source, which this thread asks to stop
// when Ctrl-C comes (a signal handler may only set a flag; request_stop may lock). Writes need
// `g` mutable and `writes`; otherwise the const overload refuses them. A cancelled statement
// throws the engine's cypher_error (detail() "Cancelled"), and the graph is as it was.
[[nodiscard]] dossier::cypher_result run_interruptible(dossier::graph& g, const dossier::cypher_statement& statement,
                                                       const cypher_settings& settings, bool writes);
[[nodiscard]] bool is_cancellation(const dossier::cypher_error& e) noexcept;

}  // namespace dossier_tool
