// Whole Cypher statements: the input is a statement's text. Once parsed, it runs on a fresh copy
// of a small open-schema graph and of a small investigations-schema graph, each under a tight
// budget, then read-only on the investigations graph as of a date, above a confidence and with
// its cancellation already requested. What must hold:
//  - only a dossier::error escapes (syntax, semantic, type, budget, schema errors are all fine);
//  - a statement that fails leaves its graph as it was: the same entity and relation counts and
//    the same nodes and relationships, property for property (writes are all or nothing);
//  - every result row has one value per column, and format() writes every value;
//  - nothing crashes, hangs (libFuzzer's -timeout) or trips ASan or UBSan.
#include "common.hpp"

#include <dossier/dossier.hpp>
#include <dossier/query/cypher.hpp>
#include <dossier/schema/schemas.hpp>

#include <algorithm>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace dossier;

const budget tight{.max_visited = 20'000, .max_paths = 2'000, .max_results = 2'000};

// Parameters the seeds use ($n, $name, $list, $p, $id, $0), so that statements with them run.
const cypher_parameters& parameters() {
  static const cypher_parameters p = {
      {"n", 2}, {"name", "Qiming"}, {"id", "p1"}, {"0", 1.5}, {"s", "a"},
      {"list", cypher_value::list_type{1, "a", nullptr, 2.5, cypher_value::list_type{true}}},
      {"p", cypher_value::map_type{{"a", 1}, {"b", "x"}, {"c", cypher_value::list_type{1, 2}}}}};
  return p;
}

entity_id only_node(graph& g, std::string_view statement) {
  const auto r = cypher(g, statement);
  if (r.rows.size() != 1) fuzz::finding("a setup statement of the fuzz graph did not find its node");
  return r.rows[0][0].as_node();
}

// Labels A and B (and both), unlabelled nodes, properties of every kind a property holds,
// relationships T and S with and without properties, a self-loop and two cycles.
graph open_graph() {
  graph g{schemas::open()};
  (void)cypher(g,
               "CREATE (a:A {i: 1, f: 1.5, s: 'a', b: true, l: [1, 2, 3], ls: ['x', 'y'], z: -0.0})"
               "-[:T {w: 1}]->(b:B {i: 2, s: 'b', f: 1.0e300, nested: [[1], [2, 3]]})"
               "-[:T {w: 2.5, s: 'bc'}]->(c:A:B {i: -9223372036854775807, s: '\\u00e9t\\u00e9', b: false})"
               "-[:S]->(a),"
               " (a)-[:S {k: 'loop'}]->(a), (d)-[:T]->(b), (b)-[:S {l: [1, 2]}]->(d), (e:A {l: []}), (:B)");
  const auto a = only_node(g, "MATCH (n:A {i: 1}) RETURN n");
  g.set(a, "when", date{2020, 2, 29});
  g.set(a, "cost", parse_money("1.5 million CNY"));
  g.set(only_node(g, "MATCH (n:B {i: 2}) RETURN n"), "month", date{2019, 3});
  return g;
}

// Persons, a company, a program, a ministry and a field with external ids, aliases and typed
// properties; relations with citations of several confidences and valid times.
graph investigations_graph() {
  graph g{schemas::investigations()};
  const auto src = g.add_source({.title = "A report", .publisher = "Reuters", .published = date{2023, 8, 24}});
  const auto chen = g.add("Person", "Chen Wei", {.aliases = {"Wei Chen"},
                          .properties = {{"birthDate", date{1970, 5, 1}}, {"nationality", "cn"}}, .external_id = "p1"});
  const auto li = g.add("Person", "Li Na", {.external_id = "p2"});
  const auto acme = g.add("Company", "Acme", {.properties = {{"ticker", "ACM"}}, .external_id = "c1"});
  const auto qiming = g.add("Program", "Qiming", {.aliases = {"Kiming"},
                            .properties = {{"recruitTarget", 200}, {"signingBonus", parse_money("3 million CNY")}},
                            .external_id = "q1"});
  const auto miit = g.add("Ministry", "MIIT", {.external_id = "m1"});
  const auto chips = g.add("Field", "semiconductors", {.properties = {{"sensitive", true}}});
  const auto cited = [&](double confidence, valid_time valid = {}) {
    return relation_options{.citations = {cite(src, "a quote", confidence)}, .valid = valid};
  };
  g.relate(miit, "oversees", qiming, cited(0.9));
  auto offer = cited(0.4, {.start = date{2019}});
  offer.properties = {{"offer", parse_money("USD 2100000")}};
  g.relate(acme, "recruits_for", qiming, std::move(offer));
  g.relate(chen, "awarded", qiming, cited(1.0, {.start = date{2018}, .end = date{2021}}));
  g.relate(chen, "Employment", acme, cited(0.7));
  g.relate(qiming, "recruits_in", chips, cited(0.8));
  g.relate(li, "Associate", chen, cited(0.6));
  g.relate(chen, "Family", chen, cited(0.5));  // a self-loop
  return g;
}

// What atomicity compares: counts, and every node and relationship as Cypher writes it.
struct picture {
  std::size_t entities = 0, relations = 0;
  std::vector<std::string> lines;
  friend bool operator==(const picture&, const picture&) = default;
};

picture picture_of(const graph& g) {
  picture out{g.entity_count(), g.relation_count(), {}};
  for (const char* dump : {"MATCH (n) RETURN id(n), n", "MATCH (a)-[r]->(b) RETURN id(a), id(r), r, id(b)"}) {
    for (const auto& row : cypher(g, dump).rows) {
      std::string line;
      for (const auto& v : row) line += format(g, v) + " ";
      out.lines.push_back(std::move(line));
    }
  }
  std::sort(out.lines.begin(), out.lines.end());
  return out;
}

void check_result(const graph& g, const cypher_result& r) {
  for (const auto& row : r.rows) {
    if (row.size() != r.columns.size()) fuzz::finding("a result row does not have one value per column");
    for (const auto& v : row) (void)format(g, v);
  }
}

void run_on(graph g, const cypher_statement& s, const std::stop_token& cancel) {
  const auto before = picture_of(g);
  bool ran = false;
  fuzz::expect_only_typed_errors([&] {
    check_result(g, s.run(g, parameters(), {.budget = tight, .cancel = cancel}));
    ran = true;
  });
  if (!ran && picture_of(g) != before) fuzz::finding("a failed statement changed the graph");
}

void run_read_only(const graph& g, const cypher_statement& s) {
  std::stop_source stopped;
  stopped.request_stop();
  fuzz::expect_only_typed_errors([&] {
    const cypher_options o{.as_of = date{2020}, .min_confidence = 0.5, .budget = tight, .cancel = stopped.get_token()};
    check_result(g, s.run(g, parameters(), o));
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const graph open = open_graph(), investigations = investigations_graph();
  static const std::stop_source never;  // a live token, as a caller that may cancel passes one
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<cypher_statement> s;
  fuzz::expect_only_typed_errors([&] { s = cypher_statement::prepare(text); });
  if (!s) return 0;
  run_on(open.copy(), *s, never.get_token());
  run_on(investigations.copy(), *s, never.get_token());
  run_read_only(investigations, *s);
  return 0;
}
