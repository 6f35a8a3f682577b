// Aggregate functions: count, sum, avg, min, max, collect, percentileDisc, percentileCont,
// stDev and stDevP. Nulls are skipped; DISTINCT counts each equivalent value once.
#include "engine.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_engine {

accumulator::accumulator(const syn::expr& call) : call_(&call) {
  for (const char ch : call.name) name_ += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  // The grammar reads count(), sum(DISTINCT) and min(a, b) as calls; every aggregate is built
  // here before it reads an argument, so this is where their number is checked.
  const std::size_t most = name_.starts_with("percentile") ? 2 : 1;
  if (!call.star && (call.args.empty() || call.args.size() > most))
    fail_compile("SyntaxError", "InvalidNumberOfArguments",
                 call.name + "() takes " + (most == 2 ? "one or two arguments" : "one argument") + ", not " +
                     std::to_string(call.args.size()));
}

void accumulator::add(context& c, row& r) {
  if (call_->star) {
    ++count_;
    return;
  }
  auto v = eval(c, *call_->args.at(0), r);
  if (v.is_null()) return;
  // DISTINCT hashes the value, collect() holds it, min() and max() compare it: each walks it.
  if (call_->distinct || name_ == "collect" || name_ == "min" || name_ == "max") charge(c, v);
  if (name_.starts_with("percentile") && extra_.is_null() && call_->args.size() > 1) {
    extra_ = eval(c, *call_->args[1], r);
    if (!extra_.is_number()) type_error(call_->name + "() needs a number as its percentile, got " + describe(extra_));
    if (!(extra_.as_real() >= 0 && extra_.as_real() <= 1))  // NaN too: it has no rank
      fail_runtime("ArgumentError", "NumberOutOfRange", call_->name + "() needs a percentile between 0 and 1");
  }
  if (call_->distinct && !seen_.insert({v}).second) return;
  if ((name_ == "sum" || name_ == "avg" || name_.starts_with("percentile") || name_.starts_with("stdev")) && !v.is_number())
    type_error(call_->name + "() needs numbers, got " + describe(v));
  ++count_;
  if (name_ != "count") values_.push_back(std::move(v));
}

namespace {

value_t sum_of(const std::vector<value_t>& values) {
  bool all_integers = true;
  std::int64_t total = 0;
  double real = 0;
  for (const auto& v : values) {
    if (v.type() == kind::integer && all_integers) {
      if (__builtin_add_overflow(total, v.as_int(), &total))
        fail_runtime("ArithmeticError", "IntegerOverflow", "sum() overflows a 64-bit integer");
    } else {
      if (all_integers) real = static_cast<double>(total);
      all_integers = false;
      real += v.as_real();
    }
  }
  return all_integers ? value_t(total) : value_t(real);
}

value_t extreme(const std::vector<value_t>& values, bool largest) {
  if (values.empty()) return {};
  const auto less = [](const value_t& a, const value_t& b) { return order(a, b) < 0; };
  return largest ? *std::max_element(values.begin(), values.end(), less)
                 : *std::min_element(values.begin(), values.end(), less);
}

value_t percentile(std::vector<value_t> values, double p, bool continuous) {
  if (values.empty()) return {};
  std::vector<double> xs;
  for (const auto& v : values) xs.push_back(v.as_real());
  std::sort(xs.begin(), xs.end());
  const auto n = xs.size();
  if (!continuous) {
    const auto rank = p == 0 ? 0 : static_cast<std::size_t>(std::ceil(p * static_cast<double>(n))) - 1;
    std::sort(values.begin(), values.end(), [](const value_t& a, const value_t& b) { return order(a, b) < 0; });
    return values[std::min(rank, n - 1)];
  }
  const double pos = p * static_cast<double>(n - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos)), hi = static_cast<std::size_t>(std::ceil(pos));
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - static_cast<double>(lo));
}

value_t deviation(const std::vector<value_t>& values, bool sample) {
  const auto n = static_cast<double>(values.size());
  if (values.size() < (sample ? 2u : 1u)) return 0.0;
  double mean = 0;
  for (const auto& v : values) mean += v.as_real();
  mean /= n;
  double squares = 0;
  for (const auto& v : values) squares += (v.as_real() - mean) * (v.as_real() - mean);
  return std::sqrt(squares / (sample ? n - 1 : n));
}

}  // namespace

value_t accumulator::result() const {
  if (name_ == "count") return count_;
  if (name_ == "collect") return value_t::list_type(values_);
  if (name_ == "sum") return sum_of(values_);
  if (name_ == "avg") {
    if (values_.empty()) return {};
    double total = 0;
    for (const auto& v : values_) total += v.as_real();
    return total / static_cast<double>(values_.size());
  }
  if (name_ == "min" || name_ == "max") return extreme(values_, name_ == "max");
  if (name_ == "percentiledisc" || name_ == "percentilecont")
    return percentile(values_, extra_.is_null() ? 0.5 : extra_.as_real(), name_ == "percentilecont");
  return deviation(values_, name_ == "stdev");
}

}  // namespace cypher_engine

DOSSIER_NAMESPACE_END
