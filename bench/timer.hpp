#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace bench {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median wall time of `repeats` runs of f, in seconds.
template <class F>
double median_time(int repeats, F&& f) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    times.push_back(seconds_since(t0));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// Median wall times of several functions, run interleaved (a, b, c, a, b, c, ...) so that
// drift in machine load affects all of them alike; `before` runs untimed before each run.
template <class Before, class... F>
std::vector<double> interleaved_medians_after(Before&& before, int repeats, F&&... fs) {
  constexpr std::size_t n = sizeof...(F);
  std::vector<std::vector<double>> times(n);
  for (int i = 0; i < repeats; ++i) {
    std::size_t k = 0;
    ((times[k++].push_back([&] {
       before();
       const auto t0 = std::chrono::steady_clock::now();
       fs();
       return seconds_since(t0);
     }())),
     ...);
  }
  std::vector<double> out;
  for (auto& t : times) {
    std::sort(t.begin(), t.end());
    out.push_back(t[t.size() / 2]);
  }
  return out;
}

template <class... F>
std::vector<double> interleaved_medians(int repeats, F&&... fs) {
  return interleaved_medians_after([] {}, repeats, std::forward<F>(fs)...);
}

// The same, each run with the processor caches flushed first (a 64 MiB buffer is rewritten,
// untimed): the first query after other work.
template <class... F>
std::vector<double> flushed_medians(int repeats, F&&... fs) {
  static std::vector<unsigned char> junk(std::size_t{64} << 20, 1);
  const auto flush = [] {
    for (std::size_t i = 0; i < junk.size(); i += 64) junk[i] = static_cast<unsigned char>(junk[i] + 1);
  };
  return interleaved_medians_after(flush, repeats, std::forward<F>(fs)...);
}

// Resident set size now, in bytes (Linux).
inline std::size_t rss_bytes() {
  std::ifstream in("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4096;
}

// Keeps the optimiser from deleting benchmark work.
template <class T>
inline void keep(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

}  // namespace bench
