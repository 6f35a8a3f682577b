// Writes the starting corpora for the fuzz targets, each input in the form its target reads:
//   make_seeds <dataset.jsonl> <out-dir> [<tck-features-dir>]
//     ->  out-dir/{snapshot,jsonl,text,graph_ops,query,ftm,neo4j_csv,graphml,cypher,cypher_run}/...
// Given the openCypher TCK's features (../shared/tck/features), its statements become seeds of
// both Cypher targets; they are read here at seed time and never copied into the repository.
#include <dossier/dossier.hpp>
#include <dossier/io/neo4j_csv.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../src/database/detail/journal.hpp"
#include "../tests/database/database_support.hpp"

namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, char selector, std::string_view body) {
  std::ofstream out(file, std::ios::binary);
  out << selector << body;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

// One file per archive kind; the first byte selects the kind, the rest is the payload.
void snapshot_seeds(const dossier::graph& g, const fs::path& dir, const std::string& stem) {
  for (int kind = 0; kind < 3; ++kind) {
    const auto bytes = dossier::save_to_bytes(g, {.format = static_cast<dossier::archive_format>(kind)});
    write(dir / (stem + "-" + std::to_string(kind)), static_cast<char>(kind), std::string_view(bytes).substr(32));
  }
}

// FtM streams in the model of tests/data/ftm-mini.json: nodes, an edge with two owners, datasets.
void ftm_seeds(const fs::path& dir) {
  const std::string records[] = {
      R"({"id": "d1", "schema": "Document", "properties": {"title": ["Register"]}})",
      R"({"id": "p1", "schema": "Person", "properties": {"name": ["Lina Dachner", "L. Dachner"], "birthDate": ["1970-05-01", "about 1970"], "proof": ["d1"]}, "datasets": ["de_register"], "first_seen": "2021-01-01", "target": true, "caption": "Lina"})",
      R"({"id": "c1", "schema": "Company", "properties": {"name": ["Acme GmbH"], "amount": ["1500000.5"]}, "datasets": ["de_register"]})",
      R"({"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1", "base-person"], "asset": ["c1"], "percentage": ["50", "half"]}})"};
  std::string all;
  for (std::size_t i = 0; i < std::size(records); ++i) {
    all += records[i] + "\n";
    write(dir / ("records-" + std::to_string(i)), static_cast<char>(i % 2), all);
  }
}

// The article's graph as Neo4j CSV: every node file and one relationship file, NUL-separated.
void neo4j_csv_seeds(const dossier::graph& g, const fs::path& dir) {
  const auto tmp = dir / "export";
  const auto files = dossier::export_neo4j_csv(g, tmp);
  std::string nodes;
  std::vector<std::string> rels;
  for (const auto& f : files) {
    if (f.extension() != ".csv") continue;
    std::ifstream in(f, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (f.filename().string().starts_with("nodes-")) nodes += (nodes.empty() ? "" : std::string(1, '\0')) + text;
    else rels.push_back(text);
  }
  write(dir / "nodes", 0, nodes);
  for (std::size_t i = 0; i < rels.size(); ++i) write(dir / ("with-rels-" + std::to_string(i)), static_cast<char>(i % 4), nodes + '\0' + rels[i]);
  fs::remove_all(tmp);
}

// Cypher statements, as text: each clause, pattern and expression form the parser reads.
void cypher_seeds(const fs::path& dir) {
  const char* statements[] = {
      "MATCH (p:Program {name: 'Qiming'})<-[r:recruits_for|funds*1..3]-(c:Company) WHERE c.country = 'cn' RETURN p.name, count(c) AS n",
      "OPTIONAL MATCH p = shortestPath((a:Person)-[:knows*]-(b)) RETURN p ORDER BY length(p) DESC SKIP 1 LIMIT $n",
      "MATCH TRAIL (a)-->(b)<--(c)-[*2..]-(d) WITH a, collect(DISTINCT b) AS bs WHERE size(bs) > 1 RETURN *",
      "UNWIND [1, 2.5, 'x', null, true, [0x1F, 0o7], {k: -1e3}] AS v RETURN v UNION ALL RETURN 'it\'s \u542F'",
      "RETURN CASE WHEN a < b <= c THEN [x IN l WHERE x % 2 = 1 | x ^ 2] ELSE all(y IN l WHERE y IS NOT NULL) END",
      "RETURN n.name STARTS WITH 'Q' AND n.name =~ '.*ming' OR NOT n.x IN $list XOR l[1..3][0] CONTAINS `weird name` // c",
      "/* comment */ MATCH (a:`Shell Co`) RETURN a.`start date`, dossier.resolve('Kimming');",
      // Write clauses and CALL.
      "CREATE (a:Person {name: 'Li'}), p = (a)-[:RECRUITS {since: 2019}]->(:Program)<-[r:FUNDS]-(c) RETURN p",
      "MERGE (a:Program {name: $n})-[:OVERSEEN_BY]->(m) ON CREATE SET a.created = 1, a:New ON MATCH SET a += {seen: true}",
      "MATCH (n) SET n.x = 1, n = {a: [1]}, n += $p, n:A:`B c`, (n).y = n.x + 1 REMOVE n.z, n:Old WITH n DETACH DELETE n",
      "MATCH p = (n)-[r]->() DELETE r, p, n.list[0] RETURN count(*)",
      "CALL dossier.resolve('Kimming', 'Program') YIELD node, score AS s WHERE s > 0.5 RETURN node.name, s",
      "CALL `my ns`.proc YIELD *",
  };
  std::size_t i = 0;
  for (const char* s : statements) {
    std::ofstream f(dir / ("statement-" + std::to_string(i++)), std::ios::binary);
    f << s;
  }
}

// Whole statements on the fuzz graphs of cypher_run_fuzz.cpp: reads, writes, the evidence
// functions, and the shapes that must stay within the budget (big ranges, long walks, nesting).
void cypher_run_seeds(const fs::path& dir) {
  const char* statements[] = {
      "MATCH (n:A)-[r:T*1..3]->(m) RETURN n, r, m ORDER BY m.i",
      "MATCH p = (a)-[*]-(b) RETURN p, length(p) LIMIT 50",
      "MATCH WALK (a)-[*0..6]->(b) RETURN count(*)",
      "MATCH ACYCLIC p = (a:A)-[:T|S*]->(b) RETURN nodes(p), relationships(p)",
      "MATCH (a {s: 'a'}), (b {s: 'b'}) MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
      "MATCH (a), (b) MATCH p = allShortestPaths((a)-[:T*..4]->(b)) RETURN a.i, b.i, count(p)",
      "MATCH (n) WHERE (n)-[:S]->(n) RETURN n, [(n)-[r]->(m) | type(r)] AS out, EXISTS { MATCH (n)<--() } AS in",
      "MATCH (n) RETURN labels(n), keys(n), properties(n), n.when, n.cost, n.when.year ORDER BY n.i DESC",
      "MATCH (n) WITH n.i AS i, collect(n) AS ns RETURN i, size(ns), sum(i), avg(i), min(i), max(i), stDev(i), "
      "percentileDisc(i, 0.5), percentileCont(i, 0.3)",
      "UNWIND range(1, 1000000000) AS x RETURN x",
      "RETURN size(range(0, 9223372036854775807, 4611686018427387904))",
      "RETURN [x IN range(1, 50) | [y IN range(1, 50) | [z IN range(1, 50) | x * y * z]]]",
      "WITH 'ab' AS s WITH s + s + s + s AS s WITH s + s + s + s AS s RETURN size(s), s =~ '(a|b)*'",
      "WITH [1, 2] AS l UNWIND l + l + l + l AS x UNWIND l + [x] AS y RETURN x, y",
      "RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '(a*)*b'",
      "CREATE (x:A {i: 10})-[:T]->(y:New {s: 'y'}) SET x.f = 2.5, y:A REMOVE x.i RETURN x, y",
      "MATCH (n:A {i: 1}) SET n.i = 'one', n += {more: [1, 2]} WITH n MATCH (m:B) DELETE m",
      "MATCH (n:A {i: 1}) SET n = {i: 5} WITH n RETURN n.i / 0",
      "MATCH (n) DETACH DELETE n RETURN count(*)",
      "MERGE (a:A {i: 1})-[:T]->(b:Fresh) ON CREATE SET b.made = true ON MATCH SET a.seen = 1 RETURN a, b",
      "MATCH ()-[r:T]->() SET r.w = r.w + 1 WITH r WHERE r.w > 2 DELETE r",
      "CREATE (a:A)-[:T]->(b) WITH a, b CREATE (a)-[:S]->(b) WITH a RETURN toInteger('x') + a",
      "MATCH (p:Person {id: 'p1'})-[r]-(x) RETURN p.name, p.aliases, type(r), dossier.citations(r), dossier.confidence(r), "
      "dossier.validFrom(r), dossier.validTo(r)",
      "MATCH path = (m:Ministry)-[:oversees]->(p:Program)<-[:recruits_for]-(c) RETURN dossier.explain(path), c.ticker",
      "MATCH (b:PublicBody)-[:ProjectParticipant]->(x) RETURN b.name, x.name, x.recruitTarget, x.signingBonus",
      "CALL dossier.resolve('Kimming') YIELD node, score RETURN node.name, score",
      "CREATE (n:Person {name: 'New', birthDate: 3}) RETURN n",
      "MATCH (p:Person {id: $id}), (q:Program {name: $name}) CREATE (p)-[:funds {amount: 1}]->(q)",
      "MATCH (c:Company) SET c:Platform, c.ticker = 'X' WITH c MATCH (c)-[r]->() DELETE c",
      "MATCH (a:Person) SET a.name = null, a.nationality = [1] RETURN a",
      "UNWIND $list AS x WITH x, $p AS p RETURN x, p.a, p[$s], $0 + $n",
      "EXPLAIN MATCH (n)-->(m) RETURN n",
      "PROFILE MATCH (n)-->(m) WITH m, count(*) AS c RETURN m, c UNION RETURN 1 AS m, 2 AS c",
  };
  std::size_t i = 0;
  for (const char* s : statements) {
    std::ofstream f(dir / ("statement-" + std::to_string(i++)), std::ios::binary);
    f << s;
  }
}

// ---- statements of the openCypher TCK, read at seed time (the kit stays out of the repository) ----

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// The lines up to the closing """, less the indentation of the opening one.
std::string docstring(std::istream& in, std::size_t indent) {
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (trimmed(line) == "\"\"\"") break;
    const auto first = line.find_first_not_of(' ');
    out += (out.empty() ? "" : "\n") + line.substr(std::min({indent, first, line.size()}));
  }
  return out;
}

std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = line.find('|') + 1;
  for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
    out.push_back(trimmed(std::string_view(line).substr(start, bar - start)));
  return out;
}

