// JSON Lines import and export. nlohmann/json stays in this translation unit.
#include <dossier/io/jsonl.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <istream>
#include <ostream>
#include <set>

DOSSIER_NAMESPACE_BEGIN

namespace {

using json = nlohmann::json;

struct bad_field {
  std::string field, problem;
};

// Records parsed and checked, ready to apply without failing. Citation sources stay record
// ids (or "#N" for entities already in the graph) until the sources exist.
struct staged_citation {
  std::string source;
  citation c;
};
struct staged_property {
  std::string name;
  value val;
  std::vector<staged_citation> cites;
  valid_time valid;
};
struct staged_entity {
  std::size_t line;
  std::string id;
  entity_type_id type;
  std::string name;
  std::vector<alias> aliases;
  std::vector<staged_property> properties;
  bool is_source = false;
  bool skipped = false;
};
struct staged_relation {
  std::size_t line;
  relation_type_id type;
  std::string source, target;
  std::vector<property_input> properties;
  std::vector<staged_citation> cites;
  valid_time valid;
};

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string need_string(const json& obj, const char* key, bool required = true) {
  const json* v = member(obj, key);
  if (!v) {
    if (required) throw bad_field{key, "is missing"};
    return {};
  }
  if (!v->is_string()) throw bad_field{key, "must be a string"};
  auto s = v->get<std::string>();
  if (!is_valid_utf8(s)) throw bad_field{key, "is not valid UTF-8"};
  return s;
}

date to_date(const json& v, const std::string& field) {
  if (v.is_number_integer()) return date(v.get<int>());
  if (!v.is_string()) throw bad_field{field, "expects a date string such as \"2019\" or \"2022-06\""};
  try {
    return parse_date(v.get<std::string>());
  } catch (const value_error& e) {
    throw bad_field{field, e.what()};
  }
}

// Converts one JSON value to a dossier value of the declared kind (or infers it).
value to_value(const json& v, std::optional<value_kind> kind, const std::string& field) {
  if (v.is_null()) return value{};
  if (v.is_array() && kind && *kind != value_kind::list) {
    // A list value of a declared scalar kind (the rich form's "value": [...]).
    value::list_type items;
    for (const auto& item : v) {
      if (item.is_array()) throw bad_field{field, "lists cannot nest"};
      items.push_back(to_value(item, kind, field));
    }
    return value{std::move(items)};
  }
  try {
    const auto k = kind.value_or(v.is_boolean() ? value_kind::boolean
                                 : v.is_number_integer() ? value_kind::integer
                                 : v.is_number() ? value_kind::real
                                 : v.is_array() ? value_kind::list
                                                : value_kind::string);
    switch (k) {
      case value_kind::null: return value{};
      case value_kind::boolean:
        if (!v.is_boolean()) throw bad_field{field, "expects true or false"};
        return value{v.get<bool>()};
      case value_kind::integer:
        if (!v.is_number_integer()) throw bad_field{field, "expects an integer"};
        return value{v.get<std::int64_t>()};
      case value_kind::real:
        if (!v.is_number()) throw bad_field{field, "expects a number"};
        return value{v.get<double>()};
      case value_kind::string:
        if (!v.is_string()) throw bad_field{field, "expects a string"};
        return value{v.get<std::string>()};
      case value_kind::date: return value{to_date(v, field)};
      case value_kind::money:
        if (v.is_string()) return value{parse_money(v.get<std::string>())};
        if (v.is_object()) {
          const auto cur = currency(need_string(v, "currency"));
          if (member(v, "amount")) return value{money(parse_decimal(need_string(v, "amount")), cur)};
          return value{money(parse_decimal(need_string(v, "low")), parse_decimal(need_string(v, "high")), cur)};
        }
        throw bad_field{field, "expects money such as \"15000000 CNY\" or \"3 to 5 million CNY\""};
      case value_kind::list: {
        if (!v.is_array()) throw bad_field{field, "expects a list"};
        value::list_type items;
        for (const auto& item : v) items.push_back(to_value(item, std::nullopt, field));
        return value{std::move(items)};
      }
    }
  } catch (const value_error& e) {
    throw bad_field{field, e.what()};
  }
  throw bad_field{field, "unsupported value"};
}

json from_value(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return nullptr;
    case value_kind::boolean: return v.as_bool();
    case value_kind::integer: return v.as_int();
    case value_kind::real: return v.as_real();
    case value_kind::string: return v.as_string();
    case value_kind::date: return v.as_date().to_string();
    case value_kind::money: return v.as_money().to_string();
    case value_kind::list: {
      json a = json::array();
      for (const auto& item : v.as_list()) a.push_back(from_value(item));
      return a;
    }
  }
  return nullptr;
}

