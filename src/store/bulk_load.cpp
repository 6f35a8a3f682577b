// bulk_load: batches applied as graph::append applies them, linked once when the load ends.
#include <dossier/store/bulk_load.hpp>

#include "detail/claim_index.hpp"

DOSSIER_NAMESPACE_BEGIN

bulk_load::bulk_load(graph g, bulk_options options) : g_(std::move(g)), options_(options), first_relation_(g_.relation_slots()) {
  if (options_.expected_entities || options_.expected_relations)
    g_.reserve(g_.entity_slots() + options_.expected_entities, g_.relation_slots() + options_.expected_relations);
  g_.defer_links(options_.on_repeat == repeat_policy::merge);
}

bulk_load::~bulk_load() = default;

void bulk_load::require_open(const char* what) const {
  if (finished_) throw error("store.load_finished", std::string("bulk_load::") + what + ": the load is finished");
}

append_result bulk_load::append(batch b) {
  require_open("append");
  return g_.append(std::move(b), {.skip_bad_rows = options_.skip_bad_rows, .on_repeat = options_.on_repeat});
}

graph bulk_load::finish() && {
  require_open("finish");
  finished_ = true;
  g_.link_deferred();
  g_.release_slack();
  return std::move(g_);
}

DOSSIER_NAMESPACE_END
