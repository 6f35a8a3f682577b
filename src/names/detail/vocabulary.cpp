#include "vocabulary.hpp"

#include "utf32.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <memory>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

using enum legal_family;

struct legal_entry {
  std::string_view phrase;
  std::string_view canonical;
  legal_family family;
};

// Normalised phrases; a canonical form stands for all of its spellings and translations.
constexpr legal_entry legal_entries[] = {
    {"co", "co", generic}, {"company", "co", generic}, {"cie", "co", generic},
    {"corp", "corp", generic}, {"corporation", "corp", generic},
    {"inc", "inc", generic}, {"incorporated", "inc", generic},
    {"ltd", "ltd", limited}, {"limited", "ltd", limited}, {"pvt", "ltd", limited}, {"private limited", "ltd", limited},
    {"llc", "llc", limited}, {"limited liability company", "llc", limited},
    {"ooo", "llc", limited}, {"ооо", "llc", limited}, {"общество с ограниченной ответственностью", "llc", limited},
    {"tov", "llc", limited}, {"тов", "llc", limited}, {"товариство з обмеженою відповідальністю", "llc", limited},
    {"sp zoo", "llc", limited}, {"spzoo", "llc", limited}, {"spolka z ograniczona odpowiedzialnoscia", "llc", limited},
    {"gmbh", "gmbh", limited}, {"gesellschaft mit beschrankter haftung", "gmbh", limited},
    {"sarl", "sarl", limited}, {"societe a responsabilite limitee", "sarl", limited},
    {"srl", "srl", limited}, {"societatea cu raspundere limitata", "srl", limited},
    {"societa a responsabilita limitata", "srl", limited}, {"sociedad de responsabilidad limitada", "srl", limited},
    {"sl", "sl", limited}, {"sociedad limitada", "sl", limited}, {"ltda", "ltda", limited}, {"lda", "ltda", limited},
    {"bv", "bv", limited}, {"besloten vennootschap", "bv", limited}, {"bvba", "bvba", limited}, {"sprl", "bvba", limited},
    {"pty", "pty", limited}, {"pte", "pte", limited}, {"kft", "kft", limited}, {"sro", "sro", limited},
    {"doo", "doo", limited}, {"aps", "aps", limited}, {"ug", "ug", limited}, {"pt", "pt", limited},
    {"jsc", "jsc", stock}, {"joint stock company", "jsc", stock}, {"ao", "jsc", stock}, {"ао", "jsc", stock},
    {"акционерное общество", "jsc", stock},
    {"ojsc", "ojsc", stock}, {"open joint stock company", "ojsc", stock}, {"oao", "ojsc", stock}, {"оао", "ojsc", stock},
    {"открытое акционерное общество", "ojsc", stock},
    {"cjsc", "cjsc", stock}, {"closed joint stock company", "cjsc", stock}, {"zao", "cjsc", stock}, {"зао", "cjsc", stock},
    {"закрытое акционерное общество", "cjsc", stock},
    {"pjsc", "pjsc", stock}, {"public joint stock company", "pjsc", stock}, {"pao", "pjsc", stock}, {"пао", "pjsc", stock},
    {"публичное акционерное общество", "pjsc", stock},
    {"ag", "ag", stock}, {"aktiengesellschaft", "ag", stock},
    {"sa", "sa", stock}, {"sas", "sa", stock}, {"societe anonyme", "sa", stock}, {"sociedad anonima", "sa", stock},
    {"nv", "nv", stock}, {"naamloze vennootschap", "nv", stock}, {"se", "se", stock},
    {"plc", "plc", stock}, {"public limited company", "plc", stock},
    {"spa", "spa", stock}, {"societa per azioni", "spa", stock},
    {"as", "as", stock}, {"asa", "as", stock}, {"ab", "ab", stock}, {"aktiebolag", "ab", stock},
    {"oy", "oy", stock}, {"oyj", "oy", stock}, {"kk", "kk", stock}, {"kabushiki kaisha", "kk", stock},
    {"tbk", "tbk", stock}, {"bhd", "bhd", stock}, {"berhad", "bhd", stock}, {"sdn bhd", "sdn bhd", limited},
    {"sendirian berhad", "sdn bhd", limited},
    {"lp", "lp", partnership}, {"limited partnership", "lp", partnership},
    {"llp", "llp", partnership}, {"limited liability partnership", "llp", partnership},
    {"kg", "kg", partnership}, {"ohg", "ohg", partnership}, {"gbr", "gbr", partnership}, {"snc", "snc", partnership},
    {"ano", "ano", nonprofit}, {"ано", "ano", nonprofit}, {"автономная некоммерческая организация", "ano", nonprofit},
    {"ngo", "ngo", nonprofit}, {"npo", "ngo", nonprofit}, {"non profit", "ngo", nonprofit},
    {"nonprofit", "ngo", nonprofit}, {"not for profit", "ngo", nonprofit},
    {"ип", "ip", sole}, {"sole proprietorship", "ip", sole}, {"individual entrepreneur", "ip", sole},
};

