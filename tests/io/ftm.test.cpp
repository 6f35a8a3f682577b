#include <doctest/doctest.h>

#include <dossier/dossier.hpp>

#include "../shared_data.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace dossier;

namespace {

const std::filesystem::path mini_model = std::filesystem::path(DOSSIER_TEST_DATA) / "ftm-mini.json";

// A graph as text, keyed by external ids rather than slots, so that two graphs loaded in
// different orders compare equal when they hold the same things.
std::string canonical(const graph& g) {
  std::multiset<std::string> lines;
  const auto name_of = [&](entity_id e) {
    const auto x = g.get(e).external_id();
    return x.empty() ? "#" + std::to_string(to_index(e)) : std::string(x);
  };
  const auto evidence_of = [&](const auto& ev) {  // evidence, or a relation's evidence_view
    std::multiset<std::string> cs;
    for (const auto& c : ev.citations)
      cs.insert(name_of(c.source) + "|" + std::string(c.quote) + "|" + std::to_string(c.confidence) + "|" + (c.first_seen ? c.first_seen->to_string() : "") +
                "|" + (c.last_seen ? c.last_seen->to_string() : ""));
    std::string out;
    for (const auto& c : cs) out += "[" + c + "]";
    return out;
  };
  for (const auto e : g.entities()) {
    const auto ref = g.get(e);
    std::multiset<std::string> parts;
    for (const auto& a : ref.aliases()) parts.insert("alias=" + a.name);
    for (const auto& p : ref.properties())
      parts.insert(g.schema().property_name(p.property) + "=" + p.val.to_string() + "/" + std::string(to_string(p.val.kind())) + evidence_of(p.ev));
    std::string line = "E " + name_of(e) + " " + ref.type_name() + " '" + ref.name() + "'";
    for (const auto& p : parts) line += " " + p;
    lines.insert(line);
  }
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r) {
    if (!g.relation_live(r)) continue;
    const auto ref = g.get(static_cast<relation_id>(r));
    std::string line = "R " + ref.type_name() + " " + name_of(ref.source()) + " -> " + name_of(ref.target()) + " " +
                       std::string(ref.external_id()) + evidence_of(ref.ev());
    std::multiset<std::string> parts;
    for (const auto& p : ref.properties()) parts.insert(g.schema().property_name(p.property) + "=" + p.val.to_string());
    for (const auto& p : parts) line += " " + p;
    lines.insert(line);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

const std::string stream =
    R"({"id": "d1", "schema": "Document", "properties": {"title": ["Register"]}})" "\n"
    R"({"id": "p1", "schema": "Person", "properties": {"name": ["Lina Dachner", "L. Dachner"], "alias": ["Lina D."], "birthDate": ["1970-05-01", "about 1970"], "country": ["de"], "proof": ["d1"]}, "datasets": ["de_register"], "first_seen": "2021-01-01", "last_seen": "2023-06-30", "target": true, "caption": "Lina Dachner"})" "\n"
    R"({"id": "c1", "schema": "Company", "properties": {"name": ["Acme GmbH"], "amount": ["1500000.5"]}, "datasets": ["de_register"]})" "\n"
    R"({"id": "c2", "schema": "Company", "properties": {"name": ["Beta AG"]}})" "\n"
    R"({"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1", "c2"], "asset": ["c1"], "percentage": ["50", "half"], "role": ["shareholder"]}, "datasets": ["de_register"]})" "\n"
    R"({"id": "x1", "schema": "Thing", "properties": {}})" "\n";  // abstract: refused

}  // namespace

TEST_CASE("ftm.import.maps_entities_edges_references_and_datasets") {
  graph g{schemas::load_followthemoney(mini_model)};
  std::istringstream in(stream);
  const auto report = import_ftm(g, in, {.skip_bad_lines = true, .account_records = true}, "mini.ijson");
  REQUIRE(report.skipped.size() == 1);
  CHECK(report.skipped[0].line == 6);
  CHECK(report.skipped[0].field == "schema");
  // Entities: the document, the person, two companies, and the dataset as a source.
  CHECK(report.entities == 5);
  CHECK(report.sources == 2);
  const auto p1 = g.by_external("p1"), c1 = g.by_external("c1"), c2 = g.by_external("c2");
  const auto person = g.get(p1);
  CHECK(person.name() == "Lina Dachner");
  CHECK(person.aliases().size() == 2);  // the second name and the alias
  // Every value kept, each by its FtM type; one that does not read stays text and is reported.
  const auto births = person.statements("birthDate");
  REQUIRE(births.size() == 2);
  CHECK(births[0].val == value(date{1970, 5, 1}));
  CHECK(births[1].val == value("about 1970"));
  CHECK(report.kept_as_text.size() == 2);  // "about 1970" and the percentage "half"
  CHECK(person.property("target")->as_bool());
  CHECK(person.property("caption")->as_string() == "Lina Dachner");
  // Datasets are sources cited on every statement, seen when the record says.
  const auto dataset = g.by_external("dataset:de_register");
  CHECK(g.is_source(dataset));
  CHECK(g.get(dataset).name() == "de_register");
  const auto& cite = person.statements("country").front().ev.citations.front();
  CHECK(cite.source == dataset);
  CHECK(cite.first_seen == date{2021, 1, 1});
  CHECK(cite.last_seen == date{2023, 6, 30});
  // The reference becomes a relation of the model's reference type.
  const auto proofs = g.relations(p1, direction::out, "Thing:proof");
  REQUIRE(proofs.size() == 1);
  CHECK(g.get(proofs[0]).target() == g.by_external("d1"));
  // The edge with two owners: two relations sharing its id and its properties.
  const auto owns = g.relations(c1, direction::in, "Ownership");
  REQUIRE(owns.size() == 2);
  std::set<entity_id> owners;
  for (const auto r : owns) {
    owners.insert(g.get(r).source());
    CHECK(g.get(r).external_id() == "o1");
    CHECK(g.get(r).property("role")->as_string() == "shareholder");
    CHECK(g.get(r).citations().front().source == dataset);
  }
  CHECK(owners == std::set{p1, c2});
  CHECK(g.get(c1).property("amount")->as_real() == doctest::Approx(1500000.5));
  // Every record accounted for.
  REQUIRE(report.records.size() == 6);
  CHECK(report.records[1].entities == 1);
  CHECK(report.records[1].relations == 1);  // the proof reference
  CHECK(report.records[1].as_text == 1);
  CHECK(report.records[4].relations == 2);
  CHECK(report.records[5].skipped);
}

TEST_CASE("ftm.import.a_dataset_goes_with_the_records_that_cite_it") {
  // Found by ftm_fuzz: the only record of a dataset was left out, its source stayed, and an
  // export (which writes datasets only where they are cited) lost it.
  graph g{schemas::load_followthemoney(mini_model)};
  std::istringstream in(
      R"({"id": "p1", "schema": "Person", "properties": {"name": ["Lina"], "proof": ["nowhere"]}, "datasets": ["only_p1"]})" "\n"
      R"({"id": "p2", "schema": "Person", "properties": {"name": ["Wang"], "colour": ["red"]}, "datasets": ["only_p2"]})" "\n"
      R"({"id": "p3", "schema": "Person", "properties": {"name": ["Li"], "country": ["cn"]}, "datasets": ["kept", "only_p1"]})" "\n");
  const auto report = import_ftm(g, in, {.skip_bad_lines = true}, "datasets.ijson");
  CHECK(report.skipped.size() == 2);  // p1's reference, p2's unknown property
  CHECK_FALSE(g.find_external("dataset:only_p2"));
  CHECK(g.find_external("dataset:kept"));
  CHECK(g.find_external("dataset:only_p1"));  // p3 cites it too
  CHECK(g.entity_count() == 4);               // p1 (its reference is what went), p3, two datasets
  std::ostringstream out;
  export_ftm(g, out);
  graph back{schemas::load_followthemoney(mini_model)};
  std::istringstream again(out.str());
  (void)import_ftm(back, again);
  CHECK(back.entity_count() == g.entity_count());
  CHECK(canonical(back) == canonical(g));
}

TEST_CASE("ftm.round_trip.import_export_import_is_equal") {
  graph first{schemas::load_followthemoney(mini_model)};
  std::istringstream in(stream);
  (void)import_ftm(first, in, {.skip_bad_lines = true});
  std::ostringstream out;
  export_ftm(first, out);
  graph second{schemas::load_followthemoney(mini_model)};
  std::istringstream back(out.str());
  (void)import_ftm(second, back, {}, "exported.ijson");
  CHECK(canonical(second) == canonical(first));
  // And the export of the second is the first's, line for line.
  std::ostringstream again;
  export_ftm(second, again);
  CHECK(again.str() == out.str());
  CHECK(out.str().find(R"("payer")") == std::string::npos);
  CHECK(out.str().find(R"("owner":["p1","c2"])") != std::string::npos);
  CHECK(out.str().find(R"("datasets":["de_register"])") != std::string::npos);
}

TEST_CASE("ftm.import.bad_input_names_line_and_field_and_changes_nothing") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{oops", "not valid JSON"},
      {R"(["a"])", "must be a JSON object"},
      {R"({"schema": "Person", "properties": {}})", "field 'id'"},
      {R"({"id": "z", "schema": "Spaceship", "properties": {}})", "unknown FollowTheMoney schema 'Spaceship'"},
      {R"({"id": "z", "schema": "Person", "properties": {"name": [{"x": 1}]}})", "values must be strings"},
      {R"({"id": "z", "schema": "Person", "properties": "none"})", "field 'properties'"},
      {R"({"id": "z", "schema": "Ownership", "properties": {"asset": ["c1"]}})", "an edge needs its source"},
      {R"({"id": "z", "schema": "Ownership", "properties": {"owner": ["nobody"], "asset": ["c1"]}})", "'nobody' is not an entity"},
      {R"({"id": "z", "schema": "Person", "properties": {"colour": ["red"]}})", "has no property 'colour'"},
      {R"({"id": "z", "schema": "Person", "first_seen": "yesterday", "datasets": ["d"], "properties": {}})", "field 'first_seen'"},
      {R"({"id": "c1", "schema": "Company", "properties": {}})", "already used on line 3"},
      // A second edge with an edge's id (found by ftm_fuzz: the export merged the two).
      {R"({"id": "o1", "schema": "Ownership", "properties": {"owner": ["c2"], "asset": ["c1"]}})", "[dossier.import.duplicate_id] bad.ijson:6: field 'id': 'o1' is already used on line 5"},
  };
  for (const auto& [line, message] : cases) {
    CAPTURE(line);
    graph g{schemas::load_followthemoney(mini_model)};
    std::istringstream in(stream.substr(0, stream.rfind(R"({"id": "x1")")) + line + "\n");
    try {
      (void)import_ftm(g, in, {}, "bad.ijson");
      FAIL("accepted");
    } catch (const import_error& e) {
      CHECK(std::string(e.what()).find(message) != std::string::npos);
      CHECK(e.line() == 6);
      CHECK(std::string(e.message()).starts_with("bad.ijson:6"));
    }
    CHECK(g.entity_count() == 0);
  }
  // The built-in schema is not a FollowTheMoney model.
  graph builtin{schemas::investigations()};
  std::ostringstream out;
  CHECK_THROWS_AS(export_ftm(builtin, out), schema_error);
}

