// The write clauses: CREATE, MERGE, SET, REMOVE, DELETE. Every change is checked by the store
// as it is made and logs its inverse, so that a failing statement is rolled back whole.
// Deletions wait for the end of the statement (finish_writes): until then the deleted
// elements are hidden from matching, and a node still connected is refused before anything
// is removed.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

graph& target(context& c) { return *c.writable; }

// ---- labels to types ----

entity_type_id open_label(graph& g, const std::string& label) {
  if (const auto t = g.schema().try_entity_type(label)) return *t;
  return g.declare_entity_type(label, {.open = true});
}

// On the open schema: the type for exactly these labels, declared when new.
entity_type_id open_type_for(graph& g, std::set<std::string> labels) {
  if (labels.empty()) return g.schema().entity_type(schemas::open_node_type);
  if (labels.size() == 1) return open_label(g, *labels.begin());
  std::string name;
  std::vector<std::string> parents;
  for (const auto& l : labels) {
    (void)open_label(g, l);
    name += (name.empty() ? "" : ":") + l;
    parents.push_back(l);
  }
  if (const auto t = g.schema().try_entity_type(name)) return *t;
  return g.declare_entity_type(name, {.parents = parents, .open = true});
}

// On a closed schema the labels must name one type, or a type and some of its ancestors.
entity_type_id closed_type_for(const graph& g, const std::set<std::string>& labels) {
  if (labels.empty()) fail_runtime("SemanticError", "MissingLabel", "a node on this schema needs a label (its type)");
  std::optional<entity_type_id> most;
  for (const auto& l : labels) {
    const auto t = g.schema().try_entity_type(l);
    if (!t) fail_compile("SemanticError", "UnknownLabel", "unknown label " + quote(l));
    if (!most || g.schema().is_a(*t, *most)) most = *t;
  }
  for (const auto& l : labels)
    if (!g.schema().is_a(*most, g.schema().entity_type(l)))
      fail_runtime("SemanticError", "IncompatibleLabels", "labels " + quote(l) + " and " +
                                                              quote(g.schema().name(*most)) + " are not one type");
  return *most;
}

entity_type_id type_for(context& c, const std::set<std::string>& labels) {
  auto& g = target(c);
  return schemas::is_open(g.schema()) ? open_type_for(g, labels) : closed_type_for(g, labels);
}

relation_type_id relationship_type(context& c, const std::string& name) {
  auto& g = target(c);
  if (const auto t = g.schema().try_relation_type(name)) return *t;
  if (!schemas::is_open(g.schema())) fail_compile("SemanticError", "UnknownRelationshipType", "unknown relationship type " + quote(name));
  return g.declare_relation_type(name, {.open = true});
}

void forget_masks(context& c) {
  c.entity_masks.clear();
  c.relation_masks.clear();
}

// ---- properties ----

value_t::map_type property_map(context& c, const syn::expr* e, row& r) {
  if (!e) return {};
  const auto v = eval(c, *e, r);
  if (v.type() != kind::map) type_error("properties must be a map, got " + describe(v));
  return v.as_map();
}

std::vector<property_input> property_inputs(const value_t::map_type& m) {
  std::vector<property_input> out;
  for (const auto& [k, v] : m)
    if (!v.is_null()) out.push_back({k, v.to_value()});
  return out;
}

entity_id create_node(context& c, const syn::node_pattern& n, row& r) {
  c.tick();  // one CREATE of many patterns makes many elements per row: each is a visit
  auto& g = target(c);
  const std::set<std::string> labels(n.labels.begin(), n.labels.end());
  const auto type = type_for(c, labels);
  auto props = property_map(c, n.properties.get(), r);
  std::string name;
  entity_options options;
  if (names_are_fields(g)) {
    if (const auto it = props.find("name"); it != props.end()) {
      if (it->second.type() != kind::string) type_error("a name must be a string, got " + describe(it->second));
      name = it->second.as_string();
      props.erase(it);
    }
  }
  options.properties = property_inputs(props);
  const auto id = g.add(type, name, std::move(options));
  c.undo->steps.push_back([id](graph& h) { h.remove(id); });
  forget_masks(c);
  c.counters.nodes_created++;
  c.counters.labels_added += labels.size();
  c.counters.properties_set += props.size() + (name.empty() ? 0 : 1);
  return id;
}

