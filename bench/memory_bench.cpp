// Issue 19: graph::memory() against what the process actually holds. Builds a graph with every
// kind of content (names, aliases, properties with evidence, cited relations, external ids,
// valid times, a name index) and compares memory().total() with the growth of resident memory,
// measured after the allocator handed back what it had freed (malloc_trim).
//   memory_bench [entities=200000] [relations=600000]
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <cstdio>
#include <malloc.h>
#include <string>

namespace {

dossier::graph build(std::uint32_t entities, std::uint32_t relations) {
  dossier::graph g{dossier::schemas::investigations()};
  const auto source = g.add_source({.title = "China quietly recruits overseas chip talent as US tightens curbs", .publisher = "Reuters"});
  std::vector<dossier::entity_id> people;
  people.reserve(entities);
  for (std::uint32_t i = 0; i < entities; ++i) {
    const auto n = std::to_string(i);
    people.push_back(g.add("Person", "Person with a longer name number " + n,
                           {.aliases = {{"P" + n}, {"Alias of person number " + n, "en"}},
                            .properties = {{"nationality", dossier::value{"cn"}}, {"birthDate", dossier::value{dossier::date{1970 + static_cast<int>(i % 40)}}}},
                            .ev = {.citations = {dossier::cite(source, "named in the report")}},
                            .external_id = "person-" + n}));
  }
  std::uint64_t state = 42;
  const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  for (std::uint32_t r = 0; r < relations; ++r) {
    const auto a = people[next() % entities], b = people[next() % entities];
    g.relate(a, "Associate", b,
             {.citations = {dossier::cite(source, "seen together at event " + std::to_string(r), 0.7)},
              .valid = {dossier::date{2019}, std::nullopt},
              .on_repeat = dossier::repeat_policy::parallel});
  }
  g.compact();
  (void)g.lookup("Person with a longer name number 7");  // builds the name index
  return g;
}

}  // namespace

int main(int argc, char** argv) {
  const auto entities = bench::count_argument(argc, argv, 1, "entities", 200'000, 1000, 10'000'000);
  const auto relations = bench::count_argument(argc, argv, 2, "relations", 600'000, 1000, 50'000'000);
  std::printf("memory_bench: %u entities, %u relations, every one with names, aliases, properties and citations\n", entities, relations);
  malloc_trim(0);
  const auto rss0 = bench::rss_bytes();
  const auto g = build(entities, relations);
  malloc_trim(0);
  const auto grown = bench::rss_bytes() - rss0;
  const auto m = g.memory();
  const auto mb = [](std::size_t b) { return static_cast<double>(b) / (1 << 20); };
  std::printf("  relations %8.1f MiB   adjacency %8.1f MiB   entities %8.1f MiB   properties %8.1f MiB\n", mb(m.relations),
              mb(m.adjacency), mb(m.entities), mb(m.properties));
  std::printf("  citations %8.1f MiB   names     %8.1f MiB   other    %8.1f MiB\n", mb(m.citations), mb(m.names), mb(m.other));
  const double ratio = static_cast<double>(m.total()) / static_cast<double>(grown);
  std::printf("graph::memory().total()  %8.1f MiB\nresident memory growth   %8.1f MiB\nratio                    %8.3f  (target: within 10%%, 0.90-1.10) %s\n",
              mb(m.total()), mb(grown), ratio, ratio >= 0.9 && ratio <= 1.1 ? "met" : "MISSED");
}
