// How the tool writes the graph's things for a person (text.hpp).
#include "text.hpp"

#include <cstdio>
#include <map>

namespace dossier_tool {

using namespace dossier;

namespace {

std::string confidence_text(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

std::string valid_text(const valid_time& v) {
  if (v.empty()) return {};
  return "  [" + (v.start ? v.start->to_string() : std::string("…")) + " to " + (v.end ? v.end->to_string() : std::string("…")) + "]";
}

std::string string_property(const entity_ref& e, const char* name) {
  const auto* v = e.property(name);
  return v && v->kind() == value_kind::string ? v->as_string() : std::string();
}

// "title, publisher, 2023-08-24": how a citation's source is named.
std::string source_text(const graph& g, entity_id source) {
  const auto src = g.get(source);
  std::string out = string_property(src, "title");
  if (out.empty()) out = src.name();
  if (const auto publisher = string_property(src, "publisher"); !publisher.empty()) out += ", " + publisher;
  if (const auto* d = src.property("publishedAt"); d && d->kind() == value_kind::date) out += ", " + d->as_date().to_string();
  return out;
}

std::string names_of(const schema& s, std::span<const entity_type_id> ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : ", ") + s.name(id);
  return out;
}

std::string properties_text(std::span<const property_def> defs) {
  std::string out;
  for (const auto& d : defs) out += (out.empty() ? "" : ", ") + d.name + " (" + std::string(to_string(d.kind)) + ")";
  return out;
}

// How many entities and relations of each type the graph holds (its own type, not supertypes).
struct type_counts {
  std::map<entity_type_id, std::size_t> entities;
  std::map<relation_type_id, std::size_t> relations;
};

type_counts count_types(const graph& g) {
  type_counts c;
  for (const auto e : g.entities()) ++c.entities[g.get(e).type()];
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
    if (g.relation_live(r)) ++c.relations[g.relation_type_of(r)];
  return c;
}

}  // namespace

std::string relation_label(const schema& s, relation_type_id t) {
  const auto& info = s.info(t);
  return info.label.empty() ? info.name : info.label;
}

std::string relation_label_and_name(const schema& s, relation_type_id t) {
  const auto& info = s.info(t);
  return info.label.empty() || info.label == info.name ? info.name : info.label + " (" + info.name + ")";
}

std::string role_of(const relation_ref& r) {
  const auto* v = r.property("role");
  return v && v->kind() == value_kind::string ? v->as_string() : std::string();
}

std::string entity_text(const graph& g, entity_id e) {
  const auto ref = g.get(e);
  return ref.name() + " [" + ref.type_name() + "]";
}

namespace {
template <class Citations>  // a property's citations, or a relation's citation_range
std::string lines_of(const graph& g, const Citations& cs, std::size_t indent) {
  const std::string pad(indent, ' ');
  std::string out;
  for (const auto& c : cs) {
    out += pad + "source: " + source_text(g, c.source) + " (confidence " + confidence_text(c.confidence) + ")\n";
    if (!c.quote.empty()) out += pad + "quote: \"" + std::string(c.quote) + "\"\n";
  }
  return out;
}
}  // namespace

std::string citation_lines(const graph& g, const citation_range& cs, std::size_t indent) { return lines_of(g, cs, indent); }
std::string citation_lines(const graph& g, std::span<const citation> cs, std::size_t indent) { return lines_of(g, cs, indent); }

std::string explain_path(const graph& g, const path& p) {
  if (p.relations.empty()) return "  " + g.get(p.entities.front()).name() + " (itself)\n";
  std::string out;
  const auto steps = explain_steps(g, p);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& h = steps[i];
    const auto rel = g.get(h.relation);
    const auto label = h.relation_label.empty() ? h.relation_type : h.relation_label;
    out += "  " + h.from_name + (h.forward ? " -[" + label + "]-> " : " <-[" + label + "]- ") + h.to_name;
    if (const auto role = role_of(rel); !role.empty()) out += "  (role: " + role + ")";
    out += valid_text(h.valid) + "\n";
    if (rel.citations().empty()) out += "      (no citation)\n";
    out += citation_lines(g, rel.citations(), 6);
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : b & (0x3F >> (len - 1));
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

void print_schema(std::ostream& out, const schema& s, const graph* g) {
  const auto counts = g ? count_types(*g) : type_counts{};
  const auto held = [&](const auto& map, auto id) {
    const auto it = map.find(id);
    return g && it != map.end() ? "  — " + std::to_string(it->second) + " in the graph" : std::string();
  };
  out << "Entity types (type < supertypes: own properties)\n";
  for (const auto& t : s.entity_types()) {
    out << "  " << t.name << (t.abstract ? " (abstract)" : "");
    if (!t.parents.empty()) out << " < " << names_of(s, t.parents);
    if (!t.own_properties.empty()) out << ": " << properties_text(t.own_properties);
    out << held(counts.entities, t.id) << "\n";
  }
  out << "Relation types (label (type): domain -> range, < supertypes: own properties)\n";
  for (const auto& t : s.relation_types()) {
    out << "  " << relation_label_and_name(s, t.id) << (t.abstract ? " (abstract)" : "") << ": "
        << (is_null(t.domain) ? "any" : s.name(t.domain)) << (t.directed ? " -> " : " -- ")
        << (is_null(t.range) ? "any" : s.name(t.range));
    if (!t.parents.empty()) {
      std::string parents;
      for (const auto p : t.parents) parents += (parents.empty() ? "" : ", ") + s.name(p);
      out << ", < " << parents;
    }
    if (!t.own_properties.empty()) out << ": " << properties_text(t.own_properties);
    out << held(counts.relations, t.id) << "\n";
  }
}

}  // namespace dossier_tool
