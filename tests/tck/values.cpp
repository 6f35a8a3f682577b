#include "tck/values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace tck {

namespace {

constexpr std::size_t max_depth = 500;  // deeper text is refused rather than risking the stack

bool name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  // The TCK's names are [A-Za-z0-9$_]; bytes of UTF-8 sequences are let in too, so that a
  // label such as Ünicode reads whether or not it is quoted.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || u >= 0x80;
}

void sort_entries(value::entries_type& entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

class reader {
 public:
  explicit reader(std::string_view text) : t_(text) {}

  value whole() {
    value v = any();
    skip();
    if (i_ != t_.size()) fail("unexpected text after the value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw value_error(why + " at offset " + std::to_string(i_) + " of \"" + std::string(t_) + "\"");
  }

  void skip() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }
  [[nodiscard]] bool at(std::string_view s) const { return t_.substr(i_).starts_with(s); }
  [[nodiscard]] char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }

  void expect(std::string_view s) {
    skip();
    if (!at(s)) fail("expected '" + std::string(s) + "'");
    i_ += s.size();
  }

  // A keyword such as null, not the start of a longer name.
  bool word(std::string_view w) {
    if (!at(w) || (i_ + w.size() < t_.size() && name_char(t_[i_ + w.size()]))) return false;
    i_ += w.size();
    return true;
  }

  value any() {
    if (++depth_ > max_depth) fail("nested too deeply");
    skip();
    value v = atom();
    --depth_;
    return v;
  }

  value atom() {
    switch (peek()) {
      case '\0': fail("expected a value, found the end");
      case '(': return node();
      case '[': return bracket();
      case '<': return path();
      case '{': return map();
      case '\'': return string();
      default: break;
    }
    if (word("null")) return make_null();
    if (word("true")) return make_bool(true);
    if (word("false")) return make_bool(false);
    if (word("NaN")) return make_real(std::numeric_limits<double>::quiet_NaN());
    if (word("Infinity") || word("Inf")) return make_real(std::numeric_limits<double>::infinity());
    if (peek() == '-' || peek() == '.' || (peek() >= '0' && peek() <= '9')) return number();
    fail("expected a value");
  }

  std::size_t digits() {
    const auto start = i_;
    while (peek() >= '0' && peek() <= '9') ++i_;
    return i_ - start;
  }

  value number() {
    const auto start = i_;
    if (peek() == '-') {
      ++i_;
      if (word("Infinity") || word("Inf")) return make_real(-std::numeric_limits<double>::infinity());
    }
    bool is_real = false;
    auto count = digits();
    if (peek() == '.') {
      ++i_;
      is_real = true;
      if (digits() == 0) fail("expected digits after the decimal point");
    } else if (count == 0) {
      fail("expected a number");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      is_real = true;
      if (peek() == '+' || peek() == '-') ++i_;
      if (digits() == 0) fail("expected digits in the exponent");
    }
    if (name_char(peek())) fail("a number runs into a name");
    return convert(t_.substr(start, i_ - start), is_real, start);
  }

  value convert(std::string_view digits_text, bool is_real, std::size_t start) {
    // from_chars takes no leading '+' and, to be safe across libraries, no bare '.5'.
    std::string s(digits_text);
    if (const auto dot = s.find('.'); dot == 0 || (dot == 1 && s[0] == '-')) s.insert(dot, "0");
    const char* end = s.data() + s.size();
    if (is_real) {
      double d = 0;
      auto [p, ec] = std::from_chars(s.data(), end, d);
      if (ec != std::errc() || p != end) fail_at(start, "a float out of range");
      return make_real(d);
    }
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), end, n);
    if (ec != std::errc() || p != end) fail_at(start, "an integer out of range");
    return make_int(n);
  }

  [[noreturn]] void fail_at(std::size_t where, const std::string& why) {
    i_ = where;
    fail(why);
  }

  // The TCK knows two escapes, \' and \\; a lone backslash is an error there, and here.
  value string() {
    ++i_;
    std::string s;
    while (true) {
      if (i_ >= t_.size()) fail("unterminated string");
      const char c = t_[i_++];
      if (c == '\'') return make_string(std::move(s));
      if (c != '\\') {
        s += c;
        continue;
      }
      if (peek() != '\'' && peek() != '\\') fail("unknown escape in a string (the TCK has only \\' and \\\\)");
      s += t_[i_++];
    }
  }

  // A name as written, or in backquotes with `` for a backquote.
  std::string name() {
    skip();
    std::string out;
    if (peek() == '`') {
      for (++i_;; ++i_) {
        if (i_ >= t_.size()) fail("unterminated `name`");
        if (t_[i_] == '`' && !at("``")) break;
        if (t_[i_] == '`') ++i_;
        out += t_[i_];
      }
      ++i_;
      return out;
    }
    while (i_ < t_.size() && name_char(t_[i_])) out += t_[i_++];
    if (out.empty()) fail("expected a name");
    return out;
  }

  value::entries_type properties() {
    expect("{");
    value::entries_type entries;
    skip();
    if (peek() == '}') {
      ++i_;
      return entries;
    }
    do {
      auto key = name();
      expect(":");
      auto v = any();
      if (std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; }))
        fail("the key " + key + " twice");
      entries.emplace_back(std::move(key), std::move(v));
    } while (more('}'));
    sort_entries(entries);
    return entries;
  }

  // After an element: true on ',', false on the closing character, an error otherwise.
  bool more(char close) {
    skip();
    if (peek() == ',') {
      ++i_;
      return true;
    }
    if (peek() != close) fail(std::string("expected ',' or '") + close + "'");
    ++i_;
    return false;
  }

  value map() {
    value v;
    v.type = value::kind::map;
    v.entries = properties();
    return v;
  }

  value node() {
    expect("(");
    value v;
    v.type = value::kind::node;
    for (skip(); peek() == ':'; skip()) {
      ++i_;
      v.labels.push_back(name());
    }
    std::sort(v.labels.begin(), v.labels.end());
    v.labels.erase(std::unique(v.labels.begin(), v.labels.end()), v.labels.end());
    if (peek() == '{') v.entries = properties();
    expect(")");
    return v;
  }

  value relationship() {
    expect("[");
    expect(":");
    value v;
    v.type = value::kind::relationship;
    v.text = name();
    skip();
    if (peek() == '{') v.entries = properties();
    expect("]");
    return v;
  }

  // '[' opens a relationship when a ':' follows, a list otherwise.
  value bracket() {
    const auto open = i_++;
    skip();
    if (peek() == ':') {
      i_ = open;
      return relationship();
    }
    std::vector<value> items;
    if (peek() == ']') {
      ++i_;
      return make_list(std::move(items));
    }
    do items.push_back(any());
    while (more(']'));
    return make_list(std::move(items));
  }

  value path() {
    expect("<");
    value v;
    v.type = value::kind::path;
    skip();
    v.items.push_back(node());
    for (skip(); !at(">"); skip()) {
      const bool backward = at("<-");
      if (!backward && !at("-")) fail("expected -[...]-> or <-[...]- or '>' in a path");
      i_ += backward ? 2 : 1;
      v.items.push_back(relationship());
      expect(backward ? "-" : "->");
      v.forward.push_back(!backward);
      skip();
      v.items.push_back(node());
    }
    ++i_;
    return v;
  }

  std::string_view t_;
  std::size_t i_ = 0, depth_ = 0;
};

