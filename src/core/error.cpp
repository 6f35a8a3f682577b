#include <dossier/core/error.hpp>
#include <dossier/core/utf8.hpp>

DOSSIER_NAMESPACE_BEGIN

namespace {
std::string prefixed(std::string_view id) { return "dossier." + std::string(id); }

std::string import_message(const std::string& origin, std::size_t line, const std::string& field, const std::string& problem) {
  std::string out = origin;
  if (line) out += ":" + std::to_string(line);  // line 0: the file as a whole
  if (!field.empty()) out += ": field '" + field + "'";
  return out + ": " + problem;
}
}  // namespace

error::error(std::string_view id, const std::string& message)
    : std::runtime_error("[" + prefixed(id) + "] " + message), id_(prefixed(id)) {}

import_error::import_error(std::string_view id, std::string origin, std::size_t line, std::string field,
                           const std::string& problem)
    : format_error(id, import_message(origin, line, field, problem)),
      origin_(std::move(origin)), line_(line), field_(std::move(field)), problem_(problem) {}

std::string quote(std::string_view text, std::size_t max_bytes) {
  std::string out = "'";
  std::size_t i = 0;
  while (i < text.size() && out.size() - 1 < max_bytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = utf8_sequence_length(text.substr(i));
    if (len == 0 || c < 0x20 || c == 0x7F) {  // invalid or a control character: visible, not raw
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  out += "'";
  if (i < text.size()) {
    out.insert(out.size() - 1, "…");
    out += " (" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

DOSSIER_NAMESPACE_END
