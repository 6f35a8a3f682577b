// Sequences of graph operations read from the input: add, relate, remove, merge, rename, alias,
// cite, compact, deep copy, save and load. After every operation the store must be consistent
// with itself, and an operation that throws must leave the graph exactly as it was.
//
// Consistency, checked through the public API only:
//  - every live relation has live endpoints, appears once in its source's out-list and once in
//    its target's in-list, and nowhere else;
//  - the out-lists and in-lists hold the same relations, as many as relation_count();
//  - a typed expansion of every entity yields exactly its relations of that type and subtypes;
//  - BGL sees entity_count() vertices and relation_count() edges, with dense indices;
//  - every id ever issued is either gone (contains() false) or leads to a live entity;
//  - compact, copy, and save then load change nothing that the dump below shows.
#include "common.hpp"

#include <dossier/store/bgl.hpp>
#include <dossier/dossier.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace dossier;
using fuzz::pick;

const char* const entity_types[] = {"Person", "Company", "Program", "Ministry", "Field", "University", "Platform", "Place"};
const char* const relation_types[] = {"Employment", "recruits_for", "oversees", "recruits_in", "targets", "studied_at",
                                      "UnknownLink", "Associate", "part_of", "funds", "succeeds", "Ownership"};
const char* const names[] = {"Qiming", "Kiming", "MIIT", "Thousand Talents", "Zürich", "千人计划", "Chen", "x"};

// Everything observable about the graph, in a canonical order.
std::string dump(const graph& g) {
  std::ostringstream out;
  for (const auto id : g.entities()) {
    const auto e = g.get(id);
    out << "e" << to_index(id) << ' ' << e.type_name() << ' ' << e.name();
    for (const auto& a : e.aliases()) out << " /" << a.name;
    out << " props " << e.properties().size() << '\n';
    for (const auto r : g.relations(id, direction::out)) {
      const auto rel = g.get(r);
      out << "  r" << to_index(r) << ' ' << rel.type_name() << " -> e" << to_index(rel.target()) << " cites "
          << rel.citations().size() << '\n';
    }
  }
  return out.str();
}

[[noreturn]] void differs(const char* what, const std::string& expected, const std::string& got) {
  std::fprintf(stderr, "--- expected\n%s--- got\n%s", expected.c_str(), got.c_str());
  fuzz::finding(what);
}

