#pragma once
// Blocking for fuzzy lookup: which keys of a name index deserve a full comparison with a query.
//
// Each key is read as compare_names reads it (form.hpp) and indexed under its tokens (sound
// keys of long Latin words, numbers by value, CJK characters), the tokens of its Latin reading
// when it is written in another script (kept, so that comparisons need no transliteration), and
// its acronym. Misspelt query tokens find dictionary tokens through a deletion neighbourhood:
// every indexed word of 4 to 24 code points is filed under itself and each text one deletion
// away; the query looks up its own texts up to two deletions away (two from 6 code points),
// and each hit is checked against the edit budget. Keys gather the inverse document frequency
// of the tokens they share with the query (0.6 of it through a misspelling), rarest tokens
// first and up to a bound on the postings read, and the best are returned.

#include "align.hpp"
#include "postings.hpp"
#include "string_table.hpp"

#include <dossier/core/config.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

class token_index {
 public:
  // Indexes every key of `keys` (replacing what was indexed).
  void build(const string_table& keys);
  // Indexes one more key (its id is the next one).
  void add(std::uint32_t key, std::string_view text);
  // The keys most worth comparing with the query, best first, at most `limit`.
  [[nodiscard]] std::vector<std::uint32_t> candidates(const prepared_name& query, std::size_t limit) const;
  // The Latin reading of a key written in another script; empty for Latin keys.
  [[nodiscard]] std::string_view latin(std::uint32_t key) const noexcept;
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  struct reading {
    std::vector<std::string> tokens;
    std::string latin;
  };
  [[nodiscard]] static reading read_key(std::string_view text, std::string_view latin);
  void index_key(std::uint32_t key, const reading& r, std::vector<std::uint64_t>* bulk);
  void build_neighbourhood();
  void add_neighbours(std::uint32_t token);
  template <class F>
  void for_each_near(std::string_view word, F&& f) const;

  string_table tokens_;
  posting_lists postings_;    // token -> keys
  posting_lists neighbours_;  // bucket of a text one deletion from a token -> tokens
  unsigned bucket_shift_ = 64;
  std::uint32_t keys_ = 0;
  std::vector<std::uint32_t> latin_keys_;   // keys with a Latin reading, in order
  std::vector<std::uint32_t> latin_offsets_{0};
  std::string latin_text_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
