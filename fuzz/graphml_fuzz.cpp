// GraphML import into a graph that already holds a few entities. The first byte chooses the
// options (bit 0: skip bad lines; 1: ignore unknown attributes; 2: default types; 3: parallel
// repeats). A failed import must leave the graph exactly as it was (its snapshot bytes
// unchanged); a successful one must export to GraphML that imports into an equal graph
// (tests/graph_canonical.hpp: everything, external ids included).
#include "base_graph.hpp"
#include "common.hpp"

#include "../tests/graph_canonical.hpp"
#include "../tests/random_graph.hpp"

#include <dossier/dossier.hpp>

#include <sstream>
#include <string>

namespace {

const dossier::graph& base_graph() {
  static const dossier::graph g = fuzz::make_base_graph(testing_support::random_test_schema());
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto flags = data[0];
  const dossier::import_options options{.skip_bad_lines = (flags & 1) != 0,
                                        .on_repeat = flags & 8 ? dossier::repeat_policy::parallel : dossier::repeat_policy::merge};
  dossier::graphml_options graphml{.ignore_unknown_attributes = (flags & 2) != 0};
  if (flags & 4) graphml.default_entity_type = "Note", graphml.default_relation_type = "UnknownLink";
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto g = base_graph().copy();
  static const std::string before = dossier::save_to_bytes(base_graph());
  const bool imported = fuzz::import_or_unchanged(g, before, [&] {
    std::istringstream in(text);
    dossier::import_graphml(g, in, options, graphml, "fuzz.graphml");
  });
  if (!imported) return 0;
  fuzz::expect_only_typed_errors([&] {
    std::ostringstream out;
    dossier::export_graphml(g, out);
    dossier::graph round{testing_support::random_test_schema()};
    std::istringstream in(out.str());
    try {
      dossier::import_graphml(round, in, {.on_repeat = dossier::repeat_policy::parallel}, {}, "fuzz-exported.graphml");
    } catch (const dossier::error& e) {
      std::fprintf(stderr, "exported GraphML does not import: %s\n%s\n", e.what(), out.str().c_str());
      fuzz::finding("export is not importable");
    }
    if (testing_support::canonical(round, {.external_ids = true}) != testing_support::canonical(g, {.external_ids = true})) {
      std::fprintf(stderr, "exported:\n%s\n", out.str().c_str());
      fuzz::finding("export and import changed the graph");
    }
  });
  return 0;
}
