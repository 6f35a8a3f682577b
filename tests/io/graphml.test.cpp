#include <doctest/doctest.h>
#include "fixture.hpp"
#include "graph_canonical.hpp"
#include "random_graph.hpp"

#include <dossier/io/graphml.hpp>
#include <dossier/io/jsonl.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace dossier;
using testing_support::canonical;

namespace {

const std::filesystem::path dataset = std::filesystem::path(DOSSIER_EXAMPLES_DATA) / "talent-programs.jsonl";

std::string to_graphml(const graph& g, const export_options& options = {}) {
  std::ostringstream out;
  export_graphml(g, out, options);
  return out.str();
}

graph from_graphml(const std::string& text, const graphml_options& options = {}, import_options import = {}) {
  graph g{schemas::investigations()};
  std::istringstream in(text);
  (void)import_graphml(g, in, import, options, "test.graphml");
  return g;
}

// A canonical description as text, which doctest can show when two differ.
std::string lines(const std::multiset<std::string>& description) {
  std::string out;
  for (const auto& l : description) out += l + "\n";
  return out;
}

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The head of a hand-written file: keys as networkx writes them (ids d0, d1, ...).
const std::string keys =
    "<?xml version='1.0' encoding='utf-8'?>\n"                                          // 1
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"                       // 2
    "  <key id=\"d0\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"          // 3
    "  <key id=\"d1\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"          // 4
    "  <key id=\"d2\" for=\"node\" attr.name=\"recruitTarget\" attr.type=\"long\"/>\n"   // 5
    "  <key id=\"d3\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"          // 6
    "  <key id=\"d4\" for=\"node\" attr.name=\"sensitive\" attr.type=\"boolean\"/>\n"    // 7
    "  <graph edgedefault=\"directed\">\n"                                              // 8
    "    <node id=\"q\"><data key=\"d0\">Program</data><data key=\"d1\">Qiming</data></node>\n"  // 9
    "    <node id=\"f\"><data key=\"d0\">Field</data><data key=\"d1\">semiconductors</data></node>\n";  // 10
const std::string tail = "  </graph>\n</graphml>\n";

// Imports `text` into the fixture graph, which must fail, and must leave the graph as it was.
import_error failure(const std::string& text, const graphml_options& options = {}) {
  fixture::talent f;
  const auto before = canonical(f.g, {.external_ids = true});
  const auto entities = f.g.entity_count(), relations = f.g.relation_count();
  std::istringstream in(text);
  try {
    (void)import_graphml(f.g, in, {}, options, "bad.graphml");
  } catch (const import_error& e) {
    CHECK(canonical(f.g, {.external_ids = true}) == before);
    CHECK(f.g.entity_count() == entities);
    CHECK(f.g.relation_count() == relations);
    CHECK(e.origin() == "bad.graphml");
    return e;
  }
  FAIL("import did not fail: " << text);
  return import_error("test.unreachable", "", 0, "", "");
}

void check_failure(const std::string& text, std::string_view id, std::size_t line, std::string_view field, std::string_view words,
                   const graphml_options& options = {}) {
  const auto e = failure(text, options);
  CHECK(e.id() == id);
  CHECK(e.line() == line);
  CHECK(e.field() == field);
  CHECK_MESSAGE(std::string(e.what()).find(words) != std::string::npos, e.what());
  CHECK_MESSAGE(std::string(e.message()).starts_with("bad.graphml:" + std::to_string(line)), e.what());
}

}  // namespace

