// dossier_tck: runs the openCypher TCK's scenarios against dossier's Cypher (docs/cypher.md,
// "The TCK runner").
//
//   dossier_tck --features DIR [--graphs DIR] [--filter SUBSTR] [--baseline FILE]
//               [--write-baseline FILE] [--time-limit SECONDS] [--no-fork] [--verbose]
//               [--skip-if-missing]
//
// One line per scenario, PASS, FAIL or SKIP with its file, line, feature and name (and, for a
// failure, why), then a table per feature folder and the line "N passed, M failed, K skipped".
// Exit status: 0, or 1 when a folder passes fewer scenarios than the baseline says, 2 for wrong
// usage or unreadable input, 77 (CTest's skip) when --skip-if-missing and DIR does not exist.

#include "tck/checks.hpp"
#include "tck/gherkin.hpp"
#include "tck/isolation.hpp"
#include "tck/runner.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct options {
  fs::path features, graphs;
  std::string filter;
  std::optional<fs::path> baseline, write_baseline;
  int time_limit_s = 10;
  bool fork = true, verbose = false, skip_if_missing = false;
};

constexpr const char* usage =
    "usage: dossier_tck --features DIR [--graphs DIR] [--filter SUBSTR] [--baseline FILE]\n"
    "                   [--write-baseline FILE] [--time-limit SECONDS] [--no-fork] [--verbose]\n"
    "                   [--skip-if-missing]\n";

int seconds(const std::string& text) {  // 0 for anything but 1 to 86400
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n > 0 && n <= 86400 ? n : 0;
}

std::optional<options> parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return argv[++i];
    };
    std::optional<std::string> v;
    if (a == "--no-fork") o.fork = false;
    else if (a == "--verbose") o.verbose = true;
    else if (a == "--skip-if-missing") o.skip_if_missing = true;
    else if (!(v = value())) return std::nullopt;
    else if (a == "--features") o.features = *v;
    else if (a == "--graphs") o.graphs = *v;
    else if (a == "--filter") o.filter = *v;
    else if (a == "--baseline") o.baseline = *v;
    else if (a == "--write-baseline") o.write_baseline = *v;
    else if (a == "--time-limit") o.time_limit_s = seconds(*v);
    else return std::nullopt;
  }
  if (o.features.empty() || (o.write_baseline && !o.filter.empty()) || o.time_limit_s <= 0) return std::nullopt;
  if (o.graphs.empty()) o.graphs = o.features.parent_path() / "graphs";  // the TCK's layout
  return o;
}

struct tally {
  std::size_t passed = 0, failed = 0, skipped = 0;
  [[nodiscard]] std::size_t total() const { return passed + failed + skipped; }
};

struct run_state {
  std::map<std::string, tally> folders;  // relative to --features: clauses/match
  tally all;
  std::size_t empty_detail_passes = 0;
  std::set<std::string> format_problems;
  std::vector<std::string> unreadable;  // feature files the reader refused
};

std::vector<fs::path> feature_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".feature") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// One line, at most `max` bytes: new lines shown as \n.
std::string one_line(const std::string& s, std::size_t max) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  if (out.size() > max) out = out.substr(0, max) + "...";
  return out;
}

void print_outcome(const std::string& label, const tck::outcome& o, bool verbose) {
  static constexpr const char* words[] = {"PASS", "FAIL", "SKIP"};
  std::cout << words[static_cast<int>(o.result)] << ' ' << label;
  if (o.result != tck::outcome::status::pass) std::cout << " -- " << (verbose ? o.reason : one_line(o.reason, 240));
  std::cout << '\n';
  if (verbose && o.relied_on_empty_detail) std::cout << "    passed on category and phase: our error gave no detail\n";
  if (verbose && !o.details.empty()) {
    std::istringstream lines(o.details);
    for (std::string line; std::getline(lines, line);) std::cout << "    " << line << '\n';
  }
  std::cout.flush();
}

void count(run_state& st, const std::string& folder, const tck::outcome& o) {
  for (auto* t : {&st.folders[folder], &st.all}) {
    if (o.result == tck::outcome::status::pass) ++t->passed;
    else if (o.result == tck::outcome::status::fail) ++t->failed;
    else ++t->skipped;
  }
  if (o.result == tck::outcome::status::pass && o.relied_on_empty_detail) ++st.empty_detail_passes;
  st.format_problems.insert(o.format_problems.begin(), o.format_problems.end());
}

