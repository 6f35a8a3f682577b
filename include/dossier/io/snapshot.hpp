#pragma once
// Snapshots: the whole graph (schema, entities, names, aliases, properties, relations,
// citations, valid times, merge redirects, removed ids) through Boost.Serialization.
//
// File layout: a 32-byte header (magic "\x89DOSSIER", format version, archive kind, payload
// size, CRC-32C of the payload), then the payload. load() checks all of these before it reads
// a single count, bounds every count by the payload size, and validates every id, so a
// truncated, corrupted, foreign or newer file raises format_error naming the file and the
// problem; it never crashes and never returns a partial graph.
// save() writes a temporary file beside the target, fsyncs it, renames it over the target and
// fsyncs the directory: a crash at any point leaves the previous file intact.
// Format version 1 files (tests/data/snapshots/v1-*.dossier) load in every later version.

#include <dossier/core/config.hpp>
#include <dossier/core/fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

enum class archive_format : std::uint8_t {
  binary = 0,  // default: compact and fast
  text = 1,    // Boost text archive, diff-friendly
  xml = 2,     // Boost XML archive, diff- and tool-friendly
};

// The version save() writes; load() reads every version from 1 up to it (docs/snapshot-format.md).
// 2 added external ids, lenient properties and relation types' interchange properties.
inline constexpr std::uint32_t snapshot_format_version = 2;

struct save_options {
  archive_format format = archive_format::binary;
};

void save(const graph& g, const std::filesystem::path& path, save_options options = {});
[[nodiscard]] graph load(const std::filesystem::path& path);

// The same bytes as a file, in memory (for streams, databases, tests).
[[nodiscard]] std::string save_to_bytes(const graph& g, save_options options = {});
[[nodiscard]] graph load_from_bytes(std::string_view bytes, std::string_view origin = "<memory>");

DOSSIER_NAMESPACE_END
