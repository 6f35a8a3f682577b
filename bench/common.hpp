#pragma once
// Pieces shared by the benchmarks: building the generated graph in dossier, and the
// allocation-free visited set every hand-written reference uses.
#include "generator.hpp"

#include <dossier/dossier.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// Positional count argument argv[index], or `fallback` when absent. Anything but a whole number
// within [min, max] ends the program with a message and exit code 2: a typo must not become a
// benchmark of an empty graph (or a division by zero in the generator).
inline std::uint32_t count_argument(int argc, char** argv, int index, const char* name, std::uint32_t fallback,
                                    std::uint32_t min, std::uint32_t max) {
  if (argc <= index) return fallback;
  const std::string_view text = argv[index];
  std::uint64_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc{} || end != text.data() + text.size() || n < min || n > max) {
    std::fprintf(stderr, "%s: %s must be a whole number from %u to %u, got '%s'\n", argv[0], name, min, max, argv[index]);
    std::exit(2);
  }
  return static_cast<std::uint32_t>(n);
}

// [entities] [relations], as every benchmark takes them first. At least 1000 entities, so
// that every kind of the generator's mix has members; below 2^28, as store_bench packs ids.
struct graph_size {
  std::uint32_t entities, relations;
};
inline graph_size size_arguments(int argc, char** argv) {
  return {count_argument(argc, argv, 1, "entities", 1'000'000, 1000, (1u << 28) - 1),
          count_argument(argc, argv, 2, "relations", 5'000'000, 1, 0xFFFF'FFFEu)};
}

// Epoch-stamped visited marks: next() forgets everything in O(1).
struct epoch_set {
  std::vector<std::uint32_t> stamp;
  std::uint32_t epoch = 0;
  explicit epoch_set(std::size_t n) : stamp(n, 0) {}
  void next() { ++epoch; }
  // k epochs at once, for batched runs where seed i uses first + i; returns first.
  std::uint32_t take(std::uint32_t k) {
    const std::uint32_t first = epoch + 1;
    epoch += k;
    return first;
  }
  bool insert(std::uint32_t v) { return insert(v, epoch); }
  bool insert(std::uint32_t v, std::uint32_t in_epoch) {
    if (stamp[v] == in_epoch) return false;
    stamp[v] = in_epoch;
    return true;
  }
  [[nodiscard]] bool contains(std::uint32_t v) const { return stamp[v] == epoch; }
};

struct build_options {
  bool cite = false;  // one citation (a generated source, a short quote, confidence 0.9) per relation
  dossier::repeat_policy on_repeat = dossier::repeat_policy::parallel;
  bool external_ids = false;  // entity i keeps "i" as its external id (what Cypher's {id: $x} finds)
};

// Generated entity i becomes entity_id(i); the source, if any, comes after the entities.
inline dossier::graph build_graph(const generated_graph& data, const build_options& o = {}) {
  dossier::graph g{dossier::schemas::investigations()};
  std::vector<dossier::entity_type_id> kind_type;
  for (const auto& k : entity_mix) kind_type.push_back(g.schema().entity_type(k.type));
  std::vector<dossier::relation_type_id> rel_type;
  for (const auto& r : relation_mix) rel_type.push_back(g.schema().relation_type(r.type));
  for (std::uint32_t e = 0; e < data.entity_kind.size(); ++e)
    g.add(kind_type[data.entity_kind[e]], data.name(e), {.external_id = o.external_ids ? std::to_string(e) : std::string()});
  const auto source = o.cite ? g.add_source({.title = "Generated source", .publisher = "bench"}) : dossier::null_entity;
  std::uint32_t i = 0;
  for (const auto& r : data.relations) {
    dossier::relation_options ro{.on_repeat = o.on_repeat};
    if (o.cite) ro.citations.push_back(dossier::cite(source, "quote " + std::to_string(i++ % 1000), 0.9));
    g.relate(static_cast<dossier::entity_id>(r.source), rel_type[r.kind], static_cast<dossier::entity_id>(r.target), std::move(ro));
  }
  g.compact();
  return g;
}

}  // namespace bench
