#pragma once
// Every traversal runs under a budget; exceeding a limit throws budget_exceeded naming it.
//
// A visit is one entity expanded or one relation examined, and each costs a bounded amount of
// work (path checks use on-path marks, not walks), so the visit limit bounds time as well as
// counts: the default of 10^8 ends any query within a few seconds on a 2-core machine, and no
// interactive question on a graph of 10^6 entities comes near it.

#include <dossier/core/config.hpp>

#include <cstddef>

DOSSIER_NAMESPACE_BEGIN

struct budget {
  std::size_t max_visited = config::default_max_visited;  // entities expanded + relations examined
  std::size_t max_paths = config::default_max_paths;      // paths enumerated (paths(), path algorithms)
  std::size_t max_results = config::default_max_results;  // result rows
};

DOSSIER_NAMESPACE_END
