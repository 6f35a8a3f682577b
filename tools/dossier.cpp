// The dossier command-line tool: import, export, question and draw a knowledge graph.
// Graph files are snapshots (.dossier) or any interchange format (graph_files.hpp).
#include "graph_files.hpp"

#include <dossier/dossier.hpp>

#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace dossier;
using dossier_tool::usage_error;

namespace {

constexpr const char* usage = R"(usage: dossier COMMAND [ARGS]

Commands:
  import INPUT [-o OUT.dossier]        validate and load a file (or - for standard input), save a snapshot
  export GRAPH [-o OUT] [--format F]   write a graph in a format (standard output by default)
  stats GRAPH                          count entities and relations by type
  show GRAPH ID                        an entity by its external id: names, properties, evidence, relations
  resolve GRAPH NAME [--type T]        what a name (or a misspelling of it) refers to, with scores
  linked GRAPH --from TYPE --to NAME [--hops N] [--min-confidence C] [--as-of DATE] [--best]
                                       which entities of TYPE link to NAME, with evidence paths
  path GRAPH FROM TO [--k K]           the K shortest paths between two named entities
  dot GRAPH [-o OUT.dot] [--no-legend] Graphviz DOT of the whole graph, for a picture
  schema [--ftm MODEL.json]            the built-in (or a FollowTheMoney) schema as Markdown tables

GRAPH and INPUT are a snapshot written by `dossier import` or a file of any format:
  --format F      the input's format: jsonl, ftm (FollowTheMoney), neo4j-csv (a directory of
                  neo4j-admin import files), graphml, snapshot; by default by its name (.jsonl,
                  .ijson, .graphml, .dossier, a directory), then by its content. For export, the
                  output's format: jsonl, ftm, neo4j-csv (-o DIRECTORY), graphml, dot, snapshot; by
                  default by the -o name, else jsonl; --from F is then the input's
  --schema S      read with this schema: builtin, ftm, or a FollowTheMoney model file; by default
                  the one a JSON Lines header names, FtM for FtM streams, else builtin
  --ftm-model M   the FollowTheMoney model (defaultModel.json) for --schema ftm ($DOSSIER_FTM_MODEL)
  -h, --help      show this help        -q, --quiet     no progress on standard error
Exit status: 0 success, 1 bad input or no answer, 2 wrong usage.
)";

struct arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool quiet = false;

  [[nodiscard]] std::optional<std::string> get(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::nullopt : std::optional(it->second);
  }
};

arguments parse(int argc, char** argv, int first) {
  arguments a;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-q" || arg == "--quiet") a.quiet = true;
    else if (arg == "--best" || arg == "--no-legend") a.options[arg] = "1";
    else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      if (i + 1 >= argc) throw usage_error("option " + arg + " needs a value");
      a.options[arg] = argv[++i];
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

// The input format is --format, except for export, whose --format is its output's (--from then).
graph open_graph(const std::string& path, const arguments& a, const char* format_option = "--format") {
  dossier_tool::read_settings settings{
      .format = std::nullopt, .schema = a.get("--schema").value_or(""), .ftm_model = a.get("--ftm-model").value_or(""), .quiet = a.quiet};
  if (auto f = a.get(format_option)) settings.format = dossier_tool::parse_format(*f);
  return dossier_tool::read_graph(path, settings);
}

std::string need(const arguments& a, std::size_t i, const char* what) {
  if (a.positional.size() <= i) throw usage_error(std::string("missing ") + what);
  return a.positional[i];
}

int cmd_import(const arguments& a) {
  const auto in = need(a, 0, "INPUT");
  const auto g = open_graph(in, a);
  const auto out = a.get("-o").value_or(in == "-" ? "graph.dossier" : std::filesystem::path(in).replace_extension(".dossier").string());
  save(g, out);
  std::cout << "saved " << g.entity_count() << " entities and " << g.relation_count() << " relations to " << out << "\n";
  return 0;
}

int cmd_export(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a, "--from");
  // --format, else the output's name (-o out.graphml), else JSON Lines.
  const auto out = a.get("-o");
  const auto named = a.get("--format");
  const auto by_name = out ? dossier_tool::format_by_name(*out) : std::nullopt;
  const auto format = named ? dossier_tool::parse_format(*named) : by_name.value_or(dossier_tool::file_format::jsonl);
  const auto written = dossier_tool::write_graph(g, out.value_or("-"), format);
  if (out && !a.quiet) std::cerr << "wrote " << dossier_tool::format_name(format) << ": " << written << "\n";
  return 0;
}