valid_time to_valid(const json& v) {
  if (!v.is_object()) throw bad_field{"valid", "must be an object with \"start\" and/or \"end\""};
  valid_time t;
  if (const json* s = member(v, "start"); s && !s->is_null()) t.start = to_date(*s, "valid.start");
  if (const json* e = member(v, "end"); e && !e->is_null()) t.end = to_date(*e, "valid.end");
  try {
    validate(t);
  } catch (const provenance_error& e) {
    throw bad_field{"valid", e.what()};
  }
  return t;
}

std::vector<staged_citation> to_citations(const json& v, const std::string& field) {
  if (!v.is_array()) throw bad_field{field, "must be a list of citations"};
  std::vector<staged_citation> out;
  for (const auto& c : v) {
    if (!c.is_object()) throw bad_field{field, "each citation must be an object"};
    citation ci;
    const auto src = need_string(c, "source");
    ci.quote = need_string(c, "quote", false);
    if (const json* conf = member(c, "confidence")) {
      if (!conf->is_number()) throw bad_field{field + ".confidence", "must be a number"};
      ci.confidence = conf->get<double>();
    }
    if (const json* fs = member(c, "first_seen")) ci.first_seen = to_date(*fs, field + ".first_seen");
    if (const json* ls = member(c, "last_seen")) ci.last_seen = to_date(*ls, field + ".last_seen");
    try {
      validate(ci);
    } catch (const error& e) {
      throw bad_field{field, e.what()};
    }
    out.push_back({src, std::move(ci)});
  }
  return out;
}

std::vector<alias> to_aliases(const json& v) {
  if (!v.is_array()) throw bad_field{"aliases", "must be a list"};
  std::vector<alias> out;
  for (const auto& a : v) {
    if (a.is_string()) out.emplace_back(a.get<std::string>());
    else if (a.is_object()) out.emplace_back(need_string(a, "name"), need_string(a, "lang", false));
    else throw bad_field{"aliases", "each alias must be a string or {\"name\", \"lang\"}"};
    if (!is_valid_utf8(out.back().name) || normalize_name(out.back().name).empty())
      throw bad_field{"aliases", "alias '" + out.back().name + "' is empty or not UTF-8"};
  }
  return out;
}

class importer {
 public:
  importer(graph& g, const import_options& o, std::string origin) : g_(g), o_(o), origin_(std::move(origin)) {
    if (auto d = g.schema().try_entity_type("Document")) document_ = *d;
  }

  // One pass reads and stages every record (the JSON is dropped as soon as a record is
  // staged); cross-record checks follow; only then is the graph touched.
  import_report run(std::istream& in) {
    read(in);
    check_entity_citations();
    check_relations();
    apply();
    report_.lines = lines_;
    if (o_.progress) o_.progress({import_progress::phase::done, lines_, records_, records_});
    return std::move(report_);
  }

 private:
  void fail(std::size_t line, const std::string& field, const std::string& problem) {
    if (!o_.skip_bad_lines) throw import_error(origin_, line, field, problem);
    report_.skipped.push_back({line, field, problem});
  }

  void progress(import_progress::phase p, std::size_t n) {
    if (o_.progress && o_.progress_every && n % o_.progress_every == 0) o_.progress({p, lines_, n, records_});
  }

