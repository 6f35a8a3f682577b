#include <doctest/doctest.h>
#include <dossier/schema/schema.hpp>
#include <dossier/schema/schemas.hpp>
#include <dossier/store/graph.hpp>

#include "../shared_data.hpp"
#include <dossier/core/error.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace dossier;

namespace {
// A small model of our own, in FollowTheMoney's shape, for the loader's unit tests; the real
// model is read from ../shared by the test after them.
const std::filesystem::path mini_model = std::filesystem::path(DOSSIER_TEST_DATA) / "ftm-mini.json";

template <class Range, class Id>
bool has(const Range& r, Id id) {
  return std::find(r.begin(), r.end(), id) != r.end();
}
}  // namespace

TEST_CASE("schema.build.inheritance_and_properties") {
  schema s;
  const auto thing = s.add_entity_type("Thing", {.abstract = true, .properties = {{"description"}}});
  const auto value_t = s.add_entity_type("Value", {.abstract = true, .properties = {{"amount", value_kind::money}}});
  const auto org = s.add_entity_type("Organization", {.parents = {"Thing"}});
  const auto asset = s.add_entity_type("Asset", {.parents = {"Thing", "Value"}});
  const auto company = s.add_entity_type("Company", {.parents = {"Organization", "Asset"}, .properties = {{"ticker"}}});
  CHECK(s.is_a(company, org));
  CHECK(s.is_a(company, asset));
  CHECK(s.is_a(company, thing));
  CHECK(s.is_a(company, value_t));
  CHECK(s.is_a(company, company));
  CHECK_FALSE(s.is_a(org, company));
  CHECK(s.info(thing).abstract);
  CHECK(has(s.subtypes(thing), company));
  CHECK(has(s.subtypes(value_t), company));
  CHECK_FALSE(has(s.subtypes(org), asset));
  // Inherited properties through both parents; own property kept.
  const auto amount = s.property("amount");
  REQUIRE(s.find_property(company, amount) != nullptr);
  CHECK(s.find_property(company, amount)->kind == value_kind::money);
  CHECK(s.find_property(company, amount)->declared_by == "Value");
  CHECK(s.find_property(company, s.property("description")) != nullptr);
  CHECK(s.find_property(org, s.property("ticker")) == nullptr);
}

TEST_CASE("schema.build.errors_name_the_problem") {
  schema s;
  s.add_entity_type("Thing");
  CHECK_THROWS_WITH_AS(s.add_entity_type("Thing"), doctest::Contains("'Thing' is already declared"), schema_error);
  CHECK_THROWS_WITH_AS(s.add_entity_type("X", {.parents = {"Nope"}}), doctest::Contains("unknown parent entity type 'Nope'"), schema_error);
  CHECK_THROWS_AS(s.add_entity_type(""), schema_error);
  CHECK_THROWS_WITH_AS(s.add_relation_type("r", {.domain = "Nope"}), doctest::Contains("unknown domain entity type 'Nope'"), schema_error);
  CHECK_THROWS_WITH_AS((void)s.entity_type("Ghost"), doctest::Contains("unknown entity type 'Ghost'"), schema_error);
  CHECK_FALSE(s.try_entity_type("Ghost").has_value());
  CHECK_THROWS_WITH_AS((void)s.relation_type("Ghost"), doctest::Contains("unknown relation type 'Ghost'"), schema_error);
  CHECK_THROWS_WITH_AS((void)s.relation_type("Thing"), doctest::Contains("it is an entity type"), schema_error);
  // A failed declaration leaves the schema unchanged.
  CHECK(s.entity_type_count() == 1);
  CHECK(s.relation_type_count() == 0);
}

TEST_CASE("schema.relation.domain_range_inherit_and_check") {
  schema s;
  s.add_entity_type("Thing");
  s.add_entity_type("Person", {.parents = {"Thing"}});
  s.add_entity_type("Organization", {.parents = {"Thing"}});
  s.add_entity_type("University", {.parents = {"Organization"}});
  const auto interest = s.add_relation_type("Interest", {.abstract = true, .properties = {{"role"}}});
  const auto emp = s.add_relation_type("Employment", {.parents = {"Interest"}, .domain = "Person", .range = "Organization"});
  const auto prof = s.add_relation_type("professorship", {.parents = {"Employment"}});
  CHECK(s.info(prof).domain == s.entity_type("Person"));  // inherited
  CHECK(s.info(prof).range == s.entity_type("Organization"));
  CHECK(s.is_a(prof, interest));
  CHECK(s.find_property(prof, s.property("role")) != nullptr);
  CHECK_NOTHROW(s.check_endpoints(emp, s.entity_type("Person"), s.entity_type("University")));  // subtype ok
  CHECK_THROWS_WITH_AS(s.check_endpoints(emp, s.entity_type("University"), s.entity_type("University")),
                       doctest::Contains("expects a source of type 'Person', got 'University'"), schema_error);
  CHECK_THROWS_WITH_AS(s.check_endpoints(emp, s.entity_type("Person"), s.entity_type("Person")),
                       doctest::Contains("expects a target of type 'Organization'"), schema_error);
  CHECK_THROWS_WITH_AS(s.check_instantiable(interest), doctest::Contains("abstract"), schema_error);
  const relation_type_id types[] = {interest};
  const auto m = s.mask(types);
  CHECK(m.test(to_index(emp)));
  CHECK(m.test(to_index(prof)));
}

