#pragma once
// Shared by the database tests: a temporary directory, and a story of changes that uses every
// mutator, applied alike to a plain graph (the reference) and to a transaction.

#include <dossier/dossier.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace database_support {

struct temp_dir {
  std::filesystem::path path;
  explicit temp_dir(const std::string& what) {
    std::string t = (std::filesystem::temp_directory_path() / ("dossier-db-" + what + "-XXXXXX")).string();
    path = ::mkdtemp(t.data());
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

inline const dossier::graph& view_of(const dossier::graph& g) { return g; }
inline const dossier::graph& view_of(const dossier::transaction& t) { return t.graph(); }

// Every mutator of graph and transaction, in `step` steps (0, 1, 2): each step is one
// transaction's worth. Works on a graph and on a transaction alike.
template <class Target>
void story(Target& t, int step) {
  using namespace dossier;
  if (step == 0) {
    const auto article = t.add_source({.title = "China quietly recruits overseas chip talent", .publisher = "Reuters",
                                       .authors = {"A. Writer"}, .published = date{2023, 8, 24}});
    const auto miit = t.add("Ministry", "Ministry of Industry and Information Technology", {.aliases = {"MIIT"}});
    const auto qiming = t.add("Program", "Qiming",
                              {.aliases = {"Enlightenment", {"启明", "zh"}},
                               .properties = {{"signingBonus", value{money(decimal(3'000'000, 0), decimal(5'000'000, 0), currency("CNY"))}}},
                               .ev = {.citations = {cite(article, "offers 3-5 million yuan", 0.9)}},
                               .external_id = "ftm-qiming"});
    const auto chips = t.add("Field", "semiconductors");
    t.relate(miit, "oversees", qiming, cite(article, "overseen by MIIT"));
    t.relate(qiming, "recruits_in", chips,
             relation_options{.citations = {{article, "chip engineers", 0.8, date{2023}, date{2023, 8}}},
                              .valid = {date{2019}, std::nullopt}});
    t.set(chips, "sensitive", value{true});
    return;
  }
  const auto find = [&](const char* name) { return view_of(t).resolve(name).entity; };
  if (step == 1) {
    const auto qiming = find("Qiming"), chips = find("semiconductors");
    t.rename(qiming, "Qiming Program");
    t.add_alias(qiming, {"Kiming"});
    t.add_alias(qiming, {"Kimming"});
    t.remove_alias(qiming, "Kimming");
    t.set_external_id(qiming, "ftm-qiming-2");
    t.add_value(qiming, "prize", value{money(decimal(100, 0), currency("USD"))});
    t.unset(qiming, "prize");
    const auto r = view_of(t).relations(qiming, direction::out, "recruits_in").front();
    t.set(r, "startDate", value{date{2019, 3}});
    t.unset(r, "startDate");
    t.add_citation(r, cite(find("China quietly recruits overseas chip talent"), "a second quote", 0.5));
    t.set_valid_time(r, {date{2018}, date{2024}});
    const auto kiming = t.add("Program", "Kiming");
    t.relate(kiming, "recruits_in", chips);
    t.merge(qiming, kiming);
    const auto tmp = t.add("Person", "Temporary Person");
    t.remove(tmp);
    return;
  }
  // step 2: types, retyping, citations replaced, a relation removed, a batch.
  const auto qiming = find("Qiming Program");
  const auto article = find("China quietly recruits overseas chip talent");
  const auto r = view_of(t).relations(qiming, direction::out, "recruits_in").front();
  t.set_citations(r, {cite(article, "replaced quote", 0.7)});
  const auto oversees = view_of(t).relations(qiming, direction::in, "oversees").front();
  t.remove(oversees);
  const auto lab = t.declare_entity_type("Lab", {.parents = {"Organization"}, .label = "Laboratory",
                                                 .properties = {{.name = "budget", .kind = value_kind::money}}});
  t.declare_relation_type("hosts", {.parents = {"Interest"}, .domain = "Lab", .range = "Project", .label = "hosts"});
  const auto org = t.add("Organization", "Zhejiang Lab");
  t.retype(org, lab);
  t.relate(org, "hosts", qiming);
  batch b;
  const auto first = static_cast<entity_id>(view_of(t).entity_slots());
  b.entities.push_back({.type = view_of(t).schema().entity_type("Person"), .name = "Chen Biaohua"});
  b.entities.push_back({.type = view_of(t).schema().entity_type("Company"), .name = "Beijing Talent Linked"});
  b.relations.push_back({.source = first, .target = static_cast<entity_id>(to_index(first) + 1),
                         .type = view_of(t).schema().relation_type("Employment"),
                         .ev = {.citations = {cite(article, "works for")}}});
  t.append(std::move(b));
}

}  // namespace database_support
