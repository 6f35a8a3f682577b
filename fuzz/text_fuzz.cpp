// The text parsers an analyst's data goes through: dates, amounts, money, names, and the
// FollowTheMoney schema reader. Each either parses or raises a dossier::error; what parses
// prints and parses back to the same value.
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <string>

namespace {

// What parses must print as text that parses back to the same value.
template <class Parse>
void round_trips(std::string_view text, Parse parse, const char* what) {
  fuzz::expect_only_typed_errors([&] {
    const auto v = parse(text);
    if (parse(v.to_string()) != v) fuzz::finding(what);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: round_trips(text, [](std::string_view t) { return dossier::parse_date(t); }, "date does not round-trip through to_string"); break;
    case 1: round_trips(text, [](std::string_view t) { return dossier::parse_decimal(t); }, "decimal does not round-trip through to_string"); break;
    case 2: round_trips(text, [](std::string_view t) { return dossier::parse_money(t); }, "money does not round-trip through to_string"); break;
    case 3:
      fuzz::expect_only_typed_errors([&] {
        const auto half = text.size() / 2;
        const auto n = dossier::normalize_name(text);
        if (dossier::normalize_name(n) != n) fuzz::finding("normalize_name is not idempotent");
        const double s = dossier::compare_names(text.substr(0, half), text.substr(half)).score;
        if (!(s >= 0.0 && s <= 1.0)) fuzz::finding("name comparison outside [0, 1]");
      });
      break;
    case 4:
      fuzz::expect_only_typed_errors([&] { (void)dossier::schemas::parse_followthemoney(text, "fuzz.json"); });
      break;
  }
  return 0;
}