int cmd_stats(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  // Sources are entities too: counted with them, and said how many, as the demo and imports say it.
  const auto sources = g.source_count();
  std::cout << g.entity_count() << " entities (" << sources << " of them " << (sources == 1 ? "a source" : "sources") << "), "
            << g.relation_count() << " relations\n";
  std::map<std::string, std::size_t> by_entity, by_relation;
  for (auto e : g.entities()) ++by_entity[g.get(e).type_name()];
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
    if (g.relation_live(r)) ++by_relation[g.schema().name(g.relation_type_of(r))];
  for (const auto& [t, n] : by_entity) std::cout << "  " << t << ": " << n << "\n";
  for (const auto& [t, n] : by_relation) std::cout << "  -[" << t << "]-> " << n << "\n";
  return 0;
}

int cmd_resolve(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  const auto name = need(a, 1, "NAME");
  lookup_options o{.type = a.get("--type").value_or(""), .min_score = 0.6, .limit = 5};
  auto matches = g.lookup(name, o);
  if (matches.empty()) matches = g.lookup_fuzzy(name, o);
  if (matches.empty()) {
    std::cout << "no entity is named '" << name << "' or close to it\n";
    return 1;
  }
  for (const auto& m : matches) {
    std::printf("%.2f  %s [%s]  (matched '%s')\n", m.score, g.get(m.entity).name().c_str(), g.get(m.entity).type_name().c_str(),
                m.matched.c_str());
    if (m.kind == match_kind::fuzzy) std::printf("      %s\n", m.why.explain().c_str());
  }
  if (const auto best = g.try_resolve(name, o); best && best->ambiguous)
    std::printf("ambiguous: %s and %s are %.2f apart\n", g.get(best->entity).name().c_str(), g.get(best->runner_up->entity).name().c_str(),
                best->margin);
  return 0;
}

std::string citation_text(const graph& g, const std::vector<citation>& cs) {
  std::string out;
  for (const auto& c : cs) {
    out += "\n      source: " + g.get(c.source).name();
    if (!c.quote.empty()) out += " — \"" + c.quote + "\"";
  }
  return out;
}

int cmd_show(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  const auto id = need(a, 1, "ID");
  const auto e = g.find_external(id);
  if (!e) {
    std::cerr << "dossier: no entity has the id '" << id << "'\n";
    return 1;
  }
  const auto ref = g.get(*e);
  std::cout << ref.name() << " [" << ref.type_name() << "]  id " << ref.external_id() << "\n";
  for (const auto& al : ref.aliases()) std::cout << "  alias: " << al.name << (al.lang.empty() ? "" : " (" + al.lang + ")") << "\n";
  for (const auto& p : ref.properties())
    std::cout << "  " << g.schema().property_name(p.property) << ": " << p.val.to_string() << citation_text(g, p.ev.citations) << "\n";
  for (const auto r : g.relations(*e)) {
    const auto rel = g.get(r);
    const bool out = rel.source() == *e;
    const auto other = g.get(out ? rel.target() : rel.source());
    std::cout << "  " << (out ? "-[" : "<-[") << rel.type_name() << (out ? "]-> " : "]- ") << other.name() << " [" << other.type_name()
              << "]" << (other.external_id().empty() ? "" : "  id " + std::string(other.external_id()))
              << citation_text(g, {rel.citations().begin(), rel.citations().end()}) << "\n";
  }
  return 0;
}

entity_id named(const graph& g, const std::string& name) {
  const auto m = g.try_resolve(name);
  if (!m) throw not_found("names.no_match", "no entity is named " + quote(name) + " or close to it");
  return m->entity;
}

