#pragma once
// The library's one configuration point: namespace versioning, assertions and tunables.

#include <cstddef>
#include <cstdint>

#define DOSSIER_NAMESPACE_BEGIN namespace dossier { inline namespace v0 {
#define DOSSIER_NAMESPACE_END } }

// Internal invariants (never user input: user input is checked and throws).
#ifndef DOSSIER_ASSERT
#  include <cassert>
#  define DOSSIER_ASSERT(cond) assert(cond)
#endif

DOSSIER_NAMESPACE_BEGIN

namespace config {
// Pending (not yet compacted) adjacency entries trigger a rebuild of the compressed
// adjacency once they exceed this many plus half the compacted size: amortised O(1) inserts.
inline constexpr std::size_t compaction_slack = 4096;
// Adjacency rebuilds of at least this many relations run both directions in parallel.
inline constexpr std::size_t parallel_rebuild_threshold = 200'000;

// Default traversal budgets: large enough for every interactive question on a 10^6 graph,
// small enough that an accidental all-paths query fails in seconds instead of hanging.
inline constexpr std::size_t default_max_visited = 10'000'000;
inline constexpr std::size_t default_max_paths   = 100'000;
inline constexpr std::size_t default_max_results = 1'000'000;

// Fuzzy name lookup: candidates below this score are not returned unless asked for.
inline constexpr double default_fuzzy_min_score = 0.75;
}  // namespace config

DOSSIER_NAMESPACE_END
