// The comparison harness's C++ side (issue 7): generates the neutral CSV data set, and runs the
// workload on dossier and on SQLite (C API, recursive CTEs). kuzu.js runs it on Kùzu; `run`
// puts the three side by side. Every system prints the same lines:
//   load <ms>            time to load the CSV files
//   query <name> <median ms per query> <checksum of answers>
//   peak <bytes>         peak resident memory of the process
//
//   compare gen DIR ENTITIES      write DIR/*.csv and DIR/queries.txt
//   compare dossier DIR | compare cypher DIR | compare sqlite DIR
#include "../generator.hpp"

#include <dossier/dossier.hpp>
#include "sqlite_database.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The relation types used by the workload (a subset of bench::relation_mix, by name).
const std::vector<std::string> linked_types = {"Employment", "recruits_for", "recruits_in", "awarded", "researches"};
constexpr int shortest_max_hops = 4;
constexpr int linked_max_hops = 3;

struct workload {
  std::vector<std::uint32_t> seeds;                            // people
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // person -> program
  std::vector<std::uint32_t> fields;                           // linked_to targets
};

workload read_workload(const fs::path& dir) {
  workload w;
  std::ifstream in(dir / "queries.txt");
  std::string kind;
  while (in >> kind) {
    std::uint32_t a, b;
    if (kind == "seed" && in >> a) w.seeds.push_back(a);
    else if (kind == "pair" && in >> a >> b) w.pairs.emplace_back(a, b);
    else if (kind == "field" && in >> a) w.fields.push_back(a);
  }
  if (w.seeds.empty()) throw std::runtime_error((dir / "queries.txt").string() + ": no workload");
  return w;
}

std::size_t peak_rss() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Runs f(i) for every item, timing each call; prints the median and the sum of answers.
void run_query(const std::string& name, std::size_t items, const std::function<long long(std::size_t)>& f) {
  std::vector<double> times;
  long long checksum = 0;
  for (std::size_t i = 0; i < items; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    checksum += f(i);
    times.push_back(ms_since(t0));
  }
  std::sort(times.begin(), times.end());
  std::printf("query %s %.6f %lld\n", name.c_str(), times[times.size() / 2], checksum);
  std::fflush(stdout);
}

// ---- gen ----

int gen(const fs::path& dir, std::uint32_t entities) {
  fs::create_directories(dir);
  const auto data = bench::generate(entities, entities * 5, 42);
  std::map<std::string, std::ofstream> files;
  for (const auto& k : bench::entity_mix) files[k.type].open(dir / (std::string("entities_") + k.type + ".csv")), files[k.type] << "id,name\n";
  for (std::uint32_t e = 0; e < entities; ++e) files[bench::entity_mix[data.entity_kind[e]].type] << e << ",\"" << data.name(e) << "\"\n";
  std::map<std::string, std::ofstream> rels;
  for (const auto& r : bench::relation_mix) rels[r.type].open(dir / (std::string("rel_") + r.type + ".csv")), rels[r.type] << "src,dst\n";
  for (const auto& r : data.relations) rels[bench::relation_mix[r.kind].type] << r.source << ',' << r.target << '\n';
  std::ofstream types(dir / "types.txt");
  for (const auto& k : bench::entity_mix) types << "entity " << k.type << '\n';
  for (const auto& r : bench::relation_mix) types << "relation " << r.type << ' ' << r.domain << ' ' << r.range << '\n';
  std::mt19937_64 rng(7);
  const auto& people = data.by_kind[bench::kind_index("Person")];
  const auto& programs = data.by_kind[bench::kind_index("Program")];
  const auto& fields = data.by_kind[bench::kind_index("Field")];
  std::ofstream q(dir / "queries.txt");
  for (int i = 0; i < 100; ++i) q << "seed " << people[rng() % people.size()] << '\n';
  // Pairs: a person and a program it reaches within a few out-relations when there is one (so
  // that the answers are path lengths, not "unreachable"); else a random program.
  std::vector<std::vector<std::uint32_t>> out(entities);
  for (const auto& r : data.relations) out[r.source].push_back(r.target);
  const auto program_kind = static_cast<std::uint8_t>(bench::kind_index("Program"));
  for (int i = 0; i < 20; ++i) {
    const auto from = people[rng() % people.size()];
    std::vector<std::uint32_t> frontier{from}, reached;
    std::vector<bool> seen(entities, false);
    seen[from] = true;
    for (int d = 0; d < 3 && !frontier.empty(); ++d) {
      std::vector<std::uint32_t> next;
      for (auto v : frontier)
        for (auto w : out[v])
          if (!seen[w]) {
            seen[w] = true;
            next.push_back(w);
            if (data.entity_kind[w] == program_kind) reached.push_back(w);
          }
      frontier.swap(next);
    }
    const auto to = reached.empty() ? programs[rng() % programs.size()] : reached[rng() % reached.size()];
    q << "pair " << from << ' ' << to << '\n';
  }
  for (int i = 0; i < 5; ++i) q << "field " << fields[rng() % fields.size()] << '\n';
  std::printf("generated %u entities, %zu relations in %s\n", entities, data.relations.size(), dir.c_str());
  return 0;
}

