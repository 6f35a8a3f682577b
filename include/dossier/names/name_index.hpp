#pragma once
// The alias index: normalised names to the entities that carry them, with exact, prefix,
// substring and fuzzy lookup. Fuzzy lookup scores with compare_names (compare.hpp) the keys that
// share tokens with the query (src/names/detail/token_index.hpp says how they are chosen).

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/names/compare.hpp>
#include <dossier/names/normalize.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class match_kind : std::uint8_t { exact, prefix, substring, fuzzy };

struct name_match {
  entity_id entity = null_entity;
  double score = 0;      // 1 for exact; compare_names for fuzzy; coverage for prefix/substring
  std::string matched;   // the normalised name or alias that matched
  match_kind kind = match_kind::exact;
  name_comparison why = {};  // fuzzy matches: what the score rests on
};

// Maps normalised names to entities. Not a public graph component on its own: the graph owns
// one and keeps it in step with names and aliases. Lookups are safe from concurrent readers.
// The structures for prefix, substring and fuzzy lookup are built on their first use, then kept
// in step by add().
class name_index {
 public:
  using entity_filter = std::function<bool(entity_id)>;

  name_index();
  name_index(name_index&&) noexcept;
  name_index& operator=(name_index&&) noexcept;
  name_index(const name_index&) = delete;
  ~name_index();
  [[nodiscard]] name_index copy() const;

  void add(entity_id entity, std::string_view normalized);
  void remove(entity_id entity, std::string_view normalized);
  void clear();
  // Gives back the growth slack of a bulk load.
  void shrink_to_fit();

  // The entities carrying exactly this normalised name, in id order.
  [[nodiscard]] std::vector<entity_id> exact(std::string_view normalized) const;
  // Results are best first, one per entity, at most `limit`, only entities passing `keep`.
  [[nodiscard]] std::vector<name_match> prefix(std::string_view normalized, std::size_t limit,
                                               const entity_filter& keep = {}) const;
  [[nodiscard]] std::vector<name_match> substring(std::string_view normalized, std::size_t limit,
                                                  const entity_filter& keep = {}) const;
  // Names scoring at least min_score against the query, compared as names of this kind.
  [[nodiscard]] std::vector<name_match> fuzzy(std::string_view normalized, double min_score, std::size_t limit,
                                              const entity_filter& keep = {}, name_kind kind = name_kind::any) const;
  [[nodiscard]] std::size_t key_count() const noexcept;
  // Heap bytes held: names, owners and whichever lookup structures have been built.
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

DOSSIER_NAMESPACE_END
