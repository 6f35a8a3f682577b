// The TCK runner's value reader and equality (tests/tck/values.hpp): every literal form the
// TCK writes results in, malformed text refused, and the TCK's comparison rules.
#include <doctest/doctest.h>

#include "tck/values.hpp"

#include <cmath>
#include <limits>
#include <string>

using namespace tck;

namespace {

bool same(const char* a, const char* b, list_order order = list_order::strict) {
  return equal(read_value(a), read_value(b), order);
}

}  // namespace

TEST_CASE("tck.values.scalars") {
  CHECK(read_value("null").type == value::kind::null);
  CHECK(read_value("true").boolean);
  CHECK(!read_value(" false ").boolean);
  CHECK(read_value("1").integer == 1);
  CHECK(read_value("-9223372036854775808").integer == std::numeric_limits<std::int64_t>::min());
  CHECK(read_value("-1.5").real == -1.5);
  CHECK(read_value(".5").real == 0.5);
  CHECK(read_value("-.5").real == -0.5);
  CHECK(read_value("1e3").type == value::kind::real);
  CHECK(read_value("1.5E-3").real == 0.0015);
  CHECK(read_value("NaN").type == value::kind::nan);
  CHECK(read_value("Inf").real == std::numeric_limits<double>::infinity());
  CHECK(read_value("-Infinity").real == -std::numeric_limits<double>::infinity());
  CHECK(read_value("'it\\'s'").text == "it's");
  CHECK(read_value("'a\\\\b'").text == "a\\b");
  CHECK(read_value("'two\nlines'").text == "two\nlines");
  CHECK(read_value("''").text.empty());
}

TEST_CASE("tck.values.containers_and_graph_elements") {
  const auto list = read_value("[1, 'a', [], [null]]");
  REQUIRE(list.type == value::kind::list);
  CHECK(list.items.size() == 4);
  CHECK(list.items[2].items.empty());
  const auto map = read_value("{b: 1, a: {c: []}, `odd key`: 2}");
  REQUIRE(map.entries.size() == 3);
  CHECK(map.entries[0].first == "a");  // sorted
  CHECK(map.entries[2].first == "odd key");
  const auto node = read_value("(:B:A {name: 'x'})");
  CHECK(node.labels == std::vector<std::string>{"A", "B"});
  CHECK(node.entries[0].second.text == "x");
  CHECK(read_value("()").type == value::kind::node);
  CHECK(read_value("({p: 1})").entries.size() == 1);
  const auto rel = read_value("[:T {w: 2.0}]");
  CHECK(rel.type == value::kind::relationship);
  CHECK(rel.text == "T");
  CHECK(read_value("[ :T ]").text == "T");
  const auto path = read_value("<(:A)-[:T]->(:B)<-[:S {p: 1}]-()>");
  REQUIRE(path.type == value::kind::path);
  CHECK(path.items.size() == 5);
  CHECK(path.forward == std::vector<bool>{true, false});
  CHECK(path.items[3].text == "S");
  CHECK(read_value("<()>").items.size() == 1);
}

TEST_CASE("tck.values.text_round_trips") {
  for (const char* text : {"null", "true", "-3", "1.5", "1.0", "NaN", "-Inf", "'it\\'s \\\\'", "[1, [2.5, 'x']]",
                           "{a: 1, b: [true]}", "(:A:B {p: 1})", "()", "[:T]", "[:T {p: null}]",
                           "<(:A)-[:T]->(:B)<-[:S]-()>", "(:`odd label`)"}) {
    CAPTURE(text);
    CHECK(to_text(read_value(text)) == text);
  }
  CHECK(to_text(read_value("{b: 1, a: 2}")) == "{a: 2, b: 1}");
  CHECK(to_text(read_value("1e20")) == "1e+20");
  CHECK(to_text(make_real(2)) == "2.0");
}

TEST_CASE("tck.values.malformed") {
  for (const char* text : {"", "nul", "nullx", "'open", "'bad \\n escape'", "[1, 2", "[1 2]", "{a 1}", "{a: 1,}",
                           "{a: 1, a: 2}", "(:A", "(:)", "[:]", "<(:A)-[:T]-(:B)>", "<(:A)", "1.", "1e", "-",
                           "99999999999999999999", "1abc", "1 2", "\"double\"", "[:T]x", "`open"}) {
    CAPTURE(text);
    CHECK_THROWS_AS((void)read_value(text), value_error);
  }
  std::string deep(2000, '[');
  CHECK_THROWS_AS((void)read_value(deep), value_error);
}

TEST_CASE("tck.values.integers_and_floats_differ") {
  CHECK(!same("1", "1.0"));
  CHECK(same("1.0", "1.00"));
  CHECK(same("1e3", "1000.0"));
  CHECK(same("0.1", "1e-1"));
  CHECK(!same("[1]", "[1.0]"));
  CHECK(same("NaN", "NaN"));
  CHECK(!same("NaN", "1.0"));
  CHECK(same("-0.0", "0.0"));
}

TEST_CASE("tck.values.maps_labels_and_strings") {
  CHECK(same("{a: 1, b: 2}", "{b: 2, a: 1}"));
  CHECK(!same("{a: 1}", "{a: 1, b: null}"));  // a null entry is an entry
  CHECK(same("(:A:B {p: 1, q: 2})", "(:B:A {q: 2, p: 1})"));
  CHECK(!same("(:A)", "(:A:B)"));
  CHECK(!same("[:T]", "[:S]"));
  CHECK(!same("'a'", "'A'"));
  CHECK(!same("'1'", "1"));
  CHECK(!same("null", "[]"));
  CHECK(!same("<(:A)-[:T]->(:B)>", "<(:A)<-[:T]-(:B)>"));
}

TEST_CASE("tck.values.list_order") {
  CHECK(!same("[1, 2]", "[2, 1]"));
  CHECK(same("[1, 2]", "[2, 1]", list_order::any));
  CHECK(same("[[1, 2], [3]]", "[[3], [2, 1]]", list_order::any));  // at every depth
  CHECK(!same("[1, 1, 2]", "[1, 2, 2]", list_order::any));         // multisets, not sets
  CHECK(!same("[1]", "[1, 1]", list_order::any));
  CHECK(same("{k: [1, 2]}", "{k: [2, 1]}", list_order::any));
}
