// Issue 6 benchmark: JSON Lines export and import throughput (records per second) on the
// generated graph, with the binary snapshot of the same graph as the reference in the same run.
//   jsonl_bench [entities=1000000] [relations=5000000] [dir=/tmp]
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

int main(int argc, char** argv) {
  const auto arguments = bench::size_arguments(argc, argv);
  const std::uint32_t entities = arguments.entities, relations = arguments.relations;
  const std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
  std::printf("jsonl_bench: %u entities, %u relations, one citation each\n", entities, relations);
  const auto data = bench::generate(entities, relations);
  const auto g = bench::build_graph(data, {.cite = true});
  const double records = static_cast<double>(g.entity_count() + g.relation_count());

  const auto path = dir / "jsonl_bench.jsonl";
  auto t0 = std::chrono::steady_clock::now();
  dossier::export_jsonl(g, path);
  const double export_s = bench::seconds_since(t0);
  const auto size = std::filesystem::file_size(path);

  dossier::graph back{dossier::schemas::investigations()};
  std::size_t progress_calls = 0;
  t0 = std::chrono::steady_clock::now();
  const auto report = dossier::import_jsonl(back, path, {.progress = [&](const dossier::import_progress&) { ++progress_calls; },
                                                         .on_repeat = dossier::repeat_policy::parallel});
  const double import_s = bench::seconds_since(t0);
  std::filesystem::remove(path);

  const auto snap = dir / "jsonl_bench.dossier";
  t0 = std::chrono::steady_clock::now();
  dossier::save(g, snap);
  const double save_s = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  const auto loaded = dossier::load(snap);
  const double load_s = bench::seconds_since(t0);
  std::filesystem::remove(snap);

  const bool same = back.entity_count() == g.entity_count() && back.relation_count() == g.relation_count();
  std::printf("export  %7.2f s  %10.0f records/s  %7.1f MB\n", export_s, records / export_s, static_cast<double>(size) / 1e6);
  std::printf("import  %7.2f s  %10.0f records/s  (%zu progress reports)%s\n", import_s, records / import_s, progress_calls,
              same ? "" : "  MISMATCH");
  std::printf("snapshot save %6.2f s, load %6.2f s (reference: export/save %.1fx, import/load %.1fx)\n", save_s, load_s,
              export_s / save_s, import_s / load_s);
  return same && report.skipped.empty() ? 0 : 1;
}
