#pragma once
// WITH and RETURN, row by row where they can be: projecting, grouping with aggregates,
// DISTINCT, ORDER BY, SKIP and LIMIT (pipeline.cpp puts them together).

#include "engine.hpp"

#include <unordered_map>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

// Index of the first written item in plan.item_slots (RETURN * items come first).
[[nodiscard]] std::size_t first_item(const projection_plan& plan, const syn::projection_clause& clause);
// Evaluates every item of a projection without aggregates into its slot.
void project_row(context& c, const syn::projection_clause& clause, const projection_plan& plan, row& r);

// The groups of an aggregating projection, fed one row at a time.
class grouping {
 public:
  grouping(context& c, const syn::projection_clause& clause, const projection_plan& plan, std::size_t width);
  void add(row& r);
  [[nodiscard]] table finish();  // one row per group (one row in all when there are no keys)

 private:
  struct group {
    row representative;
    std::vector<accumulator> accumulators;
  };
  void make_group(row representative);

  context& c_;
  const syn::projection_clause& clause_;
  const projection_plan& plan_;
  std::size_t width_, first_;
  std::vector<std::size_t> keys_;
  std::unordered_map<row, std::size_t, row_hash, row_equivalent> index_;
  std::vector<group> groups_;
};

// DISTINCT on the projected columns.
class distinct_filter {
 public:
  explicit distinct_filter(const projection_plan& plan) : plan_(plan) {}
  [[nodiscard]] bool first_time(const row& r);

 private:
  const projection_plan& plan_;
  std::unordered_set<row, row_hash, row_equivalent> seen_;
};

void sort_rows(context& c, const syn::projection_clause& clause, table& rows);
// SKIP and LIMIT: a non-negative integer, from a literal or a parameter.
[[nodiscard]] std::size_t row_count(context& c, const syn::expr* e, std::string_view what);

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