// ---- CSV reading shared by dossier and SQLite: streamed, row by row ----

struct csv_schema {
  std::vector<std::string> entity_types;
  std::vector<std::string> relation_types;
};

csv_schema read_types(const fs::path& dir) {
  csv_schema t;
  std::ifstream types(dir / "types.txt");
  std::string kind, name, from, to;
  while (types >> kind >> name) {
    if (kind == "entity") t.entity_types.push_back(name);
    else if (types >> from >> to) t.relation_types.push_back(name);
  }
  return t;
}

// Calls f(id, name) for each row of an entity file.
template <class F>
void each_entity(const fs::path& file, F&& f) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    f(static_cast<std::uint32_t>(std::stoul(line.substr(0, comma))), std::string_view(line).substr(comma + 2, line.size() - comma - 3));
  }
}

// Calls f(source, target) for each row of a relation file.
template <class F>
void each_relation(const fs::path& file, F&& f) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    f(static_cast<std::uint32_t>(std::stoul(line.substr(0, comma))), static_cast<std::uint32_t>(std::stoul(line.substr(comma + 1))));
  }
}

// ---- dossier ----

// Loads the CSV files; with `external_ids`, each entity keeps its CSV id as its external id
// (what Cypher's {id: $s} finds, as Kùzu's primary key does).
dossier::graph load_dossier(const fs::path& dir, std::vector<dossier::entity_id>& id, bool external_ids) {
  const auto types = read_types(dir);
  dossier::graph g{dossier::schemas::investigations()};
  // A bulk load that knows its size reserves it (one line per row, less the header).
  const auto rows = [&](const fs::path& file) {
    std::ifstream in(file);
    return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n')) - 1;
  };
  std::size_t entity_rows = 0, relation_rows = 0;
  for (const auto& type : types.entity_types) entity_rows += rows(dir / ("entities_" + type + ".csv"));
  for (const auto& type : types.relation_types) relation_rows += rows(dir / ("rel_" + type + ".csv"));
  g.reserve(entity_rows, relation_rows);
  for (const auto& type : types.entity_types) {
    const auto t = g.schema().entity_type(type);
    each_entity(dir / ("entities_" + type + ".csv"), [&](std::uint32_t csv_id, std::string_view name) {
      if (csv_id >= id.size()) id.resize(csv_id + 1, dossier::null_entity);
      id[csv_id] = g.add(t, name, {.external_id = external_ids ? std::to_string(csv_id) : std::string()});
    });
  }
  for (const auto& type : types.relation_types) {
    const auto t = g.schema().relation_type(type);
    each_relation(dir / ("rel_" + type + ".csv"), [&](std::uint32_t a, std::uint32_t b) {
      g.relate(id.at(a), t, id.at(b), {.on_repeat = dossier::repeat_policy::parallel});
    });
  }
  g.compact();
  return g;
}