TEST_CASE("graphml.round_trip.the_article_dataset") {
  graph g{schemas::investigations()};
  (void)import_jsonl(g, dataset);
  const auto text = to_graphml(g);
  graph back{schemas::investigations()};
  std::istringstream in(text);
  const auto report = import_graphml(back, in);
  CHECK(report.entities == 35);
  CHECK(report.relations == 39);
  CHECK(report.skipped.empty());
  CHECK(report.lines == static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  CHECK(canonical(back, {.external_ids = true}) == canonical(g, {.external_ids = true}));
  CHECK(to_graphml(back) == text);  // ids are the external ids: a second export is the same file
  // What other tools see: typed keys, one node per entity, one edge per relation.
  CHECK(count_of(text, "<node ") == 35);
  CHECK(count_of(text, "<edge ") == 39);
  CHECK(text.find("attr.name=\"recruitTarget\" attr.type=\"long\"") != std::string::npos);
  CHECK(text.find("attr.name=\"authors\" attr.type=\"string\"><desc>dossier: a JSON array") != std::string::npos);
  CHECK(text.find("<data key=\"d0\">investigations</data>") != std::string::npos);
  CHECK(text.find("edgedefault=\"directed\"") != std::string::npos);
}

TEST_CASE("graphml.round_trip.random_graphs") {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::random_graph(seed);
    const auto text = to_graphml(g);
    graph back{testing_support::random_test_schema()};
    std::istringstream in(text);
    const auto report = import_graphml(back, in, {.on_repeat = repeat_policy::parallel});
    CHECK(report.skipped.empty());
    CHECK(back.entity_count() == g.entity_count());
    CHECK(back.relation_count() == g.relation_count());
    CHECK(canonical(back) == canonical(g));
  }
}

TEST_CASE("graphml.round_trip.multi_valued_properties_and_evidence") {
  graph g{testing_support::random_test_schema()};
  const auto src = g.add_source({.title = "A & B <report>", .publisher = "P \"quoted\""});
  const auto p = g.add("Program", "Program\twith\ttabs\r\nand lines", {.aliases = {{"别名", "zh"}, "plain"}});
  g.add_value(p, "topics", value{"stars"}, evidence{.citations = {{.source = src, .quote = "q <1> & 'two'", .confidence = 0.25}}});
  g.add_value(p, "topics", value{"calendars"});
  g.add_value(p, "topics", value(value::list_type{value("a"), value("b")}));
  g.set(p, "startDate", date{2019, 3}, evidence{.valid = {.start = date{2019}, .end = date{2020, 1, 2}}});
  const auto f = g.add("Field", "semi\x01" "conductors?");  // a control character: a name keeps U+FFFD
  const auto n = g.add("Note", "note", {.properties = {{"type", "a property named type"},
                                                       {"property:x", 1.5},
                                                       {"ctrl", "bell\x07"},
                                                       {"when", true},
                                                       {"nested", value(value::list_type{value(1), value(value::list_type{value(2.5), value("x")})})}}});
  g.relate(p, "recruits_in", f,
           relation_options{.citations = {{.source = src, .quote = "first", .confidence = 0.5},
                                          {.source = src, .quote = "second", .first_seen = date{2020}, .last_seen = date{2021, 2}}},
                            .valid = {.start = date{-100}, .end = date{-44, 3}}});
  const auto person = g.add("Person", "A person");
  const auto r = g.relate(person, "awarded", p, relation_options{.properties = {{"year", date{2021}}}, .external_id = "edge-1"});
  g.set(r, "year", date{2022}, evidence{.citations = {{.source = src, .quote = "relation property evidence"}}});
  const auto text = to_graphml(g);
  CHECK(text.find("attr.name=\"property:type\"") != std::string::npos);
  CHECK(text.find("attr.name=\"property:property:x\" attr.type=\"double\"") != std::string::npos);
  CHECK(text.find("semi\xEF\xBF\xBD" "conductors?") != std::string::npos);  // XML 1.0 cannot hold U+0001
  CHECK(text.find("\x01") == std::string::npos);
  CHECK(text.find("\x07") == std::string::npos);  // in JSON text it is \u0007
  CHECK(text.find("<edge id=\"edge-1\"") != std::string::npos);
  graph back{testing_support::random_test_schema()};
  std::istringstream in(text);
  (void)import_graphml(back, in);
  // Everything but the control character in a name comes back.
  g.rename(f, "semi\xEF\xBF\xBD" "conductors?");
  CHECK(canonical(back) == canonical(g));
  const auto back_p = back.entities("Program").front();
  CHECK(back.get(back_p).statements("topics").size() == 3);
  CHECK(back.get(back_p).name() == "Program\twith\ttabs\r\nand lines");
  CHECK(back.get(*back.find_external("e" + std::to_string(to_index(n)))).property("ctrl")->as_string() == "bell\x07");
}

