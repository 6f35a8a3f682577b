#pragma once
// Explanations: a path as the evidence an analyst reads, hop by hop, with each hop's sources
// and quotes.

#include <dossier/core/config.hpp>
#include <dossier/query/path.hpp>
#include <dossier/store/graph.hpp>

#include <optional>
#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct hop_explanation {
  entity_id from, to;
  std::string from_name, to_name;
  relation_id relation;
  std::string relation_type, relation_label;
  bool forward = true;
  struct cited {
    std::string source_title, publisher, quote;
    std::optional<date> published;
    double confidence = 1;
  };
  std::vector<cited> citations;
  valid_time valid;
};

// Throws query_error for a path whose lists do not fit together, not_found for ids the graph
// does not hold.
[[nodiscard]] std::vector<hop_explanation> explain_steps(const graph& g, const path& p);
// One line per hop: "Qiming -[recruits in]-> semiconductors  (Reuters, 2023-08-24: "…")".
[[nodiscard]] std::string explain(const graph& g, const path& p);

DOSSIER_NAMESPACE_END
