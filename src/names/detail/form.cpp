#include "form.hpp"

#include "transliterate.hpp"
#include "utf32.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

struct piece {
  std::string text;
  bool cjk = false;
  const word_info* info = nullptr;  // what the word lists say of it
};

piece word_piece(std::string text) {
  piece p{std::move(text)};
  p.info = lookup_word(p.text);
  return p;
}

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) noexcept { return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit); }
bool has_digit(std::string_view s) noexcept { return std::any_of(s.begin(), s.end(), is_ascii_digit); }

std::size_t code_points(std::string_view s) noexcept {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One word becomes one piece, or one piece per CJK character (simplified), with legal forms
// written in CJK around the characters set aside.
void cut_word(std::string_view word, bool read_legal, std::vector<piece>& out, std::vector<legal_form>& legal) {
  bool any_cjk = false;
  if (!std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) for_each_code_point(word, [&](char32_t c) {
    any_cjk = is_cjk(script_of(c));
    return !any_cjk;
  });
  if (!any_cjk) {
    out.push_back(word_piece(std::string(word)));
    return;
  }
  std::u32string cps = decode(word);
  legal_form f;
  if (read_legal) {
    if (const auto n = cjk_legal_prefix(cps, f)) { legal.push_back(f); cps.erase(0, n); }
    if (const auto n = cjk_legal_suffix(cps, f)) { legal.push_back(f); cps.resize(cps.size() - n); }
  }
  std::string other;  // letters and digits between CJK characters stay one piece
  for (char32_t c : cps) {
    if (!is_cjk(script_of(c))) {
      append_utf8(other, c);
      continue;
    }
    if (!other.empty()) out.push_back(word_piece(std::exchange(other, {})));
    std::string one;
    append_utf8(one, simplified(c));
    out.push_back({std::move(one), true});
  }
  if (!other.empty()) out.push_back(word_piece(std::move(other)));
}

bool legal_word(std::string_view word) {
  legal_form f;
  const std::string_view one[] = {word};
  return match_legal_form(one, 0, f) == 1;
}

// "s c johnson" is "sc johnson", "l l c" is "llc": initials written with dots. A legal form
// at the end of the run stays apart ("fund v l p" is "fund v lp").
void join_single_letters(std::vector<piece>& pieces) {
  const auto single = [&](std::size_t k) {
    return k < pieces.size() && !pieces[k].cjk && code_points(pieces[k].text) == 1 && !is_ascii_digit(pieces[k].text[0]);
  };
  bool any_run = false;
  for (std::size_t k = 0; k + 1 < pieces.size() && !any_run; ++k) any_run = single(k) && single(k + 1);
  if (!any_run) return;
  std::vector<piece> out;
  const auto join = [&](std::size_t from, std::size_t to) {
    std::string joined;
    for (std::size_t k = from; k < to; ++k) joined += pieces[k].text;
    out.push_back(word_piece(std::move(joined)));
  };
  for (std::size_t i = 0; i < pieces.size();) {
    std::size_t j = i;
    while (single(j)) ++j;
    if (j - i < 2) {
      out.push_back(std::move(pieces[i++]));
      continue;
    }
    std::string whole;
    for (std::size_t k = i; k < j; ++k) whole += pieces[k].text;
    std::size_t split = j;
    for (std::size_t k = i + 1; k + 2 <= j && split == j && !legal_word(whole); ++k) {
      std::string tail;
      for (std::size_t m = k; m < j; ++m) tail += pieces[m].text;
      if (legal_word(tail)) split = k;
    }
    if (split - i == 1) out.push_back(std::move(pieces[i]));
    else join(i, split);
    if (split < j) join(split, j);
    i = j;
  }
  pieces = std::move(out);
}

// Legal forms anywhere, and a vessel's type before its name, unless nothing else is left.
void set_aside_legal_forms(std::vector<piece>& pieces, name_kind kind, std::vector<legal_form>& legal) {
  if (kind == name_kind::person) return;
  const bool vessel_place = kind != name_kind::organisation && !pieces.empty() && pieces[0].info && pieces[0].info->vessel_prefix;
  if (!vessel_place && std::none_of(pieces.begin(), pieces.end(), [](const piece& p) { return p.info && p.info->legal; })) return;
  std::vector<std::string_view> words;
  for (const auto& p : pieces) words.push_back(p.cjk ? std::string_view{} : std::string_view(p.text));
  std::vector<piece> kept;
  std::vector<legal_form> found;
  for (std::size_t i = 0; i < pieces.size();) {
    legal_form f;
    if (pieces[i].info && pieces[i].info->legal) {
      if (const auto n = match_legal_form(words, i, f)) {
        found.push_back(f);
        i += n;
        continue;
      }
    }
    if (i == 0 && vessel_place) {
      ++i;
      continue;
    }
    kept.push_back(std::move(pieces[i++]));
  }
  if (kept.empty()) {  // a name that is only a legal form ("Aktiengesellschaft") is read as it
    for (const auto& form : found) kept.push_back(word_piece(std::string(form.canonical)));
    pieces = std::move(kept);
    return;
  }
  pieces = std::move(kept);
  legal.insert(legal.end(), found.begin(), found.end());
}

bool roman_numeral(std::string_view s, std::int64_t& value) {
  // 1 to 39: x{0,3}(ix|iv|v?i{0,3})
  std::size_t i = 0;
  std::int64_t v = 0;
  while (i < s.size() && s[i] == 'x' && v < 30) { v += 10; ++i; }
  const auto rest = s.substr(i);
  if (rest == "ix") v += 9;
  else if (rest == "iv") v += 4;
  else {
    std::size_t k = 0;
    if (k < rest.size() && rest[k] == 'v') { v += 5; ++k; }
    std::size_t ones = 0;
    while (k < rest.size() && rest[k] == 'i' && ones < 3) { ++v; ++k; ++ones; }
    if (k != rest.size()) return false;
  }
  value = v;
  return v > 0;
}

std::optional<std::int64_t> digits_value(std::string_view s) {
  if (!all_digits(s) || s.size() > 15) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Reads the number words and digits starting at pieces[i] ("one thousand", "forty 4",
// "5 million") into one value; returns how many pieces it took (0: not a number).
std::size_t read_number(const std::vector<piece>& pieces, std::size_t i, std::int64_t& value) {
  enum class step : std::uint8_t { none, unit, teen, tens, hundred, scale, digits };
  std::int64_t total = 0, current = 0;
  step prev = step::none;
  std::size_t j = i;
  for (; j < pieces.size() && !pieces[j].cjk; ++j) {
    const auto& t = pieces[j].text;
    if (const auto w = pieces[j].info ? pieces[j].info->number : std::nullopt) {
      const bool after_scale = prev == step::none || prev == step::hundred || prev == step::scale;
      bool fits = false;
      switch (w->kind) {
        case number_word_kind::unit: fits = after_scale || prev == step::tens; break;
        case number_word_kind::teen:
        case number_word_kind::tens: fits = after_scale; break;
        case number_word_kind::hundred: fits = prev != step::hundred && prev != step::scale; break;
        case number_word_kind::scale: fits = prev != step::scale; break;
      }
      constexpr auto most = std::numeric_limits<std::int64_t>::max() / 4;
      if (w->kind == number_word_kind::scale && std::max<std::int64_t>(current, 1) > (most - total) / w->value) fits = false;
      if (!fits) break;
      if (w->kind == number_word_kind::hundred) current = std::max<std::int64_t>(current, 1) * 100;
      else if (w->kind == number_word_kind::scale) { total += std::max<std::int64_t>(current, 1) * w->value; current = 0; }
      else current += w->value;
      prev = w->kind == number_word_kind::unit ? step::unit : w->kind == number_word_kind::teen ? step::teen
           : w->kind == number_word_kind::tens ? step::tens : w->kind == number_word_kind::hundred ? step::hundred : step::scale;
    } else if (const auto d = digits_value(t); d && (prev == step::none || (prev == step::tens && *d < 10))) {
      current += *d;
      prev = step::digits;
    } else {
      break;
    }
  }
  value = total + current;
  return j - i;
}

std::string sound_key(std::string_view w) {
  std::string out;
  const auto put = [&](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    const char next = i + 1 < w.size() ? w[i + 1] : '\0';
    if (c == 'p' && next == 'h') { put('f'); ++i; }
    else if (c == 's' && next == 'c' && i + 2 < w.size() && w[i + 2] == 'h') { put('s'); put('h'); i += 2; }
    else if (c == 'c') put(next == 'e' || next == 'i' || next == 'y' ? 's' : 'k');
    else if (c == 'q') put('k');
    else if (c == 'w') put('v');
    else if (c == 'y') put('i');
    else if (c == 'o' && (next == 'o' || next == 'u')) { put('u'); ++i; }
    else put(c);
  }
  return out;
}

name_token word_token(const piece& p, name_kind kind) {
  name_token t;
  t.ascii = std::all_of(p.text.begin(), p.text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (code_points(p.text) == 1 && !is_ascii_digit(p.text[0])) {
    t.cls = token_class::initial;
    t.weight = 0.5F;
    t.text = p.text;
    return t;
  }
  if (has_digit(p.text)) {
    t.cls = token_class::code;
    t.text = p.text;
    return t;
  }
  const auto* info = p.info;
  if (info && !info->canonical.empty()) {
    t.text = info->canonical;
    t.shown = p.text;
  } else {
    t.text = p.text;
  }
  auto c = info ? info->cls : word_class::plain;
  if (c == word_class::title && kind == name_kind::organisation) c = word_class::plain;
  t.weight = weight_of(c);
  t.organisation_word = c == word_class::organisation;
  return t;
}

name_token number_token(const std::vector<piece>& pieces, std::size_t from, std::size_t count, std::int64_t value) {
  name_token t;
  t.cls = token_class::number;
  t.number = value;
  t.text = std::to_string(value);
  for (std::size_t k = from; k < from + count; ++k) t.shown += (k > from ? " " : "") + pieces[k].text;
  if (t.shown == t.text) t.shown.clear();
  return t;
}

void read_tokens(const std::vector<piece>& pieces, name_kind kind, std::vector<name_token>& out) {
  for (std::size_t i = 0; i < pieces.size() && out.size() < max_tokens;) {
    const auto& p = pieces[i];
    if (p.cjk) {
      name_token t;
      t.text = p.text;
      t.cls = token_class::cjk;
      out.push_back(std::move(t));
      ++i;
      continue;
    }
    std::int64_t value = 0;
    if (const auto n = read_number(pieces, i, value)) {
      out.push_back(number_token(pieces, i, n, value));
      i += n;
      continue;
    }
    // Roman numerals follow a name ("Fund IX"); for people only ii, iii and iv at the end.
    const bool numeral_place = i > 0 && (kind != name_kind::person ? true : i + 1 == pieces.size() && p.text.size() >= 2 && p.text.size() <= 3);
    if (numeral_place && roman_numeral(p.text, value) && (kind != name_kind::person || value <= 4)) {
      out.push_back(number_token(pieces, i, 1, value));
      ++i;
      continue;
    }
    out.push_back(word_token(p, kind));
    ++i;
  }
}

}  // namespace

name_form read_name(std::string_view normalized, name_kind kind) {
  name_form form;
  const auto text = utf8_prefix(normalized, max_compared_bytes);
  form.writing = dominant_script(text);
  std::vector<piece> pieces;
  pieces.reserve(8);
  std::size_t start = 0;
  while (start < text.size() && pieces.size() < 2 * max_tokens) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) cut_word(text.substr(start, end - start), kind != name_kind::person, pieces, form.legal);
    start = end + 1;
  }
  join_single_letters(pieces);
  set_aside_legal_forms(pieces, kind, form.legal);
  const auto stop = [](const piece& p) { return p.info && p.info->stopword; };
  if (!std::all_of(pieces.begin(), pieces.end(), stop)) std::erase_if(pieces, stop);
  form.tokens.reserve(pieces.size());
  read_tokens(pieces, kind, form.tokens);
  return form;
}

std::string latin_text(std::string_view normalized) {
  std::string out;
  const auto text = utf8_prefix(normalized, max_compared_bytes);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      const auto latin = latin_word(text.substr(start, end - start));
      if (!latin.empty()) out += (out.empty() ? "" : " ") + latin;
    }
    start = end + 1;
  }
  return out;
}

std::string index_word(std::string_view word) {
  const auto* info = lookup_word(word);
  return std::string(info && !info->canonical.empty() ? info->canonical : word);
}

std::string index_text(const name_token& t) { return t.cls == token_class::number ? "#" + t.text : t.text; }

const std::string& name_token::sound() const {
  if (!sound_made_) {
    if (cls == token_class::word && ascii && text.size() >= 5) sound_ = sound_key(text);
    sound_made_ = true;
  }
  return sound_;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
