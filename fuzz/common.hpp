#pragma once
// Shared by the fuzz targets: what counts as a bug.
// Bad input may only ever raise a dossier::error (typed, with a message); anything else that
// escapes -- std::bad_alloc from a hostile count, std::out_of_range, a Boost exception -- or any
// crash, leak or undefined behaviour the sanitizers see is a finding.
#include <dossier/core/error.hpp>
#include <dossier/io/snapshot.hpp>
#include <dossier/store/graph.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
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

// Runs an import into `g`, whose snapshot bytes were `before`: bad input may only raise a
// dossier::error, and a failed import must leave the graph as it was. True when it succeeded.
template <class Import>
bool import_or_unchanged(const dossier::graph& g, const std::string& before, Import&& import) {
  bool imported = false;
  expect_only_typed_errors([&] {
    import();
    imported = true;
  });
  if (!imported && dossier::save_to_bytes(g) != before) finding("a failed import changed the graph");
  return imported;
}

}  // namespace fuzz