TEST_CASE("schema.property.kinds_and_open_types") {
  schema s;
  const auto closed = s.add_entity_type("Closed", {.properties = {{"when", value_kind::date}, {"n", value_kind::integer}, {"x", value_kind::real}}});
  const auto open = s.add_entity_type("Open", {.open = true});
  const auto child = s.add_entity_type("OpenChild", {.parents = {"Open"}});
  CHECK_NOTHROW((void)s.check_property(closed, "when", date{2019}));
  CHECK_NOTHROW((void)s.check_property(closed, "x", value{3}));  // integer widens to real
  CHECK_NOTHROW((void)s.check_property(closed, "when", value{value::list_type{date{2019}, date{2020}}}));
  CHECK_THROWS_WITH_AS((void)s.check_property(closed, "when", "yesterday"),
                       doctest::Contains("property 'when' expects date, got string"), schema_error);
  CHECK_THROWS_AS((void)s.check_property(closed, "n", 2.5), schema_error);
  CHECK_THROWS_AS((void)s.check_property(closed, "when", value{value::list_type{date{2019}, value{"x"}}}), schema_error);
  CHECK_THROWS_WITH_AS((void)s.check_property(closed, "colour", "red"), doctest::Contains("has no property 'colour'"), schema_error);
  CHECK_NOTHROW((void)s.check_property(open, "colour", "red"));
  CHECK(s.info(child).open);  // openness is inherited
  CHECK_NOTHROW((void)s.check_property(child, "anything", 1));
}

TEST_CASE("schema.followthemoney.loads_a_model") {
  const auto s = schemas::load_followthemoney(mini_model);
  // 13 schemata: three edges become relation types; Interval and Interest, ancestors of the
  // edges, become abstract relation types as well as entity types; the one entity-typed
  // property of a node schema (Thing.proof) becomes a relation type of its own.
  std::size_t edges = 0, references = 0;
  for (const auto& r : s.relation_types()) {
    edges += !r.source_property.empty();
    references += !r.reference_property.empty();
  }
  CHECK(edges == 3);
  CHECK(references == 1);
  const auto proof_link = s.relation_type("Thing:proof");
  CHECK(s.info(proof_link).reference_property == "proof");
  CHECK(s.info(proof_link).domain == s.entity_type("Thing"));
  CHECK(s.info(proof_link).range == s.entity_type("Document"));
  CHECK(s.info(s.relation_type("Employment")).source_property == "employee");
  CHECK(s.info(s.relation_type("Employment")).target_property == "employer");
  // Dates and numbers keep text they cannot read; the top-level FtM fields are properties of the roots.
  CHECK(s.find_property(s.entity_type("Person"), s.property("birthDate"))->lenient);
  CHECK_FALSE(s.find_property(s.entity_type("Person"), s.property("name"))->lenient);
  CHECK(s.find_property(s.entity_type("Company"), s.property("target"))->kind == value_kind::boolean);
  CHECK(s.find_property(s.relation_type("Employment"), s.property("caption")) != nullptr);
  CHECK(s.entity_type_count() == 10);  // every schema that is not an edge
  const auto company = s.entity_type("Company");
  CHECK(s.is_a(company, s.entity_type("Organization")));
  CHECK(s.is_a(company, s.entity_type("Asset")));
  CHECK(s.is_a(company, s.entity_type("Thing")));
  CHECK(s.info(s.entity_type("Asset")).abstract);
  CHECK(s.info(s.entity_type("Thing")).label == "Thing");
  CHECK(s.info(s.entity_type("LegalEntity")).label == "Legal entity");

  const auto emp = s.relation_type("Employment");
  CHECK(s.info(emp).domain == s.entity_type("Person"));
  CHECK(s.info(emp).range == s.entity_type("Organization"));
  CHECK(s.info(emp).label == "works for");
  CHECK(s.info(emp).directed);
  CHECK_FALSE(s.info(s.relation_type("UnknownLink")).directed);
  CHECK(s.info(s.relation_type("Ownership")).range == s.entity_type("Asset"));
  CHECK(s.info(s.relation_type("Interest")).abstract);
  CHECK(s.info(s.relation_type("Interval")).abstract);
  CHECK(s.is_a(emp, s.relation_type("Interest")));
  CHECK(has(s.subtypes(s.relation_type("Interest")), s.relation_type("Ownership")));

  // Property kinds from FtM types (date, number, the rest text), ranges, inheritance.
  CHECK(s.find_property(s.entity_type("Person"), s.property("birthDate"))->kind == value_kind::date);
  CHECK(s.find_property(company, s.property("amount"))->kind == value_kind::real);  // from Value
  const auto* name = s.find_property(company, s.property("name"));  // from Thing
  REQUIRE(name);
  CHECK(name->semantic == "name");
  CHECK(name->kind == value_kind::string);
  const auto* proof = s.find_property(company, s.property("proof"));
  REQUIRE(proof);
  CHECK(proof->range == s.entity_type("Document"));  // declared before Document: resolved later
  // Edge endpoints are not properties of the relation; its own ones, and inherited ones, are.
  CHECK_FALSE(s.try_property("employee").has_value());
  CHECK(s.find_property(s.relation_type("Ownership"), s.property("percentage"))->kind == value_kind::real);
  CHECK(s.find_property(emp, s.property("role")) != nullptr);
  CHECK(s.find_property(emp, s.property("startDate")) != nullptr);
}

