// Running a query: each kind of result takes the rewrite its plan chose.
#include "detail/executor.hpp"

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

using detail::executor;
using detail::rewrite;

namespace {
const detail::bound_plan& with_start(const detail::bound_plan& p) {
  if (p.leading_starts == 0)
    throw query_error("query.no_start_set", "the query has no start set: begin it with from() or named(), or run it "
                                            "from given entities with results_from(), count_from() or count_each()");
  return p;
}
}  // namespace

std::vector<query_result> query::results() const {
  const auto& p = with_start(cache_->get(*this));
  executor x(*g_, p);
  if (p.for_results == rewrite::reverse_linked && p.stages.size() == 2) return x.linked_results();
  return x.finish(x.run({}, false, false, p.for_results));
}

std::vector<query_result> query::results_from(std::span<const entity_id> starts) const {
  const auto& p = cache_->get(*this);
  executor x(*g_, p);
  return x.finish(x.run(starts, true, false, rewrite::general));
}

std::size_t query::count_from(entity_id start) const {
  const auto& p = cache_->get(*this);
  std::size_t n = 0;
  const std::span<const entity_id> one(&start, 1);
  if (detail::count_chain(*g_, p, one, std::span<std::size_t>(&n, 1)) || detail::count_step(*g_, p, one, std::span<std::size_t>(&n, 1)))
    return n;
  executor x(*g_, p);
  x.track_paths = false;
  auto current = x.run(std::span<const entity_id>(&start, 1), true, false, rewrite::general);
  n = current.size();
  x.give(std::move(current));
  return p.limit ? std::min(n, *p.limit) : n;
}

std::vector<std::size_t> query::count_each(std::span<const entity_id> starts) const {
  const auto& p = cache_->get(*this);
  std::vector<std::size_t> counts(starts.size());
  if (detail::count_chain(*g_, p, starts, counts) || detail::count_step(*g_, p, starts, counts)) return counts;
  for (std::size_t i = 0; i < starts.size(); ++i) counts[i] = count_from(starts[i]);
  return counts;
}

std::vector<entity_id> query::ids() const {
  std::vector<entity_id> out;
  for (const auto& r : results()) out.push_back(r.entity.id());
  return out;
}

std::size_t query::count() const {
  const auto& p = with_start(cache_->get(*this));
  executor x(*g_, p);
  x.track_paths = false;  // no paths built
  auto current = x.run({}, false, false, p.for_count);
  const auto n = current.size();
  x.give(std::move(current));
  return p.limit ? std::min(n, *p.limit) : n;
}

std::map<std::string, std::size_t> query::group_count() const {
  std::map<std::string, std::size_t> out;
  for (const auto& r : results()) ++out[r.entity.type_name()];
  return out;
}

std::vector<path> query::paths() const {
  const auto& p = with_start(cache_->get(*this));
  executor x(*g_, p);
  const auto current = x.run({}, false, true, rewrite::general);
  std::vector<path> out;
  detail::stamp_set ends;
  if (p.dedup_paths) ends.reset(g_->entity_slots());
  for (const auto& t : current) {
    if (p.dedup_paths && !ends.insert(t.entity)) continue;
    out.push_back(x.path_of(t.node));
  }
  std::stable_sort(out.begin(), out.end(), [](const path& a, const path& b) { return a.length() < b.length(); });
  if (p.limit && out.size() > *p.limit) out.resize(*p.limit);
  return out;
}

DOSSIER_NAMESPACE_END
