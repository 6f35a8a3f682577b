// A Cypher result as the tool prints it (cypher_output.hpp).
#include "cypher_output.hpp"

#include "text.hpp"

#include <dossier/schema/schemas.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dossier_tool {

using namespace dossier;
using kind = cypher_value::kind;

namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') out += {'\\', c};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else out += c;
  }
  return out + "\"";
}

// The shortest text that reads back as the same double; JSON has no NaN or infinity.
std::string json_real(double d) {
  if (!std::isfinite(d)) return "null";
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

template <class Items, class F>
std::string json_array(const Items& items, F&& each) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + each(item);
  return out + "]";
}

std::string json_map(const graph& g, const cypher_value::map_type& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) out += (out.size() > 1 ? ", " : "") + json_string(k) + ": " + json_value(g, v);
  return out + "}";
}

std::string json_node(const graph& g, entity_id id) {
  const auto e = g.try_get(id);
  if (!e) return "{\"id\": " + std::to_string(to_index(id)) + ", \"deleted\": true}";
  return "{\"id\": " + std::to_string(to_index(id)) + ", \"labels\": " + json_array(cypher_labels(g, id), json_string) +
         ", \"properties\": " + json_map(g, cypher_properties(g, id)) + "}";
}

std::string json_relationship(const graph& g, relation_id id) {
  const auto r = g.try_get(id);
  if (!r) return "{\"id\": " + std::to_string(to_index(id)) + ", \"deleted\": true}";
  const auto props = cypher_properties(g, id);
  const auto citations = json_array(r->citations(), [&](const citation_view& c) {
    return "{\"source\": " + json_string(g.get(c.source).name()) + ", \"quote\": " + json_string(c.quote) + ", \"confidence\": " +
           json_real(c.confidence) + "}";
  });
  return "{\"id\": " + std::to_string(to_index(id)) + ", \"type\": " + json_string(r->type_name()) +
         ", \"start\": " + std::to_string(to_index(r->source())) + ", \"end\": " + std::to_string(to_index(r->target())) +
         ", \"properties\": " + json_map(g, props) + ", \"citations\": " + citations + "}";
}

dossier::path to_path(const graph& g, const cypher_value::path_type& p) {
  dossier::path out;
  out.entities.assign(p.nodes.begin(), p.nodes.end());
  for (std::size_t i = 0; i < p.relationships.size(); ++i) {
    out.relations.push_back(p.relationships[i]);
    out.forward.push_back(g.get(p.relationships[i]).source() == p.nodes[i]);
  }
  return out;
}

std::string node_cell(const graph& g, entity_id id) {
  const auto e = g.try_get(id);
  if (!e || e->name().empty()) return format(g, cypher_value::node(id));
  return e->name() + " [" + e->type_name() + "]";
}

std::string hop_cell(const graph& g, relation_id id, bool forward) {
  const auto r = g.get(id);
  const auto label = relation_label(g.schema(), r.type());
  return forward ? " -[" + label + "]-> " : " <-[" + label + "]- ";
}

std::string path_cell(const graph& g, const cypher_value::path_type& p) {
  std::string out = node_cell(g, p.nodes.front());
  for (std::size_t i = 0; i < p.relationships.size(); ++i) {
    const auto r = g.try_get(p.relationships[i]);
    if (!r) return format(g, cypher_value(p));
    out += hop_cell(g, p.relationships[i], r->source() == p.nodes[i]) + node_cell(g, p.nodes[i + 1]);
  }
  return out;
}

// Inside lists and maps, strings keep their quotes: ['a', 'b'] is two strings, not one.
std::string nested_cell(const graph& g, const cypher_value& v) {
  if (v.type() == kind::list) {
    std::string out = "[";
    for (const auto& item : v.as_list()) out += (out.size() > 1 ? ", " : "") + nested_cell(g, item);
    return out + "]";
  }
  if (v.type() == kind::map) {
    std::string out = "{";
    for (const auto& [k, item] : v.as_map()) out += (out.size() > 1 ? ", " : "") + k + ": " + nested_cell(g, item);
    return out + "}";
  }
  if (v.type() == kind::string) return format(g, v);
  return cell_text(g, v);
}

std::string escape_newlines(std::string s) {
  for (std::size_t at = 0; (at = s.find_first_of("\n\r", at)) != std::string::npos; at += 2) s.replace(at, 1, s[at] == '\n' ? "\\n" : "\\r");
  return s;
}

bool right_aligned(const cypher_value& v) { return v.is_number(); }

void print_table(std::ostream& out, const graph& g, const cypher_result& r) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(r.columns.size());
  for (std::size_t c = 0; c < r.columns.size(); ++c) width[c] = display_width(r.columns[c]);
  for (const auto& row : r.rows) {
    auto& line = cells.emplace_back();
    for (std::size_t c = 0; c < row.size(); ++c) {
      line.push_back(escape_newlines(cell_text(g, row[c])));
      width[c] = std::max(width[c], display_width(line.back()));
    }
  }
  const auto pad = [&](const std::string& text, std::size_t c, bool right) {
    const std::string fill(width[c] - display_width(text), ' ');
    return right ? fill + text : text + fill;
  };
  // psql's layout: " a | b" over "---+---", trailing blanks dropped.
  const auto print_line = [&](std::string line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  std::string header, rule;
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    header += (c ? "| " : " ") + pad(r.columns[c], c, false) + " ";
    rule += (c ? "+" : "") + std::string(width[c] + 2, '-');
  }
  print_line(header);
  print_line(rule);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < cells[i].size(); ++c) line += (c ? "| " : " ") + pad(cells[i][c], c, right_aligned(r.rows[i][c])) + " ";
    print_line(line);
  }
  out << "(" << r.rows.size() << (r.rows.size() == 1 ? " row)\n" : " rows)\n");
}

