#pragma once
// Numbered transactions, shared by the multi-process tests (processes.test.cpp) and their child
// process (database_child.cpp). Transaction n adds the Program "T<n>", sets its "recruited"
// property to n, gives it the alias "Transaction <n>" and relates it to T<n-1> ("succeeds"):
// four operations, so that a transaction applied in part would show.

#include <dossier/database/database.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace numbered {

inline std::string name_of(std::uint64_t n) { return "T" + std::to_string(n); }
inline std::string alias_of(std::uint64_t n) { return "Transaction " + std::to_string(n); }

// Some bulk, so that the journal outgrows a small checkpoint_bytes every few transactions.
inline const std::string filler(200, 'x');

// The Program named `name`, or null_entity.
inline dossier::entity_id find(const dossier::graph& g, const std::string& name) {
  for (const auto& m : g.lookup(name, {.type = "Program"}))
    if (g.get(m.entity).name() == name) return m.entity;
  return dossier::null_entity;
}

// Commits transaction version() + 1 and returns its number.
inline std::uint64_t commit_next(dossier::database& db) {
  auto tx = db.begin();
  const auto n = db.version() + 1;
  const auto program = tx.add("Program", name_of(n));
  tx.set(program, "recruited", dossier::value{n});
  tx.set(program, "description", dossier::value{filler});
  tx.add_alias(program, {alias_of(n)});
  if (n > 1) tx.relate(program, "succeeds", find(tx.graph(), name_of(n - 1)));
  tx.commit();
  return n;
}

// What is wrong with a graph that should hold transactions 1..version, each whole, and nothing
// else; empty when nothing is.
inline std::string check(const dossier::graph& g, std::uint64_t version) {
  const auto programs = g.entities("Program");
  if (g.entity_count() != version || programs.size() != version || g.relation_count() + (version > 0) != version)
    return "version " + std::to_string(version) + " has " + std::to_string(g.entity_count()) + " entities, " +
           std::to_string(programs.size()) + " programs and " + std::to_string(g.relation_count()) + " relations";
  std::unordered_map<std::string, dossier::entity_id> by_name;
  for (const auto id : programs) by_name.emplace(g.get(id).name(), id);
  for (std::uint64_t k = 1; k <= version; ++k) {
    const auto wrong = [&](const std::string& what) { return "version " + std::to_string(version) + ": " + name_of(k) + " " + what; };
    const auto it = by_name.find(name_of(k));
    if (it == by_name.end()) return wrong("is missing");
    const auto e = g.get(it->second);
    const auto* recruited = e.property("recruited");
    if (!recruited || *recruited != dossier::value{k}) return wrong("lacks its property");
    if (e.aliases().size() != 1 || e.aliases()[0].name != alias_of(k)) return wrong("lacks its alias");
    const auto succeeds = g.relations(it->second, dossier::direction::out, "succeeds");
    if (succeeds.size() != (k > 1 ? 1u : 0u)) return wrong("has " + std::to_string(succeeds.size()) + " succeeds relations");
    if (k > 1 && g.get(g.get(succeeds[0]).target()).name() != name_of(k - 1)) return wrong("does not succeed its predecessor");
  }
  return {};
}

}  // namespace numbered
