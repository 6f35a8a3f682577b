#pragma once
// Neo4j admin-import CSV, in and out (docs/format.md, "Neo4j CSV"): the files that
// `neo4j-admin database import` (and Memgraph's importer) load, and that other graph tools
// produce for it. Node files have a header such as
//
//   id:ID,:LABEL,name,aliases:string[],startDate:date,recruited:long,_dossier
//   qiming,Program;Project;Thing,Qiming,Kiming;Kimming,2008,48,
//
// and relationship files one such as
//
//   :START_ID,:END_ID,:TYPE,_id,_dossier
//   miit,qiming,oversees,,"{""citations"": [{""source"": ""reuters"", ""quote"": ""...""}]}"
//
// Reading, through the import pipeline (io/import.hpp), all or nothing:
//   - the CSV is RFC 4180: quoted fields may hold the delimiter, doubled quotes and line
//     breaks; a quote inside an unquoted field is kept as it is;
//   - `name:ID(Space)` gives a node's id in an ID space; `:START_ID(Space)` and `:END_ID(Space)`
//     refer to it. With one ID space the ids are the entities' external ids as they are; with
//     several, "Space:id" (so that ids may repeat across spaces);
//   - `:LABEL` (labels split by the array delimiter) names the entity type: the most specific
//     of the labels, the others being its supertypes; `:TYPE` the relation type. A group may give
//     labels or a type for all its rows instead (neo4j-admin's --nodes=Label=file);
//   - `name:type` columns are properties read as their type (int, long, short, byte, float,
//     double, boolean, date, datetime, localdatetime, string, char; time, localtime, duration and
//     point stay text), `type[]` columns arrays split by the array delimiter, each element a
//     value; an empty field is no value. The pipeline then reads text as the schema's kind;
//   - the column named `name` is the entity's name, `aliases` its aliases; `:IGNORE` columns
//     and {options} after a type are skipped;
//   - `_id` on a relationship is its external id, and `_dossier` a JSON object with what CSV
//     cannot say: citations, valid times, per-value evidence, aliases with languages, and values
//     a column cannot hold (lists, empty strings, text holding the array delimiter).
// A column or label the schema does not know is an error naming the file, line and column
// (unless ignore_unknown). Node files need an :ID column.
//
// Writing produces one node file per entity type (labels: the type and its supertypes) and one
// relationship file per relation type, with typed columns, and `neo4j-admin-import.sh`, the
// exact `neo4j-admin database import full` command that loads them. Reading the directory
// back gives an equal graph.

#include <dossier/core/config.hpp>
#include <dossier/io/import.hpp>
#include <dossier/store/graph.hpp>

#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct neo4j_csv_options {
  char delimiter = ',';
  char array_delimiter = ';';
  char quote = '"';
  // Leave out columns and labels the schema does not know instead of refusing the file.
  bool ignore_unknown = false;
};

// One group of files, as one --nodes or --relationships argument of neo4j-admin: the first line
// of the first file is the header; the files are read as one.
struct neo4j_csv_group {
  enum class kind : std::uint8_t { nodes, relationships };
  kind what = kind::nodes;
  std::vector<std::filesystem::path> files = {};
  std::vector<std::string> labels = {};  // for every row of a node group, besides its :LABEL column
  std::string type = {};                 // for every row of a relationship group without a :TYPE
};

import_report import_neo4j_csv(graph& g, std::span<const neo4j_csv_group> groups, const import_options& options = {},
                               const neo4j_csv_options& csv = {});
// Every *.csv file of a directory, each with its own header: those with :START_ID are
// relationship files, the others node files.
import_report import_neo4j_csv(graph& g, const std::filesystem::path& directory, const import_options& options = {},
                               const neo4j_csv_options& csv = {});

// A group read from a stream (a pipe, a test, a fuzzer).
struct neo4j_csv_stream {
  neo4j_csv_group::kind what = neo4j_csv_group::kind::nodes;
  std::istream* in = nullptr;
  std::string origin = "<stream>";
  std::vector<std::string> labels = {};
  std::string type = {};
};
import_report import_neo4j_csv(graph& g, std::span<const neo4j_csv_stream> streams, const import_options& options = {},
                               const neo4j_csv_options& csv = {});

// Writes the files into `directory` (created when missing; files of earlier exports there are
// replaced, each atomically). Returns the files written, the script last.
std::vector<std::filesystem::path> export_neo4j_csv(const graph& g, const std::filesystem::path& directory,
                                                    const neo4j_csv_options& csv = {});

DOSSIER_NAMESPACE_END
