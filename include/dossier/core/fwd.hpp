#pragma once
// Forward declarations of dossier's public types, for headers that only name them.

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>

#include <cstdint>

DOSSIER_NAMESPACE_BEGIN

// core
class error;
class schema_error;
class value_error;
class not_found;
class provenance_error;
class format_error;
class import_error;
class io_error;
class query_error;
class budget_exceeded;
class date;
class decimal;
class currency;
class money;
class value;
enum class value_kind : std::uint8_t;

// names
class name_index;
struct name_match;

// schema
class schema;
struct entity_type_info;
struct relation_type_info;
struct property_def;
class type_mask;

// provenance
struct citation;
struct valid_time;
struct evidence;

// store
class graph;
class entity_ref;
class relation_ref;
class expansion;
struct relation_edge;
struct relation_record;
struct relation_details;
struct batch;
struct graph_image;
class batch_error;
enum class direction : std::uint8_t;

// views
class relation_filter;
struct view_options;

// query
class query;
struct path;
struct budget;
struct predicate;

// io
struct import_options;
struct import_report;
class import_pipeline;
struct graphml_options;

DOSSIER_NAMESPACE_END
