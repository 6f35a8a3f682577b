// The demo's questions in Cypher (examples/talent_programs.cypher) give the answers of the C++
// API (examples/talent_programs.cpp): every statement of the file runs, and each is compared
// with the fluent query that answers the same question, so that a divergence fails here.
#include "../../examples/cypher_script.hpp"

#include <dossier/dossier.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <set>
#include <tuple>

using namespace dossier;

namespace {

struct demo {
  graph g{schemas::investigations()};
  entity_id chips, qiming;
  demo() {
    const auto report = import_jsonl(g, std::filesystem::path(DOSSIER_EXAMPLES_DATA) / "talent-programs.jsonl");
    chips = report.ids.at("chips");
    qiming = report.ids.at("qiming");
  }
};

// The cell of a row by its column's name; an absent column fails the test.
const cypher_value& cell(const cypher_result& r, const std::vector<cypher_value>& row, std::string_view column) {
  const auto it = std::find(r.columns.begin(), r.columns.end(), column);
  REQUIRE_MESSAGE(it != r.columns.end(), "no column " << column);
  return row.at(static_cast<std::size_t>(it - r.columns.begin()));
}

std::string string_or_empty(const cypher_value& v) { return v.is_null() ? std::string() : v.as_string(); }

std::multiset<std::string> strings(const cypher_value& list) {
  std::multiset<std::string> out;
  for (const auto& v : list.as_list()) out.insert(v.as_string());
  return out;
}

std::string quote_of(const graph& g, relation_id r) {
  const auto citations = g.get(r).citations();
  return citations.empty() ? std::string() : std::string(citations[0].quote);
}

// "Name: quote" for each relation of the types out of an entity, as the statements write them.
std::multiset<std::string> quoted_out(const graph& g, entity_id from, const std::string& type) {
  std::multiset<std::string> out;
  for (const auto& r : query(g).from(from).out({type}).results())
    out.insert(r.entity.name() + ": " + quote_of(g, r.path.relations[0]));
  return out;
}

// Answers print as text, so that a failure shows both sides.
std::string text(const std::string& s) { return "'" + s + "'"; }
std::string text(std::int64_t i) { return std::to_string(i); }
std::string text(double d) { return std::to_string(d); }
std::string text(bool b) { return b ? "true" : "false"; }
std::string text(const std::multiset<std::string>& items) {
  std::string out = "[";
  for (const auto& i : items) out += (out.size() > 1 ? ", " : "") + text(i);
  return out + "]";
}
template <class... T>
std::string text(const std::tuple<T...>& t) {
  std::string out;
  std::apply([&](const auto&... field) { ((out += (out.empty() ? "(" : ", ") + text(field)), ...); }, t);
  return out + ")";
}
template <class Answers>
std::string text(const Answers& answers) {
  std::string out;
  for (const auto& a : answers) out += "\n    " + text(a);
  return out;
}

template <class Answers>
void agree(const Answers& cypher_answer, const Answers& cpp_answer) {
  CHECK_MESSAGE(cypher_answer == cpp_answer, "Cypher:" << text(cypher_answer) << "\n  C++:" << text(cpp_answer));
}

using check = std::function<void(const demo&, const cypher_result&, const cypher_options&)>;

void linked_to_chips(const demo& d, const cypher_result& r, const cypher_options&) {
  std::set<std::tuple<std::string, std::int64_t, std::string>> cpp, cy;
  for (const auto& res : query(d.g).from("Program").linked_to({d.chips}, {.max_hops = 3}).results())
    cpp.emplace(res.entity.name(), static_cast<std::int64_t>(res.path.length()), explain(d.g, res.path));
  for (const auto& row : r.rows)
    cy.emplace(cell(r, row, "program").as_string(), cell(r, row, "steps").as_int(), cell(r, row, "evidence").as_string());
  agree(cy, cpp);
}

void oversight(const demo& d, const cypher_result& r, const cypher_options&) {
  std::set<std::tuple<std::string, std::string, std::string>> cpp, cy;
  for (const auto& res : query(d.g).from(d.qiming).in({"oversees"}).results())
    cpp.emplace("overseen by", res.entity.name(), explain(d.g, res.path));
  for (const auto& res : query(d.g).from(d.qiming).out({"succeeds"}).results())
    cpp.emplace("replaced", res.entity.name(), explain(d.g, res.path));
  for (const auto& row : r.rows)
    cy.emplace(cell(r, row, "relation").as_string(), cell(r, row, "name").as_string(), cell(r, row, "evidence").as_string());
  agree(cy, cpp);
}

using recruiter_answer = std::tuple<std::string, std::string, std::string, std::string, std::multiset<std::string>,
                                    std::multiset<std::string>>;

void recruiters(const demo& d, const cypher_result& r, const cypher_options&) {
  std::set<recruiter_answer> cpp, cy;
  for (const auto& res : query(d.g).from(d.qiming).in({"recruits_for"}, {.to_types = {"Person", "Company"}}).results()) {
    const auto rel = d.g.get(res.path.relations[0]);
    const auto* offer = rel.property("offer");
    const auto* summary = rel.property("summary");
    cpp.emplace(res.entity.name(), offer ? offer->as_money().to_string() : "", summary ? summary->as_string() : "",
                quote_of(d.g, rel.id()), quoted_out(d.g, res.entity.id(), "posted_on"),
                quoted_out(d.g, res.entity.id(), "Employment"));
  }
  for (const auto& row : r.rows) {
    const auto& offer = cell(r, row, "offer");
    cy.emplace(cell(r, row, "recruiter").as_string(), offer.is_null() ? "" : offer.as_money().to_string(),
               string_or_empty(cell(r, row, "details")), cell(r, row, "evidence").as_string(),
               strings(cell(r, row, "posted_on")), strings(cell(r, row, "works_for")));
  }
  agree(cy, cpp);
}

void platforms(const demo& d, const cypher_result& r, const cypher_options&) {
  std::set<std::tuple<std::string, std::string>> cpp, cy;
  for (const auto& res : query(d.g).from(d.qiming).out({"UnknownLink"}, {.to_types = {"Platform"}}).results())
    cpp.emplace(res.entity.name(), quote_of(d.g, res.path.relations[0]));
  for (const auto& row : r.rows) cy.emplace(cell(r, row, "platform").as_string(), cell(r, row, "evidence").as_string());
  agree(cy, cpp);
}

// The lines the C++ demo prints for one recipient, in the statement's words.
std::multiset<std::string> awards_of(const graph& g, entity_id person) {
  std::multiset<std::string> out;
  for (const auto& a : query(g).from(person).out({"awarded"}).results()) {
    const auto rel = g.get(a.path.relations[0]);
    const auto* year = rel.property("year");
    out.insert(a.entity.name() + (year ? " (" + year->as_date().to_string() + ")" : "") + ": " + quote_of(g, rel.id()));
  }
  return out;
}

std::multiset<std::string> training_of(const graph& g, entity_id person) {
  std::multiset<std::string> out;
  for (const auto& s : query(g).from(person).out({"studied_at"}).results()) {
    const auto rel = g.get(s.path.relations[0]);
    const auto* degree = rel.property("degree");
    out.insert(s.entity.name() + (degree ? " (" + degree->as_string() + ")" : "") +
               (rel.valid().start ? ", from " + rel.valid().start->to_string() : "") +
               (rel.valid().end ? ", until " + rel.valid().end->to_string() : ""));
  }
  return out;
}

using recipient_answer = std::tuple<std::string, std::multiset<std::string>, std::multiset<std::string>, std::multiset<std::string>>;

void recipients(const demo& d, const cypher_result& r, const cypher_options&) {
  std::set<recipient_answer> cpp, cy;
  const auto has_award = [&](const entity_ref& e) { return !d.g.relations(e.id(), direction::out, "awarded").empty(); };
  for (const auto& res : query(d.g).from("Person").where(has_award).results()) {
    std::multiset<std::string> works;
    for (const auto& e : query(d.g).from(res.entity.id()).out({"Employment"}).results()) works.insert(e.entity.name());
    cpp.emplace(res.entity.name(), awards_of(d.g, res.entity.id()), training_of(d.g, res.entity.id()), works);
  }
  for (const auto& row : r.rows)
    cy.emplace(cell(r, row, "person").as_string(), strings(cell(r, row, "recipient_of")), strings(cell(r, row, "trained_at")),
               strings(cell(r, row, "works_at")));
  agree(cy, cpp);
}

void spellings(const demo& d, const cypher_result& r, const cypher_options&) {
  // The demo's list of spellings.
  std::set<std::tuple<std::string, std::string, std::string, double, bool>> cpp, cy;
  for (const char* variant : {"Kimming", "Chiming", "Qimming", "Thousand Talent Plan", "ＭＩＩＴ", "Di Dawei", "Zhejiang Univ."})
    if (const auto hit = d.g.try_resolve(variant)) {
      const auto e = d.g.get(hit->entity);
      cpp.emplace(variant, e.name(), e.type_name(), std::round(hit->score * 100) / 100, hit->ambiguous);
    }
  for (const auto& row : r.rows)
    cy.emplace(cell(r, row, "spelling").as_string(), cell(r, row, "resolves_to").as_string(), cell(r, row, "type").as_string(),
               cell(r, row, "score").as_real(), cell(r, row, "ambiguous").as_bool());
  agree(cy, cpp);
}

void then_and_now(const demo& d, const cypher_result& r, const cypher_options& o) {
  REQUIRE(o.as_of);
  REQUIRE(r.rows.size() == 1);
  const auto& row = r.rows[0];
  const auto v = make_view(d.g, {.as_of = o.as_of});
  std::int64_t holding = 0;
  for (auto [it, e] = boost::edges(v); it != e; ++it) ++holding;
  CHECK(cell(r, row, "relations_holding").as_int() == holding);
  std::vector<std::string> programs, cy;  // in the graph's order, as the demo prints them
  const auto program_view = make_view(d.g, {.entity_types = {"Program"}, .as_of = o.as_of});
  for (auto [it, e] = boost::vertices(program_view); it != e; ++it) programs.push_back(d.g.get(entity_of(*it)).name());
  for (const auto& p : cell(r, row, "programs").as_list()) cy.push_back(p.as_string());
  CHECK(cy == programs);
  const auto count = [&](const char* column) { return static_cast<std::size_t>(cell(r, row, column).as_int()); };
  CHECK(count("programs_linked_to_chips") == query(d.g).from("Program").linked_to({d.chips}, {.max_hops = 3, .as_of = o.as_of}).count());
  CHECK(count("qiming_linked_to_chips") == query(d.g).from(d.qiming).linked_to({d.chips}, {.max_hops = 2, .as_of = o.as_of}).count());
  CHECK(count("recruiters_for_qiming") == query(d.g).from(d.qiming).in({"recruits_for"}, {.as_of = o.as_of}).count());
}

void money_amounts(const demo& d, const cypher_result& r, const cypher_options&) {
  // Every money value in the graph, found as the demo finds it: by kind, not by name.
  std::multiset<std::tuple<std::string, std::string, std::string>> cpp, cy;
  for (const auto e : d.g.entities()) {
    for (const auto& st : d.g.get(e).properties())
      if (st.val.kind() == value_kind::money)
        cpp.emplace(d.g.get(e).name(), d.g.schema().property_name(st.property), st.val.as_money().to_string());
    for (const auto rid : d.g.relations(e, direction::out)) {
      const auto rel = d.g.get(rid);
      const auto* summary = rel.property("summary");
      const auto holder = d.g.get(rel.source()).name() + " -[" + d.g.schema().name(rel.type()) + "]-> " + d.g.get(rel.target()).name();
      for (const auto& st : rel.properties())
        if (st.val.kind() == value_kind::money) cpp.emplace(holder, summary ? summary->as_string() : "", st.val.as_money().to_string());
    }
  }
  for (const auto& row : r.rows)
    cy.emplace(cell(r, row, "holder").as_string(), string_or_empty(cell(r, row, "what")), cell(r, row, "amount").as_money().to_string());
  agree(cy, cpp);
}

}  // namespace

