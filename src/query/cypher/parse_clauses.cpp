// Cypher clauses and patterns (parser.hpp), and the cursor the parser moves over the tokens.
#include "parser.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax {
namespace detail {

// ---- the cursor ----

const token& parser::peek(std::size_t ahead) const { return tokens_[std::min(i_ + ahead, tokens_.size() - 1)]; }

const token& parser::next() {
  const auto& t = tokens_[i_];
  if (i_ + 1 < tokens_.size()) ++i_;
  return t;
}

bool parser::is_symbol(std::string_view s, std::size_t ahead) const {
  const auto& t = peek(ahead);
  return t.kind == token_kind::symbol && t.text == s;
}

bool parser::is_keyword(std::string_view word, std::size_t ahead) const {
  const auto& t = peek(ahead);
  return t.kind == token_kind::name && t.text.size() == word.size() && upper(t.text) == word;
}

bool parser::accept_symbol(std::string_view s) {
  if (!is_symbol(s)) return false;
  next();
  return true;
}

bool parser::accept_keyword(std::string_view word) {
  if (!is_keyword(word)) return false;
  next();
  return true;
}

void parser::expect_symbol(std::string_view s) {
  if (!accept_symbol(s)) fail("expected '" + std::string(s) + "', found " + found());
}

void parser::expect_keyword(std::string_view word) {
  if (!accept_keyword(word)) fail("expected " + std::string(word) + ", found " + found());
}

std::string parser::expect_name(const char* what) {
  if (peek().kind != token_kind::name && peek().kind != token_kind::quoted_name) fail(std::string("expected ") + what + ", found " + found());
  return next().text;
}

std::string parser::found() const {
  const auto& t = peek();
  switch (t.kind) {
    case token_kind::end: return "the end of the statement";
    case token_kind::string: return "the string " + quote(t.text, 24);
    case token_kind::parameter: return "the parameter $" + t.text;
    default: return quote(text_between(text_, t, tokens_[i_ + 1]), 24);  // not the end token: one follows
  }
}

void parser::fail(const std::string& problem) const { fail_at(text_, peek().offset, problem); }

std::string text_between(std::string_view text, const token& from, const token& to) {
  auto s = text.substr(from.offset, to.offset - from.offset);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// ---- statements and clauses ----

statement parser::run() {
  statement out;
  out.queries.push_back(query(place::first));
  while (is_keyword("UNION")) {
    // A standalone CALL (one without RETURN) is a whole statement in openCypher.
    if (std::holds_alternative<call_clause>(out.queries.back().clauses.back())) fail("a standalone CALL cannot be joined with UNION");
    next();
    out.union_all.push_back(accept_keyword("ALL"));
    out.queries.push_back(query(place::after_union));
  }
  accept_symbol(";");
  if (peek().kind != token_kind::end) fail("expected the end of the statement, found " + found());
  return out;
}

// openCypher 9: reading clauses, then write clauses, then WITH (which starts over) or RETURN.
// A reading clause right after a write clause needs a WITH between them.
// The engine runs a query's clauses as a pipeline of stages, each calling the next, and its
// rows hold a slot for every variable: both grow with the clauses, so that 70000 of them
// overflowed the stack and 20000 CREATE () took 7 s copying rows. A query has at most this many.
constexpr std::size_t max_clauses = 4 * config::max_cypher_depth;

single_query parser::query(place where) {
  single_query q;
  const char* wrote = nullptr;  // the last write clause since the last WITH
  for (;;) {
    const char* write = write_keyword();
    const char* read = read_keyword();
    if (where == place::exists && (write || (read && std::string_view(read) == "CALL")))
      fail(std::string(write ? write : read) + " is not allowed inside EXISTS { }");
    if (write) {
      updating_clause(q);
      wrote = write;
    } else if (read) {
      if (wrote) fail(std::string("WITH is required between ") + wrote + " and " + read);
      reading_clause(q);
    } else if (is_keyword("WITH")) {
      q.clauses.emplace_back(projection(false));
      wrote = nullptr;
    } else if (is_keyword("RETURN")) {
      q.clauses.emplace_back(projection(true));
      break;  // RETURN ends a query
    } else {
      break;
    }
    if (q.clauses.size() > max_clauses)
      fail("a query of more than " + std::to_string(max_clauses) + " clauses (join patterns with commas, or UNWIND a list)");
  }
  if (q.clauses.empty())
    fail("expected a clause (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, CREATE, MERGE, SET, REMOVE, DELETE, CALL), found " + found());
  check_ending(q, where);
  return q;
}

const char* parser::read_keyword() const {
  if (is_keyword("MATCH")) return "MATCH";
  if (is_keyword("OPTIONAL") && is_keyword("MATCH", 1)) return "OPTIONAL MATCH";
  if (is_keyword("UNWIND")) return "UNWIND";
  if (is_keyword("CALL")) return "CALL";
  return nullptr;
}

// MATCH, OPTIONAL MATCH, UNWIND or CALL, as read_keyword() found.
void parser::reading_clause(single_query& q) {
  if (is_keyword("MATCH")) {
    q.clauses.emplace_back(match(false));
  } else if (is_keyword("OPTIONAL")) {
    next();
    q.clauses.emplace_back(match(true));
  } else if (is_keyword("UNWIND")) {
    q.clauses.emplace_back(unwind());
  } else {
    q.clauses.emplace_back(call());
  }
}

// A query ends with RETURN or a write clause; a lone CALL may be a whole statement; a query
// inside EXISTS { } may end anywhere.
void parser::check_ending(const single_query& q, place where) {
  if (where == place::exists) return;
  const auto& last = q.clauses.back();
  if (const auto* p = std::get_if<projection_clause>(&last); p && p->is_return) return;
  const bool writes = std::holds_alternative<create_clause>(last) || std::holds_alternative<merge_clause>(last) ||
                      std::holds_alternative<set_clause>(last) || std::holds_alternative<remove_clause>(last) ||
                      std::holds_alternative<delete_clause>(last);
  if (writes) return;
  if (where == place::first && q.clauses.size() == 1 && std::holds_alternative<call_clause>(last)) return;
  fail("a query must end with RETURN or a write clause; found " + found());
}

match_clause parser::match(bool optional) {
  match_clause m;
  m.at = next().at;  // MATCH
  m.optional = optional;
  for (const char* mode : {"WALK", "TRAIL", "ACYCLIC"})
    if (accept_keyword(mode)) m.path_mode = mode;
  do m.patterns.push_back(path());
  while (accept_symbol(","));
  if (accept_keyword("WHERE")) m.where = expression();
  check_height(height(m));
  return m;
}

unwind_clause parser::unwind() {
  unwind_clause u;
  u.at = next().at;  // UNWIND
  u.list = expression();
  expect_keyword("AS");
  u.variable = expect_name("a variable after AS");
  return u;
}

projection_clause parser::projection(bool is_return) {
  projection_clause p;
  p.at = next().at;  // WITH or RETURN
  p.is_return = is_return;
  p.distinct = accept_keyword("DISTINCT");
  p.star = accept_symbol("*");
  if (!p.star || accept_symbol(",")) {
    do {
      const auto& first = peek();
      projection_item item;
      item.value = expression();
      item.text = text_between(text_, first, peek());
      if (accept_keyword("AS")) item.alias = expect_name("a column name after AS");
      p.items.push_back(std::move(item));
    } while (accept_symbol(","));
  }
  if (is_keyword("ORDER") && is_keyword("BY", 1)) {
    i_ += 2;
    do {
      order_item o;
      o.value = expression();
      if (accept_keyword("DESC") || accept_keyword("DESCENDING")) o.descending = true;
      else if (!accept_keyword("ASC")) accept_keyword("ASCENDING");
      p.order.push_back(std::move(o));
    } while (accept_symbol(","));
  }
  if (accept_keyword("SKIP")) p.skip = expression();
  if (accept_keyword("LIMIT")) p.limit = expression();
  if (!is_return && accept_keyword("WHERE")) p.where = expression();
  return p;
}

// EXISTS { MATCH ... } (RETURN optional), or EXISTS { pattern, ... WHERE ... }.
expr_ptr parser::exists_subquery() {
  depth_guard guard(*this);
  auto e = std::make_unique<expr>();
  e->kind = expr_kind::exists_subquery;
  e->at = next().at;  // EXISTS
  expect_symbol("{");
  single_query q;
  if (is_keyword("MATCH") || is_keyword("OPTIONAL") || is_keyword("UNWIND") || is_keyword("WITH") || write_keyword() || is_keyword("CALL")) {
    q = query(place::exists);
  } else {
    match_clause m;
    m.at = peek().at;
    do m.patterns.push_back(path());
    while (accept_symbol(","));
    if (accept_keyword("WHERE")) m.where = expression();
    check_height(height(m));
    q.clauses.emplace_back(std::move(m));
  }
  expect_symbol("}");
  e->subquery = std::make_shared<const single_query>(std::move(q));
  return e;
}

// ---- patterns ----

path_pattern parser::path() {
  depth_guard guard(*this);
  path_pattern p;
  p.at = peek().at;
  if ((peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) && is_symbol("=", 1)) {
    p.variable = next().text;
    next();  // =
  }
  for (const char* fn : {"shortestPath", "allShortestPaths"}) {
    if (peek().kind == token_kind::name && upper(peek().text) == upper(fn) && is_symbol("(", 1)) {
      p.function = fn;
      i_ += 2;
    }
  }
  p.start = node();
  while (is_symbol("-") || is_symbol("<-")) {
    auto r = relationship();
    p.steps.emplace_back(std::move(r), node());
    check_height(p.steps.size());  // the matcher recurses once per relationship
  }
  if (!p.function.empty()) {
    if (p.steps.size() != 1) fail(p.function + " takes a pattern of one relationship (which may be of variable length)");
    expect_symbol(")");
  }
  return p;
}

node_pattern parser::node() {
  node_pattern n;
  n.at = peek().at;
  expect_symbol("(");
  if (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) n.variable = next().text;
  while (accept_symbol(":")) n.labels.push_back(expect_name("a label"));
  if (is_symbol("{")) n.properties = expression();
  else if (peek().kind == token_kind::parameter) n.properties = expression();
  expect_symbol(")");
  return n;
}

relationship_pattern parser::relationship() {
  relationship_pattern r;
  r.at = peek().at;
  const bool from_left = accept_symbol("<-");
  if (!from_left) expect_symbol("-");
  if (accept_symbol("[")) {
    if (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) r.variable = next().text;
    if (accept_symbol(":")) {
      do {
        accept_symbol(":");  // [:A|:B] is accepted too
        r.types.push_back(expect_name("a relationship type"));
      } while (accept_symbol("|"));
    }
    if (accept_symbol("*")) range(r);
    if (is_symbol("{") || peek().kind == token_kind::parameter) r.properties = expression();
    expect_symbol("]");
  }
  const bool to_right = accept_symbol("->");
  if (!to_right) expect_symbol("-");
  // <--> is either direction, as -- is (openCypher reads both the same way).
  r.direction = from_left == to_right ? arrow::either : to_right ? arrow::right : arrow::left;
  return r;
}

// After *: nothing, n, n.., ..m, n..m. A lower bound above the upper one is not an error: such
// a pattern matches nothing, as openCypher says.
void parser::range(relationship_pattern& r) {
  r.variable_length = true;
  const auto bound = [&]() -> std::uint32_t {
    const auto& t = next();
    if (t.integer < 0 || t.integer > 0xFFFFFFFFLL) fail_at(text_, t.offset, "a path length must be between 0 and 4294967295");
    return static_cast<std::uint32_t>(t.integer);
  };
  if (peek().kind == token_kind::integer) r.min = bound();
  if (accept_symbol("..")) {
    if (peek().kind == token_kind::integer) r.max = bound();
  } else if (r.min) {
    r.max = r.min;  // *2 is exactly two
  }
}

}  // namespace detail

statement parse(std::string_view text) { return detail::parser(text).run(); }

}  // namespace cypher_syntax

DOSSIER_NAMESPACE_END
