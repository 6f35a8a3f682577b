// Two hops over many entities with expansion::batch: for every program, who recruits for it and
// who employs those recruiters, each hop with its quote. The marked block is the README's
// Performance snippet; a test checks that the two stay identical.
//   two_hop_batch [dataset.jsonl]
#include <dossier/dossier.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  const std::filesystem::path data = argc > 1 ? argv[1] : "examples/data/talent-programs.jsonl";
  dossier::graph g{dossier::schemas::investigations()};
  try {
    dossier::import_jsonl(g, data);
  } catch (const dossier::error& e) {
    std::cerr << "two_hop_batch: " << e.what() << '\n';
    return 1;
  }
  g.compact();  // batches read the compacted tables; pending relations would take the slow path

  const auto& schema = g.schema();
  const dossier::relation_type_id recruits_for_type[] = {schema.relation_type("recruits_for")};
  const dossier::relation_type_id employment_type[] = {schema.relation_type("Employment")};
  const auto recruits_for_mask = schema.mask(recruits_for_type);
  const auto employment_mask = schema.mask(employment_type);
  std::vector<std::uint32_t> programs;
  for (const auto id : g.entities("Program")) programs.push_back(dossier::to_index(id));

  const auto quote = [&](std::uint32_t relation) {
    const auto citations = g.get(static_cast<dossier::relation_id>(relation)).citations();
    return citations.empty() ? std::string() : " \"" + std::string(citations.front().quote) + "\"";
  };
  const auto name = [&](std::uint32_t entity) { return g.get(static_cast<dossier::entity_id>(entity)).name(); };

  // [readme: two-hop batch]
  const auto recruiters = g.expand(dossier::direction::in, recruits_for_mask);
  const auto employers = g.expand(dossier::direction::out, employment_mask);
  std::vector<std::uint32_t> found, program_of, recruited_by;  // one entry per first hop
  recruiters.batch(
      programs,
      [&](std::size_t i, std::uint32_t recruiter, std::uint32_t relation) {
        found.push_back(recruiter);
        program_of.push_back(static_cast<std::uint32_t>(i));
        recruited_by.push_back(relation);
      },
      [&](std::uint32_t recruiter) { employers.prefetch(recruiter); });  // second hop's rows load now
  employers.batch(found, [&](std::size_t j, std::uint32_t employer, std::uint32_t relation) {
    std::cout << name(programs[program_of[j]]) << " <- " << name(found[j]) << quote(recruited_by[j]) << '\n'
              << "    employed by " << name(employer) << quote(relation) << '\n';
  });
  // [/readme]
  std::cout << found.size() << " recruiters for " << programs.size() << " programs\n";
}
