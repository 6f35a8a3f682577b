#pragma once
// The library's one configuration point: namespace versioning, assertions, compiler extensions
// and tunables. Define DOSSIER_ASSERT before including any dossier header to route internal
// invariant checks to your own handler.

#include <cstddef>
#include <cstdint>

#define DOSSIER_NAMESPACE_BEGIN namespace dossier { inline namespace v0 {
#define DOSSIER_NAMESPACE_END } }

// Internal invariants (never user input: user input is checked and throws), with a message
// that says what broke: DOSSIER_ASSERT(row < rows, "path tree row out of range").
#ifndef DOSSIER_ASSERT
#  include <cassert>
#  define DOSSIER_ASSERT(cond, message) assert((cond) && (message))
#endif

// Compiler extensions, behind macros so that other compilers can be taught them in one place.
#if defined(__GNUC__) || defined(__clang__)
#  define DOSSIER_ALWAYS_INLINE [[gnu::always_inline]] inline
#  define DOSSIER_PREFETCH(address) __builtin_prefetch(address)
#else
#  define DOSSIER_ALWAYS_INLINE inline
#  define DOSSIER_PREFETCH(address) ((void)(address))
#endif

DOSSIER_NAMESPACE_BEGIN

namespace config {
// Pending (not yet compacted) adjacency entries trigger a rebuild of the compressed
// adjacency once they exceed this many plus half the compacted size: amortised O(1) inserts.
inline constexpr std::size_t compaction_slack = 4096;
// Adjacency rebuilds of at least this many relations run both directions in parallel.
inline constexpr std::size_t parallel_rebuild_threshold = 200'000;
// After a batch of at least this many rows, graph::append hands the heap's free pages back to
// the system (a load's parsed rows and replaced tables would otherwise stay in the heap).
inline constexpr std::size_t large_batch_rows = 1 << 16;

// Default traversal budgets. A visit is one entity expanded or one relation examined, and each
// costs a bounded amount of work, so the visit budget bounds time: 10^8 visits take about one to
// three seconds on a 2-core server of 2026 (an unbounded trail on a complete graph stops there),
// while every interactive question on a 10^6-entity graph stays far below it.
inline constexpr std::size_t default_max_visited = 100'000'000;
inline constexpr std::size_t default_max_paths   = 100'000;
inline constexpr std::size_t default_max_results = 1'000'000;

// Fuzzy name lookup: candidates below this score are not returned unless asked for.
inline constexpr double default_fuzzy_min_score = 0.75;
// Keys a fuzzy lookup compares in full (the best of those sharing tokens with the query).
inline constexpr std::size_t fuzzy_candidates = 64;
// Name indexes of at least this many names are built on several threads (up to 4).
inline constexpr std::size_t parallel_names_threshold = 100'000;
// resolve() calls a result ambiguous when the runner-up (another entity) scores within this.
inline constexpr double ambiguity_margin = 0.1;

// How deep lists may nest inside a value: [[1]] is depth 2. Enforced where values are made
// (value's list constructor, and so every reader), so every recursive function over values is
// safe within it. Snapshots and JSON Lines use the same limit.
inline constexpr int max_value_depth = 8;

// A citation's quote is a short excerpt: at most this many bytes (the citation arena keeps each
// quote's length in 24 bits).
inline constexpr std::size_t max_quote_bytes = (std::size_t{1} << 24) - 1;

// Error messages quote at most this many bytes of bad input, then give its length.
inline constexpr std::size_t max_quoted_bytes = 64;

// Cypher statements: the deepest nesting of expressions and patterns the parser follows, and the
// longest statement it reads; hostile text is refused with a syntax error, not a stack overflow.
inline constexpr std::size_t max_cypher_depth = 256;
inline constexpr std::size_t max_cypher_bytes = 1 << 20;
}  // namespace config

DOSSIER_NAMESPACE_END
