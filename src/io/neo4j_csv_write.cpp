// The Neo4j admin-import CSV writer (io/neo4j_csv.hpp): one node file per entity type, one
// relationship file per relation type, typed columns, and the neo4j-admin command.
#include <dossier/io/neo4j_csv.hpp>

#include "detail/csv.hpp"
#include "detail/files.hpp"
#include "detail/json_values.hpp"
#include "detail/value_text.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;

constexpr const char* script_name = "neo4j-admin-import.sh";
constexpr const char* script_marker = "# Written by dossier's export_neo4j_csv.";

// Names that dossier's own columns take: a property of such a name goes to _dossier.
bool reserved(const std::string& name) {
  return name == "name" || name == "aliases" || name == "_dossier" || name == "_id" || name.find(':') != std::string::npos;
}

// The neo4j-admin type a column's values all share, or "string".
class column_type {
 public:
  void see(const value& v) {
    std::string t = "string";
    if (v.kind() == value_kind::integer) t = "long";
    else if (v.kind() == value_kind::real) t = "double";
    else if (v.kind() == value_kind::boolean) t = "boolean";
    else if (v.kind() == value_kind::date && v.as_date().precision() == date_precision::day) t = "date";
    else if (v.kind() == value_kind::date && v.as_date().precision() == date_precision::second) t = "datetime";
    type_ = type_.empty() || type_ == t ? t : "string";
  }
  [[nodiscard]] const std::string& name() const { return type_; }

 private:
  std::string type_;
};

// A property's column in one file.
struct property_column {
  column_type type;
  bool array = false;       // some row has several values
  bool has_values = false;  // some row's values are in the column (not all in _dossier)
};

// What one file holds: its rows' slots, and the property columns they need.
struct file_plan {
  std::string file;
  std::vector<std::uint32_t> rows;
  std::map<std::string, property_column> columns;  // by property name, in name order
  bool aliases = false, external_ids = false;
};

// Whether a row's values of one property go to _dossier rather than its column.
bool needs_extra(const std::vector<statement_ref>& values, bool array, char array_delimiter) {
  for (const auto& s : values) {
    if (s.val.kind() == value_kind::list || s.val.is_null()) return true;
    const auto text = scalar_text(s.val);
    if (text.empty()) return true;  // an empty field reads as no value
    if (array && text.find(array_delimiter) != std::string::npos) return true;
  }
  return false;
}

// A row's statements grouped by property name, in the order they are stored.
std::map<std::string, std::vector<statement_ref>> by_property(const schema& s, statement_range list) {
  std::map<std::string, std::vector<statement_ref>> out;
  for (const auto& st : list) out[s.property_name(st.property)].push_back(st);
  return out;
}

class csv_writer {
 public:
  csv_writer(const graph& g, const neo4j_csv_options& o) : g_(g), s_(g.schema()), o_(o), ids_(g) {}

  std::vector<file_plan> plan_nodes() {
    std::map<entity_type_id, file_plan> by_type;
    for (std::uint32_t e = 0; e < g_.entity_slots(); ++e) {
      if (!g_.entity_live(e)) continue;
      const auto ref = g_.live_ref(e);
      auto& plan = by_type[ref.type()];
      plan.rows.push_back(e);
      plan.aliases |= !ref.aliases().empty();
      see_arrays(plan, ref.properties());
    }
    std::vector<file_plan> out;
    for (auto& [type, plan] : by_type) {
      for (const auto e : plan.rows) see_types(plan, g_.live_ref(e).properties());
      finish_columns(plan);
      plan.file = file_name("nodes-", s_.name(type));
      out.push_back(std::move(plan));
    }
    return out;
  }

  std::vector<file_plan> plan_relationships() {
    std::map<relation_type_id, file_plan> by_type;
    for (std::uint32_t r = 0; r < g_.relation_slots(); ++r) {
      if (!g_.relation_live(r)) continue;
      const auto ref = g_.get(static_cast<relation_id>(r));
      auto& plan = by_type[ref.type()];
      plan.rows.push_back(r);
      plan.external_ids |= !ref.external_id().empty();
      see_arrays(plan, ref.properties());
    }
    std::vector<file_plan> out;
    for (auto& [type, plan] : by_type) {
      for (const auto r : plan.rows) see_types(plan, g_.get(static_cast<relation_id>(r)).properties());
      finish_columns(plan);
      plan.file = file_name("relationships-", s_.name(type));
      out.push_back(std::move(plan));
    }
    return out;
  }

