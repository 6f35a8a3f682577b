// Cypher's tokens (lexer.hpp).
#include "lexer.hpp"

#include <dossier/core/error.hpp>
#include <dossier/core/utf8.hpp>

#include <cctype>
#include <charconv>
#include <cstdlib>

DOSSIER_NAMESPACE_BEGIN

namespace cypher_syntax::detail {

namespace {

position position_of(std::string_view text, std::size_t offset) {
  position at;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++at.line, at.column = 1;
    else ++at.column;
  }
  return at;
}

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool is_name_part(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Symbols, longest first so that "<=" is not read as "<" then "=".
constexpr std::string_view symbols[] = {"..", "<=", ">=", "<>", "=~", "->", "<-", "+=", "(", ")", "[", "]", "{", "}", ",", ".",
                                        ":",  "|",  "-",  "<",  ">",  "=",  "+",  "*",  "/", "%", "^", ";"};

class lexer {
 public:
  explicit lexer(std::string_view text) : text_(text) {}

  std::vector<token> run() {
    std::vector<token> out;
    for (;;) {
      skip_space();
      token t;
      t.offset = i_;
      t.at = position_of_cached(i_);
      if (i_ >= text_.size()) {
        out.push_back(std::move(t));
        return out;
      }
      read(t);
      out.push_back(std::move(t));
    }
  }

 private:
  // Positions are counted forwards once, not from the start for every token.
  position position_of_cached(std::size_t offset) {
    for (; counted_ < offset; ++counted_) {
      if (text_[counted_] == '\n') ++here_.line, here_.column = 1;
      else ++here_.column;
    }
    return here_;
  }

  void skip_space() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++i_;
      } else if (text_.substr(i_, 2) == "//") {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
      } else if (text_.substr(i_, 2) == "/*") {
        const auto close = text_.find("*/", i_ + 2);
        if (close == std::string_view::npos) fail_at(text_, i_, "a comment is never closed");
        i_ = close + 2;
      } else {
        return;
      }
    }
  }

  void read(token& t) {
    const char c = text_[i_];
    if (is_name_start(c)) return read_name(t);
    if (c == '`') return read_quoted_name(t);
    if (is_digit(c) || (c == '.' && i_ + 1 < text_.size() && is_digit(text_[i_ + 1]))) return read_number(t);
    if (c == '\'' || c == '"') return read_string(t);
    if (c == '$') return read_parameter(t);
    for (const auto s : symbols) {
      if (text_.substr(i_, s.size()) == s) {
        t.kind = token_kind::symbol;
        t.text = std::string(s);
        i_ += s.size();
        return;
      }
    }
    const auto length = utf8_sequence_length(text_.substr(i_));
    fail_at(text_, i_, "unexpected character " + quote(text_.substr(i_, length ? length : 1)));
  }

  void read_name(token& t) {
    const auto start = i_;
    while (i_ < text_.size() && is_name_part(text_[i_])) ++i_;
    t.kind = token_kind::name;
    t.text = std::string(text_.substr(start, i_ - start));
    if (!is_valid_utf8(t.text)) fail_at(text_, start, "a name is not valid UTF-8");
  }

  void read_quoted_name(token& t) {
    const auto start = i_++;
    std::string name;
    for (;;) {
      const auto close = text_.find('`', i_);
      if (close == std::string_view::npos) fail_at(text_, start, "a `quoted name` is never closed");
      name += text_.substr(i_, close - i_);
      i_ = close + 1;
      if (i_ < text_.size() && text_[i_] == '`') {  // `` inside is one backtick
        name += '`';
        ++i_;
        continue;
      }
      break;
    }
    if (name.empty()) fail_at(text_, start, "a quoted name is empty");
    if (!is_valid_utf8(name)) fail_at(text_, start, "a name is not valid UTF-8");
    t.kind = token_kind::quoted_name;
    t.text = std::move(name);
  }

  void read_number(token& t) {
    const auto start = i_;
    if (text_.substr(i_, 2) == "0x" || text_.substr(i_, 2) == "0X") return read_integer(t, start, 16, i_ + 2);
    if (text_.substr(i_, 2) == "0o") return read_integer(t, start, 8, i_ + 2);
    bool real = false;
    while (i_ < text_.size() && is_digit(text_[i_])) ++i_;
    if (i_ + 1 < text_.size() && text_[i_] == '.' && is_digit(text_[i_ + 1])) {
      real = true;
      ++i_;
      while (i_ < text_.size() && is_digit(text_[i_])) ++i_;
    }
    if (i_ < text_.size() && (text_[i_] == 'e' || text_[i_] == 'E')) {
      auto j = i_ + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
      if (j < text_.size() && is_digit(text_[j])) {
        real = true;
        i_ = j;
        while (i_ < text_.size() && is_digit(text_[i_])) ++i_;
      }
    }
    if (i_ < text_.size() && is_name_start(text_[i_])) fail_at(text_, start, "a number runs into a name");
    const auto digits = text_.substr(start, i_ - start);
    if (!real) return read_integer(t, start, 10, start);
    t.kind = token_kind::real;
    t.real = std::strtod(std::string(digits).c_str(), nullptr);
  }

  void read_integer(token& t, std::size_t start, int base, std::size_t from) {
    i_ = from;
    while (i_ < text_.size() && (is_digit(text_[i_]) || (base == 16 && std::isxdigit(static_cast<unsigned char>(text_[i_]))))) ++i_;
    if (i_ == from) fail_at(text_, start, "a number has no digits");
    if (i_ < text_.size() && is_name_part(text_[i_])) fail_at(text_, start, "a number runs into a name");
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text_.data() + from, text_.data() + i_, n, base);
    if (ec != std::errc{} || end != text_.data() + i_ || n > static_cast<std::uint64_t>(INT64_MAX) + 1)
      fail_at(text_, start, "the integer " + quote(text_.substr(start, i_ - start)) + " does not fit 64 bits");
    t.kind = token_kind::integer;
    t.integer = static_cast<std::int64_t>(n);  // 2^63 itself only after a minus (the parser checks)
    t.text = n > static_cast<std::uint64_t>(INT64_MAX) ? "2^63" : "";
  }

  void read_string(token& t) {
    const auto start = i_;
    const char close = text_[i_++];
    std::string out;
    for (;;) {
      if (i_ >= text_.size()) fail_at(text_, start, "a string is never closed");
      const char c = text_[i_++];
      if (c == close) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= text_.size()) fail_at(text_, start, "a string is never closed");
      escape(out, start);
    }
    if (!is_valid_utf8(out)) fail_at(text_, start, "a string is not valid UTF-8");
    t.kind = token_kind::string;
    t.text = std::move(out);
  }

  void escape(std::string& out, std::size_t start) {
    const char e = text_[i_++];
    switch (e) {
      case '\\': out += '\\'; return;
      case '\'': out += '\''; return;
      case '"': out += '"'; return;
      case 'n': out += '\n'; return;
      case 't': out += '\t'; return;
      case 'r': out += '\r'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'u': return unicode(out, start, 4);
      case 'U': return unicode(out, start, 8);
      default: fail_at(text_, i_ - 2, "unknown escape \\" + std::string(1, e) + " in a string");
    }
  }

  void unicode(std::string& out, std::size_t start, std::size_t digits) {
    std::uint32_t cp = 0;
    const auto [end, ec] = std::from_chars(text_.data() + i_, text_.data() + std::min(text_.size(), i_ + digits), cp, 16);
    if (ec != std::errc{} || end != text_.data() + i_ + digits || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      fail_at(text_, start, "a \\u escape must give " + std::to_string(digits) + " hex digits of a Unicode scalar value");
    i_ += digits;
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
      out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
    else
      out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
  }

  void read_parameter(token& t) {
    const auto start = i_++;
    token name;
    if (i_ < text_.size() && is_name_start(text_[i_])) read_name(name);
    else if (i_ < text_.size() && text_[i_] == '`') read_quoted_name(name);
    else if (i_ < text_.size() && is_digit(text_[i_])) {
      const auto from = i_;
      while (i_ < text_.size() && is_digit(text_[i_])) ++i_;
      name.text = std::string(text_.substr(from, i_ - from));
    } else {
      fail_at(text_, start, "a $ must be followed by a parameter's name or number");
    }
    t.kind = token_kind::parameter;
    t.text = std::move(name.text);
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::size_t counted_ = 0;
  position here_ = {};
};

}  // namespace

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

