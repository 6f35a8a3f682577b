#include "tck/runner.hpp"

#include "tck/checks.hpp"
#include "tck/plan.hpp"
#include "tck/values.hpp"

#include <dossier/core/error.hpp>
#include <dossier/query/cypher.hpp>
#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stop_token>
#include <thread>
#include <utility>

namespace tck {

namespace {

// Requests a stop when the time limit passes; the engine checks the token and throws
// cypher_error "cancelled", so that a runaway statement ends its scenario, not the run.
class watchdog {
 public:
  explicit watchdog(std::chrono::milliseconds limit)
      : thread_([this, limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) source_.request_stop();
        }) {}
  watchdog(const watchdog&) = delete;
  watchdog& operator=(const watchdog&) = delete;
  ~watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_one();
    thread_.join();
  }
  [[nodiscard]] std::stop_token token() const { return source_.get_token(); }
  [[nodiscard]] bool fired() const { return source_.stop_requested(); }

 private:
  std::stop_source source_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

// Ends the scenario as a failure; run() turns it into the outcome.
struct scenario_failed {
  std::string reason, details;
};

std::string table_text(const result_table& t) {
  std::string out = "|";
  for (const auto& c : t.columns) out += " " + c + " |";
  for (const auto& row : t.rows) {
    out += "\n|";
    for (const auto& v : row) out += " " + to_text(v) + " |";
  }
  return out;
}

dossier::cypher_value to_cypher(const value& v);

dossier::cypher_value list_to_cypher(const value& v) {
  dossier::cypher_value::list_type items;
  for (const auto& item : v.items) items.push_back(to_cypher(item));
  return items;
}

dossier::cypher_value map_to_cypher(const value& v) {
  dossier::cypher_value::map_type entries;
  for (const auto& [k, item] : v.entries) entries.emplace(k, to_cypher(item));
  return entries;
}

// A parameter's value: the TCK's parameters are never nodes, relationships or paths.
dossier::cypher_value to_cypher(const value& v) {
  switch (v.type) {
    case value::kind::null: return nullptr;
    case value::kind::boolean: return v.boolean;
    case value::kind::integer: return v.integer;
    case value::kind::real:
    case value::kind::nan: return v.real;
    case value::kind::string: return v.text;
    case value::kind::list: return list_to_cypher(v);
    case value::kind::map: return map_to_cypher(v);
    default: throw scenario_failed{"a parameter cannot be " + to_text(v), ""};
  }
}

// What a statement threw, in the TCK's terms. A syntax_error is a SyntaxError at compile time
// with no detail (the parser does not classify its errors).
actual_error classify(const std::exception_ptr& thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const dossier::syntax_error& e) {
    return {"SyntaxError", "", true, e.what()};
  } catch (const dossier::cypher_error& e) {
    return {e.category(), e.detail(), e.compile_time(), e.what()};
  } catch (const std::exception& e) {
    return {"", "", false, e.what()};
  } catch (...) {
    return {"", "", false, "an exception that is not a std::exception"};
  }
}

std::string error_text(const actual_error& e) {
  return (e.category.empty() ? std::string("an exception") : e.category + (e.detail.empty() ? "" : ": " + e.detail)) +
         " (" + e.message + ")";
}

class execution {
 public:
  execution(const run_settings& settings, std::stop_token stop) : settings_(settings) {
    options_.budget = dossier::budget{};  // the library's defaults, which end any query within seconds
    options_.cancel = std::move(stop);
  }

  outcome run(const plan& p) {
    try {
      for (const auto& a : p.actions) take(a);
      out_.result = outcome::status::pass;
    } catch (const scenario_failed& f) {
      out_.result = outcome::status::fail;
      out_.reason = f.reason;
      out_.details = f.details;
    }
    return std::move(out_);
  }

 private:
  void take(const action& a) {
    using k = action::kind;
    switch (a.type) {
      case k::named_graph: return named_graph(a);
      case k::setup_query: return setup(a.text, "having executed (line " + std::to_string(a.line) + ")");
      case k::parameters: return parameters(a);
      case k::measure: measured_ = measure(); return;
      case k::query:
      case k::control_query: return execute(a.text);
      case k::expect_rows: return expect_rows(a);
      case k::expect_empty: return expect_empty();
      case k::expect_error: return expect_error(a);
      case k::expect_effects: return expect_effects(a);
    }
  }

  void execute(const std::string& text) {
    result_.reset();
    error_.reset();
    try {
      result_ = dossier::cypher(g_, text, params_, options_);
    } catch (...) {
      error_ = classify(std::current_exception());
    }
    if (options_.cancel.stop_requested())
      throw scenario_failed{"timed out after " + std::to_string(settings_.time_limit.count() / 1000) + " s (cancelled)", text};
  }

  void setup(const std::string& text, const std::string& what) {
    execute(text);
    if (error_) throw scenario_failed{what + " failed: " + error_text(*error_), text};
  }

