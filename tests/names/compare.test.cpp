#include <doctest/doctest.h>
#include <dossier/core/config.hpp>
#include <dossier/core/error.hpp>
#include <dossier/names/compare.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace dossier;

namespace {

constexpr double accept = config::default_fuzzy_min_score;

double score(std::string_view a, std::string_view b, name_kind kind = name_kind::any) {
  return compare_names(a, b, {.kind = kind}).score;
}

bool has_relation(const name_comparison& c, token_relation how) {
  return std::any_of(c.aligned.begin(), c.aligned.end(), [&](const aligned_tokens& a) { return a.how == how; });
}

}  // namespace

TEST_CASE("names.compare.identical_empty_and_symmetric") {
  CHECK(score("Qiming", "QIMING") == 1.0);
  CHECK(score("Thousand Talents Plan", "thousand  talents plan.") == 1.0);
  CHECK(score("", "Qiming") == 0.0);
  CHECK(score("...", "...") == 0.0);
  CHECK(score("Qiming", "") == 0.0);
  for (const auto& [a, b] : {std::pair{"Di Dawei", "Dawei Di"}, std::pair{"Kimming", "Qiming"}, std::pair{"PLA", "People's Liberation Army"},
                             std::pair{"Juki Technology", "Hangzhou Juki Technology"}, std::pair{"启明", "Qiming"}}) {
    CAPTURE(a);
    CHECK(score(a, b) == doctest::Approx(score(b, a)));
  }
}

TEST_CASE("names.compare.a_wholly_different_token_is_not_diluted") {
  CHECK(score("Industrial and Commercial Bank of Chad Limited", "Industrial and Commercial Bank of China Limited", name_kind::organisation) < 0.5);
  CHECK(score("Bank of China (Hong Kong) Limited", "Bank of China (Singapore) Limited", name_kind::organisation) < 0.5);
  CHECK(score("SADDAM HUSSEIN AL-DULAIMI", "SADDAM HUSSEIN AL-TIKRITI", name_kind::person) < 0.5);
  CHECK(score("JAMAL MUSTAFA ABDALLAH SULTAN AL-DULAIMI", "JAMAL MUSTAFA ABDALLAH SULTAN AL-TIKRITI", name_kind::person) < accept);
  CHECK(score("Barack Obama", "Michelle Obama", name_kind::person) < 0.5);
  // A misspelt token is not a different one.
  CHECK(score("Bank of Chima Limited", "Bank of China Limited", name_kind::organisation) >= accept);
  CHECK(score("Alexander Luakshenko", "Alexander Lukashenko", name_kind::person) >= accept);
}

TEST_CASE("names.compare.common_tokens_weigh_less") {
  // "management" and "company" carry little: the one distinctive token decides.
  CHECK(score("Management Company", "Westminister Management Company", name_kind::organisation) < accept);
  CHECK(score("Juki Technology", "Hangzhou Juki Technology", name_kind::organisation) >= accept);
  CHECK(score("Hangzhou Juki", "Hangzhou Juki Technology", name_kind::organisation) >= 0.9);
  const auto c = compare_names("Zhejiang Univ.", "Zhejiang University");
  CHECK(c.score >= 0.9);
  CHECK(has_relation(c, token_relation::variant));  // "univ" is read as "university"
}

TEST_CASE("names.compare.person_names_in_any_order") {
  CHECK(score("Smith, John", "John Smith", name_kind::person) == 1.0);
  CHECK(score("Di Dawei", "Dawei Di", name_kind::person) == 1.0);
  CHECK(score("Yuanxiao Ma", "Ma Yuanxiao", name_kind::person) == 1.0);
  CHECK(score("Di Dawei", "Dawei Di") >= 0.9);  // unknown kind: a small cost
  CHECK(compare_names("Di Dawei", "Dawei Di").order_differs);
  CHECK(score("Bank Deutsche", "Deutsche Bank", name_kind::organisation) < score("Di Dawei", "Dawei Di", name_kind::person));
  // People drop and add middle names; organisations' extra words say more.
  CHECK(score("Vladimir Vladimirovich Putin", "Vladimir Putin", name_kind::person) >= 0.9);
  CHECK(score("Sergey Viktorovich Lavrov", "Sergey Lavrov", name_kind::person) > score("Banco Santander Chile", "Banco Santander", name_kind::organisation));
  CHECK(score("Barack Obama", "George Hussein Onyango Obama", name_kind::person) < accept);
}

