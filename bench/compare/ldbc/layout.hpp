#pragma once
// The LDBC SNB SF0.1 files as Kùzu ships them ('|'-separated, typed headers), read from their
// headers rather than hard-coded, and what the three systems share: the query parameters, the
// answer checksum and the timing lines that bench/compare/run reads.
//   node file  Person.csv                 id:ID(Person)|firstName:STRING|...|birthday:LONG
//   edge file  Person_knows_Person[_1].csv :START_ID(Person)|:END_ID(Person)|creationDate:LONG
// Some "_1" files repeat the header, some do not; each file is checked.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ldbc {

namespace fs = std::filesystem;

struct column {
  std::string name;
  bool integer = false;  // LONG and INT; everything else is text
};

struct node_table {
  std::string type;
  std::vector<column> columns;  // columns[0] is the id
  fs::path file;
};

struct edge_table {
  std::string name;  // the file's stem without "_1": Person_knows_Person
  std::string source, target;
  std::vector<column> properties;  // after the two ends
  std::vector<fs::path> files;
};

struct layout {
  std::vector<node_table> nodes;
  std::vector<edge_table> edges;
};

inline std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t bar; (bar = line.find('|', start)) != std::string_view::npos; start = bar + 1) fields.push_back(line.substr(start, bar - start));
  fields.push_back(line.substr(start));
  return fields;
}

inline std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

inline bool has_header(const fs::path& file) {
  const auto line = first_line(file);
  return line.find(":ID(") != std::string::npos || line.find(":START_ID(") != std::string::npos;
}

// "creationDate:LONG" -> {creationDate, integer}; ":LABEL" -> {label, text}.
inline column parse_column(std::string_view field) {
  const auto colon = field.find(':');
  const auto name = field.substr(0, colon);
  const auto kind = field.substr(colon + 1);
  return {name.empty() ? std::string("label") : std::string(name), kind == "LONG" || kind == "INT" || kind.starts_with("ID(")};
}

// "END_ID(Person)" -> "Person"
inline std::string parenthesised(std::string_view field) {
  const auto open = field.find('(');
  return std::string(field.substr(open + 1, field.find(')') - open - 1));
}

inline layout read_layout(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  layout l;
  for (const auto& file : files) {
    auto stem = file.stem().string();
    if (stem.find('_') == std::string::npos) {
      node_table t{stem, {}, file};
      const auto header = first_line(file);
      for (auto f : split(header)) t.columns.push_back(parse_column(f));
      l.nodes.push_back(std::move(t));
      continue;
    }
    if (stem.ends_with("_1")) stem.resize(stem.size() - 2);
    if (!l.edges.empty() && l.edges.back().name == stem) {
      l.edges.back().files.push_back(file);
      continue;
    }
    const auto line = first_line(file);  // every base file has its header
    const auto header = split(line);
    edge_table t{stem, parenthesised(header.at(0)), parenthesised(header.at(1)), {}, {file}};
    for (std::size_t i = 2; i < header.size(); ++i) t.properties.push_back(parse_column(header[i]));
    l.edges.push_back(std::move(t));
  }
  if (l.nodes.empty()) throw std::runtime_error(dir.string() + ": no LDBC files");
  return l;
}

// Calls f(fields) for every data row of a file.
template <class F>
void each_row(const fs::path& file, F&& f) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::string line;
  if (has_header(file)) std::getline(in, line);
  while (std::getline(in, line))
    if (!line.empty()) f(split(line));
}

inline std::size_t data_rows(const fs::path& file) {
  std::ifstream in(file);
  const auto lines = static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
  return lines - (has_header(file) ? 1 : 0);
}

// ---- parameters: the same in every system (written by `ldbc params`) ----

struct person_name {
  std::int64_t person;
  std::string first_name;
};

struct parameters {
  std::vector<std::int64_t> persons;   // IS1-IS3
  std::vector<std::int64_t> messages;  // IS4-IS7: posts and comments
  std::vector<person_name> two_hop;    // IC1 in two hops
};

inline parameters read_parameters(const fs::path& file) {
  parameters p;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto f = split(line);
    if (f[0] == "person") p.persons.push_back(std::stoll(std::string(f.at(1))));
    else if (f[0] == "message") p.messages.push_back(std::stoll(std::string(f.at(1))));
    else if (f[0] == "ic1") p.two_hop.push_back({std::stoll(std::string(f.at(1))), std::string(f.at(2))});
  }
  if (p.persons.empty()) throw std::runtime_error(file.string() + ": no parameters");
  return p;
}

// ---- answers: rows of text, checksummed as ldbc.js does ----

using row = std::vector<std::string>;

// FNV-1a (64 bits) over every field followed by '|', every row by '\n', every answer by '#':
// rows in the order the query sorts them, NULL and empty text both as nothing.
struct checksum {
  std::uint64_t h = 14695981039346656037ull;
  std::size_t rows = 0;
  void add(std::string_view s) {
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  }
  void add(const std::vector<row>& answer) {
    for (const auto& r : answer) {
      for (const auto& f : r) add(f), add("|");
      add("\n");
    }
    add("#");
    rows += answer.size();
  }
};

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Times f(i) for every parameter (the answer is checksummed outside the timing) and prints
//   query NAME MEDIAN_MS CHECKSUM ROWS
inline void run_query(const std::string& name, std::size_t items, const std::function<std::vector<row>(std::size_t)>& f) {
  std::vector<double> times;
  checksum sum;
  for (std::size_t i = 0; i < items; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto answer = f(i);
    times.push_back(ms_since(t0));
    sum.add(answer);
  }
  std::sort(times.begin(), times.end());
  std::printf("query %s %.6f h%016llx %zu\n", name.c_str(), times[times.size() / 2], static_cast<unsigned long long>(sum.h), sum.rows);
  std::fflush(stdout);
}

inline std::size_t status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stoull(line.substr(std::string_view(field).size())) * 1024;
  return 0;
}
inline std::size_t peak_rss() { return status_bytes("VmHWM:"); }
inline std::size_t current_rss() { return status_bytes("VmRSS:"); }

}  // namespace ldbc
