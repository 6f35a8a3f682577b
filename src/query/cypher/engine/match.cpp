// Matching patterns: depth-first over the store's typed adjacency, from a bound node where a
// path has one, with openCypher's default of no relationship used twice in one MATCH (trail),
// or GQL's WALK and ACYCLIC. shortestPath and allShortestPaths search breadth-first once
// their ends are bound.
#include "engine.hpp"
#include "graph_access.hpp"

#include <dossier/store/graph.hpp>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <deque>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

using hop = std::pair<relation_id, entity_id>;  // the relationship taken and the node reached

class matcher {
 public:
  matcher(context& c, const std::vector<const syn::path_pattern*>& patterns, std::string_view mode, row& r,
          const std::function<bool(row&)>& emit)
      : c_(c), r_(r), emit_(emit), trail_(mode != "WALK"), acyclic_(mode == "ACYCLIC"), bound_(r.size(), 0) {
    for (const auto* p : patterns)
      if (p->function.empty()) patterns_.push_back(p);
    for (const auto* p : patterns)
      if (!p->function.empty()) patterns_.push_back(p);  // their ends are bound by the others first
    for (const auto* p : patterns_) mark_prebound(*p);
    hops_.resize(patterns_.size());
  }

  void run() { (void)next_pattern(0); }

 private:
  // ---- binding slots ----
  template <class Element>
  [[nodiscard]] static std::size_t slot(const Element* element) {
    return static_cast<std::size_t>(element->slot);
  }
  template <class Element>
  [[nodiscard]] bool is_bound(const Element* element) const {
    return bound_[slot(element)] != 0;
  }
  void mark_prebound(const syn::path_pattern& p) {
    const auto mark = [&](const auto* e) {
      if (e->bound_before) bound_[slot(e)] = 1;
    };
    mark(&p.start);
    for (const auto& [rel, node] : p.steps) {
      mark(&rel);
      mark(&node);
    }
  }

  // ---- checks ----
  bool properties_match(const syn::expr* map, const value_t& element) {
    if (!map) return true;
    const auto want = eval(c_, *map, r_);
    if (want.type() != kind::map) type_error("a pattern's properties must be a map, got " + describe(want));
    for (const auto& [key, v] : want.as_map()) {
      const auto have = element.type() == kind::node ? node_property(c_.g, element.as_node(), key)
                                                     : relationship_property(c_.g, element.as_relationship(), key);
      if (equals(have, v) != true) return false;
    }
    return true;
  }

  bool node_fits(const syn::node_pattern& n, entity_id e) {
    if (!c_.sees(e)) return false;
    if (!n.labels.empty() && !node_has_labels(c_, e, n.labels)) return false;
    return properties_match(n.properties.get(), value_t::node(e));
  }

  // Binds or checks the node; calls `then` with the node bound.
  bool with_node(const syn::node_pattern& n, entity_id e, const std::function<bool()>& then) {
    const auto s = slot(&n);
    if (bound_[s]) {
      const auto& v = r_[s];
      if (v.type() != kind::node || v.as_node() != e || !node_fits(n, e)) return true;
      return then();
    }
    if (!node_fits(n, e)) return true;
    r_[s] = value_t::node(e);
    bound_[s] = 1;
    const bool go_on = then();
    bound_[s] = 0;
    return go_on;
  }

  bool relationship_fits(const syn::relationship_pattern& rp, relation_id rel) {
    if (!c_.sees(rel)) return false;
    if (trail_ && std::find(used_.begin(), used_.end(), rel) != used_.end()) return false;
    return properties_match(rp.properties.get(), value_t::relationship(rel));
  }

  // ---- the patterns, one after another ----
  bool next_pattern(std::size_t i) {
    if (i == patterns_.size()) return finish();
    const auto& p = *patterns_[i];
    if (!p.function.empty()) return shortest(i, p);
    // Start at the first node already bound, else at one found by its id, else at the first.
    std::size_t anchor = 0;
    bool bound = false;
    for (std::size_t k = 0; k <= p.steps.size() && !bound; ++k)
      if (is_bound(&node_at(p, k))) {
        anchor = k;
        bound = true;
      }
    for (std::size_t k = 0; k <= p.steps.size() && !bound; ++k)
      if (id_key(node_at(p, k))) {
        anchor = k;
        bound = true;
      }
    auto& hops = hops_[i];
    hops.assign(p.steps.size(), {});
    return start_at(i, p, anchor);
  }