  void read(std::istream& in) {
    std::string text;
    while (std::getline(in, text)) {
      ++lines_;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      const auto first = text.find_first_not_of(" \t");
      if (first == std::string::npos || text[first] == '#') continue;  // blank lines and comments
      json doc;
      try {
        doc = json::parse(text);
      } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e999
        fail(lines_, "", std::string("not valid JSON: ") + e.what());
        continue;
      }
      if (!doc.is_object()) {
        fail(lines_, "", "a record must be a JSON object");
        continue;
      }
      ++records_;
      if (is_relation(doc)) stage_relation(lines_, doc);
      else stage_entity(lines_, doc);
      if (o_.progress && o_.progress_every && lines_ % o_.progress_every == 0)
        o_.progress({import_progress::phase::reading, lines_, records_, 0});
    }
    if (in.bad()) throw import_error(origin_, lines_, "", "read failed");
  }

  static bool is_relation(const json& doc) { return member(doc, "source") || member(doc, "target"); }

  static bool kind_fits(value_kind declared, const value& v) {
    if (v.kind() == declared || v.is_null()) return true;
    if (declared == value_kind::real && v.kind() == value_kind::integer) return true;
    if (v.kind() == value_kind::list) {
      for (const auto& item : v.as_list())
        if (item.kind() == value_kind::list || !kind_fits(declared, item)) return false;
      return true;
    }
    return false;
  }

  void stage_entity(std::size_t line, const json& doc) {
    const auto& s = g_.schema();
    try {
      staged_entity e;
      e.line = line;
      e.id = need_string(doc, "id");
      if (e.id.empty() || e.id[0] == '#') throw bad_field{"id", "must be non-empty and must not start with '#'"};
      if (by_id_.count(e.id)) throw bad_field{"id", "'" + e.id + "' is already used on line " + std::to_string(entities_[by_id_[e.id]].line)};
      const auto schema_name = need_string(doc, "schema");
      const auto t = s.try_entity_type(schema_name);
      if (!t) throw bad_field{"schema", s.try_relation_type(schema_name) ? "'" + schema_name + "' is a relation type: a relation needs \"source\" and \"target\""
                                                                       : "unknown entity type '" + schema_name + "'"};
      if (s.info(*t).abstract) throw bad_field{"schema", "entity type '" + schema_name + "' is abstract"};
      e.type = *t;
      e.is_source = !is_null(document_) && s.is_a(e.type, document_);
      const json* props = member(doc, "properties");
      if (props && !props->is_object()) throw bad_field{"properties", "must be an object"};
      e.name = need_string(doc, "name", false);
      if (e.name.empty() && props) {  // FtM keeps names in properties.name
        if (const json* n = member(*props, "name")) {
          if (n->is_array() && !n->empty() && (*n)[0].is_string()) e.name = (*n)[0].get<std::string>();
          else if (n->is_string()) e.name = n->get<std::string>();
        }
      }
      if (e.name.empty() || !is_valid_utf8(e.name) || normalize_name(e.name).empty())
        throw bad_field{"name", "is missing, empty or not UTF-8"};
      if (const json* a = member(doc, "aliases")) e.aliases = to_aliases(*a);
      std::vector<staged_citation> record_cites;
      if (const json* c = member(doc, "citations")) record_cites = to_citations(*c, "citations");
      valid_time record_valid;
      if (const json* v = member(doc, "valid")) record_valid = to_valid(*v);
      if (props) {
        for (auto it = props->begin(); it != props->end(); ++it) {
          if (it.key() == "name") continue;
          const std::string field = "properties." + it.key();
          const auto pid = s.try_property(it.key());
          const property_def* def = pid ? s.find_property(e.type, *pid) : nullptr;
          if (!def && !s.info(e.type).open)
            throw bad_field{field, "entity type '" + schema_name + "' has no property '" + it.key() + "'"};
          const auto kind = def ? std::optional<value_kind>(def->kind) : std::nullopt;
          const auto one = [&](const json& item) {
            staged_property p{it.key(), {}, record_cites, record_valid};
            if (item.is_object() && member(item, "value")) {  // rich form: a value with its own evidence
              p.val = to_value(item["value"], kind, field);
              if (const json* c = member(item, "citations")) {
                auto own = to_citations(*c, field + ".citations");
                p.cites.insert(p.cites.end(), own.begin(), own.end());
              }
              if (const json* v = member(item, "valid")) p.valid = to_valid(*v);
            } else {
              p.val = to_value(item, kind, field);
            }
            if (def && !kind_fits(def->kind, p.val))
              throw bad_field{field, "expects " + std::string(to_string(def->kind)) + ", got " + std::string(to_string(p.val.kind()))};
            e.properties.push_back(std::move(p));  // nulls too: "known to be empty" round-trips
          };
          // An array lists several values (FtM style), each its own statement.
          if (it->is_array()) {
            for (const auto& item : *it) one(item);
          } else {
            one(*it);
          }
        }
      }
      by_id_[e.id] = entities_.size();
      entities_.push_back(std::move(e));
    } catch (const bad_field& b) {
      fail(line, b.field, b.problem);
    }
  }

  // The entity type a reference names: "#N" for an entity of the graph, else a record id.
  std::optional<entity_type_id> type_of(const std::string& ref) const {
    if (!ref.empty() && ref[0] == '#') {
      std::uint64_t n = 0;
      for (std::size_t i = 1; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9' || n > 0xFFFFFFFFull) return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(ref[i] - '0');
      }
      if (ref.size() < 2 || n >= 0xFFFFFFFFull) return std::nullopt;
      if (auto c = g_.try_canonical(static_cast<entity_id>(n))) return g_.get(*c).type();
      return std::nullopt;
    }
    auto it = by_id_.find(ref);
    if (it == by_id_.end() || entities_[it->second].skipped) return std::nullopt;
    return entities_[it->second].type;
  }
  bool is_source_ref(const std::string& ref) const {
    const auto t = type_of(ref);
    return t && !is_null(document_) && g_.schema().is_a(*t, document_);
  }

  // Entities citing a missing or non-source record fail; in skip mode that can cascade.
  void check_entity_citations() {
    for (bool changed = true; changed;) {
      changed = false;
      for (auto& e : entities_) {
        if (e.skipped) continue;
        for (const auto& p : e.properties) {
          const auto bad = std::find_if(p.cites.begin(), p.cites.end(), [&](const staged_citation& c) { return !is_source_ref(c.source); });
          if (bad == p.cites.end()) continue;
          fail(e.line, "citations.source", "'" + bad->source + "' is not a source (a Document record or entity)");
          e.skipped = changed = true;
          break;
        }
      }
    }
  }

  // Relations are parsed as they are read; their endpoints (which may come later in the file)
  // are checked in check_relations().
  void stage_relation(std::size_t line, const json& doc) {
    const auto& s = g_.schema();
    try {
      staged_relation rel;
      rel.line = line;
      const auto schema_name = need_string(doc, "schema");
      const auto t = s.try_relation_type(schema_name);
      if (!t) throw bad_field{"schema", s.try_entity_type(schema_name) ? "'" + schema_name + "' is an entity type, but the record has source/target"
                                                                       : "unknown relation type '" + schema_name + "'"};
      if (s.info(*t).abstract) throw bad_field{"schema", "relation type '" + schema_name + "' is abstract"};
      rel.type = *t;
      rel.source = need_string(doc, "source");
      rel.target = need_string(doc, "target");
      if (const json* props = member(doc, "properties")) {
        if (!props->is_object()) throw bad_field{"properties", "must be an object"};
        for (auto it = props->begin(); it != props->end(); ++it) {
          const std::string field = "properties." + it.key();
          const auto pid = s.try_property(it.key());
          const property_def* def = pid ? s.find_property(rel.type, *pid) : nullptr;
          if (!def && !s.info(rel.type).open)
            throw bad_field{field, "relation type '" + schema_name + "' has no property '" + it.key() + "'"};
          auto v = to_value(*it, def ? std::optional<value_kind>(def->kind) : std::nullopt, field);
          if (def && !kind_fits(def->kind, v)) throw bad_field{field, "expects " + std::string(to_string(def->kind))};
          rel.properties.push_back({it.key(), std::move(v)});
        }
      }
      if (const json* c = member(doc, "citations")) rel.cites = to_citations(*c, "citations");
      if (const json* v = member(doc, "valid")) rel.valid = to_valid(*v);
      relations_.push_back(std::move(rel));
    } catch (const bad_field& b) {
      fail(line, b.field, b.problem);
    }
  }

  void check_relations() {
    const auto& s = g_.schema();
    std::size_t done = 0;
    std::erase_if(relations_, [&](const staged_relation& rel) {
      progress(import_progress::phase::validating, ++done);
      try {
        const auto st = type_of(rel.source), tt = type_of(rel.target);
        if (!st) throw bad_field{"source", "'" + rel.source + "' is not an entity of this file or the graph"};
        if (!tt) throw bad_field{"target", "'" + rel.target + "' is not an entity of this file or the graph"};
        try {
          s.check_endpoints(rel.type, *st, *tt);
        } catch (const schema_error& e) {
          throw bad_field{"schema", e.what()};
        }
        for (const auto& c : rel.cites)
          if (!is_source_ref(c.source)) throw bad_field{"citations.source", "'" + c.source + "' is not a source (a Document record or entity)"};
        return false;
      } catch (const bad_field& b) {
        fail(rel.line, b.field, b.problem);
        return true;  // skip mode: dropped and reported
      }
    });
  }

  entity_id resolve(const std::string& ref) const {
    if (ref[0] == '#') return g_.canonical(static_cast<entity_id>(std::stoul(ref.substr(1))));
    return report_.ids.at(ref);
  }

  std::vector<citation> citations_of(const std::vector<staged_citation>& cites) const {
    std::vector<citation> out;
    for (const auto& c : cites) {
      out.push_back(c.c);
      out.back().source = resolve(c.source);
    }
    return out;
  }

  // Everything was validated: from here on nothing fails on the file's account.
  void apply() {
    std::size_t done = 0;
    g_.reserve(g_.entity_slots() + entities_.size(), g_.relation_slots() + relations_.size());
    for (const bool sources : {true, false}) {  // sources first: citations point at them
      for (const auto& e : entities_) {
        if (e.skipped || e.is_source != sources) continue;
        report_.ids[e.id] = g_.add(e.type, e.name, {.aliases = e.aliases});
        ++(sources ? report_.sources : report_.entities);
        progress(import_progress::phase::applying, ++done);
      }
    }
    for (const auto& e : entities_) {
      if (e.skipped) continue;
      const auto id = report_.ids.at(e.id);
      for (const auto& p : e.properties) g_.add_value(id, p.name, p.val, {citations_of(p.cites), p.valid});
    }
    for (auto& r : relations_) {
      relation_options ro{.citations = citations_of(r.cites), .valid = r.valid, .properties = std::move(r.properties),
                          .on_repeat = o_.on_repeat};
      g_.relate(resolve(r.source), r.type, resolve(r.target), std::move(ro));
      ++report_.relations;
      progress(import_progress::phase::applying, ++done);
    }
  }

  graph& g_;
  const import_options& o_;
  std::string origin_;
  entity_type_id document_ = null_entity_type;
  std::size_t lines_ = 0;
  std::size_t records_ = 0;
  std::vector<staged_entity> entities_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::vector<staged_relation> relations_;
  import_report report_;
};

