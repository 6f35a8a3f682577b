#include <dossier/io/dot.hpp>

#include "detail/files.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

DOSSIER_NAMESPACE_BEGIN

namespace {

// Colour-blind-friendly palette, most specific type first.
constexpr std::pair<const char*, const char*> palette[] = {
    {"Program", "#f4a261"},  {"Ministry", "#2a9d8f"},    {"Government", "#8ecae6"}, {"PublicBody", "#2a9d8f"},
    {"Platform", "#b392ac"}, {"University", "#457b9d"},  {"Company", "#e9c46a"},    {"Organization", "#e9c46a"},
    {"Person", "#e76f51"},   {"Field", "#90be6d"},       {"Document", "#ced4da"},   {"Place", "#c9ada7"},
    {"Project", "#f4a261"},  {"Thing", "#eeeeee"},
};

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Wraps long names so that nodes stay compact.
std::string wrap(std::string_view s, std::size_t width = 22) {
  std::string out, line;
  std::size_t i = 0;
  while (i < s.size()) {
    auto j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    const auto word = s.substr(i, j - i);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    i = j + 1;
  }
  return out + line;
}

}  // namespace

std::string entity_colour(const schema& s, entity_type_id type) {
  for (const auto& [name, colour] : palette)
    if (auto t = s.try_entity_type(name); t && s.is_a(type, *t)) return colour;
  return "#eeeeee";
}

subgraph subgraph::whole(const graph& g) {
  subgraph s;
  for (std::uint32_t i = 0; i < g.entity_slots(); ++i)
    if (g.entity_live(i)) s.entities.push_back(static_cast<entity_id>(i));
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
    if (g.relation_live(r)) s.relations.push_back(static_cast<relation_id>(r));
  return s;
}

void subgraph::add(const path& p) {
  entities.insert(entities.end(), p.entities.begin(), p.entities.end());
  relations.insert(relations.end(), p.relations.begin(), p.relations.end());
}

subgraph subgraph::of(const std::vector<path>& paths) {
  subgraph s;
  for (const auto& p : paths) s.add(p);
  return s;
}

void write_dot(std::ostream& out, const graph& g, const subgraph& sub, const dot_options& o) {
  const auto& s = g.schema();
  std::set<std::uint32_t> entities;
  for (auto e : sub.entities) entities.insert(to_index(g.canonical(e)));
  std::set<std::uint32_t> relations;
  for (auto r : sub.relations) {
    (void)g.get(r);  // throws not_found for a stale id
    relations.insert(to_index(r));
    entities.insert(g.relation_source(to_index(r)));
    entities.insert(g.relation_target(to_index(r)));
  }
  out << "digraph dossier {\n";
  out << "  graph [rankdir=" << o.rankdir << ", fontname=\"Helvetica\", fontsize=12, nodesep=0.35, ranksep=0.6, pad=0.3";
  if (!o.title.empty()) out << ", label=\"" << escape(o.title) << "\", labelloc=t, fontsize=16";
  out << "];\n";
  out << "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, penwidth=0.8];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\", arrowsize=0.7];\n";
  std::map<std::string, std::string> used;  // type name -> colour, for the legend
  for (auto e : entities) {
    const auto ref = g.get(static_cast<entity_id>(e));
    const auto colour = entity_colour(s, ref.type());
    used[ref.type_name()] = colour;
    out << "  \"e" << e << "\" [label=\"" << escape(wrap(ref.name())) << "\", type=\"" << escape(ref.type_name())
        << "\", fillcolor=\"" << colour << "\", tooltip=\"" << escape(ref.type_name() + ": " + ref.name()) << "\"];\n";
  }
  for (auto r : relations) {
    const auto ref = g.get(static_cast<relation_id>(r));
    const auto& info = s.info(ref.type());
    std::string label = info.label;
    if (!ref.valid().empty())
      label += "\n(" + (ref.valid().start ? ref.valid().start->to_string() : std::string("…")) + "–" +
               (ref.valid().end ? ref.valid().end->to_string() : std::string("")) + ")";
    out << "  \"e" << to_index(ref.source()) << "\" -> \"e" << to_index(ref.target()) << "\" [label=\"" << escape(label)
        << "\", type=\"" << escape(ref.type_name()) << "\"";
    if (ref.confidence() < 0.75) out << ", style=dashed";
    if (!info.directed) out << ", dir=none";
    if (!ref.citations().empty() && !ref.citations()[0].quote.empty())
      out << ", tooltip=\"" << escape(ref.citations()[0].quote) << "\"";
    out << "];\n";
  }
  if (o.legend && !used.empty()) {
    out << "  subgraph cluster_legend {\n    label=\"entity types\"; fontsize=10; style=\"rounded,dashed\"; color=\"#999999\";\n";
    // Ids are quoted, so that a type name with a space or a dash stays one node.
    std::string previous;
    for (const auto& [type, colour] : used) {
      const auto id = "\"legend:" + escape(type) + "\"";
      out << "    " << id << " [label=\"" << escape(type) << "\", fillcolor=\"" << colour << "\", fontsize=9];\n";
      if (!previous.empty()) out << "    " << previous << " -> " << id << " [style=invis];\n";
      previous = id;
    }
    out << "  }\n";
  }
  out << "}\n";
}

void write_dot(const std::filesystem::path& path, const graph& g, const subgraph& s, const dot_options& o) {
  detail::atomic_write(path, [&](std::ostream& out) { write_dot(out, g, s, o); });
}

std::string to_dot(const graph& g, const subgraph& s, const dot_options& o) {
  std::ostringstream out;
  write_dot(out, g, s, o);
  return out.str();
}

DOSSIER_NAMESPACE_END
