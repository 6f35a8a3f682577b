#include <doctest/doctest.h>
#include "fixture.hpp"
#include "graph_canonical.hpp"
#include "random_graph.hpp"

#include <dossier/io/jsonl.hpp>
#include <dossier/io/neo4j_csv.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dossier;
using testing_support::canonical;

namespace {

namespace fs = std::filesystem;
using kind = neo4j_csv_group::kind;

const fs::path dataset = fs::path(DOSSIER_EXAMPLES_DATA) / "talent-programs.jsonl";

// A fresh, empty directory of the test's own.
fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("dossier-neo4j-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// Imports node and relationship texts given inline, as two streams.
import_report import_texts(graph& g, const std::string& nodes, const std::string& rels = "", const import_options& o = {},
                           const neo4j_csv_options& csv = {}) {
  std::istringstream n(nodes), r(rels);
  std::vector<neo4j_csv_stream> streams{{kind::nodes, &n, "nodes.csv"}};
  if (!rels.empty()) streams.push_back({kind::relationships, &r, "rels.csv"});
  return import_neo4j_csv(g, std::span<const neo4j_csv_stream>(streams), o, csv);
}

// The import's error, checking that the graph was left as it was.
import_error failure(const std::string& nodes, const std::string& rels = "", const neo4j_csv_options& csv = {}) {
  fixture::talent f;
  const auto before = canonical(f.g);
  try {
    (void)import_texts(f.g, nodes, rels, {}, csv);
  } catch (const import_error& e) {
    CHECK(canonical(f.g) == before);
    return e;
  }
  FAIL("the import did not fail");
  return import_error("test.unreachable", "", 0, "", "");
}

const std::string programs =
    "id:ID,:LABEL,name,aliases:string[],startDate:date,recruited:long,signingBonus\n"
    "q,Program,Qiming,Kiming;Kimming,2019-03-01,48,3 to 5 million CNY\n"
    "h,Program;Project,\"Huoju \"\"Torch\"\"\",,,,\n"
    "f,Field,\"semi,\nconductors\",,,,\n";

}  // namespace

TEST_CASE("neo4j_csv.round_trip.the_article_dataset_and_random_graphs") {
  {
    graph g{schemas::investigations()};
    (void)import_jsonl(g, dataset);
    const auto dir = scratch("article");
    const auto files = export_neo4j_csv(g, dir);
    CHECK(files.back().filename() == "neo4j-admin-import.sh");
    graph back{schemas::investigations()};
    const auto report = import_neo4j_csv(back, dir);
    CHECK(report.entities == g.entity_count());
    CHECK(report.relations == g.relation_count());
    CHECK(canonical(back) == canonical(g));
    // The ids are the records' own, so a second export is the same, file for file.
    const auto again = scratch("article-again");
    (void)export_neo4j_csv(back, again);
    for (const auto& f : files) CHECK_MESSAGE(read_file(again / f.filename()) == read_file(f), f.filename().string());
    fs::remove_all(dir);
    fs::remove_all(again);
  }
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::random_graph(seed);
    const auto dir = scratch("random");
    (void)export_neo4j_csv(g, dir);
    graph back{testing_support::random_test_schema()};
    const auto report = import_neo4j_csv(back, dir, {.on_repeat = repeat_policy::parallel});
    CHECK(report.skipped.empty());
    CHECK(canonical(back) == canonical(g));
    fs::remove_all(dir);
  }
}

