#include <doctest/doctest.h>
#include <dossier/names/name_index.hpp>
#include <dossier/core/error.hpp>

#include <algorithm>
#include <string>

using namespace dossier;

TEST_CASE("names.normalize.folds_case_width_punctuation_diacritics") {
  CHECK(normalize_name("Thousand Talents Plan (TTP)") == "thousand talents plan ttp");
  CHECK(normalize_name("  Ministry   of\tScience ") == "ministry of science");
  CHECK(normalize_name("ＭＩＩＴ") == "miit");              // full-width
  CHECK(normalize_name("Zürich") == "zurich");            // diacritics
  CHECK(normalize_name("Łódź") == "lodz");
  CHECK(normalize_name("Straße") == "strasse");           // case folding
  CHECK(normalize_name("ΣΟΦΙΑ") == normalize_name("σοφια"));
  CHECK(normalize_name("千人计划人才") == "千人计划人才");  // CJK kept
  CHECK(normalize_name("启明（Qiming）") == "启明 qiming");  // full-width parentheses are punctuation
  CHECK(normalize_name("...") == "");
  CHECK_THROWS_AS((void)normalize_name("\xFF"), value_error);
}

TEST_CASE("names.normalize.symbols_fold_alike_in_ascii_and_unicode_names") {
  // Found by fuzz/text_fuzz: ASCII names went through a fast path that folded symbols such as
  // "$" and "+", while names with any other character kept them, so "ņ$" normalised to "n$"
  // and again to "n". Every printable ASCII character must now fold the same either way.
  for (char c = ' '; c <= '~'; ++c) {
    for (const std::string& ascii : {std::string("x") + c + "y", std::string(1, c) + "x", std::string("x") + c}) {
      CAPTURE(ascii);
      const auto plain = normalize_name(ascii);
      CHECK(normalize_name(ascii + " é") == (plain.empty() ? "e" : plain + " e"));  // the Unicode path
      CHECK(normalize_name(plain) == plain);
    }
  }
  for (const char* name : {"ņ$", "C++ Café", "Huawei® Technologies", "Æon™", "Ｃ＋＋", "AT&T — Zürich", "千人计划®人才", "🚀 Rocket"}) {
    CAPTURE(name);
    const auto once = normalize_name(name);
    CHECK(normalize_name(once) == once);
  }
  CHECK(normalize_name("C++ Café") == "c cafe");
  CHECK(normalize_name("C++ Cafe") == "c cafe");
  CHECK(normalize_name("Huawei® Technologies") == "huawei technologies");
  CHECK(normalize_name("千人计划®人才") == "千人计划 人才");
  CHECK(normalize_name("©") == "");
}

TEST_CASE("names.index.exact_prefix_substring_fuzzy") {
  name_index idx;
  const auto q = static_cast<entity_id>(1), ttp = static_cast<entity_id>(2), h100 = static_cast<entity_id>(3),
             h800 = static_cast<entity_id>(4);
  idx.add(q, "qiming");
  idx.add(q, "enlightenment");
  idx.add(ttp, "thousand talents plan");
  idx.add(ttp, "千人计划人才");
  idx.add(h100, "nvidia h100");
  idx.add(h800, "nvidia h800");

  CHECK(idx.exact("qiming") == std::vector{q});
  CHECK(idx.exact("kiming").empty());

  auto pre = idx.prefix("thousand", 10);
  REQUIRE(pre.size() == 1);
  CHECK(pre[0].entity == ttp);
  CHECK(pre[0].kind == match_kind::prefix);

  auto sub = idx.substring("人才", 10);
  REQUIRE(sub.size() == 1);
  CHECK(sub[0].entity == ttp);
  CHECK(idx.substring("talents", 10).size() == 1);
  CHECK(idx.substring("zzz", 10).empty());
  CHECK(idx.substring("人", 10).size() == 1);  // single code point: scan path

  auto fz = idx.fuzzy("kimming", 0.75, 10);
  REQUIRE_FALSE(fz.empty());
  CHECK(fz[0].entity == q);
  CHECK(fz[0].kind == match_kind::fuzzy);
  CHECK(fz[0].matched == "qiming");

  auto chip = idx.fuzzy("nvidia h100", 0.75, 10);
  REQUIRE(chip.size() == 1);  // h800 is not offered as a near match
  CHECK(chip[0].entity == h100);
  CHECK(chip[0].score == 1.0);

  // A filter restricts results (the graph uses it for type restriction).
  CHECK(idx.fuzzy("kimming", 0.75, 10, [&](entity_id e) { return e != q; }).empty());

  idx.remove(q, "qiming");
  CHECK(idx.exact("qiming").empty());
  CHECK(idx.fuzzy("kiming", 0.75, 10).empty());
  // Added after the gram index was built: still found.
  idx.add(q, "qiming");
  CHECK(idx.fuzzy("kiming", 0.75, 10).size() == 1);
}

