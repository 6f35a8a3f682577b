#pragma once
// Seeded random graphs exercising every stored feature: all value kinds, aliases with
// languages, citations with observation times, valid times, parallel relations, removals,
// merges, and an open type with undeclared properties. Shared by round-trip tests.
#include <dossier/dossier.hpp>

#include <random>

namespace testing_support {

inline dossier::schema random_test_schema() {
  auto s = dossier::schemas::investigations();
  s.add_entity_type("Note", {.parents = {"Thing"}, .open = true});
  return s;
}

inline dossier::graph random_graph(std::uint64_t seed, int entities = 60, int relations = 150) {
  using namespace dossier;
  std::mt19937_64 rng(seed);
  const auto pick = [&](auto n) { return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n)); };
  graph g{random_test_schema()};
  std::vector<entity_id> sources, people, programs, fields, notes;
  for (int i = 0; i < 3; ++i)
    sources.push_back(g.add_source({.title = "Source " + std::to_string(i), .publisher = "Pub", .authors = {"A", "B"},
                                    .url = "https://example.org/" + std::to_string(i), .published = date{2020 + i, 1 + i}}));
  const auto random_date = [&]() -> date {
    switch (pick(4)) {
      case 0: return date(2000 + static_cast<int>(pick(25)));
      case 1: return date(2000 + static_cast<int>(pick(25)), 1 + static_cast<int>(pick(12)));
      case 2: return date(2000 + static_cast<int>(pick(25)), 1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)));
      default: return date(2000 + static_cast<int>(pick(25)), 1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)),
                           static_cast<int>(pick(24)), static_cast<int>(pick(60)), static_cast<int>(pick(60)));
    }
  };
  const auto random_evidence = [&]() {
    evidence ev;
    const auto n = pick(3);
    for (std::size_t i = 0; i < n; ++i) {
      citation c = cite(sources[pick(sources.size())], "quote " + std::to_string(rng() % 1000) + " «引用»",
                        static_cast<double>(pick(101)) / 100.0);
      if (pick(2)) c.first_seen = date(2019, 1 + static_cast<int>(pick(6)));
      if (c.first_seen && pick(2)) c.last_seen = date(2021);
      ev.citations.push_back(c);
    }
    if (pick(3) == 0) {
      ev.valid.start = date(2008 + static_cast<int>(pick(5)));
      if (pick(2)) ev.valid.end = date(2015 + static_cast<int>(pick(5)), 1 + static_cast<int>(pick(12)));
    }
    return ev;
  };
  for (int i = 0; i < entities; ++i) {
    const std::string n = std::to_string(i);
    switch (pick(4)) {
      case 0:
        people.push_back(g.add("Person", "Person " + n, {.aliases = {{"人 " + n, "zh"}, "P" + n},
                                                        .properties = {{"birthDate", random_date()}},
                                                        .ev = random_evidence()}));
        break;
      case 1: {
        const auto p = g.add("Program", "Program " + n, {.properties = {{"recruitTarget", static_cast<int>(pick(500))}}});
        g.set(p, "amount", money(decimal(static_cast<std::int64_t>(pick(100000)), 2), decimal(100000000, 2), currency("CNY")),
              random_evidence());
        g.add_value(p, "topics", "chips");
        g.add_value(p, "topics", value(value::list_type{value("a"), value("b")}));
        programs.push_back(p);
        break;
      }
      case 2:
        fields.push_back(g.add("Field", "Field " + n, {.properties = {{"sensitive", pick(2) == 1}}}));
        break;
      default:
        notes.push_back(g.add("Note", "Note " + n, {.properties = {{"anything", 3.25}, {"flag", true}, {"nothing", value{}}}}));
        break;
    }
  }
  if (people.empty()) people.push_back(g.add("Person", "Extra person"));
  if (programs.empty()) programs.push_back(g.add("Program", "Extra program"));
  if (fields.empty()) fields.push_back(g.add("Field", "Extra field"));
  std::vector<relation_id> rels;
  for (int i = 0; i < relations; ++i) {
    relation_options o{.citations = random_evidence().citations, .valid = {}, .properties = {},
                       .on_repeat = pick(4) == 0 ? repeat_policy::parallel : repeat_policy::merge};
    if (pick(4) == 0) o.valid = {date(2010), date(2020)};
    switch (pick(3)) {
      case 0:
        if (pick(2)) o.properties.push_back({"year", random_date()});
        rels.push_back(g.relate(people[pick(people.size())], "awarded", programs[pick(programs.size())], o));
        break;
      case 1: rels.push_back(g.relate(programs[pick(programs.size())], "recruits_in", fields[pick(fields.size())], o)); break;
      default: rels.push_back(g.relate(people[pick(people.size())], "researches", fields[pick(fields.size())], o)); break;
    }
  }
  // Churn: remove some relations and entities, merge some people.
  for (int i = 0; i < relations / 10; ++i) {
    const auto r = rels[pick(rels.size())];
    if (g.contains(r)) g.remove(r);
  }
  if (fields.size() > 2) g.remove(fields.back());
  if (people.size() > 3) {
    g.merge(people[0], people[1]);
    g.merge(people[0], people[2]);  // a chain of redirects to one survivor
  }
  return g;
}

}  // namespace testing_support
