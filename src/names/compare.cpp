#include <dossier/names/compare.hpp>
#include <dossier/names/normalize.hpp>

#include "detail/align.hpp"

#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

const char* to_string(token_relation r) noexcept {
  switch (r) {
    case token_relation::same: return "same";
    case token_relation::variant: return "variant";
    case token_relation::phonetic: return "phonetic";
    case token_relation::consonants: return "consonants";
    case token_relation::spelling: return "spelling";
    case token_relation::initial: return "initial";
    case token_relation::abbreviation: return "abbreviation";
    case token_relation::acronym: return "acronym";
    case token_relation::joined: return "joined";
    case token_relation::number: return "number";
  }
  return "?";
}

namespace {

std::string listed(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "'" : ", '") + w + "'";
  return out;
}

std::string fixed2(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

}  // namespace

std::string name_comparison::explain() const {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  for (const auto& a : aligned)
    add(a.left + (a.left == a.right ? " = " : " ~ ") + a.right + " (" + to_string(a.how) +
        (a.similarity == 1.0 ? "" : " " + fixed2(a.similarity)) + ")");
  if (!left_only.empty()) add("only left: " + listed(left_only));
  if (!right_only.empty()) add("only right: " + listed(right_only));
  if (!left_latin.empty()) add("left read as '" + left_latin + "'");
  if (!right_latin.empty()) add("right read as '" + right_latin + "'");
  if (!left_legal.empty() || !right_legal.empty())
    add("legal forms " + (left_legal.empty() ? std::string("none") : listed(left_legal)) + " / " +
        (right_legal.empty() ? std::string("none") : listed(right_legal)) + (legal_forms_differ ? " differ" : ""));
  if (order_differs) add("order differs");
  add("score " + fixed2(score));
  return out;
}

name_comparison compare_names(std::string_view a, std::string_view b, const compare_options& options) {
  const detail::prepared_name pa(normalize_name(a), options.kind), pb(normalize_name(b), options.kind);
  name_comparison out;
  (void)detail::compare_prepared(pa, pb, options.kind, &out);
  return out;
}

DOSSIER_NAMESPACE_END
