// The GraphML reader (io/graphml.hpp, docs/format.md): XML events (detail/xml_reader)
// into import records for the import pipeline. Keys are read first; each <node> and <edge> is
// gathered whole (its data may come in any order) and then becomes one record. Problems of the
// file as a whole (not XML, not GraphML, a second graph) raise at once; problems of one node or
// edge go through the pipeline, which raises them, or reports them with skip_bad_lines.
#include <dossier/io/graphml.hpp>

#include "detail/files.hpp"
#include "detail/graphml_names.hpp"
#include "detail/json_read.hpp"
#include "detail/xml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;
using detail::xml_reader;
using event = xml_reader::event;
namespace names = detail::graphml;

// JSON in an attribute nests at most this deep: evidence (object, list, entry, citations,
// citation) and values (a list of values, lists nested config::max_value_depth), with room.
constexpr std::size_t max_attribute_json_depth = 32;

// Default values are written once and stand for a value on every element without one: they
// may add at most this many times the file's size (a 4 KiB file counting as 4 KiB).
constexpr std::size_t max_default_expansion = 16;

enum class scope : std::uint8_t { node, edge, graph, all, other };  // a key's for=
enum class data_type : std::uint8_t { string, boolean, integer, real };  // a key's attr.type

struct key_def {
  std::string id, name;  // name: attr.name, or the id when there is none
  scope domain = scope::all;
  data_type type = data_type::string;
  bool json = false;     // its <desc> says its data are JSON arrays of values
  bool ignored = false;  // yEd's graphics (yfiles.type), and keys of ports and hyperedges
  std::optional<std::string> default_text = {};
  bool default_has_elements = false;
  std::size_t line = 0;
};

struct datum {
  const key_def* key;
  std::string text;
  std::size_t line;
  bool has_elements = false;
};

// What is wrong with one node or edge: where, which field, the error id, and why.
struct record_problem {
  std::size_t line;
  std::string field, id, problem;
};

[[noreturn]] void problem(std::size_t line, std::string field, std::string id, std::string text) {
  throw record_problem{line, std::move(field), std::move(id), std::move(text)};
}

// One <node> or <edge> as read, before it becomes a record.
struct element {
  bool edge = false;
  std::size_t line = 0;
  std::string id = {}, source = {}, target = {};
  std::vector<datum> data = {};
  std::optional<record_problem> failure = {};  // the first problem met while reading it
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\n\r") - first + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
         });
}

std::string property_name_of(const key_def& k) {
  return k.name.starts_with(names::property_prefix) ? k.name.substr(names::property_prefix.size()) : k.name;
}

// Kinds whose text never starts with '[': such a value that does is a JSON array of values
// whose key lost its mark (networkx does not keep a key's <desc>).
bool reads_json_arrays(value_kind k) {
  return k == value_kind::integer || k == value_kind::real || k == value_kind::boolean || k == value_kind::date || k == value_kind::money;
}

const char* type_word(data_type t) {
  switch (t) {
    case data_type::boolean: return "boolean";
    case data_type::integer: return "long";
    case data_type::real: return "double";
    default: return "string";
  }
}

[[noreturn]] void expected(const datum& d, const char* what) {
  problem(d.line, d.key->name, "import.bad_value",
          std::string("expects ") + what + " (attr.type " + type_word(d.key->type) + "), got " + quote(d.text));
}

