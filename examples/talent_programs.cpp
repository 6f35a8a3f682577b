// The main demo: the world of the Reuters report on China's talent programs, loaded from
// examples/data/talent-programs.jsonl and questioned the way an analyst would: with the C++ API,
// then again in Cypher (the statements of examples/talent_programs.cypher).
//   talent_programs [dataset.jsonl] [output-dir] [statements.cypher]
#include "cypher_script.hpp"

#include <dossier/dossier.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace dossier;

namespace {

void heading(const std::string& title) { std::cout << "\n== " << title << " ==\n"; }

std::string money_usd(const money& m, const decimal& rate) {
  // Rate: yuan per dollar, as the article states it.
  if (m.currency_code().code() != "CNY") return m.to_string();
  const auto usd = m.convert(currency("USD"), rate, 0);
  const auto fmt = [](const decimal& d) {
    std::string s = d.to_string(), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
      out += s[i];
    }
    return "$" + out;
  };
  return usd.is_range() ? fmt(usd.low()) + " to " + fmt(usd.high()) : fmt(usd.amount());
}

std::string quote_of(const graph& g, relation_id r) {
  const auto rel = g.get(r);
  return rel.citations().empty() ? std::string() : "\"" + std::string(rel.citations()[0].quote) + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::filesystem::path data = argc > 1 ? argv[1] : "examples/data/talent-programs.jsonl";
    const std::filesystem::path out_dir = argc > 2 ? argv[2] : ".";
    // The statements sit in the folder above the data, as in the source tree.
    const std::filesystem::path statements = argc > 3 ? argv[3] : data.parent_path() / ".." / "talent_programs.cypher";
    graph g{schemas::investigations()};
    // Progress goes to stderr, as it would for a long load.
    const auto report = import_jsonl(g, data, {.progress = [&](const import_progress& p) {
                                                 static const char* names[] = {"reading", "validating", "applying", "done"};
                                                 std::cerr << "  [" << data.filename().string() << "] " << names[static_cast<int>(p.stage)]
                                                           << ": " << p.records << " records, " << p.lines << " lines\n";
                                               },
                                               .progress_every = 25});
    std::cout << "Loaded " << report.entities << " entities (" << report.sources << " of them a source) and " << report.relations
              << " relations from " << data.filename().string() << ".\n";
    const auto id = [&](const char* record) { return report.ids.at(record); };
    const auto chips = id("chips"), qiming = id("qiming");

    // 1. The defining question.
    heading("Which programs link to semiconductor recruiting, and on what evidence?");
    const auto linked = query(g).from("Program").linked_to({chips}, {.max_hops = 3}).results();
    std::vector<path> chip_paths;
    for (const auto& r : linked) {
      std::cout << "* " << r.entity.name() << " (" << r.path.length() << (r.path.length() == 1 ? " step" : " steps") << ")\n"
                << explain(g, r.path);
      chip_paths.push_back(r.path);
    }

    // 2. Oversight and succession.
    heading("Who oversees Qiming, and what did it replace?");
    for (const auto& r : query(g).from(qiming).in({"oversees"}).results()) std::cout << explain(g, r.path);
    for (const auto& r : query(g).from(qiming).out({"succeeds"}).results()) std::cout << explain(g, r.path);

    // 3. Recruiters, platforms, offers.
    heading("Which recruiters advertised for Qiming, where, and what did they offer?");
    for (const auto& r : query(g).from(qiming).in({"recruits_for"}, {.to_types = {"Person", "Company"}}).results()) {
      std::cout << "* " << r.entity.name() << "\n";
      const auto rel = g.get(r.path.relations[0]);
      if (const auto* offer = rel.property("offer")) std::cout << "    offers: " << offer->as_money().to_string() << "\n";
      if (const auto* summary = rel.property("summary")) std::cout << "    details: " << summary->as_string() << "\n";
      std::cout << "    evidence: " << quote_of(g, rel.id()) << "\n";
      for (const auto& p : query(g).from(r.entity.id()).out({"posted_on"}).results())
        std::cout << "    posted on " << p.entity.name() << ": " << quote_of(g, p.path.relations[0]) << "\n";
      for (const auto& p : query(g).from(r.entity.id()).out({"Employment"}).results())
        std::cout << "    works for " << p.entity.name() << ": " << quote_of(g, p.path.relations[0]) << "\n";
    }
    std::cout << "Platforms where Qiming was advertised:\n";
    for (const auto& r : query(g).from(qiming).out({"UnknownLink"}, {.to_types = {"Platform"}}).results())
      std::cout << "  - " << r.entity.name() << ": " << quote_of(g, r.path.relations[0]) << "\n";

    // 4. Recipients and training.
    heading("Who received which program, and where did they train?");
    for (const auto& r : query(g).from("Person").where([&](const entity_ref& e) {
                             return !g.relations(e.id(), direction::out, "awarded").empty();
                           }).results()) {
      std::cout << "* " << r.entity.name() << "\n";
      for (const auto& a : query(g).from(r.entity.id()).out({"awarded"}).results()) {
        const auto rel = g.get(a.path.relations[0]);
        std::cout << "    recipient of " << a.entity.name();
        if (const auto* year = rel.property("year")) std::cout << " (" << year->as_date().to_string() << ")";
        std::cout << ": " << quote_of(g, rel.id()) << "\n";
      }
      for (const auto& s : query(g).from(r.entity.id()).out({"studied_at"}).results()) {
        const auto rel = g.get(s.path.relations[0]);
        std::cout << "    trained at " << s.entity.name();
        if (const auto* degree = rel.property("degree")) std::cout << " (" << degree->as_string() << ")";
        if (!rel.valid().empty())
          std::cout << " " << (rel.valid().start ? rel.valid().start->to_string() : "") << "-"
                    << (rel.valid().end ? rel.valid().end->to_string() : "");
        std::cout << "\n";
      }
      for (const auto& e : query(g).from(r.entity.id()).out({"Employment"}).results())
        std::cout << "    works at " << e.entity.name() << "\n";
    }

    // 5. Names as the sources spell them.
    heading("What do the article's spellings resolve to?");
    for (const char* variant : {"Kimming", "Chiming", "Qimming", "Thousand Talent Plan", "ＭＩＩＴ", "Di Dawei", "Zhejiang Univ."}) {
      const auto hit = g.try_resolve(variant);
      if (!hit) {
        std::cout << "  " << variant << " -> (nothing close enough)\n";
        continue;
      }
      const auto e = g.get(hit->entity);
      char score[64];
      std::snprintf(score, sizeof score, "%.2f", hit->score);
      std::cout << "  " << variant << " -> " << e.name() << " [" << e.type_name() << "]: "
                << (hit->kind == match_kind::exact ? "exact match of the recorded name or alias '" : "fuzzy match of '")
                << hit->matched << "', score " << score << "\n";
      if (hit->kind != match_kind::exact) std::cout << "    " << hit->why.explain() << "\n";
      if (hit->ambiguous) {
        const auto other = g.get(hit->runner_up->entity);
        std::snprintf(score, sizeof score, "%.2f, margin %.2f", hit->runner_up->score, hit->margin);
        std::cout << "    ambiguous: " << other.name() << " [" << other.type_name() << "] scores " << score << "\n";
      }
    }
    std::cout << "  (compare_names: tokens aligned one to one, with spelling, sound, initials, acronyms and numbers;\n"
                 "   codes, short acronyms and wholly different tokens are penalised)\n";

    // 6. Then and now.
    heading("How the picture differs as of 2017 and as of 2023");
    for (const int year : {2017, 2023}) {
      // Views "as of" a date keep the entities whose own startDate/endDate hold then, and the
      // relations between them whose valid time holds then.
      const auto v = make_view(g, {.as_of = date{year}});
      std::size_t holding = 0;
      for (auto [it, e] = boost::edges(v); it != e; ++it) ++holding;
      std::cout << "As of " << year << ": " << holding << " of " << g.relation_count() << " relations hold. Programs: ";
      const auto programs = make_view(g, {.entity_types = {"Program"}, .as_of = date{year}});
      bool first = true;
      for (auto [it, e] = boost::vertices(programs); it != e; ++it) {
        std::cout << (first ? "" : ", ") << g.get(entity_of(*it)).name();
        first = false;
      }
      std::cout << "\n";
      std::cout << "  Programs linked to semiconductors: "
                << query(g).from("Program").linked_to({chips}, {.max_hops = 3, .as_of = date{year}}).count()
                << "; Qiming's links to semiconductors: "
                << query(g).from(qiming).linked_to({chips}, {.max_hops = 2, .as_of = date{year}}).count() << " path(s)"
                << "; recruiters active for Qiming: "
                << query(g).from(qiming).in({"recruits_for"}, {.as_of = date{year}}).count() << "\n";
    }
    std::cout << "  (Undated facts hold at any date; the Thousand Talents Plan ran 2008-2018, so it is gone by 2023.)\n";

    // 7. Money.
    heading("The money, in US dollars at the article's rate ($1 = 7.1475 yuan)");
    const auto rate = parse_decimal("7.1475");
    for (const auto e : g.entities()) {
      for (const auto& st : g.get(e).properties())
        if (st.val.kind() == value_kind::money)
          std::cout << "  " << g.get(e).name() << ", " << g.schema().property_name(st.property) << ": "
                    << st.val.as_money().to_string() << " = " << money_usd(st.val.as_money(), rate) << "\n";
      for (const auto r : g.relations(e, direction::out)) {
        const auto rel = g.get(r);
        for (const auto& st : rel.properties())
          if (st.val.kind() == value_kind::money) {
            std::cout << "  " << g.get(rel.source()).name() << " -[" << g.schema().info(rel.type()).label << "]-> "
                      << g.get(rel.target()).name() << ": " << st.val.as_money().to_string() << " = "
                      << money_usd(st.val.as_money(), rate);
            if (const auto* summary = rel.property("summary")) std::cout << " (" << summary->as_string() << ")";
            std::cout << "\n";
          }
      }
    }

    // 8. Brokers.
    heading("Most central brokers (betweenness, relations in either direction)");
    int shown = 0;
    for (const auto& s : betweenness(g)) {
      if (shown++ == 6) break;
      char score[16];
      std::snprintf(score, sizeof score, "%.1f", s.score);
      std::cout << "  " << score << "  " << g.get(s.entity).name() << " [" << g.get(s.entity).type_name() << "]\n";
    }

    // 9. Pictures.
    std::filesystem::create_directories(out_dir);
    const auto chip_dot = out_dir / "semiconductor-recruiting.dot";
    std::ofstream(chip_dot) << to_dot(g, subgraph::of(chip_paths), {.title = "Programs linked to semiconductor recruiting"});
    const auto all_dot = out_dir / "talent-programs.dot";
    auto whole = subgraph::whole(g);
    std::erase_if(whole.entities, [&](entity_id e) { return g.is_source(e); });
    std::ofstream(all_dot) << to_dot(g, whole, {.title = "Talent programs in the Reuters report (24 August 2023)"});
    heading("Pictures");
    std::cout << "  wrote " << chip_dot.string() << " and " << all_dot.string() << " (render with: dot -Tsvg FILE -o FILE.svg)\n";

    // 10. The same questions in Cypher; the answers agree with the ones above.
    heading("The same questions in Cypher (" + statements.filename().string() + ")");
    cypher_script::run(g, statements, std::cout);
    return 0;
  } catch (const dossier::error& e) {
    std::cerr << "talent_programs: " << e.what() << "\n";
    return 1;
  }
}
