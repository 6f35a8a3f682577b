// graph::append: a batch of new entities and relations, checked whole, then applied whole.
#include <dossier/store/graph.hpp>

#include "detail/evidence.hpp"

#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

namespace {
std::string problem_message(const batch_problem& p) {
  return std::string(p.relation ? "relation" : "entity") + " row " + std::to_string(p.row) +
         (p.field.empty() ? std::string() : ", field '" + p.field + "'") + ": " + p.message;
}
}  // namespace

batch_error::batch_error(batch_problem p)
    : error(std::string_view(p.id).substr(p.id.starts_with("dossier.") ? 8 : 0), problem_message(p)), problem_(std::move(p)) {}

// Checks the rows of one batch by the store's rules, knowing which rows were found bad so far:
// a row that needs a bad row (a relation to it, a citation of it) is bad too.
class graph::row_checker {
 public:
  row_checker(const graph& g, const batch& b, const append_options& o)
      : g_(g), b_(b), o_(o), first_(g.entity_slots()), property_base_(g.schema().property_count()),
        bad_entity_(b.entities.size(), 0), bad_relation_(b.relations.size(), 0) {}

  // Every row checked; in skip mode, repeated until no new row turns bad (citations between
  // rows can cascade).
  std::vector<batch_problem> run() {
    check_new_properties();
    for (bool changed = true; changed;) {
      changed = false;
      externals_.clear();
      for (std::size_t i = 0; i < b_.entities.size(); ++i)
        if (!bad_entity_[i]) changed |= !guard(false, i, [&](std::string& field) { entity(i, field); });
    }
    for (std::size_t i = 0; i < b_.relations.size(); ++i) guard(true, i, [&](std::string& field) { relation(i, field); });
    drop_unused_implied();
    return std::move(problems_);
  }
  [[nodiscard]] bool entity_bad(std::size_t i) const { return bad_entity_[i] != 0; }
  [[nodiscard]] bool relation_bad(std::size_t i) const { return bad_relation_[i] != 0; }

 private:
  // Runs one row's checks; false (and the row marked bad) when they throw.
  template <class F>
  bool guard(bool relation, std::size_t row, F&& check) {
    std::string field;
    try {
      check(field);
      return true;
    } catch (const error& e) {
      batch_problem p{relation, row, field, e.id(), std::string(e.message())};
      if (!o_.skip_bad_rows) throw batch_error(std::move(p));
      (relation ? bad_relation_ : bad_entity_)[row] = 1;
      problems_.push_back(std::move(p));
      return false;
    }
  }

  // Implied rows that no kept row needs go (entity_row::implied). They only cite or are cited,
  // and a row that cites one was checked with it there, so leaving it out breaks nothing kept.
  void drop_unused_implied() {
    std::vector<std::uint8_t> used(b_.entities.size(), 0);
    bool any = false;
    for (const auto& e : b_.entities) any |= e.implied;
    if (!any) return;
    const auto use = [&](entity_id id) {
      if (to_index(id) >= first_ && to_index(id) - first_ < used.size()) used[to_index(id) - first_] = 1;
    };
    const auto use_evidence = [&](const evidence& ev) {
      for (const auto& c : ev.citations) use(c.source);
    };
    for (std::size_t i = 0; i < b_.entities.size(); ++i)
      if (!bad_entity_[i])  // implied rows too, so that none is left citing one that went
        for (const auto& st : b_.entities[i].properties) use_evidence(st.ev);
    for (std::size_t i = 0; i < b_.relations.size(); ++i) {
      if (bad_relation_[i]) continue;
      const auto& r = b_.relations[i];
      use(r.source);
      use(r.target);
      use_evidence(r.ev);
      for (const auto& st : r.properties) use_evidence(st.ev);
    }
    for (std::size_t i = 0; i < b_.entities.size(); ++i)
      if (b_.entities[i].implied && !used[i]) bad_entity_[i] = 1;
  }

