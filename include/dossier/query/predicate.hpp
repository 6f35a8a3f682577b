#pragma once
// Filters on property values, for query::where. A multi-valued property (a list) matches when
// any of its values matches.
//
// Comparisons between kinds that do not compare (a string and a date) never match. Numbers
// compare across integer and real; money compares within one currency (ranges by their ends).
// Dates are intervals (core/date.hpp), and predicates on them are defined by containment:
//   between(low, high)   the value's interval lies inside [start of low, end of high]: with
//                        low = 2010 and high = 2015, 2010, 2010-06, 2012-03 and 2015-05-08 are
//                        between, 2009-12 and 2016 are not;
//   greater_than(d)      entirely after d: 2011 is greater than 2010-06, 2010 is not;
//   less_than(d)         entirely before d;
//   eq(d)                the same partial date (2010 is not eq 2010-06);
//   before(d), after(d)  as less_than and greater_than, for dates only.

#include <dossier/core/config.hpp>
#include <dossier/core/value.hpp>

#include <functional>
#include <string>

DOSSIER_NAMESPACE_BEGIN

// A filter on property values, with a description used in error messages and explanations.
struct predicate {
  std::function<bool(const value&)> test;
  std::string description;
};
[[nodiscard]] predicate eq(value v);
[[nodiscard]] predicate between(value low, value high);  // inclusive: integers, reals, dates, money
[[nodiscard]] predicate greater_than(value v);
[[nodiscard]] predicate less_than(value v);
[[nodiscard]] predicate contains(std::string text);     // case-insensitive, normalised
[[nodiscard]] predicate starts_with(std::string text);  // case-insensitive, normalised
[[nodiscard]] predicate before(date d);                 // entirely before d
[[nodiscard]] predicate after(date d);                  // entirely after d

DOSSIER_NAMESPACE_END