  void write_nodes(std::ostream& out, const file_plan& plan) {
    std::vector<std::string> header{"id:ID", ":LABEL", "name"};
    if (plan.aliases) header.push_back("aliases:string[]");
    add_property_headers(header, plan);
    header.push_back("_dossier");
    write_row(out, header);
    std::vector<std::string> row;
    for (const auto e : plan.rows) {
      const auto ref = g_.live_ref(e);
      row = {ids_(e), labels(ref.type()), ref.name()};
      json extra = json::object();
      if (plan.aliases) row.push_back(alias_field(ref.aliases(), extra));
      add_property_fields(row, plan, ref.properties(), extra);
      row.push_back(extra.empty() ? std::string() : extra.dump());
      write_row(out, row);
    }
  }

  void write_relationships(std::ostream& out, const file_plan& plan) {
    std::vector<std::string> header{":START_ID", ":END_ID", ":TYPE"};
    if (plan.external_ids) header.push_back("_id");
    add_property_headers(header, plan);
    header.push_back("_dossier");
    write_row(out, header);
    std::vector<std::string> row;
    for (const auto r : plan.rows) {
      const auto ref = g_.get(static_cast<relation_id>(r));
      row = {ids_(to_index(ref.source())), ids_(to_index(ref.target())), ref.type_name()};
      if (plan.external_ids) row.emplace_back(ref.external_id());
      json extra = json::object();
      if (!ref.citations().empty()) extra["citations"] = citations_to_json(ref.citations(), ids_);
      if (!ref.valid().empty()) extra["valid"] = valid_to_json(ref.valid());
      add_property_fields(row, plan, ref.properties(), extra);
      row.push_back(extra.empty() ? std::string() : extra.dump());
      write_row(out, row);
    }
  }

 private:
  // Two passes over a file's rows: which columns are arrays, then which values fit them.
  void see_arrays(file_plan& plan, statement_range list) {
    for (const auto& [name, values] : by_property(s_, list))
      if (!reserved(name)) plan.columns[name].array |= values.size() > 1;
  }
  void see_types(file_plan& plan, statement_range list) {
    for (const auto& [name, values] : by_property(s_, list)) {
      const auto it = plan.columns.find(name);
      if (it == plan.columns.end() || needs_extra(values, it->second.array, o_.array_delimiter)) continue;
      it->second.has_values = true;
      for (const auto& v : values) it->second.type.see(v.val);
    }
  }
  static void finish_columns(file_plan& plan) { std::erase_if(plan.columns, [](const auto& c) { return !c.second.has_values; }); }

  // A row's values of a property that its file's column cannot hold, or that has no column.
  [[nodiscard]] bool goes_to_extra(const file_plan& plan, const std::string& name, const std::vector<statement_ref>& values) const {
    const auto it = plan.columns.find(name);
    return it == plan.columns.end() || needs_extra(values, it->second.array, o_.array_delimiter);
  }

  void add_property_headers(std::vector<std::string>& header, const file_plan& plan) const {
    for (const auto& [name, column] : plan.columns) header.push_back(name + ":" + column.type.name() + (column.array ? "[]" : ""));
  }

  // The row's property fields, and into _dossier what they cannot hold and their evidence.
  void add_property_fields(std::vector<std::string>& row, const file_plan& plan, statement_range list, json& extra) {
    auto grouped = by_property(s_, list);
    for (const auto& [name, column] : plan.columns) {
      std::string field;
      const auto it = grouped.find(name);
      if (it != grouped.end() && !goes_to_extra(plan, name, it->second)) {
        for (const auto& st : it->second) field += (field.empty() ? "" : std::string(1, o_.array_delimiter)) + scalar_text(st.val);
      }
      row.push_back(std::move(field));
    }
    for (const auto& [name, values] : grouped) {
      if (goes_to_extra(plan, name, values))
        for (const auto& st : values) extra["values"][name].push_back(value_to_json(st.val));
      const bool any = std::any_of(values.begin(), values.end(), [](const auto& st) { return !st.ev.citations.empty() || !st.ev.valid.empty(); });
      if (any)
        for (const auto& st : values) extra["evidence"][name].push_back(evidence_to_json(st.ev, ids_));
    }
  }

  // Alias names in their column, for Neo4j; all of them with their languages in _dossier too
  // when one has a language or cannot be an element of the array (the reader then takes those).
  std::string alias_field(std::span<const alias> aliases, json& extra) const {
    std::string field;
    bool plain = true;
    for (const auto& a : aliases) {
      const bool fits = !a.name.empty() && a.name.find(o_.array_delimiter) == std::string::npos;
      plain &= fits && a.lang.empty();
      if (fits) field += (field.empty() ? "" : std::string(1, o_.array_delimiter)) + a.name;
    }
    if (!plain) extra["aliases"] = aliases_to_json(aliases);
    return field;
  }

  // The type and its supertypes: Neo4j matches a node by any of its labels.
  std::string labels(entity_type_id type) {
    auto [it, fresh] = labels_.try_emplace(type);
    if (!fresh) return it->second;
    std::string out = s_.name(type);
    for (const auto& t : s_.entity_types())
      if (t.id != type && s_.is_a(type, t.id)) out += o_.array_delimiter + t.name;
    return it->second = out;
  }

