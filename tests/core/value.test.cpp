#include <doctest/doctest.h>
#include <dossier/core/value.hpp>
#include <dossier/store/statements.hpp>

#include <atomic>
#include <limits>
#include <thread>
#include <type_traits>
#include <vector>

using namespace dossier;

TEST_CASE("value.date.precision_and_order") {
  const date y2019{2019}, jun2019{2019, 6}, d{2019, 6, 1}, t{2019, 6, 1, 12, 30, 0};
  CHECK(y2019.precision() == date_precision::year);
  CHECK(jun2019.precision() == date_precision::month);
  CHECK(d.precision() == date_precision::day);
  CHECK(t.precision() == date_precision::second);
  // 2019 contains June 2019: neither is before the other.
  CHECK_FALSE(y2019.before(jun2019));
  CHECK(y2019.contains(jun2019));
  CHECK(y2019.compare_precise(jun2019) == std::partial_ordering::unordered);
  CHECK(date{2018}.compare_precise(jun2019) == std::partial_ordering::less);
  CHECK(date{2020}.compare_precise(jun2019) == std::partial_ordering::greater);
  CHECK(jun2019.compare_precise(date{2019, 6}) == std::partial_ordering::equivalent);
  CHECK(date{2018, 12}.before(date{2019}));
  CHECK(date{2019, 12, 31}.after(date{2019, 6}));
  // Total order: by earliest instant, coarser first.
  CHECK(y2019 < jun2019);
  CHECK(jun2019 < d);
  CHECK(d < t);
  CHECK(date{2018, 12, 31} < y2019);
  CHECK(y2019.latest() == date{2019, 12, 31, 23, 59, 59}.earliest());
}

TEST_CASE("value.date.rejects_impossible_dates") {
  CHECK_THROWS_AS(date(2019, 13), value_error);
  CHECK_THROWS_AS(date(2019, 2, 29), value_error);
  CHECK_NOTHROW(date(2020, 2, 29));
  CHECK_THROWS_AS(date(2019, 1, 1, 24, 0, 0), value_error);
  CHECK_THROWS_WITH_AS(date(2019, 0), doctest::Contains("month 0"), value_error);
}

TEST_CASE("value.parse_date.iso_and_english") {
  CHECK(parse_date("2019") == date{2019});
  CHECK(parse_date("2022-06") == date{2022, 6});
  CHECK(parse_date("2019-03-01") == date{2019, 3, 1});
  CHECK(parse_date("2019-03-01T12:30:00Z") == date{2019, 3, 1, 12, 30, 0});
  CHECK(parse_date("2019-03-01T12:30") == date{2019, 3, 1, 12, 30, 0});
  CHECK(parse_date("June 2022") == date{2022, 6});
  CHECK(parse_date("24 August 2023") == date{2023, 8, 24});
  CHECK(parse_date("August 24, 2023") == date{2023, 8, 24});
  CHECK(parse_date(" 2008 ") == date{2008});
  CHECK(parse_date("2019-03-01").to_string() == "2019-03-01");
  CHECK(parse_date("2022-06").to_string() == "2022-06");
}

TEST_CASE("value.parse_date.years_before_year_zero") {
  // ISO 8601's expanded form: -0044 is 45 BC. Written back the same way, ordered before year 1.
  CHECK(parse_date("-0044") == date{-44});
  CHECK(parse_date("-0044-03-15") == date{-44, 3, 15});
  CHECK(date{-44, 3, 15}.to_string() == "-0044-03-15");
  CHECK(parse_date(date{-44, 3}.to_string()) == date{-44, 3});
  CHECK(date{-44} < date{1});
  CHECK_THROWS_AS((void)parse_date("-44"), value_error);
  CHECK_THROWS_AS((void)parse_date("--2019"), value_error);
}

