// Queries built from the input on a small graph built from the input: start sets (types, ids,
// removed and merged ids, names), one to three steps in any direction with relation and target
// types, hop ranges, path semantics, confidence and as-of filters, limits and budgets; then path
// algorithms between two of its entities. Only dossier::error may escape, and what the query
// returns must hang together:
//  - count(), ids() and results() agree;
//  - every explaining path is connected: each relation joins the entities on either side in
//    the direction the path says, and the path ends at the result's entity;
//  - count_each(starts)[i] == count_from(starts[i]) == results_from({starts[i]}).size();
//  - explain() renders every path, and shortest_path() finds a valid path no longer than any
//    path that all_simple_paths() finds.
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace dossier;
using fuzz::pick;

const char* const entity_types[] = {"Person", "Company", "Program", "Ministry", "Field", "University", "Platform"};
const char* const start_types[] = {"Person", "Program", "Organization", "PublicBody", "Thing", "Project", "Spaceship"};
const char* const relation_types[] = {"Employment", "recruits_for", "oversees", "recruits_in", "targets", "studied_at",
                                      "UnknownLink", "ProjectParticipant", "Interest", "funds", "succeeds", "bribes"};
const char* const names[] = {"Qiming", "Kiming", "MIIT", "Chen", "chips"};
const budget small_budget{.max_visited = 20'000, .max_paths = 2'000, .max_results = 2'000};

void check_path(const graph& g, const path& p, entity_id end) {
  if (p.entities.empty() || p.entities.size() != p.relations.size() + 1 || p.forward.size() != p.relations.size())
    fuzz::finding("a path's entities, relations and directions do not line up");
  if (g.canonical(p.end()) != g.canonical(end)) fuzz::finding("a path does not end at its result");
  for (std::size_t i = 0; i < p.relations.size(); ++i) {
    const auto r = g.get(p.relations[i]);
    const auto from = p.forward[i] ? r.source() : r.target(), to = p.forward[i] ? r.target() : r.source();
    if (g.canonical(from) != g.canonical(p.entities[i]) || g.canonical(to) != g.canonical(p.entities[i + 1]))
      fuzz::finding("a path's relation does not join its entities");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  graph g{schemas::investigations()};
  const auto source = g.add_source({.title = "A source"});
  std::vector<entity_id> ids;
  const auto entity_count = in.ConsumeIntegralInRange<int>(2, 24);
  for (int i = 0; i < entity_count; ++i) ids.push_back(g.add(pick(in, entity_types), pick(in, names)));
  const auto relation_count = in.ConsumeIntegralInRange<int>(0, 60);
  const auto any = [&] { return ids[in.ConsumeIntegralInRange<std::size_t>(0, ids.size() - 1)]; };
  for (int i = 0; i < relation_count; ++i) {
    try {
      relation_options o{.on_repeat = repeat_policy::parallel};
      o.citations.push_back(cite(source, "q", in.ConsumeIntegralInRange<int>(1, 10) / 10.0));
      if (in.ConsumeBool()) o.valid = {.start = date(in.ConsumeIntegralInRange<int>(2015, 2025))};
      g.relate(any(), pick(in, relation_types), any(), std::move(o));
    } catch (const dossier::error&) {  // wrong endpoints or an unknown type: part of the game
    }
  }
  try {  // removed and merged ids must still be handled as starts
    if (in.ConsumeBool()) g.remove(any());
    if (in.ConsumeBool()) g.merge(any(), any());
  } catch (const dossier::error&) {
  }
  if (in.ConsumeBool()) g.compact();

  fuzz::expect_only_typed_errors([&] {
    query q(g);
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0: q.from(pick(in, start_types)); break;
      case 1: {
        std::vector<entity_id> starts;
        for (int i = in.ConsumeIntegralInRange<int>(1, 4); i > 0; --i) starts.push_back(any());
        q.from(starts);
        break;
      }
      case 2: q.named(pick(in, names), {.fuzzy = in.ConsumeBool()}); break;
    }
    for (int s = in.ConsumeIntegralInRange<int>(1, 3); s > 0; --s) {
      std::vector<std::string> types;
      if (in.ConsumeBool()) types.push_back(pick(in, relation_types));
      hop_options o;
      o.min_hops = in.ConsumeIntegralInRange<std::size_t>(0, 2);
      o.max_hops = in.ConsumeIntegralInRange<std::size_t>(0, 4);
      o.semantics = static_cast<path_semantics>(in.ConsumeIntegralInRange<int>(0, 2));
      if (in.ConsumeBool()) o.to_types.push_back(pick(in, start_types));
      if (in.ConsumeBool()) o.min_confidence = in.ConsumeIntegralInRange<int>(0, 10) / 10.0;
      if (in.ConsumeBool()) o.as_of = date(in.ConsumeIntegralInRange<int>(2014, 2026));
      switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0: q.out(types, o); break;
        case 1: q.in(types, o); break;
        case 2: q.both(types, o); break;
      }
      if (in.ConsumeBool()) q.is_a(pick(in, start_types));
    }
    if (in.ConsumeBool()) q.dedup();
    if (in.ConsumeBool()) q.limit(in.ConsumeIntegralInRange<std::size_t>(0, 5));
    // Always a small budget: with the default (10^8 visits) an input could spend seconds on one
    // run, and the target would explore at a few executions a second.
    if (in.ConsumeBool())
      q.with_budget({.max_visited = in.ConsumeIntegralInRange<std::size_t>(0, 200),
                     .max_paths = in.ConsumeIntegralInRange<std::size_t>(0, 200),
                     .max_results = in.ConsumeIntegralInRange<std::size_t>(0, 200)});
    else
      q.with_budget(small_budget);

    const auto results = q.results();
    if (q.count() != results.size() || q.ids().size() != results.size()) fuzz::finding("count, ids and results disagree");
    // Every rewrite gives the general plan's answers.
    auto general = q;
    general.use_rewrites(false);
    try {
      const auto plain = general.results();
      if (plain.size() != results.size()) fuzz::finding("a rewrite and the general plan disagree on the results");
      for (std::size_t i = 0; i < plain.size(); ++i)
        if (plain[i].entity.id() != results[i].entity.id() || plain[i].path != results[i].path)
          fuzz::finding("a rewrite and the general plan disagree on a result or its path");
    } catch (const budget_exceeded&) {  // the general plan may need more of the budget
    }
    for (const auto& r : results) {
      check_path(g, r.path, r.entity.id());
      (void)explain(g, r.path);
    }
    for (const auto& p : q.paths()) check_path(g, p, p.end());

    // Per start, three ways to count must agree (each may run out of budget on its own).
    std::vector<entity_id> starts;
    for (const auto id : ids)
      if (g.contains(id)) starts.push_back(id);
    std::vector<std::size_t> each;
    try {
      each = q.count_each(starts);
    } catch (const budget_exceeded&) {
      return;
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
      try {
        const auto from = q.count_from(starts[i]);
        const auto listed = q.results_from(std::span<const entity_id>(&starts[i], 1)).size();
        if (from != each[i] || listed != each[i]) fuzz::finding("count_each, count_from and results_from disagree");
      } catch (const budget_exceeded&) {
      }
    }
  });

  fuzz::expect_only_typed_errors([&] {  // linked_to, ordering and grouping
    std::vector<entity_id> targets{any()};
    if (in.ConsumeBool()) targets.push_back(any());
    linked_options o{.dir = static_cast<direction>(in.ConsumeIntegralInRange<int>(0, 2)),
                     .max_hops = in.ConsumeIntegralInRange<std::size_t>(0, 4),
                     .min_confidence = in.ConsumeIntegralInRange<int>(0, 10) / 10.0,
                     .best_evidenced = in.ConsumeBool()};
    if (in.ConsumeBool()) o.relation_types.push_back(pick(in, relation_types));
    if (in.ConsumeBool()) o.as_of = date(in.ConsumeIntegralInRange<int>(2014, 2026));
    auto q = query(g).from(pick(in, start_types)).linked_to(targets, o);
    q.with_budget(small_budget);
    if (in.ConsumeBool()) q.order_by("name", in.ConsumeBool());
    if (in.ConsumeBool()) q.limit(in.ConsumeIntegralInRange<std::size_t>(0, 5));
    const auto results = q.results();
    for (const auto& r : results) {  // a linked_to result explains itself by a path from it to a target
      check_path(g, r.path, r.path.end());
      if (g.canonical(r.path.start()) != r.entity.id()) fuzz::finding("a linked_to path does not start at its result");
      const auto last = g.canonical(r.path.end());
      if (r.path.length() > 0 && std::find_if(targets.begin(), targets.end(), [&](entity_id t) {
            return g.contains(t) && g.canonical(t) == last;
          }) == targets.end())
        fuzz::finding("a linked_to path does not end at a target");
    }
    std::size_t grouped = 0;
    for (const auto& [type, n] : q.group_count()) grouped += n;
    if (grouped != results.size()) fuzz::finding("group_count does not add up to the results");
  });

  fuzz::expect_only_typed_errors([&] {  // algorithms on typed views
    scope sc;
    if (in.ConsumeBool()) sc.entity_types.push_back(pick(in, start_types));
    if (in.ConsumeBool()) sc.relation_types.push_back(pick(in, relation_types));
    std::size_t in_scope = 0;
    for (const auto& c : components(g, sc)) in_scope += c.size();
    for (const auto& scores : {degree_centrality(g, sc), pagerank(g, sc), betweenness(g, sc), closeness(g, sc), core_numbers(g, sc)}) {
      if (scores.size() != in_scope) fuzz::finding("a centrality does not score every entity in scope once");
      for (const auto& x : scores)
        if (!std::isfinite(x.score)) fuzz::finding("a centrality score is not finite");
    }
  });

  fuzz::expect_only_typed_errors([&] {
    const auto a = any(), b = any();
    path_options o;
    o.weight = static_cast<weight_kind>(in.ConsumeIntegralInRange<int>(0, 1));  // hops or confidence
    if (in.ConsumeBool()) o.filter.relation_types.push_back(pick(in, relation_types));
    o.limits.max_visited = in.ConsumeIntegralInRange<std::size_t>(1, 500);
    o.limits.max_paths = in.ConsumeIntegralInRange<std::size_t>(1, 500);
    const auto shortest = shortest_path(g, a, b, o);
    if (shortest) check_path(g, *shortest, b);
    const auto simple = all_simple_paths(g, a, b, 4, o);
    for (const auto& p : simple) {
      check_path(g, p, b);
      if (o.weight == weight_kind::hops && (!shortest || shortest->length() > p.length()))
        fuzz::finding("shortest_path is longer than a simple path");
    }
    (void)k_shortest_paths(g, a, b, in.ConsumeIntegralInRange<long>(1, 4), o);
  });
  return 0;
}
