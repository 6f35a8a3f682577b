// The Neo4j admin-import CSV reader (io/neo4j_csv.hpp): headers to column roles, rows to import
// records for the import pipeline.
#include <dossier/io/neo4j_csv.hpp>

#include "detail/csv.hpp"
#include "detail/json_read.hpp"
#include "detail/neo4j_header.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <set>
#include <unordered_map>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;

// A row's field that does not read: which column, the error id, why.
struct row_error {
  std::string field, id, problem;
};
[[noreturn]] void bad_row(std::string field, std::string problem, std::string id = "import.bad_value") {
  throw row_error{std::move(field), std::move(id), std::move(problem)};
}

std::vector<std::string_view> split(std::string_view text, char delimiter) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    const auto next = text.find(delimiter, at);
    out.push_back(text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// One field's text as its header type says.
value typed_value(std::string_view text, csv_value_type type, const std::string& field) {
  switch (type) {
    case csv_value_type::integer: {
      std::int64_t v = 0;
      const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc{} || p != text.data() + text.size()) bad_row(field, "expects an integer, got " + quote(text));
      return value{v};
    }
    case csv_value_type::real: {
      double v = 0;
      const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc{} || p != text.data() + text.size() || !std::isfinite(v)) bad_row(field, "expects a number, got " + quote(text));
      return value{v};
    }
    case csv_value_type::boolean:
      if (equals_ignoring_case(text, "true")) return value{true};
      if (equals_ignoring_case(text, "false")) return value{false};
      bad_row(field, "expects true or false, got " + quote(text));
    case csv_value_type::date:
      try {
        return value{parse_date(text)};
      } catch (const value_error& e) {
        bad_row(field, std::string(e.message()), e.id());
      }
    case csv_value_type::text: break;
  }
  if (!is_valid_utf8(text)) bad_row(field, "is not valid UTF-8", "value.invalid_utf8");
  return value{std::string(text)};
}

// The ids of all the files: as they are with one ID space, "Space:id" with several.
class id_spaces {
 public:
  void add(const std::string& space) { spaces_.insert(space); }
  [[nodiscard]] bool known(const std::string& space) const { return spaces_.count(space) > 0; }
  [[nodiscard]] std::string qualify(const std::string& space, std::string_view id) const {
    if (spaces_.size() <= 1 || space.empty()) return std::string(id);
    return space + ":" + std::string(id);
  }

 private:
  std::set<std::string> spaces_;
};

// Where a group's rows come from: its files one after another, or a stream.
struct group_input {
  neo4j_csv_group::kind what;
  std::vector<std::string> labels;
  std::string type;
  std::vector<std::filesystem::path> files;  // empty for a stream
  std::istream* stream = nullptr;
  std::string stream_origin;
  std::vector<csv_column> header;
};

class neo4j_reader {
 public:
  neo4j_reader(const graph& g, import_pipeline& pipeline, const neo4j_csv_options& options, const id_spaces& spaces)
      : s_(g.schema()), pipeline_(pipeline), options_(options), spaces_(spaces) {}

  void rows(const group_input& group, csv_reader& reader, std::vector<std::string>& fields) {
    while (reader.next(fields)) {
      pipeline_.read_line(reader.line());
      try {
        if (fields.size() > group.header.size())
          bad_row("", "the row has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(group.header.size()),
                  "import.bad_csv");
        if (group.what == neo4j_csv_group::kind::nodes) pipeline_.entity(node(group, reader.line(), fields));
        else pipeline_.relation(relationship(group, reader.line(), fields));
      } catch (const row_error& e) {
        pipeline_.bad_record(reader.line(), e.field, e.id, e.problem);
      } catch (const json_field_error& e) {
        pipeline_.bad_record(reader.line(), "_dossier." + e.field, e.id, e.problem);
      }
    }
    pipeline_.read_line(reader.lines_read());
  }

 private:
  // The values of a property column: one, or an array's elements; none for an empty field.
  void column_values(const csv_column& c, std::string_view text, std::vector<import_property>& into) const {
    if (text.empty()) return;
    if (!c.array) {
      into.push_back({c.name, {typed_value(text, c.type, c.header)}});
      return;
    }
    for (const auto item : split(text, options_.array_delimiter))
      if (!item.empty()) into.push_back({c.name, {typed_value(item, c.type, c.header)}});
  }

