// name_index_bench: fuzzy lookup over many names, against a brute-force scan that scores every
// name with the same function (compare_names), measured in the same run.
//
// Generated names (seeded): people (given names, some middle names, surnames; Zipf-distributed
// from syllable-built vocabularies), companies (words, organisation words, legal forms) and
// other things, 8 % of them in Cyrillic, Chinese or Arabic. Queries are names of the index
// with one typo, tokens swapped, a token dropped, an initial, a Latin reading of a non-Latin
// name, the exact name, or a name that is not there.
//
// Prints the index's build time and memory, lookup median and p99, the scan's time per query,
// and the recall of the scan's top-1 answers (a query counts when the index's best answer
// scores what the scan's best does).
//
//   build/release/bench/name_index_bench [names=1000000] [queries=2000] [scanned queries=60]

#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dossier;

namespace {

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) out.push_back(static_cast<char>(c));
  else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  return out;
}

// Zipf-distributed picks from a vocabulary: a few words are very common, most are rare.
struct vocabulary {
  std::vector<std::string> words;
  std::vector<double> cdf;
  vocabulary(std::vector<std::string> w, double s) : words(std::move(w)) {
    double total = 0;
    for (std::size_t i = 0; i < words.size(); ++i) cdf.push_back(total += 1.0 / std::pow(static_cast<double>(i + 1), s));
    for (auto& c : cdf) c /= total;
  }
  const std::string& pick(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto i = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    return words[std::min(i, words.size() - 1)];
  }
};

std::vector<std::string> syllable_words(std::size_t n, std::mt19937_64& rng) {
  static const char* consonants[] = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "ch", "sh", "th", "kh"};
  static const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "ao"};
  static const char* finals[] = {"", "", "", "n", "r", "s", "l", "m", "ng", "k"};
  std::vector<std::string> out;
  std::uniform_int_distribution<int> syllables(2, 3), c(0, 21), v(0, 9), f(0, 9);
  for (std::size_t i = 0; i < n; ++i) {
    std::string w;
    for (int s = syllables(rng); s > 0; --s) w += std::string(consonants[c(rng)]) + vowels[v(rng)];
    out.push_back(w + finals[f(rng)]);
  }
  return out;
}

std::string to_cyrillic(const std::string& latin) {
  static const char32_t map[26] = {U'а', U'б', U'ц', U'д', U'е', U'ф', U'г', U'х', U'и', U'ж', U'к', U'л', U'м',
                                   U'н', U'о', U'п', U'к', U'р', U'с', U'т', U'у', U'в', U'в', U'ш', U'й', U'з'};
  std::string out;
  for (char ch : latin) out += ch >= 'a' && ch <= 'z' ? utf8(map[ch - 'a']) : std::string(1, ch);
  return out;
}

struct generated {
  std::vector<std::string> names;
  std::vector<std::uint8_t> non_latin;
};

