// The XML pull reader (xml_reader.hpp). One pass over the bytes, an explicit stack of open
// elements, and lines counted lazily, forwards only, so that asking for a line costs nothing
// more than the scan already did.
#include "xml_reader.hpp"

#include <dossier/core/error.hpp>
#include <dossier/core/utf8.hpp>

#include <algorithm>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// XML names, with every byte of a multi-byte character taken as a name character: the document
// is known to be UTF-8, and the names GraphML uses are ASCII.
bool is_name_start(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool is_name_char(unsigned char c) noexcept { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// The characters XML 1.0 allows (§2.2), of those a reference can name.
bool is_xml_char(std::uint32_t c) noexcept {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string hex_byte(unsigned char b) {
  static constexpr char digits[] = "0123456789ABCDEF";
  return {digits[b >> 4], digits[b & 0xF]};
}

// A numeric character reference's digits ("65", "x41"): the character, or 0 when it is not one
// XML allows (0 itself never is).
std::uint32_t character_of(std::string_view digits) noexcept {
  const bool hex = !digits.empty() && digits[0] == 'x';
  if (hex) digits.remove_prefix(1);
  if (digits.empty()) return 0;
  std::uint32_t c = 0;
  for (const char d : digits) {
    std::uint32_t v = 0;
    if (d >= '0' && d <= '9') v = static_cast<std::uint32_t>(d - '0');
    else if (hex && d >= 'a' && d <= 'f') v = static_cast<std::uint32_t>(d - 'a' + 10);
    else if (hex && d >= 'A' && d <= 'F') v = static_cast<std::uint32_t>(d - 'A' + 10);
    else return 0;
    c = c * (hex ? 16 : 10) + v;
    if (c > 0x10FFFF) return 0;
  }
  return is_xml_char(c) ? c : 0;
}

}  // namespace

xml_reader::xml_reader(std::string_view document, std::string origin, std::size_t max_depth)
    : doc_(document), origin_(std::move(origin)), max_depth_(max_depth) {
  if (doc_.starts_with("\xFE\xFF") || doc_.starts_with("\xFF\xFE"))
    fail_at(1, "import.bad_xml", "the document is UTF-16; only UTF-8 is read");
  if (doc_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a byte-order mark
  check_characters();
  if (at("<?xml") && pos_ + 5 < doc_.size() && (is_space(doc_[pos_ + 5]) || doc_[pos_ + 5] == '?')) read_declaration();
}

std::string_view xml_reader::local_name() const noexcept {
  const auto colon = name_.rfind(':');
  return colon == std::string_view::npos ? name_ : name_.substr(colon + 1);
}

const std::string* xml_reader::attribute(std::string_view name) const noexcept {
  for (const auto& a : attributes_)
    if (a.name == name) return &a.value;
  return nullptr;
}

bool xml_reader::text_is_space() const noexcept { return std::all_of(text_.begin(), text_.end(), is_space); }

void xml_reader::fail_at(std::size_t line, std::string_view id, const std::string& problem) const {
  throw import_error(id, origin_, line, "", problem);
}

void xml_reader::fail_here(std::string_view id, const std::string& problem) { fail_at(line_at(pos_), id, problem); }

std::size_t xml_reader::line_at(std::size_t offset) {
  const auto end = std::min(offset, doc_.size());
  if (end > counted_to_) {
    counted_line_ += lines_between(counted_to_, end);
    counted_to_ = end;
  }
  return counted_line_;
}

std::size_t xml_reader::lines_between(std::size_t from, std::size_t to) const noexcept {
  // A line ends at LF, CR LF or a lone CR (XML 1.0 §2.11).
  std::size_t lines = 0;
  for (std::size_t i = from; i < to; ++i) {
    const char c = doc_[i];
    lines += c == '\n' || (c == '\r' && (i + 1 >= doc_.size() || doc_[i + 1] != '\n'));
  }
  return lines;
}

// Before anything is read: the bytes are UTF-8 and the characters ones XML allows, so that no
// later step, nor any message quoting the document, meets anything else.
void xml_reader::check_characters() {
  for (std::size_t i = pos_; i < doc_.size();) {
    const auto b = static_cast<unsigned char>(doc_[i]);
    if (b < 0x80) {
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
        fail_at(line_at(i), "import.bad_xml", "control character U+00" + hex_byte(b) + " is not allowed in XML 1.0");
      ++i;
      continue;
    }
    const auto length = utf8_sequence_length(doc_.substr(i));
    if (length == 0) fail_at(line_at(i), "value.invalid_utf8", "byte 0x" + hex_byte(b) + " at offset " + std::to_string(i) + " is not UTF-8");
    if (length == 3 && b == 0xEF && doc_[i + 1] == '\xBF' && (doc_[i + 2] == '\xBE' || doc_[i + 2] == '\xBF'))
      fail_at(line_at(i), "import.bad_xml", std::string("U+FFF") + (doc_[i + 2] == '\xBE' ? "E" : "F") + " is not a character XML 1.0 allows");
    i += length;
  }
}

void xml_reader::skip_space() noexcept {
  while (pos_ < doc_.size() && is_space(doc_[pos_])) ++pos_;
}

std::string_view xml_reader::read_name() {
  const auto start = pos_;
  if (pos_ < doc_.size() && is_name_start(static_cast<unsigned char>(doc_[pos_]))) {
    ++pos_;
    while (pos_ < doc_.size() && is_name_char(static_cast<unsigned char>(doc_[pos_]))) ++pos_;
  }
  return doc_.substr(start, pos_ - start);
}

// <?xml version="1.0" encoding="UTF-8"?>: only the encoding matters, and it must be UTF-8.
void xml_reader::read_declaration() {
  const auto end = doc_.find("?>", pos_);
  if (end == std::string_view::npos) fail_here("import.bad_xml", "the XML declaration is not closed with '?>'");
  const auto declaration = doc_.substr(pos_, end - pos_);
  if (const auto at_encoding = declaration.find("encoding"); at_encoding != std::string_view::npos) {
    auto rest = declaration.substr(at_encoding + 8);
    while (!rest.empty() && (is_space(rest.front()) || rest.front() == '=')) rest.remove_prefix(1);
    const char q = rest.empty() ? '\0' : rest.front();
    const auto close = q == '"' || q == '\'' ? rest.find(q, 1) : std::string_view::npos;
    if (close == std::string_view::npos) fail_here("import.bad_xml", "the XML declaration's encoding is not a quoted name");
    const auto encoding = rest.substr(1, close - 1);
    if (!iequals(encoding, "UTF-8") && !iequals(encoding, "UTF8") && !iequals(encoding, "US-ASCII") && !iequals(encoding, "ASCII"))
      fail_here("import.bad_xml", "the document declares the encoding " + quote(encoding) + "; only UTF-8 is read");
  }
  pos_ = end + 2;
}

void xml_reader::skip_markup() {
  const auto line = line_at(pos_);
  if (at("<!--")) {
    const auto end = doc_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) fail_at(line, "import.bad_xml", "the document ends inside a comment opened on line " + std::to_string(line));
    pos_ = end + 3;
    return;
  }
  if (at("<?")) {
    const auto end = doc_.find("?>", pos_ + 2);
    if (end == std::string_view::npos)
      fail_at(line, "import.bad_xml", "the document ends inside a processing instruction opened on line " + std::to_string(line));
    pos_ += 2;
    if (iequals(read_name(), "xml")) fail_at(line, "import.bad_xml", "an XML declaration may only start the document");
    pos_ = end + 2;
    return;
  }
  if (at("<!DOCTYPE"))
    fail_at(line, "import.xml_dtd",
            "document type declarations (<!DOCTYPE ...>) are not read: they can declare entities that expand without bound or "
            "name other files");
  if (at("<!ENTITY") || at("<!ELEMENT") || at("<!ATTLIST") || at("<!NOTATION"))
    fail_at(line, "import.xml_dtd", "declarations (<!ENTITY ...> and the like) are not read");
  fail_at(line, "import.bad_xml", "'<!' must start a comment or a CDATA section");
}

// &lt; &gt; &amp; &apos; &quot; &#N; &#xH;, appended to `out` as the character they stand for.
void xml_reader::read_reference(std::string& out) {
  const auto semicolon = doc_.find(';', pos_ + 1);
  if (semicolon == std::string_view::npos || semicolon - pos_ > 32)
    fail_here("import.bad_xml", "'&' must start a reference such as &amp; or &#38;");
  const auto ref = doc_.substr(pos_ + 1, semicolon - pos_ - 1);
  if (ref == "lt") out += '<';
  else if (ref == "gt") out += '>';
  else if (ref == "amp") out += '&';
  else if (ref == "apos") out += '\'';
  else if (ref == "quot") out += '"';
  else if (ref.starts_with('#')) {
    const auto c = character_of(ref.substr(1));
    if (c == 0) fail_here("import.bad_xml", "&" + std::string(ref) + "; is not a character XML 1.0 allows");
    append_utf8(out, c);
  } else {
    fail_here("import.bad_xml", "reference to the undeclared entity " + quote("&" + std::string(ref) + ";") +
                                    " (only &lt; &gt; &amp; &apos; &quot; and character references are read)");
  }
  pos_ = semicolon + 1;
}

void xml_reader::read_text() {
  while (pos_ < doc_.size()) {
    const char c = doc_[pos_];
    if (c == '<') return;
    if (c == '&') {
      read_reference(text_);
    } else if (c == '\r') {  // CR LF and a lone CR read as LF
      text_ += '\n';
      pos_ += doc_.substr(pos_).starts_with("\r\n") ? 2 : 1;
    } else {
      const auto stop = std::min(doc_.find_first_of("<&\r", pos_), doc_.size());
      text_.append(doc_.substr(pos_, stop - pos_));
      pos_ = stop;
    }
  }
}

void xml_reader::read_cdata() {
  const auto line = line_at(pos_);
  const auto end = doc_.find("]]>", pos_ + 9);
  if (end == std::string_view::npos)
    fail_at(line, "import.bad_xml", "the document ends inside a CDATA section opened on line " + std::to_string(line));
  for (std::size_t i = pos_ + 9; i < end; ++i) {
    if (doc_[i] != '\r') text_ += doc_[i];
    else if (i + 1 >= end || doc_[i + 1] != '\n') text_ += '\n';
  }
  pos_ = end + 3;
}

void xml_reader::read_attribute_value(std::string& out) {
  if (pos_ >= doc_.size() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) fail_here("import.bad_xml", "an attribute value must be quoted");
  const char q = doc_[pos_++];
  const char stops[] = {q, '<', '&', '\r', '\n', '\t', '\0'};
  while (true) {
    if (pos_ >= doc_.size()) fail_here("import.bad_xml", "the document ends inside an attribute value");
    const char c = doc_[pos_];
    if (c == q) {
      ++pos_;
      return;
    }
    if (c == '<') fail_here("import.bad_xml", "'<' is not allowed in an attribute value (write &lt;)");
    if (c == '&') {
      read_reference(out);
    } else if (c == '\r' || c == '\n' || c == '\t') {  // literal white space reads as a space (§3.3.3)
      out += ' ';
      pos_ += doc_.substr(pos_).starts_with("\r\n") ? 2 : 1;
    } else {
      const auto stop = std::min(doc_.find_first_of(std::string_view(stops, 6), pos_), doc_.size());
      out.append(doc_.substr(pos_, stop - pos_));
      pos_ = stop;
    }
  }
}

xml_reader::event xml_reader::read_start_tag() {
  const auto line = event_line_;
  ++pos_;
  name_ = read_name();
  if (name_.empty()) fail_here("import.bad_xml", "'<' must start a tag name (write &lt; for a '<' in text)");
  if (root_seen_ && open_.empty()) fail_at(line, "import.bad_xml", "a second root element " + quote(name_) + " (a document has one)");
  attributes_.clear();
  while (true) {
    const auto before = pos_;
    skip_space();
    if (pos_ >= doc_.size()) fail_at(line, "import.bad_xml", "the document ends inside the tag " + quote(name_) + " opened on line " + std::to_string(line));
    if (doc_[pos_] == '>') {
      ++pos_;
      break;
    }
    if (doc_[pos_] == '/') {
      if (!at("/>")) fail_here("import.bad_xml", "expected '>' after '/' in the tag " + quote(name_));
      pos_ += 2;
      pending_end_ = true;
      break;
    }
    xml_attribute a{read_name(), {}};
    if (a.name.empty() || pos_ == before + a.name.size())  // no space before the name, or no name
      fail_here("import.bad_xml", "unexpected " + quote(doc_.substr(pos_, 1)) + " in the tag " + quote(name_));
    skip_space();
    if (pos_ >= doc_.size() || doc_[pos_] != '=') fail_here("import.bad_xml", "attribute " + quote(a.name) + " needs '=' and a quoted value");
    ++pos_;
    skip_space();
    read_attribute_value(a.value);
    attributes_.push_back(std::move(a));
  }
  // Each attribute once (sorted names: a tag with very many attributes stays cheap).
  if (attributes_.size() > 1) {
    std::vector<std::string_view> names;
    names.reserve(attributes_.size());
    for (const auto& a : attributes_) names.push_back(a.name);
    std::sort(names.begin(), names.end());
    if (const auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end())
      fail_at(line, "import.bad_xml", "attribute " + quote(*twice) + " appears twice in the tag " + quote(name_));
  }
  if (open_.size() >= max_depth_)
    fail_at(line, "import.too_deep", "elements nest deeper than " + std::to_string(max_depth_) + " levels");
  open_.push_back({name_, line});
  root_seen_ = true;
  return event::start;
}

xml_reader::event xml_reader::read_end_tag() {
  const auto line = event_line_;
  pos_ += 2;
  name_ = read_name();
  skip_space();
  if (pos_ >= doc_.size() || doc_[pos_] != '>') fail_here("import.bad_xml", "expected '>' to end the end tag " + quote(name_));
  ++pos_;
  if (open_.empty()) fail_at(line, "import.bad_xml", "the end tag " + quote(name_) + " closes no element");
  if (open_.back().name != name_)
    fail_at(line, "import.bad_xml", "the end tag " + quote(name_) + " does not match " + quote(open_.back().name) + " opened on line " +
                                        std::to_string(open_.back().line));
  open_.pop_back();
  return event::end;
}

xml_reader::event xml_reader::next() {
  if (pending_end_) {
    pending_end_ = false;
    name_ = open_.back().name;
    open_.pop_back();
    return event::end;
  }
  text_.clear();
  bool in_text = false;
  while (true) {
    if (pos_ >= doc_.size()) {
      // The line of the last character, not the empty one after a final line end.
      const auto last = line_at(doc_.empty() ? 0 : doc_.size() - 1);
      if (!open_.empty())
        fail_at(last, "import.bad_xml", "the document ends inside " + quote(open_.back().name) + " opened on line " + std::to_string(open_.back().line));
      if (!root_seen_) fail_at(last, "import.bad_xml", "the document has no root element");
      event_line_ = last;
      return event::done;
    }
    const char c = doc_[pos_];
    const bool cdata = c == '<' && at("<![CDATA[");
    if (c != '<' || cdata) {
      if (open_.empty()) {  // outside the root element only white space
        if (!is_space(c)) fail_here("import.bad_xml", root_seen_ ? "text after the root element" : "text before the root element");
        ++pos_;
        continue;
      }
      if (!in_text) {
        event_line_ = line_at(pos_);
        text_start_ = pos_;
      }
      in_text = true;
      if (cdata) read_cdata();
      else read_text();
      continue;
    }
    if (at("<!") || at("<?")) {
      skip_markup();
      continue;
    }
    if (in_text) {
      // Text that is not all white space is where its first other character is.
      std::size_t i = text_start_;
      while (i < pos_ && is_space(doc_[i])) ++i;
      if (i < pos_) event_line_ += lines_between(text_start_, i);
      return event::text;
    }
    event_line_ = line_at(pos_);
    return at("</") ? read_end_tag() : read_start_tag();
  }
}

void xml_reader::skip_element() {
  for (const auto depth = open_.size(); open_.size() >= depth;) (void)next();
}

}  // namespace detail

DOSSIER_NAMESPACE_END
