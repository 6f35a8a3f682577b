// The README's code must be code that compiles. A README block marked
//   <!-- snippet: examples/file.cpp "name" ... -->
// must equal, line for line, the block between `// [readme: name]` and `// [/readme]` in that
// file (an example, so it is compiled and run by the suite), with the markers' indentation removed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <iterator>
#include <algorithm>
#include <vector>

namespace {

const std::filesystem::path source_dir = DOSSIER_SOURCE_DIR;

std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  REQUIRE_MESSAGE(in, "cannot read " << p.string());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct snippet {
  std::string file, name;
  std::size_t readme_line;  // 1-based line of the marker
  std::vector<std::string> code;
};

std::vector<snippet> readme_snippets() {
  const auto lines = read_lines(source_dir / "README.md");
  std::vector<snippet> found;
  const std::string marker = "<!-- snippet: ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(marker, 0) != 0) continue;
    std::istringstream fields(lines[i].substr(marker.size()));
    snippet s;
    s.readme_line = i + 1;
    fields >> s.file;
    const auto open = lines[i].find('"'), close = lines[i].find('"', open + 1);
    REQUIRE_MESSAGE(close != std::string::npos, "README.md:" << i + 1 << ": snippet marker without a quoted name");
    s.name = lines[i].substr(open + 1, close - open - 1);
    REQUIRE_MESSAGE((i + 1 < lines.size() && lines[i + 1] == "```cpp"), "README.md:" << i + 2 << ": expected ```cpp after the marker");
    std::size_t j = i + 2;
    for (; j < lines.size() && lines[j] != "```"; ++j) s.code.push_back(lines[j]);
    REQUIRE_MESSAGE(j < lines.size(), "README.md:" << i + 1 << ": code block never closed");
    found.push_back(std::move(s));
  }
  return found;
}

// The lines between the markers, less the opening marker's indentation.
std::vector<std::string> marked_block(const std::filesystem::path& file, const std::string& name) {
  const auto lines = read_lines(file);
  const std::string open = "// [readme: " + name + "]", close = "// [/readme]";
  std::vector<std::string> block;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto at = lines[i].find(open);
    if (at == std::string::npos) continue;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      if (lines[j].find(close) != std::string::npos) return block;
      const auto& l = lines[j];
      block.push_back(l.size() >= at && l.find_first_not_of(' ') >= at ? l.substr(at) : l);
    }
    FAIL(file.string() << ":" << i + 1 << ": block '" << name << "' is never closed by " << close);
  }
  FAIL(file.string() << ": no block marked " << open);
  return block;
}

}  // namespace

TEST_CASE("docs.readme.snippets_are_the_code_of_compiled_examples") {
  const auto snippets = readme_snippets();
  REQUIRE_MESSAGE(!snippets.empty(), "README.md has no snippet markers: the check would prove nothing");
  for (const auto& s : snippets) {
    CAPTURE(s.file);
    CAPTURE(s.name);
    const auto code = marked_block(source_dir / s.file, s.name);
    REQUIRE_MESSAGE(!code.empty(), s.file << ": block '" << s.name << "' is empty");
    for (std::size_t k = 0; k < std::max(code.size(), s.code.size()); ++k) {
      const std::string in_readme = k < s.code.size() ? s.code[k] : "<end of block>";
      const std::string in_file = k < code.size() ? code[k] : "<end of block>";
      if (in_readme != in_file) {
        FAIL_CHECK("README.md:" << s.readme_line + 2 + k << " differs from " << s.file << ":\n  README:  " << in_readme
                                << "\n  example: " << in_file);
        break;
      }
    }
  }
}

TEST_CASE("docs.readme.every_cpp_block_is_a_snippet") {
  // Code in the README that no example compiles would rot unseen.
  const auto lines = read_lines(source_dir / "README.md");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != "```cpp") continue;
    CAPTURE(i + 1);
    CHECK_MESSAGE((i > 0 && lines[i - 1].rfind("<!-- snippet: ", 0) == 0), "README.md:" << i + 1 << ": a C++ block without a snippet marker");
  }
}

TEST_CASE("docs.errors.every_id_is_listed") {
  // Every "layer.name" id that the library's sources raise appears in docs/errors.md.
  std::string listed;
  for (const auto& l : read_lines(source_dir / "docs" / "errors.md")) listed += l + "\n";
  // String literals of the form "layer.name" (no std::regex: GCC 12 warns inside it under the sanitizers).
  const std::vector<std::string> layers = {"value", "schema", "provenance", "store", "names", "query", "format", "import", "io", "database"};
  const auto literals = [&](const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = text.find('"'); at != std::string::npos; at = text.find('"', at + 1)) {
      const auto end = text.find('"', at + 1);
      if (end == std::string::npos) break;
      const auto body = text.substr(at + 1, end - at - 1);
      const auto dot = body.find('.');
      const bool shaped = dot != std::string::npos && dot + 1 < body.size() &&
                          body.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.") == std::string::npos &&
                          body.find('.', dot + 1) == std::string::npos;
      if (shaped && std::find(layers.begin(), layers.end(), body.substr(0, dot)) != layers.end()) out.push_back(body);
      at = end;
    }
    return out;
  };
  std::size_t ids = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir / "src")) {
    if (!entry.is_regular_file()) continue;
    const auto text = [&] {
      std::ifstream in(entry.path());
      return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    for (const auto& literal : literals(text)) {
      ++ids;
      const auto id = "`dossier." + literal + "`";
      CHECK_MESSAGE(listed.find(id) != std::string::npos, entry.path().string() << " raises " << id << ", which docs/errors.md does not list");
    }
  }
  CHECK(ids > 50);
}