TEST_CASE("graphml.round_trip.relations_sharing_an_external_id") {
  graph g{schemas::investigations()};
  const auto a = g.add("Person", "A", {.external_id = "a"}), b = g.add("Person", "B", {.external_id = "b"});
  const auto q = g.add("Program", "Q", {.external_id = "q"});
  g.relate(a, "awarded", q, relation_options{.external_id = "award"});
  g.relate(b, "awarded", q, relation_options{.external_id = "award"});
  const auto text = to_graphml(g);
  CHECK(count_of(text, "id=\"award\"") == 1);  // XML ids stay unique
  CHECK(count_of(text, ">award</data>") == 1);
  const auto back = from_graphml(text);
  const auto want = canonical(g, {.external_ids = true}), got = canonical(back, {.external_ids = true});
  CHECK(lines(got) == lines(want));
}

TEST_CASE("graphml.export.subgraph_brings_its_sources") {
  fixture::talent f;
  const auto text = to_graphml(f.g, {.entities = {f.qiming, f.chips}});
  CHECK(count_of(text, "<node ") == 3);  // the two, and the article their relation cites
  CHECK(count_of(text, "<edge ") == 1);
  const auto back = from_graphml(text);
  CHECK(back.entity_count() == 3);
  CHECK(back.relation_count() == 1);
}

