// The GraphML writer (io/graphml.hpp, docs/format.md). Keys are planned first, from
// every value the export writes, because a key's attr.type and its JSON form hold for all of
// its nodes or edges; then nodes (sources first) and edges are written.
#include <dossier/io/graphml.hpp>

#include "detail/export_selection.hpp"
#include "detail/files.hpp"
#include "detail/graphml_names.hpp"
#include "detail/json_values.hpp"
#include "detail/value_text.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;
namespace names = detail::graphml;

// The replacement for characters XML 1.0 cannot hold, in text and attribute values alike.
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// The character at the start of `text`: its length in bytes, and whether XML 1.0 forbids it
// (a C0 control other than tab, LF and CR; U+FFFE; U+FFFF; a byte that is not UTF-8).
struct character {
  std::size_t length;
  bool forbidden;
};

character character_at(std::string_view text) noexcept {
  const auto b = static_cast<unsigned char>(text[0]);
  if (b < 0x80) return {1, b < 0x20 && b != '\t' && b != '\n' && b != '\r'};
  const auto length = utf8_sequence_length(text);
  if (length == 0) return {1, true};
  return {length, length == 3 && b == 0xEF && text[1] == '\xBF' && (text[2] == '\xBE' || text[2] == '\xBF')};
}

bool has_forbidden(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = character_at(text.substr(i));
    if (c.forbidden) return true;
    i += c.length;
  }
  return false;
}

// Escapes for text or a double-quoted attribute value. In attributes, tab and line ends are
// written as references, which a reader keeps (literal ones it would read as spaces); CR is a
// reference in text too, which a reader would otherwise turn into LF.
void append_escaped(std::string& out, std::string_view text, bool attribute) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = character_at(text.substr(i));
    if (c.forbidden) out += replacement;
    else if (c.length > 1) out.append(text.substr(i, c.length));
    else switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += text[i];
    }
    i += c.length;
  }
}

// A value in a typed key: its own text (attr.type says what it is).
std::string plain_text(const value& v) {
  if (v.is_null() || v.kind() == value_kind::list) return v.to_string();  // always written as JSON
  return scalar_text(v);
}

const char* attr_type_of(value_kind k) {
  switch (k) {
    case value_kind::integer: return "long";
    case value_kind::real: return "double";
    case value_kind::boolean: return "boolean";
    default: return "string";
  }
}

struct key {
  std::string id, attr_name, attr_type;
  bool json = false;
};

// How one property's values look over every node (or edge) written: one typed value each, or
// something only JSON can say (several values, nulls, lists, mixed kinds, text XML cannot hold).
struct property_use {
  std::uint32_t kinds = 0;  // bit per value_kind
  bool needs_json = false;
  void add(const value& v, std::size_t nth) {
    kinds |= 1u << static_cast<unsigned>(v.kind());
    needs_json = needs_json || nth > 0 || v.is_null() || v.kind() == value_kind::list ||
                 (v.get_if<std::string>() && has_forbidden(v.as_string()));
  }
  [[nodiscard]] bool json() const noexcept { return needs_json || (kinds & (kinds - 1)) != 0; }
};

using use_map = std::map<property_id, property_use>;

void add_uses(use_map& uses, statement_range statements) {
  std::map<property_id, std::size_t> seen;
  for (const auto& st : statements) uses[st.property].add(st.val, seen[st.property]++);
}

bool any_evidence(statement_range statements) {
  return std::any_of(statements.begin(), statements.end(), [](const statement_ref& s) { return !(s.ev == evidence{}); });
}

class graphml_writer {
 public:
  graphml_writer(const graph& g, const export_options& options, std::ostream& out)
      : g_(g), s_(g.schema()), chosen_(detail::select_for_export(g, options)), ids_(g), out_(out) {
    // Sources first, so that a reader meets them before their citations (as in JSON Lines).
    std::stable_partition(chosen_.entities.begin(), chosen_.entities.end(),
                          [&](std::uint32_t e) { return g_.is_source(static_cast<entity_id>(e)); });
  }

  void run() {
    plan_keys();
    buf_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    buf_ += "<!-- written by dossier; the mapping is described in docs/format.md -->\n";
    buf_ += "<graphml xmlns=\"" + std::string(names::graphml_namespace) +
            "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    write_keys();
    buf_ += "  <graph id=\"G\" edgedefault=\"directed\">\n";
    if (!s_.name().empty()) data(4, schema_key_, s_.name());
    for (const auto e : chosen_.entities) node(e);
    for (const auto r : chosen_.relations) edge(r);
    buf_ += "  </graph>\n</graphml>\n";
    flush();
  }

 private:
  std::string next_key_id() { return "d" + std::to_string(key_count_++); }

