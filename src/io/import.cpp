// The import pipeline: records from any reader, staged, resolved, coerced, and applied all or
// nothing through graph::append.
#include <dossier/io/import.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <cmath>
#include <unordered_set>
#include <type_traits>

DOSSIER_NAMESPACE_BEGIN

namespace {

struct record_failure {
  std::string field, id, problem;
};

[[noreturn]] void fail_field(std::string field, std::string_view id, std::string problem) {
  throw record_failure{std::move(field), std::string(id), std::move(problem)};
}

std::optional<std::int64_t> parse_integer(std::string_view s) {
  std::int64_t v = 0;
  const auto* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || p != end || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> parse_real(std::string_view s) {
  double v = 0;
  const auto* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || p != end || s.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A value as read, turned into the declared kind where text formats need it (import.hpp).
value coerce(const value& v, value_kind declared, const std::string& field) {
  if (v.kind() == declared || v.is_null()) return v;
  if (const auto* items = v.get_if<value::list_type>()) {
    if (declared == value_kind::list) return v;
    value::list_type out;
    out.reserve(items->size());
    for (const auto& item : *items) out.push_back(coerce(item, declared, field));
    return value{std::move(out)};
  }
  if (const auto* n = v.get_if<std::int64_t>(); n && declared == value_kind::date) {
    if (*n < -9999 || *n > 9999) fail_field(field, "value.bad_date", "year " + std::to_string(*n) + " is outside -9999..9999");
    return value{date(static_cast<int>(*n))};
  }
  const auto* s = v.get_if<std::string>();
  if (!s) return v;  // the store refuses other kinds, naming both
  try {
    switch (declared) {
      case value_kind::date: return value{parse_date(*s)};
      case value_kind::money: return value{parse_money(*s)};
      case value_kind::integer: {
        if (const auto i = parse_integer(*s)) return value{*i};
        fail_field(field, "import.bad_value", "expects an integer, got " + quote(*s));
      }
      case value_kind::real: {
        if (const auto r = parse_real(*s)) return value{*r};
        fail_field(field, "import.bad_value", "expects a number, got " + quote(*s));
      }
      case value_kind::boolean: {
        if (*s == "true" || *s == "false") return value{*s == "true"};
        fail_field(field, "import.bad_value", "expects true or false, got " + quote(*s));
      }
      default: return v;
    }
  } catch (const value_error& e) {
    fail_field(field, e.id(), std::string(e.message()));
  }
}

}  // namespace

struct import_pipeline::state {
  graph& g;
  import_options options;
  std::vector<std::string> origins;  // the files read, in order
  std::uint32_t file = 0;            // the one being read
  import_fields fields;
  std::size_t lines = 0, records = 0;  // lines: of every file read so far
  std::size_t lines_before = 0;        // of the files before the one being read
  import_report report;

  struct staged_entity {
    import_entity record;
    std::uint32_t file;
    entity_type_id type;
    std::vector<property_id> properties;  // per record property: an id, or one past the schema's (new)
    std::size_t as_text = 0;
    bool dropped = false;
  };
  struct staged_relation {
    import_relation record;
    std::uint32_t file;
    relation_type_id type;
    std::vector<property_id> properties;
    std::size_t as_text = 0;
  };
  std::vector<staged_entity> entities;
  std::vector<staged_relation> relations;
  std::unordered_map<std::string, std::size_t> by_id;
  std::vector<std::string> new_properties;
  std::unordered_map<std::string, std::size_t> new_property_index;

  state(graph& graph_, import_options o, std::string from, import_fields f)
      : g(graph_), options(std::move(o)), origins{std::move(from)}, fields(std::move(f)) {}

  // Reports or raises a record's failure: raising in strict mode, reporting when skipping.
  void failed(std::uint32_t in_file, std::size_t line, const record_failure& f) {
    const auto& origin = origins[in_file];
    if (!options.skip_bad_lines) throw import_error(std::string_view(f.id).substr(f.id.starts_with("dossier.") ? 8 : 0), origin, line, f.field, f.problem);
    report.skipped.push_back({line, f.field, f.problem, f.id.starts_with("dossier.") ? f.id : "dossier." + f.id, origin});
  }

  // A field as the store names it ("properties.startDate", "source"), as the format names it.
  [[nodiscard]] std::string field_name(std::string_view store_field, bool relation) const {
    if (store_field == "type") return relation ? relation_type_field() : fields.type;
    if (store_field == "id") return fields.id;
    if (store_field == "source") return fields.source;
    if (store_field == "target") return fields.target;
    if (store_field == "name") return fields.name;
    if (store_field == "aliases") return fields.aliases;
    if (store_field.starts_with("properties.")) return fields.properties + std::string(store_field.substr(11));
    if (store_field.starts_with("citations")) return fields.citations + std::string(store_field.substr(9));
    if (store_field.starts_with("valid")) return fields.valid + std::string(store_field.substr(5));
    return std::string(store_field);
  }
  [[nodiscard]] const std::string& relation_type_field() const { return fields.relation_type.empty() ? fields.type : fields.relation_type; }

  property_id property_for(const std::string& name) {
    if (const auto p = g.schema().try_property(name)) return *p;
    auto [it, fresh] = new_property_index.try_emplace(name, new_properties.size());
    if (fresh) new_properties.push_back(name);
    return static_cast<property_id>(g.schema().property_count() + it->second);
  }

  // Ids for the record's properties, its values coerced; a lenient property keeps text that
  // does not read as its kind, and says so. Returns how many values were kept as text.
  template <class Type>
  std::size_t stage_properties(Type type, std::vector<import_property>& props, std::size_t line, std::vector<property_id>& ids) {
    std::size_t as_text = 0;
    for (auto& p : props) {
      const std::string field = fields.properties + p.name;
      const auto pid = property_for(p.name);
      if (const auto* def = g.schema().find_property(type, pid)) {
        try {
          p.value.val = coerce(p.value.val, def->kind, field);
        } catch (const record_failure& f) {
          if (!def->lenient || !p.value.val.get_if<std::string>()) throw;
          import_issue issue{line, f.field, f.problem + "; kept as text", f.id.starts_with("dossier.") ? f.id : "dossier." + f.id};
          // A record that becomes several relations (an edge with several ends) says it once.
          const auto& kept = report.kept_as_text;
          if (kept.empty() || kept.back().line != line || kept.back().field != issue.field || kept.back().problem != issue.problem)
            report.kept_as_text.push_back(std::move(issue));
          ++as_text;
        }
      }
      ids.push_back(pid);
    }
    return as_text;
  }

  // What each line's record became: its entity, its relations (an edge's pairs and its
  // references), its values and those kept as text.
  void account(const append_result& applied, const std::vector<std::size_t>& entity_of_row, const std::vector<std::size_t>& relation_of_row) {
    std::map<std::pair<std::uint32_t, std::size_t>, record_account> by_line;  // by file, then line
    const auto of = [&](std::uint32_t in_file, std::size_t line, const std::string& id) -> record_account& {
      auto& a = by_line[{in_file, line}];
      a.origin = origins[in_file];
      a.line = line;
      if (a.id.empty()) a.id = id;
      return a;
    };
    for (const auto& e : entities) (void)of(e.file, e.record.line, e.record.id);
    for (const auto& r : relations) (void)of(r.file, r.record.line, r.record.id);
    for (const auto& issue : report.skipped) (void)of(file_index(issue.origin), issue.line, {});
    for (std::size_t row = 0; row < applied.entities.size(); ++row) {
      if (is_null(applied.entities[row])) continue;
      const auto& e = entities[entity_of_row[row]];
      auto& a = of(e.file, e.record.line, e.record.id);
      a.entities = 1;
      a.values += e.record.properties.size();
      a.as_text += e.as_text;
    }
    for (std::size_t row = 0; row < applied.relations.size(); ++row) {
      if (is_null(applied.relations[row])) continue;
      const auto& r = relations[relation_of_row[row]];
      auto& a = of(r.file, r.record.line, r.record.id);
      ++a.relations;
      a.values += r.record.properties.size();
      a.as_text += r.as_text;
    }
    for (auto& [where, a] : by_line) {
      a.skipped = a.entities == 0 && a.relations == 0;
      report.records.push_back(std::move(a));
    }
  }

  [[nodiscard]] std::uint32_t file_index(const std::string& origin) const {
    const auto it = std::find(origins.begin(), origins.end(), origin);
    return static_cast<std::uint32_t>(it - origins.begin());
  }

  // Skipped records in reading order: by file, then by line.
  void sort_skipped() {
    std::stable_sort(report.skipped.begin(), report.skipped.end(), [&](const import_issue& a, const import_issue& b) {
      return std::pair(file_index(a.origin), a.line) < std::pair(file_index(b.origin), b.line);
    });
  }

  void progress(import_progress::phase p, std::size_t n, std::size_t total) const {
    if (options.progress && options.progress_every && n % options.progress_every == 0) options.progress({p, lines, n, total});
  }
};

import_pipeline::import_pipeline(graph& g, import_options options, std::string origin, import_fields fields)
    : s_(std::make_unique<state>(g, std::move(options), std::move(origin), std::move(fields))) {}
import_pipeline::~import_pipeline() = default;

const std::string& import_pipeline::origin() const noexcept { return s_->origins[s_->file]; }

void import_pipeline::begin_file(std::string origin) {
  if (s_->records == 0 && s_->lines == 0 && s_->origins.size() == 1) {
    s_->origins[0] = std::move(origin);  // nothing read from the first yet: it is this one
    return;
  }
  s_->origins.push_back(std::move(origin));
  s_->file = static_cast<std::uint32_t>(s_->origins.size() - 1);
  s_->lines_before = s_->lines;
}

void import_pipeline::read_line(std::size_t line) {
  s_->lines = std::max(s_->lines, s_->lines_before + line);
  if (s_->options.progress && s_->options.progress_every && line % s_->options.progress_every == 0)
    s_->options.progress({import_progress::phase::reading, line, s_->records, 0});
}

void import_pipeline::bad_record(std::size_t line, std::string field, std::string_view id, const std::string& problem) {
  s_->failed(s_->file, line, {std::move(field), std::string(id), problem});
}

void import_pipeline::entity(import_entity e) {
  auto& s = *s_;
  ++s.records;
  try {
    if (e.id.empty() || e.id[0] == '#') fail_field(s.fields.id, "import.bad_id", "must be non-empty and must not start with '#'");
    if (const auto it = s.by_id.find(e.id); it != s.by_id.end()) {
      const auto& first = s.entities[it->second];
      fail_field(s.fields.id, "import.duplicate_id",
                 quote(e.id) + " is already used on line " + std::to_string(first.record.line) +
                     (first.file == s.file ? std::string() : " of " + s.origins[first.file]));
    }
    const auto type = s.g.schema().try_entity_type(e.type);
    if (!type)
      fail_field(s.fields.type, "schema.unknown_type",
                 s.g.schema().try_relation_type(e.type) ? quote(e.type) + " is a relation type, but the record is an entity"
                                                        : "unknown entity type " + quote(e.type));
    std::vector<property_id> ids;
    const auto as_text = s.stage_properties(*type, e.properties, e.line, ids);
    s.by_id.emplace(e.id, s.entities.size());
    s.entities.push_back({std::move(e), s.file, *type, std::move(ids), as_text});
  } catch (const record_failure& f) {
    s.failed(s.file, e.line, f);
  }
}

void import_pipeline::relation(import_relation r) {
  auto& s = *s_;
  ++s.records;
  try {
    const auto type = s.g.schema().try_relation_type(r.type);
    if (!type)
      fail_field(s.relation_type_field(), "schema.unknown_type",
                 s.g.schema().try_entity_type(r.type) ? quote(r.type) + " is an entity type, but the record is a relation"
                                                      : "unknown relation type " + quote(r.type));
    std::vector<property_id> ids;
    const auto as_text = s.stage_properties(*type, r.properties, r.line, ids);
    s.relations.push_back({std::move(r), s.file, *type, std::move(ids), as_text});
  } catch (const record_failure& f) {
    s.failed(s.file, r.line, f);
  }
}

namespace {

// Record references to entity ids: a record of the input (row k of the batch, entity_slots() + k),
// else an entity of the graph with that external id, else "#N" for entity N of the graph.
class resolver {
 public:
  resolver(const graph& g, const std::unordered_map<std::string, std::size_t>& by_id, const std::vector<std::uint32_t>& row_of)
      : g_(g), first_(g.entity_slots()), by_id_(by_id), row_of_(row_of) {}

  // A cited source: records cite the same few over and over (an FtM dataset on every
  // statement), so the last one is remembered.
  // `field` names the field, only when there is a problem to report (building the name for
  // every citation cost an allocation each).
  template <class Field>
  [[nodiscard]] entity_id source(const std::string& ref, const Field& field) const {
    if (!last_source_.empty() && ref == last_source_) return last_source_id_;
    const auto id = (*this)(ref, field);
    last_source_ = ref;
    last_source_id_ = id;
    return id;
  }

  template <class Field>
  [[nodiscard]] entity_id operator()(const std::string& ref, const Field& field) const {
    const auto name = [&]() -> std::string {
      if constexpr (std::is_invocable_v<Field>) return field();
      else return field;
    };
    if (const auto it = by_id_.find(ref); it != by_id_.end()) {
      if (row_of_[it->second] == detail::npos32)
        fail_field(name(), "import.unknown_reference", quote(ref) + " is a record that was left out");
      return static_cast<entity_id>(first_ + row_of_[it->second]);
    }
    if (const auto known = g_.find_external(ref)) return *known;
    if (!ref.empty() && ref[0] == '#') {
      std::uint64_t n = 0;
      bool digits = ref.size() > 1 && ref.size() <= 11;
      for (std::size_t i = 1; digits && i < ref.size(); ++i) {
        digits = ref[i] >= '0' && ref[i] <= '9';
        n = n * 10 + static_cast<std::uint64_t>(ref[i] - '0');
      }
      if (digits && n < detail::npos32 - 1 && n < first_) return static_cast<entity_id>(n);
      fail_field(name(), "import.unknown_reference", quote(ref) + " is not an entity of the graph");
    }
    fail_field(name(), "import.unknown_reference", quote(ref) + " is not an entity of this file or the graph");
  }

 private:
  const graph& g_;
  std::uint32_t first_;
  const std::unordered_map<std::string, std::size_t>& by_id_;
  const std::vector<std::uint32_t>& row_of_;
  mutable std::string last_source_;
  mutable entity_id last_source_id_ = null_entity;
};

// The evidence of a property's value (`property` names it) or of a relation (property null).
evidence resolve_evidence(const resolver& resolve, const import_value& v, const import_fields& fields, const std::string* property) {
  evidence ev;
  ev.valid = v.valid;
  const auto source_field = [&] {
    return (property ? fields.properties + *property + "." + fields.citations : fields.citations) + ".source";
  };
  ev.citations.reserve(v.citations.size());
  for (const auto& c : v.citations) ev.citations.push_back({resolve.source(c.source, source_field), c.quote, c.confidence, c.first_seen, c.last_seen});
  return ev;
}

}  // namespace

import_report import_pipeline::finish() {
  auto& s = *s_;
  // Entities citing a source that is not there go, and in skip mode that can cascade (a source
  // left out takes the entities citing it along): repeat until nothing changes.
  std::vector<std::uint32_t> row_of(s.entities.size(), detail::npos32);
  const auto assign_rows = [&] {
    std::uint32_t row = 0;
    for (std::size_t i = 0; i < s.entities.size(); ++i) row_of[i] = s.entities[i].dropped ? detail::npos32 : row++;
  };
  for (bool changed = true; changed;) {
    changed = false;
    assign_rows();
    const resolver resolve(s.g, s.by_id, row_of);
    for (auto& e : s.entities) {
      if (e.dropped) continue;
      try {
        for (const auto& p : e.record.properties) (void)resolve_evidence(resolve, p.value, s.fields, &p.name);
      } catch (const record_failure& f) {
        s.failed(e.file, e.record.line, f);
        e.dropped = changed = true;
      }
    }
  }
  assign_rows();
  batch b;
  b.entities.reserve(s.entities.size());
  b.relations.reserve(s.relations.size());
  std::vector<std::size_t> entity_of_row;
  {
    const resolver resolve(s.g, s.by_id, row_of);
    for (std::size_t i = 0; i < s.entities.size(); ++i) {
      auto& e = s.entities[i];
      if (e.dropped) continue;
      entity_row out{e.type, std::move(e.record.name), std::move(e.record.aliases), {}, e.record.id, e.record.implied};
      for (std::size_t k = 0; k < e.record.properties.size(); ++k) {
        auto& p = e.record.properties[k];
        out.properties.push_back({e.properties[k], std::move(p.value.val), resolve_evidence(resolve, p.value, s.fields, &p.name)});
      }
      b.entities.push_back(std::move(out));
      std::vector<import_property>().swap(e.record.properties);  // the record is read: free it, so the peak stays low
      entity_of_row.push_back(i);
      s.progress(import_progress::phase::validating, entity_of_row.size(), s.records);
    }
  }
  const resolver resolve(s.g, s.by_id, row_of);
  std::vector<std::size_t> relation_of_row;
  for (std::size_t i = 0; i < s.relations.size(); ++i) {
    auto& r = s.relations[i];
    try {
      relation_row out{resolve(r.record.source, s.fields.source), resolve(r.record.target, s.fields.target), r.type,
                       resolve_evidence(resolve, {value{}, std::move(r.record.citations), r.record.valid}, s.fields, nullptr), {}, r.record.id};
      for (std::size_t k = 0; k < r.record.properties.size(); ++k) {
        auto& p = r.record.properties[k];
        out.properties.push_back({r.properties[k], std::move(p.value.val), resolve_evidence(resolve, p.value, s.fields, &p.name)});
      }
      b.relations.push_back(std::move(out));
      std::vector<import_property>().swap(r.record.properties);
      relation_of_row.push_back(i);
      s.progress(import_progress::phase::validating, entity_of_row.size() + relation_of_row.size(), s.records);
    } catch (const record_failure& f) {
      s.failed(r.file, r.record.line, f);
    }
  }
  b.new_properties = s.new_properties;
  // The store checks every row, then applies them all.
  const auto line_of = [&](const batch_problem& p) {
    return p.relation ? s.relations[relation_of_row[p.row]].record.line : s.entities[entity_of_row[p.row]].record.line;
  };
  const auto origin_of = [&](const batch_problem& p) -> const std::string& {
    return s.origins[p.relation ? s.relations[relation_of_row[p.row]].file : s.entities[entity_of_row[p.row]].file];
  };
  const auto field_of = [&](const batch_problem& p) { return s.field_name(p.field, p.relation); };
  append_options o{.skip_bad_rows = s.options.skip_bad_lines, .on_repeat = s.options.on_repeat};
  if (s.options.progress)
    o.progress = [&](std::size_t done, std::size_t total) { s.options.progress({import_progress::phase::applying, s.lines, done, total}); };
  o.progress_every = s.options.progress_every;
  append_result applied;
  try {
    applied = s.options.apply ? s.options.apply(std::move(b), o) : s.g.append(std::move(b), o);
  } catch (const batch_error& e) {
    const auto& p = e.problem();
    throw import_error(std::string_view(p.id).substr(8), origin_of(p), line_of(p), field_of(p), p.message);
  }
  for (const auto& p : applied.skipped) s.report.skipped.push_back({line_of(p), field_of(p), p.message, p.id, origin_of(p)});
  for (std::size_t row = 0; row < applied.entities.size(); ++row) {
    if (is_null(applied.entities[row])) continue;
    const auto& e = s.entities[entity_of_row[row]];
    s.report.ids[e.record.id] = applied.entities[row];
    ++s.report.entities;
    if (s.g.is_source(applied.entities[row])) ++s.report.sources;
  }
  for (auto r : applied.relations) s.report.relations += !is_null(r);
  if (s.options.account_records) s.account(applied, entity_of_row, relation_of_row);
  s.sort_skipped();
  s.report.lines = s.lines;
  if (s.options.progress) s.options.progress({import_progress::phase::done, s.lines, s.records, s.records});
  return std::move(s.report);
}

DOSSIER_NAMESPACE_END
