// Issue 17 benchmark: bulk import of a generated FollowTheMoney stream (Person and Company
// entities, Ownership, Directorship and Payment edges), against parse-only passes over the same
// file with simdjson (the readers' parser) and nlohmann/json (the one they had before), and the
// same graph as JSON Lines. Each import runs in a fresh process, which reports its time and its
// peak memory; the loaded graph's own memory is a snapshot load's, also in a fresh process. The
// same data as CSV go to Kùzu's COPY FROM (bench/compare/kuzu_copy.js), run side by side.
//   import_bench [entities=1000000] [edges=1000000] [dir=/tmp] [model=../shared/.../defaultModel.json]
#include "common.hpp"
#include "timer.hpp"

#include <dossier/dossier.hpp>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// Resident memory now, in bytes (/proc/self/statm).
std::size_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

std::size_t peak_bytes() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<std::size_t>(u.ru_maxrss) * 1024;
}

// The stream: entities first, then edges between them, with datasets and seen times as
// OpenSanctions writes them. Also the same data as two CSV files for Kùzu.
void generate(const fs::path& dir, std::uint32_t entities, std::uint32_t edges) {
  std::ofstream ftm(dir / "import_bench.ijson"), nodes(dir / "kuzu_nodes.csv"), rels(dir / "kuzu_rels.csv");
  nodes << "id,schema,name,country,date\n";
  rels << "from,to,schema,date\n";
  std::uint64_t state = 88172645463325252u;
  const auto next = [&] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  for (std::uint32_t i = 0; i < entities; ++i) {
    const bool person = i % 5 < 3;
    const auto year = 1950 + static_cast<int>(next() % 60);
    const std::string id = "e" + std::to_string(i), name = (person ? "Person " : "Company ") + std::to_string(i);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, 1 + static_cast<int>(next() % 12), 1 + static_cast<int>(next() % 28));
    ftm << R"({"id":")" << id << R"(","schema":")" << (person ? "Person" : "Company") << R"(","properties":{"name":[")" << name
        << R"("],"country":["de"],")" << (person ? "birthDate" : "incorporationDate") << R"(":[")" << date
        << R"("]},"datasets":["bench"],"first_seen":"2023-01-01T00:00:00","last_seen":"2024-06-01T00:00:00"})" << '\n';
    nodes << id << ',' << (person ? "Person" : "Company") << ',' << name << ",de," << date << '\n';
  }
  const std::uint32_t companies_from = 3;  // i % 5 in {3, 4} are companies
  for (std::uint32_t k = 0; k < edges; ++k) {
    const auto a = static_cast<std::uint32_t>(next() % entities);
    auto b = static_cast<std::uint32_t>(next() % entities);
    b = b - b % 5 + companies_from + static_cast<std::uint32_t>(next() % 2);  // a company
    if (b >= entities) b = companies_from;
    const char* schema = k % 3 == 0 ? "Ownership" : k % 3 == 1 ? "Directorship" : "Payment";
    const char* from = k % 3 == 0 ? "owner" : k % 3 == 1 ? "director" : "payer";
    const char* to = k % 3 == 0 ? "asset" : k % 3 == 1 ? "organization" : "beneficiary";
    ftm << R"({"id":"x)" << k << R"(","schema":")" << schema << R"(","properties":{")" << from << R"(":["e)" << a << R"("],")" << to
        << R"(":["e)" << b << R"("],"startDate":["2015"]},"datasets":["bench"]})" << '\n';
    rels << 'e' << a << ",e" << b << ',' << schema << ",2015\n";
  }
}

// ---- the measurements, each run in a child process (run_child) ----

double parse_nlohmann(const fs::path& file, std::size_t& checksum) {
  std::ifstream in(file);
  std::string line;
  const auto t0 = std::chrono::steady_clock::now();
  while (std::getline(in, line)) checksum += nlohmann::json::parse(line).size();
  return bench::seconds_since(t0);
}

