#pragma once
// How two values compare, for predicates and order_by (query/predicate.hpp documents it).

#include <dossier/core/value.hpp>

#include <compare>
#include <optional>

DOSSIER_NAMESPACE_BEGIN

namespace detail {
// less / greater / equivalent, unordered for overlapping dates and money ranges, and nullopt
// for kinds that do not compare.
[[nodiscard]] std::optional<std::partial_ordering> compare_values(const value& a, const value& b);
}  // namespace detail

DOSSIER_NAMESPACE_END
