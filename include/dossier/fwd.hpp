#pragma once
// Forward declarations of dossier's main types, for headers that only name them.

#include <dossier/config.hpp>
#include <dossier/ids.hpp>

DOSSIER_NAMESPACE_BEGIN

class error;
class schema_error;
class value_error;
class not_found;
class provenance_error;
class format_error;
class query_error;
class budget_exceeded;

class date;
class decimal;
class currency;
class money;
class value;
enum class value_kind : std::uint8_t;

class schema;
struct entity_type_info;
struct relation_type_info;
struct property_def;
class type_mask;

struct citation;
struct valid_time;
struct evidence;

class name_index;
struct name_match;

class graph;
class entity_ref;
class relation_ref;
struct relation_edge;
enum class direction : std::uint8_t;

DOSSIER_NAMESPACE_END