  static const syn::node_pattern& node_at(const syn::path_pattern& p, std::size_t k) {
    return k == 0 ? p.start : p.steps[k - 1].second;
  }

  bool start_at(std::size_t i, const syn::path_pattern& p, std::size_t anchor) {
    const auto& n = node_at(p, anchor);
    const auto go = [&] { return extend_right(i, p, anchor, anchor); };
    if (is_bound(&n)) {
      const auto& v = r_[slot(&n)];
      if (v.type() != kind::node) return true;  // bound to null: nothing matches
      return with_node(n, v.as_node(), go);
    }
    for (const auto e : candidates(n)) {
      c_.tick();
      if (!with_node(n, e, go)) return false;
    }
    return true;
  }

  // The expression a node pattern gives for `id`, where ids are external ids (closed schemas).
  const syn::expr* id_key(const syn::node_pattern& n) const {
    if (!n.properties || n.properties->kind != syn::expr_kind::map || !names_are_fields(c_.g)) return nullptr;
    for (std::size_t i = 0; i < n.properties->keys.size(); ++i)
      if (n.properties->keys[i] == "id") return n.properties->args[i].get();
    return nullptr;
  }

  std::vector<entity_id> candidates(const syn::node_pattern& n) {
    if (const auto* key = id_key(n)) {
      const auto v = eval(c_, *key, r_);
      if (v.type() != kind::string) return {};
      const auto found = c_.g.find_external(v.as_string());
      if (!found) return {};
      return {*found};
    }
    if (n.labels.empty()) return c_.g.entities();
    const auto type = c_.g.schema().try_entity_type(n.labels.front());
    if (!type) return {};
    return c_.g.entities(*type);
  }

  // Steps k.. to the right of the anchor, then the steps left of it.
  bool extend_right(std::size_t i, const syn::path_pattern& p, std::size_t anchor, std::size_t k) {
    if (k == p.steps.size()) return extend_left(i, p, anchor);
    const auto from = r_[slot(&node_at(p, k))].as_node();
    return step(i, p.steps[k].first, p.steps[k].second, from, true, k,
                [&] { return extend_right(i, p, anchor, k + 1); });
  }

  bool extend_left(std::size_t i, const syn::path_pattern& p, std::size_t k) {
    if (k == 0) return next_pattern(i + 1);
    const auto from = r_[slot(&node_at(p, k))].as_node();
    return step(i, p.steps[k - 1].first, node_at(p, k - 1), from, false, k - 1,
                [&] { return extend_left(i, p, k - 1); });
  }

  // ---- one relationship pattern, of fixed or variable length ----
  direction traversal(const syn::relationship_pattern& rp, bool forward) const {
    if (rp.direction == syn::arrow::either) return direction::both;
    return (rp.direction == syn::arrow::right) == forward ? direction::out : direction::in;
  }

  template <class F>
  bool each_neighbor(const syn::relationship_pattern& rp, entity_id from, bool forward, F&& f) {
    const auto* mask = relationship_mask(rp);
    if (!mask) return true;
    const auto dir = traversal(rp, forward);
    bool go_on = true;
    const auto visit = [&](entity_id n, relation_id rel, bool incoming) {
      if (!go_on) return;
      c_.tick();
      if (incoming && dir == direction::both && n == from) return;  // a self-loop was seen going out
      go_on = f(n, rel);
    };
    if (dir != direction::in) c_.g.for_each_neighbor(from, direction::out, *mask, [&](entity_id n, relation_id rel) { visit(n, rel, false); });
    if (dir != direction::out) c_.g.for_each_neighbor(from, direction::in, *mask, [&](entity_id n, relation_id rel) { visit(n, rel, true); });
    return go_on;
  }

