#pragma once
// Blocking for fuzzy lookup: which keys of a name index deserve a full comparison with a query.
//
// Each key is read as compare_names reads it (form.hpp) and indexed under its tokens (words,
// numbers by value, CJK characters), the tokens of its Latin reading
// when it is written in another script (kept, so that comparisons need no transliteration), and
// its acronym. Misspelt query tokens find dictionary tokens through a deletion neighbourhood:
// every indexed word of 4 to 24 code points is filed under itself and each text one deletion
// away; the query looks up its own texts one deletion away, and two (for words of 6 to 12 code
// points) when that finds nothing; each hit is checked against the edit budget. Keys gather the inverse document frequency
// of the tokens they share with the query (0.6 of it through a misspelling), rarest tokens
// first and up to a bound on the postings read (when even the rarest word spelt as in the query is common, the keys
// holding the two rarest such words are the candidates), divided by the square root of their own number
// of tokens; the best are returned, down to half the best one's score. A bulk build reads the
// keys on several threads (config::parallel_names_threshold).

#include "align.hpp"
#include "postings.hpp"
#include "string_table.hpp"

#include <dossier/core/config.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class token_index {
 public:
  using key_filter = std::function<bool(std::uint32_t)>;
  // Indexes every key of `keys` (replacing what was indexed); `live` says which name an entity.
  void build(const string_table& keys, const key_filter& live);
  // Indexes one more key (its id is the next one), live.
  void add(std::uint32_t key, std::string_view text);
  // A key stops or starts naming an entity: its tokens count it, or no longer, so that tokens of
  // names that nothing carries any more are not followed.
  void set_live(std::uint32_t key, std::string_view text, bool live);
  // The keys most worth comparing with the query, best first, at most `limit`, only keys that
  // are `usable` (those that still name an entity of the kind asked for).
  [[nodiscard]] std::vector<std::uint32_t> candidates(const prepared_name& query, std::size_t limit, const key_filter& usable = {}) const;
  // The Latin reading of a key written in another script; empty for Latin keys.
  [[nodiscard]] std::string_view latin(std::uint32_t key) const noexcept;
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  struct reading {
    std::vector<std::string> tokens;
    std::string latin;
  };
  [[nodiscard]] static reading read_key(std::string_view text, std::string_view latin);
  void index_key(std::uint32_t key, const reading& r);
  void build_neighbourhood();
  void add_neighbours(std::uint32_t token);
  template <class F>
  void for_each_near(std::string_view word, F&& f) const;
  template <class F>
  void intersect(std::uint32_t a, std::uint32_t b, std::size_t limit, F&& f) const;

  string_table tokens_;
  posting_lists postings_;    // token -> keys
  posting_lists neighbours_;  // bucket of a text one deletion from a token -> tokens
  unsigned bucket_shift_ = 64;
  std::uint32_t keys_ = 0;
  std::vector<std::uint8_t> key_tokens_;    // tokens per key (at most 255), to rank short keys first
  std::vector<std::uint32_t> live_keys_;    // per token: the live keys that hold it
  std::vector<std::uint32_t> latin_keys_;   // keys with a Latin reading, in order
  std::vector<std::uint32_t> latin_offsets_{0};
  std::string latin_text_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
