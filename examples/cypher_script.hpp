#pragma once
// A file of Cypher statements (examples/talent_programs.cypher), read and run on a graph. The
// demo prints the answers; tests/examples/talent_programs_cypher.test.cpp reads the file with
// the same rules and checks every answer against the C++ API's.
//
// Format: a statement ends at the first line that ends with `;` (a last statement may omit it).
// The `//` lines right before a statement, with no blank line between, are its heading: the first
// names the question, and a line `// as of: 2017, 2023` runs it once per date
// (cypher_options::as_of). Other comment lines, inside statements, are Cypher's own.
#include <dossier/dossier.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace cypher_script {

struct statement {
  std::string title;                    // the heading's first line, without the `//`
  std::vector<dossier::date> as_of;     // empty: run once, with no date
  std::string text;
  std::size_t line = 0;                 // where the text starts in the file, from 1
};

inline std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r"), last = s.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// "// as of: 2017, 2023" gives its dates; any other heading line gives none.
inline std::vector<dossier::date> as_of_dates(const std::string& comment) {
  const std::string key = "as of:";
  if (comment.rfind(key, 0) != 0) return {};
  std::vector<dossier::date> dates;
  std::string rest = comment.substr(key.size());
  for (std::size_t at = 0; at <= rest.size();) {
    const auto comma = std::min(rest.find(',', at), rest.size());
    if (const auto item = trimmed(rest.substr(at, comma - at)); !item.empty()) dates.push_back(dossier::parse_date(item));
    at = comma + 1;
  }
  return dates;
}

inline std::vector<statement> read(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw dossier::io_error("io.cannot_open", "cannot open the Cypher statements " + file.string());
  std::vector<statement> out;
  statement next;
  std::vector<std::string> heading;
  std::size_t number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const auto line = trimmed(raw);
    if (next.text.empty() && line.rfind("//", 0) == 0) {
      heading.push_back(trimmed(line.substr(2)));
      continue;
    }
    if (next.text.empty() && line.empty()) {
      heading.clear();  // a blank line ends a comment that headed nothing (the file's preamble)
      continue;
    }
    if (next.text.empty()) {
      next.line = number;
      next.title = heading.empty() ? std::string() : heading.front();
      for (const auto& h : heading)
        if (auto dates = as_of_dates(h); !dates.empty()) next.as_of = std::move(dates);
      heading.clear();
    }
    next.text += raw + "\n";
    if (line.ends_with(';')) out.push_back(std::exchange(next, {}));
  }
  if (!trimmed(next.text).empty()) out.push_back(std::move(next));
  return out;
}

// The options of each run of a statement: one per date, or one with none.
inline std::vector<dossier::cypher_options> runs_of(const statement& s) {
  if (s.as_of.empty()) return {dossier::cypher_options{}};
  std::vector<dossier::cypher_options> runs;
  for (const auto& d : s.as_of) runs.push_back({.as_of = d});
  return runs;
}

// Strings print as they are (an explanation keeps its lines); other values as Cypher writes them.
inline std::string text_of(const dossier::graph& g, const dossier::cypher_value& v) {
  return v.type() == dossier::cypher_value::kind::string ? v.as_string() : dossier::format(g, v);
}

inline void print_cell(const dossier::graph& g, const std::string& column, const dossier::cypher_value& v, std::ostream& out) {
  out << "    " << column << ":";
  if (v.type() == dossier::cypher_value::kind::list && !v.as_list().empty()) {
    out << "\n";
    for (const auto& item : v.as_list()) out << "      - " << text_of(g, item) << "\n";
    return;
  }
  const auto text = text_of(g, v);
  out << (text.find('\n') == std::string::npos ? " " + text + "\n" : "\n" + text);
}

// One row: its first column after a bullet, then the others by name. A null is left out, as the
// C++ version leaves out what a relation does not have.
inline void print(const dossier::graph& g, const dossier::cypher_result& r, std::ostream& out) {
  for (const auto& row : r.rows) {
    out << "* " << r.columns.at(0) << ": " << text_of(g, row.at(0)) << "\n";
    for (std::size_t c = 1; c < row.size(); ++c)
      if (!row[c].is_null()) print_cell(g, r.columns[c], row[c], out);
  }
  if (r.rows.empty()) out << "  (no rows)\n";
}

inline void run(const dossier::graph& g, const std::filesystem::path& file, std::ostream& out) {
  for (const auto& s : read(file)) {
    const auto prepared = dossier::cypher_statement::prepare(s.text);
    for (const auto& options : runs_of(s)) {
      out << "\n-- " << s.title;
      if (options.as_of) out << " [as of " << options.as_of->to_string() << "]";
      out << "\n";
      print(g, prepared.run(g, {}, options), out);
    }
  }
}

}  // namespace cypher_script