  void check_new_properties() const {
    std::unordered_set<std::string_view> seen;
    for (const auto& name : b_.new_properties) {
      if (name.empty() || !is_valid_utf8(name)) throw error("store.bad_batch", "a new property name is empty or not UTF-8");
      if (g_.schema().try_property(name) || !seen.insert(name).second)
        throw error("store.bad_batch", "new property " + quote(name) + " is already known");
    }
  }

  // The type an entity id has in this batch: live entities of the graph, and good rows.
  [[nodiscard]] std::optional<entity_type_id> type_of(entity_id id) const {
    if (to_index(id) < first_) return g_.live_type(id);
    const auto row = to_index(id) - first_;
    if (row >= b_.entities.size() || bad_entity_[row]) return std::nullopt;
    return b_.entities[row].type;
  }

  [[nodiscard]] std::string_view new_name(property_id p) const {
    const auto i = to_index(p) - property_base_;
    if (to_index(p) < property_base_ || i >= b_.new_properties.size())
      throw schema_error("schema.unknown_property", "unknown property id " + std::to_string(to_index(p)));
    return b_.new_properties[i];
  }

  template <class Type>
  void statements(Type type, const std::vector<property_statement>& list, std::string& field) const {
    for (const auto& s : list) {
      const bool known = to_index(s.property) < property_base_;
      const std::string_view name = known ? std::string_view(g_.schema().property_name(s.property)) : new_name(s.property);
      field = "properties." + std::string(name);
      g_.schema().check_property(type, s.property, s.val, name);
      evidence_of(s.ev, field);
    }
  }

  void evidence_of(const evidence& ev, std::string& field) const {
    const auto base = field;
    field = base.empty() ? "citations" : base + ".citations";
    g_.check_citations(ev.citations, [this](entity_id e) -> std::optional<cited_entity> {
      if (to_index(e) < first_) return g_.live_cited(e);
      const auto row = to_index(e) - first_;
      if (row >= b_.entities.size() || bad_entity_[row]) return std::nullopt;
      return cited_entity{b_.entities[row].type, b_.entities[row].name};
    });
    field = base.empty() ? "valid" : base + ".valid";
    validate(ev.valid);
    field = base;
  }

  void entity(std::size_t i, std::string& field) {
    const auto& row = b_.entities[i];
    field = "type";
    g_.check_entity_type(row.type);
    field = "name";
    g_.check_name(row.name, "entity name", true);
    field = "id";
    g_.check_external_id(row.external_id, detail::npos32);
    if (!row.external_id.empty() && !externals_.insert(row.external_id).second)
      throw schema_error("store.duplicate_external_id", "external id " + quote(row.external_id) + " is used by two rows");
    field = "aliases";
    for (const auto& a : row.aliases) g_.check_name(a.name, "alias");
    statements(row.type, row.properties, field);
  }

  void relation(std::size_t i, std::string& field) const {
    const auto& row = b_.relations[i];
    field = "type";
    g_.schema().check_instantiable(row.type);
    field = "source";
    const auto source = endpoint(row.source, "source");
    field = "target";
    const auto target = endpoint(row.target, "target");
    field = "type";
    g_.schema().check_endpoints(row.type, source, target);
    field = "id";
    require_utf8(row.external_id, "external id");
    field.clear();
    evidence_of(row.ev, field);
    statements(row.type, row.properties, field);
  }

  [[nodiscard]] entity_type_id endpoint(entity_id id, const char* which) const {
    if (const auto t = type_of(id)) return *t;
    throw not_found("store.unknown_id", std::string("the ") + which + ", entity " + std::to_string(to_index(id)) +
                                            ", is neither in the graph nor a good row of the batch");
  }

  const graph& g_;
  const batch& b_;
  const append_options& o_;
  std::uint32_t first_;
  std::size_t property_base_;
  std::vector<std::uint8_t> bad_entity_, bad_relation_;
  std::vector<batch_problem> problems_;
  std::unordered_set<std::string_view> externals_;  // the rows' external ids, for repeats among them
};