// The DOM parser: it picks the processor's kernel at run time (the On-Demand front end would be
// fixed at the build's target), and builds a whole document as nlohmann does.
double parse_simdjson(const fs::path& file, std::size_t& checksum) {
  simdjson::dom::parser parser;
  const auto t0 = std::chrono::steady_clock::now();
  simdjson::padded_string text = simdjson::padded_string::load(file.string());
  simdjson::dom::document_stream docs = parser.parse_many(text);
  for (auto doc : docs) {
    simdjson::dom::object o;
    if (!doc.get(o)) checksum += o.size();
  }
  std::fprintf(stderr, "simdjson kernel: %s\n", simdjson::get_active_implementation()->name().c_str());
  return bench::seconds_since(t0);
}

struct child_result {
  double seconds = 0;
  double peak_mb = 0, base_mb = 0;
  std::size_t count = 0;
};

// Runs this program again as `import_bench --child WHAT FILE MODEL` and reads its one line.
child_result run_child(const std::string& what, const fs::path& file, const std::string& model) {
  const auto out = fs::temp_directory_path() / ("import_bench_child_" + std::to_string(::getpid()));
  const std::string command = "/proc/" + std::to_string(::getpid()) + "/exe --child " + what + " '" + file.string() + "' '" + model + "' > '" +
                              out.string() + "'";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "import_bench: the %s run failed\n", what.c_str());
    std::exit(1);
  }
  child_result r;
  std::ifstream in(out);
  in >> r.seconds >> r.peak_mb >> r.base_mb >> r.count;
  fs::remove(out);
  return r;
}

int child(const std::string& what, const fs::path& file, const std::string& model) {
  const double base = static_cast<double>(resident_bytes()) / 1e6;
  double seconds = 0;
  std::size_t count = 0;
  if (what == "parse-nlohmann") {
    seconds = parse_nlohmann(file, count);
  } else if (what == "parse-simdjson") {
    seconds = parse_simdjson(file, count);
  } else if (what == "load") {
    const auto t0 = std::chrono::steady_clock::now();
    const auto g = dossier::load(file);
    seconds = bench::seconds_since(t0);
    count = g.entity_count() + g.relation_count();
    // The graph's own memory: resident now, less what the process held before.
    std::printf("%.3f %.1f %.1f %zu\n", seconds, static_cast<double>(resident_bytes()) / 1e6, base, count);
    return 0;
  } else {
    dossier::graph g{dossier::schemas::load_followthemoney(model)};
    const auto t0 = std::chrono::steady_clock::now();
    const auto report = what == "import-jsonl" ? dossier::import_jsonl(g, file) : dossier::import_ftm(g, file);
    seconds = bench::seconds_since(t0);
    count = report.entities + report.relations;
    // The snapshot and JSON Lines the later runs read, written after the clock and in a run of
    // their own, so that neither the time nor the peak of an import includes them.
    if (what == "convert") {
      dossier::save(g, file.parent_path() / "import_bench.dossier");
      dossier::export_jsonl(g, file.parent_path() / "import_bench.jsonl");
    }
  }
  std::printf("%.3f %.1f %.1f %zu\n", seconds, static_cast<double>(peak_bytes()) / 1e6, base, count);
  return 0;
}

}  // namespace

