// Quickstart: build a cited graph in code, ask a question, save and load it.
#include <dossier/dossier.hpp>

#include <filesystem>
#include <iostream>

int main() {
  dossier::graph g{dossier::schemas::investigations()};
  const auto article = g.add_source({.title = "China quietly recruits overseas chip talent as US tightens curbs",
                                     .publisher = "Reuters", .published = dossier::date{2023, 8, 24}});
  const auto miit = g.add("Ministry", "Ministry of Industry and Information Technology", {.aliases = {"MIIT"}});
  const auto qiming = g.add("Program", "Qiming", {.aliases = {"Enlightenment", {"启明", "zh"}}});
  const auto chips = g.add("Field", "semiconductors");
  g.relate(miit, "oversees", qiming, dossier::cite(article, "a program overseen by the Ministry of Industry and Information Technology"));
  g.relate(qiming, "recruits_in", chips, dossier::cite(article, "areas such as semiconductors", 0.9));

  const auto hit = g.resolve("Kimming");  // a misspelling in the source
  std::cout << "Kimming resolves to " << g.get(hit.entity).name() << " (score " << hit.score << ")\n";

  for (const auto& r : dossier::query(g).from("PublicBody").linked_to({chips}, {.max_hops = 3}).results())
    std::cout << r.entity.name() << " is linked to semiconductors:\n" << dossier::explain(g, r.path);

  const auto file = std::filesystem::temp_directory_path() / "quickstart.dossier";
  dossier::save(g, file);  // atomic, versioned, checksummed
  const auto loaded = dossier::load(file);
  std::cout << "saved and loaded " << loaded.entity_count() << " entities and " << loaded.relation_count() << " relations\n";
  std::filesystem::remove(file);
}
