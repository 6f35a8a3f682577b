// Running the read clauses over a table of rows: MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN
// (grouping, DISTINCT, ORDER BY, SKIP, LIMIT) and CALL; the write clauses are in write.cpp.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/store/graph.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

std::vector<const syn::path_pattern*> pattern_list(const std::vector<syn::path_pattern>& patterns) {
  std::vector<const syn::path_pattern*> out;
  for (const auto& p : patterns) out.push_back(&p);
  return out;
}

// The slots a pattern binds that were not bound before it (OPTIONAL MATCH sets them to null).
std::vector<int> new_slots(const prepared& p, const std::vector<syn::path_pattern>& patterns) {
  std::vector<int> out;
  const auto add = [&](const void* e) {
    if (!p.bound_before.contains(e) && p.slot(e) >= 0) out.push_back(p.slot(e));
  };
  for (const auto& path : patterns) {
    add(&path);
    add(&path.start);
    for (const auto& [rel, node] : path.steps) {
      add(&rel);
      add(&node);
    }
  }
  return out;
}

table run_match(context& c, const syn::match_clause& m, table rows) {
  const auto patterns = pattern_list(m.patterns);
  const auto fresh = m.optional ? new_slots(c.p, m.patterns) : std::vector<int>{};
  table out;
  for (auto& in : rows) {
    bool found = false;
    row r = in;
    match_patterns(c, patterns, m.path_mode, r, [&](row& match) {
      if (passes(c, m.where.get(), match)) {
        out.push_back(match);
        found = true;
        if (out.size() > c.options.budget.max_results)
          throw budget_exceeded("query.budget_exceeded", "the statement made more than " +
                                                            std::to_string(c.options.budget.max_results) + " rows");
      }
      return true;
    });
    if (m.optional && !found) {
      for (const auto s : fresh) in[static_cast<std::size_t>(s)] = value_t();
      out.push_back(std::move(in));
    }
  }
  return out;
}

table run_unwind(context& c, const syn::unwind_clause& u, table rows) {
  const auto slot = static_cast<std::size_t>(c.p.slot(&u));
  table out;
  for (auto& r : rows) {
    const auto list = eval(c, *u.list, r);
    if (list.is_null()) continue;
    if (list.type() != kind::list) {
      r[slot] = list;  // UNWIND of a single value gives one row
      out.push_back(std::move(r));
      continue;
    }
    for (const auto& item : list.as_list()) {
      c.tick();
      r[slot] = item;
      out.push_back(r);
    }
  }
  return out;
}

// ---- projections ----

std::size_t first_item(const projection_plan& plan, const syn::projection_clause& clause) {
  return plan.item_slots.size() - clause.items.size();  // RETURN * items come first
}

void project_plain(context& c, const syn::projection_clause& clause, const projection_plan& plan, table& rows) {
  const auto first = first_item(plan, clause);
  std::vector<value_t> values(clause.items.size());
  for (auto& r : rows) {
    c.tick();
    for (std::size_t i = 0; i < clause.items.size(); ++i) values[i] = eval(c, *clause.items[i].value, r);
    for (std::size_t i = 0; i < clause.items.size(); ++i)
      r[static_cast<std::size_t>(plan.item_slots[first + i])] = std::move(values[i]);
  }
}

struct group {
  row representative;
  std::vector<accumulator> accumulators;
};

void project_grouped(context& c, const syn::projection_clause& clause, const projection_plan& plan, table& rows,
                     std::size_t width) {
  const auto first = first_item(plan, clause);
  std::vector<std::size_t> keys;
  for (std::size_t i = 0; i < clause.items.size(); ++i)
    if (plan.item_is_key[first + i]) keys.push_back(i);
  std::unordered_map<row, std::size_t, row_hash, row_equivalent> index;
  std::vector<group> groups;
  const auto make_group = [&](row representative) {
    group g{std::move(representative), {}};
    for (const auto* a : plan.aggregates) g.accumulators.emplace_back(*a);
    groups.push_back(std::move(g));
  };
  for (auto& r : rows) {
    c.tick();
    row key;
    for (const auto i : keys) key.push_back(eval(c, *clause.items[i].value, r));
    auto [it, fresh] = index.try_emplace(key, groups.size());
    if (fresh) {
      for (std::size_t k = 0; k < keys.size(); ++k) r[static_cast<std::size_t>(plan.item_slots[first + keys[k]])] = key[k];
      make_group(r);
    }
    for (auto& acc : groups[it->second].accumulators) acc.add(c, r);
  }
  if (groups.empty() && keys.empty()) make_group(row(width));
  table out;
  out.reserve(groups.size());
  for (auto& g : groups) {
    auto& r = g.representative;
    for (std::size_t a = 0; a < plan.aggregates.size(); ++a)
      r[static_cast<std::size_t>(c.p.aggregate_slot.at(plan.aggregates[a]))] = g.accumulators[a].result();
    for (std::size_t i = 0; i < clause.items.size(); ++i)
      if (!plan.item_is_key[first + i])
        r[static_cast<std::size_t>(plan.item_slots[first + i])] = eval(c, *clause.items[i].value, r);
    out.push_back(std::move(r));
  }
  rows = std::move(out);
}