TEST_CASE("graphml.export.to_a_file_atomically") {
  fixture::talent f;
  const auto dir = std::filesystem::temp_directory_path() / ("dossier-graphml-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "talent.graphml";
  { std::ofstream(path) << "old"; }
  export_graphml(f.g, path);
  graph back{schemas::investigations()};
  const auto report = import_graphml(back, path);
  CHECK(report.entities == f.g.entity_count());
  CHECK(canonical(back) == canonical(f.g));
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);  // no temporary left
  CHECK_THROWS_AS(export_graphml(f.g, dir / "missing" / "x.graphml"), io_error);
  CHECK_THROWS_AS(import_graphml(back, dir / "absent.graphml"), io_error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("graphml.import.what_networkx_writes") {
  // networkx: key ids d0.., defaults, an undirected graph, parallel edges, Python's True, edge ids.
  const std::string text =
      "<?xml version='1.0' encoding='utf-8'?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
      "  <key id=\"d5\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"><default>researches</default></key>\n"
      "  <key id=\"d4\" for=\"node\" attr.name=\"sensitive\" attr.type=\"boolean\"/>\n"
      "  <key id=\"d3\" for=\"node\" attr.name=\"recruitTarget\" attr.type=\"long\"/>\n"
      "  <key id=\"d2\" for=\"node\" attr.name=\"startDate\" attr.type=\"int\"/>\n"
      "  <key id=\"d1\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
      "  <key id=\"d0\" for=\"node\" attr.name=\"type\" attr.type=\"string\"><default>Person</default></key>\n"
      "  <graph edgedefault=\"undirected\">\n"
      "    <node id=\"0\"><data key=\"d1\">Ada</data></node>\n"
      "    <node id=\"1\"><data key=\"d0\">Field</data><data key=\"d1\">chips</data><data key=\"d4\">True</data></node>\n"
      "    <node id=\"2\"><data key=\"d0\">Program</data><data key=\"d1\">Kunpeng</data><data key=\"d3\"> 200 </data>"
      "<data key=\"d2\">2019</data></node>\n"
      "    <edge source=\"0\" target=\"1\" id=\"0\"/>\n"
      "    <edge source=\"0\" target=\"1\" id=\"1\"><data key=\"d5\">researches</data></edge>\n"
      "    <edge source=\"0\" target=\"2\" id=\"2\"><data key=\"d5\">awarded</data></edge>\n"
      "  </graph>\n</graphml>\n";
  graph g{schemas::investigations()};
  std::istringstream in(text);
  const auto report = import_graphml(g, in, {.on_repeat = repeat_policy::parallel});
  CHECK(report.entities == 3);
  CHECK(report.relations == 3);
  CHECK(g.relation_count() == 3);
  const auto ada = *g.find_external("0");
  CHECK(g.get(ada).type_name() == "Person");  // the key's default
  CHECK(g.relations(ada, direction::out, "researches").size() == 2);  // parallel edges
  CHECK(g.get(*g.find_external("1")).property("sensitive")->as_bool());
  const auto kunpeng = g.get(*g.find_external("2"));
  CHECK(kunpeng.property("recruitTarget")->as_int() == 200);
  CHECK(kunpeng.property("startDate")->as_date() == date{2019});  // an integer year, coerced by the pipeline
}

TEST_CASE("graphml.import.default_types_and_unknown_attributes") {
  const std::string text =
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
      "  <key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
      "  <key id=\"c\" for=\"all\" attr.name=\"color\" attr.type=\"string\"/>\n"
      "  <key id=\"g\" for=\"graph\" attr.name=\"title\" attr.type=\"string\"/>\n"
      "  <graph id=\"G\" edgedefault=\"directed\">\n"
      "    <data key=\"g\">A graph</data>\n"
      "    <node id=\"a\"><data key=\"c\">red</data></node>\n"
      "    <node id=\"b\"/>\n"
      "    <edge source=\"a\" target=\"b\"><data key=\"w\">0.5</data></edge>\n"
      "  </graph>\n</graphml>\n";
  const auto g = from_graphml(text, {.default_entity_type = "Person", .default_relation_type = "Associate", .ignore_unknown_attributes = true});
  CHECK(g.entity_count() == 2);
  CHECK(g.relation_count() == 1);
  CHECK(g.get(*g.find_external("a")).properties().empty());
  // Without the option, the first unknown attribute is an error naming its line and name.
  check_failure(text, "dossier.import.unknown_attribute", 6, "title", "has no place",
                {.default_entity_type = "Person", .default_relation_type = "Associate"});
}

TEST_CASE("graphml.import.yed_graphics_are_passed_over") {
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:y=\"http://www.yworks.com/xml/graphml\">\n"
      "  <key for=\"node\" id=\"d6\" yfiles.type=\"nodegraphics\"/>\n"
      "  <key for=\"graphml\" id=\"d7\" yfiles.type=\"resources\"/>\n"
      "  <key attr.name=\"type\" attr.type=\"string\" for=\"node\" id=\"t\"/>\n"
      "  <graph edgedefault=\"directed\" id=\"G\">\n"
      "    <node id=\"n0\"><data key=\"t\">Field</data><data key=\"d6\"><y:ShapeNode><y:Geometry height=\"30.0\" width=\"30.0\" x=\"0\" y=\"0\"/>"
      "<y:NodeLabel>chips</y:NodeLabel></y:ShapeNode></data></node>\n"
      "  </graph>\n"
      "  <data key=\"d7\"><y:Resources/></data>\n"
      "</graphml>\n";
  const auto g = from_graphml(text);
  CHECK(g.entity_count() == 1);
  CHECK(g.get(*g.find_external("n0")).type_name() == "Field");
}

TEST_CASE("graphml.import.xml_details") {
  // Comments, CDATA, references, single quotes, a BOM, CR LF line ends, prefixed elements.
  const std::string text =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<!-- a comment -->\r\n"
      "<g:graphml xmlns:g='http://graphml.graphdrawing.org/xmlns'>\r\n"
      "<g:key id='n' for='node' attr.name='name'/><g:key id='t' for='node' attr.name='type'/>\r\n"
      "<g:graph><?pi ignored?>\r\n"
      "<g:node id='a&amp;b'><g:data key='t'>Person</g:data><g:data key='n'>A &lt;&#65;&#x42;&gt; <![CDATA[<C> & D]]><!-- x -->&quot;&apos;</g:data></g:node>\r\n"
      "</g:graph></g:graphml>\r\n";
  const auto g = from_graphml(text);
  REQUIRE(g.find_external("a&b"));
  CHECK(g.get(*g.find_external("a&b")).name() == "A <AB> <C> & D\"'");
}

TEST_CASE("graphml.import.skip_bad_lines_reports_and_keeps_the_rest") {
  const std::string text = keys +
                           "    <node id=\"x\"><data key=\"d0\">Program</data><data key=\"d2\">many</data></node>\n"  // 11
                           "    <edge source=\"x\" target=\"f\"><data key=\"d3\">recruits_in</data></edge>\n"        // 12
                           "    <edge source=\"q\" target=\"f\"><data key=\"d3\">recruits_in</data></edge>\n"        // 13
                           + tail;
  graph g{schemas::investigations()};
  std::istringstream in(text);
  const auto report = import_graphml(g, in, {.skip_bad_lines = true});
  CHECK(g.entity_count() == 2);
  CHECK(g.relation_count() == 1);
  REQUIRE(report.skipped.size() == 2);
  CHECK(report.skipped[0].line == 11);
  CHECK(report.skipped[0].id == "dossier.import.bad_value");
  CHECK(report.skipped[1].line == 12);
  CHECK(report.skipped[1].id == "dossier.import.unknown_reference");
}

TEST_CASE("graphml.import.bad_xml") {
  check_failure(keys, "dossier.import.bad_xml", 10, "", "ends inside 'graph' opened on line 8");  // truncated
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Person</node>\n" + tail, "dossier.import.bad_xml", 11, "",
                "the end tag 'node' does not match 'data' opened on line 11");
  check_failure(keys + tail + "<graphml/>\n", "dossier.import.bad_xml", 13, "", "a second root element");
  check_failure(keys + tail + "junk\n", "dossier.import.bad_xml", 13, "", "text after the root element");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">&nbsp;</data></node>\n" + tail, "dossier.import.bad_xml", 11, "", "undeclared entity '&nbsp;'");
  check_failure(keys + "    <node id=\"x\" id=\"y\"/>\n" + tail, "dossier.import.bad_xml", 11, "", "attribute 'id' appears twice");
  check_failure(keys + "    <node id=x/>\n" + tail, "dossier.import.bad_xml", 11, "", "must be quoted");
  check_failure(keys + "    <node id=\"a<b\"/>\n" + tail, "dossier.import.bad_xml", 11, "", "'<' is not allowed in an attribute value");
  check_failure(keys + "    <!-- never closed\n" + tail, "dossier.import.bad_xml", 11, "", "ends inside a comment opened on line 11");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\"><![CDATA[open\n" + tail, "dossier.import.bad_xml", 11, "", "CDATA");
  check_failure("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<graphml/>\n", "dossier.import.bad_xml", 1, "", "only UTF-8 is read");
  check_failure("", "dossier.import.bad_xml", 1, "", "no root element");
  check_failure("\n\n<graphml>\n<?xml version=\"1.0\"?>\n</graphml>\n", "dossier.import.bad_xml", 4, "", "may only start the document");
}