// Every path in the table, with the evidence of each hop, under its row and column.
void print_evidence(std::ostream& out, const graph& g, const cypher_result& r) {
  for (std::size_t i = 0; i < r.rows.size(); ++i)
    for (std::size_t c = 0; c < r.rows[i].size(); ++c)
      if (const auto& v = r.rows[i][c]; v.type() == kind::path && !v.as_path().relationships.empty())
        out << "\nrow " << i + 1 << ", " << r.columns[c] << ":\n" << explain_path(g, to_path(g, v.as_path()));
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' '))) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_csv(std::ostream& out, const graph& g, const cypher_result& r) {
  for (std::size_t c = 0; c < r.columns.size(); ++c) out << (c ? "," : "") << csv_field(r.columns[c]);
  out << "\r\n";  // RFC 4180
  for (const auto& row : r.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csv_field(row[c].is_null() ? std::string() : cell_text(g, row[c]));
    out << "\r\n";
  }
}

std::string row_json(const graph& g, const cypher_result& r, const std::vector<cypher_value>& row) {
  std::string out = "{";
  for (std::size_t c = 0; c < row.size(); ++c) out += (c ? ", " : "") + json_string(r.columns[c]) + ": " + json_value(g, row[c]);
  return out + "}";
}

}  // namespace

std::string json_value(const graph& g, const cypher_value& v) {
  switch (v.type()) {
    case kind::null: return "null";
    case kind::boolean: return v.as_bool() ? "true" : "false";
    case kind::integer: return std::to_string(v.as_int());
    case kind::real: return json_real(v.as_real());
    case kind::string: return json_string(v.as_string());
    case kind::date: return json_string(v.as_date().to_string());
    case kind::money: return json_string(v.as_money().to_string());
    case kind::list: return json_array(v.as_list(), [&](const cypher_value& item) { return json_value(g, item); });
    case kind::map: return json_map(g, v.as_map());
    case kind::node: return json_node(g, v.as_node());
    case kind::relationship: return json_relationship(g, v.as_relationship());
    case kind::path:
      return "{\"nodes\": " + json_array(v.as_path().nodes, [&](entity_id e) { return json_node(g, e); }) +
             ", \"relationships\": " + json_array(v.as_path().relationships, [&](relation_id r) { return json_relationship(g, r); }) + "}";
  }
  return "null";
}

std::string cell_text(const graph& g, const cypher_value& v) {
  switch (v.type()) {
    case kind::string: return v.as_string();
    case kind::node: return node_cell(g, v.as_node());
    case kind::relationship: {
      const auto r = g.try_get(v.as_relationship());
      if (!r) return format(g, v);
      return node_cell(g, r->source()) + hop_cell(g, v.as_relationship(), true) + node_cell(g, r->target());
    }
    case kind::path: return path_cell(g, v.as_path());
    case kind::list:
    case kind::map: return nested_cell(g, v);
    case kind::date: return v.as_date().to_string();
    case kind::money: return v.as_money().to_string();
    default: return format(g, v);
  }
}

bool changed_anything(const cypher_counters& c) { return c != cypher_counters{}; }

std::string counters_text(const cypher_counters& c) {
  std::string out;
  const auto say = [&](std::size_t n, const char* one, const char* many, const char* done) {
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + (n == 1 ? one : many) + " " + done;
  };
  say(c.nodes_created, "node", "nodes", "created");
  say(c.nodes_deleted, "node", "nodes", "deleted");
  say(c.relationships_created, "relationship", "relationships", "created");
  say(c.relationships_deleted, "relationship", "relationships", "deleted");
  say(c.properties_set, "property", "properties", "set");
  say(c.labels_added, "label", "labels", "added");
  say(c.labels_removed, "label", "labels", "removed");
  return out;
}

void print_profile(std::ostream& out, const cypher_result& r) {
  for (const auto& s : r.profile) {
    char time[32];
    std::snprintf(time, sizeof time, "%.3f ms", std::chrono::duration<double, std::milli>(s.time).count());
    out << "  " << s.stage << ": " << s.rows << (s.rows == 1 ? " row, " : " rows, ") << time << "\n";
  }
}

void print_result(std::ostream& out, const graph& g, const cypher_result& r, output_mode mode) {
  const bool explained = !r.plan.empty() && r.profile.empty() && r.rows.empty();
  if (explained) {  // EXPLAIN: the plan is the answer
    out << r.plan << (r.plan.ends_with('\n') ? "" : "\n");
    return;
  }
  if (!r.columns.empty()) {
    switch (mode) {
      case output_mode::table:
        print_table(out, g, r);
        print_evidence(out, g, r);
        break;
      case output_mode::csv: print_csv(out, g, r); break;
      case output_mode::json: {
        out << "[";
        for (std::size_t i = 0; i < r.rows.size(); ++i) out << (i ? ",\n " : "\n ") << row_json(g, r, r.rows[i]);
        out << (r.rows.empty() ? "]\n" : "\n]\n");
        break;
      }
      case output_mode::jsonl:
        for (const auto& row : r.rows) out << row_json(g, r, row) << "\n";
        break;
    }
  }
  if (!r.profile.empty() && mode == output_mode::table) {
    out << "\nplan:\n" << r.plan << (r.plan.ends_with('\n') ? "" : "\n") << "profile:\n";
    print_profile(out, r);
  }
}

}  // namespace dossier_tool
