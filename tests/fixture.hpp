#pragma once
// The tiny fixture knowledge graph shared by the tests, with hand-checked answers.
//
//   MIIT --oversees--> Qiming --recruits_in--> semiconductors
//   MOST --oversees--> Huoju  --targets-->     semiconductors    (Huoju: confidence 0.6)
//   Qiming --succeeds--> TTP (valid 2008..2018 on TTP's funding)
//   Zhejiang --funds--> Kunpeng ; Kunpeng --recruits_in--> semiconductors (valid from 2019)
//   Chen Biaohua --Employment--> Beijing Talent Linked --recruits_for--> Qiming
//   Beijing Talent Linked --posted_on--> LinkedIn
//   Ma Yuanxiao --awarded--> Qiming ; Ma Yuanxiao --studied_at--> Nottingham, HKU
//   Dawei Di --awarded--> Kunpeng ; Dawei Di --researches--> semiconductors
//   Island (a Field with no relations)

#include <dossier/dossier.hpp>

namespace fixture {

struct talent {
  dossier::graph g{dossier::schemas::investigations()};
  dossier::entity_id article, miit, most, qiming, huoju, ttp, kunpeng, zhejiang, chips, chen, btl, linkedin, ma,
      nottingham, hku, di, island;
  dossier::relation_id miit_oversees_qiming, qiming_in_chips, huoju_targets_chips, kunpeng_in_chips, ttp_funded;

  talent() {
    using dossier::cite;
    article = g.add_source({.title = "China quietly recruits overseas chip talent as US tightens curbs",
                            .publisher = "Reuters",
                            .published = dossier::date{2023, 8, 24}});
    miit = g.add("Ministry", "Ministry of Industry and Information Technology", {.aliases = {"MIIT"}});
    most = g.add("Ministry", "Ministry of Science and Technology", {.aliases = {"MOST"}});
    qiming = g.add("Program", "Qiming", {.aliases = {"Enlightenment", {"启明", "zh"}}});
    huoju = g.add("Program", "Huoju", {.aliases = {"Torch"}});
    ttp = g.add("Program", "Thousand Talents Plan", {.aliases = {"TTP", {"千人计划人才", "zh"}}});
    kunpeng = g.add("Program", "Kunpeng");
    zhejiang = g.add("Government", "Zhejiang province");
    chips = g.add("Field", "semiconductors");
    chen = g.add("Person", "Chen Biaohua");
    btl = g.add("Company", "Beijing Talent Linked Information Technology");
    linkedin = g.add("Platform", "LinkedIn");
    ma = g.add("Person", "Ma Yuanxiao");
    nottingham = g.add("University", "University of Nottingham");
    hku = g.add("University", "University of Hong Kong");
    di = g.add("Person", "Dawei Di");
    island = g.add("Field", "quantum sensing");

    miit_oversees_qiming = g.relate(miit, "oversees", qiming, cite(article, "a program overseen by the Ministry of Industry and Information Technology"));
    g.relate(most, "oversees", huoju, cite(article, "a long-term initiative of the Ministry of Science and Technology", 0.9));
    qiming_in_chips = g.relate(qiming, "recruits_in", chips, cite(article, "sensitive or classified areas such as semiconductors"));
    huoju_targets_chips = g.relate(huoju, "targets", chips, cite(article, "Some documents refer to Huoju", 0.6));
    g.relate(qiming, "succeeds", ttp, cite(article, "The primary replacement for the TTP"));
    ttp_funded = g.relate(zhejiang, "funds", ttp, {.citations = {cite(article, "For a decade until 2018", 0.8)},
                                                   .valid = {dossier::date{2008}, dossier::date{2018}}});
    g.relate(zhejiang, "funds", kunpeng, cite(article, "the Kunpeng plan run by authorities in eastern Zhejiang province"));
    kunpeng_in_chips = g.relate(kunpeng, "recruits_in", chips, {.citations = {cite(article, "research focuses on semiconductor optoelectronic devices", 0.7)},
                                                                .valid = {dossier::date{2019}, {}}});
    g.relate(chen, "Employment", btl, cite(article, "listed her employer as Beijing Talent Linked Information Technology"));
    g.relate(btl, "recruits_for", qiming, cite(article, "asked candidates eligible for Qiming and Huoju"));
    g.relate(btl, "posted_on", linkedin, cite(article, "In a February LinkedIn post"));
    g.relate(ma, "awarded", qiming, {.citations = {cite(article, "identified on its website as the 2021 Kiming recipient")},
                                     .properties = {{"year", dossier::date{2021}}}});
    g.relate(ma, "studied_at", nottingham, cite(article, "did his masters at the University of Nottingham"));
    g.relate(ma, "studied_at", hku, cite(article, "a PhD from the University of Hong Kong"));
    g.relate(di, "awarded", kunpeng, cite(article, "One Kunpeng recipient is Dawei Di"));
    g.relate(di, "researches", chips, cite(article, "research focuses on semiconductor optoelectronic devices"));
  }
};

}  // namespace fixture