TEST_CASE("graphml.import.bad_characters") {
  // XML 1.0 has no place for most control characters, raw or as references, nor for U+FFFE.
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">a\x01</data></node>\n" + tail, "dossier.import.bad_xml", 11, "", "U+0001");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">a&#1;</data></node>\n" + tail, "dossier.import.bad_xml", 11, "", "&#1; is not a character");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">a&#x110000;</data></node>\n" + tail, "dossier.import.bad_xml", 11, "", "not a character");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">a\xEF\xBF\xBE</data></node>\n" + tail, "dossier.import.bad_xml", 11, "", "U+FFFE");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">a\xC3</data></node>\n" + tail, "dossier.value.invalid_utf8", 11, "", "is not UTF-8");
  check_failure(std::string("\xFF\xFE<\0g\0", 6), "dossier.import.bad_xml", 1, "", "UTF-16");
}

TEST_CASE("graphml.import.no_document_type_and_bounded_nesting") {
  // The billion laughs: refused before any entity could expand.
  check_failure("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;\">\n]>\n"
                "<graphml>&lol2;</graphml>\n",
                "dossier.import.xml_dtd", 2, "", "<!DOCTYPE");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\"><!ENTITY x \"y\"></data></node>\n" + tail, "dossier.import.xml_dtd", 11, "", "not read");
  // Deep nesting: an error at the element past the limit, not a stack overflow.
  std::string deep = keys + "    <node id=\"x\"><data key=\"d1\">\n";
  for (int i = 0; i < 100'000; ++i) deep += "<y:a>";
  check_failure(deep, "dossier.import.too_deep", 12, "", "deeper than 64 levels");
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\"><a><b><c/></b></a></data></node>\n" + tail, "dossier.import.too_deep", 11, "",
                "deeper than 6 levels", {.max_depth = 6});
}