append_result graph::append(batch b, const append_options& o) {
  if (entity_slots() + b.entities.size() >= detail::npos32 - 1 || relation_slots() + b.relations.size() >= detail::npos32 - 1)
    throw error("store.id_space", "append: the batch exceeds the 32-bit id space");
  row_checker check(*this, b, o);
  auto skipped = check.run();
  // Checked: from here on nothing fails on the batch's account. The relations are linked at the
  // end, all at once (inside a bulk_load, at the end of the load).
  const bool own_deferral = !deferring();
  if (own_deferral) defer_links(o.on_repeat == repeat_policy::merge);
  append_result out;
  try {
    out = apply_batch(b, check, o);
  } catch (...) {  // out of memory: what was added must still be linked
    if (own_deferral) link_deferred();
    throw;
  }
  out.skipped = std::move(skipped);
  if (own_deferral) link_deferred();
  if (b.entities.size() + b.relations.size() >= config::large_batch_rows) {
    b = {};  // the rows' leftovers, then the heap's free pages, go back now: a load's peak stays low
    detail::return_free_memory();
  }
  return out;
}

append_result graph::apply_batch(batch& b, const row_checker& check, const append_options& o) {
  const auto first = entity_slots();
  for (const auto& name : b.new_properties) (void)schema_.intern_property(name);
  if (!b.new_properties.empty()) changed();
  append_result out;
  out.entities.assign(b.entities.size(), null_entity);
  const auto map = [&](entity_id id) { return to_index(id) < first ? canonical(id) : out.entities[to_index(id) - first]; };
  std::uint32_t next = first;  // ids first: rows may cite rows that come later
  for (std::size_t i = 0; i < b.entities.size(); ++i)
    if (!check.entity_bad(i)) out.entities[i] = static_cast<entity_id>(next++);
  const std::size_t total = b.entities.size() + b.relations.size();
  std::size_t done = 0;
  const auto tick = [&] {
    if (o.progress && o.progress_every && ++done % o.progress_every == 0) o.progress(done, total);
  };
  grow_records(b.entities.size(), b.relations.size());
  std::size_t statements = 0;
  for (const auto& row : b.entities) statements += row.properties.size();
  entity_statements_.reserve(entities_.size() + b.entities.size(), statements);
  for (std::size_t i = 0; i < b.entities.size(); ++i) {
    if (check.entity_bad(i)) continue;
    auto& row = b.entities[i];
    const auto id = push_entity(row.type, std::move(row.name), std::move(row.aliases), std::move(row.external_id));
    DOSSIER_ASSERT(id == out.entities[i], "append: entity rows get consecutive ids");
    for (auto& s : row.properties) {
      for (auto& c : s.ev.citations) c.source = map(c.source);
      push_statement(id, std::move(s));
    }
    if (entity_statements_.size(to_index(id))) refresh_valid_time(to_index(id));
    tick();
  }
  out.relations.assign(b.relations.size(), null_relation);
  std::size_t cited = 0, quote_bytes = 0;
  for (const auto& row : b.relations) {
    cited += !row.ev.citations.empty();
    for (const auto& c : row.ev.citations) quote_bytes += c.quote.size();
  }
  relation_citations_.reserve(relation_citations_.owners() + cited, quote_bytes);
  for (std::size_t i = 0; i < b.relations.size(); ++i) {
    if (check.relation_bad(i)) continue;
    auto& row = b.relations[i];
    relation_details claim{std::move(row.ev), std::move(row.properties)};
    for (auto& c : claim.ev.citations) c.source = map(c.source);
    for (auto& s : claim.properties)
      for (auto& c : s.ev.citations) c.source = map(c.source);
    out.relations[i] =
        push_relation(to_index(map(row.source)), row.type, to_index(map(row.target)), std::move(claim), o.on_repeat, std::move(row.external_id));
    tick();
  }
  if (o.progress) o.progress(total, total);
  return out;
}

DOSSIER_NAMESPACE_END