  const type_mask* relationship_mask(const syn::relationship_pattern& rp) {
    if (rp.types.empty()) {
      if (all_types_.count() != c_.g.schema().relation_type_count()) {
        all_types_ = type_mask(c_.g.schema().relation_type_count());
        for (std::uint32_t t = 0; t < c_.g.schema().relation_type_count(); ++t) all_types_.set(t);
      }
      return &all_types_;
    }
    for (const auto& [pattern, mask] : masks_)
      if (pattern == &rp) return mask.empty() ? nullptr : &mask;
    type_mask combined;
    for (const auto& t : rp.types)
      if (const auto& one = c_.type_mask_of(t))
        for (std::uint32_t x = 0; x < c_.g.schema().relation_type_count(); ++x)
          if (one->test(x)) combined.set(x);
    const auto& m = masks_.emplace_back(&rp, std::move(combined)).second;
    return m.empty() ? nullptr : &m;
  }

  bool on_path(std::size_t i, entity_id e) const {
    for (const auto& step : hops_[i])
      for (const auto& h : step)
        if (h.second == e) return true;
    return false;
  }

  bool step(std::size_t i, const syn::relationship_pattern& rp, const syn::node_pattern& to, entity_id from, bool forward,
            std::size_t step_index, const std::function<bool()>& then) {
    auto& hops = hops_[i][step_index];
    hops.clear();
    if (!rp.variable_length) {
      return each_neighbor(rp, from, forward, [&](entity_id n, relation_id rel) {
        if (!relationship_fits(rp, rel) || !bound_relationship_ok(rp, rel)) return true;
        if (acyclic_ && n != from && on_path(i, n)) return true;
        return take(rp, rel, [&] {
          hops.assign(1, {rel, forward ? n : from});  // in pattern order: the node the relationship leads to
          return with_node(to, n, then);
        });
      });
    }
    const auto min = rp.min.value_or(1), max = rp.max.value_or(~std::uint32_t{0});
    const auto saved_origin = origin_;
    origin_ = from;
    struct restore {
      entity_id& o;
      entity_id v;
      ~restore() { o = v; }
    } keep{origin_, saved_origin};
    return var_length(i, rp, to, from, forward, min, max, step_index, then);
  }

  bool bound_relationship_ok(const syn::relationship_pattern& rp, relation_id rel) {
    if (!is_bound(&rp)) return true;
    const auto& v = r_[slot(&rp)];
    return v.type() == kind::relationship && v.as_relationship() == rel;
  }

  bool take(const syn::relationship_pattern& rp, relation_id rel, const std::function<bool()>& then) {
    used_.push_back(rel);
    const auto s = slot(&rp);
    const bool was_bound = bound_[s] != 0;
    if (!was_bound) r_[s] = value_t::relationship(rel);
    bound_[s] = 1;
    const bool go_on = then();
    bound_[s] = was_bound;
    used_.pop_back();
    return go_on;
  }

  // The hops out of a node a variable-length step may take, in the order matching tries them.
  std::vector<hop> hops_from(const syn::relationship_pattern& rp, entity_id at, bool forward) {
    std::vector<hop> out;
    (void)each_neighbor(rp, at, forward, [&](entity_id n, relation_id rel) {
      out.push_back({rel, n});
      return true;
    });
    return out;
  }

  // Depth-first over the walks, without recursion (a walk of a hundred thousand hops would
  // otherwise overflow the stack before the budget stops it): one frame per node of the walk,
  // with the hops out of it still to try; frames.size() == taken.size() + 1.
  struct walk_frame {
    std::vector<hop> next;
    std::size_t tried = 0;
  };