TEST_CASE("name_index.a_million_entities_share_one_name") {
  // The owner list is kept sorted, so adding in id order is O(1) each (it deduplicated with a
  // linear search: the first lookup of a name 10^6 entities share took 83 s).
  name_index index;
  constexpr std::uint32_t n = 1'000'000;
  for (std::uint32_t i = 0; i < n; ++i) index.add(static_cast<entity_id>(i), "wang wei");
  for (std::uint32_t i = 0; i < n; i += 1000) index.add(static_cast<entity_id>(i), "wang wei");  // repeats: no-ops
  CHECK(index.exact("wang wei").size() == n);
  // Out of order and removals keep it sorted and free of repeats.
  index.remove(static_cast<entity_id>(500'000), "wang wei");
  index.add(static_cast<entity_id>(500'000), "wang wei");
  index.add(static_cast<entity_id>(7), "wang wei");
  const auto owners = index.exact("wang wei");
  CHECK(owners.size() == n);
  CHECK(std::is_sorted(owners.begin(), owners.end()));
}

TEST_CASE("names.normalize.apostrophes_join_words") {
  CHECK(normalize_name("People's Liberation Army") == "peoples liberation army");
  CHECK(normalize_name("Al Qa'ida") == "al qaida");
  CHECK(normalize_name("’Ndrangheta") == "ndrangheta");
  CHECK(normalize_name("O’Brien é") == "obrien e");
}

TEST_CASE("names.index.fuzzy_across_scripts_acronyms_and_order") {
  name_index idx;
  const auto qiming = static_cast<entity_id>(1), miit = static_cast<entity_id>(2), di = static_cast<entity_id>(3),
             putin = static_cast<entity_id>(4), zju = static_cast<entity_id>(5);
  idx.add(qiming, normalize_name("启明"));
  idx.add(miit, normalize_name("Ministry of Industry and Information Technology"));
  idx.add(di, normalize_name("Dawei Di"));
  idx.add(putin, normalize_name("Владимир Путин"));
  idx.add(zju, normalize_name("Zhejiang University"));
  const auto first = [&](std::string_view q, name_kind kind = name_kind::any) {
    const auto m = idx.fuzzy(normalize_name(q), 0.75, 5, {}, kind);
    return m.empty() ? null_entity : m.front().entity;
  };
  CHECK(first("Qiming") == qiming);  // a Latin query finds a Han key, and the reverse:
  CHECK(first("Vladimir Putin", name_kind::person) == putin);
  CHECK(first("MIIT") == miit);
  CHECK(first("Ministry of Industry & IT") == miit);
  CHECK(first("Di Dawei") == di);
  CHECK(first("Zhejiang Univ") == zju);
  CHECK(first("Kimming Program") == qiming);  // "program" weighs little
  CHECK(first("Kunpeng Plan") == null_entity);
  const auto m = idx.fuzzy("qiming", 0.75, 5);
  REQUIRE_FALSE(m.empty());
  CHECK(m.front().why.right_latin == "qiming");  // the explanation says which transliteration
  CHECK(m.front().kind == match_kind::fuzzy);
  const auto ru = idx.fuzzy(normalize_name("Владимир Путин"), 0.75, 5);
  REQUIRE_FALSE(ru.empty());
  CHECK(ru.front().kind == match_kind::exact);
}

TEST_CASE("names.index.kept_in_step_after_the_lookup_structures_are_built") {
  name_index idx;
  idx.add(static_cast<entity_id>(0), "qiming");
  CHECK(idx.fuzzy("kiming", 0.75, 5).size() == 1);  // builds the token postings
  CHECK(idx.prefix("qi", 5).size() == 1);           // and the sorted keys
  CHECK(idx.substring("imin", 5).size() == 1);       // and the bigrams
  for (std::uint32_t i = 1; i <= 10'000; ++i) idx.add(static_cast<entity_id>(i), "program " + std::to_string(i) + " huoju");
  idx.add(static_cast<entity_id>(10'001), "kunpeng");
  CHECK(idx.fuzzy("kunpen", 0.75, 5).front().entity == static_cast<entity_id>(10'001));
  CHECK(idx.fuzzy("program 9999 huoju", 0.75, 5).front().entity == static_cast<entity_id>(9999));
  CHECK(idx.prefix("kun", 5).front().entity == static_cast<entity_id>(10'001));
  CHECK(idx.substring("npen", 5).front().entity == static_cast<entity_id>(10'001));
  idx.remove(static_cast<entity_id>(10'001), "kunpeng");
  CHECK(idx.fuzzy("kunpen", 0.75, 5).empty());
  CHECK(idx.key_count() == 10'002);
  CHECK(idx.memory_bytes() > 0);
  auto copy = idx.copy();
  CHECK(copy.fuzzy("kiming", 0.75, 5).size() == 1);
  CHECK(copy.exact("program 5 huoju") == std::vector{static_cast<entity_id>(5)});
}

TEST_CASE("names.index.bad_input_and_long_names") {
  name_index idx;
  CHECK(idx.fuzzy("", 0.75, 5).empty());
  CHECK(idx.fuzzy("qiming", 0.75, 5).empty());  // an empty index
  CHECK(idx.fuzzy("qiming", 0.75, 0).empty());
  const std::string long_word(100'000, 'q');
  std::string many_words;
  for (int i = 0; i < 20'000; ++i) many_words += "w" + std::to_string(i) + " ";
  many_words.pop_back();
  idx.add(static_cast<entity_id>(1), long_word);
  idx.add(static_cast<entity_id>(2), many_words);
  idx.add(static_cast<entity_id>(3), "qiming");
  CHECK(idx.fuzzy(long_word, 0.75, 5).front().entity == static_cast<entity_id>(1));
  CHECK(idx.fuzzy(many_words, 0.75, 5).front().entity == static_cast<entity_id>(2));
  CHECK(idx.fuzzy("kiming", 0.75, 5).front().entity == static_cast<entity_id>(3));
  CHECK(idx.substring("w19999", 5).front().entity == static_cast<entity_id>(2));
}
