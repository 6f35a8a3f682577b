// The per-type adjacency against a naive edge list, through dense tables, sparse tables,
// tombstones and pending entries, on seeded random graphs.
#include <doctest/doctest.h>
#include <dossier/dossier.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace dossier;

namespace {
struct naive_edge {
  std::uint32_t source, target;
  relation_type_id type;
  relation_id id;
};

std::multiset<std::pair<std::uint32_t, std::uint32_t>> expected(const std::vector<naive_edge>& edges, std::uint32_t v,
                                                                 const type_mask& mask, direction dir) {
  std::multiset<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& e : edges) {
    if (!mask.test(to_index(e.type))) continue;
    if (dir != direction::in && e.source == v) out.insert({e.target, to_index(e.id)});
    if (dir != direction::out && e.target == v) out.insert({e.source, to_index(e.id)});
  }
  return out;
}
}  // namespace

TEST_CASE("adjacency.random_graphs_match_a_naive_edge_list") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    graph g{schemas::investigations()};
    const auto& s = g.schema();
    // Hubs (few) and leaves (many) so that some tables are dense and some sparse.
    std::vector<entity_id> people, fields;
    const int n_people = 40 + static_cast<int>(rng() % 200), n_fields = 3 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n_people; ++i) people.push_back(g.add("Person", "p" + std::to_string(i)));
    for (int i = 0; i < n_fields; ++i) fields.push_back(g.add("Field", "f" + std::to_string(i)));
    const relation_type_id researches = s.relation_type("researches"), assoc = s.relation_type("Associate");
    std::vector<naive_edge> edges;
    const auto add_edges = [&](int count) {
      for (int i = 0; i < count; ++i) {
        const bool to_field = rng() % 3 != 0;
        const auto a = people[rng() % people.size()];
        const auto b = to_field ? fields[(rng() % fields.size()) * (rng() % 2)] : people[rng() % 7];
        const auto type = to_field ? researches : assoc;
        const auto r = g.relate(a, type, b, {.on_repeat = repeat_policy::parallel});
        edges.push_back({to_index(a), to_index(b), type, r});
      }
    };
    const auto check_all = [&] {
      for (const relation_type_id t : {researches, assoc, s.relation_type("Interval")}) {
        const relation_type_id ts[] = {t};
        const auto mask = s.mask(ts);
        for (const auto dir : {direction::out, direction::in, direction::both}) {
          const auto x = g.expand(dir, mask);
          for (std::uint32_t v = 0; v < g.entity_slots(); ++v) {
            std::multiset<std::pair<std::uint32_t, std::uint32_t>> seen_expand, seen_visit, seen_bgl;
            x(v, [&](std::uint32_t n, std::uint32_t r) { seen_expand.insert({n, r}); });
            g.for_each_neighbor(static_cast<entity_id>(v), dir, mask,
                                [&](entity_id n, relation_id r) { seen_visit.insert({to_index(n), to_index(r)}); });
            const auto want = expected(edges, v, mask, dir);
            REQUIRE(seen_expand == want);
            REQUIRE(seen_visit == want);
          }
          // Prefetching is a hint: ids past the end, or never issued, are ignored.
          for (const std::uint32_t v : {g.entity_slots(), g.entity_slots() + 64, ~std::uint32_t{0}}) x.prefetch(v);
          // The batched expansion visits the same entries, in batch order (entities repeat and
          // come in any order), and looks ahead only at real neighbours.
          std::vector<std::uint32_t> batch;
          for (std::uint32_t k = 0; k < 2 * g.entity_slots(); ++k) batch.push_back(static_cast<std::uint32_t>(rng() % g.entity_slots()));
          std::vector<std::multiset<std::pair<std::uint32_t, std::uint32_t>>> per_index(batch.size());
          std::size_t last_index = 0;
          bool in_order = true, ahead_valid = true;
          x.batch(
              batch,
              [&](std::size_t i, std::uint32_t n, std::uint32_t r) {
                in_order = in_order && i >= last_index;
                last_index = i;
                per_index[i].insert({n, r});
              },
              [&](std::uint32_t n) {
                ahead_valid = ahead_valid && n < g.entity_slots();
                x.prefetch(n);  // as a two-hop batch does: a hint that must change nothing
              });
          CHECK(in_order);
          CHECK(ahead_valid);
          for (std::size_t i = 0; i < batch.size(); ++i) REQUIRE(per_index[i] == expected(edges, batch[i], mask, dir));
        }
      }
      // BGL out_edges / in_edges see every relation of every type.
      std::size_t out_total = 0, in_total = 0;
      for (std::uint32_t v = 0; v < g.entity_slots(); ++v) {
        for (auto [it, end] = out_edges(v, g); it != end; ++it) ++out_total;
        for (auto [it, end] = in_edges(v, g); it != end; ++it) ++in_total;
        CHECK(out_degree(v, g) == static_cast<std::size_t>(std::count_if(edges.begin(), edges.end(), [&](const naive_edge& e) { return e.source == v; })));
      }
      CHECK(out_total == edges.size());
      CHECK(in_total == edges.size());
    };
    add_edges(300);
    g.compact();
    check_all();                      // compacted only
    add_edges(100);                   // pending on top
    check_all();
    for (int i = 0; i < 80 && !edges.empty(); ++i) {  // tombstones and unlinked pending entries
      const auto k = rng() % edges.size();
      g.remove(edges[k].id);
      edges.erase(edges.begin() + static_cast<std::ptrdiff_t>(k));
    }
    check_all();
    g.compact();
    check_all();
  }
}
