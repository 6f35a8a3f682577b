// FollowTheMoney entity streams, read with a small FtM model of our own (tests/data/ftm-mini.json)
// into a graph that already holds an entity. A failed import must leave the graph as it was; a
// successful one must write FtM that reads again with the same counts.
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <sstream>
#include <string>

namespace {

const dossier::graph& base_graph() {
  static const dossier::graph g = [] {
    dossier::graph b{dossier::schemas::load_followthemoney(DOSSIER_FTM_MINI_MODEL)};
    std::istringstream in(R"({"id": "base-person", "schema": "Person", "properties": {"name": ["Wang Lei"]}})" "\n");
    (void)dossier::import_ftm(b, in, {}, "base.ijson");
    return b;
  }();
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
    (void)dossier::import_ftm(g, in, {.skip_bad_lines = skip_bad_lines}, "fuzz.ijson");
  });
  if (!imported) return 0;
  fuzz::expect_only_typed_errors([&] {
    std::ostringstream out;
    dossier::export_ftm(g, out);
    dossier::graph round{dossier::schema(g.schema())};
    std::istringstream in(out.str());
    try {
      (void)dossier::import_ftm(round, in, {}, "fuzz-exported.ijson");
    } catch (const dossier::error& e) {
      std::fprintf(stderr, "exported FtM does not import: %s\n%s\n", e.what(), out.str().c_str());
      fuzz::finding("export is not importable");
    }
    if (round.entity_count() != g.entity_count() || round.relation_count() != g.relation_count())
      fuzz::finding("export and import changed the counts");
  });
  return 0;
}
