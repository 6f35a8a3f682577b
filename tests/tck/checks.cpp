#include "tck/checks.hpp"

#include <algorithm>
#include <charconv>
#include <istream>
#include <iterator>
#include <ostream>
#include <sstream>

namespace tck {

namespace {

std::string row_text(const std::vector<value>& row) {
  std::string out = "|";
  for (const auto& v : row) out += " " + to_text(v) + " |";
  return out;
}

std::string columns_text(const std::vector<std::string>& columns) {
  std::string out = "[";
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
  return out + "]";
}

bool rows_equal(const std::vector<value>& a, const std::vector<value>& b, list_order lists) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [&](const value& x, const value& y) { return equal(x, y, lists); });
}

std::string count_text(const result_table& expected, const result_table& actual) {
  return " (expected " + std::to_string(expected.rows.size()) + " rows, got " + std::to_string(actual.rows.size()) + ")";
}

std::optional<std::string> compare_in_order(const result_table& expected, const result_table& actual, list_order lists) {
  const auto n = std::min(expected.rows.size(), actual.rows.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!rows_equal(expected.rows[i], actual.rows[i], lists))
      return "row " + std::to_string(i + 1) + ": expected " + row_text(expected.rows[i]) + ", got " +
             row_text(actual.rows[i]) + count_text(expected, actual);
  }
  if (expected.rows.size() > n) return "missing row " + row_text(expected.rows[n]) + count_text(expected, actual);
  if (actual.rows.size() > n) return "unexpected row " + row_text(actual.rows[n]) + count_text(expected, actual);
  return std::nullopt;
}

// Rows as a multiset. Row equality is an equivalence, so matching each expected row with the
// first unused equal actual row finds a pairing whenever one exists.
std::optional<std::string> compare_any_order(const result_table& expected, const result_table& actual, list_order lists) {
  std::vector<bool> used(actual.rows.size(), false);
  std::optional<std::string> missing;
  for (const auto& row : expected.rows) {
    std::size_t j = 0;
    while (j < actual.rows.size() && (used[j] || !rows_equal(row, actual.rows[j], lists))) ++j;
    if (j < actual.rows.size()) {
      used[j] = true;
    } else if (!missing) {
      missing = row_text(row);
    }
  }
  const auto extra = std::find(used.begin(), used.end(), false);
  if (!missing && extra == used.end()) return std::nullopt;
  std::string why = missing ? "no row " + *missing : std::string("all expected rows found");
  if (extra != used.end()) why += ", unexpected row " + row_text(actual.rows[static_cast<std::size_t>(extra - used.begin())]);
  return why + count_text(expected, actual);
}

std::int64_t read_count(const std::string& text, const std::string& what) {
  std::int64_t n = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0)
    throw value_error(what + ": '" + text + "' is not a count");
  return n;
}

template <class Set>
std::int64_t missing_from(const Set& a, const Set& b) {  // |a \ b|
  std::int64_t n = 0;
  for (const auto& x : a) n += b.contains(x) ? 0 : 1;
  return n;
}

}  // namespace

result_table read_table(const std::vector<std::vector<std::string>>& cells) {
  result_table t;
  if (cells.empty()) return t;
  t.columns = cells.front();
  for (std::size_t r = 1; r < cells.size(); ++r) {
    auto& row = t.rows.emplace_back();
    for (std::size_t c = 0; c < cells[r].size(); ++c) {
      try {
        row.push_back(read_value(cells[r][c]));
      } catch (const value_error& e) {
        throw value_error("row " + std::to_string(r) + ", column " + t.columns[c] + ": " + e.what());
      }
    }
  }
  return t;
}

std::optional<std::string> compare_tables(const result_table& expected, const result_table& actual, row_order rows,
                                          list_order lists) {
  if (expected.columns != actual.columns)
    return "columns " + columns_text(expected.columns) + " expected, got " + columns_text(actual.columns);
  return rows == row_order::strict ? compare_in_order(expected, actual, lists) : compare_any_order(expected, actual, lists);
}

