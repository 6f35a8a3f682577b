#pragma once
// A description of a graph that does not depend on slot ids: what an export and a re-import must
// keep. Entities are named by type and name, so that two graphs loaded in different orders
// compare equal when they hold the same things. Everything else is in it: aliases with their
// languages, every property value with its kind and its evidence (citations with quote,
// confidence and seen times; valid time), relations with their evidence and their properties'.
// Shared by the round-trip tests of the interchange formats (JSON Lines, GraphML) and the
// GraphML fuzz target.
#include <dossier/dossier.hpp>

#include <set>
#include <string>

namespace testing_support {

struct canonical_options {
  // Also the external ids of entities and relations, for inputs that have them on everything
  // (an export writes made-up ids, "e<N>", for elements without one, which come back as theirs).
  bool external_ids = false;
};

inline std::multiset<std::string> canonical(const dossier::graph& g, canonical_options options = {}) {
  using namespace dossier;
  std::multiset<std::string> out;
  const auto& s = g.schema();
  const auto name = [&](entity_id e) { return g.get(e).type_name() + ":" + g.get(e).name(); };
  const auto ev_text = [&](const auto& ev) {  // evidence, or a relation's evidence_view
    std::multiset<std::string> cites;
    for (const auto& c : ev.citations)
      cites.insert("[" + name(c.source) + "|" + std::string(c.quote) + "|" + std::to_string(c.confidence) + "|" +
                   (c.first_seen ? c.first_seen->to_string() : "") + "|" + (c.last_seen ? c.last_seen->to_string() : "") + "]");
    std::string t;
    for (const auto& c : cites) t += c;
    if (ev.valid.start) t += " from " + ev.valid.start->to_string();
    if (ev.valid.end) t += " to " + ev.valid.end->to_string();
    return t;
  };
  const auto statements = [&](dossier::statement_range list) {
    std::multiset<std::string> props;
    for (const auto& p : list)
      props.insert(s.property_name(p.property) + "=" + p.val.to_string() + "/" + std::string(to_string(p.val.kind())) + ev_text(p.ev));
    std::string t;
    for (const auto& p : props) t += " " + p;
    return t;
  };
  for (const auto e : g.entities()) {
    const auto ref = g.get(e);
    std::string t = "E " + name(e);
    if (options.external_ids) t += " id=" + std::string(ref.external_id());
    for (const auto& a : ref.aliases()) t += " alias=" + a.name + "@" + a.lang;
    out.insert(t + statements(ref.properties()));
  }
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r) {
    if (!g.relation_live(r)) continue;
    const auto ref = g.get(static_cast<relation_id>(r));
    std::string t = "R " + name(ref.source()) + " " + ref.type_name() + " " + name(ref.target()) + ev_text(ref.ev());
    if (options.external_ids) t += " id=" + std::string(ref.external_id());
    out.insert(t + statements(ref.properties()));
  }
  return out;
}

}  // namespace testing_support
