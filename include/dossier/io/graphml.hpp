#pragma once
// GraphML, in and out (docs/format.md): the XML graph format that Gephi, yEd,
// Cytoscape and networkx open.
//
// Writing: one <graph edgedefault="directed">; entities (sources included) are nodes, relations
// edges. Typed <key>s:
//   node  name (string), type (string: the entity type), aliases (JSON: ["TTP", {"name":
//         "千人计划", "lang": "zh"}]), evidence (JSON, below)
//   edge  type (string: the relation type), citations (JSON: [{"source": node id, "quote",
//         "confidence", "first_seen", "last_seen"}]), valid (JSON: {"start", "end"}), id (the
//         relation's external id, when the edge's XML id cannot carry it), evidence (JSON)
//   graph schema (the schema's name, when it has one)
// and one key per property in use (per nodes and edges), attr.type by the values' kind:
// integer long, real double, boolean boolean, anything else string (dates and amounts as their
// text: "2019-03", "3000000 to 5000000 CNY"). A property that somewhere has several values, a
// list value, a null, or values of several kinds is written as a JSON array of values, for
// every node or edge (the key's <desc> says so), and read back as
// that many values. A property whose name is one of the key names above is written as
// "property:NAME". `evidence` holds the citations and valid times of property values:
// {"property": [{"citations": [...], "valid": {...}}, ...]}, one entry per value in order.
// Node ids are the entities' external ids, else "e<N>" (made unique against the external ids);
// an edge's id is its relation's external id (the first edge with that id; the others carry it
// in the `id` key). Characters XML 1.0 cannot hold (control characters other than tab, line
// feed and carriage return; U+FFFE, U+FFFF) are written as U+FFFD.
//
// Reading, through the import pipeline (io/import.hpp; all or nothing, import_error naming the
// file, line and field): our own files back into an equal graph, and GraphML of other tools:
// keys matched by attr.name (networkx's key ids d0, d1, ... included), <default> values,
// directed and undirected graphs (an undirected edge becomes a relation from its source to its
// target), parallel edges, typed values by attr.type (long, int, integer, double, float,
// boolean, string), coerced to the schema's kinds. Nodes and edges without a type take
// graphml_options' default types. An attribute the schema does not know for the node's or
// edge's type is an error unless ignore_unknown_attributes (yEd's graphics keys are always
// ignored). Hyperedges, ports, nested graphs, several graphs in one file and external
// <locator>s are refused. The XML reader refuses DOCTYPE and entity declarations and elements
// nested deeper than graphml_options::max_depth.

#include <dossier/core/config.hpp>
#include <dossier/io/import.hpp>
#include <dossier/io/jsonl.hpp>  // export_options
#include <dossier/store/graph.hpp>

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

struct graphml_options {
  std::string default_entity_type = {};    // for nodes without a type; empty: such a node is an error
  std::string default_relation_type = {};  // for edges without a type; empty: such an edge is an error
  bool ignore_unknown_attributes = false;  // drop attributes the schema does not know, instead of failing
  std::size_t max_depth = 64;              // XML elements nest at most this deep ([dossier.import.too_deep])
};

import_report import_graphml(graph& g, std::istream& in, const import_options& options = {}, const graphml_options& graphml = {},
                             std::string_view origin = "<stream>");
import_report import_graphml(graph& g, const std::filesystem::path& path, const import_options& options = {},
                             const graphml_options& graphml = {});

// With export_options, only those entities and relations (and the sources they cite).
void export_graphml(const graph& g, std::ostream& out, const export_options& options = {});
// Atomic: the file is replaced only once the whole export is written and synced.
void export_graphml(const graph& g, const std::filesystem::path& path, const export_options& options = {});

DOSSIER_NAMESPACE_END