TEST_CASE("value.parse_date.errors_quote_the_text") {
  for (const char* bad : {"", "20190", "2019-1", "2019-13", "2019-02-30", "yesterday", "Juneteenth 2022",
                          "2019-03-01X10:00", "2019/03/01", "2019-03-01T25:00"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)parse_date(bad), value_error);
    CHECK_FALSE(try_parse_date(bad).has_value());
  }
  CHECK_THROWS_WITH((void)parse_date("yesterday"), doctest::Contains("'yesterday'"));
}

TEST_CASE("value.decimal.exact") {
  CHECK(parse_decimal("2100000").to_string() == "2100000");
  CHECK(parse_decimal("1,500,000").to_string() == "1500000");
  CHECK(parse_decimal("-3.25").to_string() == "-3.25");
  CHECK(parse_decimal("0.10").to_string() == "0.1");
  CHECK(parse_decimal("0.10") == parse_decimal("0.1"));
  CHECK(parse_decimal("2.5") < parse_decimal("3"));
  // 15 million yuan at 7.1475 per dollar is 2,098,635.89 dollars.
  CHECK(parse_decimal("15000000").divide(parse_decimal("7.1475"), 2).to_string() == "2098635.89");
  CHECK(parse_decimal("1.5").multiply(parse_decimal("2"), 1).to_string() == "3");
  for (const char* bad : {"", "abc", "1.2.3", "1,50", "12,3456", "--1", "99999999999999999999", "1e5"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)parse_decimal(bad), value_error);
  }
  CHECK_THROWS_AS((void)parse_decimal("1").divide(parse_decimal("0"), 2), value_error);
}

TEST_CASE("value.money.amounts_and_ranges") {
  const auto bonus = parse_money("3 to 5 million yuan");
  CHECK(bonus.is_range());
  CHECK(bonus.low().to_string() == "3000000");
  CHECK(bonus.high().to_string() == "5000000");
  CHECK(bonus.currency_code().code() == "CNY");
  CHECK(bonus.to_string() == "3000000 to 5000000 CNY");
  CHECK(parse_money("3-5 million CNY") == bonus);
  const auto prize = parse_money("15000000 CNY");
  CHECK_FALSE(prize.is_range());
  CHECK(parse_money("CNY 15,000,000") == prize);
  CHECK(parse_money("1.5 million cny").amount().to_string() == "1500000");
  const auto usd = bonus.convert(currency("USD"), parse_decimal("7.1475"), 0);
  CHECK(usd.to_string() == "419727 to 699545 USD");
}

TEST_CASE("value.money.errors") {
  CHECK_THROWS_WITH_AS(currency("XYZ"), doctest::Contains("ISO 4217"), value_error);
  CHECK_THROWS_AS(currency("cny"), value_error);
  for (const char* bad : {"15000000", "15 million", "CNY", "5 to 3 CNY", "3 5 CNY", "3 CNY USD", "million 3 CNY",
                          "3 to 5 to 7 CNY", "lots of yuan"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)parse_money(bad), value_error);
  }
  CHECK_THROWS_AS(money(parse_decimal("5"), parse_decimal("3"), currency("CNY")), value_error);
}

TEST_CASE("value.value.kinds_and_strict_access") {
  CHECK(value{}.kind() == value_kind::null);
  CHECK(value{true}.kind() == value_kind::boolean);
  CHECK(value{42}.kind() == value_kind::integer);
  CHECK(value{std::int64_t{1} << 40}.as_int() == (std::int64_t{1} << 40));
  CHECK(value{2.5}.kind() == value_kind::real);
  CHECK(value{"text"}.kind() == value_kind::string);
  CHECK(value{date{2019}}.kind() == value_kind::date);
  CHECK(value{parse_money("1 USD")}.kind() == value_kind::money);
  const value list{value::list_type{value{1}, value{"two"}}};
  CHECK(list.kind() == value_kind::list);
  CHECK(list.to_string() == "[1, two]");
  CHECK(value{42}.as_real() == 42.0);
  CHECK_THROWS_WITH_AS((void)value{"x"}.as_int(), doctest::Contains("string, not integer"), value_error);
  CHECK(value{"x"}.get_if<std::int64_t>() == nullptr);
  CHECK(value{1} == value{1});
  CHECK_FALSE(value{1} == value{1.0});
}

