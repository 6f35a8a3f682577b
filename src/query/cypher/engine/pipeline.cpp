// Running a query as a pipeline: each clause is a stage that takes rows one at a time and
// hands on the rows it makes, so that LIMIT stops the matching before it, and a count over a
// million matches holds one row at a time. Grouping, ORDER BY and the write clauses gather
// their input first (a write clause must see all of it before it changes the graph, and the
// clauses after it must see all of its changes).
#include "engine.hpp"
#include "projection.hpp"

#include <dossier/store/graph.hpp>

#include <chrono>
#include <memory>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

namespace {

using clock_type = std::chrono::steady_clock;

class stage {
 public:
  stage(context& c, stage* next) : c_(c), next_(next) {}
  virtual ~stage() = default;
  stage(const stage&) = delete;
  stage& operator=(const stage&) = delete;
  // Takes one row; false when no more rows are wanted.
  virtual bool push(row& r) = 0;
  // The input has ended.
  virtual void finish() { finish_next(); }

  std::size_t rows_out = 0;
  clock_type::duration inclusive{0};  // PROFILE: time in this stage and those after it

 protected:
  bool emit(row& r) {
    ++rows_out;
    if (!c_.profile) return next_->push(r);
    const auto t = clock_type::now();
    const bool go_on = next_->push(r);
    next_->inclusive += clock_type::now() - t;
    return go_on;
  }
  void finish_next() {
    if (!c_.profile) return next_->finish();
    const auto t = clock_type::now();
    next_->finish();
    next_->inclusive += clock_type::now() - t;
  }

  context& c_;
  stage* next_;
};

// ---- reading ----

std::vector<int> new_slots(const prepared& p, const std::vector<syn::path_pattern>& patterns) {
  std::vector<int> out;
  (void)p;
  const auto add = [&](const auto* e) {
    if (!e->bound_before && e->slot >= 0) out.push_back(e->slot);
  };
  for (const auto& path : patterns) {
    if (path.slot >= 0) out.push_back(path.slot);
    add(&path.start);
    for (const auto& [rel, node] : path.steps) {
      add(&rel);
      add(&node);
    }
  }
  return out;
}

class match_stage final : public stage {
 public:
  match_stage(context& c, stage* next, const syn::match_clause& m)
      : stage(c, next), m_(m), fresh_(m.optional ? new_slots(c.p, m.patterns) : std::vector<int>{}) {
    for (const auto& p : m.patterns) patterns_.push_back(&p);
  }

  bool push(row& in) override {
    bool found = false, go_on = true;
    row r = in;
    match_patterns(c_, patterns_, m_.path_mode, r, [&](row& match) {
      if (!passes(c_, m_.where.get(), match)) return true;
      found = true;
      go_on = emit(match);
      return go_on;
    });
    if (!m_.optional || found || !go_on) return go_on;
    for (const auto s : fresh_) in[static_cast<std::size_t>(s)] = value_t();  // OPTIONAL MATCH found nothing
    return emit(in);
  }

 private:
  const syn::match_clause& m_;
  std::vector<const syn::path_pattern*> patterns_;
  std::vector<int> fresh_;
};

class unwind_stage final : public stage {
 public:
  unwind_stage(context& c, stage* next, const syn::unwind_clause& u)
      : stage(c, next), u_(u), slot_(static_cast<std::size_t>(c.p.slot(&u))) {}

  bool push(row& r) override {
    const auto list = eval(c_, *u_.list, r);
    if (list.is_null()) return true;
    if (list.type() != kind::list) {  // UNWIND of a single value gives one row
      r[slot_] = list;
      return emit(r);
    }
    for (const auto& item : list.as_list()) {
      c_.tick();
      r[slot_] = item;
      if (!emit(r)) return false;
    }
    return true;
  }

 private:
  const syn::unwind_clause& u_;
  std::size_t slot_;
};

class call_stage final : public stage {
 public:
  call_stage(context& c, stage* next, const syn::call_clause& call) : stage(c, next), call_(call) {}

  bool push(row& r) override {
    for (auto& out : run_call(c_, call_, table{r}))
      if (!emit(out)) return false;
    return true;
  }

 private:
  const syn::call_clause& call_;
};

// ---- WITH and RETURN ----

// SKIP, LIMIT and WITH's WHERE, after the rows are projected (and sorted).
class window {
 public:
  window(context& c, const syn::projection_clause& clause)
      : skip_(clause.skip ? row_count(c, clause.skip.get(), "SKIP") : 0),
        limit_(clause.limit ? row_count(c, clause.limit.get(), "LIMIT") : ~std::size_t{0}) {}
  [[nodiscard]] bool full() const { return taken_ >= limit_; }
  // True when the row is in the window (counting it).
  bool admit() {
    if (skipped_ < skip_) {
      ++skipped_;
      return false;
    }
    if (full()) return false;
    ++taken_;
    return true;
  }

 private:
  std::size_t skip_, limit_, skipped_ = 0, taken_ = 0;
};

class projection_stage final : public stage {
 public:
  projection_stage(context& c, stage* next, const syn::projection_clause& clause, std::size_t width)
      : stage(c, next),
        clause_(clause),
        plan_(c.p.projections.at(&clause)),
        window_(c, clause),
        distinct_(plan_),
        blocking_(plan_.aggregating || !clause.order.empty()) {
    if (plan_.aggregating) grouping_.emplace(c, clause, plan_, width);
  }

  bool push(row& r) override {
    c_.tick();
    if (grouping_) {
      grouping_->add(r);
      return true;
    }
    project_row(c_, clause_, plan_, r);
    if (clause_.distinct && !distinct_.first_time(r)) return true;
    if (blocking_) {
      gathered_.push_back(r);
      return true;
    }
    return hand_on(r);
  }

