// name_bench: dossier's compare_names on nomenklatura's labelled name pairs
// (../shared/data/name_bench/cases-dev.csv, read at run time; see its README.md).
//
// Prints F1, precision and recall at the library's default threshold
// (config::default_fuzzy_min_score), by entity type and by script (Latin, one non-Latin script,
// across scripts), the worst false positives and negatives with what matched, and beside them
// the README's figures for nomenklatura's logic-v2 and Levenshtein, and a plain Levenshtein
// ratio measured in this run.
//
//   build/release/bench/name_bench [cases.csv] [worst=12]

#include <dossier/dossier.hpp>
#include <dossier/names/compare.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace dossier;

namespace {

struct labelled_pair {
  std::string schema, left, right;
  bool match = false;
};

// One CSV record (RFC 4180: quoted fields, "" inside quotes); false at the end of input.
bool read_record(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string field, line;
  bool quoted = false, any = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') { field.push_back('"'); in.get(c); }
        else quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!any) return false;
  fields.push_back(std::move(field));
  return true;
}

std::vector<labelled_pair> read_cases(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "name_bench: cannot read %s (the benchmark data lives in ../shared)\n", path.c_str());
    std::exit(1);
  }
  std::vector<std::string> f;
  read_record(in, f);  // header: case_group,schema,name1,name2,is_match,...
  std::vector<labelled_pair> out;
  while (read_record(in, f))
    if (f.size() >= 5) out.push_back({f[1], f[2], f[3], f[4] == "true"});
  return out;
}

std::u32string decode_utf8(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

name_kind kind_of(const std::string& schema) {
  if (schema == "Person") return name_kind::person;
  if (schema == "Company" || schema == "Organization") return name_kind::organisation;
  if (schema == "Vessel") return name_kind::vessel;
  return name_kind::any;
}

// The writing system of a name, by the first letter outside Latin (enough to tell the
// benchmark's scripts apart).
std::string script_of(const std::string& name) {
  const auto u = decode_utf8(name);
  for (char32_t c : u) {
    if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF)) continue;
    if (c >= 0x370 && c < 0x400) return "Greek";
    if (c >= 0x400 && c < 0x530) return "Cyrillic";
    if (c >= 0x590 && c < 0x600) return "Hebrew";
    if (c >= 0x600 && c < 0x700) return "Arabic";
    if (c >= 0x10A0 && c < 0x1100) return "Georgian";
    if (c >= 0x1100 && c < 0x1200) return "Hangul";
    if (c >= 0x3040 && c < 0x3100) return "Kana";
    if (c >= 0x3400 && c < 0xA000) return "Han";
    if (c >= 0xAC00 && c < 0xD7B0) return "Hangul";
  }
  return "Latin";
}

std::string script_class(const labelled_pair& p) {
  const auto a = script_of(p.left), b = script_of(p.right);
  if (a != b) return "cross-script";
  return a == "Latin" ? "Latin" : "same non-Latin script";
}

struct tally {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  void add(bool predicted, bool actual) {
    (predicted ? (actual ? tp : fp) : (actual ? fn : tn))++;
  }
  [[nodiscard]] double precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 0; }
  [[nodiscard]] double recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 0; }
  [[nodiscard]] double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

void print_row(const std::string& label, const tally& t) {
  std::printf("| %-22s | %4d | %.3f | %.3f | %.3f | %3d | %3d | %3d | %3d |\n", label.c_str(), t.tp + t.fp + t.fn + t.tn, t.f1(),
              t.precision(), t.recall(), t.tp, t.fp, t.fn, t.tn);
}

void print_table(const char* title, const std::map<std::string, tally>& rows) {
  std::printf("\n%s\n| %-22s | pairs | F1 | precision | recall | TP | FP | FN | TN |\n|---|---|---|---|---|---|---|---|---|\n", title, "");
  for (const auto& [label, t] : rows) print_row(label, t);
}

// Plain Levenshtein ratio on normalised names (1 - distance / longer length).
double levenshtein_ratio(const std::string& a, const std::string& b) {
  const auto x = decode_utf8(normalize_name(a)), y = decode_utf8(normalize_name(b));
  const std::size_t n = x.size(), m = y.size();
  if (std::max(n, m) == 0) return 1;
  std::vector<std::size_t> prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return 1.0 - static_cast<double>(prev[m]) / static_cast<double>(std::max(n, m));
}

struct judged_pair {
  const labelled_pair* pair;
  name_comparison why;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 && *argv[1] ? argv[1] : DOSSIER_SHARED_DIR "/data/name_bench/cases-dev.csv";
  const int worst = argc > 2 ? std::atoi(argv[2]) : 12;
  const auto cases = read_cases(path);
  const double threshold = config::default_fuzzy_min_score;

  tally all, levenshtein, everything;
  std::map<std::string, tally> by_type, by_script;
  std::vector<judged_pair> false_positives, false_negatives;
  for (const auto& p : cases) {
    auto why = compare_names(p.left, p.right, {.kind = kind_of(p.schema)});
    const bool predicted = why.score >= threshold;
    all.add(predicted, p.match);
    by_type[p.schema].add(predicted, p.match);
    by_script[script_class(p)].add(predicted, p.match);
    levenshtein.add(levenshtein_ratio(p.left, p.right) >= 0.7, p.match);
    everything.add(true, p.match);
    if (predicted && !p.match) false_positives.push_back({&p, std::move(why)});
    else if (!predicted && p.match) false_negatives.push_back({&p, std::move(why)});
  }

  std::printf("name_bench: %zu labelled pairs from %s; a pair is a match when its score is at least %.2f\n", cases.size(),
              path.c_str(), threshold);
  std::printf("\n| matcher | F1 | precision | recall |\n|---|---|---|---|\n");
  std::printf("| dossier compare_names (threshold %.2f) | %.3f | %.3f | %.3f |\n", threshold, all.f1(), all.precision(), all.recall());
  std::printf("| nomenklatura logic-v2 (README, threshold 0.7) | 0.782 | | |\n");
  std::printf("| Levenshtein with rigour's cut-offs (README, threshold 0.7) | 0.678 | | |\n");
  std::printf("| plain Levenshtein ratio, this run (threshold 0.7) | %.3f | %.3f | %.3f |\n", levenshtein.f1(), levenshtein.precision(),
              levenshtein.recall());
  std::printf("| every pair a match, this run | %.3f | %.3f | %.3f |\n", everything.f1(), everything.precision(), everything.recall());
  print_table("By entity type (FollowTheMoney schema of the pair):", by_type);
  print_table("By script:", by_script);

  const auto show = [&](const char* title, std::vector<judged_pair>& list, bool highest_first) {
    std::sort(list.begin(), list.end(), [&](const judged_pair& a, const judged_pair& b) {
      return highest_first ? a.why.score > b.why.score : a.why.score < b.why.score;
    });
    std::printf("\n%s (%zu):\n", title, list.size());
    for (int i = 0; i < worst && i < static_cast<int>(list.size()); ++i) {
      const auto& s = list[static_cast<std::size_t>(i)];
      std::printf("  %.2f  %s | %s  [%s]\n        %s\n", s.why.score, s.pair->left.c_str(), s.pair->right.c_str(), s.pair->schema.c_str(),
                  s.why.explain().c_str());
    }
  };
  show("Worst false positives, highest score first", false_positives, true);
  show("Worst false negatives, lowest score first", false_negatives, false);
  return 0;
}
