// Preparing a statement: every variable gets a slot, scopes decide what each clause sees, and
// the mistakes a statement shows without a graph are reported before it runs.
#include "checks.hpp"
#include "engine.hpp"
#include "fluent.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>
#include <cctype>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

// What a variable is known to hold before the statement runs (nullopt: not known).
using var_kind = std::optional<kind>;

struct binding {
  std::string name;
  int slot;
  var_kind kind;
};

using scope = std::vector<binding>;

const binding* find(const scope& s, std::string_view name) {
  for (auto it = s.rbegin(); it != s.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

type_lookup lookup(const scope& s) {
  return [&s](const std::string& name) -> std::optional<kind> {
    const auto* b = find(s, name);
    return b ? b->kind : std::nullopt;
  };
}

// The kind of every element of a literal list, when they all have the same one.
std::optional<kind> element_type(const syn::expr* list, const type_lookup& variable) {
  if (!list || list->kind != syn::expr_kind::list || list->args.empty()) return std::nullopt;
  const auto first = static_type(*list->args[0], variable);
  for (const auto& a : list->args)
    if (static_type(*a, variable) != first) return std::nullopt;
  return first == kind::null ? std::nullopt : first;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}


// Where an expression may appear decides whether aggregates are allowed in it.
struct expr_place {
  projection_plan* projection = nullptr;  // aggregates allowed and collected here
  bool in_aggregate = false;
};

class compiler {
 public:
  explicit compiler(prepared& p) : p_(p) {}

  scope query(const syn::single_query& q, scope s, bool top_level);
  [[nodiscard]] int slots() const { return next_; }

 private:
  int fresh() { return next_++; }
  void expression(const syn::expr* e, scope& s, expr_place place = {});
  void call(const syn::expr& e, scope& s, expr_place place);
  void nested(const syn::expr& e, scope s, expr_place place);
  void pattern_elements(const syn::path_pattern& path, scope& s, const scope& before, bool creating,
                        bool may_introduce);
  void pattern_node(const syn::node_pattern& n, scope& s, const scope& before, bool creating, bool may_introduce);
  void pattern_relationship(const syn::relationship_pattern& r, scope& s, const scope& before, bool creating,
                            bool may_introduce);
  void pattern_maps(const syn::path_pattern& path, scope& s);
  void declare(scope& s, const std::string& name, int slot, var_kind kind);
  scope projection(const syn::projection_clause& c, scope s, bool last);
  void match(const syn::match_clause& m, scope& s);
  void unwind(const syn::unwind_clause& u, scope& s);
  void create(const syn::create_clause& cr, scope& s);
  void merge(const syn::merge_clause& mg, scope& s);
  void delete_targets(const syn::delete_clause& dl, scope& s);
  void call_procedure(const syn::call_clause& ca, scope& s, bool last, bool alone);
  void set_items(const std::vector<syn::set_item>& items, scope& s);
  void check_create(const syn::path_pattern& path, bool needs_direction);
  void substitute_items(const syn::expr& e, const syn::projection_clause& c, const projection_plan& plan);
  void no_parameter_maps(const syn::path_pattern& path);

  prepared& p_;
  int next_ = 0;
};

void compiler::declare(scope& s, const std::string& name, int slot, var_kind kind) {
  if (!name.empty()) s.push_back({name, slot, kind});
}

void compiler::expression(const syn::expr* e, scope& s, expr_place place) {
  if (!e) return;
  using K = syn::expr_kind;
  if (e->column >= 0) return;  // read from the projected column
  check_operands(*e, lookup(s));
  switch (e->kind) {
    case K::variable: {
      const auto* b = find(s, e->name);
      if (!b) fail_compile("SyntaxError", "UndefinedVariable", "variable " + quote(e->name) + " is not defined");
      e->slot = b->slot;
      return;
    }
    case K::call: return call(*e, s, place);
    case K::comprehension:
    case K::quantifier: {
      expression(e->args.empty() ? nullptr : e->args[0].get(), s, place);
      return nested(*e, s, place);
    }
    case K::pattern: {
      scope inner = s;
      pattern_elements(*e->path, inner, s, false, false);
      pattern_maps(*e->path, inner);
      e->slot = 0;
      return;
    }
    case K::pattern_comprehension: {
      scope inner = s;
      pattern_elements(*e->path, inner, s, false, true);
      pattern_maps(*e->path, inner);
      for (const auto& a : e->args) expression(a.get(), inner, place);
      return;
    }
    case K::exists_subquery: {
      (void)query(*e->subquery, s, false);
      return;
    }
    case K::reduce: {
      expression(e->args[0].get(), s, place);
      expression(e->args[1].get(), s, place);
      scope inner = s;
      e->slot = fresh();  // the accumulator; the element is the slot after it
      (void)fresh();
      declare(inner, e->variable, e->slot, std::nullopt);
      declare(inner, e->keys[0], e->slot + 1, element_type(e->args[1].get(), lookup(s)));
      expression(e->args[2].get(), inner);
      return;
    }
    default:
      for (const auto& a : e->args) expression(a.get(), s, place);
  }
}

void compiler::nested(const syn::expr& e, scope s, expr_place place) {
  const int slot = fresh();
  e.slot = slot;
  declare(s, e.variable, slot, element_type(e.args.empty() ? nullptr : e.args[0].get(), lookup(s)));
  (void)place;  // an aggregate inside a comprehension or quantifier has no group to count
  for (std::size_t i = 1; i < e.args.size(); ++i) expression(e.args[i].get(), s);
}

void compiler::call(const syn::expr& e, scope& s, expr_place place) {
  const auto name = lower(e.name);
  if (is_aggregate(name)) {
    if (!place.projection)
      fail_compile("SyntaxError", "InvalidAggregation", "aggregate " + e.name + "() is not allowed here");
    if (place.in_aggregate)
      fail_compile("SyntaxError", "NestedAggregation", "aggregate " + e.name + "() inside another aggregate");
    place.projection->aggregating = true;
    place.projection->aggregates.push_back(&e);
    e.slot = fresh();
    place.in_aggregate = true;
  } else if (const auto* f = find_function(name)) {
    if (e.args.size() < f->min_args || e.args.size() > f->max_args)
      fail_compile("SyntaxError", "InvalidNumberOfArguments",
                   e.name + "() takes " + std::to_string(f->min_args) +
                       (f->max_args == f->min_args ? "" : " to " + std::to_string(f->max_args)) + " arguments, not " +
                       std::to_string(e.args.size()));
  } else {
    fail_compile("SyntaxError", "UnknownFunction", "unknown function " + quote(e.name));
  }
  for (const auto& a : e.args) expression(a.get(), s, place);
}

void compiler::pattern_node(const syn::node_pattern& n, scope& s, const scope& before, bool creating,
                            bool may_introduce) {
  if (const auto* b = n.variable.empty() ? nullptr : find(s, n.variable)) {
    if (b->kind && *b->kind != kind::node && *b->kind != kind::null)
      fail_compile("SyntaxError", "VariableTypeConflict", quote(n.variable) + " is not a node");
    const bool earlier = find(before, n.variable) != nullptr;
    if (creating && (!n.labels.empty() || n.properties))
      fail_compile("SyntaxError", "VariableAlreadyBound", "node " + quote(n.variable) + " is already bound");
    n.slot = b->slot;
    n.bound_before = earlier;
    return;
  }
  if (!n.variable.empty() && !may_introduce)
    fail_compile("SyntaxError", "UndefinedVariable", "variable " + quote(n.variable) + " is not defined");
  const int slot = fresh();
  n.slot = slot;
  declare(s, n.variable, slot, kind::node);
}

void compiler::pattern_relationship(const syn::relationship_pattern& r, scope& s, const scope& before, bool creating,
                                    bool may_introduce) {
  if (const auto* b = r.variable.empty() ? nullptr : find(s, r.variable)) {
    const auto list_ok = r.variable_length ? kind::list : kind::relationship;
    if (b->kind && *b->kind != kind::relationship && *b->kind != list_ok && *b->kind != kind::null)
      fail_compile("SyntaxError", "VariableTypeConflict", quote(r.variable) + " is not a relationship");
    if (creating)
      fail_compile("SyntaxError", "VariableAlreadyBound", "relationship " + quote(r.variable) + " is already bound");
    if (!find(before, r.variable))
      fail_compile("SyntaxError", "RelationshipUniquenessViolation",
                   "relationship " + quote(r.variable) + " appears twice in one pattern");
    r.slot = b->slot;
    r.bound_before = true;
    return;
  }
  if (!r.variable.empty() && !may_introduce)
    fail_compile("SyntaxError", "UndefinedVariable", "variable " + quote(r.variable) + " is not defined");
  const int slot = fresh();
  r.slot = slot;
  declare(s, r.variable, slot, r.variable_length ? kind::list : kind::relationship);  // *: a list of them
}

void compiler::pattern_elements(const syn::path_pattern& path, scope& s, const scope& before, bool creating,
                                bool may_introduce) {
  pattern_node(path.start, s, before, creating, may_introduce);
  for (const auto& [rel, node] : path.steps) {
    pattern_relationship(rel, s, before, creating, may_introduce);
    pattern_node(node, s, before, creating, may_introduce);
  }
  if (!path.variable.empty()) {
    if (find(s, path.variable))
      fail_compile("SyntaxError", "VariableAlreadyBound", "path " + quote(path.variable) + " is already bound");
    const int slot = fresh();
    path.slot = slot;
    declare(s, path.variable, slot, kind::path);
  }
}

void compiler::pattern_maps(const syn::path_pattern& path, scope& s) {
  expression(path.start.properties.get(), s);
  for (const auto& [rel, node] : path.steps) {
    expression(rel.properties.get(), s);
    expression(node.properties.get(), s);
  }
}

void compiler::check_create(const syn::path_pattern& path, bool needs_direction) {
  for (const auto& [rel, node] : path.steps) {
    if (rel.types.size() != 1)
      fail_compile("SyntaxError", "NoSingleRelationshipType", "a created relationship needs exactly one type");
    if (needs_direction && rel.direction == syn::arrow::either)
      fail_compile("SyntaxError", "RequiresDirectedRelationship", "a created relationship needs a direction");
    if (rel.variable_length)
      fail_compile("SyntaxError", "CreatingVarLength", "a created relationship cannot have a variable length");
    (void)node;
  }
}

// MATCH (n $map) and MERGE (n $map) are not Cypher: a parameter cannot stand for a pattern's map.
void compiler::no_parameter_maps(const syn::path_pattern& path) {
  const auto check = [](const syn::expr_ptr& m) {
    if (m && m->kind == syn::expr_kind::parameter)
      fail_compile("SyntaxError", "InvalidParameterUse", "a parameter cannot be a pattern's properties here");
  };
  check(path.start.properties);
  for (const auto& [rel, node] : path.steps) {
    check(rel.properties);
    check(node.properties);
  }
}

void compiler::set_items(const std::vector<syn::set_item>& items, scope& s) {
  for (const auto& item : items) {
    if (item.value && item.value->kind == syn::expr_kind::pattern)
      fail_compile("SyntaxError", "UnexpectedSyntax", "a pattern is a predicate, not a value to SET");
    expression(item.target.get(), s);
    expression(item.value.get(), s);
  }
}

void compiler::substitute_items(const syn::expr& e, const syn::projection_clause& c, const projection_plan& plan) {
  const auto first = plan.item_slots.size() - c.items.size();
  for (std::size_t i = 0; i < c.items.size(); ++i)
    if (e.kind != syn::expr_kind::variable && same_expression(e, *c.items[i].value)) {
      e.column = plan.item_slots[first + i];
      return;
    }
  for (const auto& a : e.args)
    if (a) substitute_items(*a, c, plan);
}

std::string column_name(const syn::projection_item& item) {
  if (!item.alias.empty()) return item.alias;
  if (item.value && item.value->kind == syn::expr_kind::variable) return item.value->name;
  return item.text;
}

scope compiler::projection(const syn::projection_clause& c, scope s, bool last) {
  auto& plan = p_.projections[&c];
  scope out;
  if (c.star) {
    std::vector<binding> visible;
    for (const auto& b : s)
      if (!find(visible, b.name)) visible.push_back(*find(s, b.name));
    std::sort(visible.begin(), visible.end(), [](const binding& a, const binding& b) { return a.name < b.name; });
    for (const auto& b : visible) {
      out.push_back(b);
      plan.item_slots.push_back(b.slot);
      plan.names.push_back(b.name);
      plan.item_is_key.push_back(true);
    }
    if (c.is_return && visible.empty() && c.items.empty())
      fail_compile("SyntaxError", "NoVariablesInScope", "RETURN * has no variables in scope");
  }
  for (const auto& item : c.items) {
    if (item.value->kind == syn::expr_kind::pattern)
      fail_compile("SyntaxError", "UnexpectedSyntax", "a pattern is a predicate, not a value: use EXISTS or a comprehension");
    const auto before = plan.aggregates.size();
    expression(item.value.get(), s, {.projection = &plan});
    if (!c.is_return && item.alias.empty() && item.value->kind != syn::expr_kind::variable)
      fail_compile("SyntaxError", "NoExpressionAlias", "WITH " + quote(item.text) + " needs an alias (AS name)");
    const auto name = column_name(item);
    if (std::find(plan.names.begin(), plan.names.end(), name) != plan.names.end())
      fail_compile("SyntaxError", "ColumnNameConflict", "column " + quote(name) + " is projected twice");
    const auto* b = item.value->kind == syn::expr_kind::variable ? find(s, item.value->name) : nullptr;
    const int slot = fresh();
    plan.item_slots.push_back(slot);
    plan.names.push_back(name);
    plan.item_is_key.push_back(plan.aggregates.size() == before);
    out.push_back({name, slot, b ? b->kind : static_type(*item.value, lookup(s))});
  }
  // ORDER BY sees the projected names and, unless the rows were grouped or made distinct,
  // the variables before them too.
  scope order_scope = (plan.aggregating || c.distinct) ? scope{} : s;
  order_scope.insert(order_scope.end(), out.begin(), out.end());
  // After grouping or DISTINCT, an ORDER BY expression that is a projected item reads its column.
  for (const auto& o : c.order) {
    if (plan.aggregating) check_order_grouping(*o.value, c, plan);
    if (plan.aggregating || c.distinct) substitute_items(*o.value, c, plan);
  }
  for (const auto& o : c.order) expression(o.value.get(), order_scope, {.projection = plan.aggregating ? &plan : nullptr});
  check_grouping(c, plan);
  for (const auto* bound : {c.skip.get(), c.limit.get()}) {
    if (!bound) continue;
    if (mentions_variable(*bound))
      fail_compile("SyntaxError", "NonConstantExpression", "SKIP and LIMIT take constants or parameters");
    scope constants;
    expression(bound, constants);
  }
  // WITH ... WHERE sees the variables before the projection too, unless the rows were grouped.
  scope where_scope = plan.aggregating ? scope{} : s;
  where_scope.insert(where_scope.end(), out.begin(), out.end());
  expression(c.where.get(), where_scope);
  if (last && c.is_return) p_.columns = plan.names;
  return out;
}

void compiler::match(const syn::match_clause& m, scope& s) {
  const scope before = s;
  for (const auto& path : m.patterns) {
    pattern_elements(path, s, before, false, true);
    no_parameter_maps(path);
  }
  for (const auto& path : m.patterns) pattern_maps(path, s);
  expression(m.where.get(), s);
}

void compiler::unwind(const syn::unwind_clause& u, scope& s) {
  expression(u.list.get(), s);
  if (find(s, u.variable))
    fail_compile("SyntaxError", "VariableAlreadyBound", "variable " + quote(u.variable) + " is already bound");
  u.slot = fresh();
  declare(s, u.variable, u.slot, std::nullopt);
}

// CREATE (n) and MERGE (n) of a node already bound would make nothing new.
void no_lone_bound_node(const syn::path_pattern& path, const scope& before) {
  if (path.steps.empty() && !path.start.variable.empty() && find(before, path.start.variable))
    fail_compile("SyntaxError", "VariableAlreadyBound", "node " + quote(path.start.variable) + " is already bound");
}

void compiler::create(const syn::create_clause& cr, scope& s) {
  p_.writes = true;
  const scope before = s;
  for (const auto& path : cr.patterns) {
    no_lone_bound_node(path, before);
    pattern_elements(path, s, before, true, true);
    check_create(path, true);
  }
  for (const auto& path : cr.patterns) pattern_maps(path, s);
}

void compiler::merge(const syn::merge_clause& mg, scope& s) {
  p_.writes = true;
  const scope before = s;
  no_lone_bound_node(mg.pattern, before);
  pattern_elements(mg.pattern, s, before, true, true);
  check_create(mg.pattern, false);
  no_parameter_maps(mg.pattern);
  pattern_maps(mg.pattern, s);
  set_items(mg.on_create, s);
  set_items(mg.on_match, s);
}

void compiler::delete_targets(const syn::delete_clause& dl, scope& s) {
  p_.writes = true;
  for (const auto& t : dl.targets) {
    if (t->kind == syn::expr_kind::has_labels)
      fail_compile("SyntaxError", "InvalidDelete", "DELETE removes nodes and relationships, not labels: use REMOVE");
    if (const auto k = static_type(*t, lookup(s));
        k && *k != kind::node && *k != kind::relationship && *k != kind::path && *k != kind::null && *k != kind::list)
      fail_compile("SyntaxError", "InvalidArgumentType", "DELETE needs a node, relationship or path");
    expression(t.get(), s);
  }
}

void compiler::call_procedure(const syn::call_clause& ca, scope& s, bool last, bool alone) {
  const auto name = lower(ca.procedure);
  const auto* fields = procedure_fields(name);
  if (!fields) fail_compile("ProcedureError", "ProcedureNotFound", "unknown procedure " + quote(ca.procedure));
  if (procedure_writes(name)) p_.writes = true;
  for (const auto& a : ca.arguments) expression(a.get(), s);
  auto& outputs = p_.call_outputs[&ca];
  const auto bind = [&](const std::string& field, const std::string& variable) {
    if (std::find(fields->begin(), fields->end(), field) == fields->end())
      fail_compile("SyntaxError", "UndefinedVariable", "procedure " + ca.procedure + " yields no " + quote(field));
    if (find(s, variable))
      fail_compile("SyntaxError", "VariableAlreadyBound", "variable " + quote(variable) + " is already bound");
    const int slot = fresh();
    outputs.emplace_back(field, slot);
    declare(s, variable, slot, std::nullopt);
    if (last) p_.columns.push_back(variable);
  };
  // YIELD *, and a CALL that is the whole statement, yield every field under its own name.
  if (ca.yield_star || (ca.yields.empty() && alone))
    for (const auto& f : *fields) bind(f, f);
  for (const auto& [field, variable] : ca.yields) bind(field, variable);
  expression(ca.where.get(), s);
}

scope compiler::query(const syn::single_query& q, scope s, bool top_level) {
  for (std::size_t i = 0; i < q.clauses.size(); ++i) {
    const auto& cl = q.clauses[i];
    const bool last = top_level && i + 1 == q.clauses.size();
    if (const auto* m = std::get_if<syn::match_clause>(&cl)) match(*m, s);
    else if (const auto* u = std::get_if<syn::unwind_clause>(&cl)) unwind(*u, s);
    else if (const auto* pr = std::get_if<syn::projection_clause>(&cl)) s = projection(*pr, std::move(s), last);
    else if (const auto* cr = std::get_if<syn::create_clause>(&cl)) create(*cr, s);
    else if (const auto* mg = std::get_if<syn::merge_clause>(&cl)) merge(*mg, s);
    else if (const auto* st = std::get_if<syn::set_clause>(&cl)) {
      p_.writes = true;
      set_items(st->items, s);
    } else if (const auto* rm = std::get_if<syn::remove_clause>(&cl)) {
      p_.writes = true;
      set_items(rm->items, s);
    } else if (const auto* dl = std::get_if<syn::delete_clause>(&cl)) delete_targets(*dl, s);
    else if (const auto* ca = std::get_if<syn::call_clause>(&cl)) call_procedure(*ca, s, last, q.clauses.size() == 1);
  }
  return s;
}

// EXPLAIN / PROFILE in front of a statement.
run_mode strip_mode(std::string_view& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  for (const auto& [word, mode] : {std::pair{"EXPLAIN", run_mode::explain}, std::pair{"PROFILE", run_mode::profile}}) {
    const std::string_view w = word;
    if (text.size() >= i + w.size() + 1 && lower(text.substr(i, w.size())) == lower(w) &&
        std::isspace(static_cast<unsigned char>(text[i + w.size()]))) {
      // Keep the prefix as spaces, so that error positions still point into the text as written.
      return mode;
    }
  }
  return run_mode::run;
}

}  // namespace

std::shared_ptr<prepared> compile(std::string_view text) {
  auto p = std::make_shared<prepared>();
  p->text = std::string(text);
  p->mode = strip_mode(text);
  std::string body(text);
  if (p->mode != run_mode::run) {
    const auto at = body.find_first_not_of(" \t\r\n");
    std::fill_n(body.begin() + static_cast<std::ptrdiff_t>(at), 7, ' ');
  }
  p->statement = syn::parse(body);
  compiler c(*p);
  const auto& joins = p->statement.union_all;
  if (!joins.empty() && std::any_of(joins.begin(), joins.end(), [&](bool all) { return all != joins.front(); }))
    fail_compile("SyntaxError", "InvalidClauseComposition", "UNION and UNION ALL cannot be mixed");
  std::vector<std::string> columns;
  for (std::size_t i = 0; i < p->statement.queries.size(); ++i) {
    p->columns.clear();
    (void)c.query(p->statement.queries[i], {}, true);
    if (i > 0 && p->columns != columns)
      fail_compile("SyntaxError", "DifferentColumnsInUnion", "the queries of a UNION return different columns");
    columns = p->columns;
  }
  p->widths.assign(p->statement.queries.size(), c.slots());
  p->fluent = recognise_fluent(*p);
  return p;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
