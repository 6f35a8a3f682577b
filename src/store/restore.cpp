// restore(): a graph from a complete image, checked once against the store's invariants.
#include <dossier/store/restore.hpp>

#include <algorithm>
#include <exception>
#include <string_view>
#include <unordered_set>
#include <thread>

DOSSIER_NAMESPACE_BEGIN

namespace {

// The number of details records: with citation columns, `details` may stop at the last record
// that has a valid time or properties.
std::size_t details_count(const graph_image& image) noexcept {
  return image.citations ? std::max(image.citations->counts.size(), image.details.size()) : image.details.size();
}

[[noreturn]] void invalid(const std::string& where, const std::string& what) {
  throw format_error("store.invalid_image", where + " " + what);
}
// The same, for a rule whose own error says what is wrong.
[[noreturn]] void invalid(const std::string& where, const error& e) {
  throw format_error("store.invalid_image", where + ": " + std::string(e.message()));
}

// Which slots are live and which are sources, and their types: dense, so that checking millions
// of references stays in cache.
struct slot_facts {
  std::vector<std::uint8_t> live, source;
  std::vector<entity_type_id> type;
};

// Whether a relation type takes an entity type at its source or target end, found once per
// pair: a load checks millions of relations over a few dozen types.
class endpoint_cache {
 public:
  explicit endpoint_cache(const schema& s) : s_(s), entity_types_(s.entity_type_count()) {
    known_.assign(s.relation_type_count() * entity_types_ * 2, unknown);
  }
  // Throws schema_error (check_endpoints') when the ends do not fit.
  void check(relation_type_id r, entity_type_id source, entity_type_id target) {
    if (fits(r, source, 0) && fits(r, target, 1)) return;
    s_.check_endpoints(r, source, target);  // throws, naming the end
  }

 private:
  static constexpr std::uint8_t unknown = 0, yes = 1, no = 2;
  bool fits(relation_type_id r, entity_type_id e, std::size_t end) {
    auto& k = known_[(to_index(r) * entity_types_ + to_index(e)) * 2 + end];
    if (k == unknown) {
      const auto& info = s_.info(r);
      const auto want = end == 0 ? info.domain : info.range;
      k = is_null(want) || s_.is_a(e, want) ? yes : no;
    }
    return k == yes;
  }
  const schema& s_;
  std::size_t entity_types_;
  std::vector<std::uint8_t> known_;
};

class image_checker {
 public:
  image_checker(const schema& s, const graph_image& image, entity_type_id document) : s_(s), image_(image) {
    const auto n = image.entities.size();
    facts_.live.assign(n, 0);
    facts_.source.assign(n, 0);
    facts_.type.assign(n, null_entity_type);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& e = image.entities[i];
      facts_.type[i] = e.type;
      facts_.live[i] = e.state == slot_state::live;
      facts_.source[i] = facts_.live[i] && to_index(e.type) < s.entity_type_count() && !is_null(document) && s.is_a(e.type, document);
    }
  }

