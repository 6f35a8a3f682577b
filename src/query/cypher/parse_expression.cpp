// Cypher expressions (parser.hpp), with openCypher's precedence, lowest first: OR, XOR, AND,
// NOT, comparisons, the string and list predicates, + -, * / %, ^, unary minus, postfix
// property access, indexing and slicing.
#include "parser.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax::detail {

namespace {

expr_ptr make(expr_kind kind, position at, std::string name = {}) {
  auto e = std::make_unique<expr>();
  e->kind = kind;
  e->at = at;
  e->name = std::move(name);
  return e;
}

expr_ptr null_literal(position at) { return make(expr_kind::literal, at); }

expr_ptr clone(const expr& e) {
  auto out = std::make_unique<expr>();
  out->kind = e.kind;
  out->at = e.at;
  out->name = e.name;
  out->variable = e.variable;
  out->literal = e.literal;
  out->keys = e.keys;
  out->distinct = e.distinct;
  out->star = e.star;
  out->negated = e.negated;
  out->has_subject = e.has_subject;
  out->has_else = e.has_else;
  out->path = e.path;  // patterns and subqueries are immutable once parsed: shared
  out->subquery = e.subquery;
  for (const auto& a : e.args) out->args.push_back(clone(*a));
  return out;
}

}  // namespace

std::size_t height(const path_pattern& p) {
  std::size_t h = p.start.properties ? height(*p.start.properties) : 0;
  for (const auto& [r, n] : p.steps) {
    if (r.properties) h = std::max(h, height(*r.properties));
    if (n.properties) h = std::max(h, height(*n.properties));
  }
  return h + p.steps.size() + 1;
}

std::size_t height(const match_clause& m) {
  std::size_t h = 0;
  for (const auto& p : m.patterns) h += height(p);
  return h + (m.where ? height(*m.where) : 0);
}

namespace {

// An EXISTS subquery's: it holds only reading clauses and projections.
std::size_t subquery_height(const single_query& q) {
  std::size_t h = 0;
  const auto of = [&h](const expr_ptr& e) {
    if (e) h = std::max(h, height(*e));
  };
  for (const auto& cl : q.clauses) {
    if (const auto* m = std::get_if<match_clause>(&cl)) h = std::max(h, height(*m));
    if (const auto* u = std::get_if<unwind_clause>(&cl)) of(u->list);
    if (const auto* c = std::get_if<call_clause>(&cl)) {
      for (const auto& a : c->arguments) of(a);
      of(c->where);
    }
    if (const auto* p = std::get_if<projection_clause>(&cl)) {
      for (const auto& item : p->items) of(item.value);
      for (const auto& o : p->order) of(o.value);
      of(p->skip);
      of(p->limit);
      of(p->where);
    }
  }
  return h + 1;
}

// A chain's new top, whose first argument is the chain so far, of height `so_far` (0: not yet
// measured): one level more than the taller of that and its other arguments.
std::size_t link_height(std::size_t so_far, const expr& top) {
  std::size_t h = so_far ? so_far : height(*top.args[0]);
  for (std::size_t i = 1; i < top.args.size(); ++i)
    if (top.args[i]) h = std::max(h, height(*top.args[i]));
  return h + 1;
}

}  // namespace

std::size_t height(const expr& e) {
  std::size_t h = 0;
  for (const auto& a : e.args)
    if (a) h = std::max(h, height(*a));
  if (e.path) h = std::max(h, height(*e.path));
  if (e.subquery) h = std::max(h, subquery_height(*e.subquery));
  return h + 1;
}

void parser::check_height(std::size_t height) const {
  if (depth_ + height > config::max_cypher_depth)
    fail("the statement nests deeper than " + std::to_string(config::max_cypher_depth) + " levels");
}

parser::depth_guard::depth_guard(parser& owner) : p(owner) {
  if (++p.depth_ > config::max_cypher_depth) {
    --p.depth_;
    p.fail("the statement nests deeper than " + std::to_string(config::max_cypher_depth) + " levels");
  }
}

expr_ptr parser::binary(std::string op, expr_ptr left, expr_ptr right, position at) {
  auto e = make(expr_kind::binary, at, std::move(op));
  e->args.push_back(std::move(left));
  e->args.push_back(std::move(right));
  return e;
}

expr_ptr parser::expression() {
  depth_guard guard(*this);
  return or_expression();
}

// OR, XOR and AND: each a left-associative chain of the next level.
expr_ptr parser::keyword_chain(std::string_view word, expr_ptr (parser::*operand)()) {
  auto left = (this->*operand)();
  std::size_t h = 0;
  while (is_keyword(word)) {
    const auto at = next().at;
    left = binary(std::string(word), std::move(left), (this->*operand)(), at);
    check_height(h = link_height(h, *left));
  }
  return left;
}

