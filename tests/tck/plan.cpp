#include "tck/plan.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

namespace tck {

namespace {

// A step the runner cannot take; the scenario is skipped with this reason.
class unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct result_step {
  std::string_view text;
  row_order rows;
  list_order lists;
};

constexpr std::array result_steps{
    result_step{"the result should be, in any order:", row_order::any, list_order::strict},
    result_step{"the result should be, in order:", row_order::strict, list_order::strict},
    result_step{"the result should be (ignoring element order for lists):", row_order::any, list_order::any},
    result_step{"the result should be, in order (ignoring element order for lists):", row_order::strict, list_order::any},
};

action make_action(action::kind type, std::size_t line) {
  action a;
  a.type = type;
  a.line = line;
  return a;
}

const std::string& doc_string(const gherkin::step& st) {
  if (!st.doc_string) throw unsupported("the step '" + st.text + "' has no doc string");
  return *st.doc_string;
}

// "a TypeError should be raised at runtime: InvalidArgumentType" (tck-api: ^an? (.+) should be
// raised at (.+): (.+)$).
std::optional<expected_error> error_step(std::string_view text) {
  if (text.starts_with("an ")) text.remove_prefix(3);
  else if (text.starts_with("a ")) text.remove_prefix(2);
  else return std::nullopt;
  const auto raised = text.find(" should be raised at ");
  if (raised == std::string_view::npos) return std::nullopt;
  const auto rest = text.substr(raised + 21);
  const auto colon = rest.find(": ");
  if (colon == std::string_view::npos) return std::nullopt;
  expected_error e{std::string(text.substr(0, raised)), std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 2))};
  if (e.phase != "compile time" && e.phase != "runtime" && e.phase != "any time")
    throw unsupported("unknown error phase '" + e.phase + "'");
  return e;
}

std::vector<std::pair<std::string, value>> parameters(const gherkin::step& st) {
  std::vector<std::pair<std::string, value>> out;
  for (const auto& row : st.data_table) {
    if (row.size() != 2) throw unsupported("a parameter row needs a name and a value");
    try {
      out.emplace_back(row[0], read_value(row[1]));
    } catch (const value_error& e) {
      throw unsupported(std::string("cannot read the parameter ") + row[0] + ": " + e.what());
    }
  }
  return out;
}

result_table expected_table(const gherkin::step& st) {
  try {
    return read_table(st.data_table);
  } catch (const value_error& e) {
    throw unsupported(std::string("cannot read the expected result: ") + e.what());
  }
}

bool result_action(const gherkin::step& st, action& a) {
  for (const auto& r : result_steps) {
    if (st.text != r.text) continue;
    a.type = action::kind::expect_rows;
    a.table = expected_table(st);
    a.rows = r.rows;
    a.lists = r.lists;
    return true;
  }
  if (st.text == "the result should be empty") {
    a.type = action::kind::expect_empty;
    return true;
  }
  if (auto e = error_step(st.text)) {
    a.type = action::kind::expect_error;
    a.error = std::move(*e);
    return true;
  }
  return false;
}

bool effects_action(const gherkin::step& st, action& a) {
  if (st.text == "no side effects") {
    a.type = action::kind::expect_effects;
    return true;
  }
  if (st.text != "the side effects should be:") return false;
  a.type = action::kind::expect_effects;
  try {
    a.effects = read_side_effects(st.data_table);
  } catch (const value_error& e) {
    throw unsupported(std::string("cannot read the side effects: ") + e.what());
  }
  return true;
}

// The given and when steps; false when the step is none of them.
bool setup_action(const gherkin::step& st, std::vector<action>& out) {
  action a;
  a.line = st.line;
  const std::string_view t = st.text;
  if (t == "an empty graph" || t == "any graph") return true;  // every scenario starts on a new, empty graph
  if (t.starts_with("the ") && t.ends_with(" graph")) {
    a.type = action::kind::named_graph;
    a.text = t.substr(4, t.size() - 10);
  } else if (t == "having executed:") {
    a.type = action::kind::setup_query;
    a.text = doc_string(st);
  } else if (t == "parameters are:") {
    a.type = action::kind::parameters;
    a.parameters = parameters(st);
  } else if (t == "executing query:") {
    out.push_back(make_action(action::kind::measure, st.line));
    a.type = action::kind::query;
    a.text = doc_string(st);
  } else if (t == "executing control query:") {
    a.type = action::kind::control_query;
    a.text = doc_string(st);
  } else {
    return false;
  }
  out.push_back(std::move(a));
  return true;
}

action step_action(const gherkin::step& st) {
  action a;
  a.line = st.line;
  if (result_action(st, a) || effects_action(st, a)) return a;
  if (st.text.starts_with("there exists a procedure"))
    throw unsupported("procedures declared by the scenario ('there exists a procedure') need a procedure API the engine does not have");
  if (st.text.starts_with("there exists a CSV file")) throw unsupported("CSV files ('there exists a CSV file') are not supported");
  throw unsupported("unknown step '" + st.keyword + " " + st.text + "'");
}

// The tck-api checks for no side effects after an expected error unless the scenario says
// what they are (insertSideEffectsOnExpectError).
void effects_after_error(std::vector<action>& actions) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].type != action::kind::expect_error) continue;
    if (i + 1 < actions.size() && actions[i + 1].type == action::kind::expect_effects) return;
    actions.insert(actions.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                   make_action(action::kind::expect_effects, actions[i].line));
    return;
  }
}

}  // namespace

plan make_plan(const gherkin::scenario& s) {
  plan p;
  try {
    for (const auto& st : s.steps) {
      if (!setup_action(st, p.actions)) p.actions.push_back(step_action(st));
    }
  } catch (const unsupported& e) {
    p.actions.clear();
    p.skip = e.what();
    return p;
  }
  effects_after_error(p.actions);
  return p;
}

}  // namespace tck

namespace tck {

namespace {

// Where the quoted text or comment that starts at i ends (one past it), or i when none starts.
std::size_t skip_quoted(std::string_view s, std::size_t i) {
  if (s.substr(i).starts_with("//")) return std::min(s.find('\n', i), s.size());
  if (s.substr(i).starts_with("/*")) {
    const auto end = s.find("*/", i + 2);
    return end == std::string_view::npos ? s.size() : end + 2;
  }
  const char q = s[i];
  if (q != '\'' && q != '"' && q != '`') return i;
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\\' && q != '`') ++j;
    else if (s[j] == q) return j + 1;
  }
  return s.size();
}

}  // namespace

std::vector<std::string> split_statements(std::string_view script) {
  std::vector<std::string> out;
  std::size_t start = 0, i = 0;
  const auto flush = [&](std::size_t end) {
    const auto text = script.substr(start, end - start);
    if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) out.emplace_back(text);
    start = end + 1;
  };
  while (i < script.size()) {
    if (const auto past = skip_quoted(script, i); past != i) {
      i = past;
    } else if (script[i] == ';') {
      flush(i++);
    } else {
      ++i;
    }
  }
  if (start < script.size()) flush(script.size());
  return out;
}

}  // namespace tck