void run_feature(const options& opt, const fs::path& file, run_state& st) {
  const auto rel = fs::relative(file, opt.features).generic_string();
  const auto folder = fs::relative(file.parent_path(), opt.features).generic_string();
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  tck::gherkin::feature f;
  try {
    f = tck::gherkin::parse_feature(text.str(), rel);
  } catch (const tck::gherkin::gherkin_error& e) {
    std::cout << "ERROR " << e.what() << '\n';
    st.unreadable.push_back(e.what());
    return;
  }
  const tck::run_settings settings{opt.graphs, std::chrono::seconds(opt.time_limit_s)};
  for (const auto& s : f.scenarios) {
    const auto label = rel + ":" + std::to_string(s.line) + " " + f.name + " / " + s.name;
    if (!opt.filter.empty() && label.find(opt.filter) == std::string::npos) continue;
    const auto o = opt.fork ? tck::run_isolated(s, settings) : tck::run_scenario(s, settings);
    print_outcome(label, o, opt.verbose);
    count(st, folder, o);
  }
}

void print_table(const run_state& st) {
  std::cout << '\n' << std::left << std::setw(44) << "folder" << std::right << std::setw(7) << "passed" << std::setw(7)
            << "failed" << std::setw(8) << "skipped" << std::setw(7) << "total" << std::setw(8) << "pass %" << '\n';
  const auto row = [](const std::string& name, const tally& t) {
    const double pct = t.total() ? 100.0 * static_cast<double>(t.passed) / static_cast<double>(t.total()) : 0.0;
    std::cout << std::left << std::setw(44) << name << std::right << std::setw(7) << t.passed << std::setw(7) << t.failed
              << std::setw(8) << t.skipped << std::setw(7) << t.total() << std::setw(8) << std::fixed
              << std::setprecision(1) << pct << '\n';
  };
  for (const auto& [folder, t] : st.folders) row(folder, t);
  row("all", st.all);
}

void print_notes(const run_state& st) {
  if (st.empty_detail_passes)
    std::cout << st.empty_detail_passes
              << " passing error scenarios matched on category and phase only: our error gave no detail\n";
  if (!st.format_problems.empty()) {
    std::cout << st.format_problems.size() << " format() outputs the TCK value reader could not read, e.g.:\n";
    std::size_t shown = 0;
    for (const auto& p : st.format_problems)
      if (shown++ < 5) std::cout << "  " << one_line(p, 200) << '\n';
  }
  for (const auto& u : st.unreadable) std::cout << "unreadable feature file: " << u << '\n';
}

tck::baseline pass_counts(const run_state& st) {
  tck::baseline b;
  for (const auto& [folder, t] : st.folders) b[folder] = t.passed;
  return b;
}

// 0 when the baseline holds (or there is none), 1 when a folder fell below it, 2 when it
// cannot be read.
int check_baseline(const options& opt, const run_state& st) {
  if (!opt.baseline) return 0;
  if (!opt.filter.empty()) {
    std::cout << "baseline not checked: --filter runs only part of the kit\n";
    return 0;
  }
  std::ifstream in(*opt.baseline);
  if (!in) {
    std::cout << "cannot read the baseline " << opt.baseline->string() << '\n';
    return 2;
  }
  try {
    std::set<std::string> ran;
    for (const auto& [folder, t] : st.folders) ran.insert(folder);
    const auto fell = tck::regressions(tck::read_baseline(in), pass_counts(st), ran);
    for (const auto& f : fell) std::cout << "below the baseline: " << f << '\n';
    if (fell.empty()) std::cout << "baseline " << opt.baseline->string() << " holds\n";
    return fell.empty() ? 0 : 1;
  } catch (const tck::value_error& e) {
    std::cout << opt.baseline->string() << ": " << e.what() << '\n';
    return 2;
  }
}

int write_baseline(const options& opt, const run_state& st) {
  if (!opt.write_baseline) return 0;
  std::ofstream out(*opt.write_baseline);
  tck::write_baseline(out, pass_counts(st));
  if (out.flush()) return 0;
  std::cout << "cannot write " << opt.write_baseline->string() << '\n';
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const auto opt = parse_args(argc, argv);
  if (!opt) {
    std::cerr << usage;
    return 2;
  }
  if (!fs::is_directory(opt->features)) {
    std::cout << (opt->skip_if_missing ? "skipped: ../shared/tck not found (" : "no features directory (")
              << opt->features.string() << ")\n";
    return opt->skip_if_missing ? 77 : 2;
  }
  run_state st;
  for (const auto& file : feature_files(opt->features)) run_feature(*opt, file, st);
  print_table(st);
  print_notes(st);
  const int written = write_baseline(*opt, st);
  const int held = check_baseline(*opt, st);
  std::cout << st.all.passed << " passed, " << st.all.failed << " failed, " << st.all.skipped << " skipped\n";
  return std::max(written, held);
}
