// path_search: a path algorithm prepared once answers as the one-call functions do, keeps up
// with a graph that changed, and allocates nothing per call once warm.

#include "../fixture.hpp"
#include "../random_graph.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

using namespace dossier;

namespace {

// Counts allocations of this thread while `counting` is set: the whole test binary allocates
// through these, which only count inside the measured calls. Not under AddressSanitizer, whose
// own operator new must stay (libraries that allocate with its nothrow form free through ours).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool can_count = false;
#else
constexpr bool can_count = true;
#endif
thread_local bool counting = false;
thread_local std::size_t allocations = 0;

// The answer, or that the budget ran out: both forms must agree on which.
template <class F>
std::optional<decltype(std::declval<F>()())> outcome(F&& f) {
  try {
    return f();
  } catch (const budget_exceeded&) {
    return std::nullopt;
  }
}

}  // namespace

#if !defined(__SANITIZE_ADDRESS__)
void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

TEST_CASE("path_search.answers_as_the_functions_do") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto g = testing_support::random_graph(seed, 80, 240);
    const auto live = g.entities();
    for (const auto weight : {weight_kind::hops, weight_kind::confidence}) {
      // Random multigraphs tie many paths (uncited relations weigh 0 by confidence): a small
      // budget keeps the enumerations short, and both forms must run out of it alike.
      const path_options o{.filter = {.min_confidence = 0.2}, .weight = weight, .limits = {.max_visited = 200'000, .max_paths = 500}};
      const path_search search(g, o);
      for (std::size_t i = 0; i + 1 < live.size(); i += 7) {
        const auto a = live[i], b = live[(i * 31 + 5) % live.size()];
        CAPTURE(seed);
        CAPTURE(i);
        CHECK(search.shortest(a, b) == shortest_path(g, a, b, o));
        CHECK(outcome([&] { return search.all_shortest(a, b); }) == outcome([&] { return all_shortest_paths(g, a, b, o); }));
        CHECK(outcome([&] { return search.k_shortest(a, b, 3); }) == outcome([&] { return k_shortest_paths(g, a, b, 3, o); }));
        CHECK(outcome([&] { return search.all_simple(a, b, 3); }) == outcome([&] { return all_simple_paths(g, a, b, 3, o); }));
      }
    }
  }
}

TEST_CASE("path_search.follows_a_graph_that_changed") {
  fixture::talent f;
  const path_search search(f.g, {.dir = direction::out});
  CHECK_FALSE(search.shortest(f.chen, f.island).has_value());
  f.g.relate(f.chips, "part_of", f.island);  // the prepared expansions are now stale
  const auto p = search.shortest(f.chen, f.island);
  REQUIRE(p);
  CHECK(p->end() == f.island);
  CHECK(*p == *shortest_path(f.g, f.chen, f.island, {.dir = direction::out}));
}

TEST_CASE("path_search.refuses_bad_options_when_prepared") {
  fixture::talent f;
  CHECK_THROWS_AS(path_search(f.g, {.weight = weight_kind::property, .weight_property = "noSuchProperty"}), query_error);
  CHECK_THROWS_AS(path_search(f.g, {.filter = {.relation_types = {"noSuchType"}}}), schema_error);
  CHECK_THROWS_AS(path_search(f.g, {.limits = {.max_visited = 0}}), query_error);
  const path_search search(f.g);
  CHECK_THROWS_AS((void)search.k_shortest(f.ma, f.chips, 0), query_error);
  CHECK_THROWS_AS((void)search.all_simple(f.ma, f.chips, 0), query_error);
  CHECK_THROWS_AS((void)search.shortest(f.ma, static_cast<entity_id>(999999)), not_found);
}

TEST_CASE("path_search.allocates_nothing_per_call_once_warm") {
  if (!can_count) {
    MESSAGE("skipped under AddressSanitizer: allocations are counted by replacing operator new");
    return;
  }
  fixture::talent f;
  for (const auto weight : {weight_kind::hops, weight_kind::confidence}) {
    const path_search search(f.g, {.weight = weight});
    (void)search.shortest(f.chen, f.chips);  // warms this thread's scratch
    counting = true;
    allocations = 0;
    std::size_t hops = 0;
    for (int i = 0; i < 100; ++i) hops += search.shortest(f.chen, f.chips)->length();
    counting = false;
    CHECK(hops == 300);
    CHECK(allocations == 0);
  }
  // The one-call form binds the filter each time: it allocates (what path_search saves).
  counting = true;
  allocations = 0;
  (void)shortest_path(f.g, f.chen, f.chips);
  counting = false;
  CHECK(allocations > 0);
}