TEST_CASE("schema.followthemoney.loads_the_real_model") {
  const auto model = shared_data::find("data/followthemoney/defaultModel.json", "loading the real FollowTheMoney model");
  if (!model) return;
  const auto s = schemas::load_followthemoney(*model);
  // 70 schemata: edges become relation types, the rest entity types; the 54 forward
  // entity-typed properties of node schemata become relation types too.
  std::size_t edges = 0, references = 0;
  for (const auto& r : s.relation_types()) {
    edges += !r.source_property.empty();
    references += !r.reference_property.empty();
  }
  CHECK(edges == 16);
  CHECK(references == 54);
  CHECK(s.entity_type_count() == 54);
  CHECK(s.entity_type_count() + edges == 70);
  CHECK(s.info(s.relation_type("Thing:addressEntity")).range == s.entity_type("Address"));
  CHECK(s.info(s.relation_type("Payment")).source_property == "payer");
  const auto company = s.entity_type("Company");
  CHECK(s.is_a(company, s.entity_type("Organization")));
  CHECK(s.is_a(company, s.entity_type("Asset")));
  CHECK(s.is_a(s.entity_type("Person"), s.entity_type("LegalEntity")));
  const auto emp = s.relation_type("Employment");
  CHECK(s.info(emp).domain == s.entity_type("Person"));
  CHECK(s.info(emp).range == s.entity_type("Organization"));
  CHECK(s.info(s.relation_type("Ownership")).range == s.entity_type("Asset"));
  CHECK(s.info(s.entity_type("Thing")).abstract);
  CHECK_FALSE(s.info(s.entity_type("Person")).abstract);
  CHECK(s.find_property(s.entity_type("Person"), s.property("birthDate"))->kind == value_kind::date);
  CHECK(s.find_property(company, s.property("proof"))->range == s.entity_type("Document"));
  CHECK(has(s.subtypes(s.relation_type("Interest")), emp));
  // A graph on the model takes sources with FtM's property names (graph.hpp, source_info).
  graph g{s};
  const auto src = g.add_source({.title = "A report", .publisher = "Reuters", .authors = {"A. Writer"}, .url = "https://example.org",
                                 .published = date{2023, 8, 24}});
  CHECK(g.get(src).property("author")->as_list() == value::list_type{"A. Writer"});
  CHECK(g.get(src).property("sourceUrl")->as_string() == "https://example.org");
  CHECK(g.get(src).property("publishedAt")->as_date() == date{2023, 8, 24});
}

