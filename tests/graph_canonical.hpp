#pragma once
// A description of a graph that does not depend on ids: what an export and import must keep
// (entities with names, aliases, properties and their evidence; relations with their ends,
// types, evidence and properties). Round-trip tests of every format compare it.

#include <dossier/store/graph.hpp>

#include <set>
#include <string>

namespace testing_support {

inline std::multiset<std::string> canonical(const dossier::graph& g) {
  using namespace dossier;
  std::multiset<std::string> out;
  const auto& s = g.schema();
  const auto name = [&](entity_id e) { return g.get(e).type_name() + ":" + g.get(e).name(); };
  const auto ev_text = [&](const evidence& ev) {
    std::string t;
    for (const auto& c : ev.citations)
      t += "[" + name(c.source) + "|" + c.quote + "|" + std::to_string(c.confidence) + "|" +
           (c.first_seen ? c.first_seen->to_string() : "") + "|" + (c.last_seen ? c.last_seen->to_string() : "") + "]";
    if (ev.valid.start) t += " from " + ev.valid.start->to_string();
    if (ev.valid.end) t += " to " + ev.valid.end->to_string();
    return t;
  };
  for (const auto e : g.entities()) {
    const auto ref = g.get(e);
    std::string t = "E " + name(e);
    for (const auto& a : ref.aliases()) t += " alias=" + a.name + "@" + a.lang;
    std::multiset<std::string> props;
    for (const auto& p : ref.properties()) props.insert(s.property_name(p.property) + "=" + p.val.to_string() + ev_text(p.ev));
    for (const auto& p : props) t += " " + p;
    out.insert(t);
  }
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r) {
    if (!g.relation_live(r)) continue;
    const auto ref = g.get(static_cast<relation_id>(r));
    std::string t = "R " + name(ref.source()) + " " + ref.type_name() + " " + name(ref.target()) + ev_text(ref.ev());
    for (const auto& p : ref.properties()) t += " " + s.property_name(p.property) + "=" + p.val.to_string() + ev_text(p.ev);
    out.insert(t);
  }
  return out;
}

}  // namespace testing_support
