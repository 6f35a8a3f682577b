#pragma once
// Shared by the fuzz targets: what counts as a bug.
// Bad input may only ever raise a dossier::error (typed, with a message); anything else that
// escapes -- std::bad_alloc from a hostile count, std::out_of_range, a Boost exception -- or any
// crash, leak or undefined behaviour the sanitizers see is a finding.
#include <dossier/core/error.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

namespace fuzz {

template <class F>
void expect_only_typed_errors(F&& f) {
  try {
    f();
  } catch (const dossier::error& e) {
    if (e.what()[0] == '\0') {
      std::fprintf(stderr, "dossier::error with an empty message\n");
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "untyped exception %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

// One of a fixed list of options, chosen by the input.
template <class T, std::size_t N>
const T& pick(FuzzedDataProvider& in, const T (&options)[N]) {
  return options[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace fuzz
