#pragma once
// The Cypher parser: recursive descent over the tokens, one method per rule of openCypher's
// grammar that matters for the tree. Expressions are in parse_expression.cpp, patterns and
// read clauses in parse_clauses.cpp, write clauses and CALL in parse_updates.cpp.

#include "lexer.hpp"

#include <dossier/query/cypher_syntax.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax::detail {

class parser {
 public:
  explicit parser(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  statement run();

  // Expressions (parse_expression.cpp).
  expr_ptr expression();

 private:
  // The cursor.
  [[nodiscard]] const token& peek(std::size_t ahead = 0) const;
  const token& next();
  [[nodiscard]] bool is_symbol(std::string_view s, std::size_t ahead = 0) const;
  [[nodiscard]] bool is_keyword(std::string_view word, std::size_t ahead = 0) const;  // upper-case word
  bool accept_symbol(std::string_view s);
  bool accept_keyword(std::string_view word);
  void expect_symbol(std::string_view s);
  void expect_keyword(std::string_view word);
  std::string expect_name(const char* what);  // a name or `quoted name`
  [[noreturn]] void fail(const std::string& problem) const;  // at the current token
  [[nodiscard]] std::string found() const;                   // the current token, for messages

  // Nesting depth, counted by a guard around each recursive rule.
  struct depth_guard {
    explicit depth_guard(parser& p);
    ~depth_guard() { --p.depth_; }
    parser& p;
  };
  // What the guard does not see: a left-deep chain (a + b + c, a.b.c) nests a level per link
  // without recursing, and the matcher recurses once per relationship of a MATCH's patterns.
  // Each link, and each MATCH, checks the height it reaches (height() below) from here.
  void check_height(std::size_t height) const;

  // Expressions, lowest precedence first.
  expr_ptr or_expression();
  expr_ptr xor_expression();
  expr_ptr and_expression();
  expr_ptr not_expression();
  expr_ptr comparison();
  expr_ptr predicate_expression();  // IN, STARTS WITH, ENDS WITH, CONTAINS, =~, IS [NOT] NULL
  expr_ptr additive();
  expr_ptr multiplicative();
  expr_ptr power();
  expr_ptr unary();
  expr_ptr postfix();
  expr_ptr atom();
  expr_ptr literal_or_parameter();
  [[nodiscard]] bool starts_pattern() const;
  expr_ptr list_or_comprehension();
  expr_ptr map_literal();
  expr_ptr map_projection(expr_ptr subject);
  expr_ptr case_expression();
  expr_ptr call_or_quantifier(const token& name);
  expr_ptr reduce_rest(const token& first);
  expr_ptr binary(std::string op, expr_ptr left, expr_ptr right, position at);
  expr_ptr keyword_chain(std::string_view word, expr_ptr (parser::*operand)());
  expr_ptr symbol_chain(std::initializer_list<std::string_view> symbols, expr_ptr (parser::*operand)());

  // Patterns and read clauses (parse_clauses.cpp). Where a query stands decides how it may end:
  // the first of a statement may be a lone CALL, one inside EXISTS { } may not write.
  enum class place : std::uint8_t { first, after_union, exists };
  single_query query(place where);
  [[nodiscard]] const char* read_keyword() const;  // "MATCH", "OPTIONAL MATCH", "UNWIND", "CALL" or null
  void reading_clause(single_query& q);
  void check_ending(const single_query& q, place where);
  expr_ptr exists_subquery();
  match_clause match(bool optional);
  unwind_clause unwind();
  projection_clause projection(bool is_return);
  path_pattern path();
  node_pattern node();
  relationship_pattern relationship();
  void range(relationship_pattern& r);

  // Write clauses and CALL (parse_updates.cpp).
  [[nodiscard]] const char* write_keyword() const;  // "CREATE", ..., "DETACH DELETE" if one starts here
  void updating_clause(single_query& q);
  create_clause create();
  merge_clause merge();
  void merge_actions(merge_clause& m);
  set_clause set();
  void set_items(std::vector<set_item>& items);
  set_item one_set_item();
  remove_clause remove();
  set_item one_remove_item();
  expr_ptr property_lookups(expr_ptr base);
  void labels_of(set_item& item);
  delete_clause delete_();
  call_clause call();
  std::string procedure_name();
  void yield_items(call_clause& c);
  void fixed_length(const path_pattern& p, const char* clause);
  [[noreturn]] void fail_at_token(position at, const std::string& problem) const;

  std::string_view text_;
  const std::vector<token> tokens_;  // never changed, so references into it stay good
  std::size_t i_ = 0;
  std::size_t depth_ = 0;
  std::optional<position> pending_minus_;  // see comparison()
};

// How deep evaluating a tree recurses: an expression's height, a pattern one level per
// relationship (plus its property maps), a MATCH its patterns one after another and then its
// WHERE. Called only on trees kept within config::max_cypher_depth, so it recurses boundedly.
[[nodiscard]] std::size_t height(const expr& e);
[[nodiscard]] std::size_t height(const path_pattern& p);
[[nodiscard]] std::size_t height(const match_clause& m);

// The text of tokens [from, to) as written: the default name of a RETURN column.
[[nodiscard]] std::string text_between(std::string_view text, const token& from, const token& to);

}  // namespace cypher_syntax::detail

DOSSIER_NAMESPACE_END
