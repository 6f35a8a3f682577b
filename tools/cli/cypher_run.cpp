// Cypher statements as the tool runs them (cypher_run.hpp).
#include "cypher_run.hpp"

#include "graph_files.hpp"

#include <cctype>
#include <chrono>
#include <future>
#include <stop_token>

namespace dossier_tool {

using namespace dossier;

output_mode parse_output(const std::string& name) {
  if (name == "table") return output_mode::table;
  if (name == "csv") return output_mode::csv;
  if (name == "json") return output_mode::json;
  if (name == "jsonl") return output_mode::jsonl;
  throw usage_error("unknown output '" + name + "' (table, csv, json or jsonl)");
}

const char* output_name(output_mode m) {
  switch (m) {
    case output_mode::table: return "table";
    case output_mode::csv: return "csv";
    case output_mode::json: return "json";
    case output_mode::jsonl: return "jsonl";
  }
  return "?";
}

bool valid_parameter_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (const char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

cypher_value parse_cypher_value(const std::string& text, const std::string& what, const std::string& quoted) {
  // An empty open-schema graph: the value cannot read anything, and the const overload cannot write.
  static const graph nothing{schemas::open()};
  try {
    const auto r = cypher(nothing, "RETURN " + text + " AS value");
    if (r.columns.size() == 1 && r.columns[0] == "value" && r.rows.size() == 1) return r.rows[0][0];
  } catch (const cypher_error& e) {
    if (e.detail() == "UndefinedVariable")
      throw usage_error(what + ": " + text + " is not a Cypher value; a string needs quotes: " +
                        std::string(quoted).replace(quoted.find("{}"), 2, text));
    throw usage_error(what + ": " + std::string(e.message()));
  } catch (const syntax_error& e) {  // its message's first line: "line 1, column 8: why"
    auto why = std::string(e.message());
    why = why.substr(0, why.find('\n'));
    if (const auto colon = why.find(": "); colon != std::string::npos) why.erase(0, colon + 2);
    throw usage_error(what + ": '" + text + "' is not a Cypher value (" + why + ")");
  } catch (const query_error& e) {
    throw usage_error(what + ": '" + text + "' is not a Cypher value (" + std::string(e.message()) + ")");
  }
  throw usage_error(what + ": '" + text + "' is not one Cypher value");
}

std::pair<std::string, cypher_value> parse_parameter(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) throw usage_error("--param " + assignment + ": give name=value, as in --param n=3 or --param name='Qiming'");
  auto name = assignment.substr(0, eq);
  if (!valid_parameter_name(name)) throw usage_error("--param " + assignment + ": '" + name + "' is not a parameter name");
  // The quotes must get past the shell too: --param "name='Qiming'".
  return {name, parse_cypher_value(assignment.substr(eq + 1), "--param " + name, "--param \"" + name + "='{}'\"")};
}

cypher_result run_interruptible(graph& g, const cypher_statement& statement, const cypher_settings& settings, bool writes) {
  std::stop_source stop;
  const cypher_options options{.as_of = settings.as_of, .min_confidence = settings.min_confidence, .budget = {}, .cancel = stop.get_token()};
  (void)interrupted();  // a Ctrl-C typed before the statement started is not for it
  auto answer = std::async(std::launch::async, [&] {
    return writes ? statement.run(g, settings.params, options) : statement.run(std::as_const(g), settings.params, options);
  });
  while (answer.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
    if (interrupted()) stop.request_stop();
  return answer.get();
}

bool is_cancellation(const cypher_error& e) noexcept { return e.detail() == "Cancelled"; }

}  // namespace dossier_tool
