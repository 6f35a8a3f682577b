// Names a closed schema does not know, found before a statement runs: labels, relationship
// types and properties, each reported with the nearest known name.
#include "engine.hpp"

#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <cctype>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                        std::tolower(static_cast<unsigned char>(b[j - 1])))});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

template <class Infos>
std::string nearest(std::string_view name, const Infos& infos) {
  std::string best;
  std::size_t best_distance = ~std::size_t{0};
  for (const auto& info : infos)
    if (const auto d = distance(name, info.name); d < best_distance) {
      best_distance = d;
      best = info.name;
    }
  if (best.empty() || best_distance > std::max<std::size_t>(2, name.size() / 3)) return "";
  return "; did you mean " + quote(best) + "?";
}

// Names a closed schema does not know are mistakes: labels, relationship types, and the
// properties read from pattern variables (properties the statement itself writes excepted).
class name_checker {
 public:
  name_checker(const graph& g, const prepared& p) : s_(g.schema()) {
    for (const auto& q : p.statement.queries) written(q);
  }

  void query(const syn::single_query& q) {
    for (const auto& cl : q.clauses) {
      if (const auto* m = std::get_if<syn::match_clause>(&cl)) {
        for (const auto& p : m->patterns) path(p);
        expression(m->where.get());
      } else if (const auto* pr = std::get_if<syn::projection_clause>(&cl)) {
        for (const auto& item : pr->items) expression(item.value.get());
        for (const auto& o : pr->order) expression(o.value.get());
        expression(pr->where.get());
      }
    }
  }

 private:
  void written(const syn::single_query& q) {
    const auto items = [&](const std::vector<syn::set_item>& list) {
      for (const auto& item : list)
        if (item.kind == syn::update_kind::property) written_.push_back(item.target->name);
        else if (item.value && item.value->kind == syn::expr_kind::map)
          written_.insert(written_.end(), item.value->keys.begin(), item.value->keys.end());
    };
    const auto maps = [&](const syn::path_pattern& p) {
      const auto keys = [&](const syn::expr_ptr& m) {
        if (m && m->kind == syn::expr_kind::map) written_.insert(written_.end(), m->keys.begin(), m->keys.end());
      };
      keys(p.start.properties);
      for (const auto& [rel, node] : p.steps) {
        keys(rel.properties);
        keys(node.properties);
      }
    };
    for (const auto& cl : q.clauses) {
      if (const auto* st = std::get_if<syn::set_clause>(&cl)) items(st->items);
      if (const auto* mg = std::get_if<syn::merge_clause>(&cl)) {
        items(mg->on_create);
        items(mg->on_match);
        maps(mg->pattern);
      }
      if (const auto* cr = std::get_if<syn::create_clause>(&cl))
        for (const auto& p : cr->patterns) maps(p);
    }
  }

  [[nodiscard]] bool known_property(const std::string& name) const {
    if (name == "name" || name == "aliases" || name == "id") return true;
    return s_.try_property(name) || std::find(written_.begin(), written_.end(), name) != written_.end();
  }

  [[nodiscard]] std::string nearest_property(const std::string& name) const {
    struct named {
      std::string name;
    };
    std::vector<named> all;
    for (std::size_t i = 0; i < s_.property_count(); ++i) all.push_back({s_.property_name(static_cast<property_id>(i))});
    return nearest(name, all);
  }

  void check_property(const std::string& name) const {
    if (!known_property(name))
      fail_compile("SemanticError", "UnknownProperty", "no type has a property " + quote(name) + nearest_property(name));
  }

  void path(const syn::path_pattern& p) {
    node(p.start);
    for (const auto& [rel, n] : p.steps) {
      for (const auto& t : rel.types)
        if (!s_.try_relation_type(t))
          fail_compile("SemanticError", "UnknownRelationshipType",
                       "unknown relationship type " + quote(t) + nearest(t, s_.relation_types()));
      if (!rel.variable.empty()) variables_.push_back(rel.variable);
      map_keys(rel.properties.get());
      node(n);
    }
  }
  void node(const syn::node_pattern& n) {
    for (const auto& l : n.labels)
      if (!s_.try_entity_type(l))
        fail_compile("SemanticError", "UnknownLabel", "unknown label " + quote(l) + nearest(l, s_.entity_types()));
    if (!n.variable.empty()) variables_.push_back(n.variable);
    map_keys(n.properties.get());
  }
  void map_keys(const syn::expr* m) {
    if (!m || m->kind != syn::expr_kind::map) return;
    for (const auto& k : m->keys) check_property(k);
    for (const auto& a : m->args) expression(a.get());
  }
  void expression(const syn::expr* e) {
    if (!e) return;
    if (e->kind == syn::expr_kind::has_labels)
      for (const auto& l : e->keys)
        if (!s_.try_entity_type(l))
          fail_compile("SemanticError", "UnknownLabel", "unknown label " + quote(l) + nearest(l, s_.entity_types()));
    if (e->kind == syn::expr_kind::property && e->args[0]->kind == syn::expr_kind::variable &&
        std::find(variables_.begin(), variables_.end(), e->args[0]->name) != variables_.end())
      check_property(e->name);
    if (e->path) path(*e->path);
    if (e->subquery) query(*e->subquery);
    for (const auto& a : e->args) expression(a.get());
  }

  const schema& s_;
  std::vector<std::string> variables_, written_;
};

}  // namespace

void check_names(const prepared& p, const graph& g) {
  if (schemas::is_open(g.schema())) return;
  // Generations are unique across graphs, so a stamp that matches means this graph, unchanged.
  if (p.names_checked.load(std::memory_order_acquire) == g.generation()) return;
  name_checker check(g, p);
  for (const auto& q : p.statement.queries) check.query(q);
  p.names_checked.store(g.generation(), std::memory_order_release);
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