relation_id create_relationship(context& c, const syn::relationship_pattern& rp, entity_id left, entity_id right,
                                row& r) {
  c.tick();
  auto& g = target(c);
  const auto type = relationship_type(c, rp.types.front());
  const auto props = property_map(c, rp.properties.get(), r);
  relation_options options{.properties = property_inputs(props), .on_repeat = repeat_policy::parallel};
  const bool forward = rp.direction != syn::arrow::left;  // MERGE (a)-[:T]-(b) creates a -> b
  const auto id = g.relate(forward ? left : right, type, forward ? right : left, std::move(options));
  c.undo->steps.push_back([id](graph& h) { h.remove(id); });
  forget_masks(c);
  c.counters.relationships_created++;
  c.counters.properties_set += property_inputs(props).size();
  return id;
}

entity_id node_in(context& c, const syn::node_pattern& n, row& r, std::vector<char>& made) {
  const auto s = static_cast<std::size_t>(c.p.slot(&n));
  if (n.bound_before || made[s]) {
    const auto& v = r[s];
    if (v.type() != kind::node)
      fail_runtime("SemanticError", "CreateOnNull", "cannot create a relationship to " + describe(v));
    return v.as_node();
  }
  const auto id = create_node(c, n, r);
  r[s] = value_t::node(id);
  made[s] = 1;
  return id;
}

void create_path(context& c, const syn::path_pattern& p, row& r, std::vector<char>& made) {
  value_t::path_type path;
  auto left = node_in(c, p.start, r, made);
  path.nodes.push_back(left);
  for (const auto& [rel, node] : p.steps) {
    const auto right = node_in(c, node, r, made);
    const auto id = create_relationship(c, rel, left, right, r);
    r[static_cast<std::size_t>(c.p.slot(&rel))] = value_t::relationship(id);
    path.relationships.push_back(id);
    path.nodes.push_back(right);
    left = right;
  }
  if (!p.variable.empty()) r[static_cast<std::size_t>(c.p.slot(&p))] = std::move(path);
}

// ---- SET and REMOVE on one element ----

struct element {
  std::optional<entity_id> node;
  std::optional<relation_id> relationship;
};

element element_of(const value_t& v, std::string_view clause) {
  if (v.type() == kind::node) return {v.as_node(), std::nullopt};
  if (v.type() == kind::relationship) return {std::nullopt, v.as_relationship()};
  type_error(std::string(clause) + " needs a node or a relationship, got " + describe(v));
}

void remember_node_property(context& c, entity_id e, const std::string& key) {
  auto& g = target(c);
  if (names_are_fields(g) && key == "name") {
    const auto old = g.get(e).name();
    c.undo->steps.push_back([e, old](graph& h) { h.rename(e, old); });
    return;
  }
  std::vector<std::pair<value, evidence>> old;
  for (const auto& s : g.get(e).statements(key)) old.emplace_back(s.val, s.ev);
  c.undo->steps.push_back([e, key, old](graph& h) {
    if (h.schema().try_property(key)) h.unset(e, key);
    for (const auto& [v, ev] : old) h.add_value(e, key, v, ev);
  });
}

void remember_relationship_property(context& c, relation_id rel, const std::string& key) {
  const auto* v = target(c).get(rel).property(key);
  std::optional<value> old = v ? std::optional<value>(*v) : std::nullopt;
  c.undo->steps.push_back([rel, key, old](graph& h) {
    if (old) h.set(rel, key, *old);
    else if (h.schema().try_property(key) && h.get(rel).property(key)) h.unset(rel, key);
  });
}

