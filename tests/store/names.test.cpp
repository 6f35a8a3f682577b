// Names in the graph: the article's spellings, ambiguity, duplicates, and the index kept in step.
#include <doctest/doctest.h>
#include <dossier/dossier.hpp>

#include "fixture.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

using namespace dossier;

namespace {

// The demo dataset (the entities of ../shared/corpus/000_22e9b79c24ad42e4.txt) without the
// aliases that spell the article's variants: they must resolve by comparison alone.
graph article_graph() {
  graph g{schemas::investigations()};
  (void)import_jsonl(g, std::filesystem::path(DOSSIER_EXAMPLES_DATA) / "talent-programs.jsonl");
  const auto drop = [&](const char* name, std::initializer_list<const char*> aliases) {
    const auto id = g.lookup(name).front().entity;
    for (const char* a : aliases) g.remove_alias(id, a);
  };
  drop("Qiming", {"Kiming", "Kimming", "启明"});
  drop("Hangzhou Juki Technology", {"Juki"});
  drop("Ministry of Industry and Information Technology", {"MIIT"});
  drop("Beijing Institute of Technology", {"BIT"});
  return g;
}

std::string resolved(const graph& g, std::string_view variant) {
  const auto r = g.try_resolve(variant);
  return r ? g.get(r->entity).name() : std::string("(nothing)");
}

}  // namespace

TEST_CASE("graph.names.article_variants_resolve_without_aliases") {
  const auto g = article_graph();
  REQUIRE(g.lookup("Kimming").empty());  // the aliases are gone
  for (const char* v : {"Kiming", "Kimming", "Qimming", "Chiming", "启明"}) {
    CAPTURE(v);
    CHECK(resolved(g, v) == "Qiming");
  }
  for (const char* v : {"1000 Talents Plan", "Thousand Talent Plan", "Thousand Talents Program"}) {
    CAPTURE(v);
    CHECK(resolved(g, v) == "Thousand Talents Plan");
  }
  CHECK(resolved(g, "Torch Program") == "Huoju");  // through its recorded alias Torch
  CHECK(resolved(g, "Ministry of Industry & IT") == "Ministry of Industry and Information Technology");
  CHECK(resolved(g, "MIIT") == "Ministry of Industry and Information Technology");
  CHECK(resolved(g, "BIT") == "Beijing Institute of Technology");
  CHECK(resolved(g, "MIT") == "Massachusetts Institute of Technology");  // a recorded alias, not BIT
  CHECK(resolved(g, "Hangzhou Juki") == "Hangzhou Juki Technology");
  CHECK(resolved(g, "Juki Technology") == "Hangzhou Juki Technology");
  CHECK(resolved(g, "Di Dawei") == "Dawei Di");
  CHECK(resolved(g, "Yuanxiao Ma") == "Ma Yuanxiao");
  CHECK(resolved(g, "Zhejiang Univ.") == "Zhejiang University");
}

TEST_CASE("graph.names.resolve_reports_ambiguity") {
  const auto g = article_graph();
  const auto zju = g.resolve("Zhejiang Univ.");
  CHECK(g.get(zju.entity).name() == "Zhejiang University");
  REQUIRE(zju.runner_up.has_value());
  CHECK(g.get(zju.runner_up->entity).name() == "Zhejiang province");
  CHECK(zju.margin == doctest::Approx(zju.score - zju.runner_up->score));
  CHECK(zju.margin < config::ambiguity_margin);
  CHECK(zju.ambiguous);
  CHECK(zju.kind == match_kind::fuzzy);
  CHECK(zju.why.score == zju.score);
  // A clear answer is not ambiguous.
  const auto qiming = g.resolve("Qiming");
  CHECK(qiming.kind == match_kind::exact);
  CHECK_FALSE(qiming.ambiguous);
  CHECK(qiming.margin >= config::ambiguity_margin);
  // Two entities of one name: a tie.
  fixture::talent f;
  (void)f.g.add("Program", "Kunpeng");
  const auto tie = f.g.resolve("Kunpeng");
  CHECK(tie.ambiguous);
  CHECK(tie.margin == 0.0);
  CHECK(tie.entity == f.kunpeng);  // the lower id first
}

TEST_CASE("graph.names.type_restricts_and_chooses_the_kind") {
  const auto g = article_graph();
  CHECK(g.name_kind_of(g.schema().entity_type("Person")) == name_kind::person);
  CHECK(g.name_kind_of(g.schema().entity_type("University")) == name_kind::organisation);
  CHECK(g.name_kind_of(g.schema().entity_type("Program")) == name_kind::any);
  const auto di = g.try_resolve("Di Dawei", {.type = "Person"});
  REQUIRE(di.has_value());
  CHECK(di->score == 1.0);  // people's names in any order
  CHECK_FALSE(g.try_resolve("Di Dawei", {.type = "Program"}).has_value());
}

