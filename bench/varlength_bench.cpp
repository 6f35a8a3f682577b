// Issue 19 benchmark: prepared Cypher counts over bounded variable-length steps (*1..2, *2..3)
// and zero-or-one-hop steps (*0..1), against hand-written loops over graph::expand answering
// the same question from the same external id, same graph, same run, same answers (checked).
//   varlength_bench [entities=1000000] [relations=5000000] [seeds=1000]
// Each side is timed over all seeds; the Cypher side includes building the parameter map, the
// hand loop its find_external lookup, as both start from the id's text.
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <cstdio>
#include <functional>

namespace {

using dossier::entity_id;
using dossier::expansion;
using dossier::graph;

// One typed step in one or both directions, prepared once.
struct step {
  dossier::type_mask mask;
  expansion out, in;
  bool forward = true, backward = false;
  step(const graph& g, std::initializer_list<const char*> types, dossier::direction dir) : mask(g.schema().relation_type_count()) {
    for (auto t : types) mask.set(to_index(g.schema().relation_type(t)));
    forward = dir != dossier::direction::in;
    backward = dir != dossier::direction::out;
    if (forward) out = g.expand(dossier::direction::out, mask);
    if (backward) in = g.expand(dossier::direction::in, mask);
  }
  // f(neighbour, relation); a self-loop once when both directions are followed, as Cypher does.
  template <class F>
  void each(std::uint32_t v, F&& f) const {
    if (forward) out(v, f);
    if (backward) in(v, [&](std::uint32_t n, std::uint32_t r) {
        if (!(forward && n == v)) f(n, r);
      });
  }
};

struct hand {
  const graph& g;
  bench::epoch_set seen;
  std::vector<std::uint32_t> a, b;
  std::uint32_t used[8] = {};
  std::size_t found = 0;

  // Distinct ends within min..max hops, min <= 1, of a directed step: one breadth-first search
  // (a walk's shortest form is a trail there); the start counts when min is 0 or a walk comes
  // back to it.
  std::size_t levels(std::string_view id, const step& s, unsigned min, unsigned max) {
    const auto start = g.find_external(id);
    if (!start) return 0;
    const auto root = to_index(*start);
    seen.next();
    seen.insert(root);
    bool root_counted = min == 0;
    std::size_t n = root_counted ? 1 : 0;
    a.assign(1, root);
    for (unsigned depth = 1; depth <= max && !a.empty(); ++depth) {
      b.clear();
      for (const auto v : a)
        s.each(v, [&](std::uint32_t w, std::uint32_t) {
          if (w == root) {
            if (!root_counted) root_counted = true, ++n;
          } else if (seen.insert(w)) {
            b.push_back(w);
            ++n;
          }
        });
      a.swap(b);
    }
    return n;
  }

  // Distinct ends of the trails (no relation twice) of min..max hops: depth first.
  void trails_from(std::uint32_t v, const step& s, unsigned depth, unsigned min, unsigned max) {
    if (depth >= min && seen.insert(v)) ++found;
    if (depth == max) return;
    s.each(v, [&](std::uint32_t w, std::uint32_t r) {
      for (unsigned i = 0; i < depth; ++i)
        if (used[i] == r) return;
      used[depth] = r;
      trails_from(w, s, depth + 1, min, max);
    });
  }
  std::size_t trails(std::string_view id, const step& s, unsigned min, unsigned max) {
    const auto start = g.find_external(id);
    if (!start) return 0;
    seen.next();
    found = 0;
    trails_from(to_index(*start), s, 0, min, max);
    return found;
  }
};

}  // namespace