// A number as XML Schema writes it: white space around, an optional '+'.
template <class T>
std::optional<T> number(std::string_view text) {
  text = trim(text);
  if (text.starts_with('+')) text.remove_prefix(1);
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// A typed value as attr.type says; where the schema declares text, the text as written.
value typed_value(const datum& d, const property_def* def) {
  const auto& k = *d.key;
  if (k.type == data_type::string || (def && def->kind == value_kind::string)) return value{d.text};
  switch (k.type) {
    case data_type::boolean: {
      const auto text = trim(d.text);
      if (iequals(text, "true") || text == "1") return value{true};  // networkx writes True and False
      if (iequals(text, "false") || text == "0") return value{false};
      expected(d, "true or false");
    }
    case data_type::integer: {
      if (const auto v = number<std::int64_t>(d.text)) return value{*v};
      expected(d, "an integer");
    }
    default: {
      if (const auto v = number<double>(d.text); v && std::isfinite(*v)) return value{*v};
      expected(d, "a finite number");
    }
  }
}

// The element lives until the next parse on this thread: each caller is done with one before
// it parses the next.
json_element parse_json(const datum& d) {
  thread_local json_parser parser(max_attribute_json_depth);
  json_element doc;
  const auto code = parser.parse_copy(d.text, doc);
  if (code == simdjson::DEPTH_ERROR)
    problem(d.line, d.key->name, "import.too_deep", "JSON nests more than " + std::to_string(max_attribute_json_depth) + " levels deep");
  if (code != simdjson::SUCCESS) problem(d.line, d.key->name, "import.bad_json", "not valid JSON: " + why_not_json(d.text, code));
  return doc;
}

// Runs `f` with the json_records helpers' complaints turned into problems of the datum.
template <class F>
auto reading(const datum& d, F&& f) {
  try {
    return f();
  } catch (const json_field_error& b) {
    problem(d.line, b.field.empty() ? d.key->name : b.field, b.id, b.problem);
  }
}

std::vector<value> values_of(const datum& d, const property_def* def) {
  const bool json_array = d.key->json || (def && reads_json_arrays(def->kind) && trim(d.text).starts_with('['));
  if (!json_array) return {typed_value(d, def)};
  const auto doc = parse_json(d);
  if (doc.type() != json_type::ARRAY) problem(d.line, d.key->name, "import.bad_value", "expects a JSON array of values (the key's <desc> says so)");
  const auto items = json_as<detail::json_array>(doc);
  std::vector<value> out;
  out.reserve(items.size());
  for (json_element item : items) out.push_back(reading(d, [&] { return value_from_json(item, d.key->name); }));
  return out;
}

// {"property": [{"citations": [...], "valid": {...}}, ...]}: the evidence of each value.
using evidence_map = std::map<std::string, std::vector<std::pair<std::vector<import_citation>, valid_time>>, std::less<>>;

evidence_map evidence_of(const datum& d) {
  const auto doc = parse_json(d);
  if (doc.type() != json_type::OBJECT) problem(d.line, d.key->name, "import.bad_value", "expects a JSON object {property: [evidence per value]}");
  evidence_map out;
  for (const auto [key, entries] : json_as<json_object>(doc)) {
    const std::string name(key);
    if (entries.type() != json_type::ARRAY) problem(d.line, d.key->name, "import.bad_value", "the evidence of " + quote(name) + " must be a list");
    auto& list = out[name];
    for (json_element entry : json_as<json_array>(entries)) {
      if (entry.type() != json_type::OBJECT) problem(d.line, d.key->name, "import.bad_value", "each evidence entry must be an object");
      const std::string field = "evidence." + name;
      list.emplace_back(reading(d, [&] {
        const auto c = member(entry, "citations");
        return c ? citations_from_json(*c, field + ".citations") : std::vector<import_citation>{};
      }), reading(d, [&] {
        const auto v = member(entry, "valid");
        return v ? valid_from_json(*v, field + ".valid") : valid_time{};
      }));
    }
  }
  return out;
}

class graphml_reader {
 public:
  graphml_reader(const graph& g, import_pipeline& pipeline, const graphml_options& options, xml_reader& xml, std::size_t document_size)
      : s_(g.schema()), pipeline_(pipeline), options_(options), xml_(xml), document_size_(document_size) {}

  void run() {
    if (xml_.next() != event::start || xml_.local_name() != "graphml")
      xml_.fail("import.bad_graphml", "the root element is " + quote(xml_.name()) + ", not <graphml>: this is not a GraphML file");
    prefix_ = xml_.name().substr(0, xml_.name().size() - xml_.local_name().size());
    bool graph_seen = false;
    for (auto e = xml_.next(); e != event::end; e = xml_.next()) {
      if (e == event::text) {
        only_space("graphml");
        continue;
      }
      const auto name = xml_.local_name();
      if (!ours()) xml_.skip_element();
      else if (name == "key") {
        if (graph_seen) xml_.fail("import.bad_graphml", "a <key> after the <graph>: keys come first");
        read_key();
      } else if (name == "graph") {
        if (graph_seen) xml_.fail("import.unsupported_graphml", "a second <graph>: one graph per file is read");
        graph_seen = true;
        read_graph();
      } else if (name == "desc") xml_.skip_element();
      else if (name == "data") graph_data();
      else xml_.fail("import.bad_graphml", "unexpected " + quote(xml_.name()) + " in <graphml>");
    }
    (void)xml_.next();  // only white space, comments and processing instructions may follow
  }

 private:
  // An element of the GraphML namespace: the root's prefix (namespaces are not resolved further).
  [[nodiscard]] bool ours() const { return xml_.name().substr(0, xml_.name().size() - xml_.local_name().size()) == prefix_; }

  void only_space(const char* where) const {
    if (!xml_.text_is_space()) xml_.fail("import.bad_graphml", std::string("unexpected text in <") + where + ">: " + quote(trim(xml_.text())));
  }

  // The text of the element just started; elements inside it are skipped and noted.
  std::string read_content(bool& has_elements) {
    std::string out;
    for (auto e = xml_.next(); e != event::end; e = xml_.next()) {
      if (e == event::text) out += xml_.text();
      else {
        has_elements = true;
        xml_.skip_element();
      }
    }
    return out;
  }

  static std::optional<scope> scope_of(std::string_view f) {
    if (f == "node") return scope::node;
    if (f == "edge") return scope::edge;
    if (f == "graph" || f == "graphml") return scope::graph;
    if (f == "all") return scope::all;
    if (f == "port" || f == "hyperedge" || f == "endpoint") return scope::other;
    return std::nullopt;
  }

  void read_key() {
    key_def k;
    k.line = xml_.line();
    const auto* id = xml_.attribute("id");
    if (!id || id->empty()) xml_.fail("import.bad_graphml", "a <key> needs an id");
    if (const auto it = keys_.find(*id); it != keys_.end())
      xml_.fail("import.bad_graphml", "the key " + quote(*id) + " is declared twice (first on line " + std::to_string(it->second.line) + ")");
    k.id = *id;
    if (const auto* f = xml_.attribute("for")) {
      const auto domain = scope_of(*f);
      if (!domain) xml_.fail("import.bad_graphml", "for=" + quote(*f) + " is not one of node, edge, graph, all, graphml, port, hyperedge, endpoint");
      k.domain = *domain;
    }
    k.ignored = xml_.attribute("yfiles.type") != nullptr || k.domain == scope::other;
    const auto* name = xml_.attribute("attr.name");
    k.name = name ? *name : k.id;
    if (const auto* t = xml_.attribute("attr.type")) {
      if (*t == "string") k.type = data_type::string;
      else if (*t == "boolean") k.type = data_type::boolean;
      else if (*t == "int" || *t == "long" || *t == "integer") k.type = data_type::integer;
      else if (*t == "float" || *t == "double") k.type = data_type::real;
      else if (!k.ignored) xml_.fail("import.bad_graphml", "attr.type=" + quote(*t) + " is not one of boolean, int, long, float, double, string");
    }
    for (auto e = xml_.next(); e != event::end; e = xml_.next()) {
      if (e == event::text) only_space("key");
      else if (ours() && xml_.local_name() == "default") {
        bool elements = false;
        k.default_text = read_content(elements);
        k.default_has_elements = elements;
      } else if (ours() && xml_.local_name() == "desc") {
        bool elements = false;
        k.json = trim(read_content(elements)) == names::json_values_desc;
      } else if (!ours()) xml_.skip_element();
      else xml_.fail("import.bad_graphml", "unexpected " + quote(xml_.name()) + " in <key>");
    }
    const auto& kept = keys_.emplace(k.id, std::move(k)).first->second;
    if (kept.default_text && !kept.ignored) {
      if (kept.domain == scope::node || kept.domain == scope::all) node_defaults_.push_back(&kept);
      if (kept.domain == scope::edge || kept.domain == scope::all) edge_defaults_.push_back(&kept);
    }
  }

  void read_graph() {
    if (const auto* d = xml_.attribute("edgedefault"); d && *d != "directed" && *d != "undirected")
      xml_.fail("import.bad_graphml", "edgedefault=" + quote(*d) + " is neither directed nor undirected");
    for (auto e = xml_.next(); e != event::end; e = xml_.next()) {
      if (e == event::text) {
        only_space("graph");
        continue;
      }
      const auto name = xml_.local_name();
      if (!ours()) xml_.skip_element();
      else if (name == "node" || name == "edge") read_element(name == "edge");
      else if (name == "data") graph_data();
      else if (name == "desc") xml_.skip_element();
      else if (name == "hyperedge") {
        pipeline_.bad_record(xml_.line(), "hyperedge", "import.unsupported_graphml", "hyperedges are not read: a relation joins two entities");
        xml_.skip_element();
      } else if (name == "locator") xml_.fail("import.unsupported_graphml", "a <locator> (a graph kept in another file) is not read");
      else xml_.fail("import.bad_graphml", "unexpected " + quote(xml_.name()) + " in <graph>");
    }
  }

  // A <data> element, just started, read whole. nullopt for keys that are not ours to read.
  std::optional<datum> read_data(scope where) {
    const auto line = xml_.line();
    const auto* key_id = xml_.attribute("key");
    const auto it = key_id ? keys_.find(*key_id) : keys_.end();
    bool has_elements = false;
    if (it == keys_.end() || it->second.ignored) {
      xml_.skip_element();
      if (!key_id) problem(line, "key", "import.bad_graphml", "a <data> needs a key");
      if (it == keys_.end()) problem(line, *key_id, "import.unknown_key", "no <key> declares " + quote(*key_id));
      return std::nullopt;
    }
    const auto& k = it->second;
    auto text = read_content(has_elements);
    if (k.domain != where && k.domain != scope::all) {
      static const char* const words[] = {"nodes", "edges", "the graph", "all", "other elements"};
      problem(line, k.name, "import.bad_graphml", "the key " + quote(k.id) + " is declared for " + words[static_cast<int>(k.domain)] +
                                                      ", not for " + words[static_cast<int>(where)]);
    }
    return datum{&k, std::move(text), line, has_elements};
  }

  // Data of the graph (or of the whole file): the schema's name; nothing else has a place.
  void graph_data() {
    try {
      const auto d = read_data(scope::graph);
      if (!d) return;
      if (d->key->name == "schema") {
        const auto named = std::string(trim(d->text));
        if (!s_.name().empty() && !named.empty() && named != s_.name())
          problem(d->line, "schema", "import.wrong_schema",
                  "the file was written with the schema " + quote(named) + ", the graph has " + quote(s_.name()));
      } else if (!options_.ignore_unknown_attributes) {
        problem(d->line, d->key->name, "import.unknown_attribute",
                "the graph attribute " + quote(d->key->name) + " has no place in a dossier graph (graphml_options::ignore_unknown_attributes drops it)");
      }
    } catch (const record_problem& p) {
      pipeline_.bad_record(p.line, p.field, p.id, p.problem);
    }
  }

  void read_element(bool edge) {
    element el{edge, xml_.line()};
    pipeline_.read_line(el.line);
    const auto fail = [&](std::size_t line, std::string field, std::string id, std::string text) {
      if (!el.failure) el.failure = record_problem{line, std::move(field), std::move(id), std::move(text)};
    };
    const auto attribute = [&](const char* name) { return xml_.attribute(name) ? *xml_.attribute(name) : std::string(); };
    el.id = attribute("id");
    if (!edge && el.id.empty()) fail(el.line, "id", "import.bad_graphml", "a <node> needs an id");
    if (edge) {
      el.source = attribute("source");
      el.target = attribute("target");
      if (el.source.empty() || el.target.empty()) fail(el.line, "source", "import.bad_graphml", "an <edge> needs a source and a target");
      if (xml_.attribute("sourceport") || xml_.attribute("targetport"))
        fail(el.line, "sourceport", "import.unsupported_graphml", "ports are not read: a relation joins two entities");
      if (const auto* d = xml_.attribute("directed"); d && *d != "true" && *d != "false")
        fail(el.line, "directed", "import.bad_graphml", "directed=" + quote(*d) + " is neither true nor false");
    }
    for (auto e = xml_.next(); e != event::end; e = xml_.next()) {
      if (e == event::text) {
        only_space(edge ? "edge" : "node");
        continue;
      }
      const auto name = xml_.local_name();
      const auto line = xml_.line();
      if (!ours() || name == "desc") {
        xml_.skip_element();
      } else if (name == "data") {
        try {
          if (auto d = read_data(edge ? scope::edge : scope::node)) el.data.push_back(std::move(*d));
        } catch (const record_problem& p) {
          if (!el.failure) el.failure = p;
        }
      } else if (name == "port" || name == "graph" || name == "locator") {
        xml_.skip_element();
        fail(line, std::string(name), "import.unsupported_graphml",
             name == "port" ? "ports are not read: a relation joins two entities" : "nested graphs (a node or edge holding a graph) are not read");
      } else {
        xml_.fail("import.bad_graphml", "unexpected " + quote(xml_.name()) + " in <" + (edge ? "edge" : "node") + ">");
      }
    }
    try {
      if (el.failure) throw *el.failure;
      if (edge) pipeline_.relation(relation_of(el));
      else pipeline_.entity(entity_of(el));
    } catch (const record_problem& p) {
      pipeline_.bad_record(p.line, p.field, p.id, p.problem);
    }
  }

  // The element's data: what it gives, each key once, then the defaults of the keys it does not
  // give. A default is a value written on every element that lacks one, so its cost is counted:
  // defaults may not expand the file past max_default_expansion times its size.
  std::vector<const datum*> data_of(element& el) {
    defaults_.clear();
    std::map<std::string_view, const datum*> given;
    std::vector<const datum*> out;
    for (const auto& d : el.data) {
      if (!given.emplace(d.key->id, &d).second)
        problem(d.line, d.key->name, "import.bad_graphml", "the key " + quote(d.key->id) + " is given twice");
      out.push_back(&d);
    }
    for (const auto* k : el.edge ? edge_defaults_ : node_defaults_) {
      if (given.count(k->id)) continue;
      default_bytes_ += k->default_text->size() + sizeof(datum);
      if (default_bytes_ > max_default_expansion * std::max<std::size_t>(document_size_, 4096))
        xml_.fail_at(k->line, "import.bad_graphml",
                     "the <default> values of the keys expand the file more than " + std::to_string(max_default_expansion) + "-fold");
      defaults_.push_back(datum{k, *k->default_text, k->line, k->default_has_elements});
      out.push_back(&defaults_.back());
    }
    return out;
  }

  // The property a datum holds for a type, when the schema knows it there (or the type is
  // open); nullopt when it is to be dropped (ignore_unknown_attributes).
  template <class Type>
  std::optional<const property_def*> known_property(Type type, const datum& d, const std::string& type_name) const {
    const auto name = property_name_of(*d.key);
    const auto p = s_.try_property(name);
    if (const auto* def = p ? s_.find_property(type, *p) : nullptr) return def;
    if (s_.info(type).open) return static_cast<const property_def*>(nullptr);
    if (options_.ignore_unknown_attributes) return std::nullopt;
    problem(d.line, d.key->name, "import.unknown_attribute",
            quote(type_name) + " has no property " + quote(name) + " (graphml_options::ignore_unknown_attributes drops such attributes)");
  }

  // Property data into import properties, each value with its evidence.
  template <class Type>
  std::vector<import_property> properties_of(std::optional<Type> type, const std::string& type_name, const std::vector<const datum*>& props,
                                             const datum* evidence_datum) const {
    const auto evidence = evidence_datum ? evidence_of(*evidence_datum) : evidence_map{};
    std::vector<import_property> out;
    std::size_t matched = 0;
    for (const auto* d : props) {
      const property_def* def = nullptr;
      if (type) {  // else the pipeline reports the unknown type
        const auto known = known_property(*type, *d, type_name);
        if (!known) continue;
        def = *known;
      }
      const auto name = property_name_of(*d->key);
      auto values = values_of(*d, def);
      const auto ev = evidence.find(name);
      if (ev != evidence.end()) {
        ++matched;
        if (ev->second.size() != values.size())
          problem(evidence_datum->line, "evidence", "import.bad_value",
                  "the evidence of " + quote(name) + " lists " + std::to_string(ev->second.size()) + " entries for " +
                      std::to_string(values.size()) + " values");
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        import_value v{std::move(values[i])};
        if (ev != evidence.end()) std::tie(v.citations, v.valid) = ev->second[i];
        out.push_back({name, std::move(v)});
      }
    }
    if (evidence_datum && matched != evidence.size()) {
      std::set<std::string> named;  // properties with data here, those dropped included
      for (const auto* d : props) named.insert(property_name_of(*d->key));
      for (const auto& [name, list] : evidence)
        if (!named.count(name))
          problem(evidence_datum->line, "evidence", "import.bad_value", "evidence for " + quote(name) + ", which has no values here");
    }
    return out;
  }

  std::string type_of(const datum* d, const element& el) const {
    const auto& fallback = el.edge ? options_.default_relation_type : options_.default_entity_type;
    if (d && !trim(d->text).empty()) return std::string(trim(d->text));
    if (!fallback.empty()) return fallback;
    problem(el.line, "type", "import.missing_type",
            std::string("the ") + (el.edge ? "edge" : "node") + " has no type, and no default was given (graphml_options::default_" +
                (el.edge ? "relation" : "entity") + "_type)");
  }

  import_entity entity_of(element& el) {
    const datum *type = nullptr, *name = nullptr, *aliases = nullptr, *evidence = nullptr;
    std::vector<const datum*> props;
    for (const auto* d : data_of(el)) {
      const auto& n = d->key->name;
      if (d->has_elements) problem(d->line, n, "import.bad_graphml", "holds XML elements; only text is read");
      if (n == "type") type = d;
      else if (n == "name") name = d;
      else if (n == "aliases") aliases = d;
      else if (n == "evidence") evidence = d;
      else props.push_back(d);
    }
    import_entity e{el.line, el.id, type_of(type, el), name ? name->text : std::string()};
    if (aliases) e.aliases = reading(*aliases, [&] { return aliases_from_json(parse_json(*aliases), "aliases"); });
    e.properties = properties_of(s_.try_entity_type(e.type), e.type, props, evidence);
    return e;
  }

  import_relation relation_of(element& el) {
    const datum *type = nullptr, *id = nullptr, *citations = nullptr, *valid = nullptr, *evidence = nullptr;
    std::vector<const datum*> props;
    for (const auto* d : data_of(el)) {
      const auto& n = d->key->name;
      if (d->has_elements) problem(d->line, n, "import.bad_graphml", "holds XML elements; only text is read");
      if (n == "type") type = d;
      else if (n == "id") id = d;
      else if (n == "citations") citations = d;
      else if (n == "valid") valid = d;
      else if (n == "evidence") evidence = d;
      else props.push_back(d);
    }
    import_relation r{.line = el.line, .id = id ? id->text : el.id, .type = type_of(type, el), .source = el.source, .target = el.target};
    if (citations) r.citations = reading(*citations, [&] { return citations_from_json(parse_json(*citations), "citations"); });
    if (valid) r.valid = reading(*valid, [&] { return valid_from_json(parse_json(*valid), "valid"); });
    r.properties = properties_of(s_.try_relation_type(r.type), r.type, props, evidence);
    return r;
  }

  const schema& s_;
  import_pipeline& pipeline_;
  const graphml_options& options_;
  xml_reader& xml_;
  std::string_view prefix_;
  std::map<std::string, key_def, std::less<>> keys_;
  std::vector<const key_def*> node_defaults_, edge_defaults_;  // keys with a <default>, in declaration order
  std::deque<datum> defaults_;  // the defaults of the element being built
  std::size_t document_size_, default_bytes_ = 0;
};

import_report read_document(graph& g, std::string_view document, const import_options& options, const graphml_options& graphml,
                            std::string origin) {
  import_pipeline pipeline(g, options, origin);
  xml_reader xml(document, origin, graphml.max_depth);
  graphml_reader(g, pipeline, graphml, xml, document.size()).run();
  pipeline.read_line(xml.line());
  return pipeline.finish();
}

}  // namespace

import_report import_graphml(graph& g, std::istream& in, const import_options& options, const graphml_options& graphml,
                             std::string_view origin) {
  std::string document((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw import_error("io.read_failed", std::string(origin), 0, "", "read failed");
  return read_document(g, document, options, graphml, std::string(origin));
}

import_report import_graphml(graph& g, const std::filesystem::path& path, const import_options& options, const graphml_options& graphml) {
  const detail::file_bytes bytes(path);
  return read_document(g, bytes.bytes(), options, graphml, path.string());
}

DOSSIER_NAMESPACE_END