  import_entity node(const group_input& group, std::size_t line, const std::vector<std::string>& fields) {
    import_entity e{.line = line};
    std::vector<std::string_view> labels(group.labels.begin(), group.labels.end());
    const std::string* extra = nullptr;
    for (std::size_t i = 0; i < group.header.size(); ++i) {
      const auto& c = group.header[i];
      const std::string_view text = i < fields.size() ? std::string_view(fields[i]) : std::string_view();
      switch (c.role) {
        case csv_role::id: e.id = spaces_.qualify(c.space, text); break;
        case csv_role::label:
          for (const auto l : split(text, options_.array_delimiter))
            if (!l.empty()) labels.push_back(l);
          break;
        case csv_role::name: name_and_aliases(c, text, e); break;
        case csv_role::aliases:
          for (const auto a : split(text, options_.array_delimiter))
            if (!a.empty()) e.aliases.emplace_back(std::string(a));
          break;
        case csv_role::extra:
          if (!text.empty()) extra = &fields[i];
          break;
        case csv_role::property: column_values(c, text, e.properties); break;
        default: break;
      }
    }
    if (e.id.empty()) bad_row(id_header(group), "a node needs an id", "import.bad_id");
    e.type = type_of(labels);
    if (extra) apply_extra(*extra, &e.aliases, e.properties, nullptr);
    return e;
  }

  import_relation relationship(const group_input& group, std::size_t line, const std::vector<std::string>& fields) {
    import_relation r{.line = line, .type = group.type};
    const std::string* extra = nullptr;
    for (std::size_t i = 0; i < group.header.size(); ++i) {
      const auto& c = group.header[i];
      const std::string_view text = i < fields.size() ? std::string_view(fields[i]) : std::string_view();
      switch (c.role) {
        case csv_role::start: r.source = spaces_.qualify(c.space, text); break;
        case csv_role::end: r.target = spaces_.qualify(c.space, text); break;
        case csv_role::type:
          if (!text.empty()) r.type = std::string(text);
          break;
        case csv_role::relation_id: r.id = std::string(text); break;
        case csv_role::extra:
          if (!text.empty()) extra = &fields[i];
          break;
        case csv_role::property: column_values(c, text, r.properties); break;
        default: break;
      }
    }
    if (r.type.empty()) bad_row(":TYPE", "a relationship needs a type", "schema.unknown_type");
    if (extra) apply_extra(*extra, nullptr, r.properties, &r);
    return r;
  }

  static std::string id_header(const group_input& group) {
    for (const auto& c : group.header)
      if (c.role == csv_role::id) return c.header;
    return ":ID";
  }

  // An array-typed name column: the first name is the name, the others aliases.
  void name_and_aliases(const csv_column& c, std::string_view text, import_entity& e) const {
    const auto names = c.array ? split(text, options_.array_delimiter) : std::vector<std::string_view>{text};
    for (const auto n : names) {
      if (!is_valid_utf8(n)) bad_row(c.header, "is not valid UTF-8", "value.invalid_utf8");
      if (e.name.empty() && e.aliases.empty()) e.name = std::string(n);
      else if (!n.empty()) e.aliases.emplace_back(std::string(n));
    }
  }

  // The entity type the labels name: the most specific of them, the others its supertypes.
  std::string type_of(const std::vector<std::string_view>& labels) {
    std::string key;
    for (const auto l : labels) key.append(l).push_back('\x1f');
    if (const auto it = type_cache_.find(key); it != type_cache_.end()) return it->second;
    std::vector<entity_type_id> known;
    for (const auto l : labels) {
      if (const auto t = s_.try_entity_type(l)) known.push_back(*t);
      else if (!options_.ignore_unknown)
        bad_row(":LABEL", (s_.try_relation_type(l) ? quote(l) + " is a relation type, not an entity type" : "unknown label " + quote(l)) +
                              " (ignore_unknown leaves such labels out)",
                "schema.unknown_type");
    }
    if (known.empty()) bad_row(":LABEL", "no label names an entity type", "schema.unknown_type");
    const auto most = std::find_if(known.begin(), known.end(), [&](entity_type_id t) {
      return std::all_of(known.begin(), known.end(), [&](entity_type_id u) { return s_.is_a(t, u); });
    });
    if (most == known.end())
      bad_row(":LABEL", "the labels name types that are not one another's supertypes: " + quote(key.substr(0, key.size() - 1)),
              "schema.unknown_type");
    return type_cache_[key] = s_.name(*most);
  }