  bool var_length(std::size_t i, const syn::relationship_pattern& rp, const syn::node_pattern& to, entity_id from,
                  bool forward, std::uint32_t min, std::uint32_t max, std::size_t step_index,
                  const std::function<bool()>& then) {
    std::vector<hop> taken;
    std::vector<walk_frame> frames;
    const auto used_before = used_.size();
    // At a node: a match once the walk is long enough, then the hops on while it may grow.
    const auto reach = [&](entity_id at) {
      if (taken.size() >= min && !finish_var_length(i, rp, to, at, forward, taken, step_index, then)) return false;
      frames.push_back({taken.size() < max ? hops_from(rp, at, forward) : std::vector<hop>{}});
      return true;
    };
    bool go_on = reach(from);
    while (go_on && !frames.empty()) {
      auto& f = frames.back();
      if (f.tried == f.next.size()) {
        frames.pop_back();
        if (!taken.empty()) {
          taken.pop_back();
          used_.pop_back();
        }
        continue;
      }
      const hop h = f.next[f.tried++];
      c_.tick(used_.size());  // the trail and acyclic checks look through the walk so far
      if (!relationship_fits(rp, h.first)) continue;
      if (acyclic_ && (on_path(i, h.second) ||
                       std::any_of(taken.begin(), taken.end(), [&](const hop& t) { return t.second == h.second; })))
        continue;
      used_.push_back(h.first);
      taken.push_back(h);
      go_on = reach(h.second);
    }
    used_.resize(used_before);
    return go_on;
  }

  bool finish_var_length(std::size_t i, const syn::relationship_pattern& rp, const syn::node_pattern& to, entity_id at,
                         bool forward, const std::vector<hop>& taken, std::size_t step_index,
                         const std::function<bool()>& then) {
    c_.tick(taken.size());  // a match of k hops is k relationships bound and a path of k
    auto ordered = taken;
    if (!forward) std::reverse(ordered.begin(), ordered.end());
    value_t::list_type rels;
    for (const auto& h : ordered) rels.push_back(value_t::relationship(h.first));
    const auto s = slot(&rp);
    if (bound_[s]) {
      const auto& have = r_[s];
      if (!(have.type() == kind::list && have.as_list() == rels)) return true;
    }
    r_[s] = std::move(rels);
    hops_[i][step_index] = in_pattern_order(taken, origin_, forward);
    return with_node(to, at, then);
  }

  // Hops walked backwards (from the pattern's later node, `origin`) in the pattern's order.
  static std::vector<hop> in_pattern_order(const std::vector<hop>& taken, entity_id origin, bool forward) {
    if (forward) return taken;
    std::vector<hop> out;
    for (std::size_t j = taken.size(); j-- > 0;) out.push_back({taken[j].first, j == 0 ? origin : taken[j - 1].second});
    return out;
  }

  // ---- shortest paths ----
  bool shortest(std::size_t i, const syn::path_pattern& p) {
    const auto& a = p.start;
    const auto& b = p.steps.front().second;
    const auto& rp = p.steps.front().first;
    const auto search = [&] {
      const auto& av = r_[slot(&a)];
      const auto go = [&] {
        const auto& bv = r_[slot(&b)];
        if (av.type() != kind::node || bv.type() != kind::node) return true;
        return shortest_between(i, p, rp, av.as_node(), bv.as_node());
      };
      if (is_bound(&b)) return with_node(b, r_[slot(&b)].type() == kind::node ? r_[slot(&b)].as_node() : entity_id{}, go);
      for (const auto e : candidates(b))
        if (!with_node(b, e, go)) return false;
      return true;
    };
    if (is_bound(&a)) {
      const auto& v = r_[slot(&a)];
      if (v.type() != kind::node) return true;
      return with_node(a, v.as_node(), search);
    }
    for (const auto e : candidates(a))
      if (!with_node(a, e, search)) return false;
    return true;
  }

  bool shortest_between(std::size_t i, const syn::path_pattern& p, const syn::relationship_pattern& rp, entity_id from,
                        entity_id to) {
    const bool all = p.function == "allShortestPaths";
    const auto max = rp.variable_length ? rp.max.value_or(~std::uint32_t{0}) : 1u;
    const auto min = rp.variable_length ? rp.min.value_or(1) : 1u;
    // A shortest path from a node to itself has no relationships: there is one when the
    // pattern allows zero hops, and none otherwise (as in Neo4j).
    if (from == to) return min == 0 ? emit_shortest(i, p, rp, {}) : true;
    // Breadth-first with every parent at the shortest depth, then each shortest path.
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::vector<hop>>> reached;  // node -> depth, parents
    reached[to_index(from)] = {0, {}};
    std::vector<entity_id> frontier{from};
    bool found = false;
    for (std::uint32_t depth = 1; depth <= max && !frontier.empty() && !found; ++depth) {
      std::vector<entity_id> next;
      for (const auto u : frontier) {
        (void)each_neighbor(rp, u, true, [&](entity_id n, relation_id rel) {
          if (!c_.sees(n) || !relationship_fits(rp, rel)) return true;
          auto [it, fresh] = reached.try_emplace(to_index(n), depth, std::vector<hop>{});
          if (fresh) next.push_back(n);
          if (it->second.first == depth) it->second.second.push_back({rel, u});
          if (n == to) found = true;
          return true;
        });
      }
      frontier = std::move(next);
    }
    if (!found) return true;
    return unwind_parents(i, p, rp, reached, from, to, all);
  }

