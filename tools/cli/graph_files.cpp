// The dossier tool's graph files (graph_files.hpp).
#include "graph_files.hpp"

#include <dossier/io/graphml.hpp>
#include <dossier/io/neo4j_csv.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace dossier_tool {

using namespace dossier;

namespace {

constexpr std::string_view snapshot_magic{"\x89" "DOSSIER", 8};
constexpr std::string_view byte_order_mark{"\xEF\xBB\xBF", 3};
constexpr std::size_t head_size = 4096;  // enough to see past a JSON Lines file's # comments

bool ends_with(const std::string& s, std::string_view suffix) { return s.size() >= suffix.size() && s.ends_with(suffix); }

std::string origin_of(const std::string& path) { return path == "-" ? "<stdin>" : path; }

const char* describe(file_format f) {
  switch (f) {
    case file_format::snapshot: return "a dossier snapshot";
    case file_format::jsonl: return "JSON Lines";
    case file_format::ftm: return "a FollowTheMoney stream";
    case file_format::neo4j_csv: return "Neo4j CSV";
    case file_format::graphml: return "GraphML";
    case file_format::dot: return "DOT";
  }
  return "?";
}

const char* describe(content_kind c) {
  switch (c) {
    case content_kind::empty: return "empty";
    case content_kind::snapshot: return "a dossier snapshot";
    case content_kind::binary: return "binary data (a damaged snapshot?)";
    case content_kind::json: return "JSON";
    case content_kind::xml: return "XML";
    case content_kind::text: return "text";
  }
  return "?";
}

// The format the content itself suggests, when there is no other word on it.
file_format by_content(content_kind c) {
  switch (c) {
    case content_kind::snapshot:
    case content_kind::binary: return file_format::snapshot;  // load() then says what is damaged
    case content_kind::xml: return file_format::graphml;
    default: return file_format::jsonl;
  }
}

// Whether content of this kind can be a file of that format. Text and empty files go to their
// reader, whose messages name the line; only plain contradictions are refused here.
bool fits(file_format f, content_kind c) {
  const bool snapshot_like = c == content_kind::snapshot || c == content_kind::binary;
  switch (f) {
    case file_format::snapshot: return snapshot_like || c == content_kind::empty;
    case file_format::jsonl:
    case file_format::ftm: return !snapshot_like && c != content_kind::xml;
    case file_format::graphml: return !snapshot_like && c != content_kind::json;
    case file_format::neo4j_csv: return !snapshot_like;
    case file_format::dot: return true;  // refused anyway: DOT is written, not read
  }
  return true;
}

dossier::schema ftm_schema(const read_settings& s) {
  std::string model = s.ftm_model;
  if (model.empty())
    if (const char* env = std::getenv("DOSSIER_FTM_MODEL")) model = env;
  if (model.empty())
    throw usage_error("the FollowTheMoney model is not part of dossier: give --ftm-model defaultModel.json (followthemoney's "
                      "js/src/defaultModel.json) or set DOSSIER_FTM_MODEL");
  return read_ftm_model(model);
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
  return read_ftm_model(choice);  // a schema file: a FollowTheMoney-style model
}

// Progress on a terminal only, in words that add up: lines while reading, then records of the total.
import_options progress_options(bool quiet) {
  import_options o;
  if (quiet || !stderr_is_terminal()) return o;
  o.progress = [](const import_progress& p) {
    using phase = import_progress::phase;
    if (p.stage == phase::done) {
      std::cerr << "\r\033[K" << std::flush;
      return;
    }
    std::cerr << "\r\033[K";
    if (p.stage == phase::reading) std::cerr << "reading: " << p.lines << " lines";
    else std::cerr << (p.stage == phase::validating ? "checking: " : "adding: ") << p.records << " of " << p.total << " records";
    std::cerr << std::flush;
  };
  return o;
}

// What was read, on standard error: standard output stays the command's answer. The summary is
// progress (a terminal's only); values kept as text are a warning, shown unless -q.
void say_read(const import_report& r, const std::string& origin, bool quiet) {
  if (quiet) return;
  if (stderr_is_terminal())
    std::cerr << "read " << origin << ": " << r.entities << " entities ("
              << r.sources << (r.sources == 1 ? " of them a source), " : " of them sources), ") << r.relations << " relations\n";
  if (!r.kept_as_text.empty())
    std::cerr << "dossier: " << origin << ": " << r.kept_as_text.size() << " values did not read as their declared kind and were kept as text\n";
}

std::string read_all(std::istream& in) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string read_head(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path + ": cannot open for reading (" + std::strerror(errno) + ")");
  std::string head(head_size, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

graph read_neo4j(const std::string& path, const read_settings& s) {
  if (path == "-") throw usage_error("Neo4j CSV is a directory of files: it cannot come from standard input");
  graph g{schema_for(s, file_format::neo4j_csv, std::nullopt)};
  say_read(import_neo4j_csv(g, std::filesystem::path(path), progress_options(s.quiet)), path, s.quiet);
  return g;
}

graph read_stream(std::istream& in, file_format format, const std::string& origin, const read_settings& s) {
  std::optional<std::string> named;
  if (format == file_format::jsonl) {
    named = jsonl_schema_name(in);
    in.clear();
    in.seekg(0);
  }
  graph g{schema_for(s, format, named)};
  const auto options = progress_options(s.quiet);
  const auto report = format == file_format::ftm       ? import_ftm(g, in, options, origin)
                      : format == file_format::graphml ? import_graphml(g, in, options, {}, origin)
                                                       : import_jsonl(g, in, options, origin);
  say_read(report, origin, s.quiet);
  return g;
}

}  // namespace

bool stderr_is_terminal() { return ::isatty(2) == 1; }

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

content_kind sniff(std::string_view head) {
  if (head.empty()) return content_kind::empty;
  if (head.starts_with(snapshot_magic)) return content_kind::snapshot;
  if (static_cast<unsigned char>(head[0]) == 0x89) return content_kind::binary;  // how a snapshot starts
  for (const char c : head) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || u == 0x7f) return content_kind::binary;
  }
  if (head.starts_with(byte_order_mark)) head.remove_prefix(byte_order_mark.size());
  while (true) {  // JSON Lines files may open with # comment lines
    const auto first = head.find_first_not_of(" \t\r\n\f");
    if (first == std::string_view::npos) return content_kind::text;
    if (head[first] == '{' || head[first] == '[') return content_kind::json;
    if (head[first] == '<') return content_kind::xml;
    if (head[first] != '#') return content_kind::text;
    const auto end = head.find('\n', first);
    if (end == std::string_view::npos) return content_kind::text;
    head.remove_prefix(end + 1);
  }
}