TEST_CASE("names.compare.legal_forms_are_read_as_one") {
  const auto org = name_kind::organisation;
  CHECK(score("Stripe LLC", "Stripe Limited Liability Company", org) == 1.0);
  CHECK(score("Deutsche Bank AG", "Deutsche Bank Aktiengesellschaft", org) == 1.0);
  CHECK(score("OAO Gazprom", "Open Joint Stock Company Gazprom", org) == 1.0);
  CHECK(score("OAO Gazprom", "Gazprom JSC", org) >= 0.9);  // both joint-stock companies
  CHECK(score("Volkswagen Bank G.m.b.H.", "Volkswagen Bank GmbH", org) == 1.0);
  CHECK(score("CRYSTALORD LIMITED", "CRYSTALORD LTD", org) == 1.0);
  CHECK(score("FABERLIC EUROPE Sp. z o.o.", "FABERLIC EUROPE", org) == 1.0);
  CHECK(score("ООО Байкал", "Baikal LLC", org) >= accept);  // ООО is an llc, across scripts too
  CHECK(score("LLC", "Limited Liability Company", org) >= 0.9);
  CHECK(score("AG", "Aktiengesellschaft", org) == 1.0);
  const auto cn = compare_names("华为技术有限公司", "华为技术", {.kind = org});
  CHECK(cn.score == 1.0);
  CHECK(cn.left_legal == std::vector<std::string>{"ltd"});
  CHECK(compare_names("株式会社東芝", "東芝", {.kind = org}).left_legal == std::vector<std::string>{"kk"});
  // Different families of legal form, and different names behind one legal form.
  CHECK(score("ANO Iskusstvo Krasoty", "LLC Iskusstvo Krasoty", org) < accept);
  CHECK(compare_names("ANO Iskusstvo Krasoty", "LLC Iskusstvo Krasoty", {.kind = org}).legal_forms_differ);
  CHECK(score("ООО \"БАЙ\"", "ООО \"БАЙКАЛ\"", org) < 0.5);
  CHECK(score("Societatea cu Răspundere Limitată CON TRAFFIC", "S.R.L. PRO TRAFFIC", org) < 0.5);
  // People are not read for legal forms: "Sa" is a name.
  CHECK(compare_names("Nicolás Maduro SA", "Nicolás Maduro", {.kind = name_kind::person}).left_legal.empty());
}

TEST_CASE("names.compare.numbers_in_words_digits_and_numerals") {
  const auto c = compare_names("1000 Talents Plan", "Thousand Talents Plan");
  CHECK(c.score == 1.0);
  CHECK(has_relation(c, token_relation::number));
  CHECK(score("Brigade Forty 4", "Brigade 44", name_kind::organisation) == 1.0);
  CHECK(score("Brigade Fourty-four", "Brigade 44", name_kind::organisation) == 1.0);
  CHECK(score("Citigroup Capital Trust XV", "Citigroup Capital Trust 15", name_kind::organisation) == 1.0);
  // Both sides have numbers and they differ: different things.
  CHECK(score("Apollo Investment Fund VIII L.P.", "Apollo Investment Fund IX L.P.", name_kind::organisation) < 0.5);
  CHECK(score("Goldman Sachs Mortgage Loan Trust 2004-1", "Goldman Sachs Mortgage Loan Trust 2004-2", name_kind::organisation) < accept);
  // Only one side has a number: no penalty beyond an extra token.
  CHECK(score("Nantahala Capital Offshore Fund, Ltd.", "Nantahala Capital Offshore Fund I, Ltd.") >= accept);
  // A first token is not a numeral, and people have numerals only at the end.
  CHECK_FALSE(has_relation(compare_names("Xi Jinping", "Xi Jinping"), token_relation::number));
  CHECK(has_relation(compare_names("John Smith III", "John Smith 3", {.kind = name_kind::person}), token_relation::number));
}

TEST_CASE("names.compare.codes_and_acronyms_are_not_merged") {
  // Guards from before the matcher (chip models, near-equal acronyms): still rejected.
  CHECK(score("h100", "h800") < 0.5);
  CHECK(score("nvidia h100", "nvidia h800") < 0.5);
  CHECK(score("kirin 9000s", "kirin 9000") < 0.5);
  CHECK(score("ascend 910b", "ascend 910c") < 0.5);
  CHECK(score("mit", "bit") < 0.5);
  CHECK(score("miit", "mit") < 0.6);
  CHECK(score("ttp", "tpp") < 0.6);
  CHECK(score("CDE Company", "A.B.C. Company", name_kind::organisation) < 0.5);
  CHECK(score("C.B.A. Company", "A.B.C. Company", name_kind::organisation) < 0.5);
  CHECK(score("ABC Co.", "A.B.C. Company", name_kind::organisation) == 1.0);
}

TEST_CASE("names.compare.initials_and_acronyms") {
  const auto org = name_kind::organisation;
  const auto pla = compare_names("PLA", "People's Liberation Army", {.kind = org});
  CHECK(pla.score >= 0.85);
  CHECK(has_relation(pla, token_relation::acronym));
  CHECK(score("MIIT", "Ministry of Industry and Information Technology", org) >= 0.85);
  CHECK(score("BIT", "Beijing Institute of Technology", org) >= 0.85);
  CHECK(score("MIT", "Beijing Institute of Technology", org) < 0.5);
  const auto it = compare_names("Ministry of Industry & IT", "Ministry of Industry and Information Technology", {.kind = org});
  CHECK(it.score >= 0.9);
  CHECK(has_relation(it, token_relation::acronym));
  const auto person = name_kind::person;
  CHECK(score("V. Putin", "Vladimir Putin", person) >= accept);
  CHECK(has_relation(compare_names("V. Putin", "Vladimir Putin"), token_relation::initial));
  CHECK(score("JC Juncker", "Jean-Claude Juncker", person) >= accept);
  CHECK(score("Hans J Friedrich", "Hans Joachim Friedrich", person) >= 0.9);
  // Initials alone do not make a person.
  CHECK(score("N.N.", "Nursultan Nazarbayev", person) < accept);
}

