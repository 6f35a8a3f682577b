// The JSON Lines writer (docs/format.md).
#include <dossier/io/jsonl.hpp>

#include "detail/export_selection.hpp"
#include "detail/files.hpp"
#include "detail/json_values.hpp"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <span>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail;  // the JSON value writers (detail/json_values.hpp)

// Plain values where the statement carries no evidence, the rich form where it does (or where
// the value is itself a list, which the plain form would read as several values).
json statement_json(const statement_ref& s, record_ids& ids) {
  if (s.ev.citations.empty() && s.ev.valid.empty() && s.val.kind() != value_kind::list) return value_to_json(s.val);
  json o{{"value", value_to_json(s.val)}};
  if (!s.ev.citations.empty()) o["citations"] = citations_to_json(s.ev.citations, ids);
  if (!s.ev.valid.empty()) o["valid"] = valid_to_json(s.ev.valid);
  return o;
}

json properties_json(const schema& s, statement_range list, record_ids& ids) {
  json props = json::object();
  for (const auto& st : list) props[s.property_name(st.property)].push_back(statement_json(st, ids));
  return props;
}

json entity_json(const graph& g, std::uint32_t e, record_ids& ids) {
  const auto ref = g.get(static_cast<entity_id>(e));
  json o{{"id", ids(e)}, {"schema", ref.type_name()}, {"name", ref.name()}};
  if (!ref.aliases().empty()) o["aliases"] = aliases_to_json(ref.aliases());
  if (auto props = properties_json(g.schema(), ref.properties(), ids); !props.empty()) o["properties"] = std::move(props);
  return o;
}

json relation_json(const graph& g, std::uint32_t r, record_ids& ids) {
  const auto ref = g.get(static_cast<relation_id>(r));
  const auto external = ref.external_id();
  json o{{"id", external.empty() ? "r" + std::to_string(r) : std::string(external)},
         {"schema", ref.type_name()},
         {"source", ids(to_index(ref.source()))},
         {"target", ids(to_index(ref.target()))}};
  if (auto props = properties_json(g.schema(), ref.properties(), ids); !props.empty()) o["properties"] = std::move(props);
  if (!ref.citations().empty()) o["citations"] = citations_to_json(ref.citations(), ids);
  if (!ref.valid().empty()) o["valid"] = valid_to_json(ref.valid());
  return o;
}

}  // namespace

void export_jsonl(const graph& g, std::ostream& out, const export_options& options) {
  auto chosen = select_for_export(g, options);
  record_ids ids(g);
  // The header names the schema, so that any export imports back (jsonl_schema_name).
  if (!g.schema().name().empty())
    out << json{{"header", {{"format", "dossier-jsonl"}, {"version", 1}, {"schema", g.schema().name()}}}}.dump() << '\n';
  // Sources first, so that a reader meets them before their citations.
  std::stable_partition(chosen.entities.begin(), chosen.entities.end(), [&](std::uint32_t e) { return g.is_source(static_cast<entity_id>(e)); });
  for (auto e : chosen.entities) out << entity_json(g, e, ids).dump() << '\n';
  for (auto r : chosen.relations) out << relation_json(g, r, ids).dump() << '\n';
  if (!out) throw io_error("io.write_failed", "export_jsonl: write failed");
}

void export_jsonl(const graph& g, const std::filesystem::path& path, const export_options& options) {
  // Atomic, as saves are: a failed export leaves the file that was there.
  detail::atomic_write(path, [&](std::ostream& out) { export_jsonl(g, out, options); });
}

DOSSIER_NAMESPACE_END
