// CALL: the procedures the engine knows. dossier.resolve finds an entity by a name as sources
// spell it; dossier.cite and dossier.validTime give a relationship its evidence (writes, undone
// with the rest of the statement when it fails); db.labels and db.relationshipTypes list the
// schema's names.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/core/date.hpp>
#include <dossier/store/graph.hpp>

#include <algorithm>
#include <cctype>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

using record = std::vector<std::pair<std::string, value_t>>;

namespace {

relation_id relationship_argument(context& c, const std::vector<value_t>& args, std::string_view procedure) {
  if (args.empty() || args[0].type() != kind::relationship || !c.g.contains(args[0].as_relationship()))
    fail_runtime("ArgumentError", "InvalidArgumentType", std::string(procedure) + " needs a relationship first");
  return args[0].as_relationship();
}

std::optional<date> date_argument(const value_t& v, std::string_view procedure) {
  if (v.is_null()) return std::nullopt;
  if (v.type() == kind::date) return v.as_date();
  if (v.type() == kind::string) {
    if (const auto d = try_parse_date(v.as_string())) return d;
  }
  fail_runtime("ArgumentError", "InvalidArgumentValue", std::string(procedure) + " needs dates, got " + describe(v));
}

// dossier.cite(relationship, source, quote [, confidence])
void cite_relationship(context& c, const std::vector<value_t>& args) {
  const auto r = relationship_argument(c, args, "dossier.cite");
  if (args.size() < 3 || args[1].type() != kind::node || (!args[2].is_null() && args[2].type() != kind::string))
    fail_runtime("ArgumentError", "InvalidArgumentType", "dossier.cite(relationship, source node, quote [, confidence])");
  const double confidence = args.size() > 3 && !args[3].is_null() ? args[3].as_real() : 1.0;
  auto& g = *c.writable;
  const std::vector<citation> old(g.get(r).citations().begin(), g.get(r).citations().end());
  g.add_citation(r, cite(args[1].as_node(), args[2].is_null() ? std::string() : args[2].as_string(), confidence));
  c.undo->steps.push_back([r, old](graph& h) { h.set_citations(r, old); });
}

// dossier.validTime(relationship, from, to): either may be null (open).
void time_relationship(context& c, const std::vector<value_t>& args) {
  const auto r = relationship_argument(c, args, "dossier.validTime");
  if (args.size() != 3) fail_runtime("ArgumentError", "InvalidArgumentType", "dossier.validTime(relationship, from, to)");
  auto& g = *c.writable;
  const auto old = g.get(r).valid();
  g.set_valid_time(r, {date_argument(args[1], "dossier.validTime"), date_argument(args[2], "dossier.validTime")});
  c.undo->steps.push_back([r, old](graph& h) { h.set_valid_time(r, old); });
}

}  // namespace

bool procedure_writes(std::string_view lower_name) { return lower_name == "dossier.cite" || lower_name == "dossier.validtime"; }

const std::vector<std::string>* procedure_fields(std::string_view lower_name) {
  static const std::vector<std::pair<std::string_view, std::vector<std::string>>> signatures = {
      {"dossier.resolve", {"node", "score", "ambiguous", "matched", "kind"}},
      {"dossier.cite", {}},
      {"dossier.validtime", {}},
      {"db.labels", {"label"}},
      {"db.relationshiptypes", {"relationshipType"}},
      {"db.propertykeys", {"propertyKey"}},
  };
  for (const auto& [name, fields] : signatures)
    if (name == lower_name) return &fields;
  return nullptr;
}

namespace {

std::string_view kind_name(match_kind k) {
  switch (k) {
    case match_kind::exact: return "exact";
    case match_kind::prefix: return "prefix";
    case match_kind::substring: return "substring";
    case match_kind::fuzzy: return "fuzzy";
  }
  return "";
}

// dossier.resolve(name [, type]): the best match, as graph::try_resolve finds it.
void resolve(context& c, const std::vector<value_t>& args, std::vector<record>& records) {
  if (args.empty() || args[0].type() != kind::string)
    fail_runtime("ArgumentError", "InvalidArgumentType", "dossier.resolve(name [, type]) needs a name");
  lookup_options o;
  if (args.size() > 1 && args[1].type() == kind::string) {
    o.type = args[1].as_string();
    if (!c.g.schema().try_entity_type(o.type))
      fail_runtime("SemanticError", "UnknownLabel", "dossier.resolve: unknown type " + quote(o.type));
  }
  if (const auto found = c.g.try_resolve(args[0].as_string(), o))
    records.push_back({{"node", value_t::node(found->entity)},
                       {"score", found->score},
                       {"ambiguous", found->ambiguous},
                       {"matched", value_t(found->matched)},
                       {"kind", value_t(std::string(kind_name(found->kind)))}});
}

}  // namespace

table run_call(context& c, const syn::call_clause& call, table rows) {
  const auto& outputs = c.p.call_outputs.at(&call);
  std::string name;
  for (const char ch : call.procedure) name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  table out;
  for (auto& r : rows) {
    std::vector<value_t> args;
    for (const auto& a : call.arguments) args.push_back(eval(c, *a, r));
    std::vector<record> records;
    if (name == "dossier.resolve") {
      resolve(c, args, records);
    } else if (procedure_writes(name)) {
      if (!c.writable) fail_compile("SemanticError", "ReadOnly", call.procedure + " writes; the graph is const");
      name == "dossier.cite" ? cite_relationship(c, args) : time_relationship(c, args);
      records.emplace_back();  // a procedure without results lets its row through
    } else if (name == "db.labels") {
      for (const auto& t : c.g.schema().entity_types())
        for (const auto& l : labels_of_type(c.g.schema(), t.id))
          if (t.name.find(':') == std::string::npos) records.push_back({{"label", value_t(l)}});
    } else if (name == "db.relationshiptypes") {
      for (const auto& t : c.g.schema().relation_types()) records.push_back({{"relationshipType", value_t(t.name)}});
    } else if (name == "db.propertykeys") {
      for (std::size_t i = 0; i < c.g.schema().property_count(); ++i)
        records.push_back({{"propertyKey", value_t(c.g.schema().property_name(static_cast<property_id>(i)))}});
    }
    for (const auto& rec : records) {
      row next = r;
      for (const auto& [field, slot] : outputs) {
        const auto it = std::find_if(rec.begin(), rec.end(), [&f = field](const auto& kv) { return kv.first == f; });
        next[static_cast<std::size_t>(slot)] = it == rec.end() ? value_t() : it->second;
      }
      if (passes(c, call.where.get(), next)) out.push_back(std::move(next));
    }
  }
  return out;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