TEST_CASE("graphml.import.bad_graphml") {
  check_failure("<gexf>\n</gexf>\n", "dossier.import.bad_graphml", 1, "", "not <graphml>");
  check_failure(keys + "    <node><data key=\"d0\">Person</data></node>\n" + tail, "dossier.import.bad_graphml", 11, "id", "needs an id");
  check_failure(keys + "    <edge source=\"q\"/>\n" + tail, "dossier.import.bad_graphml", 11, "source", "needs a source and a target");
  check_failure(keys + "    <vertex id=\"v\"/>\n" + tail, "dossier.import.bad_graphml", 11, "", "unexpected 'vertex' in <graph>");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Person</data><data key=\"d0\">Person</data></node>\n" + tail,
                "dossier.import.bad_graphml", 11, "type", "given twice");
  check_failure(keys + "    <node id=\"x\"><data key=\"d3\">Person</data></node>\n" + tail, "dossier.import.bad_graphml", 11, "type",
                "declared for edges, not for nodes");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Person</data><data key=\"d1\"><b>bold</b></data></node>\n" + tail,
                "dossier.import.bad_graphml", 11, "name", "holds XML elements");
  check_failure(keys + "  </graph>\n  <key id=\"late\" for=\"node\"/>\n</graphml>\n", "dossier.import.bad_graphml", 12, "", "keys come first");
  check_failure("<graphml>\n<key id=\"k\" attr.type=\"complex\"/>\n</graphml>\n", "dossier.import.bad_graphml", 2, "", "attr.type='complex'");
  check_failure("<graphml>\n<key id=\"k\"/>\n<key id=\"k\"/>\n</graphml>\n", "dossier.import.bad_graphml", 3, "", "declared twice (first on line 2)");
  check_failure("<graphml>\n<graph edgedefault=\"sideways\"/>\n</graphml>\n", "dossier.import.bad_graphml", 2, "", "edgedefault='sideways'");
  check_failure(keys + "    text in a graph\n" + tail, "dossier.import.bad_graphml", 11, "", "unexpected text in <graph>");
}

TEST_CASE("graphml.import.unsupported_graphml") {
  check_failure(keys + "    <hyperedge><endpoint node=\"q\"/><endpoint node=\"f\"/></hyperedge>\n" + tail, "dossier.import.unsupported_graphml", 11,
                "hyperedge", "hyperedges are not read");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Person</data><port name=\"p\"/></node>\n" + tail,
                "dossier.import.unsupported_graphml", 11, "port", "ports are not read");
  check_failure(keys + "    <edge source=\"q\" target=\"f\" sourceport=\"p\"><data key=\"d3\">recruits_in</data></edge>\n" + tail,
                "dossier.import.unsupported_graphml", 11, "sourceport", "ports are not read");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Person</data>\n      <graph/>\n    </node>\n" + tail,
                "dossier.import.unsupported_graphml", 12, "graph", "nested graphs");
  check_failure(keys + tail.substr(0, 11) + "  <graph/>\n</graphml>\n", "dossier.import.unsupported_graphml", 12, "", "a second <graph>");
  check_failure(keys + "    <locator href=\"other.graphml\"/>\n" + tail, "dossier.import.unsupported_graphml", 11, "", "<locator>");
}