// Kùzu's COPY FROM of the same data as CSV, side by side (bench/compare/kuzu_copy.js), where
// bench/compare/setup has installed it.
void kuzu_copy(const fs::path& dir, double ftm_seconds, double jsonl_seconds) {
  const fs::path script = fs::path(DOSSIER_BENCH_COMPARE_DIR) / "kuzu_copy.js";
  if (!fs::exists(fs::path(DOSSIER_BENCH_COMPARE_DIR) / "node_modules" / "kuzu")) {
    std::printf("Kuzu COPY: skipped (run bench/compare/setup); its input is %s and %s\n", (dir / "kuzu_nodes.csv").c_str(),
                (dir / "kuzu_rels.csv").c_str());
    return;
  }
  const std::string command = "node '" + script.string() + "' '" + dir.string() + "'";
  FILE* out = ::popen(command.c_str(), "r");
  double seconds = 0;
  unsigned long nodes = 0, rels = 0;
  const int read = out ? std::fscanf(out, "kuzu_copy %lf nodes %lu rels %lu", &seconds, &nodes, &rels) : 0;
  if (!out || ::pclose(out) != 0 || read != 3 || seconds <= 0) {
    std::printf("Kuzu COPY: the run failed\n");
    return;
  }
  std::printf("Kuzu COPY FROM CSV     %7.2f s  (%lu nodes, %lu relationships): FtM import %.2fx its time, JSON Lines %.2fx\n", seconds, nodes,
              rels, ftm_seconds / seconds, jsonl_seconds / seconds);
}

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--child") return child(argv[2], argv[3], argv[4]);
  const auto entities = bench::count_argument(argc, argv, 1, "entities", 1'000'000, 1000, 50'000'000);
  const auto edges = bench::count_argument(argc, argv, 2, "edges", 1'000'000, 1, 50'000'000);
  const fs::path dir = argc > 3 ? argv[3] : fs::temp_directory_path();
  const std::string model = argc > 4 ? argv[4] : std::string(DOSSIER_SHARED_DIR) + "/data/followthemoney/defaultModel.json";
  if (!fs::exists(model)) {
    std::printf("import_bench: skipped: the FollowTheMoney model %s is not there\n", model.c_str());
    return 0;
  }
  std::printf("import_bench: %u FtM entities and %u edges\n", entities, edges);
  auto t0 = std::chrono::steady_clock::now();
  generate(dir, entities, edges);
  const auto ftm = dir / "import_bench.ijson";
  std::printf("generated %.1f MB in %.1f s\n", static_cast<double>(fs::file_size(ftm)) / 1e6, bench::seconds_since(t0));

  const auto parse = run_child("parse-nlohmann", ftm, model);
  const auto simd = run_child("parse-simdjson", ftm, model);
  const auto imported = run_child("import-ftm", ftm, model);
  (void)run_child("convert", ftm, model);
  const auto jsonl_file = dir / "import_bench.jsonl";
  const auto jsonl_parse = run_child("parse-simdjson", jsonl_file, model);
  const auto jsonl = run_child("import-jsonl", jsonl_file, model);
  const auto loaded = run_child("load", dir / "import_bench.dossier", model);
  const double graph_mb = loaded.peak_mb - loaded.base_mb;
  const double records = entities + edges;
  std::printf("FtM parse only, nlohmann   %7.2f s  %9.0f records/s\n", parse.seconds, records / parse.seconds);
  std::printf("FtM parse only, simdjson   %7.2f s  %9.0f records/s  (%.1fx nlohmann's speed)\n", simd.seconds, records / simd.seconds,
              parse.seconds / simd.seconds);
  std::printf("FtM import                 %7.2f s  %9.0f records/s  %.1fx the simdjson parse; %zu entities and relations\n",
              imported.seconds, records / imported.seconds, imported.seconds / simd.seconds, imported.count);
  std::printf("JSON Lines parse, simdjson %7.2f s  (%.0f MB)\n", jsonl_parse.seconds, static_cast<double>(fs::file_size(jsonl_file)) / 1e6);
  std::printf("JSON Lines import          %7.2f s  %9.0f records/s  %.1fx the simdjson parse\n", jsonl.seconds,
              static_cast<double>(jsonl.count) / jsonl.seconds, jsonl.seconds / jsonl_parse.seconds);
  std::printf("snapshot load              %7.2f s  (the graph holds %.0f MB)\n", loaded.seconds, graph_mb);
  std::printf("peak memory: FtM import %.0f MB = %.2fx the graph, JSON Lines import %.0f MB = %.2fx\n", imported.peak_mb - imported.base_mb,
              (imported.peak_mb - imported.base_mb) / graph_mb, jsonl.peak_mb - jsonl.base_mb, (jsonl.peak_mb - jsonl.base_mb) / graph_mb);
  kuzu_copy(dir, imported.seconds, jsonl.seconds);
  if (!std::getenv("DOSSIER_BENCH_KEEP"))  // set it to profile a child run on the files
    for (const char* f : {"import_bench.ijson", "import_bench.jsonl", "import_bench.dossier", "kuzu_nodes.csv", "kuzu_rels.csv"})
      fs::remove(dir / f);
  return 0;
}
