#pragma once
// What a statement shows to be wrong before it runs: operands whose type is known and wrong
// (true AND 1, 'a' % 2, x IN 5), aggregations that mix grouped and ungrouped values, and the
// like. openCypher calls these SyntaxErrors found at compile time.

#include "engine.hpp"

#include <functional>
#include <optional>
#include <string>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

using type_lookup = std::function<std::optional<kind>(const std::string&)>;

// The kind an expression is known to produce, or nullopt.
[[nodiscard]] std::optional<kind> static_type(const syn::expr& e, const type_lookup& variable);
// Throws cypher_error (compile time) for an operator or function given a known wrong type.
void check_operands(const syn::expr& e, const type_lookup& variable);
// In an aggregating projection, the values outside the aggregates must be grouping keys.
void check_grouping(const syn::projection_clause& c, const projection_plan& plan);
// The same for an ORDER BY expression of an aggregating projection (aliases are keys too).
void check_order_grouping(const syn::expr& e, const syn::projection_clause& c, const projection_plan& plan);
[[nodiscard]] bool mentions_variable(const syn::expr& e);
[[nodiscard]] bool calls(const syn::expr& e, std::string_view lower_name);
[[nodiscard]] bool same_expression(const syn::expr& a, const syn::expr& b);  // the same tree

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
