#pragma once
// Cypher's tokens (openCypher 9 lexical rules): names (and `quoted names`), numbers, strings,
// parameters and symbols; white space and comments (// and /* */) between them. Keywords are
// names: which name is a keyword depends on where it stands, so the parser decides.

#include <dossier/query/cypher_syntax.hpp>

#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax::detail {

enum class token_kind : std::uint8_t { name, quoted_name, integer, real, string, parameter, symbol, end };

struct token {
  token_kind kind = token_kind::end;
  std::string text = {};  // a name, a symbol, a parameter's name; a string's content, unescaped
  std::int64_t integer = 0;
  double real = 0;
  std::size_t offset = 0;  // in the statement's bytes
  position at = {};
};

// All tokens of a statement, ending with an `end` token; syntax_error on bad text.
[[nodiscard]] std::vector<token> tokenize(std::string_view text);

// A syntax error at a byte offset: the message names the line and column, then shows that line
// with a caret under the place.
[[noreturn]] void fail_at(std::string_view text, std::size_t offset, const std::string& problem);

// Upper-case ASCII, for comparing keywords.
[[nodiscard]] std::string upper(std::string_view s);

}  // namespace cypher_syntax::detail

DOSSIER_NAMESPACE_END