  // The _dossier column: what CSV cannot say (io/neo4j_csv.hpp).
  void apply_extra(const std::string& text, std::vector<alias>* aliases, std::vector<import_property>& props, import_relation* r) const {
    json_element doc;
    if (const auto code = json_.parse_copy(text, doc); code == simdjson::DEPTH_ERROR)
      bad_row("_dossier", "JSON nests too deep", "import.too_deep");
    else if (code != simdjson::SUCCESS)
      bad_row("_dossier", "is not valid JSON: " + quote(text), "import.bad_json");
    if (doc.type() != json_type::OBJECT) bad_row("_dossier", "must be a JSON object", "import.bad_json");
    if (const auto a = member(doc, "aliases"); a && aliases) *aliases = aliases_from_json(*a);
    if (const auto c = member(doc, "citations"); c && r) r->citations = citations_from_json(*c, "citations");
    if (const auto v = member(doc, "valid"); v && r) r->valid = valid_from_json(*v, "valid");
    if (const auto values = member(doc, "values")) {
      if (values->type() != json_type::OBJECT) bad_json_field("values", "must be an object of lists");
      for (const auto [key, list] : json_as<json_object>(*values)) {
        const std::string name(key), field = "values." + name;
        if (list.type() != json_type::ARRAY) bad_json_field(field, "must be a list");
        for (json_element v : json_as<json_array>(list)) props.push_back({name, {value_from_json(v, field)}});
      }
    }
    if (const auto ev = member(doc, "evidence")) apply_evidence(*ev, props);
  }

  // Evidence per value, in the order the property's values were read.
  static void apply_evidence(json_element ev, std::vector<import_property>& props) {
    if (ev.type() != json_type::OBJECT) bad_json_field("evidence", "must be an object of lists");
    for (const auto [key, list] : json_as<json_object>(ev)) {
      const std::string name(key), field = "evidence." + name;
      if (list.type() != json_type::ARRAY) bad_json_field(field, "must be a list, one entry per value");
      std::vector<json_element> entries;
      for (json_element entry : json_as<json_array>(list)) entries.push_back(entry);
      std::size_t k = 0;
      for (auto& p : props) {
        if (p.name != name) continue;
        if (k >= entries.size()) break;
        evidence_from_json(entries[k++], field, p.value);
      }
      if (k != entries.size()) bad_json_field(field, "has " + std::to_string(entries.size()) + " entries for " + std::to_string(k) + " values");
    }
  }

  const schema& s_;
  import_pipeline& pipeline_;
  const neo4j_csv_options& options_;
  const id_spaces& spaces_;
  mutable json_parser json_;  // for the _dossier column; each row's element is read before the next
  std::unordered_map<std::string, std::string> type_cache_;
};

std::unique_ptr<std::istream> open_file(const std::filesystem::path& path) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) throw io_error("io.cannot_open", path.string() + ": cannot open for reading");
  return in;
}

// Reads a group's header: the first record of its first file.
std::vector<csv_column> read_header(csv_reader& reader, const graph& g, neo4j_csv_group::kind what, const neo4j_csv_options& o,
                                    const std::string& origin) {
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw import_error("import.bad_header", origin, 1, "", "the file is empty: it needs a header");
  return parse_neo4j_header(fields, what, g.schema(), o.ignore_unknown, origin, reader.line());
}

