#pragma once
// Neo4j admin-import CSV headers (io/neo4j_csv.hpp): each column's role, name, ID space and type.

#include <dossier/io/neo4j_csv.hpp>
#include <dossier/schema/schema.hpp>

#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

enum class csv_role : std::uint8_t {
  id, label, start, end, type, ignore,  // neo4j-admin's own columns
  name, aliases,                         // an entity's name and aliases
  relation_id, extra,                    // _id and _dossier
  property,
};

// How a column's text reads; the import pipeline then reads text as the schema's kind.
enum class csv_value_type : std::uint8_t { text, integer, real, boolean, date };

struct csv_column {
  csv_role role = csv_role::property;
  std::string header;  // as written, for messages
  std::string name;    // the property's name
  std::string space;   // the ID space of :ID, :START_ID, :END_ID
  csv_value_type type = csv_value_type::text;
  bool array = false;
};

// Throws import_error naming `origin`, `line` and the column for a header neo4j-admin would
// refuse, or a column the schema does not know (unless ignore_unknown: then it is ignored).
std::vector<csv_column> parse_neo4j_header(const std::vector<std::string>& fields, neo4j_csv_group::kind what, const schema& s,
                                           bool ignore_unknown, const std::string& origin, std::size_t line);

}  // namespace detail

DOSSIER_NAMESPACE_END
