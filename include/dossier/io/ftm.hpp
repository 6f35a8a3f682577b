#pragma once
// FollowTheMoney entity streams, in and out (docs/format.md, "FollowTheMoney"). The graph's schema
// must be a FollowTheMoney model (schemas::load_followthemoney): one JSON object per line,
//
//   {"id": "97149c...", "schema": "Payment", "properties": {"payer": ["f9c295..."],
//    "beneficiary": ["6d03ae..."], "amountEur": ["100000"], "date": ["2011-12-29"]},
//    "datasets": ["de_donations"], "first_seen": "2023-01-01T00:00:00", "last_seen": ...}
//
// Reading, through the import pipeline (io/import.hpp):
//   - node schemata become entities, edge schemata relations from each source to each target
//     (one relation per pair, sharing the edge's id as their external id);
//   - the first `name` is the entity's name, the other names and every `alias` its aliases;
//   - an entity-typed property of a node schema (addressEntity, holder, ...) becomes a relation
//     of the type "Schema:property" that the model loader declares; entity-typed properties of
//     edges, which a relation cannot carry as relations, stay text;
//   - every value of a multi-valued property is kept, read by its FtM type (dates, numbers); a
//     value that does not read is kept as text and reported (import_report::kept_as_text);
//   - each dataset becomes a source (a Document named after it, external id "dataset:NAME")
//     cited on every statement of the entity, with first_seen and last_seen as the citation's
//     seen times; `target`, `caption` and `last_change` are kept as properties of those names;
//   - FtM ids are kept as external ids (graph::find_external).
// Not kept: `referents` (ids merged into the entity elsewhere).
//
// Writing gives back FtM entities that follow the model, edges regrouped by their external id;
// an entity without an external id is written as "dossier-N". Reading what was written gives an
// equal graph.

#include <dossier/core/config.hpp>
#include <dossier/io/import.hpp>
#include <dossier/store/graph.hpp>

#include <filesystem>
#include <iosfwd>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

import_report import_ftm(graph& g, std::istream& in, const import_options& options = {}, std::string_view origin = "<stream>");
import_report import_ftm(graph& g, const std::filesystem::path& path, const import_options& options = {});

// Throws schema_error when the graph's schema is not a FollowTheMoney model (no edge schemata).
void export_ftm(const graph& g, std::ostream& out);
void export_ftm(const graph& g, const std::filesystem::path& path);

DOSSIER_NAMESPACE_END