int main(int argc, char** argv) {
  const auto arguments = bench::size_arguments(argc, argv);
  const std::uint32_t entities = arguments.entities, relations = arguments.relations;
  const std::uint32_t seed_count = bench::count_argument(argc, argv, 3, "seeds", 1000, 1, 10'000'000);
  std::printf("varlength_bench: %u entities, %u relations, %u seeds\n", entities, relations, seed_count);
  const auto data = bench::generate(entities, relations);
  const auto g = bench::build_graph(data, {.external_ids = true});

  std::mt19937_64 rng(19);
  const auto pick = [&](const char* kind, std::uint32_t n) {
    const auto& pool = data.by_kind[bench::kind_index(kind)];
    std::vector<std::string> out(n);
    for (auto& x : out) x = std::to_string(pool[rng() % pool.size()]);
    return out;
  };
  const auto people = pick("Person", seed_count), programs = pick("Program", seed_count), fields = pick("Field", seed_count);
  const auto few_people = pick("Person", std::max(1u, seed_count / 10));
  hand h{g, bench::epoch_set(g.entity_slots()), {}, {}};

  using dossier::direction;
  struct workload {
    std::string name, statement;
    const std::vector<std::string>* seeds;
    std::function<std::size_t(std::string_view)> reference;
  };
  const step employment_for(g, {"Employment", "recruits_for"}, direction::out);
  const step to_fields(g, {"Employment", "recruits_for", "recruits_in"}, direction::out);
  const step employment(g, {"Employment"}, direction::both);
  const step employment_awarded(g, {"Employment", "awarded"}, direction::out);
  const step into_program(g, {"awarded", "recruits_for", "oversees", "funds"}, direction::in);
  const step into_field(g, {"researches", "recruits_in"}, direction::in);
  const step field_back(g, {"recruits_in", "recruits_for"}, direction::in);
  const std::vector<workload> workloads = {
      {"*1..2 out, 2 types", "MATCH (a:Person {id: $x})-[:Employment|recruits_for*1..2]->(b) RETURN count(DISTINCT b)", &people,
       [&](std::string_view s) { return h.levels(s, employment_for, 1, 2); }},
      {"*1..2 in, 2 types", "MATCH (f:Field {id: $x})<-[:recruits_in|recruits_for*1..2]-(b) RETURN count(DISTINCT b)", &fields,
       [&](std::string_view s) { return h.levels(s, field_back, 1, 2); }},
      {"*2..3 out, 3 types", "MATCH (a:Person {id: $x})-[:Employment|recruits_for|recruits_in*2..3]->(b) RETURN count(DISTINCT b)",
       &people, [&](std::string_view s) { return h.trails(s, to_fields, 2, 3); }},
      {"*1..2 both, 1 type", "MATCH (a:Person {id: $x})-[:Employment*1..2]-(b) RETURN count(DISTINCT b)", &people,
       [&](std::string_view s) { return h.trails(s, employment, 1, 2); }},
      {"*2..3 both, 1 type", "MATCH (a:Person {id: $x})-[:Employment*2..3]-(b) RETURN count(DISTINCT b)", &few_people,
       [&](std::string_view s) { return h.trails(s, employment, 2, 3); }},
      {"*0..1 out, 2 types", "MATCH (a:Person {id: $x})-[:Employment|awarded*0..1]->(b) RETURN count(DISTINCT b)", &people,
       [&](std::string_view s) { return h.levels(s, employment_awarded, 0, 1); }},
      {"*0..1 in, 4 types", "MATCH (p:Program {id: $x})<-[:awarded|recruits_for|oversees|funds*0..1]-(b) RETURN count(DISTINCT b)",
       &programs, [&](std::string_view s) { return h.levels(s, into_program, 0, 1); }},
      {"*0..1 in, 2 types", "MATCH (f:Field {id: $x})<-[:researches|recruits_in*0..1]-(b) RETURN count(DISTINCT b)", &fields,
       [&](std::string_view s) { return h.levels(s, into_field, 0, 1); }},
  };

  std::printf("\n%-20s %8s %12s %12s %9s %12s  %s\n", "workload", "seeds", "Cypher us", "hand us", "ratio", "answers", "path");
  bool ok = true, all_within = true;
  for (const auto& w : workloads) {
    const auto st = dossier::cypher_statement::prepare(w.statement);
    const bool rewritten = st.explain(g).find("Rewrite") != std::string::npos;
    std::uint64_t sum_cypher = 0, sum_hand = 0;
    const auto t = bench::interleaved_medians(
        15,
        [&] {
          sum_cypher = 0;
          for (const auto& s : *w.seeds) {
            const auto r = st.run(g, {{"x", s}});
            sum_cypher += r.rows.empty() ? 0 : static_cast<std::uint64_t>(r.rows[0][0].as_int());
          }
        },
        [&] {
          sum_hand = 0;
          for (const auto& s : *w.seeds) sum_hand += w.reference(s);
        });
    const double per = 1e6 / static_cast<double>(w.seeds->size());
    const bool agree = sum_cypher == sum_hand;
    ok = ok && agree;
    all_within = all_within && t[0] <= 1.3 * t[1];
    std::printf("%-20s %8zu %12.3f %12.3f %8.2fx %12llu  %s%s\n", w.name.c_str(), w.seeds->size(), t[0] * per, t[1] * per, t[0] / t[1],
                static_cast<unsigned long long>(sum_cypher), rewritten ? "rewrite" : "general",
                agree ? "" : ("  MISMATCH (hand " + std::to_string(sum_hand) + ")").c_str());
  }
  std::printf("\ntarget: every workload at most 1.3x the hand-written loop over graph::expand (%s)\n",
              all_within ? "met" : "missed");
  return ok ? 0 : 1;
}
