// WITH and RETURN (projection.hpp).
#include "projection.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

std::size_t first_item(const projection_plan& plan, const syn::projection_clause& clause) {
  return plan.item_slots.size() - clause.items.size();
}

void project_row(context& c, const syn::projection_clause& clause, const projection_plan& plan, row& r) {
  const auto first = first_item(plan, clause);
  // Every item reads the row as it came: evaluate all before writing any.
  boost::container::small_vector<value_t, 8> values(clause.items.size());
  for (std::size_t i = 0; i < clause.items.size(); ++i) values[i] = eval(c, *clause.items[i].value, r);
  for (std::size_t i = 0; i < clause.items.size(); ++i)
    r[static_cast<std::size_t>(plan.item_slots[first + i])] = std::move(values[i]);
}

grouping::grouping(context& c, const syn::projection_clause& clause, const projection_plan& plan, std::size_t width)
    : c_(c), clause_(clause), plan_(plan), width_(width), first_(first_item(plan, clause)) {
  for (std::size_t i = 0; i < clause.items.size(); ++i)
    if (plan.item_is_key[first_ + i]) keys_.push_back(i);
}

void grouping::make_group(row representative) {
  group g{std::move(representative), {}};
  for (const auto* a : plan_.aggregates) g.accumulators.emplace_back(*a);
  groups_.push_back(std::move(g));
}

void grouping::add(row& r) {
  c_.tick();
  if (keys_.empty()) {  // one group for all rows: nothing to hash
    if (groups_.empty()) make_group(r);
    for (auto& acc : groups_.front().accumulators) acc.add(c_, r);
    return;
  }
  row key;
  key.reserve(keys_.size());
  for (const auto i : keys_) key.push_back(eval(c_, *clause_.items[i].value, r));
  auto [it, fresh] = index_.try_emplace(key, groups_.size());
  if (fresh) {
    for (std::size_t k = 0; k < keys_.size(); ++k) r[static_cast<std::size_t>(plan_.item_slots[first_ + keys_[k]])] = key[k];
    make_group(r);
  }
  for (auto& acc : groups_[it->second].accumulators) acc.add(c_, r);
}

table grouping::finish() {
  if (groups_.empty() && keys_.empty()) make_group(row(width_));
  table out;
  out.reserve(groups_.size());
  for (auto& g : groups_) {
    auto& r = g.representative;
    for (std::size_t a = 0; a < plan_.aggregates.size(); ++a)
      r[static_cast<std::size_t>(plan_.aggregates[a]->slot)] = g.accumulators[a].result();
    for (std::size_t i = 0; i < clause_.items.size(); ++i)
      if (!plan_.item_is_key[first_ + i])
        r[static_cast<std::size_t>(plan_.item_slots[first_ + i])] = eval(c_, *clause_.items[i].value, r);
    out.push_back(std::move(r));
  }
  groups_.clear();
  index_.clear();
  return out;
}

bool distinct_filter::first_time(const row& r) {
  row key;
  key.reserve(plan_.item_slots.size());
  for (const auto s : plan_.item_slots) key.push_back(r[static_cast<std::size_t>(s)]);
  return seen_.insert(std::move(key)).second;
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

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