  void named_graph(const action& a) {
    const auto file = settings_.graphs / a.text / (a.text + ".cypher");
    std::ifstream in(file);
    if (!in) throw scenario_failed{"no named graph " + a.text + " (" + file.string() + ")", ""};
    std::stringstream script;
    script << in.rdbuf();
    for (const auto& statement : split_statements(script.str())) setup(statement, "the " + a.text + " graph");
  }

  void parameters(const action& a) {
    for (const auto& [name, v] : a.parameters) params_.insert_or_assign(name, to_cypher(v));
  }

  // The engine's value as format() writes it, read back by the reader of the expected cells.
  value read_formatted(const dossier::cypher_value& v) {
    const auto text = dossier::format(g_, v);
    try {
      return read_value(text);
    } catch (const value_error& e) {
      out_.format_problems.push_back(text + " -- " + e.what());
      throw scenario_failed{"format() wrote text the TCK reader cannot read: " + text, e.what()};
    }
  }

  result_table actual_table() {
    result_table t{result_->columns, {}};
    for (const auto& row : result_->rows) {
      auto& out = t.rows.emplace_back();
      for (const auto& v : row) out.push_back(read_formatted(v));
    }
    return t;
  }

  void expect_rows(const action& a) {
    if (error_) throw scenario_failed{"expected rows, got " + error_text(*error_), ""};
    const auto actual = actual_table();
    if (auto why = compare_tables(a.table, actual, a.rows, a.lists))
      throw scenario_failed{*why, "expected:\n" + table_text(a.table) + "\nactual:\n" + table_text(actual)};
  }

  void expect_empty() {
    if (error_) throw scenario_failed{"expected no rows, got " + error_text(*error_), ""};
    // Rows only: the tck-api's empty result also has no columns, but implementations report
    // the statement's columns, and the step means "no rows".
    if (!result_->rows.empty()) {
      const auto actual = actual_table();
      throw scenario_failed{"expected no rows, got " + std::to_string(actual.rows.size()), table_text(actual)};
    }
  }

  void expect_error(const action& a) {
    const auto& e = a.error;
    if (!error_)
      throw scenario_failed{"expected " + e.category + " at " + e.phase + ": " + e.detail + ", got " +
                                std::to_string(result_->rows.size()) + " rows", ""};
    const auto verdict = check_error(e, *error_);
    if (!verdict.pass) throw scenario_failed{verdict.reason, error_->message};
    out_.relied_on_empty_detail = out_.relied_on_empty_detail || verdict.relied_on_empty_detail;
  }

  void expect_effects(const action& a) {
    const auto actual = diff(measured_, measure());
    if (actual != a.effects)
      throw scenario_failed{"side effects: expected " + to_text(a.effects) + ", got " + to_text(actual), ""};
  }

  // The state through Cypher itself, as the tck-api measures it: every node with its labels and
  // properties, every relationship with its properties, read from format()'s text.
  graph_state measure() {
    graph_state s;
    try {
      for (const auto& row : dossier::cypher(g_, "MATCH (n) RETURN n", {}, options_).rows) add_node(s, row.at(0));
      for (const auto& row : dossier::cypher(g_, "MATCH ()-[r]->() RETURN r", {}, options_).rows) add_relationship(s, row.at(0));
    } catch (const scenario_failed&) {
      throw;
    } catch (...) {
      throw scenario_failed{"measuring the graph for side effects failed: " + error_text(classify(std::current_exception())), ""};
    }
    return s;
  }

  void add_node(graph_state& s, const dossier::cypher_value& n) {
    const auto id = static_cast<std::uint64_t>(n.as_node());
    s.nodes.insert(id);
    const auto v = read_formatted(n);
    s.labels.insert(v.labels.begin(), v.labels.end());
    for (const auto& [key, p] : v.entries) s.properties.emplace(false, id, key, to_text(p));
  }

  void add_relationship(graph_state& s, const dossier::cypher_value& r) {
    const auto id = static_cast<std::uint64_t>(r.as_relationship());
    s.relationships.insert(id);
    for (const auto& [key, p] : read_formatted(r).entries) s.properties.emplace(true, id, key, to_text(p));
  }

  const run_settings& settings_;
  dossier::graph g_{dossier::schemas::open()};
  dossier::cypher_parameters params_;
  dossier::cypher_options options_;
  std::optional<dossier::cypher_result> result_;
  std::optional<actual_error> error_;
  graph_state measured_;
  outcome out_;
};

}  // namespace

outcome run_scenario(const gherkin::scenario& s, const run_settings& settings) {
  const auto p = make_plan(s);
  outcome o;
  if (p.skip) {
    o.result = outcome::status::skip;
    o.reason = *p.skip;
    return o;
  }
  try {
    watchdog dog(settings.time_limit);
    return execution(settings, dog.token()).run(p);
  } catch (const std::exception& e) {  // the graph's construction, or the runner itself
    o.reason = std::string("runner: ") + e.what();
    return o;
  }
}

}  // namespace tck