TEST_CASE("graphml.import.bad_records") {
  // A data element naming no key.
  check_failure(keys + "    <node id=\"x\"><data key=\"d9\">?</data></node>\n" + tail, "dossier.import.unknown_key", 11, "d9", "no <key> declares 'd9'");
  // An edge to a node that is nowhere.
  check_failure(keys + "    <edge source=\"q\" target=\"nowhere\"><data key=\"d3\">recruits_in</data></edge>\n" + tail,
                "dossier.import.unknown_reference", 11, "target", "'nowhere' is not an entity of this file or the graph");
  // No type, and no default type; a type the schema does not have.
  check_failure(keys + "    <node id=\"x\"><data key=\"d1\">X</data></node>\n" + tail, "dossier.import.missing_type", 11, "type",
                "no default was given (graphml_options::default_entity_type)");
  check_failure(keys + "    <edge source=\"q\" target=\"f\"/>\n" + tail, "dossier.import.missing_type", 11, "type", "default_relation_type");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Wizard</data></node>\n" + tail, "dossier.schema.unknown_type", 11, "type",
                "unknown entity type 'Wizard'");
  // A typed value that is not of its type.
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Program</data><data key=\"d2\">abc</data></node>\n" + tail,
                "dossier.import.bad_value", 11, "recruitTarget", "expects an integer (attr.type long), got 'abc'");
  check_failure(keys + "    <node id=\"x\"><data key=\"d0\">Field</data><data key=\"d4\">maybe</data></node>\n" + tail,
                "dossier.import.bad_value", 11, "sensitive", "expects true or false");
  // The same node id twice.
  check_failure(keys + "    <node id=\"q\"><data key=\"d0\">Program</data></node>\n" + tail, "dossier.import.duplicate_id", 11, "id",
                "'q' is already used on line 9");
  // An attribute the node's type does not have.
  check_failure(keys.substr(0, keys.find("  <graph")) + "  <key id=\"k\" for=\"node\" attr.name=\"shoeSize\"/>\n" +
                    keys.substr(keys.find("  <graph")) + "    <node id=\"x\"><data key=\"d0\">Person</data><data key=\"k\">44</data></node>\n" + tail,
                "dossier.import.unknown_attribute", 12, "shoeSize", "'Person' has no property 'shoeSize'");
  // JSON attributes that do not read.
  const auto with_key = [&](const std::string& key, const std::string& node) {
    return keys.substr(0, keys.find("  <graph")) + key + "\n" + keys.substr(keys.find("  <graph")) + node + "\n" + tail;
  };
  check_failure(with_key("<key id=\"a\" for=\"node\" attr.name=\"aliases\"/>", "<node id=\"x\"><data key=\"d0\">Person</data><data key=\"a\">[\"A\"</data></node>"),
                "dossier.import.bad_json", 12, "aliases", "not valid JSON");
  check_failure(with_key("<key id=\"a\" for=\"node\" attr.name=\"aliases\"/>", "<node id=\"x\"><data key=\"d0\">Person</data><data key=\"a\">{}</data></node>"),
                "dossier.import.bad_field", 12, "aliases", "must be a list");
  check_failure(with_key("<key id=\"c\" for=\"edge\" attr.name=\"citations\"/>",
                         "<edge source=\"q\" target=\"f\"><data key=\"d3\">recruits_in</data><data key=\"c\">[{\"quote\": \"x\"}]</data></edge>"),
                "dossier.import.bad_field", 12, "source", "is missing");
  check_failure(with_key("<key id=\"c\" for=\"edge\" attr.name=\"citations\"/>",
                         "<edge source=\"q\" target=\"f\"><data key=\"d3\">recruits_in</data><data key=\"c\">[{\"source\": \"q\"}]</data></edge>"),
                "dossier.provenance.not_a_source", 12, "citations", "");
  check_failure(with_key("<key id=\"v\" for=\"edge\" attr.name=\"valid\"/>",
                         "<edge source=\"q\" target=\"f\"><data key=\"d3\">recruits_in</data><data key=\"v\">{\"start\": \"soon\"}</data></edge>"),
                "dossier.value.bad_date", 12, "valid.start", "");
  check_failure(with_key("<key id=\"e\" for=\"node\" attr.name=\"evidence\"/>",
                         "<node id=\"x\"><data key=\"d0\">Program</data><data key=\"d2\">3</data><data key=\"e\">{\"recruitTarget\": [{}, {}]}</data></node>"),
                "dossier.import.bad_value", 12, "evidence", "lists 2 entries for 1 values");
  check_failure(with_key("<key id=\"e\" for=\"node\" attr.name=\"evidence\"/>",
                         "<node id=\"x\"><data key=\"d0\">Program</data><data key=\"e\">{\"recruitTarget\": [{}]}</data></node>"),
                "dossier.import.bad_value", 12, "evidence", "which has no values here");
  const std::string json_key =
      "<key id=\"j\" for=\"node\" attr.name=\"topics\"><desc>dossier: a JSON array, each element one value of the property.</desc></key>";
  check_failure(with_key(json_key, "<node id=\"x\"><data key=\"d0\">Program</data><data key=\"j\">\"one\"</data></node>"),
                "dossier.import.bad_value", 12, "topics", "expects a JSON array of values");
  check_failure(with_key(json_key, "<node id=\"x\"><data key=\"d0\">Program</data><data key=\"j\">" + std::string(40, '[') +
                                       std::string(40, ']') + "</data></node>"),
                "dossier.import.too_deep", 12, "topics", "JSON nests more than 32 levels deep");
  check_failure(with_key(json_key, "<node id=\"x\"><data key=\"d0\">Program</data><data key=\"j\">" + std::string(40, '[') + "</data></node>"),
                "dossier.import.bad_json", 12, "topics", "not valid JSON");
  // The schema the file names is not the graph's.
  check_failure(with_key("<key id=\"s\" for=\"graph\" attr.name=\"schema\"/>", "<data key=\"s\">followthemoney</data>"),
                "dossier.import.wrong_schema", 12, "schema", "written with the schema 'followthemoney'");
}