int run_dossier(const fs::path& dir) {
  const auto w = read_workload(dir);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<dossier::entity_id> id;
  const auto g = load_dossier(dir, id, false);
  std::printf("load %.3f\n", ms_since(t0));

  using dossier::query;
  const auto hop1 = query(g).from(id[w.seeds[0]]).out({"Employment"});
  const auto hop2 = query(g).from(id[w.seeds[0]]).out({"Employment"}).out({"recruits_for"});
  const auto hop3 = query(g).from(id[w.seeds[0]]).out({"Employment"}).out({"recruits_for"}).out({"recruits_in"});
  const auto pattern = query(g).from(id[w.seeds[0]]).out({"Employment"}).in({"Employment"}, {.to_types = {"Person"}});
  const auto count = [&](const query& q) { return [&](std::size_t i) { return static_cast<long long>(q.count_from(id[w.seeds[i]])); }; };
  run_query("hop1", w.seeds.size(), count(hop1));
  run_query("hop2", w.seeds.size(), count(hop2));
  run_query("hop3", w.seeds.size(), count(hop3));
  run_query("pattern", w.seeds.size(), count(pattern));
  run_query("shortest", w.pairs.size(), [&](std::size_t i) -> long long {
    const auto p = dossier::shortest_path(g, id[w.pairs[i].first], id[w.pairs[i].second], {.dir = dossier::direction::out});
    return p && p->length() <= static_cast<std::size_t>(shortest_max_hops) ? static_cast<long long>(p->length()) : -1;
  });
  run_query("linked_to", w.fields.size(), [&](std::size_t i) {
    return static_cast<long long>(query(g).from("Person")
                                      .linked_to({id[w.fields[i]]}, {.relation_types = linked_types, .dir = dossier::direction::out,
                                                                     .max_hops = linked_max_hops})
                                      .count());
  });
  std::printf("peak %zu\n", peak_rss());
  return 0;
}

// ---- dossier through Cypher: the same questions as prepared statements ----