generated generate_names(std::size_t n, std::mt19937_64& rng) {
  const vocabulary given(syllable_words(20'000, rng), 1.0), family(syllable_words(150'000, rng), 0.9),
      words(syllable_words(40'000, rng), 0.9);
  static const char* org_words[] = {"bank", "group", "holdings", "technology", "trading", "international", "industries",
                                    "capital", "energy", "shipping", "logistics", "investment", "university", "institute"};
  static const char* legal[] = {"ltd", "llc", "inc", "gmbh", "co ltd", "jsc", "sa", "limited", "corporation", "ag"};
  static const char* titles[] = {"dr", "mr", "sheikh", "prof"};
  std::uniform_real_distribution<double> u(0, 1);
  generated g;
  g.names.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double r = u(rng), script = u(rng);
    std::string name;
    bool other_script = false;
    if (script < 0.02) {  // Chinese: a surname character and one or two more
      const auto ch = [&](std::size_t pool) { return utf8(static_cast<char32_t>(0x4E00 + (rng() % pool) * 3)); };
      name = ch(120) + ch(3000) + (u(rng) < 0.6 ? ch(3000) : "");
      other_script = true;
    } else if (script < 0.04) {  // Arabic letters
      for (int w = 0; w < 2 + static_cast<int>(rng() % 2); ++w) {
        if (w) name += ' ';
        for (int k = 0; k < 3 + static_cast<int>(rng() % 4); ++k) name += utf8(static_cast<char32_t>(0x0628 + rng() % 35));
      }
      other_script = true;
    } else if (r < 0.55) {  // a person
      if (u(rng) < 0.02) name = std::string(titles[rng() % 4]) + " ";
      name += given.pick(rng);
      if (u(rng) < 0.2) name += " " + given.pick(rng);
      name += " " + family.pick(rng);
      if (script < 0.08) {
        name = to_cyrillic(name);
        other_script = true;
      }
    } else if (r < 0.9) {  // a company
      name = words.pick(rng);
      if (u(rng) < 0.5) name += " " + words.pick(rng);
      if (u(rng) < 0.4) name += std::string(" ") + org_words[rng() % 14];
      if (u(rng) < 0.7) name += std::string(" ") + legal[rng() % 10];
    } else {  // a program, a place, a field
      name = words.pick(rng);
      for (int k = static_cast<int>(rng() % 3); k > 0; --k) name += " " + words.pick(rng);
    }
    g.names.push_back(std::move(name));
    g.non_latin.push_back(other_script ? 1 : 0);
  }
  return g;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const auto j = std::min(s.find(' ', i), s.size());
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& ws) {
  std::string out;
  for (const auto& w : ws) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string typo(std::string w, std::mt19937_64& rng) {
  if (w.size() < 4) return w;
  const auto at = static_cast<std::size_t>(1 + rng() % (w.size() - 2));
  switch (rng() % 4) {
    case 0: w[at] = static_cast<char>('a' + rng() % 26); break;
    case 1: w.erase(at, 1); break;
    case 2: w.insert(at, 1, static_cast<char>('a' + rng() % 26)); break;
    default: std::swap(w[at], w[at + 1]); break;
  }
  return w;
}

std::vector<std::string> make_queries(const generated& g, std::size_t n, std::mt19937_64& rng) {
  std::vector<std::string> out;
  std::uniform_real_distribution<double> u(0, 1);
  const vocabulary fresh(syllable_words(5000, rng), 0.5);
  while (out.size() < n) {
    const auto& name = g.names[rng() % g.names.size()];
    auto ws = split(name);
    const bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const double r = u(rng);
    if (r < 0.10) {
      out.push_back(name);
    } else if (r < 0.20) {
      out.push_back(fresh.pick(rng) + " " + fresh.pick(rng) + "x");  // not in the index
    } else if (!ascii) {
      out.push_back(r < 0.5 ? name : normalize_name(name));  // the exact name, or the name as found
    } else if (r < 0.55) {
      auto& w = ws[rng() % ws.size()];
      w = typo(w, rng);
      out.push_back(join(ws));
    } else if (r < 0.70 && ws.size() >= 2) {
      std::swap(ws[0], ws[1]);
      out.push_back(join(ws));
    } else if (r < 0.85 && ws.size() >= 3) {
      ws.erase(ws.begin() + static_cast<std::ptrdiff_t>(rng() % ws.size()));
      out.push_back(join(ws));
    } else if (ws.size() >= 2) {
      ws[0] = ws[0].substr(0, 1);  // an initial
      out.push_back(join(ws));
    }
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const auto n = bench::count_argument(argc, argv, 1, "names", 1'000'000, 1000, 50'000'000);
  const auto query_count = bench::count_argument(argc, argv, 2, "queries", 2000, 10, 1'000'000);
  const auto scanned = bench::count_argument(argc, argv, 3, "scanned queries", 60, 1, 1'000'000);
  std::mt19937_64 rng(18);
  const auto g = generate_names(n, rng);
  const auto queries = make_queries(g, query_count, rng);
  std::printf("name_index_bench: %u generated names (%zu in Cyrillic, Chinese or Arabic), %u queries, %u of them also scanned\n", n,
              static_cast<std::size_t>(std::count(g.non_latin.begin(), g.non_latin.end(), 1)), query_count, scanned);

  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> keys;
  keys.reserve(n);
  for (const auto& name : g.names) keys.push_back(normalize_name(name));
  const double normalise_s = bench::seconds_since(t0);

  const auto rss0 = bench::rss_bytes();
  name_index index;
  t0 = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < n; ++i) index.add(static_cast<entity_id>(i), keys[i]);
  index.shrink_to_fit();
  const double keys_s = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  (void)index.fuzzy("x", 2.0, 1);  // builds the token postings (scores nothing: min_score 2)
  const double tokens_s = bench::seconds_since(t0);
  const auto bytes = index.memory_bytes();
  const auto rss1 = bench::rss_bytes();

  std::vector<double> times;
  std::vector<std::vector<name_match>> answers;
  times.reserve(queries.size());
  for (const auto& q : queries) {
    const auto key = normalize_name(q);
    const auto t = std::chrono::steady_clock::now();
    auto found = index.fuzzy(key, config::default_fuzzy_min_score, 10);
    times.push_back(bench::seconds_since(t) * 1e6);
    answers.push_back(std::move(found));
  }
  double mean = 0;
  for (double t : times) mean += t / static_cast<double>(times.size());

  // The scan: every name scored with compare_names, on both cores.
  std::vector<double> best(scanned, 0), scan_times(scanned, 0);
  std::vector<std::size_t> best_key(scanned, 0);
  const auto scan = [&](std::uint32_t from, std::uint32_t step) {
    for (std::uint32_t q = from; q < scanned; q += step) {
      const auto t = std::chrono::steady_clock::now();
      double top = 0;
      for (std::size_t k = 0; k < keys.size(); ++k) {
        const double s = compare_names(queries[q], keys[k]).score;
        if (s > top) top = s, best_key[q] = k;
      }
      scan_times[q] = bench::seconds_since(t);
      best[q] = top;
    }
  };
  std::thread other(scan, 1, 2);
  scan(0, 2);
  other.join();
  std::uint32_t with_answer = 0, found_best = 0;
  std::vector<std::string> missed;
  for (std::uint32_t q = 0; q < scanned; ++q) {
    if (best[q] < config::default_fuzzy_min_score) continue;
    ++with_answer;
    if (!answers[q].empty() && answers[q].front().score >= best[q] - 1e-9) {
      ++found_best;
      continue;
    }
    char line[512];
    std::snprintf(line, sizeof line, "  '%s': the scan's best is '%s' (%.2f), the index's %s", queries[q].c_str(), keys[best_key[q]].c_str(),
                  best[q], answers[q].empty() ? "(none)" : ("'" + answers[q].front().matched + "'").c_str());
    missed.push_back(line);
  }
  std::vector<double> scan_sorted = scan_times;

  std::printf("\n| measure | dossier name index | brute-force scan (compare_names on every name) |\n|---|---|---|\n");
  std::printf("| normalising the names | %.2f s | |\n", normalise_s);
  std::printf("| index build: names and owners | %.2f s | |\n", keys_s);
  std::printf("| index build: token postings and neighbourhood (first fuzzy lookup) | %.2f s | |\n", tokens_s);
  std::printf("| index memory | %.1f bytes per name (%.0f MiB; resident growth %.0f MiB) | |\n", static_cast<double>(bytes) / n,
              static_cast<double>(bytes) / (1 << 20), static_cast<double>(rss1 - rss0) / (1 << 20));
  std::printf("| fuzzy lookup, median | %.1f µs | %.0f ms |\n", percentile(times, 0.5), percentile(scan_sorted, 0.5) * 1e3);
  std::printf("| fuzzy lookup, p99 | %.1f µs | |\n", percentile(times, 0.99));
  std::printf("| fuzzy lookup, mean | %.1f µs | |\n", mean);
  std::printf("| recall of the scan's top-1 (%u scanned queries with an answer >= %.2f) | %.3f (%u) | 1 |\n", with_answer,
              config::default_fuzzy_min_score, with_answer ? static_cast<double>(found_best) / with_answer : 1.0, found_best);
  std::printf("| median speed-up over the scan | %.0fx | |\n", percentile(scan_sorted, 0.5) * 1e6 / percentile(times, 0.5));
  std::printf("\nThe scan's top-1 answers the index missed (%zu):\n", missed.size());
  for (std::size_t i = 0; i < missed.size() && i < 12; ++i) std::printf("%s\n", missed[i].c_str());
  return 0;
}
