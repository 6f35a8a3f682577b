#pragma once
// The one relation filter: which relation types (with their subtypes), and which evidence: a
// minimum confidence, holding as of a date, cited by a source. Views and query steps bind it the
// same way, so the same mistake raises the same error wherever it is made:
//   schema_error     [dossier.schema.unknown_type]            a relation type that is not declared
//   provenance_error [dossier.provenance.confidence_range]    a minimum confidence outside [0, 1]
//   provenance_error [dossier.provenance.not_a_source]        cited_by names an entity that is no source
// "As of" applies to entities too: an entity whose own valid time (startDate / endDate) does not
// hold at the date is left out, as are its relations.

#include <dossier/core/config.hpp>
#include <dossier/core/date.hpp>
#include <dossier/schema/type_mask.hpp>
#include <dossier/store/graph.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// Checks a minimum confidence: provenance_error naming `what` when it is outside [0, 1].
void check_min_confidence(double c, std::string_view what);

class relation_filter {
 public:
  relation_filter() = default;  // keeps every relation
  relation_filter(const graph& g, std::span<const std::string> relation_types, double min_confidence = 0,
                  std::optional<date> as_of = {}, std::optional<source_id> cited_by = {});

  // The wanted types, subtypes included; every type when none was named.
  [[nodiscard]] const type_mask& types() const noexcept { return types_; }
  [[nodiscard]] bool all_types() const noexcept { return all_types_; }
  [[nodiscard]] bool checks_evidence() const noexcept { return min_confidence_ > 0 || as_of_ || cited_by_; }
  [[nodiscard]] double min_confidence() const noexcept { return min_confidence_; }
  [[nodiscard]] const std::optional<date>& as_of() const noexcept { return as_of_; }
  [[nodiscard]] const std::optional<std::uint32_t>& cited_by() const noexcept { return cited_by_; }

  // The relation's evidence passes (its type is not looked at: expansions already select types).
  [[nodiscard]] bool keep_evidence(const graph& g, std::uint32_t relation) const {
    if (!checks_evidence()) return true;
    const auto& ev = g.relation_evidence(relation);
    if (as_of_ && !ev.valid.holds_at(*as_of_)) return false;
    if (min_confidence_ > 0 && ev.confidence() < min_confidence_) return false;
    if (cited_by_ && !ev.cited_by(static_cast<source_id>(*cited_by_))) return false;
    return true;
  }
  // Type and evidence.
  [[nodiscard]] bool keep(const graph& g, std::uint32_t relation) const {
    return (all_types_ || types_.test(to_index(g.relation_type_of(relation)))) && keep_evidence(g, relation);
  }
  // The entity holds as of the filter's date (always, without one).
  [[nodiscard]] bool holds(const graph& g, std::uint32_t entity) const noexcept {
    if (!as_of_) return true;
    const auto* v = g.entity_valid_time(entity);
    return !v || v->holds_at(*as_of_);
  }
  // "recruits_in, targets (and subtypes), confidence >= 0.75, as of 2017": for plan explanations.
  [[nodiscard]] std::string describe(const graph& g) const;

 private:
  type_mask types_;
  bool all_types_ = true;
  std::vector<std::string> names_;
  double min_confidence_ = 0;
  std::optional<date> as_of_;
  std::optional<std::uint32_t> cited_by_;
};

DOSSIER_NAMESPACE_END