void set_property(context& c, const element& el, const std::string& key, const value_t& v) {
  auto& g = target(c);
  if (el.node) {
    const auto e = *el.node;
    if (c.deleted_nodes.contains(to_index(e))) return;
    remember_node_property(c, e, key);
    if (names_are_fields(g) && key == "name") {
      if (!v.is_null() && v.type() != kind::string) type_error("a name must be a string, got " + describe(v));
      g.rename(e, v.is_null() ? std::string() : v.as_string());
    } else if (v.is_null()) {
      if (g.schema().try_property(key)) g.unset(e, key);
    } else {
      g.set(e, key, v.to_value());
    }
  } else {
    const auto rel = *el.relationship;
    if (c.deleted_relationships.contains(to_index(rel))) return;
    remember_relationship_property(c, rel, key);
    if (v.is_null()) {
      if (g.schema().try_property(key) && g.get(rel).property(key)) g.unset(rel, key);
    } else {
      g.set(rel, key, v.to_value());
    }
  }
  forget_masks(c);
  if (!v.is_null()) c.counters.properties_set++;
}

value_t::map_type current_properties(context& c, const element& el) {
  return el.node ? node_properties(c.g, *el.node) : relationship_properties(c.g, *el.relationship);
}

void set_map(context& c, const element& el, const value_t& source, bool replace) {
  value_t::map_type m;
  if (source.type() == kind::map) m = source.as_map();
  else if (source.type() == kind::node) m = node_properties(c.g, source.as_node());
  else if (source.type() == kind::relationship) m = relationship_properties(c.g, source.as_relationship());
  else if (!source.is_null()) type_error("SET = needs a map, got " + describe(source));
  if (replace)
    for (const auto& [k, v] : current_properties(c, el))
      if (!m.contains(k)) set_property(c, el, k, value_t());
  for (const auto& [k, v] : m) set_property(c, el, k, v);
}

void change_labels(context& c, entity_id e, const std::vector<std::string>& labels, bool add) {
  auto& g = target(c);
  const auto before = labels_of(g, e);
  std::set<std::string> now(before.begin(), before.end());
  std::size_t changed = 0;
  for (const auto& l : labels) changed += add ? now.insert(l).second : now.erase(l);
  if (changed == 0) return;
  const auto old_type = g.get(e).type();
  entity_type_id type;
  if (schemas::is_open(g.schema())) type = open_type_for(g, now);
  else if (add) type = closed_type_for(g, now);
  else fail_runtime("SemanticError", "RemoveLabel", "a node on this schema keeps its type; REMOVE cannot take it away");
  g.retype(e, type);
  c.undo->steps.push_back([e, old_type](graph& h) { h.retype(e, old_type); });
  forget_masks(c);
  (add ? c.counters.labels_added : c.counters.labels_removed) += changed;
}

}  // namespace

void run_create(context& c, const syn::create_clause& clause, table& rows) {
  for (auto& r : rows) {
    c.tick();
    std::vector<char> made(r.size(), 0);
    for (const auto& p : clause.patterns) create_path(c, p, r, made);
  }
}

void run_set(context& c, const std::vector<syn::set_item>& items, row& r) {
  for (const auto& item : items) {
    c.tick();
    if (item.kind == syn::update_kind::property) {
      const auto base = eval(c, *item.target->args[0], r);
      if (base.is_null()) continue;
      const auto v = eval(c, *item.value, r);
      set_property(c, element_of(base, "SET"), item.target->name, v);
      continue;
    }
    const auto base = eval(c, *item.target, r);
    if (base.is_null()) continue;
    if (item.kind == syn::update_kind::labels) {
      if (base.type() != kind::node) type_error("SET :Label needs a node, got " + describe(base));
      change_labels(c, base.as_node(), item.labels, true);
      continue;
    }
    const auto v = eval(c, *item.value, r);
    set_map(c, element_of(base, "SET"), v, item.kind == syn::update_kind::replace_properties);
  }
}

