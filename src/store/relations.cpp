// Relations: relating, repeat claims, evidence and removal.
#include <dossier/store/graph.hpp>

#include "detail/claim_index.hpp"
#include "detail/evidence.hpp"

DOSSIER_NAMESPACE_BEGIN

std::uint32_t graph::details_of(std::uint32_t r) {
  auto& rr = relations_[r];
  if (rr.details == detail::npos32) {
    const auto d = relation_citations_.owners();
    relation_citations_.resize_owners(d + std::size_t{1});  // statements make their owners as they come
    rr.details = d;
  }
  return rr.details;
}

void graph::set_details_valid(std::uint32_t d, const valid_time& v) {
  if (d >= relation_valid_.size()) {
    if (v.empty()) return;  // records past the end always hold
    relation_valid_.resize(d + std::size_t{1});
  }
  relation_valid_[d] = v;
}

void graph::link(std::uint32_t r) {
  changed();
  const auto& rr = relations_[r];
  out_.insert(rr.source, to_index(rr.type), rr.target, r);
  in_.insert(rr.target, to_index(rr.type), rr.source, r);
}

void graph::unlink(std::uint32_t r) {
  changed();
  const auto& rr = relations_[r];
  out_.erase(rr.source, to_index(rr.type), r);
  in_.erase(rr.target, to_index(rr.type), r);
}

bool graph::same_claim(std::uint32_t r, std::uint32_t source, std::uint32_t target, relation_type_id type,
                       const relation_details& claim, std::string_view external_id) const {
  const auto& rr = relations_[r];
  if (rr.source != source || rr.target != target || rr.type != type) return false;
  if (relation_external_id(r) != external_id) return false;  // two records elsewhere: two claims
  if (!(relation_evidence(r).valid == claim.ev.valid)) return false;
  const auto props = rr.details == detail::npos32 ? statement_range{} : relation_statements_.of(rr.details);
  if (props.size() != claim.properties.size()) return false;
  for (std::size_t i = 0; i < props.size(); ++i)
    if (props[i].property != claim.properties[i].property || !(props[i].val == claim.properties[i].val)) return false;
  return true;
}

std::optional<std::uint32_t> graph::find_repeat(std::uint32_t source, std::uint32_t target, relation_type_id type,
                                                const relation_details& claim, std::string_view external_id) const {
  const auto same = [&](std::uint32_t r) { return same_claim(r, source, target, type, claim, external_id); };
  // Relations not linked yet are found through the deferral's index.
  if (deferred_claims_) {
    const auto r = deferred_claims_->find(source, target, to_index(type), same);
    if (r != detail::npos32) return r;
  }
  // Scan whichever end has fewer relations of this type: hubs stay cheap to add to.
  const bool from_source = out_.degree(source) <= in_.degree(target);
  std::optional<std::uint32_t> found;
  const auto accept = [&](std::uint32_t t) { return t == to_index(type); };
  const auto visit = [&](std::uint32_t, std::uint32_t r) {
    if (!found && same(r)) found = r;
  };
  if (from_source) out_.for_each(source, accept, visit);
  else in_.for_each(target, accept, visit);
  return found;
}

void graph::defer_links(bool index_claims) {
  DOSSIER_ASSERT(!deferring(), "defer_links: linking is already deferred");
  deferred_from_ = relation_slots();
  if (index_claims) deferred_claims_ = std::make_unique<detail::claim_index>(deferred_from_);
}

void graph::link_deferred() {
  if (!deferring()) return;
  const auto first = deferred_from_;
  deferred_from_ = detail::npos32;
  deferred_claims_.reset();
  const std::size_t added = relation_slots() - first;
  if (added == 0) return;
  // As many as would make the overlay rebuild anyway: build the tables once from the records.
  if (out_.churn() + added > config::compaction_slack + out_.compact_count() / 2) {
    rebuild_adjacency();
    return;
  }
  for (auto r = first; r < relation_slots(); ++r)
    if (relations_[r].source != detail::npos32) link(r);
  maybe_compact();
}

