// graph::memory(): every part of the graph is counted, and grows with what is added.

#include <dossier/dossier.hpp>

#include <doctest/doctest.h>

using namespace dossier;

TEST_CASE("memory.counts_every_part_of_the_graph") {
  graph g(schemas::investigations());
  const auto empty = g.memory();
  CHECK(empty.properties == 0);
  CHECK(empty.citations == 0);
  CHECK(empty.names == 0);

  const auto source = g.add_source({.title = "A source"});
  std::vector<entity_id> people;
  for (int i = 0; i < 200; ++i)
    people.push_back(g.add("Person", "A person with a name longer than fifteen " + std::to_string(i),
                           {.aliases = {{"An alias longer than fifteen characters " + std::to_string(i)}},
                            .properties = {{"position", value{std::to_string(100 + i) + std::string(97, 'x')}}},
                            .external_id = "an external id longer than fifteen " + std::to_string(i)}));
  const auto with_entities = g.memory();
  CHECK(with_entities.entities > empty.entities + 200 * (40 + 40 + 40));  // names, aliases, external ids
  // A value without evidence is one 24-byte cell, its string's box (48 bytes with malloc's header)
  // and its text, not a whole property_statement; the owners' ranges come on top (12 bytes each).
  CHECK(with_entities.properties >= 200 * (sizeof(detail::statement_cell) + 48 + 100));
  CHECK(with_entities.properties < 200 * (sizeof(detail::statement_cell) + 48 + 128 + 2 * 12) + 1024);

  for (int i = 0; i + 1 < 200; ++i)
    g.relate(people[static_cast<std::size_t>(i)], "Associate", people[static_cast<std::size_t>(i) + 1],
             cite(source, std::string(64, 'q')));
  const auto with_relations = g.memory();
  CHECK(with_relations.relations >= empty.relations + 199 * sizeof(relation_record));
  CHECK(with_relations.adjacency > with_entities.adjacency);
  // A citation is a 24-byte cell in the arena and its quote text, not a whole citation object.
  CHECK(with_relations.citations >= 199 * (sizeof(detail::citation_cell) + 64));
  CHECK(with_relations.citations < 199 * (sizeof(citation) + 64));

  g.set(g.relations(people[0], direction::out).front(), "summary", value{std::string(200, 's')});
  CHECK(g.memory().properties >= with_relations.properties + 200);

  (void)g.lookup("a person");  // builds the name index
  CHECK(g.memory().names > 0);
  CHECK(g.memory().total() == g.memory().relations + g.memory().adjacency + g.memory().entities + g.memory().properties +
                                  g.memory().citations + g.memory().names + g.memory().other);
}

TEST_CASE("memory.many_aliases_and_valid_times_are_counted") {
  graph g(schemas::investigations());
  const auto p = g.add("Program", "Qiming", {.properties = {{"startDate", value{date{2019}}}}});
  const auto before = g.memory().other;
  for (int i = 0; i < 100; ++i) g.add_alias(p, {"alias number " + std::to_string(i)});  // hashed past 16
  CHECK(g.memory().other > before);
}

TEST_CASE("memory.a_repeated_text_is_counted_once") {
  // 10^4 statements of one text are 10^4 cells and one box: the pool shares it, and memory()
  // counts what is allocated, not what is referred to.
  graph g(schemas::investigations());
  const auto empty = g.memory().properties;
  const std::string text(120, 't');
  for (int i = 0; i < 10000; ++i) (void)g.add("Person", "P" + std::to_string(i), {.properties = {{"position", value{text}}}});
  const auto used = g.memory().properties - empty;
  CHECK(used >= 10000 * sizeof(detail::statement_cell) + text.size());
  CHECK(used < 10000 * (sizeof(detail::statement_cell) + 2 * 12) + 4096);
}
