#pragma once
// Seeded generator of typed knowledge graphs shaped like the built-in schema: a mix of people,
// companies, universities, programs, fields, ministries, governments, platforms and articles,
// with relation types drawn to fit their domain and range, and skewed in-degrees (targets are
// drawn with density ~ 1/sqrt(rank), so ministries and platforms become hubs).
// Shared by every benchmark, so that all compare on the same data.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace bench {

struct entity_kind {
  const char* type;
  double share;
};
inline constexpr entity_kind entity_mix[] = {
    {"Person", 0.50},   {"Company", 0.15},   {"University", 0.05}, {"Program", 0.05}, {"Field", 0.05},
    {"Ministry", 0.01}, {"Government", 0.04}, {"Platform", 0.01},  {"Article", 0.14},
};

struct relation_kind {
  const char* type;
  double share;
  const char* domain;  // entity type names from entity_mix
  const char* range;
};
inline constexpr relation_kind relation_mix[] = {
    {"Employment", 0.20, "Person", "Company"},   {"studied_at", 0.15, "Person", "University"},
    {"researches", 0.15, "Person", "Field"},     {"awarded", 0.10, "Person", "Program"},
    {"recruits_for", 0.10, "Company", "Program"}, {"posted_on", 0.05, "Company", "Platform"},
    {"oversees", 0.05, "Ministry", "Program"},    {"funds", 0.05, "Government", "Program"},
    {"recruits_in", 0.05, "Program", "Field"},    {"Documentation", 0.10, "Article", "Person"},
};

struct generated_graph {
  std::vector<std::uint8_t> entity_kind;                 // index into entity_mix
  std::vector<std::vector<std::uint32_t>> by_kind;       // entity indices per kind
  struct relation {
    std::uint32_t source, target;
    std::uint8_t kind;  // index into relation_mix
  };
  std::vector<relation> relations;
  [[nodiscard]] std::string name(std::uint32_t e) const {
    return std::string(entity_mix[entity_kind[e]].type) + " " + std::to_string(e);
  }
};

inline std::size_t kind_index(const char* type) {
  for (std::size_t i = 0; i < std::size(entity_mix); ++i)
    if (std::string(entity_mix[i].type) == type) return i;
  return 0;
}

inline generated_graph generate(std::uint32_t entities, std::uint32_t relations, std::uint64_t seed = 42) {
  generated_graph g;
  std::mt19937_64 rng(seed);
  g.entity_kind.resize(entities);
  g.by_kind.resize(std::size(entity_mix));
  // Deterministic interleaving by share, so every prefix has the same mix.
  std::vector<double> credit(std::size(entity_mix), 0);
  for (std::uint32_t e = 0; e < entities; ++e) {
    std::size_t best = 0;
    for (std::size_t k = 0; k < std::size(entity_mix); ++k) {
      credit[k] += entity_mix[k].share;
      if (credit[k] > credit[best]) best = k;
    }
    credit[best] -= 1.0;
    g.entity_kind[e] = static_cast<std::uint8_t>(best);
    g.by_kind[best].push_back(e);
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> cumulative;
  double sum = 0;
  for (const auto& r : relation_mix) cumulative.push_back(sum += r.share);
  g.relations.reserve(relations);
  for (std::uint32_t i = 0; i < relations; ++i) {
    const double x = unit(rng) * sum;
    std::size_t k = 0;
    while (k + 1 < cumulative.size() && x > cumulative[k]) ++k;
    const auto& sources = g.by_kind[kind_index(relation_mix[k].domain)];
    const auto& targets = g.by_kind[kind_index(relation_mix[k].range)];
    const auto s = sources[static_cast<std::size_t>(unit(rng) * static_cast<double>(sources.size())) % sources.size()];
    const double u = unit(rng);
    const auto t = targets[static_cast<std::size_t>(u * u * static_cast<double>(targets.size())) % targets.size()];
    g.relations.push_back({s, t, static_cast<std::uint8_t>(k)});
  }
  return g;
}

}  // namespace bench
