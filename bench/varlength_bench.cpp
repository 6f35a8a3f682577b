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
#include <optional>

namespace {

using dossier::entity_id;
using dossier::expansion;
using dossier::graph;

// One typed step in one or both directions, prepared once.
struct step {
  dossier::type_mask mask;
  expansion out, in;
  bool forward = true, backward = false;
  step(const graph& g, const std::vector<std::string>& types, dossier::direction dir) : mask(g.schema().relation_type_count()) {
    for (const auto& t : types) mask.set(to_index(g.schema().relation_type(t)));
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

  // The start node: found by its id, and of the statement's label.
  std::optional<std::uint32_t> start(std::string_view id, dossier::entity_type_id label) const {
    const auto e = g.find_external(id);
    if (!e || !g.schema().is_a(g.entity_type_of(to_index(*e)), label)) return std::nullopt;
    return to_index(*e);
  }

  // Distinct ends within min..max hops, min <= 1, of a directed step: one breadth-first search
  // (a walk's shortest form is a trail there); the start counts when min is 0 or a walk comes
  // back to it.
  std::size_t levels(std::string_view id, dossier::entity_type_id label, const step& s, unsigned min, unsigned max) {
    const auto from = start(id, label);
    if (!from) return 0;
    const auto root = *from;
    seen.next();
    seen.insert(root);
    bool root_counted = min == 0;
    std::size_t n = root_counted ? 1 : 0;
    a.assign(1, root);
    for (unsigned depth = 1; depth <= max && !a.empty(); ++depth) {
      const bool last = depth == max;
      b.clear();
      for (const auto v : a)
        s.each(v, [&](std::uint32_t w, std::uint32_t) {
          if (w == root) {
            if (!root_counted) root_counted = true, ++n;
          } else if (seen.insert(w)) {
            if (!last) b.push_back(w);
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
  std::size_t trails(std::string_view id, dossier::entity_type_id label, const step& s, unsigned min, unsigned max) {
    const auto from = start(id, label);
    if (!from) return 0;
    seen.next();
    found = 0;
    trails_from(*from, s, 0, min, max);
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
  // One statement shape: MATCH (a:LABEL {id: $x})-[:T1|T2*min..max]->(b) RETURN count(DISTINCT b).
  struct workload {
    const char* name;
    const char* label;
    std::vector<std::string> types;
    direction dir;
    unsigned min, max;
    const std::vector<std::string>* seeds;
  };
  const std::vector<workload> workloads = {
      {"*1..2 out, 2 types", "Person", {"Employment", "recruits_for"}, direction::out, 1, 2, &people},
      {"*1..2 in, 2 types", "Field", {"recruits_in", "recruits_for"}, direction::in, 1, 2, &fields},
      {"*2..3 out, 3 types", "Person", {"Employment", "recruits_for", "recruits_in"}, direction::out, 2, 3, &people},
      {"*1..2 both, 1 type", "Person", {"Employment"}, direction::both, 1, 2, &people},
      {"*2..3 both, 1 type", "Person", {"Employment"}, direction::both, 2, 3, &few_people},
      {"*0..1 out, 2 types", "Person", {"Employment", "awarded"}, direction::out, 0, 1, &people},
      {"*0..1 in, 4 types", "Program", {"awarded", "recruits_for", "oversees", "funds"}, direction::in, 0, 1, &programs},
      {"*0..1 in, 2 types", "Field", {"researches", "recruits_in"}, direction::in, 0, 1, &fields},
  };
  const auto statement = [](const workload& w) {
    std::string types;
    for (const auto& t : w.types) types += (types.empty() ? ":" : "|") + t;
    const auto rel = "[" + types + "*" + std::to_string(w.min) + ".." + std::to_string(w.max) + "]";
    const auto arrow = w.dir == direction::out ? "-" + rel + "->" : w.dir == direction::in ? "<-" + rel + "-" : "-" + rel + "-";
    return std::string("MATCH (a:") + w.label + " {id: $x})" + arrow + "(b)";
  };
  const std::string count = " RETURN count(DISTINCT b)";
  const auto answer = [](const dossier::cypher_result& r) {
    return r.rows.empty() ? std::uint64_t{0} : static_cast<std::uint64_t>(r.rows[0][0].as_int());
  };

  // Four columns: the same statement with WHERE true, which the rewrite leaves to the general
  // engine (one literal evaluated per match besides); the prepared statement; the fluent query
  // it is rewritten to, from the same id found and checked as the hand loop does; the hand loop.
  std::printf("\n%-20s %6s %10s %10s %10s %10s %8s %8s %8s %10s  %s\n", "workload", "seeds", "general us", "Cypher us",
              "fluent us", "hand us", "g/hand", "C/hand", "f/hand", "answers", "path");
  bool ok = true, all_within = true;
  for (const auto& w : workloads) {
    const auto st = dossier::cypher_statement::prepare(statement(w) + count);
    const auto general = dossier::cypher_statement::prepare(statement(w) + " WHERE true" + count);
    const bool rewritten = st.explain(g).find("Rewrite") != std::string::npos &&
                           general.explain(g).find("Rewrite") == std::string::npos;
    const step s(g, w.types, w.dir);
    const auto label = g.schema().entity_type(w.label);
    const dossier::hop_options o{.min_hops = w.min, .max_hops = w.max, .semantics = dossier::path_semantics::trail};
    auto q = dossier::query(g);
    if (w.dir == direction::out) q.out(w.types, o);
    else if (w.dir == direction::in) q.in(w.types, o);
    else q.both(w.types, o);
    // A directed step from min 1 or less reaches the same set by any walk: one breadth-first search.
    const bool by_levels = w.min <= 1 && w.dir != direction::both;
    std::uint64_t sum_general = 0, sum_cypher = 0, sum_fluent = 0, sum_hand = 0;
    // The general engine apart: run between the others, it would leave them colder caches.
    const auto general_time = bench::median_time(7, [&] {
      sum_general = 0;
      for (const auto& id : *w.seeds) sum_general += answer(general.run(g, {{"x", id}}));
    });
    const auto m = bench::interleaved_medians(
        15,
        [&] {
          sum_cypher = 0;
          for (const auto& id : *w.seeds) sum_cypher += answer(st.run(g, {{"x", id}}));
        },
        [&] {
          sum_fluent = 0;
          for (const auto& id : *w.seeds)
            if (const auto from = h.start(id, label)) sum_fluent += q.count_from(static_cast<entity_id>(*from));
        },
        [&] {
          sum_hand = 0;
          for (const auto& id : *w.seeds) sum_hand += by_levels ? h.levels(id, label, s, w.min, w.max) : h.trails(id, label, s, w.min, w.max);
        });
    const std::vector<double> t{general_time, m[0], m[1], m[2]};
    const double per = 1e6 / static_cast<double>(w.seeds->size());
    const bool agree = sum_general == sum_hand && sum_cypher == sum_hand && sum_fluent == sum_hand;
    ok = ok && agree;
    all_within = all_within && t[1] <= 1.3 * t[3];
    std::printf("%-20s %6zu %10.3f %10.3f %10.3f %10.3f %7.2fx %7.2fx %7.2fx %10llu  %s%s\n", w.name, w.seeds->size(), t[0] * per,
                t[1] * per, t[2] * per, t[3] * per, t[0] / t[3], t[1] / t[3], t[2] / t[3], static_cast<unsigned long long>(sum_hand),
                rewritten ? "rewrite" : "NOT REWRITTEN",
                agree ? "" : ("  MISMATCH (general " + std::to_string(sum_general) + ", Cypher " + std::to_string(sum_cypher) +
                              ", fluent " + std::to_string(sum_fluent) + ")").c_str());
  }
  std::printf("\ntarget: Cypher at most 1.3x the hand-written loop over graph::expand in every workload (%s)\n",
              all_within ? "met" : "missed");
  return ok ? 0 : 1;
}
