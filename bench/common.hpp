#pragma once
// Pieces shared by the benchmarks: building the generated graph in dossier, and the
// allocation-free visited set every hand-written reference uses.
#include "generator.hpp"

#include <dossier/dossier.hpp>

#include <string>
#include <vector>

namespace bench {

// Epoch-stamped visited marks: next() forgets everything in O(1).
struct epoch_set {
  std::vector<std::uint32_t> stamp;
  std::uint32_t epoch = 0;
  explicit epoch_set(std::size_t n) : stamp(n, 0) {}
  void next() { ++epoch; }
  bool insert(std::uint32_t v) {
    if (stamp[v] == epoch) return false;
    stamp[v] = epoch;
    return true;
  }
  [[nodiscard]] bool contains(std::uint32_t v) const { return stamp[v] == epoch; }
};

struct build_options {
  bool cite = false;  // one citation (a generated source, a short quote, confidence 0.9) per relation
  dossier::repeat_policy on_repeat = dossier::repeat_policy::parallel;
};

// Generated entity i becomes entity_id(i); the source, if any, comes after the entities.
inline dossier::graph build_graph(const generated_graph& data, const build_options& o = {}) {
  dossier::graph g{dossier::schemas::investigations()};
  std::vector<dossier::entity_type_id> kind_type;
  for (const auto& k : entity_mix) kind_type.push_back(g.schema().entity_type(k.type));
  std::vector<dossier::relation_type_id> rel_type;
  for (const auto& r : relation_mix) rel_type.push_back(g.schema().relation_type(r.type));
  for (std::uint32_t e = 0; e < data.entity_kind.size(); ++e) g.add(kind_type[data.entity_kind[e]], data.name(e));
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
