#pragma once
// The alias index: normalised names to the entities that carry them, with exact, prefix,
// substring and fuzzy lookup (scored as names/normalize.hpp documents).

#include <dossier/core/config.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/names/normalize.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

enum class match_kind : std::uint8_t { exact, prefix, substring, fuzzy };

struct name_match {
  entity_id entity = null_entity;
  double score = 0;      // 1 for exact; similarity for fuzzy; coverage for prefix/substring
  std::string matched;   // the normalised name or alias that matched
  match_kind kind = match_kind::exact;
};

// Maps normalised names to entities. Not a public graph component on its own: the graph owns
// one and keeps it in step with names and aliases. Lookups are safe from concurrent readers.
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

  // The entities carrying exactly this normalised name, in id order.
  [[nodiscard]] std::vector<entity_id> exact(std::string_view normalized) const;
  // Results are best first, one per entity, at most `limit`, only entities passing `keep`.
  [[nodiscard]] std::vector<name_match> prefix(std::string_view normalized, std::size_t limit,
                                               const entity_filter& keep = {}) const;
  [[nodiscard]] std::vector<name_match> substring(std::string_view normalized, std::size_t limit,
                                                  const entity_filter& keep = {}) const;
  [[nodiscard]] std::vector<name_match> fuzzy(std::string_view normalized, double min_score,
                                              std::size_t limit, const entity_filter& keep = {}) const;
  [[nodiscard]] std::size_t key_count() const noexcept { return by_text_.size(); }

 private:
  struct key_entry {
    std::string text;
    std::vector<entity_id> owners;  // sorted by id: adding in id order (bulk builds) is O(1) each
  };
  struct gram_index;  // bigram postings, built on first substring/fuzzy lookup

  const gram_index& grams() const;
  void add_grams(std::uint32_t key) const;

  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  const std::vector<std::uint32_t>& sorted_keys() const;

  std::vector<key_entry> keys_;
  std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>> by_text_;
  mutable std::vector<std::uint32_t> sorted_;  // key ids by text, for prefix lookups; built on demand
  mutable bool sorted_valid_ = false;
  mutable std::unique_ptr<gram_index> grams_;
  mutable std::unique_ptr<std::mutex> grams_mutex_ = std::make_unique<std::mutex>();
};

DOSSIER_NAMESPACE_END