int run_cypher(const fs::path& dir) {
  const auto w = read_workload(dir);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<dossier::entity_id> id;
  const auto g = load_dossier(dir, id, true);
  std::printf("load %.3f\n", ms_since(t0));
  using dossier::cypher_statement;
  // The same statements as kuzu.js. The pattern query says MATCH WALK: openCypher's default
  // (no relationship twice) would not count the seed itself, which the other systems count.
  std::string types;
  for (const auto& t : linked_types) types += (types.empty() ? "" : "|") + t;
  const auto hop1 = cypher_statement::prepare("MATCH (a:Person {id: $s})-[:Employment]->(b:Company) RETURN count(DISTINCT b)");
  const auto hop2 = cypher_statement::prepare(
      "MATCH (a:Person {id: $s})-[:Employment]->(:Company)-[:recruits_for]->(p:Program) RETURN count(DISTINCT p)");
  const auto hop3 = cypher_statement::prepare(
      "MATCH (a:Person {id: $s})-[:Employment]->(:Company)-[:recruits_for]->(:Program)-[:recruits_in]->(f:Field) "
      "RETURN count(DISTINCT f)");
  const auto pattern = cypher_statement::prepare(
      "MATCH WALK (a:Person {id: $s})-[:Employment]->(:Company)<-[:Employment]-(p:Person) RETURN count(DISTINCT p)");
  const auto shortest = cypher_statement::prepare("MATCH p = shortestPath((a:Person {id: $a})-[*1.." +
                                                  std::to_string(shortest_max_hops) +
                                                  "]->(b:Program {id: $b})) RETURN length(p)");
  const auto linked = cypher_statement::prepare("MATCH (p:Person)-[:" + types + "*1.." + std::to_string(linked_max_hops) +
                                                "]->(f:Field {id: $f}) RETURN count(DISTINCT p)");
  // Like kuzu.js: the first column of the first row, or -1 when there is none.
  const auto first = [&](const dossier::cypher_result& r) -> long long {
    return r.rows.empty() || r.rows[0][0].is_null() ? -1 : r.rows[0][0].as_int();
  };
  const auto by_seed = [&](const cypher_statement& st) {
    return [&](std::size_t i) { return first(st.run(g, {{"s", std::to_string(w.seeds[i])}})); };
  };
  run_query("hop1", w.seeds.size(), by_seed(hop1));
  run_query("hop2", w.seeds.size(), by_seed(hop2));
  run_query("hop3", w.seeds.size(), by_seed(hop3));
  run_query("pattern", w.seeds.size(), by_seed(pattern));
  run_query("shortest", w.pairs.size(), [&](std::size_t i) {
    return first(shortest.run(g, {{"a", std::to_string(w.pairs[i].first)}, {"b", std::to_string(w.pairs[i].second)}}));
  });
  run_query("linked_to", w.fields.size(), [&](std::size_t i) { return first(linked.run(g, {{"f", std::to_string(w.fields[i])}})); });
  // Parsing and planning alone, for the statement the issue names: prepare, then bind on the graph.
  std::vector<double> times;
  for (int i = 0; i < 200; ++i) {
    const auto t = std::chrono::steady_clock::now();
    const auto st = cypher_statement::prepare("MATCH (p:Person {id: $id})-[:Employment]->(o) RETURN count(o)");
    (void)st.explain(g);
    times.push_back(ms_since(t));
  }
  std::sort(times.begin(), times.end());
  std::printf("query prepare %.6f 0\n", times[times.size() / 2]);
  std::printf("peak %zu\n", peak_rss());
  return 0;
}

// ---- SQLite ----

using sqlite = compare_sqlite::database;

