#pragma once
// Cypher's rules for values: three-valued equality, comparison within a type, the global sort
// order of ORDER BY, equivalence (DISTINCT, grouping), and the errors of the engine.

#include <dossier/query/cypher.hpp>

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

using value_t = cypher_value;
using kind = cypher_value::kind;

// Errors named as the openCypher TCK names them.
[[noreturn]] void fail_compile(std::string_view category, std::string_view detail, const std::string& message);
[[noreturn]] void fail_runtime(std::string_view category, std::string_view detail, const std::string& message);
[[noreturn]] void type_error(const std::string& message);  // TypeError, InvalidArgumentType, at run time

// `a = b`: null when either is null (or a list holds a null that decides it).
[[nodiscard]] std::optional<bool> equals(const value_t& a, const value_t& b);
// `a < b` and friends: the order within comparable kinds; nullopt when they cannot be compared.
[[nodiscard]] std::optional<std::partial_ordering> compare(const value_t& a, const value_t& b);
// ORDER BY's total order: every value has a place, null last.
[[nodiscard]] std::weak_ordering order(const value_t& a, const value_t& b);
// DISTINCT and grouping: null is equivalent to null, 1 to 1.0, NaN to NaN.
[[nodiscard]] bool equivalent(const value_t& a, const value_t& b);
[[nodiscard]] std::size_t hash(const value_t& v);

[[nodiscard]] bool is_truthy(const value_t& v);  // WHERE: only true passes
// A boolean or null, for the logical operators; TypeError otherwise.
[[nodiscard]] std::optional<bool> as_logic(const value_t& v, std::string_view op);

[[nodiscard]] std::string describe(const value_t& v);  // short text for error messages

struct context;
// Charges the budget what a value holds (one visit per element, entry or byte, nested ones
// included), and refuses one nested deeper than config::max_cypher_depth (eval.cpp).
void charge(context& c, const value_t& v);
// A float as Cypher writes it: the shortest text that reads back the same, with a '.0' when whole.
[[nodiscard]] std::string format_real_text(double d);

struct row_hash {
  std::size_t operator()(const std::vector<value_t>& r) const;
};
struct row_equivalent {
  bool operator()(const std::vector<value_t>& a, const std::vector<value_t>& b) const;
};

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
