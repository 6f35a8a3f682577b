// A helper for tests/interop/networkx_graphml.py: it prints every entity's properties and every
// relation's ends, which the dossier tool does not, and uses the library's options directly:
//   graphml_tool export IN.jsonl OUT.graphml      JSON Lines in, GraphML out
//   graphml_tool import IN.graphml [--default-entity-type T] [--default-relation-type T] [--ignore-unknown]
// `import` prints what it read, one line each, tab-separated, for the script to check:
//   entities N / relations N
//   E  external-id  type  name  property=value ...   (properties sorted)
//   R  source-id  type  target-id
// Errors go to standard error with exit code 1.
#include <dossier/dossier.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

using namespace dossier;

namespace {

int usage() {
  std::cerr << "usage: graphml_tool export IN.jsonl OUT.graphml\n"
               "       graphml_tool import IN.graphml [--default-entity-type T] [--default-relation-type T] [--ignore-unknown]\n";
  return 2;
}

void print(const graph& g) {
  std::cout << "entities\t" << g.entity_count() << "\nrelations\t" << g.relation_count() << "\n";
  for (const auto e : g.entities()) {
    const auto ref = g.get(e);
    std::vector<std::string> props;
    for (const auto& p : ref.properties()) props.push_back(g.schema().property_name(p.property) + "=" + p.val.to_string());
    std::sort(props.begin(), props.end());
    std::cout << "E\t" << ref.external_id() << "\t" << ref.type_name() << "\t" << ref.name();
    for (const auto& p : props) std::cout << "\t" << p;
    std::cout << "\n";
  }
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r) {
    if (!g.relation_live(r)) continue;
    const auto ref = g.get(static_cast<relation_id>(r));
    std::cout << "R\t" << g.get(ref.source()).external_id() << "\t" << ref.type_name() << "\t" << g.get(ref.target()).external_id() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 3 && args[0] == "export") {
      graph g{schemas::investigations()};
      (void)import_jsonl(g, std::filesystem::path(args[1]));
      export_graphml(g, std::filesystem::path(args[2]));
      return 0;
    }
    if (args.size() >= 2 && args[0] == "import") {
      graphml_options options;
      for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--ignore-unknown") options.ignore_unknown_attributes = true;
        else if (args[i] == "--default-entity-type" && i + 1 < args.size()) options.default_entity_type = args[++i];
        else if (args[i] == "--default-relation-type" && i + 1 < args.size()) options.default_relation_type = args[++i];
        else return usage();
      }
      graph g{schemas::investigations()};
      (void)import_graphml(g, std::filesystem::path(args[1]), {.on_repeat = repeat_policy::parallel}, options);
      print(g);
      return 0;
    }
    return usage();
  } catch (const error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