TEST_CASE("examples.talent_programs.cypher_answers_agree_with_the_cpp_api") {
  const demo d;
  const auto statements = cypher_script::read(std::filesystem::path(DOSSIER_SOURCE_DIR) / "examples" / "talent_programs.cypher");
  // One check per statement, in the file's order, each with the number its heading must start with.
  const std::vector<std::pair<std::string, check>> checks = {
      {"1.", linked_to_chips}, {"2.", oversight},     {"3.", recruiters},   {"3.", platforms},
      {"4.", recipients},      {"5.", spellings},     {"6.", then_and_now}, {"7.", money_amounts},
  };
  REQUIRE(statements.size() == checks.size());
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const auto& s = statements[i];
    INFO("talent_programs.cypher:" << s.line << ": " << s.title);
    REQUIRE(s.title.rfind(checks[i].first + " ", 0) == 0);
    for (const auto& options : cypher_script::runs_of(s)) {
      const auto r = cypher(d.g, s.text, {}, options);
      CHECK_FALSE(r.rows.empty());
      checks[i].second(d, r, options);
    }
  }
}

TEST_CASE("examples.cypher_script.reads_headings_dates_and_statements") {
  const auto file = std::filesystem::temp_directory_path() / "dossier_cypher_script_test.cypher";
  std::ofstream(file) << "// preamble, heading nothing\n\n// 1. First\n// as of: 2017, 2023-06\nMATCH (n)\n"
                         "// a comment of Cypher's own\nRETURN count(n);\n\nRETURN 1 AS x\n";
  const auto statements = cypher_script::read(file);
  std::filesystem::remove(file);
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].title == "1. First");
  CHECK(statements[0].line == 5);
  CHECK(statements[0].as_of == std::vector<date>{date{2017}, date{2023, 6}});
  CHECK(statements[0].text == "MATCH (n)\n// a comment of Cypher's own\nRETURN count(n);\n");
  CHECK(statements[1].title.empty());
  CHECK(statements[1].as_of.empty());
  CHECK(statements[1].text == "RETURN 1 AS x\n");
  CHECK_THROWS_AS((void)cypher_script::read(file), io_error);
}

TEST_CASE("examples.readme.cypher_blocks_run_on_the_demo_graph") {
  // The README's Cypher is not compiled, so it is run here, lest it rot.
  const demo d;
  std::ifstream in(std::filesystem::path(DOSSIER_SOURCE_DIR) / "README.md");
  REQUIRE(in);
  std::size_t blocks = 0;
  std::string text;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside && line == "```cypher") {
      inside = true;
    } else if (inside && line == "```") {
      INFO(text);
      CHECK_FALSE(cypher(d.g, text).rows.empty());
      ++blocks;
      inside = false;
      text.clear();
    } else if (inside) {
      text += line + "\n";
    }
  }
  CHECK(blocks > 0);
}