expr_ptr parser::or_expression() { return keyword_chain("OR", &parser::xor_expression); }
expr_ptr parser::xor_expression() { return keyword_chain("XOR", &parser::and_expression); }
expr_ptr parser::and_expression() { return keyword_chain("AND", &parser::not_expression); }

expr_ptr parser::not_expression() {
  if (!is_keyword("NOT")) return comparison();
  depth_guard guard(*this);
  const auto at = next().at;
  auto e = make(expr_kind::unary, at, "NOT");
  e->args.push_back(not_expression());
  return e;
}

// a < b <= c reads as a < b AND b <= c, as openCypher says: the middle operand appears in
// both comparisons (a copy of its tree).
expr_ptr parser::comparison() {
  auto left = predicate_expression();
  static constexpr std::string_view ops[] = {"=", "<>", "<", ">", "<=", ">="};
  expr_ptr chain;
  std::size_t h = 0;
  const expr* previous = nullptr;  // the last comparison's right operand, copied only if a link follows
  for (;;) {
    std::string op;
    for (const auto o : ops)
      if (is_symbol(o)) op = std::string(o);
    const bool arrow = is_symbol("<-");  // a<-1: the lexer's arrow is a less-than and a minus here
    if (arrow) op = "<";
    if (op.empty()) break;
    const auto at = next().at;
    if (arrow) pending_minus_ = position{at.line, at.column + 1};
    auto right = predicate_expression();
    const expr* middle = right.get();  // stays where it is when its owner moves
    if (!chain) chain = binary(op, std::move(left), std::move(right), at);
    else chain = binary("AND", std::move(chain), binary(op, clone(*previous), std::move(right), at), at);
    check_height(h = link_height(h, *chain));
    previous = middle;
  }
  return chain ? std::move(chain) : std::move(left);
}

expr_ptr parser::predicate_expression() {
  auto left = additive();
  for (std::size_t h = 0;; check_height(h = link_height(h, *left))) {
    const auto at = peek().at;
    if (accept_keyword("IN")) {
      left = binary("IN", std::move(left), additive(), at);
    } else if (is_keyword("STARTS") && is_keyword("WITH", 1)) {
      i_ += 2;
      left = binary("STARTS WITH", std::move(left), additive(), at);
    } else if (is_keyword("ENDS") && is_keyword("WITH", 1)) {
      i_ += 2;
      left = binary("ENDS WITH", std::move(left), additive(), at);
    } else if (accept_keyword("CONTAINS")) {
      left = binary("CONTAINS", std::move(left), additive(), at);
    } else if (accept_symbol("=~")) {
      left = binary("=~", std::move(left), additive(), at);
    } else if (accept_keyword("IS")) {
      auto e = make(expr_kind::is_null, at);
      e->negated = accept_keyword("NOT");
      expect_keyword("NULL");
      e->args.push_back(std::move(left));
      left = std::move(e);
    } else {
      return left;
    }
  }
}

// + -, * / % and ^: each a left-associative chain of the next level.
expr_ptr parser::symbol_chain(std::initializer_list<std::string_view> symbols, expr_ptr (parser::*operand)()) {
  auto left = (this->*operand)();
  for (std::size_t h = 0;; check_height(h = link_height(h, *left))) {
    const auto it = std::find_if(symbols.begin(), symbols.end(), [&](std::string_view s) { return is_symbol(s); });
    if (it == symbols.end()) return left;
    const auto& op = next();
    left = binary(op.text, std::move(left), (this->*operand)(), op.at);
  }
}

expr_ptr parser::additive() { return symbol_chain({"+", "-"}, &parser::multiplicative); }
expr_ptr parser::multiplicative() { return symbol_chain({"*", "/", "%"}, &parser::power); }
expr_ptr parser::power() { return symbol_chain({"^"}, &parser::unary); }

expr_ptr parser::unary() {
  if (pending_minus_) {  // the minus of a '<-' read as '<' and '-'
    depth_guard guard(*this);
    auto e = make(expr_kind::unary, *pending_minus_, "-");
    pending_minus_.reset();
    e->args.push_back(unary());
    return e;
  }
  if (!is_symbol("-") && !is_symbol("+")) return postfix();
  depth_guard guard(*this);
  const auto& op = next();
  // -9223372036854775808 is a literal: 2^63 fits only negated.
  if (op.text == "-" && peek().kind == token_kind::integer && peek().text == "2^63") {
    next();
    auto e = make(expr_kind::literal, op.at);
    e->literal = value{std::int64_t{INT64_MIN}};
    return e;
  }
  auto e = make(expr_kind::unary, op.at, op.text);
  e->args.push_back(unary());
  return e;
}

