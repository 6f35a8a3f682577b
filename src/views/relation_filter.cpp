#include <dossier/views/relation_filter.hpp>

#include <cstdio>

DOSSIER_NAMESPACE_BEGIN

void check_min_confidence(double c, std::string_view what) {
  if (!(c >= 0.0 && c <= 1.0))
    throw provenance_error("provenance.confidence_range", std::string(what) + " minimum confidence " + std::to_string(c) +
                                                              " is outside [0, 1]");
}

relation_filter::relation_filter(const graph& g, std::span<const std::string> relation_types, double min_confidence,
                                 std::optional<date> as_of, std::optional<source_id> cited_by)
    : names_(relation_types.begin(), relation_types.end()), min_confidence_(min_confidence), as_of_(as_of) {
  const auto& s = g.schema();
  if (relation_types.empty()) {
    types_ = type_mask(s.relation_type_count());
    for (std::uint32_t t = 0; t < s.relation_type_count(); ++t) types_.set(t);
  } else {
    std::vector<relation_type_id> ids;
    for (const auto& t : relation_types) ids.push_back(s.relation_type(t));
    types_ = s.mask(ids);
    all_types_ = false;
  }
  check_min_confidence(min_confidence, "relation filter");
  if (cited_by) {
    const auto c = g.canonical(*cited_by);
    if (!g.is_source(c))
      throw provenance_error("provenance.not_a_source", "relation filter cited_by: entity " + std::to_string(to_index(c)) + " (" +
                                                            quote(g.get(c).name()) + ") is not a source");
    cited_by_ = to_index(c);
  }
}

std::string relation_filter::describe(const graph& g) const {
  std::string out;
  if (all_types_) {
    out = "any relation";
  } else {
    for (const auto& n : names_) out += (out.empty() ? "" : " | ") + n;
    if (types_.count() > names_.size()) out += " (with " + std::to_string(types_.count() - names_.size()) + " subtypes)";
  }
  if (min_confidence_ > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", min_confidence_);
    out += ", confidence >= " + std::string(buf);
  }
  if (as_of_) out += ", as of " + as_of_->to_string();
  if (cited_by_) out += ", cited by " + quote(g.get(static_cast<entity_id>(*cited_by_)).name());
  return out;
}

DOSSIER_NAMESPACE_END
