// CALL: the procedures the engine knows. dossier.resolve finds an entity by a name as sources
// spell it; db.labels and db.relationshipTypes list the schema's names.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/store/graph.hpp>

#include <algorithm>
#include <cctype>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

table run_call(context& c, const syn::call_clause& call, table rows) {
  std::string name;
  for (const char ch : call.procedure) name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  table out;
  for (auto& r : rows) {
    std::vector<value_t> args;
    for (const auto& a : call.arguments) args.push_back(eval(c, *a, r));
    std::vector<std::vector<std::pair<std::string, value_t>>> records;
    if (name == "dossier.resolve") {
      if (args.empty() || args[0].type() != kind::string)
        fail_runtime("ArgumentError", "InvalidArgumentType", "dossier.resolve(name [, type]) needs a name");
      lookup_options o;
      if (args.size() > 1 && args[1].type() == kind::string) o.type = args[1].as_string();
      if (const auto found = c.g.try_resolve(args[0].as_string(), o))
        records.push_back({{"node", value_t::node(found->entity)}, {"score", found->score}, {"ambiguous", found->ambiguous}});
    } else if (name == "db.labels") {
      for (const auto& t : c.g.schema().entity_types())
        for (const auto& l : labels_of_type(c.g.schema(), t.id))
          if (t.name.find(':') == std::string::npos) records.push_back({{"label", value_t(l)}});
    } else if (name == "db.relationshiptypes") {
      for (const auto& t : c.g.schema().relation_types()) records.push_back({{"relationshipType", value_t(t.name)}});
    } else {
      fail_compile("ProcedureError", "ProcedureNotFound", "unknown procedure " + quote(call.procedure));
    }
    for (const auto& rec : records) {
      row next = r;
      for (const auto& [field, variable] : call.yields) {
        const auto it = std::find_if(rec.begin(), rec.end(), [&](const auto& kv) { return kv.first == field; });
        if (it == rec.end())
          fail_compile("SyntaxError", "UndefinedVariable", "procedure " + call.procedure + " yields no " + quote(field));
        next[static_cast<std::size_t>(c.p.slot(&variable))] = it->second;
      }
      if (passes(c, call.where.get(), next)) out.push_back(std::move(next));
    }
  }
  return out;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