int cmd_linked(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  const auto from = a.get("--from");
  const auto to = a.get("--to");
  if (!from || !to) throw usage_error("linked needs --from TYPE and --to NAME");
  linked_options o;
  if (auto h = a.get("--hops")) o.max_hops = static_cast<std::size_t>(std::stoul(*h));
  if (auto c = a.get("--min-confidence")) o.min_confidence = std::stod(*c);
  if (auto d = a.get("--as-of")) o.as_of = parse_date(*d);
  o.best_evidenced = a.get("--best").has_value();
  const auto results = query(g).from(*from).linked_to({named(g, *to)}, o).results();
  for (const auto& r : results) std::cout << "* " << r.entity.name() << " [" << r.entity.type_name() << "]\n" << explain(g, r.path);
  if (results.empty()) std::cout << "no " << *from << " links to " << *to << " within " << o.max_hops << " hops\n";
  return results.empty() ? 1 : 0;
}

int cmd_path(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  const auto from = named(g, need(a, 1, "FROM")), to = named(g, need(a, 2, "TO"));
  const long k = std::stol(a.get("--k").value_or("1"));
  const auto paths = k_shortest_paths(g, from, to, k);
  for (std::size_t i = 0; i < paths.size(); ++i) std::cout << "path " << i + 1 << " (" << paths[i].length() << " hops)\n" << explain(g, paths[i]);
  if (paths.empty()) std::cout << "no path\n";
  return paths.empty() ? 1 : 0;
}

int cmd_dot(const arguments& a) {
  const auto g = open_graph(need(a, 0, "GRAPH"), a);
  const auto picture = dossier_tool::without_sources(g);
  const dot_options options{.legend = !a.get("--no-legend")};
  if (auto out = a.get("-o")) write_dot(std::filesystem::path(*out), g, picture, options);
  else write_dot(std::cout, g, picture, options);
  return 0;
}

int cmd_schema(const arguments& a) {
  const auto s = a.get("--ftm") ? schemas::load_followthemoney(*a.get("--ftm")) : schemas::investigations();
  const auto names = [&](const auto& ids) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ", ") + s.name(id);
    return out.empty() ? std::string("—") : out;
  };
  const auto props = [&](const auto& defs) {
    std::string out;
    for (const auto& d : defs) out += (out.empty() ? "" : ", ") + d.name + " (" + std::string(to_string(d.kind)) + ")";
    return out.empty() ? std::string("—") : out;
  };
  std::cout << "## Entity types\n\n| type | parents | abstract | own properties |\n|---|---|---|---|\n";
  for (const auto& t : s.entity_types())
    std::cout << "| " << t.name << " | " << names(t.parents) << " | " << (t.abstract ? "yes" : "") << " | " << props(t.own_properties) << " |\n";
  std::cout << "\n## Relation types\n\n| relation | reads | parents | from | to | abstract | own properties |\n|---|---|---|---|---|---|---|\n";
  for (const auto& t : s.relation_types())
    std::cout << "| " << t.name << " | " << t.label << " | " << names(t.parents) << " | "
              << (is_null(t.domain) ? "any" : s.name(t.domain)) << " | " << (is_null(t.range) ? "any" : s.name(t.range)) << " | "
              << (t.abstract ? "yes" : "") << " | " << props(t.own_properties) << " |\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << usage;
    return 2;
  }
  const std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << usage;
    return 0;
  }
  static const std::map<std::string, int (*)(const arguments&)> commands = {
      {"import", cmd_import}, {"export", cmd_export}, {"stats", cmd_stats}, {"show", cmd_show}, {"resolve", cmd_resolve},
      {"linked", cmd_linked}, {"path", cmd_path},     {"dot", cmd_dot},     {"schema", cmd_schema}};
  try {
    const auto it = commands.find(command);
    if (it == commands.end()) throw usage_error("unknown command '" + command + "'");
    for (int i = 2; i < argc; ++i)
      if (std::string(argv[i]) == "-h" || std::string(argv[i]) == "--help") {
        std::cout << usage;
        return 0;
      }
    return it->second(parse(argc, argv, 2));
  } catch (const usage_error& e) {
    std::cerr << "dossier: " << e.what() << "\nTry 'dossier --help' for more information.\n";
    return 2;
  } catch (const dossier::error& e) {
    std::cerr << "dossier: " << e.what() << "\n";
    return 1;
  } catch (const std::logic_error& e) {  // std::stoul and friends on bad numbers
    std::cerr << "dossier: bad number in the arguments (" << e.what() << ")\n";
    return 2;
  }
}
