// Explanations: paths as the evidence an analyst reads.
#include <dossier/query/explain.hpp>

#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

std::vector<hop_explanation> explain_steps(const graph& g, const path& p) {
  if (p.entities.size() != p.relations.size() + 1 || p.forward.size() != p.relations.size())
    throw query_error("query.malformed_path", "explain: malformed path (" + std::to_string(p.entities.size()) + " entities, " +
                                                  std::to_string(p.relations.size()) + " relations, " +
                                                  std::to_string(p.forward.size()) + " directions)");
  std::vector<hop_explanation> out;
  for (std::size_t i = 0; i < p.relations.size(); ++i) {
    const auto rel = g.get(p.relations[i]);
    hop_explanation h;
    h.from = p.entities[i];
    h.to = p.entities[i + 1];
    h.from_name = g.get(h.from).name();
    h.to_name = g.get(h.to).name();
    h.relation = p.relations[i];
    h.relation_type = rel.type_name();
    h.relation_label = g.schema().info(rel.type()).label;
    h.forward = p.forward[i];
    h.valid = rel.valid();
    for (const auto& c : rel.citations()) {
      hop_explanation::cited x;
      const auto src = g.get(c.source);
      const auto* title = src.property("title");
      x.source_title = title && title->kind() == value_kind::string ? title->as_string() : src.name();
      if (const auto* pub = src.property("publisher"); pub && pub->kind() == value_kind::string) x.publisher = pub->as_string();
      if (const auto* d = src.property("publishedAt"); d && d->kind() == value_kind::date) x.published = d->as_date();
      x.quote = c.quote;
      x.confidence = c.confidence;
      h.citations.push_back(std::move(x));
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::string explain(const graph& g, const path& p) {
  std::string out;
  if (p.relations.empty()) return "  " + g.get(p.entities.front()).name() + " (itself)\n";
  for (const auto& h : explain_steps(g, p)) {
    out += "  " + h.from_name + (h.forward ? " -[" + h.relation_label + "]-> " : " <-[" + h.relation_label + "]- ") + h.to_name;
    if (h.valid.start || h.valid.end)
      out += "  [" + (h.valid.start ? h.valid.start->to_string() : std::string("…")) + " to " +
             (h.valid.end ? h.valid.end->to_string() : std::string("…")) + "]";
    out += "\n";
    if (h.citations.empty()) out += "      (no citation)\n";
    for (const auto& c : h.citations) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.2f", c.confidence);
      out += "      source: " + c.source_title;
      if (!c.publisher.empty()) out += ", " + c.publisher;
      if (c.published) out += ", " + c.published->to_string();
      out += std::string(" (confidence ") + conf + ")\n";
      if (!c.quote.empty()) out += "      quote: \"" + c.quote + "\"\n";
    }
  }
  return out;
}

DOSSIER_NAMESPACE_END
