#pragma once
// Strong ids. Raw integers never cross the public API: an entity id cannot be passed where a
// relation id is expected, and each id type has a typed null sentinel.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <functional>
#include <type_traits>

DOSSIER_NAMESPACE_BEGIN

enum class entity_id : std::uint32_t {};
enum class relation_id : std::uint32_t {};
enum class entity_type_id : std::uint32_t {};
enum class relation_type_id : std::uint32_t {};
enum class property_id : std::uint32_t {};

// Sources are entities (Document, Article, ...), so a source is named by its entity id.
using source_id = entity_id;

template <class Id>
inline constexpr Id null_id = static_cast<Id>(~std::uint32_t{0});

inline constexpr entity_id null_entity = null_id<entity_id>;
inline constexpr relation_id null_relation = null_id<relation_id>;
inline constexpr entity_type_id null_entity_type = null_id<entity_type_id>;
inline constexpr relation_type_id null_relation_type = null_id<relation_type_id>;
inline constexpr property_id null_property = null_id<property_id>;

template <class Id>
concept strong_id = std::is_same_v<Id, entity_id> || std::is_same_v<Id, relation_id> ||
                    std::is_same_v<Id, entity_type_id> || std::is_same_v<Id, relation_type_id> ||
                    std::is_same_v<Id, property_id>;

template <strong_id Id>
[[nodiscard]] constexpr std::uint32_t to_index(Id id) noexcept {
  return static_cast<std::uint32_t>(id);
}

template <strong_id Id>
[[nodiscard]] constexpr bool is_null(Id id) noexcept {
  return id == null_id<Id>;
}

DOSSIER_NAMESPACE_END
