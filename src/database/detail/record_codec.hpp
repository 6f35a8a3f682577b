#pragma once
// A journal record's payload: the operations of one transaction, each as an operation code and
// its arguments, in a compact binary form (docs/database.md lists it). The encoder writes what
// the transaction's mutators were called with; apply_operations() calls the same mutators
// again, on another graph or when a journal is replayed. Decoding is bounded: every count and
// length is checked against the bytes that are left, so a hostile record costs no memory.

#include <dossier/core/config.hpp>
#include <dossier/store/graph.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// The operation codes of journal format 1. Never renumber one: add new codes at the end.
enum class operation : std::uint8_t {
  add = 1,
  add_source,
  rename,
  set_external_id,
  add_alias,
  remove_alias,
  set_entity,
  add_value,
  unset_entity,
  remove_entity,
  merge,
  declare_entity_type,
  declare_relation_type,
  retype,
  relate,
  set_relation,
  unset_relation,
  add_citation,
  set_citations,
  set_valid_time,
  remove_relation,
  append,
};

// A payload that cannot be decoded: where, and why.
struct bad_record : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class record_encoder {
 public:
  explicit record_encoder(std::string& out) : out_(out) {}
  void op(operation o) { byte(static_cast<std::uint8_t>(o)); }
  void byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void flag(bool b) { byte(b ? 1 : 0); }
  void number(std::uint64_t n);
  void signed_number(std::int64_t n);
  void real(double d);
  void text(std::string_view s);
  template <strong_id Id>
  void id(Id i) { number(to_index(i)); }
  void date_value(const date& d);
  void optional_date(const std::optional<date>& d);
  void any(const value& v);
  void cite(const citation& c);
  void citations(const std::vector<citation>& cs);
  void valid(const valid_time& v);
  void ev(const evidence& e);
  void aliases(const std::vector<alias>& as);
  void alias_value(const alias& a);
  void properties(const std::vector<property_input>& ps);
  void statements(const std::vector<property_statement>& ss);
  void entity(const entity_options& o);
  void relation(const relation_options& o);
  void source(const source_info& s);
  void entity_spec(const entity_type_spec& s);
  void relation_spec(const relation_type_spec& s);
  void rows(const batch& b);
  void append_settings(const append_options& o);

 private:
  void strings(const std::vector<std::string>& v);
  void property_specs(const std::vector<property_spec>& v);
  std::string& out_;
};

// Applies the operations of one payload to `g`, in order. Throws bad_record when the payload
// cannot be decoded, and whatever the graph throws when an operation does not apply (the
// operations before it stay applied: callers apply to a graph they can throw away).
// Returns how many operations it applied.
std::size_t apply_operations(graph& g, std::string_view payload);

}  // namespace detail

DOSSIER_NAMESPACE_END