struct phrase {
  std::vector<std::string_view> words;
  legal_form form;
};

}  // namespace

struct legal_phrases {
  std::vector<phrase> longest_first;
};

namespace {

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto space = s.find(' ');
    out.push_back(s.substr(0, space));
    if (space == std::string_view::npos) break;
    s.remove_prefix(space + 1);
  }
  return out;
}

bool phrase_matches(const phrase& p, std::span<const std::string_view> words, std::size_t at) {
  if (at + p.words.size() > words.size()) return false;
  for (std::size_t k = 0; k < p.words.size(); ++k) {
    const auto word = words[at + k];
    if (word == p.words[k]) continue;
    const bool last_of_both = k + 1 == p.words.size() && at + k + 1 == words.size();
    if (last_of_both && p.words.size() > 1 && word.size() >= 4 && p.words[k].starts_with(word)) continue;
    return false;
  }
  return true;
}

struct cjk_form {
  std::u32string_view text;
  legal_form form;
};
constexpr cjk_form cjk_suffixes[] = {
    {U"股份有限公司", {"jsc", stock}}, {U"有限责任公司", {"llc", limited}}, {U"有限責任公司", {"llc", limited}},
    {U"有限公司", {"ltd", limited}}, {U"株式会社", {"kk", stock}}, {U"有限会社", {"ltd", limited}},
    {U"合同会社", {"llc", limited}}, {U"주식회사", {"kk", stock}}, {U"유한회사", {"ltd", limited}}, {U"公司", {"co", generic}},
};
constexpr cjk_form cjk_prefixes[] = {{U"株式会社", {"kk", stock}}, {U"주식회사", {"kk", stock}}};

constexpr std::string_view stopwords[] = {"of", "and", "the", "for", "und", "et"};
constexpr std::string_view vessel_prefixes[] = {"mv", "mt", "ms", "ss", "my", "sv", "rv", "fv", "hms", "uss", "mts", "tss"};

constexpr std::string_view organisation_words[] = {
    "academy", "administration", "agency", "airlines", "alliance", "association", "authority", "bank", "banking",
    "brigade", "bureau", "capital", "center", "chamber", "church", "city", "club", "college", "commission",
    "committee", "communications", "consulting", "construction", "council", "county", "department", "development",
    "district", "electronics", "energy", "engineering", "enterprise", "enterprises", "equipment", "estate",
    "exchange", "federation", "finance", "financial", "force", "forces", "foundation", "front", "fund", "global",
    "government", "group", "gruppe", "holding", "holdings", "hospital", "industrial", "industries", "industry",
    "information", "institute", "institution", "insurance", "international", "investment", "investments",
    "league", "logistics", "management", "manufacturing", "marine", "maritime", "media", "medical", "ministry",
    "mining", "motor", "motors", "movement", "municipal", "national", "network", "office", "oil", "organization",
    "partners", "party", "petroleum", "pharmaceutical", "pharmaceuticals", "program", "project", "province",
    "provincial", "regional", "republic", "research", "resources", "school", "science", "sciences", "securities",
    "service", "services", "shipping", "society", "solutions", "state", "systems", "technologies", "technology",
    "telecom", "trade", "trading", "transport", "trust", "union", "university", "ventures", "brothers", "банк",
    "университет", "министерство", "компания", "группа", "организация", "центр"};
constexpr std::string_view common_names[] = {
    "muhammad", "mohammad", "mohammed", "mohamed", "muhammed", "mohamad", "ahmad", "ahmed", "ali", "abdul",
    "abdel", "abdallah", "abdullah", "hassan", "hasan", "hussein", "husain", "hussain", "ibrahim", "khan",
    "mahmoud", "mahmud", "omar", "umar", "yusuf", "youssef", "wang", "li", "zhang", "liu", "chen", "yang",
    "huang", "zhao", "wu", "zhou", "kim", "lee", "park", "nguyen", "tran", "singh", "kumar"};
constexpr std::string_view particles[] = {"al", "el", "bin", "ibn", "ben", "bint", "binti", "abu", "abd", "umm", "da", "de",
                                          "del", "della", "der", "den", "des", "do", "dos", "du", "la", "le", "van",
                                          "von", "ter", "ten", "ur", "ul", "ud"};
constexpr std::string_view titles[] = {"mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "prof", "professor", "sir",
                                       "dame", "lord", "lady", "sheikh", "shaikh", "sheik", "monsieur", "madame", "mme",
                                       "mlle", "herr", "frau", "senor", "hon", "rev", "reverend", "haji", "hajji",
                                       "hadji", "mullah", "maulana", "maulvi", "imam", "ayatollah"};

