#pragma once
// Seeded random graphs with cycles, self-loops and parallel relations, people and companies with
// external ids "0", "1", ..., random confidences and valid times: what variable-length steps
// must get right (a walk back to the start, a relation used twice, a loop seen both ways).
#include <dossier/dossier.hpp>

#include <random>
#include <string>
#include <vector>

namespace testing_support {

inline dossier::graph cyclic_graph(std::uint64_t seed, int people = 10, int companies = 6, int relations = 45) {
  using namespace dossier;
  std::mt19937_64 rng(seed);
  graph g(schemas::investigations());
  const auto source = g.add_source({.title = "A source"});
  std::vector<entity_id> person, company;
  int next = 0;
  for (int i = 0; i < people; ++i) person.push_back(g.add("Person", "Person " + std::to_string(i), {.external_id = std::to_string(next++)}));
  for (int i = 0; i < companies; ++i)
    company.push_back(g.add("Company", "Company " + std::to_string(i), {.external_id = std::to_string(next++)}));
  const auto any = [&](const std::vector<entity_id>& v) { return v[rng() % v.size()]; };
  const auto legal = [&] { return rng() % 2 ? any(person) : any(company); };
  for (int i = 0; i < relations; ++i) {
    relation_options o{.citations = {cite(source, "q", static_cast<double>(rng() % 11) / 10.0)}, .on_repeat = repeat_policy::parallel};
    if (rng() % 3 == 0) o.valid = {date(2010 + static_cast<int>(rng() % 10)), std::nullopt};
    switch (rng() % 4) {
      case 0: {  // often a self-loop
        const auto a = any(person);
        g.relate(a, "Associate", rng() % 4 == 0 ? a : any(person), std::move(o));
        break;
      }
      case 1: g.relate(any(person), "Employment", any(company), std::move(o)); break;
      default: {
        const auto a = legal();
        g.relate(a, "Control", rng() % 6 == 0 ? a : legal(), std::move(o));
        break;
      }
    }
  }
  return g;
}

}  // namespace testing_support