std::string filled(std::string text, const std::vector<std::string>& names, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
    for (std::size_t at; (at = text.find("<" + names[i] + ">")) != std::string::npos;)
      text.replace(at, names[i].size() + 2, values[i]);
  return text;
}

// A feature file's statements: each docstring of "executing query", "having executed" and
// "executing control query"; an outline's once per row of its examples, placeholders filled.
void tck_statements(const fs::path& feature, std::set<std::string>& out) {
  std::ifstream in(feature);
  std::vector<std::string> pending, header;
  bool in_examples = false, filled_in = false;
  const auto flush = [&] {
    if (!filled_in) out.insert(pending.begin(), pending.end());
    pending.clear();
    in_examples = filled_in = false;
  };
  for (std::string line; std::getline(in, line);) {
    const auto t = trimmed(line);
    if (t.starts_with("Scenario")) {
      flush();
    } else if (t.starts_with("Examples:")) {
      in_examples = true;
      header.clear();
    } else if (in_examples && t.starts_with("|")) {
      if (header.empty()) {
        header = table_cells(t);
        continue;
      }
      for (const auto& s : pending) out.insert(filled(s, header, table_cells(t)));
      filled_in = true;
    } else if (t.ends_with("executing query:") || t.ends_with("having executed:") || t.ends_with("control query:")) {
      std::string open;
      std::getline(in, open);
      pending.push_back(docstring(in, open.find_first_not_of(' ')));
    }
  }
  flush();
}