std::string name_text(const std::string& n) {
  if (!n.empty() && std::all_of(n.begin(), n.end(), name_char)) return n;
  std::string out = "`";
  for (char c : n) out += c == '`' ? "``" : std::string(1, c);
  return out + "`";
}

std::string real_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Inf" : "Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back as d
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";  // keep 1.0 apart from 1
  return s;
}

std::string entries_text(const value::entries_type& entries) {
  std::string out = "{";
  for (std::size_t i = 0; i < entries.size(); ++i)
    out += (i ? ", " : "") + name_text(entries[i].first) + ": " + to_text(entries[i].second);
  return out + "}";
}

std::string node_text(const value& v) {
  std::string out = "(";
  for (const auto& l : v.labels) out += ":" + name_text(l);
  if (!v.entries.empty()) out += (v.labels.empty() ? "" : " ") + entries_text(v.entries);
  return out + ")";
}

std::string relationship_text(const value& v) {
  return "[:" + name_text(v.text) + (v.entries.empty() ? "" : " " + entries_text(v.entries)) + "]";
}

std::string string_text(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string path_text(const value& v) {
  std::string out = "<" + node_text(v.items.front());
  for (std::size_t r = 0; r < v.forward.size(); ++r) {
    const auto rel = relationship_text(v.items[2 * r + 1]);
    out += v.forward[r] ? "-" + rel + "->" : "<-" + rel + "-";
    out += node_text(v.items[2 * r + 2]);
  }
  return out + ">";
}

bool entries_equal(const value::entries_type& a, const value::entries_type& b, list_order order) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](const auto& x, const auto& y) {
    return x.first == y.first && equal(x.second, y.second, order);
  });
}

