#include "align.hpp"

#include "edit_distance.hpp"
#include "utf32.hpp"

#include <algorithm>
#include <array>
#include <cmath>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

// Longer tokens are compared by equality only: edits are for spellings, not for texts.
constexpr std::size_t max_edited_length = 64;
constexpr float conflict_factor = 0.6F;
constexpr float legal_mismatch_factor = 0.7F;
constexpr float initials_only_factor = 0.5F;

float extra_token_cost(name_kind kind) noexcept {
  switch (kind) {
    case name_kind::person: return 0.85F;
    case name_kind::organisation:
    case name_kind::vessel: return 0.6F;
    case name_kind::any: return 0.7F;
  }
  return 0.7F;
}

float order_factor(name_kind kind) noexcept {
  switch (kind) {
    case name_kind::person: return 1.0F;
    case name_kind::organisation:
    case name_kind::vessel: return 0.9F;
    case name_kind::any: return 0.95F;
  }
  return 0.95F;
}

std::size_t edit_budget(std::size_t length) noexcept { return length <= 2 ? 0 : length <= 5 ? 1 : 2; }

struct code_points {
  std::array<char32_t, max_edited_length> cps;  // the first `size` are set
  std::size_t size = 0;
  bool fits = true;
  explicit code_points(std::string_view s) {
    for_each_code_point(s, [&](char32_t c) {
      if (size == cps.size()) {
        fits = false;
        return false;
      }
      cps[size++] = c;
      return true;
    });
  }
  [[nodiscard]] std::span<const char32_t> view() const { return {cps.data(), size}; }
};

bool is_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

float similarity_of(std::size_t distance, std::size_t length, std::size_t budget) {
  if (distance > budget) return 0;
  return 1.0F - static_cast<float>(distance) / (2.0F * static_cast<float>(length));
}

// 1 - edits / (2 x length) when the edits are within the budget of the longer text, else 0.
float spelling_similarity(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b)) {
    const std::size_t length = std::max(a.size(), b.size());
    const std::size_t budget = edit_budget(length);
    if (budget == 0 || length > max_edited_length) return 0;
    return similarity_of(bounded_osa(std::span<const char>(a), std::span<const char>(b), budget), length, budget);
  }
  const code_points ca(a), cb(b);
  if (!ca.fits || !cb.fits) return 0;
  const std::size_t length = std::max(ca.size, cb.size);
  const std::size_t budget = edit_budget(length);
  if (budget == 0) return 0;
  return similarity_of(bounded_osa(ca.view(), cb.view(), budget), length, budget);
}

char32_t first_code_point(std::string_view s) {
  char32_t first = 0;
  for_each_code_point(s, [&](char32_t c) {
    first = c;
    return false;
  });
  return first;
}

bool plain_word(const name_token& t) { return t.cls == token_class::word || t.cls == token_class::initial; }