TEST_CASE("value.string.rejects_invalid_utf8") {
  CHECK_NOTHROW(value{"千人计划"});
  CHECK_THROWS_WITH_AS(value{std::string("ab\xC3")}, doctest::Contains("byte 2"), value_error);
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));        // overlong NUL
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));    // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK(is_valid_utf8("Zürich 启明"));
}

// ---- issue 13 ------------------------------------------------------------------------------------

TEST_CASE("value.parse_date.out_of_range_fields_quote_the_text") {
  CHECK_THROWS_WITH_AS((void)parse_date("2019-13"), doctest::Contains("cannot parse date '2019-13': month 13 is outside 1..12"), value_error);
  CHECK_THROWS_WITH_AS((void)parse_date("2019-02-30"), doctest::Contains("'2019-02-30': day 30 is outside 1..28"), value_error);
  CHECK_THROWS_WITH_AS((void)parse_date("32 August 2023"), doctest::Contains("'32 August 2023': day 32 is outside 1..31"), value_error);
  CHECK_THROWS_WITH_AS((void)parse_date("2019-03-01T25:00:00Z"), doctest::Contains("'2019-03-01T25:00:00Z': hour 25 is outside 0..23"),
                       value_error);
  try {
    (void)parse_date("2019-13");
  } catch (const value_error& e) {
    CHECK(e.id() == "dossier.value.bad_date");
  }
  // Constructing a date directly names the field only: there is no text.
  CHECK_THROWS_WITH_AS(date(2019, 13), "[dossier.value.date_out_of_range] month 13 is outside 1..12", value_error);
}

TEST_CASE("value.list.depth_is_limited_where_values_are_made") {
  value v = 1;
  for (int depth = 1; depth <= config::max_value_depth; ++depth) {
    v = value(value::list_type{v});
    CHECK(v.depth() == depth);
  }
  CHECK_THROWS_WITH_AS(value(value::list_type{v}), doctest::Contains("lists nest 9 deep; at most 8"), value_error);
  // Everything recursive over values works at the limit.
  const value copy = v;
  CHECK(copy == v);
  CHECK(v.to_string() == "[[[[[[[[1]]]]]]]]");
  // Depth is the deepest item's.
  CHECK(value(value::list_type{1, value::list_type{2, value::list_type{3}}, "x"}).depth() == 3);
  CHECK(value(value::list_type{}).depth() == 1);
}

TEST_CASE("value.errors.quote_short_excerpts") {
  CHECK(quote("short") == "'short'");
  const std::string huge(1'000'000, 'x');
  const auto q = quote(huge);
  CHECK(q.size() < 100);
  CHECK(q.find("…' (1000000 bytes)") != std::string::npos);
  // Cut at a character boundary, never inside one; control and invalid bytes shown, not sent.
  std::string chinese;
  for (int i = 0; i < 40; ++i) chinese += "启";
  const auto cut = quote(chinese);
  CHECK(is_valid_utf8(cut));
  CHECK(quote(std::string("a\nb\xFF")) == "'a\\x0ab\\xff'");
  CHECK_THROWS_WITH_AS((void)parse_money(huge), doctest::Contains("(1000000 bytes)"), value_error);
}

// ---- issue 19: 16-byte values, strings, money and lists in shared boxes ---------------------

static_assert(sizeof(value) == 16);
static_assert(sizeof(detail::statement_cell) == 24);
static_assert(std::is_nothrow_copy_constructible_v<value> && std::is_nothrow_move_constructible_v<value>);
static_assert(std::is_nothrow_copy_assignable_v<value> && std::is_nothrow_move_assignable_v<value>);