TEST_CASE("graphml.import.json_arrays_through_tools_that_drop_the_mark") {
  // networkx keeps attr.name and the text, not a key's <desc>: a JSON array in a key of a
  // non-text property still reads as its values.
  const std::string text = keys.substr(0, keys.find("  <graph")) + "  <key id=\"s\" for=\"node\" attr.name=\"startDate\" attr.type=\"string\"/>\n" +
                           keys.substr(keys.find("  <graph")) +
                           "    <node id=\"x\"><data key=\"d0\">Program</data><data key=\"s\">[\"2019\", \"2020-05\"]</data></node>\n" + tail;
  const auto g = from_graphml(text);
  CHECK(g.get(*g.find_external("x")).statements("startDate").size() == 2);
}

TEST_CASE("graphml.import.defaults_cannot_blow_up") {
  // A long default on a key, and many nodes that take it: the file would expand far beyond its
  // size, as entity declarations would; it is refused, naming the key.
  std::string text = "<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"notes\"><default>" + std::string(20'000, 'x') +
                     "</default></key>\n<key id=\"t\" for=\"node\" attr.name=\"type\"><default>Person</default></key>\n<graph>\n";
  for (int i = 0; i < 2'000; ++i) text += "<node id=\"n" + std::to_string(i) + "\"/>\n";
  text += "</graph>\n</graphml>\n";
  check_failure(text, "dossier.import.bad_graphml", 2, "", "expand the file more than 16-fold");
}

TEST_CASE("graphml.import.lines_end_with_lf_cr_lf_or_cr") {
  for (const std::string end : {"\n", "\r\n", "\r"}) {
    CAPTURE(end.size());
    const std::string text = "<graphml>" + end + "<key id=\"t\" for=\"node\" attr.name=\"type\"/>" + end + "<graph>" + end +
                             "<node id=\"a\"><data key=\"t\">Wizard</data></node>" + end + "</graph>" + end + "</graphml>" + end;
    check_failure(text, "dossier.schema.unknown_type", 4, "type", "unknown entity type 'Wizard'");
  }
}
