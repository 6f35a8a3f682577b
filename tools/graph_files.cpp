// The dossier tool's graph files (graph_files.hpp).
#include "graph_files.hpp"

#include <dossier/io/graphml.hpp>
#include <dossier/io/neo4j_csv.hpp>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace dossier_tool {

using namespace dossier;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) { return s.size() >= suffix.size() && s.ends_with(suffix); }

bool has_snapshot_magic(std::istream& in) {
  char magic[8] = {};
  in.read(magic, 8);
  return in.gcount() == 8 && std::memcmp(magic, "\x89" "DOSSIER", 8) == 0;
}

dossier::schema ftm_schema(const read_settings& s) {
  std::string model = s.ftm_model;
  if (model.empty())
    if (const char* env = std::getenv("DOSSIER_FTM_MODEL")) model = env;
  if (model.empty())
    throw usage_error("the FollowTheMoney model is not part of dossier: give --ftm-model defaultModel.json (followthemoney's "
                      "js/src/defaultModel.json) or set DOSSIER_FTM_MODEL");
  return schemas::load_followthemoney(model);
}

// The schema to read with: --schema, else what the file names (a JSON Lines header), else the
// format's own (FtM streams: the FtM model), else the built-in one.
dossier::schema schema_for(const read_settings& s, file_format format, const std::optional<std::string>& named) {
  std::string choice = s.schema;
  if (choice.empty() && named) choice = *named == "followthemoney" ? "ftm" : *named == "investigations" ? "builtin" : "";
  if (choice.empty() && named && !named->empty())
    throw usage_error("the file was written with the schema '" + *named + "'; give --schema FILE to read it");
  if (choice.empty()) choice = format == file_format::ftm ? "ftm" : "builtin";
  if (choice == "builtin") return schemas::investigations();
  if (choice == "ftm") return ftm_schema(s);
  return schemas::load_followthemoney(choice);  // a schema file: a FollowTheMoney-style model
}

// Progress on a terminal only: a log or a pipe gets the summary line alone.
import_options progress_options(bool quiet) {
  import_options o;
  if (quiet || !::isatty(2)) return o;
  o.progress = [](const import_progress& p) {
    static const char* names[] = {"reading", "checking", "adding", "done"};
    std::cerr << "\r" << names[static_cast<int>(p.stage)] << ": " << p.records << " records   " << std::flush;
    if (p.stage == import_progress::phase::done) std::cerr << "\r\033[K" << std::flush;
  };
  return o;
}

// What was read, on standard error: standard output stays the command's answer.
void say_read(const import_report& r, const std::string& origin, bool quiet) {
  if (quiet) return;
  std::cerr << "read " << origin << ": " << r.lines << " lines, " << r.entities << " entities (" << r.sources << (r.sources == 1 ? " of them a source), " : " of them sources), ")
            << r.relations << " relations";
  if (!r.kept_as_text.empty()) std::cerr << "; " << r.kept_as_text.size() << " values kept as text";
  std::cerr << "\n";
}

// Standard input read whole, so that its format can be sniffed and a snapshot loaded.
std::string read_stdin() {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  return buffer.str();
}

}  // namespace

file_format parse_format(const std::string& name) {
  if (name == "jsonl") return file_format::jsonl;
  if (name == "ftm") return file_format::ftm;
  if (name == "neo4j-csv" || name == "csv") return file_format::neo4j_csv;
  if (name == "graphml") return file_format::graphml;
  if (name == "dot") return file_format::dot;
  if (name == "snapshot" || name == "dossier") return file_format::snapshot;
  throw usage_error("unknown format '" + name + "' (jsonl, ftm, neo4j-csv, graphml, dot or snapshot)");
}

const char* format_name(file_format f) {
  switch (f) {
    case file_format::snapshot: return "snapshot";
    case file_format::jsonl: return "jsonl";
    case file_format::ftm: return "ftm";
    case file_format::neo4j_csv: return "neo4j-csv";
    case file_format::graphml: return "graphml";
    case file_format::dot: return "dot";
  }
  return "?";
}