TEST_CASE("neo4j_csv.export.typed_headers_labels_and_the_import_command") {
  graph g{schemas::investigations()};
  (void)import_jsonl(g, dataset);
  const auto dir = scratch("headers");
  (void)export_neo4j_csv(g, dir);
  const auto programs_file = read_file(dir / "nodes-Program.csv");
  const auto header = programs_file.substr(0, programs_file.find('\n'));
  CHECK(header.starts_with("id:ID,:LABEL,name,aliases:string[],"));
  CHECK(header.find("recruited:long") != std::string::npos);
  CHECK(header.ends_with(",_dossier"));
  // Labels: the type and its supertypes, so that MATCH (p:Project) finds programs.
  CHECK(programs_file.find("\nqiming,Program;Thing;Value;Interval;Project,Qiming,") != std::string::npos);
  const auto rels = read_file(dir / "relationships-oversees.csv");
  CHECK(rels.starts_with(":START_ID,:END_ID,:TYPE,"));
  CHECK(rels.find("\"\"source\"\":\"\"reuters\"\"") != std::string::npos);  // citations, quoted JSON
  const auto script = read_file(dir / "neo4j-admin-import.sh");
  CHECK(script.starts_with("#!/bin/sh\n"));
  CHECK(script.find("database import full") != std::string::npos);
  CHECK(script.find("--nodes=nodes-Program.csv") != std::string::npos);
  CHECK(script.find("--relationships=relationships-oversees.csv") != std::string::npos);
  CHECK(script.find("--multiline-fields=true") != std::string::npos);
  CHECK((fs::status(dir / "neo4j-admin-import.sh").permissions() & fs::perms::owner_exec) != fs::perms::none);
  fs::remove_all(dir);
}

TEST_CASE("neo4j_csv.export.replaces_only_its_own_files") {
  const auto dir = scratch("replace");
  fixture::talent f;
  (void)export_neo4j_csv(f.g, dir);
  CHECK(fs::exists(dir / "nodes-Ministry.csv"));
  // A second export of a graph without ministries removes the old ministry file, which a
  // directory import would otherwise read back.
  graph small{schemas::investigations()};
  small.add("Program", "Qiming");
  (void)export_neo4j_csv(small, dir);
  CHECK_FALSE(fs::exists(dir / "nodes-Ministry.csv"));
  graph back{schemas::investigations()};
  CHECK(import_neo4j_csv(back, dir).entities == 1);
  // Someone else's CSV files are never overwritten.
  const auto theirs = scratch("theirs");
  write_file(theirs / "people.csv", "id:ID\n1\n");
  CHECK_THROWS_WITH_AS((void)export_neo4j_csv(small, theirs), doctest::Contains("[dossier.io.not_empty]"), io_error);
  CHECK(read_file(theirs / "people.csv") == "id:ID\n1\n");
  fs::remove_all(dir);
  fs::remove_all(theirs);
}

TEST_CASE("neo4j_csv.import.rfc4180_fields_typed_columns_and_arrays") {
  graph g{schemas::investigations()};
  const auto report = import_texts(g, "\xEF\xBB\xBF" + programs,
                                   ":START_ID,:END_ID,:TYPE,startDate:int\r\n"
                                   "q,f,recruits_in,\r\n"
                                   "h,f,recruits_in,2008\r\n");
  CHECK(report.entities == 3);
  CHECK(report.relations == 2);
  const auto q = g.by_external("q");
  CHECK(g.get(q).name() == "Qiming");
  CHECK(g.get(q).aliases().size() == 2);
  CHECK(g.get(q).property("startDate")->as_date() == date{2019, 3, 1});
  CHECK(g.get(q).property("recruited")->as_int() == 48);
  CHECK(g.get(q).property("signingBonus")->as_money() == parse_money("3 to 5 million CNY"));
  CHECK(g.get(g.by_external("h")).name() == "Huoju \"Torch\"");  // doubled quotes
  CHECK(g.get(g.by_external("f")).name() == "semi,\nconductors");   // a delimiter and a line break inside quotes
  CHECK(g.get(g.by_external("f")).type_name() == "Field");
  CHECK(g.resolve("Kimming").entity == q);
  const auto from_huoju = g.relations(g.by_external("h"), direction::out, "recruits_in");
  REQUIRE(from_huoju.size() == 1);
  CHECK(g.get(from_huoju[0]).property("startDate")->as_date() == date{2008});  // an int read as the schema's date
}