// ---- export ----

json citations_json(const std::vector<citation>& cs) {
  json a = json::array();
  for (const auto& c : cs) {
    json o{{"source", "e" + std::to_string(to_index(c.source))}};
    if (!c.quote.empty()) o["quote"] = c.quote;
    if (c.confidence != 1.0) o["confidence"] = c.confidence;
    if (c.first_seen) o["first_seen"] = c.first_seen->to_string();
    if (c.last_seen) o["last_seen"] = c.last_seen->to_string();
    a.push_back(std::move(o));
  }
  return a;
}

json valid_json(const valid_time& v) {
  json o = json::object();
  if (v.start) o["start"] = v.start->to_string();
  if (v.end) o["end"] = v.end->to_string();
  return o;
}

// Plain values where the statement carries no evidence, the rich form where it does (or
// where the value is itself a list, which the plain form would read as several values).
json statement_json(const property_statement& s) {
  if (s.ev.citations.empty() && s.ev.valid.empty() && s.val.kind() != value_kind::list) return from_value(s.val);
  json o{{"value", from_value(s.val)}};
  if (!s.ev.citations.empty()) o["citations"] = citations_json(s.ev.citations);
  if (!s.ev.valid.empty()) o["valid"] = valid_json(s.ev.valid);
  return o;
}

}  // namespace

