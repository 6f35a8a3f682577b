#pragma once
// Shared by the parser's tests: a statement that must not parse, and where and why.
#include <dossier/query/cypher_syntax.hpp>

#include <doctest/doctest.h>

#include <string>

namespace testing_support {

inline void check_syntax_error(const std::string& text, std::size_t line, std::size_t column, const std::string& words) {
  CAPTURE(text);
  try {
    (void)dossier::cypher_syntax::parse(text);
    FAIL("parsed");
  } catch (const dossier::syntax_error& e) {
    CHECK(e.id() == "dossier.cypher.syntax");
    CHECK(e.line() == line);
    CHECK(e.column() == column);
    CHECK_MESSAGE(std::string(e.what()).find(words) != std::string::npos, e.what());
  }
}

}  // namespace testing_support