TEST_CASE("graph.names.duplicates_across_the_graph") {
  graph g{schemas::investigations()};
  const auto a = g.add("Company", "Hangzhou Juki Technology Co., Ltd.");
  const auto b = g.add("Company", "HANGZHOU JUKI TECHNOLOGY LIMITED");
  const auto c = g.add("Person", "Dawei Di");
  const auto d = g.add("Person", "Di, Dawei");
  const auto e = g.add("Program", "Kunpeng");
  (void)g.add("Company", "Hangzhou Juki Trading");  // shares tokens, but is another company
  (void)g.add("Field", "Hangzhou Juki Technology");  // same name, incompatible type
  const auto all = g.duplicates({.min_score = 0.9});
  REQUIRE(all.size() == 2);
  const auto has = [&](entity_id x, entity_id y) {
    return std::any_of(all.begin(), all.end(), [&](const duplicate_pair& p) { return p.first == x && p.second == y; });
  };
  CHECK(has(a, b));
  CHECK(has(c, d));
  for (const auto& p : all) {
    CHECK(p.first < p.second);
    CHECK(p.score >= 0.9);
    CHECK_FALSE(p.why.aligned.empty());
  }
  const auto companies = g.duplicates({.type = "Company"});
  REQUIRE(companies.size() == 1);
  CHECK(companies[0].why.left_legal.size() == 2);  // co, ltd
  CHECK(g.duplicates({.type = "Person", .min_score = 0.99}).size() == 1);
  CHECK(g.duplicates({.type = "Program"}).empty());
  CHECK(g.possible_duplicates(e).empty());
  CHECK(g.duplicates({.limit = 1}).size() == 1);
  // Merging stays the caller's decision; after it, the pair is gone.
  g.merge(a, b);
  CHECK(g.duplicates({.type = "Company"}).empty());
}

TEST_CASE("graph.names.index_stays_in_step") {
  fixture::talent f;
  auto& g = f.g;
  CHECK(g.resolve("Kiming").entity == f.qiming);  // builds the index
  const auto p = g.add("Program", "Hundred Talents Program");
  CHECK(g.resolve("Hundred Talent Program").entity == p);
  g.rename(p, "Zhiyuan Scheme");
  CHECK(g.resolve("Zhiyuan Plan").entity == p);
  CHECK((!g.try_resolve("Hundred Talent Program") || g.try_resolve("Hundred Talent Program")->entity != p));
  g.add_alias(p, "致远");
  CHECK(g.resolve("zhiyuan").entity == p);
  CHECK(g.resolve("致远").entity == p);
  g.remove_alias(p, "致远");
  CHECK(g.lookup("致远").empty());
  const auto dup = g.add("Program", "Kimming");
  CHECK(g.resolve("Kimming").entity == dup);
  g.merge(f.qiming, dup);
  CHECK(g.resolve("Kimming").entity == f.qiming);
  g.remove(f.qiming);
  CHECK((!g.try_resolve("Kimming") || g.try_resolve("Kimming")->entity != f.qiming));
  // Many additions after the index was built (the postings are rebuilt on the way).
  std::vector<entity_id> people;
  for (int i = 0; i < 20'000; ++i) people.push_back(g.add("Person", "Person Number " + std::to_string(i) + " Zhang"));
  CHECK(g.resolve("Person Number 12345 Zhang").entity == people[12345]);
  CHECK(g.resolve("Zhang Person Number 777", {.type = "Person"}).entity == people[777]);
}

TEST_CASE("graph.names.bad_input") {
  fixture::talent f;
  auto& g = f.g;
  // Empty names: nothing resolves, nothing is a duplicate of an entity without a name.
  CHECK_THROWS_AS((void)g.resolve(""), not_found);
  CHECK_FALSE(g.try_resolve("").has_value());
  CHECK_FALSE(g.try_resolve("  ...  ").has_value());
  CHECK(g.lookup_fuzzy("").empty());
  const auto nameless = g.add("Person", "");
  const auto nameless_too = g.add("Person", "");
  CHECK(g.possible_duplicates(nameless).empty());
  for (const auto& p : g.duplicates({.min_score = 0.0})) {
    CHECK(p.first != nameless);
    CHECK(p.second != nameless_too);
  }
  // Invalid UTF-8: a typed error, and the graph as it was.
  const auto entities = g.entity_count();
  for (const char* bad : {"\xFF", "Qi\xC3", "\xED\xA0\x80", "Kim\xC0\xAFing"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)g.resolve(bad), value_error);
    CHECK_THROWS_AS((void)g.try_resolve(bad), value_error);
    CHECK_THROWS_AS((void)g.lookup_fuzzy(bad), value_error);
    CHECK_THROWS_AS((void)g.add("Person", bad), error);
  }
  CHECK(g.entity_count() == entities);
  CHECK(g.resolve("Kiming").entity == f.qiming);
  // Names of 10^5 characters: found exactly and with one letter changed, and as duplicates.
  std::string long_name;
  for (int i = 0; long_name.size() < 100'000; ++i) {  // words of letters: "kelomar taviben ..."
    for (int s = 0; s < 3; ++s) long_name += "kaltomirsevun"[(i * 7 + s * 5) % 13] + std::string("aeiou").substr((i + s) % 5, 1);
    long_name += ' ';
  }
  long_name.resize(100'000);
  const auto a = g.add("Company", long_name);
  auto variant = long_name;
  variant[1] = variant[1] == 'e' ? 'i' : 'e';  // a spelling variant of the first word
  const auto b = g.add("Company", variant);
  const auto one_word = g.add("Program", std::string(100'000, 'k'));
  CHECK(g.resolve(long_name).entity == a);
  CHECK(g.resolve(std::string(100'000, 'k')).entity == one_word);
  const auto near = g.try_resolve(variant.substr(0, 99'990));
  REQUIRE(near.has_value());
  CHECK((near->entity == a || near->entity == b));
  const auto dups = g.duplicates({.type = "Company"});
  CHECK(std::any_of(dups.begin(), dups.end(), [&](const duplicate_pair& p) { return p.first == a && p.second == b; }));
  const auto of_a = g.possible_duplicates(a);
  REQUIRE_FALSE(of_a.empty());
  CHECK(of_a.front().entity == b);
}
