// EXPLAIN: the plan a statement runs, one stage a line, with its patterns written out, where
// each match starts (a bound node, a node found by id, or a scan), and the rewrite chosen.
#include "engine.hpp"
#include "fluent.hpp"

#include <string>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

std::string names(const std::vector<std::string>& list, const char* sep) {
  std::string out;
  for (const auto& n : list) out += (out.empty() ? "" : sep) + n;
  return out;
}

std::string map_keys(const syn::expr_ptr& m) {
  if (!m) return "";
  if (m->kind != syn::expr_kind::map) return " {$...}";
  return " {" + names(m->keys, ", ") + "}";
}

std::string node_text(const syn::node_pattern& n) {
  return "(" + n.variable + (n.labels.empty() ? "" : ":" + names(n.labels, ":")) + map_keys(n.properties) + ")";
}

std::string relationship_text(const syn::relationship_pattern& r) {
  std::string inner = r.variable + (r.types.empty() ? "" : ":" + names(r.types, "|"));
  if (r.variable_length)
    inner += "*" + (r.min ? std::to_string(*r.min) : "") + ".." + (r.max ? std::to_string(*r.max) : "");
  inner += map_keys(r.properties);
  const auto body = inner.empty() ? std::string("-") : "-[" + inner + "]-";
  return r.direction == syn::arrow::left ? "<" + body : r.direction == syn::arrow::right ? body + ">" : body;
}

// Where the matcher starts a path (match.cpp's choice, written before it runs).
std::string anchor(const syn::path_pattern& p) {
  const auto at = [&](std::size_t k) -> const syn::node_pattern& { return k == 0 ? p.start : p.steps[k - 1].second; };
  for (std::size_t k = 0; k <= p.steps.size(); ++k)
    if (at(k).bound_before) return "from bound " + (at(k).variable.empty() ? "node" : at(k).variable);
  for (std::size_t k = 0; k <= p.steps.size(); ++k)
    if (at(k).properties && at(k).properties->kind == syn::expr_kind::map)
      for (const auto& key : at(k).properties->keys)
        if (key == "id") return "from " + (at(k).variable.empty() ? "node" : at(k).variable) + " by id";
  return p.start.labels.empty() ? "scan all nodes" : "scan :" + p.start.labels.front();
}

std::string path_text(const syn::path_pattern& p) {
  std::string out = p.variable.empty() ? "" : p.variable + " = ";
  if (!p.function.empty()) out += p.function + "(";
  out += node_text(p.start);
  for (const auto& [rel, node] : p.steps) out += relationship_text(rel) + node_text(node);
  if (!p.function.empty()) out += ")";
  return out + " [" + anchor(p) + "]";
}

std::string patterns_text(const std::vector<syn::path_pattern>& patterns) {
  std::string out;
  for (const auto& p : patterns) out += (out.empty() ? " " : ", ") + path_text(p);
  return out;
}

std::string items_text(const syn::projection_clause& x) {
  std::string out = x.star ? "*" : "";
  for (const auto& item : x.items) out += (out.empty() ? "" : ", ") + item.text + (item.alias.empty() ? "" : " AS " + item.alias);
  return out;
}

std::string clause_text(const prepared& p, const syn::clause& cl) {
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, syn::match_clause>)
          return std::string(x.optional ? "OptionalMatch" : "Match") + (x.path_mode.empty() ? "" : " " + x.path_mode) +
                 patterns_text(x.patterns) + (x.where ? " filter" : "");
        else if constexpr (std::is_same_v<T, syn::projection_clause>) {
          const auto& plan = p.projections.at(&x);
          return std::string(x.is_return ? "Return" : "With") + (x.distinct ? " distinct" : "") + " " + items_text(x) +
                 (plan.aggregating ? " (grouped, " + std::to_string(plan.aggregates.size()) + " aggregates)" : "") +
                 (x.order.empty() ? "" : " sort") + (x.skip ? " skip" : "") + (x.limit ? " limit" : "") +
                 (x.where ? " filter" : "");
        } else if constexpr (std::is_same_v<T, syn::unwind_clause>) return "Unwind AS " + x.variable;
        else if constexpr (std::is_same_v<T, syn::create_clause>) return "Create" + patterns_text(x.patterns);
        else if constexpr (std::is_same_v<T, syn::merge_clause>) return "Merge " + path_text(x.pattern);
        else if constexpr (std::is_same_v<T, syn::set_clause>) return "Set " + std::to_string(x.items.size()) + " items";
        else if constexpr (std::is_same_v<T, syn::remove_clause>) return "Remove " + std::to_string(x.items.size()) + " items";
        else if constexpr (std::is_same_v<T, syn::delete_clause>) return x.detach ? "DetachDelete" : "Delete";
        else return "Call " + x.procedure;
      },
      cl);
}

}  // namespace

std::string plan_text(const prepared& p) {
  std::string out = p.fluent ? describe_fluent(*p.fluent) : std::string();
  for (std::size_t i = 0; i < p.statement.queries.size(); ++i) {
    if (i > 0) out += p.statement.union_all[i - 1] ? "UnionAll\n" : "Union\n";
    for (const auto& cl : p.statement.queries[i].clauses) out += clause_text(p, cl) + "\n";
  }
  return out;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