void check_consistent(const graph& g, const std::vector<entity_id>& issued, bool with_expansions) {
  std::map<std::uint32_t, int> out_seen, in_seen;
  std::size_t live_entities = 0;
  for (const auto id : g.entities()) {
    ++live_entities;
    if (!g.contains(id) || g.canonical(id) != id) fuzz::finding("a listed entity is not live");
    for (const auto r : g.relations(id, direction::out)) {
      const auto rel = g.get(r);
      if (rel.source() != id) fuzz::finding("out-list holds a relation of another source");
      if (!g.contains(rel.target()) || g.canonical(rel.target()) != rel.target()) fuzz::finding("relation target not live");
      ++out_seen[to_index(r)];
    }
    for (const auto r : g.relations(id, direction::in)) {
      if (g.get(r).target() != id) fuzz::finding("in-list holds a relation of another target");
      ++in_seen[to_index(r)];
    }
    // Typed expansion agrees with the lists, for every relation type (subtypes included).
    if (!with_expansions) continue;
    for (const auto& info : g.schema().relation_types()) {
      const auto t = g.schema().relation_type(info.name);
      const relation_type_id one[] = {t};
      const auto mask = g.schema().mask(one);
      std::multiset<std::uint32_t> expanded, listed;
      g.expand(direction::out, mask)(to_index(id), [&](std::uint32_t, std::uint32_t r) { expanded.insert(r); });
      for (const auto r : g.relations(id, direction::out))
        if (g.schema().is_a(g.get(r).type(), t)) listed.insert(to_index(r));
      if (expanded != listed) fuzz::finding("typed expansion differs from the relation list");
    }
  }
  if (live_entities != g.entity_count()) fuzz::finding("entity_count differs from the entities listed");
  if (out_seen.size() != g.relation_count() || in_seen.size() != g.relation_count())
    fuzz::finding("relation_count differs from the relations listed");
  for (const auto& [r, n] : out_seen)
    if (n != 1 || in_seen[r] != 1) fuzz::finding("a relation is listed more or less than once");
  if (num_vertices(g) != g.entity_count() || num_edges(g) != g.relation_count()) fuzz::finding("BGL counts differ");
  std::set<std::size_t> indices;
  for (auto [v, end] = vertices(g); v != end; ++v) indices.insert(get(boost::vertex_index, g, *v));
  if (indices.size() != g.entity_count() || (!indices.empty() && *indices.rbegin() + 1 != g.entity_count()))
    fuzz::finding("vertex indices are not dense");
  for (const auto id : issued) {
    if (!g.contains(id)) continue;
    if (!g.try_get(id)) fuzz::finding("a contained id cannot be read");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  graph g{schemas::investigations()};
  const auto source = g.add_source({.title = "A source"});
  std::vector<entity_id> issued{source};
  std::vector<relation_id> relations;
  const auto pick_entity = [&] { return issued[in.ConsumeIntegralInRange<std::size_t>(0, issued.size() - 1)]; };
  int steps = 0;
  while (in.remaining_bytes() > 0 && ++steps <= 64) {
    const auto before = dump(g);
    const auto entities_before = g.entity_count(), relations_before = g.relation_count();
    bool threw = false;
    const auto op = in.ConsumeIntegralInRange<int>(0, 11);
    try {
      switch (op) {
        case 0: {
          const auto type = pick(in, entity_types);
          const auto name = pick(in, names);
          entity_options o;
          if (in.ConsumeBool()) o.aliases.push_back({pick(in, names)});
          issued.push_back(g.add(type, name, std::move(o)));
          if (g.entity_count() != entities_before + 1) fuzz::finding("add did not add one entity");
          break;
        }
        case 1: {
          const auto a = pick_entity(), b = pick_entity();
          const auto type = pick(in, relation_types);
          relation_options o{.on_repeat = in.ConsumeBool() ? repeat_policy::merge : repeat_policy::parallel};
          if (in.ConsumeBool()) o.citations.push_back(cite(source, in.ConsumeBool() ? "quote one" : "quote two", 0.5));
          const auto r = g.relate(a, type, b, std::move(o));
          const bool repeat = std::find(relations.begin(), relations.end(), r) != relations.end();
          if (!repeat) relations.push_back(r);
          if (g.relation_count() != relations_before + (repeat ? 0 : 1)) fuzz::finding("relate changed the count wrongly");
          break;
        }
        case 2: {
          const auto e = pick_entity();
          // An absorbed id stands for the entity it was merged into: removing it removes that one.
          std::set<std::uint32_t> touching;
          if (g.contains(e))
            for (const auto r : g.relations(e, direction::both)) touching.insert(to_index(r));
          g.remove(e);
          if (g.contains(e)) fuzz::finding("a removed entity is still there");
          if (g.relation_count() != relations_before - touching.size()) fuzz::finding("remove left or took other relations");
          break;
        }
        case 3: {
          if (relations.empty()) break;
          const auto r = relations[in.ConsumeIntegralInRange<std::size_t>(0, relations.size() - 1)];
          g.remove(r);
          if (g.contains(r) || g.relation_count() != relations_before - 1) fuzz::finding("remove(relation) wrong");
          break;
        }
        case 4: {
          const auto keep = pick_entity(), absorb = pick_entity();
          g.merge(keep, absorb);
          if (g.entity_count() != entities_before - 1) fuzz::finding("merge did not remove one entity");
          if (g.canonical(absorb) != g.canonical(keep)) fuzz::finding("the absorbed id does not redirect");
          break;
        }
        case 5: g.rename(pick_entity(), pick(in, names)); break;
        case 6: g.add_alias(pick_entity(), {pick(in, names)}); break;
        case 7:
          if (!relations.empty())
            g.add_citation(relations[in.ConsumeIntegralInRange<std::size_t>(0, relations.size() - 1)], cite(source, "later", 0.9));
          break;
        case 8:
          g.compact();
          if (const auto now = dump(g); now != before) differs("compact changed the graph", before, now);
          break;
        case 9: {
          auto copy = g.copy();
          if (const auto now = dump(copy); now != before) differs("copy differs", before, now);
          g = std::move(copy);
          break;
        }
        case 10: {
          auto loaded = load_from_bytes(save_to_bytes(g, {.format = in.ConsumeBool() ? archive_format::binary : archive_format::text}));
          if (const auto now = dump(loaded); now != before) differs("save and load changed the graph", before, now);
          g = std::move(loaded);
          break;
        }
        case 11: g.remove_alias(pick_entity(), pick(in, names)); break;
      }
    } catch (const dossier::error&) {
      threw = true;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "untyped exception from operation %d: %s\n", op, e.what());
      std::abort();
    }
    if (threw)
      if (const auto now = dump(g); now != before) differs("a failed operation changed the graph", before, now);
    check_consistent(g, issued, op == 8 || op == 10);  // expansions after rebuilding the tables
  }
  check_consistent(g, issued, true);
  return 0;
}