void make_distinct(const projection_plan& plan, table& rows) {
  std::unordered_map<row, bool, row_hash, row_equivalent> seen;
  table out;
  for (auto& r : rows) {
    row key;
    for (const auto s : plan.item_slots) key.push_back(r[static_cast<std::size_t>(s)]);
    if (seen.try_emplace(std::move(key), true).second) out.push_back(std::move(r));
  }
  rows = std::move(out);
}

void sort_rows(context& c, const syn::projection_clause& clause, table& rows) {
  std::vector<std::pair<std::vector<value_t>, std::size_t>> keys;
  keys.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<value_t> k;
    for (const auto& o : clause.order) k.push_back(eval(c, *o.value, rows[i]));
    keys.emplace_back(std::move(k), i);
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    for (std::size_t j = 0; j < clause.order.size(); ++j) {
      const auto o = order(a.first[j], b.first[j]);
      if (o != 0) return clause.order[j].descending ? o > 0 : o < 0;
    }
    return false;
  });
  table out;
  out.reserve(rows.size());
  for (auto& [k, i] : keys) out.push_back(std::move(rows[i]));
  rows = std::move(out);
}

std::size_t row_count(context& c, const syn::expr* e, std::string_view what) {
  row none;
  const auto v = eval(c, *e, none);
  // A literal is wrong before the statement runs; a parameter only once it is given.
  const bool literal = e->kind != syn::expr_kind::parameter;
  const auto fail = [&](const char* detail, const std::string& message) {
    throw cypher_error(literal ? "cypher.semantic" : "cypher.runtime", "SyntaxError", detail, literal, message);
  };
  if (v.type() != kind::integer) fail("InvalidArgumentType", std::string(what) + " needs an integer, got " + describe(v));
  if (v.as_int() < 0) fail("NegativeIntegerArgument", std::string(what) + " cannot be negative");
  return static_cast<std::size_t>(v.as_int());
}

table run_projection(context& c, const syn::projection_clause& clause, table rows, std::size_t width) {
  const auto& plan = c.p.projections.at(&clause);
  if (plan.aggregating) project_grouped(c, clause, plan, rows, width);
  else project_plain(c, clause, plan, rows);
  if (clause.distinct) make_distinct(plan, rows);
  if (!clause.order.empty()) sort_rows(c, clause, rows);
  const auto skip = clause.skip ? row_count(c, clause.skip.get(), "SKIP") : 0;
  const auto limit = clause.limit ? row_count(c, clause.limit.get(), "LIMIT") : rows.size();
  if (skip > 0 || limit < rows.size()) {
    const auto from = std::min(skip, rows.size());
    const auto to = std::min(rows.size(), from + std::min(limit, rows.size()));
    rows = table(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(from)),
                 std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(to)));
  }
  if (clause.where) std::erase_if(rows, [&](row& r) { return !passes(c, clause.where.get(), r); });
  return rows;
}

std::string stage_name(const syn::clause& cl) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, syn::match_clause>) return x.optional ? "OptionalMatch" : "Match";
        else if constexpr (std::is_same_v<T, syn::unwind_clause>) return "Unwind";
        else if constexpr (std::is_same_v<T, syn::projection_clause>) return x.is_return ? "Return" : "With";
        else if constexpr (std::is_same_v<T, syn::create_clause>) return "Create";
        else if constexpr (std::is_same_v<T, syn::merge_clause>) return "Merge";
        else if constexpr (std::is_same_v<T, syn::set_clause>) return "Set";
        else if constexpr (std::is_same_v<T, syn::remove_clause>) return "Remove";
        else if constexpr (std::is_same_v<T, syn::delete_clause>) return "Delete";
        else return "Call " + x.procedure;
      },
      cl);
}

table run_clause(context& c, const syn::clause& cl, table rows, std::size_t width) {
  if (const auto* m = std::get_if<syn::match_clause>(&cl)) return run_match(c, *m, std::move(rows));
  if (const auto* u = std::get_if<syn::unwind_clause>(&cl)) return run_unwind(c, *u, std::move(rows));
  if (const auto* p = std::get_if<syn::projection_clause>(&cl)) return run_projection(c, *p, std::move(rows), width);
  if (const auto* ca = std::get_if<syn::call_clause>(&cl)) return run_call(c, *ca, std::move(rows));
  if (!c.writable) fail_compile("SemanticError", "ReadOnly", "a statement run on a const graph cannot write");
  if (const auto* cr = std::get_if<syn::create_clause>(&cl)) run_create(c, *cr, rows);
  else if (const auto* mg = std::get_if<syn::merge_clause>(&cl)) run_merge(c, *mg, rows);
  else if (const auto* st = std::get_if<syn::set_clause>(&cl)) {
    for (auto& r : rows) run_set(c, st->items, r);
  } else if (const auto* rm = std::get_if<syn::remove_clause>(&cl)) run_remove(c, *rm, rows);
  else if (const auto* dl = std::get_if<syn::delete_clause>(&cl)) run_delete(c, *dl, rows);
  return rows;
}

}  // namespace

table run_query(context& c, const syn::single_query& q, std::size_t query_index, table rows) {
  const auto width = static_cast<std::size_t>(c.p.widths.at(query_index));
  for (auto& r : rows) r.resize(width);
  for (const auto& cl : q.clauses) {
    const auto started = std::chrono::steady_clock::now();
    rows = run_clause(c, cl, std::move(rows), width);
    if (c.profile) c.profile->push_back({stage_name(cl), rows.size(), std::chrono::steady_clock::now() - started});
  }
  return rows;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