expr_ptr parser::postfix() {
  auto e = atom();
  for (std::size_t h = 0;; check_height(h = link_height(h, *e))) {
    if (is_symbol(":") && (peek(1).kind == token_kind::name || peek(1).kind == token_kind::quoted_name)) {
      auto l = make(expr_kind::has_labels, peek().at);
      while (accept_symbol(":")) l->keys.push_back(expect_name("a label"));
      l->args.push_back(std::move(e));
      e = std::move(l);
    } else if (is_symbol(".")) {
      const auto at = next().at;
      auto p = make(expr_kind::property, at, expect_name("a property key"));
      p->args.push_back(std::move(e));
      e = std::move(p);
    } else if (is_symbol("[")) {
      depth_guard guard(*this);
      const auto at = next().at;
      expr_ptr from = is_symbol("..") ? nullptr : expression();  // a missing bound differs from a null one
      if (accept_symbol("..")) {
        expr_ptr to = is_symbol("]") ? nullptr : expression();
        auto s = make(expr_kind::slice, at);
        s->args.push_back(std::move(e));
        s->args.push_back(std::move(from));
        s->args.push_back(std::move(to));
        e = std::move(s);
      } else {
        auto ix = make(expr_kind::index, at);
        ix->args.push_back(std::move(e));
        ix->args.push_back(std::move(from));
        e = std::move(ix);
      }
      expect_symbol("]");
    } else {
      return e;
    }
  }
}

expr_ptr parser::atom() {
  depth_guard guard(*this);
  const auto& t = peek();
  switch (t.kind) {
    case token_kind::integer:
    case token_kind::real:
    case token_kind::string:
    case token_kind::parameter: return literal_or_parameter();
    case token_kind::quoted_name: return make(expr_kind::variable, t.at, next().text);
    case token_kind::name: {
      const auto word = upper(t.text);
      if (word == "TRUE" || word == "FALSE" || word == "NULL") return literal_or_parameter();
      if (word == "CASE") return case_expression();
      if (word == "EXISTS" && is_symbol("{", 1)) return exists_subquery();
      if (is_symbol("(", 1)) return call_or_quantifier(next());
      if (is_symbol(".", 1) && peek(2).kind == token_kind::name && is_symbol("(", 3)) return call_or_quantifier(next());  // ns.fn(
      auto v = make(expr_kind::variable, t.at, next().text);
      if (is_symbol("{")) return map_projection(std::move(v));
      return v;
    }
    case token_kind::symbol:
      if (t.text == "(" && starts_pattern()) {
        auto e = make(expr_kind::pattern, t.at);
        e->path = std::make_shared<const path_pattern>(path());
        return e;
      }
      if (t.text == "(") {
        next();
        auto e = expression();
        expect_symbol(")");
        return e;
      }
      if (t.text == "[") return list_or_comprehension();
      if (t.text == "{") return map_literal();
      break;
    case token_kind::end: break;
  }
  fail("expected an expression, found " + found());
}

// Whether the "(" here opens a pattern, not a parenthesised expression: a node pattern, then the
// start of a relationship (<-, --, -->, -[). (a) - 1 stays arithmetic.
bool parser::starts_pattern() const {
  std::size_t depth = 0, k = 0;
  for (;; ++k) {
    const auto& t = peek(k);
    if (t.kind == token_kind::end) return false;
    if (t.kind != token_kind::symbol) continue;
    if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
    else if (t.text == ")" || t.text == "]" || t.text == "}") {
      if (--depth == 0) break;
    }
  }
  if (!is_symbol(")", k)) return false;
  return is_symbol("<-", k + 1) || (is_symbol("-", k + 1) && (is_symbol("[", k + 2) || is_symbol("-", k + 2) || is_symbol("->", k + 2)));
}

expr_ptr parser::literal_or_parameter() {
  const auto& t = next();
  if (t.kind == token_kind::parameter) return make(expr_kind::parameter, t.at, t.text);
  auto e = make(expr_kind::literal, t.at);
  switch (t.kind) {
    case token_kind::integer:
      if (t.text == "2^63") fail_at(text_, t.offset, "the integer 9223372036854775808 does not fit 64 bits");
      e->literal = value{t.integer};
      break;
    case token_kind::real: e->literal = value{t.real}; break;
    case token_kind::string: e->literal = value{t.text}; break;
    default: {
      const auto word = upper(t.text);
      if (word != "NULL") e->literal = value{word == "TRUE"};
    }
  }
  return e;
}