TEST_CASE("neo4j_csv.import.id_spaces_group_labels_and_several_files") {
  const auto dir = scratch("groups");
  write_file(dir / "people-header.csv", "personId:ID(Person),name,birthDate:date\n");
  write_file(dir / "people-1.csv", "1,Wang Lei,1980-02-01\n2,Li Na,\n");
  write_file(dir / "people-2.csv", "3,Zhang Wei,1975-07-07\n");
  write_file(dir / "fields.csv", "fieldId:ID(Field),name\n1,semiconductors\n");
  write_file(dir / "researches.csv", ":START_ID(Person),:END_ID(Field)\n1,1\n3,1\n");
  graph g{schemas::investigations()};
  const std::vector<neo4j_csv_group> groups{
      {kind::nodes, {dir / "people-header.csv", dir / "people-1.csv", dir / "people-2.csv"}, {"Person"}},
      {kind::nodes, {dir / "fields.csv"}, {"Field"}},
      {kind::relationships, {dir / "researches.csv"}, {}, "researches"}};
  const auto report = import_neo4j_csv(g, std::span<const neo4j_csv_group>(groups));
  CHECK(report.entities == 4);
  CHECK(report.relations == 2);
  // Two ID spaces: ids may repeat across them, so each is kept as "Space:id".
  CHECK(g.get(g.by_external("Person:1")).name() == "Wang Lei");
  CHECK(g.get(g.by_external("Field:1")).name() == "semiconductors");
  CHECK(g.relations(g.by_external("Person:3"), direction::out, "researches").size() == 1);

  // An error in the third file names that file and its own line.
  write_file(dir / "people-2.csv", "3,Zhang Wei,1975-07-07\n4,Bad Date,July\n");
  graph h{schemas::investigations()};
  try {
    (void)import_neo4j_csv(h, std::span<const neo4j_csv_group>(groups));
    FAIL("no error");
  } catch (const import_error& e) {
    CHECK(e.origin() == (dir / "people-2.csv").string());
    CHECK(e.line() == 2);
    CHECK(e.field() == "birthDate:date");
  }
  CHECK(h.entity_count() == 0);
  // Skipping reports the file too.
  const auto skipped = import_neo4j_csv(h, std::span<const neo4j_csv_group>(groups), {.skip_bad_lines = true});
  REQUIRE(skipped.skipped.size() == 1);
  CHECK(skipped.skipped[0].origin == (dir / "people-2.csv").string());
  CHECK(skipped.entities == 4);
  fs::remove_all(dir);
}

TEST_CASE("neo4j_csv.import.bad_csv_names_the_line") {
  const auto unclosed = failure("id:ID,:LABEL,name\na,Field,fine\nb,Field,\"never closed\nc,more\n");
  CHECK(unclosed.id() == "dossier.import.bad_csv");
  CHECK(unclosed.line() == 3);
  CHECK(std::string(unclosed.what()).find("never closed") != std::string::npos);
  const auto after = failure("id:ID,:LABEL,name\na,Field,\"quoted\"x\n");
  CHECK(after.id() == "dossier.import.bad_csv");
  CHECK(after.line() == 2);
  const auto wide = failure("id:ID,name\na,b,c\n");  // before its label is looked at
  CHECK(wide.id() == "dossier.import.bad_csv");
  CHECK(std::string(wide.what()).find("3 fields, the header 2") != std::string::npos);
  // Hostile sizes: more fields than any header needs.
  std::string many = "id:ID";
  for (int i = 0; i < 70000; ++i) many += ",x";
  CHECK(failure(many + "\n").id() == "dossier.import.bad_csv");
  CHECK(failure("").id() == "dossier.import.bad_header");
}