TEST_CASE("schema.followthemoney.malformed_models_raise_format_error") {
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney("{", "bad.json"), doctest::Contains("bad.json: not valid JSON"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney("[]", "x.json"), doctest::Contains("'schemata'"), format_error);
  // Found by fuzz/text_fuzz: a number too large for a double escaped as nlohmann's out_of_range.
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney(R"({"schemata": {}, "n": 29991572612e959})", "big.json"),
                       doctest::Contains("big.json: not valid JSON"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney(R"({"schemata": {"A": {"extends": ["B"]}}})", "x.json"),
                       doctest::Contains("schema 'B': is referenced but not defined"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney(R"({"schemata": {"A": {"extends": ["A"]}}})", "x.json"),
                       doctest::Contains("inherits from itself"), format_error);
  CHECK_THROWS_AS((void)schemas::parse_followthemoney(R"({"schemata": {"A": {"abstract": "yes"}}})", "x.json"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney(R"({"schemata": {"E": {"edge": {"source": "s", "target": "t"}}}})", "x.json"),
                       doctest::Contains("edge endpoint property 's' is not declared"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::parse_followthemoney(R"({"schemata": {"A": {"properties": {"p": {}}}}})", "x.json"),
                       doctest::Contains("schema 'A.p': property has no 'type'"), format_error);
  CHECK_THROWS_WITH_AS((void)schemas::load_followthemoney("/nonexistent/model.json"), doctest::Contains("/nonexistent/model.json: cannot open"), io_error);
}

TEST_CASE("schema.investigations.domain_types") {
  const auto s = schemas::investigations();
  const auto program = s.entity_type("Program");
  CHECK(s.is_a(program, s.entity_type("Project")));
  CHECK(s.is_a(s.entity_type("Ministry"), s.entity_type("PublicBody")));
  CHECK(s.is_a(s.entity_type("Government"), s.entity_type("PublicBody")));
  CHECK(s.is_a(s.entity_type("University"), s.entity_type("Organization")));
  CHECK(s.is_a(s.entity_type("Platform"), s.entity_type("Company")));
  CHECK(s.is_a(s.entity_type("Platform"), s.entity_type("Asset")));
  CHECK(s.is_a(s.entity_type("Field"), s.entity_type("Thing")));
  CHECK(s.is_a(s.entity_type("Article"), s.entity_type("Document")));
  for (const char* r : {"oversees", "funds", "recruits_for", "awarded"})
    CHECK(s.is_a(s.relation_type(r), s.relation_type("ProjectParticipant")));
  CHECK(s.is_a(s.relation_type("recruits_in"), s.relation_type("targets")));
  for (const char* r : {"succeeds", "recruits_in", "researches", "studied_at", "posted_on", "located_in", "part_of",
                        "Membership", "Employment", "Directorship", "Ownership", "Control", "Representation",
                        "UnknownLink", "Associate", "Family", "Documentation", "Occupancy", "Payment", "Succession"})
    CHECK(s.try_relation_type(r).has_value());
  CHECK(s.info(s.relation_type("recruits_in")).domain == s.entity_type("Project"));
  CHECK(s.info(s.relation_type("recruits_in")).range == s.entity_type("Field"));
}

// ---- issue 13: a property keeps one kind down every line of inheritance --------------------------

TEST_CASE("schema.property.redeclared_with_another_kind_throws") {
  schema s;
  s.add_entity_type("Root", {.properties = {{"r", value_kind::integer}}});
  // A subtype that changes the kind.
  CHECK_THROWS_WITH_AS(s.add_entity_type("Child", {.parents = {"Root"}, .properties = {{"r", value_kind::string}}}),
                       doctest::Contains("entity type 'Child' property 'r' is string, but its parent 'Root' declares it integer"),
                       schema_error);
  CHECK_FALSE(s.try_entity_type("Child"));
  // The same kind again relabels it: allowed.
  const auto relabel = s.add_entity_type("Relabel", {.parents = {"Root"}, .properties = {{"r", value_kind::integer, "", "", "R!"}}});
  CHECK(s.find_property(relabel, s.property("r"))->label == "R!");
  // One type declaring a name twice.
  CHECK_THROWS_WITH_AS(s.add_entity_type("Twice", {.properties = {{"q", value_kind::integer}, {"q", value_kind::integer}}}),
                       doctest::Contains("declares property 'q' twice"), schema_error);
  // Two parents that disagree.
  s.add_entity_type("Other", {.properties = {{"r", value_kind::date}}});
  CHECK_THROWS_WITH_AS(s.add_entity_type("Both", {.parents = {"Root", "Other"}}),
                       doctest::Contains("property 'r' is date, but another parent, 'Root' declares it integer"), schema_error);
  // Relation subtypes follow the same rule.
  s.add_relation_type("link", {.properties = {{"weight", value_kind::real}}});
  CHECK_THROWS_WITH_AS(s.add_relation_type("heavy_link", {.parents = {"link"}, .properties = {{"weight", value_kind::string}}}),
                       doctest::Contains("relation type 'heavy_link' property 'weight' is string, but its parent 'link' declares it real"),
                       schema_error);
  CHECK_THROWS_AS(s.add_relation_type("dup", {.properties = {{"w", value_kind::real}, {"w", value_kind::string}}}), schema_error);
  CHECK_FALSE(s.try_relation_type("heavy_link"));
  // Nothing half-declared: the failed types left no trace.
  CHECK(s.entity_type_count() == 3);
  CHECK(s.relation_type_count() == 1);
}