// The consonants of a Latin word, as Arabic and Hebrew write it: no vowels (nor w and y, which
// also write long vowels), p read as b and v as f (sounds these scripts lack).
std::string consonant_skeleton(std::string_view w) {
  std::string out;
  for (char c : w) {
    if (c < 'a' || c > 'z') return {};
    if (std::string_view("aeiouwy").find(c) != std::string_view::npos) continue;
    if (c == 'p') c = 'b';
    if (c == 'v') c = 'f';
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

struct pair_rule {
  float similarity = 0;
  token_relation how = token_relation::same;
};

struct pairing_context {
  bool strict = false;     // one name is a single short token (an acronym or a code): no edits
  bool skeletons = false;  // one name is a Latin reading of Arabic or Hebrew
};

// How two single tokens pair (compare.hpp, step 4).
pair_rule pair_tokens(const name_token& x, const name_token& y, pairing_context context) {
  using enum token_relation;
  if (x.cls == token_class::number || y.cls == token_class::number)
    return x.cls == y.cls && x.number == y.number ? pair_rule{1, number} : pair_rule{};
  if (x.text == y.text) return x.as_written() == y.as_written() ? pair_rule{1, same} : pair_rule{0.95F, variant};
  if (x.cls == token_class::code || y.cls == token_class::code || x.cls == token_class::cjk || y.cls == token_class::cjk) return {};
  if (x.cls == token_class::initial || y.cls == token_class::initial) {
    const auto& letter = x.cls == token_class::initial ? x : y;
    const auto& word = x.cls == token_class::initial ? y : x;
    return word.cls == token_class::word && first_code_point(word.text) == first_code_point(letter.text) ? pair_rule{0.8F, initial}
                                                                                                          : pair_rule{};
  }
  if (abbreviates_organisation_word(x.text, y.text) || abbreviates_organisation_word(y.text, x.text)) return {0.85F, abbreviation};
  if (context.strict) return {};
  pair_rule best;
  const auto lx = x.text.size(), ly = y.text.size();
  if ((lx > ly ? lx - ly : ly - lx) <= 3 && !x.sound().empty() && x.sound() == y.sound()) best = {0.92F, phonetic};
  if (const float s = spelling_similarity(x.text, y.text); s > best.similarity) best = {s, spelling};
  if (context.skeletons && best.similarity == 0) {
    const auto sx = consonant_skeleton(x.text), sy = consonant_skeleton(y.text);
    if (!sx.empty() && !sy.empty()) {
      const float s = sx == sy ? 1.0F : spelling_similarity(sx, sy);
      if (s > 0) best = {0.85F * s, consonants};
    }
  }
  return best;
}

struct link {
  std::uint8_t a_first, a_count, b_first, b_count;
  float similarity;
  token_relation how;
};

// An acronym of the run ("pla" and "peoples liberation army"), or the run written as one word.
std::optional<pair_rule> pair_with_run(const name_token& x, std::span<const name_token> run) {
  if (x.cls != token_class::word || !std::all_of(run.begin(), run.end(), plain_word)) return std::nullopt;
  const code_points letters(x.text);
  if (letters.fits && letters.size == run.size()) {
    bool acronym = true;
    for (std::size_t k = 0; k < run.size() && acronym; ++k) acronym = first_code_point(run[k].text) == letters.cps[k];
    if (acronym) return pair_rule{0.9F, token_relation::acronym};
  }
  // Initials are not parts of a word written apart ("r feinour" is not "rfeinour").
  if (!std::all_of(run.begin(), run.end(), [](const name_token& t) { return t.cls == token_class::word; })) return std::nullopt;
  std::size_t joined_size = 0;
  for (const auto& t : run) joined_size += t.text.size();
  if (joined_size + 2 < x.text.size() || joined_size > x.text.size() + 2) return std::nullopt;
  std::string joined;
  for (const auto& t : run) joined += t.text;
  if (joined == x.text) return pair_rule{1.0F, token_relation::joined};
  if (const float s = spelling_similarity(x.text, joined); s > 0) return pair_rule{s, token_relation::joined};
  return std::nullopt;
}

constexpr std::size_t max_run = 4;

std::vector<link> candidate_links(const name_form& a, const name_form& b) {
  std::vector<link> links;
  links.reserve(a.tokens.size() + b.tokens.size());
  const auto& ta = a.tokens;
  const auto& tb = b.tokens;
  const auto short_single = [](const name_form& f) {
    return f.tokens.size() == 1 && f.tokens[0].cls == token_class::word && code_points(f.tokens[0].text).size <= 4;
  };
  const pairing_context context{short_single(a) || short_single(b), a.vowels_unwritten || b.vowels_unwritten};
  for (std::size_t i = 0; i < ta.size(); ++i)
    for (std::size_t j = 0; j < tb.size(); ++j)
      if (const auto r = pair_tokens(ta[i], tb[j], context); r.similarity > 0)
        links.push_back({static_cast<std::uint8_t>(i), 1, static_cast<std::uint8_t>(j), 1, r.similarity, r.how});
  const auto runs = [&](const std::vector<name_token>& xs, const std::vector<name_token>& ys, bool x_is_a) {
    for (std::size_t i = 0; i < xs.size(); ++i)
      for (std::size_t j = 0; j < ys.size(); ++j)
        for (std::size_t k = 2; k <= max_run && j + k <= ys.size(); ++k)
          if (const auto r = pair_with_run(xs[i], std::span(ys).subspan(j, k))) {
            const auto i8 = static_cast<std::uint8_t>(i), j8 = static_cast<std::uint8_t>(j), k8 = static_cast<std::uint8_t>(k);
            links.push_back(x_is_a ? link{i8, 1, j8, k8, r->similarity, r->how} : link{j8, k8, i8, 1, r->similarity, r->how});
          }
  };
  runs(ta, tb, true);
  runs(tb, ta, false);
  return links;
}

// Best pairs first; among equals, the one covering more tokens, then the nearer in position.
std::vector<link> choose_links(std::vector<link> links) {
  std::sort(links.begin(), links.end(), [](const link& x, const link& y) {
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    const int cx = x.a_count + x.b_count, cy = y.a_count + y.b_count;
    if (cx != cy) return cx > cy;
    return std::abs(x.a_first - x.b_first) < std::abs(y.a_first - y.b_first);
  });
  std::array<char, max_tokens> used_a{}, used_b{};
  std::vector<link> chosen;
  for (const auto& l : links) {
    const auto free = [](const std::array<char, max_tokens>& used, std::size_t first, std::size_t count) {
      return std::none_of(used.begin() + static_cast<std::ptrdiff_t>(first), used.begin() + static_cast<std::ptrdiff_t>(first + count),
                          [](char u) { return u != 0; });
    };
    if (!free(used_a, l.a_first, l.a_count) || !free(used_b, l.b_first, l.b_count)) continue;
    std::fill_n(used_a.begin() + l.a_first, l.a_count, 1);
    std::fill_n(used_b.begin() + l.b_first, l.b_count, 1);
    chosen.push_back(l);
  }
  return chosen;
}

float weight_of_run(const std::vector<name_token>& ts, std::size_t first, std::size_t count) {
  float w = 0;
  for (std::size_t k = first; k < first + count; ++k) w += ts[k].weight;
  return w;
}

bool legal_forms_agree(const std::vector<legal_form>& a, const std::vector<legal_form>& b) {
  if (a.empty() || b.empty()) return true;
  for (const auto& x : a)
    for (const auto& y : b)
      if (x.canonical == y.canonical || x.family == y.family || x.family == legal_family::generic || y.family == legal_family::generic)
        return true;
  return false;
}

std::string shown_run(const std::vector<name_token>& ts, std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t k = first; k < first + count; ++k) out += (k > first ? " " : "") + ts[k].as_written();
  return out;
}

void describe(const name_form& a, const name_form& b, const std::vector<link>& chosen, name_comparison& why) {
  std::vector<char> used_a(a.tokens.size(), 0), used_b(b.tokens.size(), 0);
  std::vector<link> in_order = chosen;
  std::sort(in_order.begin(), in_order.end(), [](const link& x, const link& y) { return x.a_first < y.a_first; });
  for (const auto& l : in_order) {
    why.aligned.push_back({shown_run(a.tokens, l.a_first, l.a_count), shown_run(b.tokens, l.b_first, l.b_count), l.how, l.similarity});
    std::fill_n(used_a.begin() + l.a_first, l.a_count, 1);
    std::fill_n(used_b.begin() + l.b_first, l.b_count, 1);
  }
  for (std::size_t i = 0; i < a.tokens.size(); ++i)
    if (!used_a[i]) why.left_only.push_back(a.tokens[i].as_written());
  for (std::size_t j = 0; j < b.tokens.size(); ++j)
    if (!used_b[j]) why.right_only.push_back(b.tokens[j].as_written());
  for (const auto& f : a.legal) why.left_legal.emplace_back(f.canonical);
  for (const auto& f : b.legal) why.right_legal.emplace_back(f.canonical);
}

double score_forms(const name_form& a, const name_form& b, name_kind kind, name_comparison* why) {
  if (a.tokens.empty() || b.tokens.empty()) return 0;
  const auto chosen = choose_links(candidate_links(a, b));
  float wa = weight_of_run(a.tokens, 0, a.tokens.size()), wb = weight_of_run(b.tokens, 0, b.tokens.size());
  float ma = 0, mb = 0, quality_sum = 0;
  bool full_word = false, beyond_initials = false;
  for (const auto& l : chosen) {
    const float la = weight_of_run(a.tokens, l.a_first, l.a_count), lb = weight_of_run(b.tokens, l.b_first, l.b_count);
    ma += la;
    mb += lb;
    quality_sum += l.similarity * (la + lb);
    full_word = full_word || (l.how != token_relation::initial && l.how != token_relation::acronym);
    beyond_initials = beyond_initials || l.how != token_relation::initial;
  }
  if (why) describe(a, b, chosen, *why);
  if (chosen.empty() || wa <= 0 || wb <= 0) return 0;
  const float quality = quality_sum / (ma + mb);
  const float cover_a = ma / wa, cover_b = mb / wb;
  const float hi = std::max(cover_a, cover_b), lo = std::min(cover_a, cover_b);
  const float k = extra_token_cost(kind);
  double score = quality * hi * (k + (1 - k) * lo);
  // Weight left over on both sides: tokens replaced by wholly different ones.
  const float conflict = std::min(std::max(wa - ma, 0.0F), std::max(wb - mb, 0.0F));
  score *= std::pow(conflict_factor, std::min(conflict, 3.0F));
  std::vector<link> by_a = chosen;
  std::sort(by_a.begin(), by_a.end(), [](const link& x, const link& y) { return x.a_first < y.a_first; });
  const bool reordered = !std::is_sorted(by_a.begin(), by_a.end(), [](const link& x, const link& y) { return x.b_first < y.b_first; });
  if (reordered) score *= order_factor(kind);
  const bool legal_differ = !legal_forms_agree(a.legal, b.legal);
  if (legal_differ) score *= legal_mismatch_factor;
  // Initials alone do not make a name, nor acronyms alone a person ("N.N.").
  if (!beyond_initials || (kind == name_kind::person && !full_word)) score *= initials_only_factor;
  if (why) {
    why->order_differs = reordered;
    why->legal_forms_differ = legal_differ;
  }
  return std::clamp(score, 0.0, 1.0);
}

}  // namespace