std::optional<file_format> format_by_name(const std::string& path) {
  if (ends_with(path, ".dossier")) return file_format::snapshot;
  if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return file_format::jsonl;
  if (ends_with(path, ".ijson") || ends_with(path, ".ftm.json") || ends_with(path, ".ftm")) return file_format::ftm;
  if (ends_with(path, ".graphml")) return file_format::graphml;
  if (ends_with(path, ".dot") || ends_with(path, ".gv")) return file_format::dot;
  return std::nullopt;
}

file_format detect_format(const std::string& path) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec)) return file_format::neo4j_csv;
  if (const auto by_name = format_by_name(path)) return *by_name;
  if (path == "-") return file_format::jsonl;
  std::ifstream in(path, std::ios::binary);
  return has_snapshot_magic(in) ? file_format::snapshot : file_format::jsonl;
}

dossier::graph read_graph(const std::string& path, const read_settings& s) {
  std::optional<std::string> stdin_bytes;
  if (path == "-" && s.format != file_format::neo4j_csv) stdin_bytes = read_stdin();
  auto format = s.format.value_or(detect_format(path));
  if (stdin_bytes && !s.format && stdin_bytes->starts_with(std::string_view("\x89" "DOSSIER", 8))) format = file_format::snapshot;
  const auto options = progress_options(s.quiet);
  if (format == file_format::dot) throw usage_error("DOT is written, not read: choose another --format");
  if (format == file_format::neo4j_csv) {
    if (path == "-") throw usage_error("Neo4j CSV is a directory of files: it cannot come from standard input");
    graph g{schema_for(s, format, std::nullopt)};
    say_read(import_neo4j_csv(g, std::filesystem::path(path), options), path, s.quiet);
    return g;
  }
  std::istringstream piped;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (stdin_bytes) {
    piped.str(std::move(*stdin_bytes));
    in = &piped;
  } else {
    file.open(path, std::ios::binary);
    if (!file) throw io_error("io.cannot_open", path + ": cannot open for reading");
    in = &file;
  }
  const std::string origin = path == "-" ? "<stdin>" : path;
  if (format == file_format::snapshot) {
    if (path != "-") return load(path);
    return load_from_bytes(piped.str(), origin);
  }
  std::optional<std::string> named;
  if (format == file_format::jsonl) {
    named = jsonl_schema_name(*in);
    in->clear();
    in->seekg(0);
  }
  graph g{schema_for(s, format, named)};
  const auto report = format == file_format::ftm       ? import_ftm(g, *in, options, origin)
                      : format == file_format::graphml ? import_graphml(g, *in, options, {}, origin)
                                                       : import_jsonl(g, *in, options, origin);
  say_read(report, origin, s.quiet);
  return g;
}

dossier::subgraph without_sources(const dossier::graph& g) {
  auto whole = subgraph::whole(g);
  std::erase_if(whole.entities, [&](entity_id e) { return g.is_source(e); });
  return whole;
}

std::string write_graph(const dossier::graph& g, const std::string& path, file_format format) {
  const bool to_stdout = path.empty() || path == "-";
  if (format == file_format::neo4j_csv) {
    if (to_stdout) throw usage_error("Neo4j CSV is a directory of files: give -o DIRECTORY");
    const auto files = export_neo4j_csv(g, path);
    return std::to_string(files.size()) + " files in " + path;
  }
  if (format == file_format::snapshot) {
    if (to_stdout) throw usage_error("a snapshot is binary: give -o FILE.dossier");
    save(g, path);
    return path;
  }
  const dot_options for_programs{.legend = false};  // no legend nodes for programs to take for data
  if (to_stdout) {
    switch (format) {
      case file_format::jsonl: export_jsonl(g, std::cout); break;
      case file_format::ftm: export_ftm(g, std::cout); break;
      case file_format::graphml: export_graphml(g, std::cout); break;
      default: write_dot(std::cout, g, without_sources(g), for_programs); break;
    }
    std::cout.flush();
    if (!std::cout) throw io_error("io.write_failed", "standard output: write failed");
    return path;
  }
  // Every file is written atomically: replaced only once it is whole.
  const std::filesystem::path file(path);
  switch (format) {
    case file_format::jsonl: export_jsonl(g, file); break;
    case file_format::ftm: export_ftm(g, file); break;
    case file_format::graphml: export_graphml(g, file); break;
    default: write_dot(file, g, without_sources(g), for_programs); break;
  }
  return path;
}

}  // namespace dossier_tool
