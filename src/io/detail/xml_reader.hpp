#pragma once
// A small pull reader for the XML of interchange files (GraphML), written for hostile input:
//
//   - UTF-8 only (an XML declaration naming another encoding, or a UTF-16 byte-order mark, is
//     refused); the whole document is checked first for bytes that are not UTF-8 and for the
//     characters XML 1.0 forbids (controls other than tab, line feed and carriage return,
//     U+FFFE, U+FFFF);
//   - the XML declaration, comments, processing instructions, CDATA sections, the five
//     predefined entities and numeric character references; line ends normalised, and
//     attribute values normalised as XML 1.0 §3.3.3 says;
//   - no document type declaration: <!DOCTYPE and <!ENTITY are refused, so no entity can
//     expand (no "billion laughs") and no external file is ever read;
//   - elements nest at most `max_depth` deep, kept on an explicit stack: nothing recurses per
//     element.
//
// Names are returned as written, prefix included ("y:ShapeNode"); namespaces are not resolved
// (local_name() drops the prefix). Every event knows the line it starts on. Errors raise
// import_error naming the origin and line: [dossier.import.bad_xml], [dossier.import.xml_dtd],
// [dossier.import.too_deep].

#include <dossier/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

struct xml_attribute {
  std::string_view name;  // as written: "id", "attr.name", "xmlns:y", "yfiles.type"
  std::string value;      // references decoded, whitespace normalised
};

class xml_reader {
 public:
  enum class event : std::uint8_t { start, end, text, done };

  // `document` must outlive the reader. Throws import_error when it holds a byte that is not
  // UTF-8 or a character XML forbids, naming its line.
  xml_reader(std::string_view document, std::string origin, std::size_t max_depth);

  // The next event. A self-closing tag gives a start and then an end. Text between two tags
  // comes as one event (CDATA, references and comments in it included); whitespace too.
  // Throws import_error on the first thing that is not well-formed XML.
  event next();

  // Of the current start or end event.
  [[nodiscard]] std::string_view name() const noexcept { return name_; }
  [[nodiscard]] std::string_view local_name() const noexcept;
  [[nodiscard]] bool has_prefix() const noexcept { return name_.find(':') != std::string_view::npos; }
  // Of the current start event.
  [[nodiscard]] const std::vector<xml_attribute>& attributes() const noexcept { return attributes_; }
  [[nodiscard]] const std::string* attribute(std::string_view name) const noexcept;
  // Of the current text event.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] bool text_is_space() const noexcept;

  // Where the current event starts; for done, the document's last line.
  [[nodiscard]] std::size_t line() const noexcept { return event_line_; }
  [[nodiscard]] std::size_t depth() const noexcept { return open_.size(); }  // open elements

  // After a start event: reads through the element's end tag.
  void skip_element();

  [[noreturn]] void fail(std::string_view id, const std::string& problem) const { fail_at(event_line_, id, problem); }
  [[noreturn]] void fail_at(std::size_t line, std::string_view id, const std::string& problem) const;

 private:
  struct open_element {
    std::string_view name;
    std::size_t line;
  };

  [[nodiscard]] std::size_t line_at(std::size_t offset);
  [[nodiscard]] std::size_t lines_between(std::size_t from, std::size_t to) const noexcept;
  [[nodiscard]] bool at(std::string_view s) const noexcept { return doc_.substr(pos_).starts_with(s); }
  [[noreturn]] void fail_here(std::string_view id, const std::string& problem);
  void skip_space() noexcept;
  std::string_view read_name();
  void read_declaration();
  void skip_markup();  // comments and processing instructions; refuses DOCTYPE
  void read_text();
  void read_cdata();
  void read_reference(std::string& out);
  event read_start_tag();
  event read_end_tag();
  void read_attribute_value(std::string& out);
  void check_characters();

  std::string_view doc_;
  std::string origin_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::size_t counted_to_ = 0, counted_line_ = 1;  // line_at() counts lines lazily, forwards only
  std::size_t event_line_ = 1;
  std::size_t text_start_ = 0;
  std::vector<open_element> open_;
  std::vector<xml_attribute> attributes_;
  std::string_view name_;
  std::string text_;
  bool pending_end_ = false;  // after a self-closing tag
  bool root_seen_ = false;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