TEST_CASE("value.box.copies_share_and_never_copy_the_text") {
  const std::string text(1000, 'x');
  const value a{text};
  const value b = a;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
  CHECK(b.as_string().data() == a.as_string().data());
  CHECK(a.box() == b.box());
  value c;
  c = a;
  CHECK(c.as_string().data() == a.as_string().data());
  const value m{parse_money("3 to 5 million yuan")}, m2 = m;
  CHECK(&m2.as_money() == &m.as_money());
  const value l{value::list_type{1, "two"}}, l2 = l;
  CHECK(&l2.as_list() == &l.as_list());
  // Scalars hold no box.
  CHECK(value{1}.box() == nullptr);
  CHECK(value{date{2019, 6}}.box() == nullptr);
  CHECK(value{}.box() == nullptr);
  // Equal content in different boxes is equal: equality is by content.
  const value other{text};
  CHECK(other.as_string().data() != a.as_string().data());
  CHECK(other == a);
  CHECK_FALSE(value{std::string(999, 'x') + "y"} == a);
  CHECK_FALSE(value{"1"} == value{1});
}

TEST_CASE("value.box.moved_from_values_are_null_and_usable") {
  value a{std::string(100, 'a')};
  const auto* data = a.as_string().data();
  value b = std::move(a);
  CHECK(b.as_string().data() == data);
  CHECK(a.is_null());  // NOLINT(bugprone-use-after-move): a moved-from value is null, as documented
  CHECK(a == value{});
  CHECK(a.to_string() == "null");
  a = b;  // assignable again
  CHECK(a.as_string().data() == data);
  value c{value::list_type{1, 2}};
  c = std::move(b);
  CHECK(c.as_string().data() == data);
  CHECK(b.is_null());  // NOLINT(bugprone-use-after-move)
  // Self-assignment keeps the value.
  value& self = c;
  c = self;
  CHECK(c.as_string().data() == data);
  std::swap(a, b);
  CHECK(b.as_string().data() == data);
  CHECK(a.is_null());
}

TEST_CASE("value.box.every_kind_round_trips_through_copies") {
  const std::vector<value> all{value{},
                               value{false},
                               value{true},
                               value{-7},
                               value{std::int64_t{1} << 62},
                               value{-0.5},
                               value{""},
                               value{"short"},
                               value{std::string(64, 'z')},
                               value{std::string_view{"view"}},
                               value{date{2019, 3, 1, 12, 30, 0}},
                               value{date{-44}},
                               value{parse_money("15000000 CNY")},
                               value{parse_money("3 to 5 million yuan")},
                               value{value::list_type{}},
                               value{value::list_type{1, "a", value::list_type{2.5, parse_money("1 USD")}}}};
  for (std::size_t i = 0; i < all.size(); ++i) {
    CAPTURE(i);
    const value copy = all[i];
    value moved = value(all[i]);
    CHECK(copy == all[i]);
    CHECK(moved == all[i]);
    CHECK(copy.kind() == all[i].kind());
    CHECK(copy.to_string() == all[i].to_string());
    CHECK(copy.depth() == all[i].depth());
    for (std::size_t j = 0; j < all.size(); ++j)
      if (j != i) CHECK_FALSE(all[j] == all[i]);
  }
  CHECK(all[12].as_money().to_string() == "15000000 CNY");
  CHECK(all[13].get_if<money>()->is_range());
  CHECK(all[11].as_date() == date{-44});
  CHECK(*all[4].get_if<std::int64_t>() == std::int64_t{1} << 62);
  CHECK(all[0].get_if<std::monostate>() != nullptr);
  CHECK(all[1].get_if<std::monostate>() == nullptr);
  CHECK(all[15].as_list().at(2).as_list().at(1).as_money().currency_code().code() == "USD");
  CHECK(all[15].depth() == 2);
  CHECK(all[14].depth() == 1);
  CHECK(all[8].get_if<value::list_type>() == nullptr);
  CHECK(all[15].get_if<std::string>() == nullptr);
  CHECK_THROWS_WITH_AS((void)all[12].as_string(), doctest::Contains("money, not string"), value_error);
  CHECK_THROWS_WITH_AS((void)all[7].as_list(), doctest::Contains("string, not list"), value_error);
  CHECK_THROWS_WITH_AS((void)all[15].as_money(), doctest::Contains("list, not money"), value_error);
  // Lists compare item by item, also when the items sit in different boxes.
  CHECK(value{value::list_type{1, "a"}} == value{value::list_type{1, std::string("a")}});
  CHECK_FALSE(value{value::list_type{1, "a"}} == value{value::list_type{1, "b"}});
  CHECK_FALSE(value{value::list_type{1}} == value{value::list_type{value::list_type{1}}});
  // A real NaN is unequal to itself, as before.
  CHECK_FALSE(value{std::numeric_limits<double>::quiet_NaN()} == value{std::numeric_limits<double>::quiet_NaN()});
  // So is a list holding one, even against a copy that shares its box.
  const value with_nan{value::list_type{1, std::numeric_limits<double>::quiet_NaN()}};
  const value shared = with_nan;
  CHECK_FALSE(shared == with_nan);
}