  void finish() override {
    if (blocking_) {
      table rows = grouping_ ? grouping_->finish() : std::move(gathered_);
      if (grouping_ && clause_.distinct) std::erase_if(rows, [&](const row& r) { return !distinct_.first_time(r); });
      if (!clause_.order.empty()) sort_rows(c_, clause_, rows);
      for (auto& r : rows)
        if (!hand_on(r)) break;
    }
    finish_next();
  }

 private:
  bool hand_on(row& r) {
    if (window_.full()) return false;
    if (!window_.admit()) return true;
    if (!passes(c_, clause_.where.get(), r)) return !window_.full();
    return emit(r) && !window_.full();
  }

  const syn::projection_clause& clause_;
  const projection_plan& plan_;
  window window_;
  distinct_filter distinct_;
  bool blocking_;
  std::optional<grouping> grouping_;
  table gathered_;
};

// ---- writing: all of the input first, then the changes, then the rows on ----

class write_stage final : public stage {
 public:
  write_stage(context& c, stage* next, const syn::clause& clause) : stage(c, next), clause_(clause) {
    if (!c.writable) fail_compile("SemanticError", "ReadOnly", "a statement run on a const graph cannot write");
  }

  bool push(row& r) override {
    c_.tick();
    rows_.push_back(r);
    return true;
  }

  void finish() override {
    if (const auto* cr = std::get_if<syn::create_clause>(&clause_)) run_create(c_, *cr, rows_);
    else if (const auto* mg = std::get_if<syn::merge_clause>(&clause_)) run_merge(c_, *mg, rows_);
    else if (const auto* st = std::get_if<syn::set_clause>(&clause_)) {
      for (auto& r : rows_) run_set(c_, st->items, r);
    } else if (const auto* rm = std::get_if<syn::remove_clause>(&clause_)) run_remove(c_, *rm, rows_);
    else if (const auto* dl = std::get_if<syn::delete_clause>(&clause_)) run_delete(c_, *dl, rows_);
    for (auto& r : rows_)
      if (!emit(r)) break;
    rows_.clear();
    finish_next();
  }

 private:
  const syn::clause& clause_;
  table rows_;
};

// ---- the end of the pipeline ----

class sink final : public stage {
 public:
  sink(context& c, const std::function<bool(row&)>& take) : stage(c, nullptr), take_(take) {}
  bool push(row& r) override { return take_(r); }
  void finish() override {}

 private:
  const std::function<bool(row&)>& take_;
};

std::string stage_name(const syn::clause& cl) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, syn::match_clause>) return x.optional ? "OptionalMatch" : "Match";
        else if constexpr (std::is_same_v<T, syn::unwind_clause>) return "Unwind";
        else if constexpr (std::is_same_v<T, syn::projection_clause>) return x.is_return ? "Return" : "With";
        else if constexpr (std::is_same_v<T, syn::create_clause>) return "Create";
        else if constexpr (std::is_same_v<T, syn::merge_clause>) return "Merge";
        else if constexpr (std::is_same_v<T, syn::set_clause>) return "Set";
        else if constexpr (std::is_same_v<T, syn::remove_clause>) return "Remove";
        else if constexpr (std::is_same_v<T, syn::delete_clause>) return "Delete";
        else return "Call " + x.procedure;
      },
      cl);
}

std::unique_ptr<stage> make_stage(context& c, const syn::clause& cl, stage* next, std::size_t width) {
  if (const auto* m = std::get_if<syn::match_clause>(&cl)) return std::make_unique<match_stage>(c, next, *m);
  if (const auto* u = std::get_if<syn::unwind_clause>(&cl)) return std::make_unique<unwind_stage>(c, next, *u);
  if (const auto* p = std::get_if<syn::projection_clause>(&cl)) return std::make_unique<projection_stage>(c, next, *p, width);
  if (const auto* ca = std::get_if<syn::call_clause>(&cl)) return std::make_unique<call_stage>(c, next, *ca);
  return std::make_unique<write_stage>(c, next, cl);
}

}  // namespace

void run_pipeline(context& c, const syn::single_query& q, std::size_t query_index, row start,
                  const std::function<bool(row&)>& take) {
  const auto width = static_cast<std::size_t>(c.p.widths.at(query_index));
  start.resize(width);
  sink end(c, take);
  // Built back to front: each stage knows the one after it.
  std::vector<std::unique_ptr<stage>> stages(q.clauses.size());
  stage* next = &end;
  for (std::size_t i = q.clauses.size(); i-- > 0;) {
    stages[i] = make_stage(c, q.clauses[i], next, width);
    next = stages[i].get();
  }
  const auto t = c.profile ? clock_type::now() : clock_type::time_point{};
  (void)next->push(start);
  next->finish();  // also after a LIMIT filled up: the stages that gather still hand on their rows
  if (!c.profile || stages.empty()) return;
  stages.front()->inclusive += clock_type::now() - t;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const auto after = i + 1 < stages.size() ? stages[i + 1]->inclusive : clock_type::duration{0};
    c.profile->push_back({stage_name(q.clauses[i]), stages[i]->rows_out,
                          std::chrono::duration_cast<std::chrono::nanoseconds>(stages[i]->inclusive - after)});
  }
}

table run_query(context& c, const syn::single_query& q, std::size_t query_index, table rows) {
  table out;
  const std::function<bool(row&)> take = [&](row& r) {
    out.push_back(r);
    if (out.size() > c.options.budget.max_results)
      throw budget_exceeded("query.budget_exceeded",
                            "the statement made more than " + std::to_string(c.options.budget.max_results) + " rows");
    return true;
  };
  for (auto& r : rows) run_pipeline(c, q, query_index, std::move(r), take);
  return out;
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