import_report import_jsonl(graph& g, std::istream& in, const import_options& options, std::string_view origin) {
  return importer(g, options, std::string(origin)).run(in);
}

import_report import_jsonl(graph& g, const std::filesystem::path& path, const import_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw import_error(path.string(), 0, "", "cannot open for reading");
  return import_jsonl(g, in, options, path.string());
}

void export_jsonl(const graph& g, std::ostream& out, const export_options& options) {
  const auto& s = g.schema();
  std::vector<std::uint32_t> entities, relations;
  if (options.entities.empty() && options.relations.empty()) {
    for (std::uint32_t i = 0; i < g.entity_slots(); ++i)
      if (g.entity_live(i)) entities.push_back(i);
    for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
      if (g.relation_live(r)) relations.push_back(r);
  } else {
    std::set<std::uint32_t> keep;
    for (auto e : options.entities) keep.insert(to_index(g.canonical(e)));
    std::set<std::uint32_t> rels;
    for (auto r : options.relations) {
      (void)g.get(r);
      rels.insert(to_index(r));
      keep.insert(g.relation_source(to_index(r)));
      keep.insert(g.relation_target(to_index(r)));
    }
    if (options.relations.empty())
      for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
        if (g.relation_live(r) && keep.count(g.relation_source(r)) && keep.count(g.relation_target(r))) rels.insert(r);
    // Sources cited by anything written come along.
    const auto add_sources = [&](const evidence& ev) {
      for (const auto& c : ev.citations) keep.insert(to_index(c.source));
    };
    for (auto r : rels) add_sources(g.relation_evidence(r));
    for (auto e : std::set<std::uint32_t>(keep))
      for (const auto& p : g.get(static_cast<entity_id>(e)).properties()) add_sources(p.ev);
    entities.assign(keep.begin(), keep.end());
    relations.assign(rels.begin(), rels.end());
  }
  // Sources first, so that a reader meets them before their citations.
  std::stable_partition(entities.begin(), entities.end(), [&](std::uint32_t e) { return g.is_source(static_cast<entity_id>(e)); });
  for (auto e : entities) {
    const auto ref = g.get(static_cast<entity_id>(e));
    json o{{"id", "e" + std::to_string(e)}, {"schema", ref.type_name()}, {"name", ref.name()}};
    if (!ref.aliases().empty()) {
      json a = json::array();
      for (const auto& al : ref.aliases())
        a.push_back(al.lang.empty() ? json(al.name) : json{{"name", al.name}, {"lang", al.lang}});
      o["aliases"] = std::move(a);
    }
    json props = json::object();
    for (const auto& st : ref.properties()) props[s.property_name(st.property)].push_back(statement_json(st));
    if (!props.empty()) o["properties"] = std::move(props);
    out << o.dump() << '\n';
  }
  for (auto r : relations) {
    const auto ref = g.get(static_cast<relation_id>(r));
    json o{{"id", "r" + std::to_string(r)},
           {"schema", ref.type_name()},
           {"source", "e" + std::to_string(to_index(ref.source()))},
           {"target", "e" + std::to_string(to_index(ref.target()))}};
    json props = json::object();
    for (const auto& st : ref.properties()) props[s.property_name(st.property)] = from_value(st.val);
    if (!props.empty()) o["properties"] = std::move(props);
    if (!ref.citations().empty()) o["citations"] = citations_json({ref.citations().begin(), ref.citations().end()});
    if (!ref.valid().empty()) o["valid"] = valid_json(ref.valid());
    out << o.dump() << '\n';
  }
  if (!out) throw error("export_jsonl: write failed");
}

void export_jsonl(const graph& g, const std::filesystem::path& path, const export_options& options) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw error(path.string() + ": cannot open for writing");
  export_jsonl(g, out, options);
  out.flush();
  if (!out) throw error(path.string() + ": write failed");
}

DOSSIER_NAMESPACE_END
