#pragma once
// A query as its builder calls wrote it: names, not ids. Binding (plan.hpp) turns it into a plan.

#include <dossier/query/query.hpp>

#include <string>
#include <variant>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace spec {
struct start_type {
  std::string type;
};
struct start_ids {
  std::vector<entity_id> ids;
};
struct start_name {
  std::string name;
  name_options options;
};
struct filter {
  std::function<bool(const entity_ref&)> keep;
  std::string description;
};
struct expand {
  direction dir;
  std::vector<std::string> relation_types;
  hop_options options;
};
struct linked {
  std::vector<entity_id> targets;
  linked_options options;
};
}  // namespace spec

struct step_spec {
  std::variant<spec::start_type, spec::start_ids, spec::start_name, spec::filter, spec::expand, spec::linked> step;
};

[[nodiscard]] inline bool is_start(const step_spec& s) noexcept {
  return std::holds_alternative<spec::start_type>(s.step) || std::holds_alternative<spec::start_ids>(s.step) ||
         std::holds_alternative<spec::start_name>(s.step);
}

// std::visit with one lambda per alternative (a missing one does not compile).
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace detail

DOSSIER_NAMESPACE_END