// As multisets: each element of a takes an equal, unused one of b. Equality is an equivalence,
// so taking the first equal one never blocks a match that another choice would have found.
bool same_elements(const std::vector<value>& a, const std::vector<value>& b, list_order order) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const auto& x : a) {
    std::size_t j = 0;
    while (j < b.size() && (used[j] || !equal(x, b[j], order))) ++j;
    if (j == b.size()) return false;
    used[j] = true;
  }
  return true;
}

}  // namespace

value read_value(std::string_view text) { return reader(text).whole(); }

std::string to_text(const value& v) {
  switch (v.type) {
    case value::kind::null: return "null";
    case value::kind::boolean: return v.boolean ? "true" : "false";
    case value::kind::integer: return std::to_string(v.integer);
    case value::kind::real: return real_text(v.real);
    case value::kind::nan: return "NaN";
    case value::kind::string: return string_text(v.text);
    case value::kind::map: return entries_text(v.entries);
    case value::kind::node: return node_text(v);
    case value::kind::relationship: return relationship_text(v);
    case value::kind::path: return path_text(v);
    case value::kind::list: break;
  }
  std::string out = "[";
  for (std::size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + to_text(v.items[i]);
  return out + "]";
}

bool equal(const value& a, const value& b, list_order order) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case value::kind::null:
    case value::kind::nan: return true;
    case value::kind::boolean: return a.boolean == b.boolean;
    case value::kind::integer: return a.integer == b.integer;
    case value::kind::real: return a.real == b.real;
    case value::kind::string: return a.text == b.text;
    case value::kind::map: return entries_equal(a.entries, b.entries, order);
    case value::kind::node: return a.labels == b.labels && entries_equal(a.entries, b.entries, order);
    case value::kind::relationship: return a.text == b.text && entries_equal(a.entries, b.entries, order);
    case value::kind::path:
      return a.forward == b.forward && std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(),
                                                  [&](const value& x, const value& y) { return equal(x, y, order); });
    case value::kind::list: break;
  }
  if (order == list_order::any) return same_elements(a.items, b.items, order);
  return std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(),
                    [&](const value& x, const value& y) { return equal(x, y, order); });
}

value make_null() { return {}; }

value make_bool(bool b) {
  value v;
  v.type = value::kind::boolean;
  v.boolean = b;
  return v;
}

value make_int(std::int64_t i) {
  value v;
  v.type = value::kind::integer;
  v.integer = i;
  return v;
}

// NaN is its own kind, as in the TCK (CypherNaN), so that NaN equals NaN in a result.
value make_real(double d) {
  value v;
  v.type = std::isnan(d) ? value::kind::nan : value::kind::real;
  v.real = d;
  return v;
}

value make_string(std::string s) {
  value v;
  v.type = value::kind::string;
  v.text = std::move(s);
  return v;
}

value make_list(std::vector<value> items) {
  value v;
  v.type = value::kind::list;
  v.items = std::move(items);
  return v;
}

}  // namespace tck