// The rule for expected errors. The category must be ours (a syntax_error is a SyntaxError),
// unless the TCK expects any ("Error"). The phase must agree: compile time is an error raised
// before the statement ran (syntax_error, or cypher_error::compile_time()), runtime one raised
// while it ran, and "any time" takes either. The detail must be ours when we give one; when our
// error has no detail we accept it, because the engine does not yet name a detail for every
// error. Those passes are flagged, and the summary counts them, so that they stay visible.
error_verdict check_error(const expected_error& expected, const actual_error& actual) {
  error_verdict v;
  const std::string ours = actual.category.empty() ? "a non-Cypher error" : actual.category;
  const std::string phase = actual.compile_time ? "compile time" : "runtime";
  if (expected.category != "Error" && expected.category != actual.category)
    v.reason = "expected " + expected.category + ", got " + ours;
  else if (expected.phase != "any time" && expected.phase != phase)
    v.reason = "expected " + expected.category + " at " + expected.phase + ", raised at " + phase;
  else if (!actual.detail.empty() && expected.detail != "*" && expected.detail != actual.detail)
    v.reason = "expected " + expected.category + ": " + expected.detail + ", got " + actual.category + ": " + actual.detail;
  if (!v.reason.empty()) {
    if (!actual.message.empty()) v.reason += " (" + actual.message + ")";
    return v;
  }
  v.pass = true;
  v.relied_on_empty_detail = actual.detail.empty() && expected.detail != "*";
  return v;
}

side_effects diff(const graph_state& before, const graph_state& after) {
  side_effects s;
  s.counts = {missing_from(after.nodes, before.nodes),
              missing_from(before.nodes, after.nodes),
              missing_from(after.relationships, before.relationships),
              missing_from(before.relationships, after.relationships),
              missing_from(after.labels, before.labels),
              missing_from(before.labels, after.labels),
              missing_from(after.properties, before.properties),
              missing_from(before.properties, after.properties)};
  return s;
}

side_effects read_side_effects(const std::vector<std::vector<std::string>>& cells) {
  side_effects s;
  std::set<std::string> seen;
  for (const auto& row : cells) {
    if (row.size() != 2) throw value_error("a side effect row needs a name and a count");
    const auto it = std::find(side_effects::names.begin(), side_effects::names.end(), row[0]);
    if (it == side_effects::names.end()) throw value_error("unknown side effect '" + row[0] + "'");
    if (!seen.insert(row[0]).second) throw value_error("side effect '" + row[0] + "' twice");
    s.counts[static_cast<std::size_t>(it - side_effects::names.begin())] = read_count(row[1], row[0]);
  }
  return s;
}

std::string to_text(const side_effects& s) {
  std::string out;
  for (std::size_t i = 0; i < s.counts.size(); ++i) {
    if (s.counts[i] != 0) out += (out.empty() ? "" : ", ") + std::string(side_effects::names[i]) + " " + std::to_string(s.counts[i]);
  }
  return out.empty() ? "none" : out;
}

baseline read_baseline(std::istream& in) {
  baseline b;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::string folder, count, extra;
    if (!(words >> folder)) continue;
    const auto where = "baseline line " + std::to_string(number);
    if (!(words >> count) || (words >> extra)) throw value_error(where + ": expected '<folder> <passed>'");
    if (!b.emplace(folder, static_cast<std::size_t>(read_count(count, where))).second)
      throw value_error(where + ": " + folder + " twice");
  }
  return b;
}

void write_baseline(std::ostream& out, const baseline& counts) {
  out << "# Scenarios that pass, per feature folder of the openCypher TCK (written by dossier_tck\n"
         "# --write-baseline). The test tck.conformance fails when a folder passes fewer.\n";
  for (const auto& [folder, n] : counts) out << folder << ' ' << n << '\n';
}

std::vector<std::string> regressions(const baseline& expected, const baseline& actual,
                                     const std::set<std::string>& folders_run) {
  std::vector<std::string> out;
  for (const auto& [folder, floor] : expected) {
    const auto it = actual.find(folder);
    const std::size_t now = it == actual.end() ? 0 : it->second;
    if (now < floor)
      out.push_back(folder + ": " + std::to_string(now) + " passed, the baseline is " + std::to_string(floor) +
                    (folders_run.contains(folder) ? "" : " (the folder did not run)"));
  }
  return out;
}

}  // namespace tck