relation_id graph::push_relation(std::uint32_t source, relation_type_id type, std::uint32_t target, relation_details claim,
                                 repeat_policy on_repeat, std::string external_id) {
  for (auto& c : claim.ev.citations) c.source = canonical(c.source);
  if (on_repeat == repeat_policy::merge) {
    if (auto existing = find_repeat(source, target, type, claim, external_id)) {
      if (!claim.ev.citations.empty()) relation_citations_.merge(details_of(*existing), claim.ev.citations);
      return static_cast<relation_id>(*existing);
    }
  }
  const auto r = static_cast<std::uint32_t>(relations_.size());
  if (r >= detail::npos32 - 1) throw error("store.id_space", "relate: relation id space exhausted");
  relations_.push_back({source, target, type, detail::npos32});
  if (!claim.ev.citations.empty() || !claim.ev.valid.empty() || !claim.properties.empty()) {
    const auto d = details_of(r);
    relation_citations_.append(d, claim.ev.citations);  // as given: a new claim merges nothing
    set_details_valid(d, claim.ev.valid);
    for (auto& st : claim.properties) relation_statements_.push(d, std::move(st));
  }
  if (!external_id.empty()) relation_external_.emplace(r, std::move(external_id));
  relation_rank_.push();
  if (deferring()) {
    if (deferred_claims_) deferred_claims_->add(source, target, to_index(type), r);
    changed();
  } else {
    link(r);
    maybe_compact();
  }
  return static_cast<relation_id>(r);
}

relation_id graph::relate(entity_id source, std::string_view type, entity_id target, relation_options options) {
  return relate(source, schema_.relation_type(type), target, std::move(options));
}

relation_id graph::relate(entity_id source, std::string_view type, entity_id target, citation c) {
  relation_options o;
  o.citations.push_back(std::move(c));
  return relate(source, type, target, std::move(o));
}

relation_id graph::relate(entity_id source, relation_type_id type, entity_id target, relation_options options) {
  const auto s = canonical(source), t = canonical(target);
  schema_.check_instantiable(type);
  schema_.check_endpoints(type, entity_types_[to_index(s)], entity_types_[to_index(t)]);
  check_citations(options.citations, [this](entity_id e) { return live_cited(e); });
  validate(options.valid);
  relation_details claim;
  std::vector<std::string_view> new_names;
  for (auto& p : options.properties) {
    const auto pid = schema_.check_property(type, p.name, p.val);
    claim.properties.push_back({pid, std::move(p.val), {}});
    if (is_null(pid)) new_names.push_back(p.name);
  }
  // Checked: now intern the names an open type takes.
  for (std::size_t i = 0, k = 0; i < claim.properties.size(); ++i)
    if (is_null(claim.properties[i].property)) {
      claim.properties[i].property = schema_.intern_property(new_names[k++]);
      changed();
    }
  require_utf8(options.external_id, "external id");
  claim.ev.citations = std::move(options.citations);
  claim.ev.valid = options.valid;
  return push_relation(to_index(s), type, to_index(t), std::move(claim), options.on_repeat, std::move(options.external_id));
}

void graph::set(relation_id id, std::string_view property, value v, evidence ev) {
  const auto& rr = live_relation(id);
  check_evidence(ev);
  auto pid = schema_.check_property(rr.type, property, v);
  if (is_null(pid)) {
    pid = schema_.intern_property(property);
    changed();
  }
  ev = detail::canonical_evidence(*this, std::move(ev));
  const auto d = details_of(to_index(id));
  (void)relation_statements_.erase_property(d, pid);
  relation_statements_.push(d, {pid, std::move(v), std::move(ev)});
}

void graph::unset(relation_id id, std::string_view property) {
  const auto& rr = live_relation(id);
  const auto pid = schema_.try_property(property);
  if (!pid) throw schema_error("schema.unknown_property", "unknown property " + quote(property));
  if (rr.details == detail::npos32) return;
  (void)relation_statements_.erase_property(rr.details, *pid);
}

void graph::add_citation(relation_id id, citation c) {
  (void)live_relation(id);
  check_citations({&c, 1}, [this](entity_id e) { return live_cited(e); });
  c.source = canonical(c.source);
  relation_citations_.merge(details_of(to_index(id)), {&c, 1});
}

void graph::set_citations(relation_id id, std::vector<citation> citations) {
  (void)live_relation(id);
  check_citations(citations, [this](entity_id e) { return live_cited(e); });
  for (auto& c : citations) c.source = canonical(c.source);
  const auto d = details_of(to_index(id));
  relation_citations_.clear(d);
  relation_citations_.merge(d, citations);
}

void graph::set_valid_time(relation_id id, valid_time v) {
  (void)live_relation(id);
  validate(v);
  set_details_valid(details_of(to_index(id)), v);
}

void graph::remove(relation_id id) {
  (void)live_relation(id);
  const auto r = to_index(id);
  unlink(r);
  auto& rr = relations_[r];
  if (rr.details != detail::npos32) {
    set_details_valid(rr.details, {});
    relation_citations_.clear(rr.details);
    relation_statements_.clear(rr.details);
  }
  rr.source = rr.target = detail::npos32;
  relation_external_.erase(r);
  relation_rank_.erase(r);
  maybe_compact();
}

DOSSIER_NAMESPACE_END