prepared_name::prepared_name(std::string_view normalized, name_kind kind)
    : text_(normalized), kind_(kind), native_(read_name(normalized, kind)) {}

prepared_name::prepared_name(std::string_view normalized, name_kind kind, std::string_view latin)
    : text_(normalized), kind_(kind), native_(read_name(normalized, kind)), latin_(latin), latin_known_(true) {}

const std::string& prepared_name::latin() const {
  if (!latin_known_) {
    if (native_.writing != script::latin) latin_ = latin_text(text_);
    latin_known_ = true;
  }
  return latin_;
}

const name_form& prepared_name::across_scripts() const {
  if (native_.writing == script::latin || native_.writing == script::none) return native_;
  if (!latin_form_) {
    latin_form_ = read_name(latin(), kind_);
    latin_form_->vowels_unwritten = native_.writing == script::arabic || native_.writing == script::hebrew;
  }
  return *latin_form_;
}

double compare_prepared(const prepared_name& a, const prepared_name& b, name_kind kind, name_comparison* why) {
  if (a.text().empty() || b.text().empty()) return 0;
  double score = 0;
  if (a.text() == b.text()) {
    score = 1;
    if (why) (void)score_forms(a.native(), b.native(), kind, why);
  } else if (a.writing() == b.writing() || a.writing() == script::none || b.writing() == script::none) {
    score = score_forms(a.native(), b.native(), kind, why);
  } else {
    score = score_forms(a.across_scripts(), b.across_scripts(), kind, why);
    if (why) {
      if (&a.across_scripts() != &a.native()) why->left_latin = a.latin();
      if (&b.across_scripts() != &b.native()) why->right_latin = b.latin();
    }
  }
  if (why) why->score = score;
  return score;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