  void entities() const {
    std::unordered_set<std::string_view> externals;
    const auto n = static_cast<std::uint32_t>(image_.entities.size());
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto& e = image_.entities[i];
      const auto where = [i] { return "entity " + std::to_string(i); };
      if (static_cast<std::uint32_t>(e.state) > 2) invalid(where(), "has an unknown state");
      if (!e.external_id.empty() && (!is_valid_utf8(e.external_id) || !externals.insert(e.external_id).second))
        invalid(where(), "has an external id that is not UTF-8 or not unique");
      if (e.state == slot_state::merged) {
        check_redirect(i);
        continue;
      }
      if (e.state != slot_state::live) continue;
      if (to_index(e.type) >= s_.entity_type_count()) invalid(where(), "has an unknown type");
      if (!is_valid_utf8(e.name)) invalid(where(), "has a name that is not valid UTF-8");
      for (const auto& a : e.aliases)
        if (a.name.empty() || !is_valid_utf8(a.name) || !is_valid_utf8(a.lang)) invalid(where(), "has an empty or invalid alias");
      statements(e.properties, where, [&](property_id p, const value& v) { s_.check_property(e.type, p, v); });
    }
  }

  void relations() const {
    const auto n = static_cast<std::uint32_t>(image_.entities.size());
    const auto details = details_count(image_);
    endpoint_cache endpoints(s_);
    for (std::uint32_t r = 0; r < image_.relations.size(); ++r) {
      const auto& rr = image_.relations[r];
      const auto where = [r] { return "relation " + std::to_string(r); };
      if (rr.details != relation_record::npos && rr.details >= details) invalid(where(), "has a missing evidence record");
      if (rr.source == relation_record::npos) continue;
      if (rr.source >= n || rr.target >= n || !facts_.live[rr.source] || !facts_.live[rr.target])
        invalid(where(), "links an entity that is not live");
      if (to_index(rr.type) >= s_.relation_type_count()) invalid(where(), "has an unknown type");
      // Endpoint types as the schema declares them: queries rely on it to skip type checks.
      try {
        endpoints.check(rr.type, facts_.type[rr.source], facts_.type[rr.target]);
      } catch (const schema_error& e) {
        invalid(where(), e);
      }
    }
    for (const auto& [slot, external] : image_.relation_external_ids)
      if (slot >= image_.relations.size() || image_.relations[slot].source == relation_record::npos || external.empty() ||
          !is_valid_utf8(external))
        invalid("relation external id of slot " + std::to_string(slot), "names no live relation, or is empty or not UTF-8");
  }

  // Each record's checks use the type of the (first) relation that points at it. The records
  // are passed in: by now they have moved into the graph.
  void details(const std::vector<relation_record>& relations, const std::vector<relation_details>& records) const {
    // (The records have moved out of the image by now: count them here.)
    const auto count = image_.citations ? std::max(image_.citations->counts.size(), records.size()) : records.size();
    std::vector<std::uint32_t> owner(count, relation_record::npos);
    for (std::uint32_t r = 0; r < relations.size(); ++r) {
      const auto& rr = relations[r];
      if (rr.source != relation_record::npos && rr.details != relation_record::npos && owner[rr.details] == relation_record::npos)
        owner[rr.details] = r;
    }
    if (image_.citations && image_.citations->counts.size() < records.size())
      invalid("relation evidence", "has citation columns for " + std::to_string(image_.citations->counts.size()) + " records, not " +
                                       std::to_string(records.size()));
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& d = records[i];
      const auto where = [i] { return "relation evidence " + std::to_string(i); };
      if (image_.citations && !d.ev.citations.empty()) invalid(where(), "has citations both as columns and as records");
      evidence_of(d.ev, where);
      if (owner[i] == relation_record::npos) continue;  // a removed relation's: nothing reads it
      const auto type = relations[owner[i]].type;
      statements(d.properties, where, [&](property_id p, const value& v) { s_.check_property(type, p, v); });
    }
  }

  // The citation columns, when the image has them: their shape, then each citation by the rules
  // evidence_of() applies to a citation record.
  void citation_columns(const dossier::citation_columns& c) const {
    const auto n = c.sources.size();
    if (c.confidences.size() != n || c.quote_lengths.size() != n) invalid("citation columns", "have different lengths");
    std::uint64_t cells = 0, text = 0;
    for (const auto k : c.counts) {
      if (k >= (std::uint32_t{1} << 27)) invalid("citation columns", "give one relation " + std::to_string(k) + " citations");
      cells += k;
    }
    for (const auto k : c.quote_lengths) text += k;
    if (cells != n || n >= relation_record::npos) invalid("citation columns", "do not add up to their citations");
    if (text != c.quotes.size()) invalid("citation columns", "have quotes that are truncated or too long");
    seen_column(c.first_seen, n, "first seen");
    seen_column(c.last_seen, n, "last seen");
    std::size_t record = 0, left = c.counts.empty() ? 0 : c.counts[0], quote_at = 0, f = 0, l = 0;
    for (std::size_t k = 0; k < n; ++k) {
      while (left == 0) left = c.counts[++record];
      --left;
      citation one{static_cast<source_id>(c.sources[k]), {}, c.confidences[k]};
      if (f < c.first_seen.size() && c.first_seen[f].first == k) one.first_seen = c.first_seen[f++].second;
      if (l < c.last_seen.size() && c.last_seen[l].first == k) one.last_seen = c.last_seen[l++].second;
      const std::string_view quote(c.quotes.data() + quote_at, c.quote_lengths[k]);
      quote_at += quote.size();
      if (quote.size() > config::max_quote_bytes || !is_valid_utf8(quote))
        invalid("relation evidence " + std::to_string(record), "has a quote that is too long or not UTF-8");
      citation_of(one, [record] { return "relation evidence " + std::to_string(record); });
    }
  }

 private:
  static void seen_column(const std::vector<std::pair<std::uint64_t, date>>& column, std::size_t n, const char* what) {
    for (std::size_t k = 0; k < column.size(); ++k)
      if (column[k].first >= n || (k && column[k].first <= column[k - 1].first))
        invalid(std::string(what) + " dates", "refer past the end or out of order");
  }

  void check_redirect(std::uint32_t i) const {
    const auto n = static_cast<std::uint32_t>(image_.entities.size());
    std::uint32_t at = i;
    for (std::uint32_t hops = 0;; ++hops) {
      if (hops > n) invalid("entity " + std::to_string(i), "redirects in a loop");
      const auto next = to_index(image_.entities[at].redirect);
      if (next >= n) invalid("entity " + std::to_string(i), "redirects to a missing entity");
      at = next;
      // A chain ends at the live entity it was merged into, or at one removed after the merge.
      if (image_.entities[at].state != slot_state::merged) return;
    }
  }

  template <class Where>
  void evidence_of(const evidence& ev, const Where& where) const {
    for (const auto& c : ev.citations) citation_of(c, where);
    if (ev.valid.start && ev.valid.end && ev.valid.end->before(*ev.valid.start)) invalid(where(), "has a valid time ending before it starts");
  }

  template <class Where>
  void citation_of(const citation& c, const Where& where) const {
    const auto src = to_index(c.source);
    if (src >= facts_.live.size() || !facts_.live[src]) invalid(where(), "cites entity " + std::to_string(src) + ", which is not live");
    if (!facts_.source[src]) invalid(where(), "cites entity " + std::to_string(src) + ", which is not a source");
    try {
      validate(c);
    } catch (const error& e) {
      invalid(where(), e);
    }
  }

  template <class Where, class Check>
  void statements(const std::vector<property_statement>& list, const Where& where, const Check& check) const {
    for (const auto& p : list) {
      if (to_index(p.property) >= s_.property_count()) invalid(where(), "has an unknown property id");
      try {
        check(p.property, p.val);
      } catch (const schema_error& e) {
        invalid(where(), e);
      }
      evidence_of(p.ev, where);
    }
  }

  const schema& s_;
  const graph_image& image_;
  slot_facts facts_;
};

}  // namespace

