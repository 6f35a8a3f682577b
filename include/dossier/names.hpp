#pragma once
// Name normalisation and the alias index: exact, prefix, substring and fuzzy lookup.
//
// Normalisation (normalize_name): Unicode NFKC case folding (so full-width "ＭＩＩＴ" is "miit"),
// removal of Latin combining diacritics ("Zürich" is "zurich"), punctuation, symbols ("$", "+",
// "®") and runs of whitespace folded to one space, trimmed. CJK text is kept as it is.
// Normalising a normalised name changes nothing, and ASCII text normalises the same whether or
// not the rest of the name is ASCII.
//
// Fuzzy scoring (name_similarity), on normalised names, in [0, 1]:
//   base   = mean of (1 - optimal-string-alignment distance / longer length) and Jaro-Winkler;
//   digits : when the tokens that contain digits differ ("h100" vs "h800", "9000s" vs "9000"),
//            base is halved, because model numbers and codes are identities, not spellings;
//   short  : when either name has at most 4 code points and they differ ("mit" vs "bit"),
//            base is multiplied by 0.6, because acronyms one letter apart are different things.
// An exact normalised match scores 1. Kiming -> qiming scores 0.86, kimming -> qiming 0.78.

#include <dossier/config.hpp>
#include <dossier/ids.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

// Throws value_error on invalid UTF-8.
[[nodiscard]] std::string normalize_name(std::string_view name);

// Similarity of two already-normalised names, as documented above.
[[nodiscard]] double name_similarity(std::string_view a, std::string_view b);

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
    std::vector<entity_id> owners;
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
