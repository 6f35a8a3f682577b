// The layers of ../shared/DESIGN.md §3, one folder each under include/dossier/ and src/: a
// header or source includes only its own layer and the layers below it. The rules are here,
// once; the test names the file, the line and the include that breaks one.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Each layer and the layers it may include besides itself. Names and schema do not know each
// other; the store knows citations but not views; views and queries know the store.
const std::map<std::string, std::set<std::string>> layer_rules = {
    {"core", {}},
    {"names", {"core"}},
    {"schema", {"core"}},
    {"provenance", {"core"}},
    {"store", {"core", "names", "schema", "provenance"}},
    {"views", {"core", "names", "schema", "provenance", "store"}},
    {"query", {"core", "names", "schema", "provenance", "store", "views"}},
    {"algorithms", {"core", "names", "schema", "provenance", "store", "views", "query"}},
    {"io", {"core", "names", "schema", "provenance", "store", "views", "query", "algorithms"}},
    {"database", {"core", "names", "schema", "provenance", "store", "views", "query", "algorithms", "io"}},
};

struct violation {
  std::string file;
  std::size_t line;
  std::string include, why;
};

// The layer a path lies in: its first folder under include/dossier/ or src/; "" for the
// umbrella header and the generated version header, which belong to no layer.
std::optional<std::string> layer_of(const fs::path& root, const fs::path& file) {
  const auto rel = fs::relative(fs::weakly_canonical(file), fs::weakly_canonical(root)).lexically_normal();
  auto it = rel.begin();
  if (it == rel.end()) return std::nullopt;
  const auto top = it->string();
  if (top == "include") {
    ++it;
    if (it == rel.end() || it->string() != "dossier") return std::nullopt;
    ++it;
  } else if (top == "src") {
    ++it;
  } else {
    return std::nullopt;
  }
  if (it == rel.end()) return std::nullopt;
  const auto first = it->string();
  if (++it == rel.end()) return std::string();  // a file directly in include/dossier/ or src/
  return first;
}

std::string layer_of_include(const std::string& target) {  // "dossier/core/value.hpp" -> "core"
  const auto parts = fs::path(target);
  auto it = parts.begin();
  if (it == parts.end() || (++it) == parts.end()) return {};
  const auto second = it->string();
  return ++it == parts.end() ? std::string() : second;  // dossier/version.hpp: no layer
}

// The file an #include line names, and whether in <angle brackets>.
std::optional<std::pair<std::string, bool>> include_of(const std::string& line) {
  auto at = line.find_first_not_of(" \t");
  if (at == std::string::npos || line[at] != '#') return std::nullopt;
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos || line.compare(at, 7, "include") != 0) return std::nullopt;
  at = line.find_first_not_of(" \t", at + 7);
  if (at == std::string::npos || (line[at] != '<' && line[at] != '"')) return std::nullopt;
  const char close = line[at] == '<' ? '>' : '"';
  const auto end = line.find(close, at + 1);
  if (end == std::string::npos) return std::nullopt;
  return std::pair{line.substr(at + 1, end - at - 1), close == '>'};
}

std::vector<violation> check_tree(const fs::path& root) {
  std::vector<violation> out;
  for (const auto* top : {"include/dossier", "src"}) {
    if (!fs::exists(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) continue;
      const auto from = layer_of(root, entry.path());
      const auto file = fs::relative(entry.path(), root).string();
      if (!from) continue;
      if (from->empty() && std::string(top) == "src") {
        out.push_back({file, 0, "", "is in no layer folder"});
        continue;
      }
      if (!from->empty() && !layer_rules.count(*from)) {
        out.push_back({file, 0, "", "is in '" + *from + "', which is not a layer"});
        continue;
      }
      std::ifstream in(entry.path());
      std::string text;
      for (std::size_t line = 1; std::getline(in, text); ++line) {
        const auto included = include_of(text);
        if (!included) continue;
        const auto& [target_name, angled] = *included;
        std::string to;
        if (angled) {
          if (!target_name.starts_with("dossier/")) continue;
          to = layer_of_include(target_name);
          if (target_name == "dossier/dossier.hpp" && !from->empty()) {
            out.push_back({file, line, target_name, "includes the umbrella header, which includes every layer"});
            continue;
          }
        } else {
          const auto target = layer_of(root, entry.path().parent_path() / target_name);
          if (!target) {
            out.push_back({file, line, target_name, "includes a file outside include/dossier/ and src/"});
            continue;
          }
          to = *target;
        }
        if (from->empty() || to.empty() || *from == to || layer_rules.at(*from).count(to)) continue;
        out.push_back({file, line, target_name, "layer '" + *from + "' includes layer '" + to + "', which is not below it"});
      }
    }
  }
  return out;
}

std::string describe(const std::vector<violation>& vs) {
  std::string out;
  for (const auto& v : vs) out += v.file + ":" + std::to_string(v.line) + ": " + (v.include.empty() ? "" : v.include + ": ") + v.why + "\n";
  return out;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("layers.includes_point_down") {
  const auto found = check_tree(DOSSIER_SOURCE_DIR);
  INFO(describe(found));
  CHECK(found.empty());
  // Every layer has its folder of headers (a header-only layer has no folder in src/).
  for (const auto& [layer, below] : layer_rules) {
    CHECK_MESSAGE(fs::is_directory(fs::path(DOSSIER_SOURCE_DIR) / "include" / "dossier" / layer), layer);
  }
}

TEST_CASE("layers.an_upward_include_is_named") {
  // A tree of our own with one include of each kind that breaks a rule.
  const auto root = fs::temp_directory_path() / "dossier-layers-test";
  fs::remove_all(root);
  write(root / "include/dossier/core/value.hpp", "#pragma once\n#include <dossier/core/config.hpp>\n");
  write(root / "include/dossier/store/graph.hpp", "#pragma once\n#include <dossier/core/value.hpp>\n#include <dossier/views/view.hpp>\n");
  write(root / "include/dossier/views/view.hpp", "#pragma once\n#include <dossier/store/graph.hpp>\n");
  write(root / "include/dossier/names/names.hpp", "#pragma once\n#include <dossier/schema/schema.hpp>\n");
  write(root / "src/query/run.cpp", "#include \"../io/detail/files.hpp\"\n#include <dossier/views/view.hpp>\n");
  write(root / "src/io/detail/files.hpp", "#pragma once\n");
  write(root / "src/stray.cpp", "int x;\n");
  const auto found = check_tree(root);
  const auto text = describe(found);
  INFO(text);
  REQUIRE(found.size() == 4);
  CHECK(text.find("include/dossier/store/graph.hpp:3: dossier/views/view.hpp: layer 'store' includes layer 'views'") != std::string::npos);
  CHECK(text.find("include/dossier/names/names.hpp:2: dossier/schema/schema.hpp: layer 'names' includes layer 'schema'") != std::string::npos);
  CHECK(text.find("src/query/run.cpp:1: ../io/detail/files.hpp: layer 'query' includes layer 'io'") != std::string::npos);
  CHECK(text.find("src/stray.cpp:0: is in no layer folder") != std::string::npos);
  fs::remove_all(root);
}