struct spelling {
  std::string_view word, canonical;
};
constexpr spelling spellings[] = {
    {"programme", "program"}, {"plan", "program"},          {"scheme", "program"},     {"centre", "center"},
    {"organisation", "organization"}, {"intl", "international"}, {"natl", "national"}, {"govt", "government"},
    {"dept", "department"},   {"univ", "university"},       {"inst", "institute"},     {"assn", "association"},
    {"mfg", "manufacturing"}, {"bros", "brothers"},         {"grp", "group"},
};

constexpr std::string_view units[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
constexpr std::string_view teens[] = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                      "seventeen", "eighteen", "nineteen"};
constexpr std::string_view tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

struct vocabulary {
  std::unordered_map<std::string_view, word_info> words;
  std::vector<std::unique_ptr<legal_phrases>> legal;

  vocabulary() {
    const auto set_class = [&](std::span<const std::string_view> list, word_class c) {
      for (auto w : list) words[w].cls = c;
    };
    set_class(organisation_words, word_class::organisation);
    set_class(common_names, word_class::common_name);
    set_class(particles, word_class::particle);
    set_class(titles, word_class::title);
    for (auto w : stopwords) words[w].stopword = true;
    for (auto w : vessel_prefixes) words[w].vessel_prefix = true;
    for (const auto& s : spellings) {
      auto& info = words[s.word];
      info.canonical = s.canonical;
      const auto it = words.find(s.canonical);
      info.cls = it == words.end() ? word_class::plain : it->second.cls;
    }
    for (std::int64_t i = 0; i < 10; ++i) words[units[i]].number = number_word{i, number_word_kind::unit};
    for (std::int64_t i = 0; i < 10; ++i) words[teens[i]].number = number_word{10 + i, number_word_kind::teen};
    for (std::int64_t i = 0; i < 8; ++i) words[tens[i]].number = number_word{20 + 10 * i, number_word_kind::tens};
    words["fourty"].number = number_word{40, number_word_kind::tens};  // a common misspelling
    words["hundred"].number = number_word{100, number_word_kind::hundred};
    words["thousand"].number = number_word{1000, number_word_kind::scale};
    words["million"].number = number_word{1'000'000, number_word_kind::scale};
    words["billion"].number = number_word{1'000'000'000, number_word_kind::scale};
    for (const auto& e : legal_entries) {
      auto split = split_words(e.phrase);
      auto& info = words[split.front()];
      if (!info.legal) info.legal = legal.emplace_back(std::make_unique<legal_phrases>()).get();
      auto& list = const_cast<legal_phrases*>(info.legal)->longest_first;
      list.push_back({std::move(split), {e.canonical, e.family}});
      std::stable_sort(list.begin(), list.end(), [](const phrase& a, const phrase& b) { return a.words.size() > b.words.size(); });
    }
  }
};

const vocabulary& the_vocabulary() {
  static const vocabulary v;
  return v;
}

}  // namespace

const word_info* lookup_word(std::string_view word) {
  const auto& words = the_vocabulary().words;
  const auto it = words.find(word);
  return it == words.end() ? nullptr : &it->second;
}

std::size_t match_legal_form(std::span<const std::string_view> words, std::size_t at, legal_form& out) {
  const auto* info = lookup_word(words[at]);
  if (!info || !info->legal) return 0;
  for (const auto& p : info->legal->longest_first) {
    if (!phrase_matches(p, words, at)) continue;
    out = p.form;
    return p.words.size();
  }
  return 0;
}

std::size_t cjk_legal_suffix(std::u32string_view run, legal_form& out) {
  for (const auto& f : cjk_suffixes) {
    if (run.size() > f.text.size() && run.ends_with(f.text)) {
      out = f.form;
      return f.text.size();
    }
  }
  return 0;
}

std::size_t cjk_legal_prefix(std::u32string_view run, legal_form& out) {
  for (const auto& f : cjk_prefixes) {
    if (run.size() > f.text.size() && run.starts_with(f.text)) {
      out = f.form;
      return f.text.size();
    }
  }
  return 0;
}

float weight_of(word_class c) noexcept {
  switch (c) {
    case word_class::plain: return 1.0F;
    case word_class::organisation: return 0.4F;
    case word_class::common_name: return 0.6F;
    case word_class::particle: return 0.3F;
    case word_class::title: return 0.15F;
  }
  return 1.0F;
}

bool abbreviates_organisation_word(std::string_view word, std::string_view full) {
  if (word.size() < 4 || full.size() <= word.size() || !full.starts_with(word)) return false;
  const auto* info = lookup_word(full);
  return info && info->cls == word_class::organisation;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