int run_sqlite(const fs::path& dir) {
  const auto w = read_workload(dir);
  const auto t0 = std::chrono::steady_clock::now();
  const auto types = read_types(dir);
  sqlite s(dir / "sqlite.db");
  s.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;");
  s.exec("CREATE TABLE entity(id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL);"
         "CREATE TABLE relation(id INTEGER PRIMARY KEY, type TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL);");
  s.exec("BEGIN");
  auto* ins_e = s.prepare("INSERT INTO entity(id, type, name) VALUES (?, ?, ?)");
  for (const auto& type : types.entity_types)
    each_entity(dir / ("entities_" + type + ".csv"), [&](std::uint32_t id, std::string_view name) {
      sqlite3_reset(ins_e);
      sqlite3_bind_int64(ins_e, 1, id);
      sqlite3_bind_text(ins_e, 2, type.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ins_e, 3, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_step(ins_e);
    });
  auto* ins_r = s.prepare("INSERT INTO relation(type, src, dst) VALUES (?, ?, ?)");
  for (const auto& type : types.relation_types)
    each_relation(dir / ("rel_" + type + ".csv"), [&](std::uint32_t a, std::uint32_t b) {
      sqlite3_reset(ins_r);
      sqlite3_bind_text(ins_r, 1, type.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins_r, 2, a);
      sqlite3_bind_int64(ins_r, 3, b);
      sqlite3_step(ins_r);
    });
  s.exec("COMMIT");
  sqlite3_finalize(ins_e);
  sqlite3_finalize(ins_r);
  // The indexes a competent user adds for typed traversal both ways, and entity types.
  s.exec("CREATE INDEX relation_out ON relation(src, type, dst); CREATE INDEX relation_in ON relation(dst, type, src);"
         "CREATE INDEX entity_type ON entity(type, id); ANALYZE;");
  std::printf("load %.3f\n", ms_since(t0));

  auto* hop1 = s.prepare("SELECT COUNT(DISTINCT r1.dst) FROM relation r1 WHERE r1.src = ? AND r1.type = 'Employment'");
  auto* hop2 = s.prepare("SELECT COUNT(DISTINCT r2.dst) FROM relation r1 JOIN relation r2 ON r2.src = r1.dst AND r2.type = 'recruits_for' "
                         "WHERE r1.src = ? AND r1.type = 'Employment'");
  auto* hop3 = s.prepare("SELECT COUNT(DISTINCT r3.dst) FROM relation r1 JOIN relation r2 ON r2.src = r1.dst AND r2.type = 'recruits_for' "
                         "JOIN relation r3 ON r3.src = r2.dst AND r3.type = 'recruits_in' WHERE r1.src = ? AND r1.type = 'Employment'");
  auto* pattern = s.prepare("SELECT COUNT(DISTINCT r2.src) FROM relation r1 JOIN relation r2 ON r2.dst = r1.dst AND r2.type = 'Employment' "
                            "JOIN entity e ON e.id = r2.src AND e.type = 'Person' WHERE r1.src = ? AND r1.type = 'Employment'");
  auto* shortest = s.prepare(
      "WITH RECURSIVE reach(node, depth) AS (SELECT ?1, 0 UNION SELECT r.dst, reach.depth + 1 FROM reach JOIN relation r ON r.src = reach.node "
      "WHERE reach.depth < " + std::to_string(shortest_max_hops) + ") SELECT MIN(depth) FROM reach WHERE node = ?2 AND depth > 0");
  std::string in_list;
  for (const auto& t : linked_types) in_list += (in_list.empty() ? "'" : ",'") + t + "'";
  auto* linked = s.prepare(
      "WITH RECURSIVE back(node, depth) AS (SELECT ?1, 0 UNION SELECT r.src, back.depth + 1 FROM back JOIN relation r ON r.dst = back.node "
      "AND r.type IN (" + in_list + ") WHERE back.depth < " + std::to_string(linked_max_hops) + ") "
      "SELECT COUNT(DISTINCT back.node) FROM back JOIN entity e ON e.id = back.node AND e.type = 'Person' WHERE back.depth > 0");
  run_query("hop1", w.seeds.size(), [&](std::size_t i) { return s.scalar(hop1, {w.seeds[i]}); });
  run_query("hop2", w.seeds.size(), [&](std::size_t i) { return s.scalar(hop2, {w.seeds[i]}); });
  run_query("hop3", w.seeds.size(), [&](std::size_t i) { return s.scalar(hop3, {w.seeds[i]}); });
  run_query("pattern", w.seeds.size(), [&](std::size_t i) { return s.scalar(pattern, {w.seeds[i]}); });
  run_query("shortest", w.pairs.size(), [&](std::size_t i) { return s.scalar(shortest, {w.pairs[i].first, w.pairs[i].second}); });
  run_query("linked_to", w.fields.size(), [&](std::size_t i) { return s.scalar(linked, {w.fields[i]}); });
  for (auto* st : {hop1, hop2, hop3, pattern, shortest, linked}) sqlite3_finalize(st);
  std::printf("peak %zu\n", peak_rss());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 4 && std::string(argv[1]) == "gen") return gen(argv[2], static_cast<std::uint32_t>(std::stoul(argv[3])));
    if (argc >= 3 && std::string(argv[1]) == "dossier") return run_dossier(argv[2]);
    if (argc >= 3 && std::string(argv[1]) == "cypher") return run_cypher(argv[2]);
    if (argc >= 3 && std::string(argv[1]) == "sqlite") return run_sqlite(argv[2]);
    std::fprintf(stderr, "usage: compare gen DIR ENTITIES | compare dossier DIR | compare cypher DIR | compare sqlite DIR\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "compare: %s\n", e.what());
    return 1;
  }
}
