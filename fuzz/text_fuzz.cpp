// The text parsers an analyst's data goes through: dates, amounts, money, names, and the
// FollowTheMoney schema reader. Each either parses or raises a dossier::error; what parses
// prints and parses back to the same value.
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      fuzz::expect_only_typed_errors([&] {
        const auto d = dossier::parse_date(text);
        if (dossier::parse_date(d.to_string()) != d) fuzz::finding("date does not round-trip through to_string");
      });
      break;
    case 1:
      fuzz::expect_only_typed_errors([&] {
        const auto d = dossier::parse_decimal(text);
        if (dossier::parse_decimal(d.to_string()) != d) fuzz::finding("decimal does not round-trip through to_string");
      });
      break;
    case 2:
      fuzz::expect_only_typed_errors([&] {
        const auto m = dossier::parse_money(text);
        if (dossier::parse_money(m.to_string()) != m) fuzz::finding("money does not round-trip through to_string");
      });
      break;
    case 3:
      fuzz::expect_only_typed_errors([&] {
        const auto half = text.size() / 2;
        const auto n = dossier::normalize_name(text);
        if (dossier::normalize_name(n) != n) fuzz::finding("normalize_name is not idempotent");
        const double s = dossier::name_similarity(text.substr(0, half), text.substr(half));
        if (!(s >= 0.0 && s <= 1.0)) fuzz::finding("similarity outside [0, 1]");
      });
      break;
    case 4:
      fuzz::expect_only_typed_errors([&] { (void)dossier::schemas::parse_followthemoney(text, "fuzz.json"); });
      break;
  }
  return 0;
}