void tck_seeds(const fs::path& features, const std::vector<fs::path>& dirs) {
  std::set<std::string> statements;
  for (const auto& f : fs::recursive_directory_iterator(features))
    if (f.path().extension() == ".feature") tck_statements(f.path(), statements);
  std::size_t i = 0;
  for (const auto& s : statements) {
    for (const auto& dir : dirs) std::ofstream(dir / ("tck-" + std::to_string(i)), std::ios::binary) << s;
    ++i;
  }
}

}  // namespace

// The journal of a database that took every kind of change (tests/database/database_support.hpp):
// each record's payload alone (selector 0), and the records together (selector 1).
void journal_seeds(const fs::path& dir) {
  const auto db_dir = dir / "db";
  fs::remove_all(db_dir);
  {
    auto db = dossier::database::open(db_dir, {.sync = dossier::sync_policy::none});
    for (int step = 0; step < 3; ++step) db.write([&](dossier::transaction& tx) { database_support::story(tx, step); });
  }
  std::ifstream in(dossier::detail::journal_file(db_dir, 0), std::ios::binary);
  const std::string journal{std::istreambuf_iterator<char>(in), {}};
  const auto body = std::string_view(journal).substr(dossier::detail::journal_header_size);
  const auto scan = dossier::detail::scan_journal(body, dossier::detail::journal_header_size, 1);
  for (const auto& r : scan.records) write(dir / ("payload-" + std::to_string(r.sequence)), 0, r.payload);
  write(dir / "records", 1, body);
  fs::remove_all(db_dir);
}

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: make_seeds <dataset.jsonl> <out-dir> [<tck-features-dir>]\n";
    return 2;
  }
  const fs::path dataset = argv[1], out = argv[2];
  for (const char* d : {"snapshot", "jsonl", "text", "graph_ops", "query", "ftm", "neo4j_csv", "graphml", "cypher", "cypher_run", "journal"}) fs::create_directories(out / d);
  journal_seeds(out / "journal");

  dossier::graph talent{dossier::schemas::investigations()};
  dossier::import_jsonl(talent, dataset);
  snapshot_seeds(talent, out / "snapshot", "talent");
  dossier::graph small{dossier::schemas::investigations()};  // merges and removals too
  const auto program = small.add("Program", "Qiming", {.aliases = {"Kiming"}});
  const auto ministry = small.add("Ministry", "MIIT");
  const auto source = small.add_source({.title = "A source"});
  small.relate(ministry, "oversees", program, dossier::cite(source, "a quote", 0.5));
  small.merge(ministry, small.add("Ministry", "MIIT again"));
  small.remove(small.add("Person", "Removed"));
  snapshot_seeds(small, out / "snapshot", "small");

  // The dataset in chunks of six records (the first byte 0: all-or-nothing; 1: skip bad lines).
  std::ifstream in(dataset);
  std::vector<std::string> records;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') records.push_back(line);
  for (std::size_t i = 0; i < records.size(); i += 6) {
    std::string chunk;
    for (std::size_t k = i; k < records.size() && k < i + 6; ++k) chunk += records[k] + "\n";
    write(out / "jsonl" / ("chunk-" + std::to_string(i)), static_cast<char>(i / 6 % 2), chunk);
  }

  // GraphML: our exports of parts of the dataset (the first byte's bits: skip bad lines, ignore
  // unknown attributes, default types, parallel repeats), and files as networkx and yEd write them.
  {
    const auto entities = talent.entities();
    for (std::size_t i = 0; i < entities.size(); i += 5) {
      std::ostringstream graphml;
      dossier::export_graphml(talent, graphml, {.entities = std::vector(entities.begin() + static_cast<std::ptrdiff_t>(i),
                                                                         entities.begin() + static_cast<std::ptrdiff_t>(std::min(i + 5, entities.size())))});
      write(out / "graphml" / ("part-" + std::to_string(i)), static_cast<char>(i / 5 % 16), graphml.str());
    }
    std::ostringstream graphml;
    dossier::export_graphml(small, graphml);
    write(out / "graphml" / "small", 0, graphml.str());
  }
  write(out / "graphml" / "networkx", 4, R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <key id="d3" for="edge" attr.name="weight" attr.type="double"/>
  <key id="d2" for="node" attr.name="recruitTarget" attr.type="long"/>
  <key id="d1" for="node" attr.name="name" attr.type="string"><default>unnamed</default></key>
  <key id="d0" for="node" attr.name="type" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="0"><data key="d0">Person</data><data key="d1">Ada &amp; Bob</data></node>
    <node id="1"><data key="d0">Program</data><data key="d2">200</data></node>
    <node id="2"/>
    <edge source="0" target="1" id="0"><data key="d3">0.5</data></edge>
    <edge source="0" target="2" id="1"/>
  </graph>
</graphml>
)");
  write(out / "graphml" / "yed", 2, R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key attr.name="description" attr.type="string" for="node" id="d5"/>
  <key for="graphml" id="d7" yfiles.type="resources"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d5"><![CDATA[a <note>]]></data><data key="d6"><y:ShapeNode><y:Geometry x="0" y="0"/><y:NodeLabel>A</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n1"/>
    <edge id="e0" source="n0" target="n1"><data key="d6"/></edge>
  </graph>
  <data key="d7"><y:Resources/></data>
</graphml>
)");

  // The first byte picks the parser: 0 date, 1 decimal, 2 money, 3 names, 4 FollowTheMoney.
  const std::vector<std::pair<char, std::string>> text = {
      {0, "2019-03-01"}, {0, "June 2022"}, {0, "24 August 2023"}, {0, "2019-03-01T12:30:00Z"}, {0, "2022-06"},
      {1, "1,500,000"}, {1, "-3.25"}, {2, "3 to 5 million yuan"}, {2, "USD 2100000"}, {2, "1.5 million CNY"},
      {3, "Qiming Kiming"}, {3, "千人计划人才 ＡＢＣ Café Łódź"},
      {4, R"({"schemata": {"Thing": {"abstract": true, "properties": {"name": {"type": "name"}}},
  "Person": {"extends": ["Thing"], "properties": {"birthDate": {"type": "date"}}},
  "Organization": {"extends": ["Thing"]},
  "Employment": {"extends": ["Thing"], "edge": {"source": "employee", "target": "employer"},
    "properties": {"employee": {"type": "entity", "range": "Person"}, "employer": {"type": "entity", "range": "Organization"}}}}})"}};
  for (std::size_t i = 0; i < text.size(); ++i) write(out / "text" / ("seed-" + std::to_string(i)), text[i].first, text[i].second);
  // Operation sequences and queries are any bytes; a few fixed pseudo-random ones are the seeds.
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 8; ++i) {
    std::string ops;
    for (int k = 0; k < 64 + 48 * i; ++k) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
      ops.push_back(static_cast<char>(state & 0xFF));
    }
    write(out / "graph_ops" / ("ops-" + std::to_string(i)), ops[0], std::string_view(ops).substr(1));
    write(out / "query" / ("query-" + std::to_string(i)), ops[1], std::string_view(ops).substr(2));
  }
  ftm_seeds(out / "ftm");
  neo4j_csv_seeds(talent, out / "neo4j_csv");
  cypher_seeds(out / "cypher");
  cypher_run_seeds(out / "cypher_run");
  if (argc == 4) tck_seeds(argv[3], {out / "cypher", out / "cypher_run"});
  std::cout << "seeds written to " << out.string() << '\n';
}