TEST_CASE("value.box.depth_limit_and_utf8_are_checked_as_before") {
  value v{"leaf"};
  for (int depth = 1; depth <= config::max_value_depth; ++depth) v = value(value::list_type{v, v});
  CHECK(v.depth() == config::max_value_depth);
  const value shared = v;
  CHECK(shared == v);
  CHECK_THROWS_AS(value(value::list_type{1, shared}), value_error);
  CHECK_THROWS_WITH_AS(value(value::list_type{v}), doctest::Contains("lists nest 9 deep"), value_error);
  // A list one level short of the limit is still accepted beside a deep one.
  CHECK(value(value::list_type{v.as_list().front()}).depth() == config::max_value_depth);
  for (const char* bad : {"\xC3", "ok\xFF", "\xED\xA0\x80", "\xC0\x80"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(value{std::string(bad)}, value_error);
    CHECK_THROWS_AS(value{std::string_view(bad)}, value_error);
    CHECK_THROWS_AS(value{bad}, value_error);
    CHECK_THROWS_AS(value(value::list_type{"fine", value{bad}}), value_error);
  }
  CHECK(value{std::string_view("启明", 6)}.as_string() == "启明");
  CHECK_THROWS_AS(value{std::string_view("启明", 5)}, value_error);  // cut inside a character
}

TEST_CASE("value.box.copies_from_many_threads") {
  // Readers copy and drop values that a shared list holds while the list itself lives on: the
  // counts must stay exact (ThreadSanitizer checks the ordering, ASan the frees).
  value::list_type items;
  for (int i = 0; i < 64; ++i) items.push_back(value{"item number " + std::to_string(i) + std::string(40, '.')});
  items.push_back(value{parse_money("1 USD")});
  const value shared{std::move(items)};
  std::atomic<std::size_t> total{0}, unequal{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      std::size_t chars = 0;
      for (int round = 0; round < 2000; ++round) {
        std::vector<value> mine(shared.as_list().begin(), shared.as_list().end());
        value whole = shared;
        for (const auto& v : mine)
          if (const auto* s = v.get_if<std::string>()) chars += s->size();
        unequal += !(whole == shared);  // the fast path: one box
      }
      total += chars;
    });
  for (auto& t : threads) t.join();
  std::size_t per_round = 0;
  for (int i = 0; i < 64; ++i) per_round += ("item number " + std::to_string(i)).size() + 40;
  CHECK(total == 4 * 2000 * per_round);
  CHECK(unequal == 0);
  // The last copy to go frees the boxes: the original still reads them intact.
  CHECK(shared.as_list().at(3).as_string() == "item number 3" + std::string(40, '.'));
}