TEST_CASE("neo4j_csv.import.bad_headers_and_values_name_the_column") {
  CHECK(failure("name\nQiming\n").id() == "dossier.import.bad_header");  // no :ID
  CHECK(failure("id:ID,other:ID,name\n").id() == "dossier.import.bad_header");
  const auto unknown_type = failure("id:ID,born:birthday\n");
  CHECK(unknown_type.id() == "dossier.import.bad_header");
  CHECK(unknown_type.field() == "born:birthday");
  const auto unknown_column = failure("id:ID,:LABEL,shoeSize:int\n");
  CHECK(unknown_column.id() == "dossier.import.unknown_column");
  CHECK(unknown_column.field() == "shoeSize:int");
  CHECK(failure("id:ID,:LABEL,recruited:long\nq,Program,many\n").field() == "recruited:long");
  CHECK(failure("id:ID,:LABEL,recruited:long\nq,Program,many\n").line() == 2);
  CHECK(failure("id:ID,:LABEL,sensitive:boolean\nf,Field,perhaps\n").id() == "dossier.import.bad_value");
  CHECK(failure("id:ID,:LABEL,startDate:date\nq,Program,someday\n").id() == "dossier.value.bad_date");
  CHECK(failure("id:ID,:LABEL,name\nq,Program;Prgram,Qiming\n").id() == "dossier.schema.unknown_type");
  CHECK(failure("id:ID,:LABEL,name\nq,Program;Person,Qiming\n").field() == ":LABEL");  // unrelated types
  CHECK(failure("id:ID,:LABEL,name\nq,,Qiming\n").id() == "dossier.schema.unknown_type");
  CHECK(failure("id:ID,:LABEL,name\n,Program,Qiming\n").id() == "dossier.import.bad_id");
  CHECK(failure("id:ID,:LABEL\nq,Program\nq,Program\n").id() == "dossier.import.duplicate_id");
  CHECK(failure("id:ID,:LABEL,name,_dossier\nq,Program,Q,{not json\n").id() == "dossier.import.bad_json");
  CHECK(failure("id:ID,:LABEL,name,_dossier\nq,Program,Q,\"{\"\"evidence\"\": 3}\"\n").field() == "_dossier.evidence");
  CHECK(failure("id:ID,:LABEL,name\nq,Program,\"\xC3\x28\"\n").id() == "dossier.value.invalid_utf8");
  // Relationships: a missing end, an unknown ID space, an unknown type, a wrong endpoint type.
  const auto missing = failure(programs, ":START_ID,:END_ID,:TYPE\nq,nowhere,recruits_in\n");
  CHECK(missing.id() == "dossier.import.unknown_reference");
  CHECK(missing.field() == ":END_ID");
  CHECK(missing.origin() == "rels.csv");
  CHECK(failure(programs, ":START_ID(Nope),:END_ID,:TYPE\n").id() == "dossier.import.unknown_id_space");
  CHECK(failure(programs, ":START_ID,:END_ID,:TYPE\nq,f,frobnicates\n").field() == ":TYPE");
  CHECK(failure(programs, ":START_ID,:END_ID,:TYPE\nf,q,recruits_in\n").id() == "dossier.schema.wrong_endpoint");
  CHECK(failure(programs, ":START_ID,:END_ID\nq,f\n").field() == ":TYPE");  // no type at all
  CHECK(failure(programs, ":START_ID,:TYPE\nq,recruits_in\n").id() == "dossier.import.bad_header");
}

TEST_CASE("neo4j_csv.import.ignore_unknown_and_other_delimiters") {
  graph g{schemas::investigations()};
  const auto report = import_texts(g, "id:ID|:LABEL|name|shoeSize:int|tags:string[]\nq|Program,Extra|Qiming|44|\n", "",
                                   {}, {.delimiter = '|', .array_delimiter = ',', .ignore_unknown = true});
  CHECK(report.entities == 1);
  CHECK(g.get(g.by_external("q")).type_name() == "Program");
  CHECK_FALSE(g.get(g.by_external("q")).property("shoeSize"));
}
