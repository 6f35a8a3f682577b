#pragma once
// Loading a stream of batches into a graph, with the adjacency built once, at the end.
//
// graph::append links each batch's relations when the batch ends. A loader that reads a large
// file in batches (to keep its parsed rows small) would then grow the pending overlay and
// rebuild the per-type tables again and again. A bulk_load holds the graph for the length of
// the load instead: every batch is checked and applied exactly as graph::append does it, but
// the relations go into the records only, and finish() builds the per-type tables from them in
// one pass and hands the freed memory back to the system.
//
//   dossier::bulk_load load(std::move(g), {.on_repeat = dossier::repeat_policy::parallel});
//   while (reader.next(rows)) load.append(std::move(rows));
//   g = std::move(load).finish();
//
// The load owns the graph until finish(), so no traversal can see a graph whose adjacency is
// not yet built. A batch that fails (batch_error) changes nothing, as with graph::append, and
// the load goes on; a load dropped without finish() drops the graph with it.

#include <dossier/core/config.hpp>
#include <dossier/store/graph.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

struct bulk_options {
  // Repeat detection is the loader's choice. `parallel` (no check) suits files whose rows are
  // distinct claims by construction (an edge list, a database export); `merge` looks every
  // relation up among those the graph had and those loaded so far, at the cost of an index.
  repeat_policy on_repeat = repeat_policy::parallel;
  bool skip_bad_rows = false;  // as append_options::skip_bad_rows, per batch
  // How many entities and relations the load will add, when the loader knows: room is made
  // once. Hints only: 0 (unknown) or a wrong figure costs growth, never correctness.
  std::size_t expected_entities = 0, expected_relations = 0;
};

class bulk_load {
 public:
  explicit bulk_load(graph g, bulk_options options = {});
  bulk_load(const bulk_load&) = delete;
  bulk_load& operator=(const bulk_load&) = delete;
  bulk_load(bulk_load&&) = delete;  // the graph's pending links are tied to this load
  bulk_load& operator=(bulk_load&&) = delete;
  ~bulk_load();

  // One batch, checked whole and applied whole, as graph::append (store/records.hpp): row
  // references use the ids the rows will get, counted from entity_slots() at this call.
  append_result append(batch b);

  // What a loader needs to resolve its rows between batches.
  [[nodiscard]] const dossier::schema& schema() const noexcept { return g_.schema(); }
  [[nodiscard]] std::optional<entity_id> find_external(std::string_view external_id) const { return g_.find_external(external_id); }
  [[nodiscard]] std::uint32_t entity_slots() const noexcept { return g_.entity_slots(); }
  [[nodiscard]] std::uint32_t relation_slots() const noexcept { return g_.relation_slots(); }
  [[nodiscard]] std::size_t relations_added() const noexcept { return g_.relation_slots() - first_relation_; }

  // Builds the adjacency, compacts the tables and returns the memory freed; the graph is then
  // as graph::compact() leaves it. The load is over: append() and finish() throw after it.
  [[nodiscard]] graph finish() &&;

 private:
  void require_open(const char* what) const;

  graph g_;
  bulk_options options_;
  std::uint32_t first_relation_;
  bool finished_ = false;
};

DOSSIER_NAMESPACE_END
