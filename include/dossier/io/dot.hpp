#pragma once
// Graphviz DOT export of a subgraph: entities coloured by type (with a legend), relations
// labelled with their reading ("oversees", "recruits in"), weakly evidenced relations
// (confidence below 0.75) dashed, and each relation's first quote as its tooltip.
// Render with `dot -Tsvg file.dot -o file.svg`. Every id is quoted ("e12"); nodes and edges carry
// their type as a `type` attribute, for programs that read the file (networkx, Gephi).

#include <dossier/core/config.hpp>
#include <dossier/query/path.hpp>

#include <filesystem>
#include <dossier/store/graph.hpp>

#include <iosfwd>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct subgraph {
  std::vector<entity_id> entities;
  std::vector<relation_id> relations;

  [[nodiscard]] static subgraph whole(const graph& g);
  // The entities and relations of the given paths.
  [[nodiscard]] static subgraph of(const std::vector<path>& paths);
  void add(const path& p);
};

struct dot_options {
  std::string title = {};
  // A cluster of one node per entity type shown, for pictures. Programs reading the file would
  // take it for data: turn it off when the output is not for a person (the CLI's export does).
  bool legend = true;
  std::string rankdir = "LR";
};

void write_dot(std::ostream& out, const graph& g, const subgraph& s, const dot_options& options = {});
// Atomic, as every export to a file: the file is replaced only once the whole graph is written.
void write_dot(const std::filesystem::path& path, const graph& g, const subgraph& s, const dot_options& options = {});
[[nodiscard]] std::string to_dot(const graph& g, const subgraph& s, const dot_options& options = {});

// The fill colour used for an entity type (by its nearest coloured ancestor).
[[nodiscard]] std::string entity_colour(const schema& s, entity_type_id type);

DOSSIER_NAMESPACE_END
