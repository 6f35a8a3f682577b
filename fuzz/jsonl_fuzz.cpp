// JSON Lines import into a graph that already holds the article's dataset. A failed import must
// leave the graph exactly as it was (its snapshot bytes unchanged); a successful one must
// export to JSON Lines that imports again, and save and load.
#include "base_graph.hpp"
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <sstream>
#include <string>

namespace {

const dossier::graph& base_graph() {
  static const dossier::graph g = fuzz::make_base_graph(dossier::schemas::investigations());
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool skip_bad_lines = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto g = base_graph().copy();
  static const std::string before = dossier::save_to_bytes(base_graph());
  const bool imported = fuzz::import_or_unchanged(g, before, [&] {
    std::istringstream in(text);
    dossier::import_jsonl(g, in, {.skip_bad_lines = skip_bad_lines}, "fuzz.jsonl");
  });
  if (!imported) return 0;
  fuzz::expect_only_typed_errors([&] {
    std::ostringstream out;
    dossier::export_jsonl(g, out);
    dossier::graph round{dossier::schemas::investigations()};
    std::istringstream in(out.str());
    try {
      dossier::import_jsonl(round, in, {}, "fuzz-exported.jsonl");
    } catch (const dossier::error& e) {
      std::fprintf(stderr, "exported JSON Lines do not import: %s\n%s\n", e.what(), out.str().c_str());
      fuzz::finding("export is not importable");
    }
    if (round.entity_count() != g.entity_count() || round.relation_count() != g.relation_count())
      fuzz::finding("export and import changed the counts");
    const auto again = dossier::load_from_bytes(dossier::save_to_bytes(g));
    if (again.relation_count() != g.relation_count()) fuzz::finding("save and load changed the counts");
  });
  return 0;
}
