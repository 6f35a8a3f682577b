#include <dossier/schema/schemas.hpp>

DOSSIER_NAMESPACE_BEGIN

namespace schemas {

schema investigations() {
  using vk = value_kind;
  schema s;
  s.set_name("investigations");
  // FollowTheMoney core, with the properties analysts fill in most.
  s.add_entity_type("Thing", {.abstract = true, .properties = {
      {"description", vk::string}, {"country", vk::string, "country"}, {"url", vk::string, "url"},
      {"notes", vk::string}, {"topics", vk::string, "topic"}}});
  s.add_entity_type("Value", {.abstract = true, .properties = {{"amount", vk::money}}});
  s.add_entity_type("Interval", {.abstract = true, .properties = {
      {"startDate", vk::date}, {"endDate", vk::date}}});
  s.add_entity_type("LegalEntity", {.parents = {"Thing"}, .properties = {
      {"email", vk::string, "email"}, {"jurisdiction", vk::string, "country"},
      {"incorporationDate", vk::date}}});
  s.add_entity_type("Person", {.parents = {"LegalEntity"}, .properties = {
      {"nationality", vk::string, "country"}, {"position", vk::string}, {"birthDate", vk::date},
      {"title", vk::string}}});
  s.add_entity_type("Organization", {.parents = {"LegalEntity"}});
  s.add_entity_type("Asset", {.parents = {"Thing", "Value"}});
  s.add_entity_type("Company", {.parents = {"Organization", "Asset"}, .properties = {
      {"ticker", vk::string, "identifier"}}});
  s.add_entity_type("PublicBody", {.parents = {"Organization"}});
  s.add_entity_type("Project", {.parents = {"Interval", "Thing", "Value"}, .properties = {
      {"goal", vk::string}, {"recruitTarget", vk::integer}, {"recruited", vk::integer},
      {"applicants", vk::integer}}});
  s.add_entity_type("Document", {.parents = {"Thing"}, .properties = {
      {"title", vk::string}, {"publisher", vk::string}, {"authors", vk::string},
      {"publishedAt", vk::date}, {"retrievedAt", vk::date}, {"language", vk::string, "language"}}});
  s.add_entity_type("Article", {.parents = {"Document"}});
  s.add_entity_type("Address", {.parents = {"Thing"}, .properties = {{"full", vk::string, "address"}}});
  s.add_entity_type("UserAccount", {.parents = {"Thing"}, .properties = {{"username", vk::string}}});
  s.add_entity_type("Event", {.parents = {"Interval", "Thing"}, .properties = {{"date", vk::date}}});
  // Talent-program domain.
  s.add_entity_type("Program", {.parents = {"Project"}, .label = "Talent program",
      .properties = {{"signingBonus", vk::money}, {"prize", vk::money}}});
  s.add_entity_type("Ministry", {.parents = {"PublicBody"}});
  s.add_entity_type("Government", {.parents = {"PublicBody"}, .label = "Government (national, provincial or local)",
      .properties = {{"level", vk::string}}});
  s.add_entity_type("University", {.parents = {"Organization"}});
  s.add_entity_type("Platform", {.parents = {"Company"}, .label = "Online platform"});
  s.add_entity_type("Field", {.parents = {"Thing"}, .label = "Scientific or technical field",
      .properties = {{"sensitive", vk::boolean}}});
  s.add_entity_type("Place", {.parents = {"Thing"}});

  // Relations. FtM treats them as Interval/Interest entities; we keep that hierarchy abstract.
  s.add_relation_type("Interval", {.abstract = true, .properties = {
      {"startDate", vk::date}, {"endDate", vk::date}, {"summary", vk::string}}});
  s.add_relation_type("Interest", {.parents = {"Interval"}, .abstract = true, .properties = {
      {"role", vk::string}, {"status", vk::string}}});
  s.add_relation_type("Membership", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "Organization", .label = "belongs to"});
  s.add_relation_type("Employment", {.parents = {"Interest"}, .domain = "Person", .range = "Organization", .label = "works for"});
  s.add_relation_type("Directorship", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "Organization", .label = "directs"});
  s.add_relation_type("Ownership", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "Asset", .label = "owns",
      .properties = {{"percentage", vk::real}}});
  s.add_relation_type("Control", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "LegalEntity", .label = "controls"});
  s.add_relation_type("Representation", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "LegalEntity", .label = "represents"});
  s.add_relation_type("UnknownLink", {.parents = {"Interest"}, .domain = "Thing", .range = "Thing", .directed = false, .label = "linked to"});
  s.add_relation_type("Associate", {.parents = {"Interval"}, .domain = "Person", .range = "Person", .directed = false, .label = "associated with"});
  s.add_relation_type("Family", {.parents = {"Interval"}, .domain = "Person", .range = "Person", .directed = false, .label = "related to"});
  s.add_relation_type("Documentation", {.parents = {"Interest"}, .domain = "Document", .range = "Thing", .label = "documents"});
  s.add_relation_type("ProjectParticipant", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "Project", .label = "participates in"});
  s.add_relation_type("Occupancy", {.parents = {"Interval"}, .domain = "Person", .range = "Thing", .label = "holds"});
  s.add_relation_type("Payment", {.parents = {"Interval"}, .domain = "LegalEntity", .range = "LegalEntity", .label = "paid",
      .properties = {{"amount", vk::money}, {"purpose", vk::string}}});
  s.add_relation_type("Succession", {.parents = {"Interest"}, .domain = "Thing", .range = "Thing", .label = "precedes"});
  // Domain relations (kinds of the FtM ones where one fits).
  s.add_relation_type("oversees", {.parents = {"ProjectParticipant"}, .domain = "PublicBody", .range = "Project", .label = "oversees"});
  s.add_relation_type("funds", {.parents = {"ProjectParticipant"}, .domain = "LegalEntity", .range = "Project", .label = "funds",
      .properties = {{"amount", vk::money}}});
  s.add_relation_type("recruits_for", {.parents = {"ProjectParticipant"}, .domain = "LegalEntity", .range = "Project",
      .label = "recruits for", .properties = {{"offer", vk::money}, {"incentive", vk::money}}});
  s.add_relation_type("awarded", {.parents = {"ProjectParticipant"}, .domain = "Person", .range = "Project",
      .label = "was awarded", .properties = {{"year", vk::date}, {"prize", vk::money}}});
  s.add_relation_type("succeeds", {.parents = {"Interest"}, .domain = "Project", .range = "Project", .label = "succeeds"});
  s.add_relation_type("targets", {.parents = {"Interest"}, .domain = "Project", .range = "Field", .label = "targets"});
  s.add_relation_type("recruits_in", {.parents = {"targets"}, .domain = "Project", .range = "Field", .label = "recruits in"});
  s.add_relation_type("recruits_from", {.parents = {"Interest"}, .domain = "Project", .range = "Organization",
      .label = "seeks talent trained at"});
  s.add_relation_type("researches", {.parents = {"Interest"}, .domain = "Person", .range = "Field", .label = "researches"});
  s.add_relation_type("studied_at", {.parents = {"Interest"}, .domain = "Person", .range = "Organization", .label = "studied at",
      .properties = {{"degree", vk::string}}});
  s.add_relation_type("posted_on", {.parents = {"Interest"}, .domain = "LegalEntity", .range = "Company", .label = "posted on",
      .properties = {{"date", vk::date}, {"adCount", vk::integer}}});
  s.add_relation_type("located_in", {.parents = {"Interest"}, .domain = "Thing", .range = "Place", .label = "located in"});
  s.add_relation_type("part_of", {.parents = {"Interest"}, .domain = "Thing", .range = "Thing", .label = "part of"});
  return s;
}

}  // namespace schemas

DOSSIER_NAMESPACE_END