  // Each shortest path from `from` to `to`, depth-first over the parents without recursion (a
  // shortest path is as long as the graph is wide): one frame per node back from `to`, with the
  // next parent to try, and frames.size() == suffix.size() + 1. shortestPath takes the first.
  bool unwind_parents(std::size_t i, const syn::path_pattern& p, const syn::relationship_pattern& rp,
                      const std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::vector<hop>>>& reached,
                      entity_id from, entity_id to, bool all) {
    std::vector<std::pair<entity_id, std::size_t>> frames{{to, 0}};
    std::vector<hop> suffix;  // (relationship, node it leads to), from `to` back
    const auto back = [&] {
      frames.pop_back();
      if (!suffix.empty()) suffix.pop_back();
    };
    while (!frames.empty()) {
      const auto at = frames.back().first;
      if (at == from) {
        if (!emit_shortest(i, p, rp, std::vector<hop>(suffix.rbegin(), suffix.rend()))) return false;
        if (!all) return true;
        back();
        continue;
      }
      const auto& parents = reached.at(to_index(at)).second;
      auto& tried = frames.back().second;
      if (tried == parents.size()) {
        back();
        continue;
      }
      // Each parent is a level nearer `from`, so a path repeats no node and no relationship: it
      // needs no check (the scan of the path there was quadratic in its length).
      const hop h = parents[tried++];  // (relationship, parent)
      c_.tick();
      suffix.push_back({h.first, at});
      frames.push_back({h.second, 0});
    }
    return true;
  }

  bool emit_shortest(std::size_t i, const syn::path_pattern& p, const syn::relationship_pattern& rp,
                     const std::vector<hop>& hops) {
    value_t::list_type rels;
    for (const auto& h : hops) rels.push_back(value_t::relationship(h.first));
    r_[slot(&rp)] = rp.variable_length ? value_t(std::move(rels)) : (hops.empty() ? value_t() : value_t::relationship(hops[0].first));
    hops_[i].assign(1, hops);
    const bool go_on = next_pattern(i + 1);
    (void)p;
    return go_on;
  }

  // ---- a whole match ----
  bool finish() {
    for (std::size_t i = 0; i < patterns_.size(); ++i) {
      const auto& p = *patterns_[i];
      if (p.variable.empty()) continue;
      value_t::path_type path;
      path.nodes.push_back(r_[slot(&p.start)].as_node());
      for (const auto& step : hops_[i])
        for (const auto& h : step) {
          path.relationships.push_back(h.first);
          path.nodes.push_back(h.second);
        }
      r_[slot(&p)] = std::move(path);
    }
    return emit_(r_);
  }

  context& c_;
  row& r_;
  const std::function<bool(row&)>& emit_;
  bool trail_, acyclic_;
  boost::container::small_vector<char, 32> bound_;  // per slot: bound in this match
  std::vector<const syn::path_pattern*> patterns_;
  std::vector<relation_id> used_;
  std::vector<std::vector<std::vector<hop>>> hops_;  // per pattern, per step: hops in pattern order
  type_mask all_types_;
  entity_id origin_{};  // where the variable-length walk being matched began
  std::deque<std::pair<const syn::relationship_pattern*, type_mask>> masks_;  // a few: searched linearly
};

}  // namespace

void match_patterns(context& c, const std::vector<const syn::path_pattern*>& patterns, std::string_view mode, row& r,
                    const std::function<bool(row&)>& emit) {
  matcher(c, patterns, mode, r, emit).run();
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