void run_remove(context& c, const syn::remove_clause& clause, table& rows) {
  for (auto& r : rows)
    for (const auto& item : clause.items) {
      c.tick();
      if (item.kind == syn::update_kind::property) {
        const auto base = eval(c, *item.target->args[0], r);
        if (base.is_null()) continue;
        const auto el = element_of(base, "REMOVE");
        const bool had = !(el.node ? node_property(c.g, *el.node, item.target->name)
                                   : relationship_property(c.g, *el.relationship, item.target->name))
                              .is_null();
        if (!had) continue;
        set_property(c, el, item.target->name, value_t());
        continue;
      }
      const auto base = eval(c, *item.target, r);
      if (base.is_null()) continue;
      if (base.type() != kind::node) type_error("REMOVE :Label needs a node, got " + describe(base));
      change_labels(c, base.as_node(), item.labels, false);
    }
}

void run_merge(context& c, const syn::merge_clause& clause, table& rows) {
  const std::vector<const syn::path_pattern*> patterns{&clause.pattern};
  table out;
  for (auto& r : rows) {
    c.tick();
    table matched;
    row probe = r;
    match_patterns(c, patterns, "", probe, [&](row& m) {
      matched.push_back(m);
      return true;
    });
    if (matched.empty()) {
      std::vector<char> made(r.size(), 0);
      create_path(c, clause.pattern, r, made);
      run_set(c, clause.on_create, r);
      out.push_back(std::move(r));
      continue;
    }
    for (auto& m : matched) {
      run_set(c, clause.on_match, m);
      out.push_back(std::move(m));
    }
  }
  rows = std::move(out);
}

namespace {

void mark_deleted(context& c, const value_t& v, bool detach) {
  switch (v.type()) {
    case kind::null: return;
    case kind::node: {
      const auto e = v.as_node();
      if (!c.g.contains(e)) return;
      if (c.g.is_source(e))
        fail_runtime("ConstraintVerificationFailed", "DeleteSource", "a source is evidence: Cypher does not delete it");
      c.deleted_nodes.insert(to_index(e));
      if (detach)
        for (const auto rel : c.g.relations(e)) c.deleted_relationships.insert(to_index(rel));
      return;
    }
    case kind::relationship: c.deleted_relationships.insert(to_index(v.as_relationship())); return;
    case kind::path:
      for (const auto rel : v.as_path().relationships) c.deleted_relationships.insert(to_index(rel));
      for (const auto n : v.as_path().nodes) mark_deleted(c, value_t::node(n), detach);
      return;
    case kind::list:
      for (const auto& item : v.as_list()) mark_deleted(c, item, detach);
      return;
    default: type_error("DELETE needs a node, relationship or path, got " + describe(v));
  }
}

}  // namespace

void run_delete(context& c, const syn::delete_clause& clause, table& rows) {
  for (auto& r : rows)
    for (const auto& t : clause.targets) {
      c.tick();
      mark_deleted(c, eval(c, *t, r), clause.detach);
    }
}

void finish_writes(context& c) {
  if (c.deleted_nodes.empty() && c.deleted_relationships.empty()) return;
  auto& g = target(c);
  for (const auto n : c.deleted_nodes)
    for (const auto rel : g.relations(static_cast<entity_id>(n)))
      if (!c.deleted_relationships.contains(to_index(rel)))
        fail_runtime("ConstraintVerificationFailed", "DeleteConnectedNode",
                     "node " + std::to_string(n) + " still has relationships: use DETACH DELETE");
  // Checked: removing can no longer fail.
  for (const auto rel : c.deleted_relationships)
    if (g.contains(static_cast<relation_id>(rel))) {
      g.remove(static_cast<relation_id>(rel));
      c.counters.relationships_deleted++;
    }
  for (const auto n : c.deleted_nodes)
    if (g.contains(static_cast<entity_id>(n))) {
      g.remove(static_cast<entity_id>(n));
      c.counters.nodes_deleted++;
    }
}

void rollback(context& c) {
  if (!c.undo || !c.writable) return;
  for (auto it = c.undo->steps.rbegin(); it != c.undo->steps.rend(); ++it) (*it)(*c.writable);
  c.undo->steps.clear();
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
