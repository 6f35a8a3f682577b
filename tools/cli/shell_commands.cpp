// dossier shell: its ':' commands, and running one statement (shell.hpp).
#include "shell.hpp"

#include "cypher_output.hpp"
#include "graph_files.hpp"
#include "text.hpp"
#include "tool.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

namespace dossier_tool {

using namespace dossier;

namespace {

constexpr const char* help_text = R"(Statements are Cypher (docs/cypher.md) and end with ';'; they may span lines.
EXPLAIN or PROFILE before a statement shows its plan. Writes change the graph in memory until :save.
  :help                     this text
  :schema                   entity types with their supertypes and properties, relation types with
                            their labels, domain and range, and how many of each the graph holds
  :explain STATEMENT        the plan of a statement, without running it
  :profile STATEMENT        run it, then show the rows and time of each stage of its plan
  :timing on|off            show how long each statement took
  :output table|csv|json|jsonl
  :param NAME VALUE         set $NAME to a Cypher value: :param name 'Qiming', :param n 3
  :param NAME               forget $NAME;  :param alone lists them
  :asof DATE|off            see only relations and entities that held on DATE (2019, 2019-06)
  :min-confidence C         see only relations cited with at least confidence C (0 to 1)
  :save [FILE]              write the graph as a snapshot, atomically (FILE, else the one read)
  :quit                     leave (Ctrl-D too); Ctrl-C cancels a running statement
)";

std::string trimmed(std::string_view s) {
  const auto start = s.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t\r\n;");  // a command may end with ';' like a statement
  if (end == std::string_view::npos || end < start) end = start;
  return std::string(s.substr(start, end - start + 1));
}

// ":param n 3" -> {"param", "n 3"}.
std::pair<std::string, std::string> split_command(std::string_view line) {
  auto text = trimmed(line);
  text.erase(0, 1);  // the ':'
  const auto space = text.find_first_of(" \t");
  if (space == std::string::npos) return {text, {}};
  return {text.substr(0, space), trimmed(text.substr(space + 1))};
}

void need_argument(const std::string& command, const std::string& argument, const char* what) {
  if (argument.empty()) throw usage_error(":" + command + " needs " + what);
}

void param_command(shell_session& s, const std::string& argument) {
  auto& params = s.settings.params;
  if (argument.empty()) {
    if (params.empty()) std::cout << "no parameters\n";
    for (const auto& [name, value] : params) std::cout << "$" << name << " = " << format(s.g, value) << "\n";
    return;
  }
  const auto space = argument.find_first_of(" \t=");
  auto name = argument.substr(0, space);
  if (!name.empty() && name[0] == '$') name.erase(0, 1);
  if (!valid_parameter_name(name)) throw usage_error(":param: '" + name + "' is not a parameter name");
  if (space == std::string::npos) {
    params.erase(name);
    return;
  }
  auto text = trimmed(argument.substr(space + 1));
  if (text.starts_with('=')) text = trimmed(text.substr(1));  // :param n = 3, as written in other shells
  params.insert_or_assign(name, parse_cypher_value(text, ":param " + name, ":param " + name + " '{}'"));
}

void asof_command(shell_session& s, const std::string& argument) {
  if (argument.empty()) {
    std::cout << "as of: " << (s.settings.as_of ? s.settings.as_of->to_string() : "any time") << "\n";
    return;
  }
  if (argument == "off" || argument == "none") s.settings.as_of.reset();
  else if (const auto d = try_parse_date(argument)) s.settings.as_of = *d;
  else throw usage_error(":asof: '" + argument + "' is not a date (2019, 2019-06 or 2019-06-30), nor off");
}

void confidence_command(shell_session& s, const std::string& argument) {
  if (argument.empty()) {
    std::cout << "min-confidence: " << s.settings.min_confidence << "\n";
    return;
  }
  std::string text = argument;
  if (!probability()(text).empty()) throw usage_error(":min-confidence: '" + argument + "' is not a number from 0 to 1");
  s.settings.min_confidence = std::stod(argument);
}

void save_command(shell_session& s, const std::string& argument) {
  const auto file = argument.empty() ? s.save_path : argument;
  if (file.empty()) throw usage_error(":save needs a FILE: the graph was not read from a snapshot");
  save(s.g, file);  // atomic: the previous file stays whole until the new one is
  s.dirty = false;
  if (argument.empty() || argument == s.save_path) s.save_path = file;
  std::cout << "saved " << s.g.entity_count() << " entities and " << s.g.relation_count() << " relations to " << file << "\n";
}

void on_off(bool& flag, const std::string& command, const std::string& argument) {
  if (argument == "on") flag = true;
  else if (argument == "off") flag = false;
  else throw usage_error(":" + command + " on|off");
}

}  // namespace

void run_statement(shell_session& s, const std::string& text) {
  const auto statement = cypher_statement::prepare(text);
  const auto start = std::chrono::steady_clock::now();
  const auto result = run_interruptible(s.g, statement, s.settings, statement.writes());
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  print_result(std::cout, s.g, result, s.settings.output);
  if (changed_anything(result.counters)) {
    s.dirty = true;
    // Machine-readable output stays so: what changed goes to standard error then.
    (s.settings.output == output_mode::table ? std::cout : std::cerr) << counters_text(result.counters) << "\n";
  }
  if (s.settings.timing) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f ms", took.count());
    (s.settings.output == output_mode::table ? std::cout : std::cerr) << "time: " << ms << "\n";
  }
  std::cout << std::flush;
}

void run_command(shell_session& s, std::string_view line) {
  const auto [command, argument] = split_command(line);
  if (command == "help" || command == "h" || command == "?") std::cout << help_text;
  else if (command == "quit" || command == "exit" || command == "q") s.quit = true;
  else if (command == "schema") print_schema(std::cout, s.g.schema(), &s.g);
  else if (command == "explain") {
    need_argument(command, argument, "a STATEMENT");
    const auto plan = cypher_statement::prepare(argument).explain(s.g);
    std::cout << plan << (plan.ends_with('\n') ? "" : "\n");
  } else if (command == "profile") {
    need_argument(command, argument, "a STATEMENT");
    run_statement(s, "PROFILE " + argument);
  } else if (command == "timing") on_off(s.settings.timing, command, argument);
  else if (command == "output") {
    if (argument.empty()) std::cout << "output: " << output_name(s.settings.output) << "\n";
    else s.settings.output = parse_output(argument);
  } else if (command == "param" || command == "params") param_command(s, argument);
  else if (command == "asof" || command == "as-of") asof_command(s, argument);
  else if (command == "min-confidence") confidence_command(s, argument);
  else if (command == "save") save_command(s, argument);
  else throw usage_error("unknown command :" + command + " (:help lists them)");
}

}  // namespace dossier_tool