void fail_at(std::string_view text, std::size_t offset, const std::string& problem) {
  const auto at = position_of(text, offset);
  const auto line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;  // npos + 1 == 0
  auto line_end = text.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = text.size();
  // Long lines are shown around the place, so the message stays short.
  std::size_t from = line_start;
  if (offset - line_start > 60) from = offset - 40;
  while (from > line_start && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;  // a character boundary
  const auto shown = text.substr(from, std::min<std::size_t>(line_end - from, 100));
  std::string line_text;
  for (const char c : shown) line_text += (static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  std::size_t caret = 0;  // in characters, not bytes
  for (std::size_t i = from; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++caret;
  throw syntax_error("cypher.syntax", at.line, at.column,
                     "line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": " + problem + "\n  " +
                         (is_valid_utf8(line_text) ? line_text : quote(line_text)) + "\n  " + std::string(caret, ' ') + "^");
}

std::vector<token> tokenize(std::string_view text) {
  if (text.size() > config::max_cypher_bytes)
    throw syntax_error("cypher.syntax", 1, 1,
                       "the statement has " + std::to_string(text.size()) + " bytes; at most " + std::to_string(config::max_cypher_bytes) + " are read");
  return lexer(text).run();
}

}  // namespace cypher_syntax::detail

DOSSIER_NAMESPACE_END
