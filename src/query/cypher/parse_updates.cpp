// Cypher's write clauses (CREATE, MERGE, SET, REMOVE, DELETE, DETACH DELETE) and CALL
// (parser.hpp), as openCypher 9 writes them. What the names mean (labels, properties,
// procedures) is for the binder: the parser checks only the shape.
#include "parser.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax::detail {

namespace {

bool is_name(const token& t) { return t.kind == token_kind::name || t.kind == token_kind::quoted_name; }

// Whether an atom may start with this token: so that "SET" with nothing after it gets a message
// about SET, not about expressions.
bool starts_atom(const token& t) {
  if (t.kind == token_kind::end) return false;
  return t.kind != token_kind::symbol || t.text == "(" || t.text == "[" || t.text == "{";
}

}  // namespace

const char* parser::write_keyword() const {
  for (const char* word : {"CREATE", "MERGE", "SET", "REMOVE", "DELETE"})
    if (is_keyword(word)) return word;
  if (is_keyword("DETACH")) return "DETACH DELETE";
  return nullptr;
}

void parser::updating_clause(single_query& q) {
  if (is_keyword("CREATE")) q.clauses.emplace_back(create());
  else if (is_keyword("MERGE")) q.clauses.emplace_back(merge());
  else if (is_keyword("SET")) q.clauses.emplace_back(set());
  else if (is_keyword("REMOVE")) q.clauses.emplace_back(remove());
  else q.clauses.emplace_back(delete_());
}

// Points at the token that starts at `at`: tree nodes keep positions, fail_at wants offsets.
void parser::fail_at_token(position at, const std::string& problem) const {
  const auto t = std::find_if(tokens_.begin(), tokens_.end(), [&](const token& k) { return k.at.line == at.line && k.at.column == at.column; });
  fail_at(text_, t == tokens_.end() ? peek().offset : t->offset, problem);
}

// A relationship of variable length says which relationships to match, not which to make.
void parser::fixed_length(const path_pattern& p, const char* clause) {
  for (const auto& [r, n] : p.steps)
    if (r.variable_length) fail_at_token(r.at, std::string(clause) + " cannot use a relationship of variable length (*)");
}

create_clause parser::create() {
  create_clause c;
  c.at = next().at;  // CREATE
  do {
    c.patterns.push_back(path());
    fixed_length(c.patterns.back(), "CREATE");
  } while (accept_symbol(","));
  return c;
}

merge_clause parser::merge() {
  merge_clause m;
  m.at = next().at;  // MERGE
  m.pattern = path();
  fixed_length(m.pattern, "MERGE");
  if (is_symbol(",")) fail("MERGE takes exactly one path pattern; use one MERGE per pattern");
  merge_actions(m);
  return m;
}

// Any number of ON CREATE SET ... and ON MATCH SET ..., in any order; each adds its items.
void parser::merge_actions(merge_clause& m) {
  while (accept_keyword("ON")) {
    const bool on_create = accept_keyword("CREATE");
    if (!on_create && !accept_keyword("MATCH")) fail("expected CREATE or MATCH after ON, found " + found());
    if (!accept_keyword("SET")) fail(std::string("expected SET after ON ") + (on_create ? "CREATE" : "MATCH") + ", found " + found());
    set_items(on_create ? m.on_create : m.on_match);
  }
}

set_clause parser::set() {
  set_clause s;
  s.at = next().at;  // SET
  set_items(s.items);
  return s;
}

void parser::set_items(std::vector<set_item>& items) {
  do items.push_back(one_set_item());
  while (accept_symbol(","));
}