  key fixed_key(std::string attr_name) { return {next_key_id(), std::move(attr_name), "string"}; }

  std::map<property_id, key> property_keys(const use_map& uses) {
    std::map<property_id, key> out;
    std::vector<std::pair<std::string, property_id>> by_name;
    for (const auto& [p, use] : uses) {
      const auto& name = s_.property_name(p);
      by_name.emplace_back(names::needs_prefix(name) ? std::string(names::property_prefix) + name : name, p);
    }
    std::sort(by_name.begin(), by_name.end());
    for (auto& [attr_name, p] : by_name) {
      const auto& use = uses.at(p);
      const bool json = use.json();
      out[p] = {next_key_id(), std::move(attr_name), json ? "string" : attr_type_of(static_cast<value_kind>(std::countr_zero(use.kinds))), json};
    }
    return out;
  }

  void plan_keys() {
    use_map node_uses, edge_uses;
    for (const auto e : chosen_.entities) {
      const auto ref = g_.get(static_cast<entity_id>(e));
      add_uses(node_uses, ref.properties());
      node_aliases_ = node_aliases_ || !ref.aliases().empty();
      node_evidence_ = node_evidence_ || any_evidence(ref.properties());
    }
    std::map<std::string_view, std::size_t> edge_ids;
    for (const auto r : chosen_.relations) {
      const auto ref = g_.get(static_cast<relation_id>(r));
      add_uses(edge_uses, ref.properties());
      edge_evidence_ = edge_evidence_ || any_evidence(ref.properties());
      edge_citations_ = edge_citations_ || !ref.citations().empty();
      edge_valid_ = edge_valid_ || !ref.valid().empty();
      if (!ref.external_id().empty()) edge_shared_id_ = edge_shared_id_ || edge_ids[ref.external_id()]++ > 0;
    }
    schema_key_ = fixed_key("schema");
    node_name_ = fixed_key("name");
    node_type_ = fixed_key("type");
    node_aliases_key_ = fixed_key("aliases");
    node_evidence_key_ = fixed_key("evidence");
    node_props_ = property_keys(node_uses);
    edge_type_ = fixed_key("type");
    edge_id_ = fixed_key("id");
    edge_citations_key_ = fixed_key("citations");
    edge_valid_key_ = fixed_key("valid");
    edge_evidence_key_ = fixed_key("evidence");
    edge_props_ = property_keys(edge_uses);
  }

  void write_key(const key& k, const char* domain, std::string_view desc = {}) {
    buf_ += "  <key id=\"" + k.id + "\" for=\"" + domain + "\" attr.name=\"";
    append_escaped(buf_, k.attr_name, true);
    buf_ += "\" attr.type=\"" + k.attr_type + "\"";
    if (k.json) desc = names::json_values_desc;
    if (desc.empty()) {
      buf_ += "/>\n";
      return;
    }
    buf_ += "><desc>";
    append_escaped(buf_, desc, false);
    buf_ += "</desc></key>\n";
  }

  // In the order of their names, as their ids were given.
  void write_property_keys(const std::map<property_id, key>& keys, const char* domain) {
    std::vector<const key*> sorted;
    for (const auto& [p, k] : keys) sorted.push_back(&k);
    std::sort(sorted.begin(), sorted.end(), [](const key* a, const key* b) { return a->attr_name < b->attr_name; });
    for (const auto* k : sorted) write_key(*k, domain);
  }

  void write_keys() {
    if (!s_.name().empty()) write_key(schema_key_, "graph", "The name of the dossier schema the graph was written with.");
    write_key(node_name_, "node");
    write_key(node_type_, "node", "The entity type.");
    if (node_aliases_) write_key(node_aliases_key_, "node", "JSON: the aliases, each \"name\" or {\"name\", \"lang\"}.");
    if (node_evidence_) write_key(node_evidence_key_, "node", "JSON: {property: [{\"citations\", \"valid\"} per value]}.");
    write_property_keys(node_props_, "node");
    write_key(edge_type_, "edge", "The relation type.");
    if (edge_shared_id_) write_key(edge_id_, "edge", "The relation's external id, where the edge's XML id cannot carry it.");
    if (edge_citations_) write_key(edge_citations_key_, "edge", "JSON: [{\"source\": node id, \"quote\", \"confidence\", \"first_seen\", \"last_seen\"}].");
    if (edge_valid_) write_key(edge_valid_key_, "edge", "JSON: {\"start\", \"end\"}, the period the relation held.");
    if (edge_evidence_) write_key(edge_evidence_key_, "edge", "JSON: {property: [{\"citations\", \"valid\"} per value]}.");
    write_property_keys(edge_props_, "edge");
  }

