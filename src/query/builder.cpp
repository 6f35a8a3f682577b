// The fluent builder: each call records a step as written, checked against the graph now so
// that a mistake is reported where it is made; binding happens when the query first runs.
#include "detail/plan.hpp"
#include "detail/scratch.hpp"

DOSSIER_NAMESPACE_BEGIN

using detail::step_spec;
namespace spec = detail::spec;

query::query(const graph& g) : g_(&g), cache_(std::make_shared<detail::plan_cache>()) {}

query& query::add(step_spec s) {
  detail::check_step(*g_, s);
  steps_.push_back(std::make_shared<const step_spec>(std::move(s)));
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}

query& query::from(std::string_view type) { return add({spec::start_type{std::string(type)}}); }
query& query::from(entity_id id) { return from(std::span<const entity_id>(&id, 1)); }
query& query::from(std::span<const entity_id> ids) { return add({spec::start_ids{{ids.begin(), ids.end()}}}); }
query& query::named(std::string_view name, name_options options) {
  return add({spec::start_name{std::string(name), std::move(options)}});
}

query& query::is_a(std::string_view type) {
  const entity_type_id t = g_->schema().entity_type(type);
  const entity_type_id ts[] = {t};
  return add({spec::filter{[mask = g_->schema().mask(ts)](const entity_ref& e) { return mask.test(to_index(e.type())); },
                           "is a " + quote(type)}});
}

query& query::where(std::string_view property, predicate p) {
  if (!g_->schema().try_property(property))
    throw query_error("query.unknown_property", "unknown property " + quote(property) + " in where()");
  auto description = quote(property) + " " + p.description;
  return add({spec::filter{[name = std::string(property), p = std::move(p)](const entity_ref& e) {
                             for (const auto& s : e.statements(name))
                               if (p.test(s.val)) return true;
                             return false;
                           },
                           std::move(description)}});
}

query& query::where(std::function<bool(const entity_ref&)> f) { return add({spec::filter{std::move(f), "a function"}}); }

query& query::add_step(direction dir, std::vector<std::string> types, hop_options options) {
  return add({spec::expand{dir, std::move(types), std::move(options)}});
}
query& query::out(std::vector<std::string> t, hop_options o) { return add_step(direction::out, std::move(t), std::move(o)); }
query& query::in(std::vector<std::string> t, hop_options o) { return add_step(direction::in, std::move(t), std::move(o)); }
query& query::both(std::vector<std::string> t, hop_options o) { return add_step(direction::both, std::move(t), std::move(o)); }

query& query::linked_to(std::vector<entity_id> targets, linked_options options) {
  return add({spec::linked{std::move(targets), std::move(options)}});
}
query& query::linked_to(const query& targets, linked_options options) {
  if (targets.g_ != g_) throw query_error("query.other_graph", "linked_to: the target query runs on another graph");
  return linked_to(targets.ids(), std::move(options));
}

query& query::dedup() {
  dedup_paths_ = true;
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}
query& query::limit(std::size_t n) {
  limit_ = n;
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}
query& query::order_by(std::string_view property, bool ascending) {
  if (!g_->schema().try_property(property))
    throw query_error("query.unknown_property", "unknown property " + quote(property) + " in order_by()");
  order_ = {std::string(property), ascending};
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}
query& query::with_budget(budget b) {
  detail::check_budget(b);
  budget_ = b;
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}
query& query::use_rewrites(bool on) {
  rewrites_ = on;
  cache_ = std::make_shared<detail::plan_cache>();
  return *this;
}

std::string query::explain_plan() const { return detail::describe(*g_, cache_->get(*this)); }

DOSSIER_NAMESPACE_END
