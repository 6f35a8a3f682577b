#pragma once
// Token alignment and the score of a pair of read names (compare.hpp, steps 2 to 5). The name
// index prepares its query once and compares it with each candidate through compare_prepared.

#include "form.hpp"

#include <dossier/core/config.hpp>
#include <dossier/names/compare.hpp>

#include <optional>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// A normalised name read once, with its Latin reading made on first need.
class prepared_name {
 public:
  prepared_name(std::string_view normalized, name_kind kind);
  // With its Latin reading, when the caller keeps it (the index does).
  prepared_name(std::string_view normalized, name_kind kind, std::string_view latin);

  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] const name_form& native() const noexcept { return native_; }
  [[nodiscard]] script writing() const noexcept { return native_.writing; }
  // The form compared with a name of another script: the Latin reading for non-Latin names.
  [[nodiscard]] const name_form& across_scripts() const;
  [[nodiscard]] const std::string& latin() const;

 private:
  std::string text_;
  name_kind kind_;
  name_form native_;
  mutable std::string latin_;
  mutable bool latin_known_ = false;
  mutable std::optional<name_form> latin_form_;
};

// The score of two prepared names of the same kind; `why`, when given, receives the details.
[[nodiscard]] double compare_prepared(const prepared_name& a, const prepared_name& b, name_kind kind, name_comparison* why = nullptr);

}  // namespace detail

DOSSIER_NAMESPACE_END