import_report run(graph& g, std::vector<group_input>& groups, const import_options& options, const neo4j_csv_options& csv) {
  if (groups.empty()) throw io_error("io.no_input", "import_neo4j_csv: no files to read");
  // Headers first: the ID spaces of all node files decide how ids are written.
  id_spaces spaces;
  const auto origin_of = [](const group_input& gi) { return gi.files.empty() ? gi.stream_origin : gi.files.front().string(); };
  std::vector<std::unique_ptr<std::istream>> first_files(groups.size());
  std::vector<std::unique_ptr<csv_reader>> readers(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    auto& gi = groups[i];
    if (gi.files.empty() && !gi.stream) throw io_error("io.no_input", "import_neo4j_csv: a group has no files");
    std::istream* in = gi.stream;
    if (!gi.files.empty()) in = (first_files[i] = open_file(gi.files.front())).get();
    readers[i] = std::make_unique<csv_reader>(*in, csv.delimiter, csv.quote, origin_of(gi));
    gi.header = read_header(*readers[i], g, gi.what, csv, origin_of(gi));
    for (const auto& c : gi.header)
      if (c.role == csv_role::id) spaces.add(c.space);
  }
  for (const auto& gi : groups)
    for (const auto& c : gi.header)
      if ((c.role == csv_role::start || c.role == csv_role::end) && !spaces.known(c.space))
        throw import_error("import.unknown_id_space", origin_of(gi), 1, c.header,
                           "no node file has the ID space " + quote(c.space.empty() ? "(the default)" : c.space));
  import_pipeline pipeline(g, options, origin_of(groups.front()),
                           {.type = ":LABEL", .relation_type = ":TYPE", .id = ":ID", .source = ":START_ID", .target = ":END_ID",
                            .properties = "", .citations = "_dossier.citations", .valid = "_dossier.valid"});
  neo4j_reader reader(g, pipeline, csv, spaces);
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    auto& gi = groups[i];
    pipeline.begin_file(origin_of(gi));
    reader.rows(gi, *readers[i], fields);
    readers[i].reset();
    first_files[i].reset();
    for (std::size_t f = 1; f < gi.files.size(); ++f) {  // the group's further files: rows only
      pipeline.begin_file(gi.files[f].string());
      const auto in = open_file(gi.files[f]);
      csv_reader more(*in, csv.delimiter, csv.quote, gi.files[f].string());
      reader.rows(gi, more, fields);
    }
  }
  return pipeline.finish();
}

}  // namespace

import_report import_neo4j_csv(graph& g, std::span<const neo4j_csv_group> groups, const import_options& options,
                               const neo4j_csv_options& csv) {
  std::vector<group_input> inputs;
  for (const auto& group : groups) inputs.push_back({group.what, group.labels, group.type, group.files, nullptr, {}, {}});
  return run(g, inputs, options, csv);
}

import_report import_neo4j_csv(graph& g, std::span<const neo4j_csv_stream> streams, const import_options& options,
                               const neo4j_csv_options& csv) {
  std::vector<group_input> inputs;
  for (const auto& s : streams) inputs.push_back({s.what, s.labels, s.type, {}, s.in, s.origin, {}});
  return run(g, inputs, options, csv);
}

import_report import_neo4j_csv(graph& g, const std::filesystem::path& directory, const import_options& options,
                               const neo4j_csv_options& csv) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) throw io_error("io.not_a_directory", directory.string() + ": is not a directory");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  // Node files before relationship files, each kind in name order, so that errors come in a
  // stable order; the kind is the header's.
  std::vector<neo4j_csv_group> groups;
  for (const auto& f : files) {
    const auto in = open_file(f);
    std::string first_line;
    std::getline(*in, first_line);
    const bool rels = first_line.find(":START_ID") != std::string::npos;
    groups.push_back({rels ? neo4j_csv_group::kind::relationships : neo4j_csv_group::kind::nodes, {f}});
  }
  std::stable_partition(groups.begin(), groups.end(), [](const auto& gr) { return gr.what == neo4j_csv_group::kind::nodes; });
  if (groups.empty()) throw io_error("io.no_input", directory.string() + ": has no .csv files");
  return import_neo4j_csv(g, std::span<const neo4j_csv_group>(groups), options, csv);
}

DOSSIER_NAMESPACE_END
