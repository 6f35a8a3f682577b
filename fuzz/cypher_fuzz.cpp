// The Cypher parser on arbitrary text: it either gives a tree or a syntax_error whose line and
// column lie within the text; nothing else escapes, and nothing crashes or recurses without end.
#include "common.hpp"

#include <dossier/query/cypher_syntax.hpp>

#include <algorithm>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only_typed_errors([&] {
    try {
      (void)dossier::cypher_syntax::parse(text);
    } catch (const dossier::syntax_error& e) {
      const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
      if (e.line() < 1 || e.line() > lines || e.column() < 1 || e.column() > text.size() + 1) fuzz::finding("a syntax error points outside the text");
    }
  });
  return 0;
}
