#pragma once
// nlohmann/json's exceptions in words fit for our messages: without its own id
// ("[json.exception.parse_error.101]") and without its "last read" echo, which for a broken
// 50 MB line repeated the line; the position is given instead, with a short excerpt.

#include <dossier/core/error.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline std::string describe_json_error(const nlohmann::json::exception& e, std::string_view text) {
  std::string what = e.what();
  if (const auto close = what.find("] "); what.starts_with("[json.exception.") && close != std::string::npos)
    what.erase(0, close + 2);
  if (const auto last_read = what.find("; last read:"); last_read != std::string::npos) what.erase(last_read);
  if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e); parse && !text.empty()) {
    const std::size_t at = parse->byte == 0 ? 0 : parse->byte - 1;
    const std::size_t from = at > 16 ? at - 16 : 0;
    if (from < text.size()) what += ", near " + quote(text.substr(from, 32), 32);
  }
  return what;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