file_format choose_format(const std::string& path, std::optional<file_format> named, std::string_view head) {
  const auto content = sniff(head);
  const auto by_name = path == "-" ? std::nullopt : format_by_name(path);
  if (!named && !by_name) return by_content(content);
  const auto format = named ? *named : *by_name;
  if (fits(format, content)) return format;
  const std::string said = named ? std::string("--format ") + format_name(format) + " says " : std::string("its name says ");
  throw input_error(origin_of(path) + ": " + said + describe(format) + ", but the content is " + describe(content) +
                    "; give --format " + format_name(by_content(content)) + " to read it as " + describe(by_content(content)));
}

file_format format_of(const std::string& path, std::optional<file_format> named) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return file_format::neo4j_csv;
  return choose_format(path, named, read_head(path));
}

schema read_ftm_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path + ": cannot open for reading (" + std::strerror(errno) + ")");
  std::string text = read_all(in);
  if (std::string_view(text).starts_with(byte_order_mark)) text.erase(0, byte_order_mark.size());
  return schemas::parse_followthemoney(text, path);
}

namespace {

// A directory holding snapshot-N.dossier files is a database (dossier/database/database.hpp).
bool is_database(const std::string& path) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("snapshot-") && name.ends_with(".dossier")) return true;
  }
  return false;
}

}  // namespace

dossier::graph read_graph(const std::string& path, const read_settings& s) {
  std::error_code ec;
  // A database is read as its latest committed version, read-only: its writer may go on.
  if (path != "-" && (!s.format || *s.format == file_format::snapshot) && std::filesystem::is_directory(path, ec) && is_database(path)) {
    const auto db = database::open(path, {.read_only = true});
    return db.read().graph().copy();
  }
  if (s.format == file_format::neo4j_csv || (path != "-" && std::filesystem::is_directory(path, ec))) {
    if (s.format && *s.format != file_format::neo4j_csv)
      throw input_error(path + " is a directory: only Neo4j CSV is read from one (--format neo4j-csv)");
    return read_neo4j(path, s);
  }
  // Standard input is read whole: its first bytes choose the format, and a snapshot loads from memory.
  std::optional<std::string> piped;
  if (path == "-") piped = read_all(std::cin);
  const auto head = piped ? std::string_view(*piped).substr(0, head_size) : std::string_view();
  const std::string file_head = piped ? std::string() : read_head(path);
  const auto format = choose_format(path, s.format, piped ? head : std::string_view(file_head));
  if (format == file_format::dot) throw usage_error("DOT is written, not read: choose another --format");
  if (format == file_format::snapshot) return piped ? load_from_bytes(*piped, origin_of(path)) : load(path);
  if (piped) {
    std::istringstream in(std::move(*piped));
    return read_stream(in, format, origin_of(path), s);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path + ": cannot open for reading (" + std::strerror(errno) + ")");
  return read_stream(in, format, path, s);
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
  if (format == file_format::snapshot && !to_stdout) {
    save(g, path);
    return path;
  }
  const dot_options for_programs{.legend = false};  // no legend nodes for programs to take for data
  if (to_stdout) {
    switch (format) {
      case file_format::snapshot:
        if (::isatty(1)) throw usage_error("a snapshot is binary: give -o FILE.dossier, or send standard output to a pipe or file");
        std::cout << save_to_bytes(g);
        break;
      case file_format::jsonl: export_jsonl(g, std::cout); break;
      case file_format::ftm: export_ftm(g, std::cout); break;
      case file_format::graphml: export_graphml(g, std::cout); break;
      default: write_dot(std::cout, g, without_sources(g), for_programs); break;
    }
    std::cout.flush();
    if (!std::cout) throw io_error("io.write_failed", "standard output: write failed");
    return "standard output";
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