  void data(int indent, const key& k, std::string_view text) {
    buf_.append(static_cast<std::size_t>(indent), ' ');
    buf_ += "<data key=\"" + k.id + "\">";
    append_escaped(buf_, text, false);
    buf_ += "</data>\n";
  }

  json evidence_json(const evidence& ev) {
    json o = json::object();
    if (!ev.citations.empty()) o["citations"] = citations_to_json(ev.citations, ids_);
    if (!ev.valid.empty()) o["valid"] = valid_to_json(ev.valid);
    return o;
  }

  // Property data in key order, and the evidence of every value.
  void properties(statement_range statements, const std::map<property_id, key>& keys, const key& evidence_key) {
    std::map<std::string_view, std::pair<const key*, std::vector<statement_ref>>> by_key;  // key ids sort as written
    for (const auto& st : statements) {
      const auto& k = keys.at(st.property);
      auto& entry = by_key[k.attr_name];
      entry.first = &k;
      entry.second.push_back(st);
    }
    json ev = json::object();
    for (const auto& [name, entry] : by_key) {
      const auto& [k, list] = entry;
      if (k->json) {
        json values = json::array();
        for (const auto& st : list) values.push_back(value_to_json(st.val));
        data(6, *k, values.dump());
      } else {
        data(6, *k, plain_text(list.front().val));
      }
      if (std::any_of(list.begin(), list.end(), [](const statement_ref& st) { return !(st.ev == evidence{}); })) {
        json& per_value = ev[s_.property_name(list.front().property)];
        for (const auto& st : list) per_value.push_back(evidence_json(st.ev));
      }
    }
    if (!ev.empty()) data(6, evidence_key, ev.dump());
  }

  void node(std::uint32_t e) {
    const auto ref = g_.get(static_cast<entity_id>(e));
    buf_ += "    <node id=\"";
    append_escaped(buf_, ids_(e), true);
    buf_ += "\">\n";
    data(6, node_type_, ref.type_name());
    if (!ref.name().empty()) data(6, node_name_, ref.name());
    if (!ref.aliases().empty()) data(6, node_aliases_key_, aliases_to_json(ref.aliases()).dump());
    properties(ref.properties(), node_props_, node_evidence_key_);
    buf_ += "    </node>\n";
    maybe_flush();
  }

  void edge(std::uint32_t r) {
    const auto ref = g_.get(static_cast<relation_id>(r));
    const auto external = ref.external_id();
    // An XML id names one edge: relations sharing an external id (one FollowTheMoney edge with
    // several ends) carry it in the id key after the first.
    const bool id_attribute = !external.empty() && written_edge_ids_.emplace(external).second;
    buf_ += "    <edge";
    if (id_attribute) {
      buf_ += " id=\"";
      append_escaped(buf_, external, true);
      buf_ += "\"";
    }
    buf_ += " source=\"";
    append_escaped(buf_, ids_(to_index(ref.source())), true);
    buf_ += "\" target=\"";
    append_escaped(buf_, ids_(to_index(ref.target())), true);
    buf_ += "\">\n";
    data(6, edge_type_, ref.type_name());
    if (!external.empty() && !id_attribute) data(6, edge_id_, external);
    properties(ref.properties(), edge_props_, edge_evidence_key_);
    if (!ref.citations().empty()) data(6, edge_citations_key_, citations_to_json(ref.citations(), ids_).dump());
    if (!ref.valid().empty()) data(6, edge_valid_key_, valid_to_json(ref.valid()).dump());
    buf_ += "    </edge>\n";
    maybe_flush();
  }

  void maybe_flush() {
    if (buf_.size() >= (1u << 20)) flush();
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

  const graph& g_;
  const schema& s_;
  detail::export_selection chosen_;
  detail::record_ids ids_;
  std::ostream& out_;
  std::string buf_;
  std::size_t key_count_ = 0;
  key schema_key_, node_name_, node_type_, node_aliases_key_, node_evidence_key_;
  key edge_type_, edge_id_, edge_citations_key_, edge_valid_key_, edge_evidence_key_;
  std::map<property_id, key> node_props_, edge_props_;
  bool node_aliases_ = false, node_evidence_ = false, edge_evidence_ = false, edge_citations_ = false, edge_valid_ = false,
       edge_shared_id_ = false;
  std::set<std::string_view, std::less<>> written_edge_ids_;
};

}  // namespace

void export_graphml(const graph& g, std::ostream& out, const export_options& options) {
  graphml_writer(g, options, out).run();
  if (!out) throw io_error("io.write_failed", "export_graphml: write failed");
}

void export_graphml(const graph& g, const std::filesystem::path& path, const export_options& options) {
  std::ostringstream out;
  export_graphml(g, out, options);
  detail::atomic_write(path, out.view());
}

DOSSIER_NAMESPACE_END
