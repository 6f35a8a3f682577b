// How Cypher sees the store (graph_access.hpp), and format().
#include "graph_access.hpp"

#include <dossier/schema/schemas.hpp>

#include <algorithm>
#include <cmath>
#include <cctype>
#include <charconv>
#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

bool names_are_fields(const graph& g) { return !schemas::is_open(g.schema()); }

std::vector<std::string> labels_of_type(const schema& s, entity_type_id t) {
  const auto& info = s.info(t);
  if (info.name == schemas::open_node_type) return {};
  // A type for several labels ("A:B" of the open schema) stands for its parents.
  if (info.name.find(':') != std::string::npos && !info.parents.empty()) {
    std::vector<std::string> out;
    for (const auto p : info.parents) out.push_back(s.name(p));
    std::sort(out.begin(), out.end());
    return out;
  }
  return {info.name};
}

std::vector<std::string> labels_of(const graph& g, entity_id e) {
  const auto ref = g.try_get(e);
  if (!ref) return {};
  return labels_of_type(g.schema(), ref->type());
}

namespace {

template <class Statements>
value_t statements_value(const Statements& statements) {
  if (statements.empty()) return {};
  if (statements.size() == 1) return value_t::from_value(statements.front().val);
  value_t::list_type out;
  for (const auto& s : statements) out.push_back(value_t::from_value(s.val));
  return out;
}

value_t alias_list(const entity_ref& ref) {
  value_t::list_type out;
  for (const auto& a : ref.aliases()) out.emplace_back(a.name);
  return out;
}

}  // namespace

value_t node_property(const graph& g, entity_id e, std::string_view key) {
  const auto ref = g.try_get(e);
  if (!ref) return {};
  if (names_are_fields(g)) {
    if (key == "name") return ref->name().empty() ? value_t() : value_t(ref->name());
    if (key == "aliases") return ref->aliases().empty() ? value_t() : alias_list(*ref);
    if (key == "id") return ref->external_id().empty() ? value_t() : value_t(std::string(ref->external_id()));
  }
  return statements_value(ref->statements(key));
}

value_t relationship_property(const graph& g, relation_id r, std::string_view key) {
  const auto ref = g.try_get(r);
  if (!ref) return {};
  const auto* v = ref->property(key);
  return v ? value_t::from_value(*v) : value_t();
}

value_t::map_type node_properties(const graph& g, entity_id e) {
  value_t::map_type out;
  const auto ref = g.try_get(e);
  if (!ref) return out;
  const auto& s = g.schema();
  for (const auto& st : ref->properties()) {
    const auto& name = s.property_name(st.property);
    if (out.contains(name)) continue;
    out.emplace(name, node_property(g, e, name));
  }
  if (names_are_fields(g)) {
    if (!ref->name().empty()) out.insert_or_assign("name", value_t(ref->name()));
    if (!ref->aliases().empty()) out.insert_or_assign("aliases", alias_list(*ref));
    if (!ref->external_id().empty()) out.insert_or_assign("id", value_t(std::string(ref->external_id())));
  }
  return out;
}

value_t::map_type relationship_properties(const graph& g, relation_id r) {
  value_t::map_type out;
  const auto ref = g.try_get(r);
  if (!ref) return out;
  for (const auto& st : ref->properties())
    out.emplace(g.schema().property_name(st.property), value_t::from_value(st.val));
  return out;
}

std::string format_real_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  // The shortest text that reads back as the same double: plain for ordinary magnitudes, else
  // with an exponent as Java (and so Neo4j) writes it, 1.0E20.
  char buf[64];
  const double magnitude = std::fabs(d);
  const bool plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16);
  const auto end = std::to_chars(buf, buf + sizeof buf, d, plain ? std::chars_format::fixed : std::chars_format::scientific).ptr;
  std::string s(buf, end);
  if (plain) return s.find('.') == std::string::npos ? s + ".0" : s;
  const auto e = s.find('e');
  std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  const bool negative = !exponent.empty() && exponent[0] == '-';
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
  exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));  // e-07 -> E-7
  return mantissa + "E" + (negative ? "-" : "") + exponent;
}

}  // namespace cypher_engine

std::vector<std::string> cypher_labels(const graph& g, entity_id e) { return cypher_engine::labels_of(g, e); }
cypher_value::map_type cypher_properties(const graph& g, entity_id e) { return cypher_engine::node_properties(g, e); }
cypher_value::map_type cypher_properties(const graph& g, relation_id r) {
  return cypher_engine::relationship_properties(g, r);
}

// ---- format ----

namespace {

using cypher_engine::value_t;

std::string quote_string(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}


// A label, type or key as Cypher writes it: bare when it is a plain name, else in backquotes.
std::string symbolic(const std::string& name) {
  const bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), [](char ch) {
                       return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || static_cast<unsigned char>(ch) >= 0x80;
                     });
  if (plain) return name;
  std::string out = "`";
  for (const char ch : name) out += ch == '`' ? std::string("``") : std::string(1, ch);
  return out + "`";
}

std::string format_map(const graph& g, const value_t::map_type& m) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ", ";
    first = false;
    out += symbolic(k) + ": " + format(g, v);
  }
  return out + "}";
}

std::string format_node(const graph& g, entity_id e) {
  if (!g.contains(e)) return "(#" + std::to_string(to_index(e)) + ")";
  std::string out = "(";
  for (const auto& l : cypher_engine::labels_of(g, e)) out += ":" + symbolic(l);
  const auto props = cypher_engine::node_properties(g, e);
  if (!props.empty()) out += (out.size() > 1 ? " " : "") + format_map(g, props);
  return out + ")";
}

std::string format_relationship(const graph& g, relation_id r) {
  const auto ref = g.try_get(r);
  if (!ref) return "[#" + std::to_string(to_index(r)) + "]";
  std::string out = "[:" + symbolic(ref->type_name());
  const auto props = cypher_engine::relationship_properties(g, r);
  if (!props.empty()) out += " " + format_map(g, props);
  return out + "]";
}

std::string format_path(const graph& g, const value_t::path_type& p) {
  std::string out = "<" + format_node(g, p.nodes.front());
  for (std::size_t i = 0; i < p.relationships.size(); ++i) {
    const auto ref = g.try_get(p.relationships[i]);
    const bool forward = !ref || ref->source() == p.nodes[i];
    out += (forward ? "-" : "<-") + format_relationship(g, p.relationships[i]) + (forward ? "->" : "-");
    out += format_node(g, p.nodes[i + 1]);
  }
  return out + ">";
}

}  // namespace

std::string format(const graph& g, const cypher_value& v) {
  using K = cypher_value::kind;
  switch (v.type()) {
    case K::null: return "null";
    case K::boolean: return v.as_bool() ? "true" : "false";
    case K::integer: return std::to_string(v.as_int());
    case K::real: return cypher_engine::format_real_text(v.as_real());
    case K::string: return quote_string(v.as_string());
    case K::date: return "date('" + v.as_date().to_string() + "')";
    case K::money: return "money('" + v.as_money().to_string() + "')";
    case K::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.as_list().size(); ++i) out += (i ? ", " : "") + format(g, v.as_list()[i]);
      return out + "]";
    }
    case K::map: return format_map(g, v.as_map());
    case K::node: return format_node(g, v.as_node());
    case K::relationship: return format_relationship(g, v.as_relationship());
    case K::path: return format_path(g, v.as_path());
  }
  return "?";
}

DOSSIER_NAMESPACE_END
