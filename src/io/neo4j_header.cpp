// Neo4j admin-import CSV headers (detail/neo4j_header.hpp): "name:TYPE(Space){options}[]".
#include "detail/neo4j_header.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>
#include <optional>
#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

struct type_name {
  const char* name;
  csv_role role;
  csv_value_type type;
};

// neo4j-admin's field types. time, localtime, duration and point have no dossier kind: text.
constexpr type_name field_types[] = {
    {"ID", csv_role::id, csv_value_type::text},          {"LABEL", csv_role::label, csv_value_type::text},
    {"START_ID", csv_role::start, csv_value_type::text}, {"END_ID", csv_role::end, csv_value_type::text},
    {"TYPE", csv_role::type, csv_value_type::text},      {"IGNORE", csv_role::ignore, csv_value_type::text},
    {"int", csv_role::property, csv_value_type::integer}, {"long", csv_role::property, csv_value_type::integer},
    {"short", csv_role::property, csv_value_type::integer}, {"byte", csv_role::property, csv_value_type::integer},
    {"float", csv_role::property, csv_value_type::real},  {"double", csv_role::property, csv_value_type::real},
    {"boolean", csv_role::property, csv_value_type::boolean}, {"date", csv_role::property, csv_value_type::date},
    {"datetime", csv_role::property, csv_value_type::date}, {"localdatetime", csv_role::property, csv_value_type::date},
    {"string", csv_role::property, csv_value_type::text}, {"char", csv_role::property, csv_value_type::text},
    {"time", csv_role::property, csv_value_type::text},   {"localtime", csv_role::property, csv_value_type::text},
    {"duration", csv_role::property, csv_value_type::text}, {"point", csv_role::property, csv_value_type::text},
};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

class header_parser {
 public:
  header_parser(const std::string& origin, std::size_t line) : origin_(origin), line_(line) {}

  [[noreturn]] void fail(const std::string& column, std::string_view id, const std::string& problem) const {
    throw import_error(id, origin_, line_, column, problem);
  }

  // "name:TYPE(Space){options}[]" into its parts; a header without a type is a string property.
  csv_column column(const std::string& header) const {
    csv_column c;
    c.header = c.name = header;
    const auto colon = header.rfind(':');
    if (colon == std::string::npos) return c;
    std::string_view rest = std::string_view(header).substr(colon + 1);
    const auto word_end = std::min(rest.find_first_of("({["), rest.size());
    const auto word = rest.substr(0, word_end);
    const auto* known = std::find_if(std::begin(field_types), std::end(field_types), [&](const type_name& t) { return same_ignoring_case(word, t.name); });
    if (known == std::end(field_types)) fail(header, "import.bad_header", "unknown column type " + quote(word));
    c.name = header.substr(0, colon);
    c.role = known->role;
    c.type = known->type;
    rest.remove_prefix(word_end);
    if (rest.starts_with("(")) {
      const auto close = rest.find(')');
      if (close == std::string_view::npos) fail(header, "import.bad_header", "an ID space is not closed with ')'");
      c.space = std::string(rest.substr(1, close - 1));
      rest.remove_prefix(close + 1);
    }
    if (rest.starts_with("{")) {  // options such as {timezone:...} or {label:Person}: not needed here
      const auto close = rest.find('}');
      if (close == std::string_view::npos) fail(header, "import.bad_header", "options are not closed with '}'");
      rest.remove_prefix(close + 1);
    }
    if (rest == "[]") {
      c.array = true;
      rest = {};
    }
    if (!rest.empty()) fail(header, "import.bad_header", "unexpected " + quote(rest) + " after the column type");
    if (c.array && c.role != csv_role::property) fail(header, "import.bad_header", "only property columns may be arrays");
    if (!c.space.empty() && c.role != csv_role::id && c.role != csv_role::start && c.role != csv_role::end)
      fail(header, "import.bad_header", "only :ID, :START_ID and :END_ID columns have an ID space");
    return c;
  }

 private:
  const std::string& origin_;
  std::size_t line_;
};

// dossier's own columns, and what the schema knows.
void give_role(csv_column& c, bool nodes, const schema& s, bool ignore_unknown, const header_parser& p) {
  if (c.role != csv_role::property) return;
  if (c.name.empty()) p.fail(c.header, "import.bad_header", "a property column needs a name");
  if (c.name == "_dossier") {
    c.role = csv_role::extra;
    return;
  }
  if (nodes && c.name == "name") c.role = csv_role::name;
  else if (nodes && c.name == "aliases" && !s.try_property("aliases")) c.role = csv_role::aliases;
  else if (!nodes && c.name == "_id") c.role = csv_role::relation_id;
  else if (!s.try_property(c.name)) {
    // Open types take properties the schema has not seen: the store then checks each row.
    const auto open = [](const auto& types) { return std::any_of(types.begin(), types.end(), [](const auto& t) { return t.open; }); };
    if (nodes ? open(s.entity_types()) : open(s.relation_types())) return;
    if (!ignore_unknown) p.fail(c.header, "import.unknown_column", "the schema has no property " + quote(c.name) + " (ignore_unknown leaves such columns out)");
    c.role = csv_role::ignore;
  }
}

void check_roles(const std::vector<csv_column>& columns, bool nodes, const header_parser& p) {
  const auto count = [&](csv_role r) { return std::count_if(columns.begin(), columns.end(), [&](const auto& c) { return c.role == r; }); };
  const auto misplaced = std::find_if(columns.begin(), columns.end(), [&](const csv_column& c) {
    return nodes ? c.role == csv_role::start || c.role == csv_role::end || c.role == csv_role::type
                 : c.role == csv_role::id || c.role == csv_role::label;
  });
  if (misplaced != columns.end())
    p.fail(misplaced->header, "import.bad_header", std::string(nodes ? "a node file" : "a relationship file") + " cannot have this column");
  if (nodes && count(csv_role::id) != 1)
    p.fail(":ID", "import.bad_header", "a node file needs exactly one :ID column, this one has " + std::to_string(count(csv_role::id)));
  if (!nodes && (count(csv_role::start) != 1 || count(csv_role::end) != 1))
    p.fail(":START_ID", "import.bad_header", "a relationship file needs one :START_ID and one :END_ID column");
  for (const auto r : {csv_role::label, csv_role::type, csv_role::name, csv_role::aliases, csv_role::extra, csv_role::relation_id})
    if (count(r) > 1) p.fail("", "import.bad_header", "a column appears twice");
  std::set<std::string> names;
  for (const auto& c : columns)
    if (c.role == csv_role::property && !names.insert(c.name).second)
      p.fail(c.header, "import.bad_header", "the property " + quote(c.name) + " has two columns");
}

}  // namespace

std::vector<csv_column> parse_neo4j_header(const std::vector<std::string>& fields, neo4j_csv_group::kind what, const schema& s,
                                           bool ignore_unknown, const std::string& origin, std::size_t line) {
  const header_parser p(origin, line);
  const bool nodes = what == neo4j_csv_group::kind::nodes;
  std::vector<csv_column> columns;
  for (const auto& f : fields) {
    auto c = p.column(f);
    give_role(c, nodes, s, ignore_unknown, p);
    columns.push_back(std::move(c));
  }
  check_roles(columns, nodes, p);
  return columns;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