TEST_CASE("names.compare.spellings_and_sound") {
  for (const char* variant : {"Kiming", "Kimming", "Qimming", "Chiming"}) {
    CAPTURE(variant);
    CHECK(score(variant, "Qiming") >= accept);
  }
  CHECK(has_relation(compare_names("Kimming", "Qiming"), token_relation::phonetic));
  CHECK(score("Thousand Talent Plan", "Thousand Talents Plan") >= 0.9);
  CHECK(score("Thousand Talents Program", "Thousand Talents Plan") >= 0.9);  // program, programme, plan
  CHECK(score("Wladimir Putin", "Vladimir Putin", name_kind::person) >= 0.9);
  CHECK(score("Mohamed bin Salman", "Mohammed bin Salman", name_kind::person) >= 0.9);
  CHECK(score("Kimming", "Kunpeng") < 0.5);
}

TEST_CASE("names.compare.words_written_together") {
  const auto c = compare_names("VladimirPutin", "Vladimir Putin", {.kind = name_kind::person});
  CHECK(c.score == 1.0);
  CHECK(has_relation(c, token_relation::joined));
  CHECK(score("Goodwill Company", "Good Will Company", name_kind::organisation) == 1.0);
  CHECK(score("FridrichBuchenberg", "Friedrich Buchenberg", name_kind::person) >= 0.9);
}

TEST_CASE("names.compare.transliteration_only_across_scripts") {
  const auto qiming = compare_names("启明", "Qiming");
  CHECK(qiming.score == 1.0);
  CHECK(qiming.left_latin == "qiming");
  CHECK(score("Владимир Путин", "Vladimir Putin", name_kind::person) == 1.0);
  CHECK(score("Барак Обама", "Barack Obama", name_kind::person) >= accept);
  CHECK(score("Сергей Викторович Лавров", "Serej Lavrov", name_kind::person) >= accept);
  CHECK(score("バラク・オバマ", "Barack Obama", name_kind::person) >= accept);
  // Arabic writes no short vowels: its reading is compared by consonants.
  const auto fernando = compare_names("فرناندو بيريز", "Fernando Pérez", {.kind = name_kind::person});
  CHECK(fernando.score >= accept);
  CHECK(has_relation(fernando, token_relation::consonants));
  // Within one script nothing is transliterated: one character makes another name.
  const auto xi = compare_names("习近朋", "习近平", {.kind = name_kind::person});
  CHECK(xi.score < 0.5);
  CHECK(xi.left_latin.empty());
  CHECK(score("Владимир Пулин", "Владимир Путин", name_kind::person) >= accept);  // a spelling within Cyrillic
  CHECK(score("Vita Klave", "Фуад Гулієв", name_kind::person) < 0.5);
}

TEST_CASE("names.compare.cjk_by_character") {
  CHECK(score("習近平", "习近平") == 1.0);  // traditional and simplified
  // No short-name penalty: an added character costs as an extra token does.
  CHECK(score("千人计划", "千人计划人才") >= accept);
  CHECK(score("김정은", "김종은", name_kind::person) < 0.5);
  CHECK(score("高市早苗", "高石早苗", name_kind::person) < accept);
}

TEST_CASE("names.compare.explanation") {
  const auto c = compare_names("Kimming", "Qiming");
  const auto text = c.explain();
  CHECK(text.find("kimming ~ qiming (phonetic") != std::string::npos);
  CHECK(text.find("score 0.9") != std::string::npos);
  const auto x = compare_names("启明", "Qiming").explain();
  CHECK(x.find("left read as 'qiming'") != std::string::npos);
  const auto b = compare_names("Bank of China (Hong Kong)", "Bank of China (Singapore)").explain();
  CHECK(b.find("only left: 'hong', 'kong'") != std::string::npos);
  CHECK(b.find("only right: 'singapore'") != std::string::npos);
}

TEST_CASE("names.compare.bad_input") {
  CHECK_THROWS_AS((void)compare_names("\xFF", "Qiming"), value_error);
  CHECK_THROWS_AS((void)compare_names("Qiming", "Qi\xC3"), value_error);
  // 10^5 characters: compared on their start, in bounded time.
  const std::string long_word(100'000, 'a');
  std::string many_words;
  for (int i = 0; i < 20'000; ++i) many_words += "word" + std::to_string(i % 97) + " ";
  std::string long_cjk;
  for (int i = 0; i < 30'000; ++i) long_cjk += "明";
  const std::vector<std::string> long_names{long_word, many_words, long_cjk};
  for (const auto& a : long_names) {
    for (const auto& b : long_names) {
      const double s = score(a, b);
      CHECK(s >= 0.0);
      CHECK(s <= 1.0);
    }
    CHECK(score(a, "Qiming") < 0.5);
  }
  CHECK(score(long_word, long_word) == 1.0);
}