  void write_row(std::ostream& out, const std::vector<std::string>& fields) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) out << o_.delimiter;
      write_csv_field(out, fields[i], o_.delimiter, o_.quote);
    }
    out << '\n';
  }

  // "nodes-Program.csv": type names made safe for file names, and unique.
  std::string file_name(const std::string& prefix, const std::string& type) {
    std::string safe;
    for (const char c : type) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
    std::string name = prefix + safe + ".csv";
    for (int n = 2; !used_files_.insert(name).second; ++n) name = prefix + safe + "-" + std::to_string(n) + ".csv";
    return name;
  }

  const graph& g_;
  const schema& s_;
  const neo4j_csv_options& o_;
  record_ids ids_;
  std::map<entity_type_id, std::string> labels_;
  std::set<std::string> used_files_;
};

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The command that loads the files; also the record of what an export wrote (stale_files).
std::string script(const std::vector<file_plan>& nodes, const std::vector<file_plan>& rels, const neo4j_csv_options& o) {
  std::ostringstream out;
  out << "#!/bin/sh\n" << script_marker << "\n"
      << "# Loads this directory into Neo4j 5: ./" << script_name << " [DATABASE] (default neo4j). Set NEO4J_ADMIN\n"
      << "# to the neo4j-admin to use. The database must not exist yet (a full import).\n"
      << "cd \"$(dirname \"$0\")\" || exit 1\n"
      << "exec \"${NEO4J_ADMIN:-neo4j-admin}\" database import full \\\n"
      << "  --delimiter=" << shell_quote(std::string(1, o.delimiter)) << " --array-delimiter=" << shell_quote(std::string(1, o.array_delimiter))
      << " --quote=" << shell_quote(std::string(1, o.quote)) << " \\\n"
      << "  --multiline-fields=true --id-type=string \\\n";
  for (const auto& p : nodes) out << "  --nodes=" << p.file << " \\\n";
  for (const auto& p : rels) out << "  --relationships=" << p.file << " \\\n";
  out << "  \"${1:-neo4j}\"\n";
  return out.str();
}

// Files an earlier export wrote into the directory (named in its script); the directory must
// otherwise hold nothing of ours to replace, so that no one's files are overwritten unasked.
std::set<std::string> earlier_export(const std::filesystem::path& directory) {
  std::set<std::string> files;
  std::error_code ec;
  if (!std::filesystem::exists(directory, ec)) return files;
  std::ifstream in(directory / script_name);
  std::string line;
  bool ours = false;
  while (std::getline(in, line)) {
    ours |= line == script_marker;
    for (const std::string_view flag : {"  --nodes=", "  --relationships="}) {
      if (!line.starts_with(flag)) continue;
      const auto name = line.substr(flag.size(), line.find(' ', flag.size()) - flag.size());
      if (name.find('/') == std::string::npos && name.ends_with(".csv")) files.insert(name);  // only files of the directory
    }
  }
  if (!ours) {
    for (const auto& entry : std::filesystem::directory_iterator(directory))
      if (entry.path().extension() == ".csv" || entry.path().filename() == script_name)
        throw io_error("io.not_empty", directory.string() + ": holds CSV files that dossier did not write; export into an empty directory");
    files.clear();
  }
  return files;
}

}  // namespace

std::vector<std::filesystem::path> export_neo4j_csv(const graph& g, const std::filesystem::path& directory, const neo4j_csv_options& csv) {
  auto stale = earlier_export(directory);
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw io_error("io.cannot_create", directory.string() + ": cannot create the directory: " + ec.message());
  csv_writer writer(g, csv);
  const auto nodes = writer.plan_nodes();
  const auto rels = writer.plan_relationships();
  std::vector<std::filesystem::path> written;
  for (const auto& p : nodes) {
    detail::atomic_write(directory / p.file, [&](std::ostream& out) { writer.write_nodes(out, p); });
    written.push_back(directory / p.file);
    stale.erase(p.file);
  }
  for (const auto& p : rels) {
    detail::atomic_write(directory / p.file, [&](std::ostream& out) { writer.write_relationships(out, p); });
    written.push_back(directory / p.file);
    stale.erase(p.file);
  }
  const auto script_path = directory / script_name;
  detail::atomic_write(script_path, script(nodes, rels, csv));
  std::filesystem::permissions(script_path, std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec | std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add, ec);
  written.push_back(script_path);
  // Types the graph no longer has: their files would otherwise be read back with the new ones.
  for (const auto& f : stale) std::filesystem::remove(directory / f, ec);
  return written;
}

DOSSIER_NAMESPACE_END
