// Neo4j admin-import CSV into a graph that already holds a few entities. The input is files
// separated by NUL bytes, each a node or relationship file by its header (:START_ID). A failed
// import must leave the graph exactly as it was; a successful one must export to CSV that
// imports again with the same counts.
#include "common.hpp"

#include <dossier/dossier.hpp>
#include <dossier/io/neo4j_csv.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const dossier::graph& base_graph() {
  static const dossier::graph g = [] {
    dossier::graph b{dossier::schemas::investigations()};
    const auto ministry = b.add("Ministry", "MIIT");
    b.set_external_id(ministry, "base-miit");
    const auto program = b.add("Program", "Qiming", {.aliases = {"Kiming"}});
    b.set_external_id(program, "base-qiming");
    b.relate(ministry, "oversees", program);
    return b;
  }();
  return g;
}

// A scratch directory on tmpfs where there is one: exports are written and read back often.
const std::filesystem::path& scratch() {
  static const auto dir = [] {
    const std::filesystem::path shm = "/dev/shm";
    auto d = (std::filesystem::exists(shm) ? shm : std::filesystem::temp_directory_path()) / ("dossier-csv-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const dossier::import_options options{.skip_bad_lines = (data[0] & 1) != 0};
  const dossier::neo4j_csv_options csv{.ignore_unknown = (data[0] & 2) != 0};
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::istringstream> parts;
  for (std::size_t at = 0; at <= text.size();) {
    const auto end = std::min(text.find('\0', at), text.size());
    parts.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  std::vector<dossier::neo4j_csv_stream> streams;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool rels = parts[i].str().substr(0, parts[i].str().find('\n')).find(":START_ID") != std::string::npos;
    streams.push_back({rels ? dossier::neo4j_csv_group::kind::relationships : dossier::neo4j_csv_group::kind::nodes, &parts[i],
                       "part" + std::to_string(i) + ".csv"});
  }
  auto g = base_graph().copy();
  static const std::string before = dossier::save_to_bytes(base_graph());
  const bool imported = fuzz::import_or_unchanged(g, before, [&] {
    (void)dossier::import_neo4j_csv(g, std::span<const dossier::neo4j_csv_stream>(streams), options, csv);
  });
  if (!imported) return 0;
  fuzz::expect_only_typed_errors([&] {
    std::filesystem::remove_all(scratch());
    (void)dossier::export_neo4j_csv(g, scratch());
    dossier::graph round{dossier::schemas::investigations()};
    try {
      (void)dossier::import_neo4j_csv(round, scratch(), {.on_repeat = dossier::repeat_policy::parallel});
    } catch (const dossier::error& e) {
      std::fprintf(stderr, "exported CSV does not import: %s\n", e.what());
      fuzz::finding("export is not importable");
    }
    if (round.entity_count() != g.entity_count() || round.relation_count() != g.relation_count())
      fuzz::finding("export and import changed the counts");
  });
  return 0;
}