// Builds the graph's private state from an image; a friend of graph.
struct restore_access {
  static graph run(graph_image& image) {
    graph g{std::move(image.schema)};
    const image_checker check(g.schema_, image, g.document_type_);  // reads the image until it moves
    check.entities();
    check.relations();
    move_entities(g, image);
    g.relations_ = std::move(image.relations);
    auto details = std::move(image.details);
    // The records are sound: index them on another thread while the details are decoded and checked.
    std::exception_ptr index_failure;
    std::thread indexer([&] {
      try {
        index(g);
      } catch (...) {
        index_failure = std::current_exception();
      }
    });
    try {
      if (image.decode_details) image.decode_details(details);
      check.details(g.relations_, details);
      if (image.citations) check.citation_columns(*image.citations);
    } catch (...) {
      indexer.join();
      throw;
    }
    indexer.join();
    if (index_failure) std::rethrow_exception(index_failure);
    move_details(g, details, image.citations);
    const auto start = g.schema_.try_property("startDate"), end = g.schema_.try_property("endDate");
    for (std::uint32_t i = 0; i < g.entities_.size(); ++i)
      if (g.entity_statements_.size(i)) g.refresh_valid_time(i, start, end);
    g.changed();
    return g;
  }

 private:
  static void move_entities(graph& g, graph_image& image) {
    const auto n = image.entities.size();
    std::size_t statements = 0;
    for (const auto& e : image.entities) statements += e.properties.size();
    g.entity_statements_.reserve(n, statements);
    g.entity_statements_.resize_owners(n);
    detail::resize_for_fill(g.entities_, n);
    g.entity_types_.resize(n);
    g.entity_states_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto& e = image.entities[i];
      g.entity_types_[i] = e.type;
      g.entity_states_[i] = e.state;
      if (!e.external_id.empty() && e.state != slot_state::removed) g.put_external_id(static_cast<std::uint32_t>(i), std::move(e.external_id));
      g.entities_[i] = {e.redirect, std::move(e.name), std::move(e.aliases)};
      for (auto& st : e.properties) g.entity_statements_.push(static_cast<std::uint32_t>(i), std::move(st));
    }
    for (auto& [slot, external] : image.relation_external_ids) g.relation_external_.emplace(slot, std::move(external));
    std::vector<entity_image>().swap(image.entities);
  }

  static void move_details(graph& g, std::vector<relation_details>& details, std::optional<citation_columns>& columns) {
    std::size_t statements = 0, quote_bytes = 0;
    for (const auto& d : details) {
      statements += d.properties.size();
      for (const auto& c : d.ev.citations) quote_bytes += c.quote.size();
    }
    g.relation_statements_.reserve(details.size(), statements);
    if (columns) {
      g.relation_citations_.adopt(std::move(*columns));
      columns.reset();
    } else {
      g.relation_citations_.reserve(details.size(), quote_bytes);
    }
    g.relation_citations_.resize_owners(details.size());
    // Valid times as far as the last record that has one; properties make their owners.
    std::size_t valid = details.size();
    while (valid && details[valid - 1].ev.valid.empty()) --valid;
    detail::resize_for_fill(g.relation_valid_, valid);
    for (std::size_t i = 0; i < details.size(); ++i) {
      if (i < valid) g.relation_valid_[i] = details[i].ev.valid;
      g.relation_citations_.append(static_cast<std::uint32_t>(i), details[i].ev.citations);
      for (auto& st : details[i].properties) g.relation_statements_.push(static_cast<std::uint32_t>(i), std::move(st));
    }
    std::vector<relation_details>().swap(details);
  }

  // Rankings and adjacency; names are indexed on the first lookup (graph::names()).
  static void index(graph& g) {
    const auto n = static_cast<std::uint32_t>(g.entities_.size());
    for (std::uint32_t i = 0; i < n; ++i) g.entity_rank_.push();
    for (std::uint32_t i = 0; i < n; ++i)
      if (g.entity_states_[i] != slot_state::live) g.entity_rank_.erase(i);
    for (std::uint32_t r = 0; r < g.relations_.size(); ++r) g.relation_rank_.push();
    for (std::uint32_t r = 0; r < g.relations_.size(); ++r)
      if (g.relations_[r].source == detail::npos32) g.relation_rank_.erase(r);
    g.rebuild_adjacency();
  }
};

graph restore(graph_image image) { return restore_access::run(image); }

DOSSIER_NAMESPACE_END