// [a, b, c], [x IN list WHERE pred | expr], or [(a)-->(b) WHERE pred | expr].
expr_ptr parser::list_or_comprehension() {
  const auto at = next().at;  // [
  const bool comprehension = (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) && is_keyword("IN", 1);
  if (comprehension) {
    auto e = make(expr_kind::comprehension, at);
    e->variable = next().text;
    next();  // IN
    e->args.push_back(expression());
    e->args.push_back(accept_keyword("WHERE") ? expression() : null_literal(at));
    e->args.push_back(accept_symbol("|") ? expression() : null_literal(at));
    expect_symbol("]");
    return e;
  }
  const bool named_path = (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) && is_symbol("=", 1) && is_symbol("(", 2);
  if (named_path || (is_symbol("(") && starts_pattern())) {  // [p = (a)-->(b) WHERE ... | ...]
    auto e = make(expr_kind::pattern_comprehension, at);
    e->path = std::make_shared<const path_pattern>(path());
    e->args.push_back(accept_keyword("WHERE") ? expression() : null_literal(at));
    expect_symbol("|");
    e->args.push_back(expression());
    expect_symbol("]");
    return e;
  }
  auto e = make(expr_kind::list, at);
  if (!accept_symbol("]")) {
    do e->args.push_back(expression());
    while (accept_symbol(","));
    expect_symbol("]");
  }
  return e;
}

expr_ptr parser::map_literal() {
  const auto at = next().at;  // {
  auto e = make(expr_kind::map, at);
  if (accept_symbol("}")) return e;
  do {
    e->keys.push_back(expect_name("a map key"));
    expect_symbol(":");
    e->args.push_back(expression());
  } while (accept_symbol(","));
  expect_symbol("}");
  return e;
}

// n {.name, .*, key: expression, variable}, after the variable.
expr_ptr parser::map_projection(expr_ptr subject) {
  auto e = make(expr_kind::map_projection, next().at);  // {
  e->args.push_back(std::move(subject));
  if (accept_symbol("}")) return e;
  do {
    if (accept_symbol(".")) {
      if (accept_symbol("*")) e->keys.emplace_back("*");
      else e->keys.push_back(expect_name("a property key"));
      e->args.push_back(nullptr);
    } else if (is_symbol(":", 1)) {
      e->keys.push_back(expect_name("a map key"));
      next();  // :
      e->args.push_back(expression());
    } else {
      const auto& t = peek();
      e->keys.push_back(expect_name("a variable"));
      e->args.push_back(make(expr_kind::variable, t.at, e->keys.back()));
    }
  } while (accept_symbol(","));
  expect_symbol("}");
  return e;
}

expr_ptr parser::case_expression() {
  const auto at = next().at;  // CASE
  auto e = make(expr_kind::case_of, at);
  if (!is_keyword("WHEN")) {
    e->has_subject = true;
    e->args.push_back(expression());
  }
  if (!is_keyword("WHEN")) fail("expected WHEN, found " + found());
  while (accept_keyword("WHEN")) {
    e->args.push_back(expression());
    expect_keyword("THEN");
    e->args.push_back(expression());
  }
  if (accept_keyword("ELSE")) {
    e->has_else = true;
    e->args.push_back(expression());
  }
  expect_keyword("END");
  return e;
}

// name(args), ns.name(args), count(*), f(DISTINCT x), and all/any/none/single(x IN l WHERE p).
expr_ptr parser::call_or_quantifier(const token& first) {
  std::string name = first.text;
  while (accept_symbol(".")) name += "." + expect_name("a function name");
  expect_symbol("(");
  const auto lower = [](std::string s) {
    for (auto& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  const auto word = lower(name);
  if ((word == "all" || word == "any" || word == "none" || word == "single") &&
      (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) && is_keyword("IN", 1)) {
    auto e = make(expr_kind::quantifier, first.at, word);
    e->variable = next().text;
    next();  // IN
    e->args.push_back(expression());
    expect_keyword("WHERE");
    e->args.push_back(expression());
    expect_symbol(")");
    return e;
  }
  if (word == "reduce" && (peek().kind == token_kind::name || peek().kind == token_kind::quoted_name) && is_symbol("=", 1))
    return reduce_rest(first);
  auto e = make(expr_kind::call, first.at, name);
  if (word == "count" && is_symbol("*") && is_symbol(")", 1)) {
    i_ += 2;
    e->star = true;
    return e;
  }
  e->distinct = accept_keyword("DISTINCT");
  if (!accept_symbol(")")) {
    do e->args.push_back(expression());
    while (accept_symbol(","));
    expect_symbol(")");
  }
  return e;
}

// reduce(accumulator = init, variable IN list | expression), after "reduce(".
expr_ptr parser::reduce_rest(const token& first) {
  auto e = make(expr_kind::reduce, first.at, "reduce");
  e->variable = next().text;
  expect_symbol("=");
  e->args.push_back(expression());
  expect_symbol(",");
  e->keys.push_back(expect_name("a variable"));
  expect_keyword("IN");
  e->args.push_back(expression());
  expect_symbol("|");
  e->args.push_back(expression());
  expect_symbol(")");
  return e;
}

}  // namespace cypher_syntax::detail

DOSSIER_NAMESPACE_END