TEST_CASE("ftm.import.the_donations_stream_loads_completely") {
  const auto model = shared_data::find("data/followthemoney/defaultModel.json", "reading a real FtM stream");
  const auto data = shared_data::find("data/ftm/donations.ijson", "reading a real FtM stream");
  if (!model || !data) return;
  graph g{schemas::load_followthemoney(*model)};
  const auto report = import_ftm(g, *data, {.account_records = true});
  CHECK(report.skipped.empty());
  // All 474 records accounted for: 184 entities (Address 89, Company 56, Person 22,
  // Organization 17) and 290 payments, each at least one relation.
  REQUIRE(report.records.size() == 474);
  std::size_t entities = 0, payments = 0;
  for (const auto& r : report.records) {
    CHECK_FALSE(r.skipped);
    entities += r.entities;
    payments += r.entities == 0 && r.relations > 0;
  }
  CHECK(entities == 184);
  CHECK(payments == 290);
  CHECK(g.entity_count() == 184);
  CHECK(g.entities("Address").size() == 89);
  CHECK(g.relations(g.by_external("6d03aec76fdeec8f9697d8b19954ab6fc2568bc8"), direction::in, "Payment").size() > 0);
  const auto payment = g.relations(g.by_external("f9c295f21b233ac878fbac4d271bb6fd13d7952a"), direction::out, "Payment");
  REQUIRE_FALSE(payment.empty());
  CHECK(g.get(payment[0]).property("amountEur")->as_real() == 100000);
  CHECK(g.get(payment[0]).property("date")->as_date() == date{2011, 12, 29});
  // Addresses have no name; people point at theirs through the reference relation.
  CHECK(g.get(g.by_external("97149caa3aef14e2be5ae6b3974c6882e7536d88")).name().empty());
  CHECK(g.relations(g.by_external("f9c295f21b233ac878fbac4d271bb6fd13d7952a"), direction::out, "Thing:addressEntity").size() == 1);
  // Round trip: export and import again give an equal graph.
  std::ostringstream out;
  export_ftm(g, out);
  graph again{schemas::load_followthemoney(*model)};
  std::istringstream back(out.str());
  (void)import_ftm(again, back);
  CHECK(canonical(again) == canonical(g));
}

TEST_CASE("ftm.export.to_a_file_is_atomic") {
  // A failed export leaves the file that was there: the writer streams into a file of its own.
  const auto path = std::filesystem::temp_directory_path() / ("dossier-ftm-atomic-" + std::to_string(::getpid()) + ".ijson");
  { std::ofstream(path) << "the old export\n"; }
  graph built_in{schemas::investigations()};
  built_in.add("Program", "Qiming");
  CHECK_THROWS_AS(export_ftm(built_in, path), schema_error);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "the old export");
  std::filesystem::remove(path);
}