// n.p = e (any atom with property lookups: (n).p, n.a.b), n = e, n += e, n:A:B.
set_item parser::one_set_item() {
  const auto& first = peek();
  if (!starts_atom(first)) fail("expected an item to set after SET (n.p = e, n = e, n += e or n:Label), found " + found());
  set_item item;
  item.at = first.at;
  item.target = property_lookups(atom());
  const auto written = [&] { return text_between(text_, first, peek()); };
  if (item.target->kind == expr_kind::property) {
    if (!accept_symbol("=")) fail("expected '=' after SET " + written() + ", found " + found());
  } else if (item.target->kind != expr_kind::variable) {
    fail_at(text_, first.offset, "SET needs a property (n.p), a variable (n = e, n += e) or labels (n:Label), found " + quote(written(), 24));
  } else if (is_symbol(":")) {
    labels_of(item);
    return item;
  } else if (accept_symbol("+=")) {
    item.kind = update_kind::merge_properties;
  } else if (accept_symbol("=")) {
    item.kind = update_kind::replace_properties;
  } else {
    fail("expected '=', '+=' or a label after SET " + written() + ", found " + found());
  }
  item.value = expression();
  return item;
}

remove_clause parser::remove() {
  remove_clause r;
  r.at = next().at;  // REMOVE
  do r.items.push_back(one_remove_item());
  while (accept_symbol(","));
  return r;
}

// n.p (any atom with property lookups) or n:A:B.
set_item parser::one_remove_item() {
  const auto& first = peek();
  if (!starts_atom(first)) fail("expected an item to remove after REMOVE (n.p or n:Label), found " + found());
  set_item item;
  item.at = first.at;
  item.target = property_lookups(atom());
  if (item.target->kind == expr_kind::property) return item;
  if (item.target->kind == expr_kind::variable && is_symbol(":")) {
    labels_of(item);
    return item;
  }
  fail("expected a property (n.p) or labels (n:Label) to remove after REMOVE " + text_between(text_, first, peek()) + ", found " + found());
}

// The .key lookups after an atom: openCypher's PropertyExpression, without indexing.
expr_ptr parser::property_lookups(expr_ptr base) {
  while (is_symbol(".")) {
    auto p = std::make_unique<expr>();
    p->kind = expr_kind::property;
    p->at = next().at;
    p->name = expect_name("a property key");
    p->args.push_back(std::move(base));
    base = std::move(p);
  }
  return base;
}

void parser::labels_of(set_item& item) {
  item.kind = update_kind::labels;
  while (accept_symbol(":")) item.labels.push_back(expect_name("a label"));
}

delete_clause parser::delete_() {
  delete_clause d;
  d.at = peek().at;
  if (accept_keyword("DETACH")) {
    d.detach = true;
    if (!is_keyword("DELETE")) fail("expected DELETE after DETACH, found " + found());
  }
  next();  // DELETE
  if (peek().kind == token_kind::end || is_symbol(";")) fail("expected what to delete after DELETE, found " + found());
  do d.targets.push_back(expression());
  while (accept_symbol(","));
  return d;
}

// CALL ns.proc(args) [YIELD * | YIELD field [AS variable], ... [WHERE e]], or CALL ns.proc
// without parentheses (its arguments are then the parameters of the same names).
call_clause parser::call() {
  call_clause c;
  c.at = next().at;  // CALL
  c.procedure = procedure_name();
  if (accept_symbol("(")) {
    c.has_arguments = true;
    if (!accept_symbol(")")) {
      do c.arguments.push_back(expression());
      while (accept_symbol(","));
      expect_symbol(")");
    }
  }
  if (accept_keyword("YIELD")) yield_items(c);
  return c;
}

// Namespace parts and the name, joined by dots; `quoted` parts lose their backquotes.
std::string parser::procedure_name() {
  if (!is_name(peek())) fail("expected a procedure name after CALL, found " + found());
  std::string name = next().text;
  while (accept_symbol(".")) name += "." + expect_name("a procedure name after '.'");
  return name;
}

void parser::yield_items(call_clause& c) {
  if (accept_symbol("*")) {
    c.yield_star = true;
    return;
  }
  do {
    auto field = expect_name("a result field after YIELD");
    auto variable = accept_keyword("AS") ? expect_name("a variable after AS") : field;
    c.yields.emplace_back(std::move(field), std::move(variable));
  } while (accept_symbol(","));
  if (accept_keyword("WHERE")) c.where = expression();
}

}  // namespace cypher_syntax::detail

DOSSIER_NAMESPACE_END
