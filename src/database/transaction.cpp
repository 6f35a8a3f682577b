// A transaction's mutators: each is applied to the transaction's graph and, when it succeeds,
// kept in the transaction's log for the journal (detail/record_codec.hpp).

#include "detail/database_state.hpp"
#include "detail/record_codec.hpp"

DOSSIER_NAMESPACE_BEGIN

using detail::operation;
using detail::record_encoder;

transaction::transaction(detail::database_state* state) : state_(state), log_(std::make_unique<detail::transaction_log>()) {}

transaction::transaction(transaction&& other) noexcept
    : state_(std::exchange(other.state_, nullptr)),
      log_(std::move(other.log_)),
      changes_(std::exchange(other.changes_, 0)),
      untracked_(std::exchange(other.untracked_, false)) {}

transaction::~transaction() { rollback(); }

const graph& transaction::graph() const {
  if (!state_) throw error("database.transaction_closed", "the transaction was committed or rolled back");
  return state_->working->g;
}

graph& transaction::target() {
  if (!state_) throw error("database.transaction_closed", "the transaction was committed or rolled back");
  return state_->working->g;
}

std::array<std::size_t, 5> transaction::shape() const {
  const auto& g = graph();
  return {g.entity_slots(), g.relation_slots(), g.schema().property_count(), g.schema().entity_type_count(),
          g.schema().relation_type_count()};
}

void transaction::commit() {
  if (!state_) throw error("database.transaction_closed", "the transaction was committed or rolled back");
  if (untracked_) {
    rollback();
    throw error("database.untracked_change",
                "an import changed the transaction's graph other than through the import pipeline; the transaction was rolled back");
  }
  auto* s = std::exchange(state_, nullptr);
  try {
    if (log_->count > 0) s->commit(*log_);
    else s->working.reset();  // nothing changed: the graph stays a spare
  } catch (...) {
    s->write_mutex.unlock();
    throw;
  }
  s->write_mutex.unlock();
}

void transaction::rollback() noexcept {
  if (!state_) return;
  auto* s = std::exchange(state_, nullptr);
  // Changes cannot be taken back out of a graph: a changed one is dropped.
  if (log_->count > 0 || untracked_) s->forget(s->working);
  s->working.reset();
  s->write_mutex.unlock();
}

// Encodes an operation, then applies it; a call that throws leaves no trace in the log.
template <class Apply>
auto transaction::record(Apply&& apply) {
  auto& g = target();
  auto& bytes = log_->operations;
  const auto mark = bytes.size();
  record_encoder out(bytes);
  try {
    if constexpr (std::is_void_v<decltype(apply(g, out))>) {
      apply(g, out);
      ++log_->count;
      ++changes_;
    } else {
      auto result = apply(g, out);
      ++log_->count;
      ++changes_;
      return result;
    }
  } catch (...) {
    bytes.resize(mark);
    throw;
  }
}

entity_id transaction::add(std::string_view type, std::string_view name, entity_options options) {
  return add(target().schema().entity_type(type), name, std::move(options));
}

entity_id transaction::add(entity_type_id type, std::string_view name, entity_options options) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::add);
    out.id(type);
    out.text(name);
    out.entity(options);
    return g.add(type, name, std::move(options));
  });
}

entity_id transaction::add_source(const source_info& info) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::add_source);
    out.source(info);
    return g.add_source(info);
  });
}

void transaction::rename(entity_id id, std::string_view name) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::rename);
    out.id(id);
    out.text(name);
    g.rename(id, name);
  });
}

void transaction::set_external_id(entity_id id, std::string_view external) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::set_external_id);
    out.id(id);
    out.text(external);
    g.set_external_id(id, external);
  });
}

void transaction::add_alias(entity_id id, alias a) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::add_alias);
    out.id(id);
    out.alias_value(a);
    g.add_alias(id, std::move(a));
  });
}

void transaction::remove_alias(entity_id id, std::string_view name) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::remove_alias);
    out.id(id);
    out.text(name);
    g.remove_alias(id, name);
  });
}

void transaction::set(entity_id id, std::string_view property, value v, evidence ev) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::set_entity);
    out.id(id);
    out.text(property);
    out.any(v);
    out.ev(ev);
    g.set(id, property, std::move(v), std::move(ev));
  });
}

void transaction::add_value(entity_id id, std::string_view property, value v, evidence ev) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::add_value);
    out.id(id);
    out.text(property);
    out.any(v);
    out.ev(ev);
    g.add_value(id, property, std::move(v), std::move(ev));
  });
}

void transaction::unset(entity_id id, std::string_view property) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::unset_entity);
    out.id(id);
    out.text(property);
    g.unset(id, property);
  });
}

void transaction::remove(entity_id id) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::remove_entity);
    out.id(id);
    g.remove(id);
  });
}

void transaction::merge(entity_id keep, entity_id absorb) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::merge);
    out.id(keep);
    out.id(absorb);
    g.merge(keep, absorb);
  });
}

entity_type_id transaction::declare_entity_type(std::string_view name, entity_type_spec spec) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::declare_entity_type);
    out.text(name);
    out.entity_spec(spec);
    return g.declare_entity_type(name, std::move(spec));
  });
}

relation_type_id transaction::declare_relation_type(std::string_view name, relation_type_spec spec) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::declare_relation_type);
    out.text(name);
    out.relation_spec(spec);
    return g.declare_relation_type(name, std::move(spec));
  });
}

void transaction::retype(entity_id id, entity_type_id type) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::retype);
    out.id(id);
    out.id(type);
    g.retype(id, type);
  });
}

relation_id transaction::relate(entity_id source, std::string_view type, entity_id target_id, relation_options options) {
  return relate(source, target().schema().relation_type(type), target_id, std::move(options));
}

relation_id transaction::relate(entity_id source, std::string_view type, entity_id target_id, citation c) {
  relation_options o;
  o.citations.push_back(std::move(c));
  return relate(source, type, target_id, std::move(o));
}

relation_id transaction::relate(entity_id source, relation_type_id type, entity_id target_id, relation_options options) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::relate);
    out.id(source);
    out.id(type);
    out.id(target_id);
    out.relation(options);
    return g.relate(source, type, target_id, std::move(options));
  });
}

void transaction::set(relation_id id, std::string_view property, value v, evidence ev) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::set_relation);
    out.id(id);
    out.text(property);
    out.any(v);
    out.ev(ev);
    g.set(id, property, std::move(v), std::move(ev));
  });
}

void transaction::unset(relation_id id, std::string_view property) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::unset_relation);
    out.id(id);
    out.text(property);
    g.unset(id, property);
  });
}

void transaction::add_citation(relation_id id, citation c) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::add_citation);
    out.id(id);
    out.cite(c);
    g.add_citation(id, std::move(c));
  });
}

void transaction::set_citations(relation_id id, std::vector<citation> citations) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::set_citations);
    out.id(id);
    out.citations(citations);
    g.set_citations(id, std::move(citations));
  });
}

void transaction::set_valid_time(relation_id id, valid_time v) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::set_valid_time);
    out.id(id);
    out.valid(v);
    g.set_valid_time(id, v);
  });
}

void transaction::remove(relation_id id) {
  record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::remove_relation);
    out.id(id);
    g.remove(id);
  });
}

append_result transaction::append(batch b, const append_options& options) {
  return record([&](dossier::graph& g, record_encoder& out) {
    out.op(operation::append);
    out.rows(b);
    out.append_settings(options);
    return g.append(std::move(b), options);
  });
}

DOSSIER_NAMESPACE_END
