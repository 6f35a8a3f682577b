#pragma once
// The statement model's types: citations and valid time. No graph knowledge lives here.

#include <dossier/core/config.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/value.hpp>

#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// Who said it, where, in what words, how sure we are, and when we saw it.
struct citation {
  source_id source = null_entity;   // a Document (or subtype) entity
  std::string quote = {};           // short excerpt from the source
  double confidence = 1.0;          // in [0, 1]
  std::optional<date> first_seen = {};
  std::optional<date> last_seen = {};

  friend bool operator==(const citation&, const citation&) = default;
};

[[nodiscard]] inline citation cite(source_id source, std::string quote = {}, double confidence = 1.0) {
  return citation{source, std::move(quote), confidence};
}

// The period a statement held. Both ends are optional partial dates (open intervals).
struct valid_time {
  std::optional<date> start = {};
  std::optional<date> end = {};

  [[nodiscard]] bool empty() const noexcept { return !start && !end; }
  // True when the statement may hold at `when`, respecting precision: a fact valid 2008-2018
  // holds "as of 2018-06" and not "as of 2019".
  [[nodiscard]] bool holds_at(const date& when) const noexcept {
    if (start && start->after(when)) return false;
    if (end && end->before(when)) return false;
    return true;
  }
  friend bool operator==(const valid_time&, const valid_time&) = default;
};

// Throws provenance_error naming the problem (confidence out of range, end before start).
inline void validate(const citation& c) {
  if (!(c.confidence >= 0.0 && c.confidence <= 1.0))
    throw provenance_error("provenance.confidence_range", "citation confidence " + std::to_string(c.confidence) + " is outside [0, 1]");
  if (c.first_seen && c.last_seen && c.last_seen->before(*c.first_seen))
    throw provenance_error("provenance.seen_order", "citation last seen " + c.last_seen->to_string() +
                                                        " is before first seen " + c.first_seen->to_string());
  if (c.quote.size() > config::max_quote_bytes)
    throw provenance_error("provenance.quote_too_long", "citation quote of " + std::to_string(c.quote.size()) + " bytes exceeds " +
                                                            std::to_string(config::max_quote_bytes) + " (a quote is a short excerpt)");
  require_utf8(c.quote, "citation quote");
}

inline void validate(const valid_time& v) {
  if (v.start && v.end && v.end->before(*v.start))
    throw provenance_error("provenance.valid_time_order", "valid time ends (" + v.end->to_string() +
                                                              ") before it starts (" + v.start->to_string() + ")");
}

// A statement's evidence: its citations and the period it held.
struct evidence {
  std::vector<citation> citations = {};
  valid_time valid = {};

  // Highest confidence among citations; 1 when uncited (an analyst's own assertion).
  [[nodiscard]] double confidence() const noexcept {
    if (citations.empty()) return 1.0;
    double best = 0;
    for (const auto& c : citations) best = c.confidence > best ? c.confidence : best;
    return best;
  }
  [[nodiscard]] bool cited_by(source_id s) const noexcept {
    for (const auto& c : citations)
      if (c.source == s) return true;
    return false;
  }
  friend bool operator==(const evidence&, const evidence&) = default;
};

DOSSIER_NAMESPACE_END
