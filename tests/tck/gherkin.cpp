#include "tck/gherkin.hpp"

#include <array>
#include <utility>

namespace tck::gherkin {

gherkin_error::gherkin_error(const std::string& file, std::size_t line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), line_(line) {}

namespace {

constexpr std::string_view spaces = " \t\r\f\v";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(spaces) - first + 1);
}

// "Feature: name" -> "name"; nullopt when the line does not start with the keyword.
std::optional<std::string_view> after(std::string_view line, std::string_view keyword) {
  if (!line.starts_with(keyword)) return std::nullopt;
  return trim(line.substr(keyword.size()));
}

// Gherkin's escapes in table cells: \| is a bar, \\ a backslash, \n a new line; any other
// backslash stays as written (the TCK's own escapes, such as \', reach the value reader).
std::string unescape_cell(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char next = i + 1 < raw.size() ? raw[i + 1] : '\0';
    if (raw[i] == '\\' && (next == '|' || next == '\\' || next == 'n')) {
      out += next == 'n' ? '\n' : next;
      ++i;
    } else {
      out += raw[i];
    }
  }
  return out;
}

// Cells between unescaped bars; nullopt when the row does not end with one.
std::optional<std::vector<std::string>> split_row(std::string_view row) {
  std::vector<std::string> cells;
  std::size_t start = 1;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(unescape_cell(trim(row.substr(start, i - start))));
      start = i + 1;
    }
  }
  if (start != row.size()) return std::nullopt;
  return cells;
}

// One pass, so that a value holding "<other>" is not substituted again.
std::string substitute(std::string_view text, const std::vector<std::string>& names,
                       const std::vector<std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto close = text[i] == '<' ? text.find('>', i + 1) : std::string_view::npos;
    std::size_t column = names.size();
    if (close != std::string_view::npos) {
      const auto name = text.substr(i + 1, close - i - 1);
      for (column = 0; column < names.size() && names[column] != name; ++column) {}
    }
    if (column < names.size()) {
      out += values[column];
      i = close + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

struct examples_block {
  std::vector<std::string> tags;
  table rows;  // the first is the header
  std::vector<std::size_t> row_lines;
};

class reader {
 public:
  explicit reader(std::string file) : file_(std::move(file)) { out_.file = file_; }

  feature read(std::string_view text) {
    std::size_t begin = 0;
    while (begin <= text.size()) {
      const auto end = std::min(text.find('\n', begin), text.size());
      ++line_;
      take(text.substr(begin, end - begin));
      begin = end + 1;
    }
    if (doc_) fail(doc_line_, "unterminated doc string (no closing " + doc_delimiter_ + ")");
    finish_scenario();
    if (section_ == section::none) fail(1, "no Feature: line");
    return std::move(out_);
  }

 private:
  enum class section { none, feature, background, scenario, examples };

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw gherkin_error(file_, line, message);
  }

  void take(std::string_view raw) {
    if (doc_) return doc_line(raw);
    const auto line = trim(raw);
    if (line.empty() || line.starts_with('#')) return;
    if (line.starts_with('@')) return tag_line(line);
    if (line.starts_with('|')) return table_row(line);
    if (line.starts_with("\"\"\"") || line.starts_with("```")) return open_doc(raw, line);
    if (header(line) || step_line(line)) return;
    // Free text is a description, allowed only right under a header.
    if (!description_allowed_) fail(line_, "unexpected text: " + std::string(line));
  }

  bool header(std::string_view line) {
    if (auto name = after(line, "Feature:")) {
      if (section_ != section::none) fail(line_, "a second Feature:");
      out_.name = *name;
      out_.tags = std::exchange(tags_, {});
      return enter(section::feature);
    }
    if (after(line, "Background:")) {
      if (section_ != section::feature) fail(line_, "Background: must come before every scenario");
      return enter(section::background);
    }
    for (std::string_view kw : {"Scenario Outline:", "Scenario Template:", "Scenario:", "Example:"}) {
      if (auto name = after(line, kw)) return start_scenario(*name, kw.starts_with("Scenario O") || kw.starts_with("Scenario T"));
    }
    for (std::string_view kw : {"Examples:", "Scenarios:"}) {
      if (after(line, kw)) return start_examples();
    }
    if (after(line, "Rule:")) {  // the TCK has no rules; a rule only groups scenarios
      finish_scenario();
      return enter(section::feature);
    }
    return false;
  }

  bool enter(section s) {
    section_ = s;
    description_allowed_ = true;
    return true;
  }

  bool start_scenario(std::string_view name, bool outline) {
    if (section_ == section::none) fail(line_, "a scenario before Feature:");
    finish_scenario();
    current_ = scenario{.name = std::string(name), .line = line_, .tags = out_.tags, .steps = {}, .from_outline = outline};
    current_->tags.insert(current_->tags.end(), tags_.begin(), tags_.end());
    tags_.clear();
    return enter(section::scenario);
  }

  bool start_examples() {
    if (!current_ || !current_->from_outline) fail(line_, "Examples: outside a Scenario Outline");
    examples_.push_back({.tags = std::exchange(tags_, {}), .rows = {}, .row_lines = {}});
    return enter(section::examples);
  }

  void tag_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size()) {
      const auto end = std::min(line.find_first_of(spaces, i), line.size());
      const auto tag = line.substr(i, end - i);
      if (tag.starts_with('#')) break;  // a comment after the tags
      if (!tag.starts_with('@')) fail(line_, "a tag line holds '" + std::string(tag) + "'");
      tags_.emplace_back(tag);
      i = std::min(line.find_first_not_of(spaces, end), line.size());
    }
  }

  bool step_line(std::string_view line) {
    static constexpr std::array keywords{"Given ", "When ", "Then ", "And ", "But ", "* "};
    for (std::string_view kw : keywords) {
      if (!line.starts_with(kw)) continue;
      auto* steps = step_list();
      if (!steps) fail(line_, "a step outside a scenario or background");
      steps->push_back({.keyword = std::string(trim(kw)), .text = std::string(trim(line.substr(kw.size()))),
                        .line = line_, .doc_string = std::nullopt, .data_table = {}});
      description_allowed_ = false;
      return true;
    }
    return false;
  }

  std::vector<step>* step_list() {
    if (section_ == section::background) return &background_;
    if (section_ == section::scenario) return &current_->steps;
    return nullptr;
  }

  // The step a table or doc string belongs to; it may hold only one of the two.
  step& argument_owner(const char* what) {
    auto* steps = step_list();
    if (!steps || steps->empty()) fail(line_, std::string(what) + " without a step");
    auto& s = steps->back();
    if (s.doc_string || (!s.data_table.empty() && std::string_view(what) == "a doc string"))
      fail(line_, std::string(what) + " after the step's argument (line " + std::to_string(s.line) + ")");
    return s;
  }

  void table_row(std::string_view line) {
    auto cells = split_row(line);
    if (!cells) fail(line_, "a table row must end with |");
    table* rows = nullptr;
    if (section_ == section::examples) {
      rows = &examples_.back().rows;
      examples_.back().row_lines.push_back(line_);
    } else {
      rows = &argument_owner("a table").data_table;
    }
    if (!rows->empty() && rows->front().size() != cells->size())
      fail(line_, "a table row of " + std::to_string(cells->size()) + " cells under a header of " +
                      std::to_string(rows->front().size()));
    rows->push_back(std::move(*cells));
    description_allowed_ = false;
  }

  void open_doc(std::string_view raw, std::string_view line) {
    argument_owner("a doc string");
    doc_ = true;
    doc_line_ = line_;
    doc_delimiter_ = std::string(line.substr(0, 3));
    doc_indent_ = raw.find(line.front());
    doc_text_.clear();
    doc_lines_ = 0;
    description_allowed_ = false;
  }

  void doc_line(std::string_view raw) {
    if (trim(raw) == doc_delimiter_) {
      step_list()->back().doc_string = std::move(doc_text_);
      doc_ = false;
      return;
    }
    // Gherkin removes the delimiter's indentation (whitespace only) from every content line.
    std::size_t cut = 0;
    while (cut < doc_indent_ && cut < raw.size() && (raw[cut] == ' ' || raw[cut] == '\t')) ++cut;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string content(raw.substr(std::min(cut, raw.size())));
    for (std::size_t at; (at = content.find("\\\"\\\"\\\"")) != std::string::npos;) content.replace(at, 6, "\"\"\"");
    doc_text_ += (doc_lines_++ ? "\n" : "") + content;
  }

  void finish_scenario() {
    if (!current_) return;
    auto s = std::move(*current_);
    current_.reset();
    s.steps.insert(s.steps.begin(), background_.begin(), background_.end());
    if (!s.from_outline) {
      out_.scenarios.push_back(std::move(s));
      return;
    }
    for (const auto& block : std::exchange(examples_, {})) expand(s, block);
  }

  void expand(const scenario& outline, const examples_block& block) {
    if (block.rows.empty()) return;  // Examples without a header: nothing to run
    const auto& names = block.rows.front();
    for (std::size_t r = 1; r < block.rows.size(); ++r) {
      const auto& values = block.rows[r];
      scenario s = outline;
      s.name = substitute(outline.name, names, values);
      s.line = block.row_lines[r];
      s.tags.insert(s.tags.end(), block.tags.begin(), block.tags.end());
      for (auto& st : s.steps) substitute_step(st, names, values);
      out_.scenarios.push_back(std::move(s));
    }
  }

  static void substitute_step(step& st, const std::vector<std::string>& names, const std::vector<std::string>& values) {
    st.text = substitute(st.text, names, values);
    if (st.doc_string) st.doc_string = substitute(*st.doc_string, names, values);
    for (auto& row : st.data_table)
      for (auto& cell : row) cell = substitute(cell, names, values);
  }

  std::string file_;
  feature out_;
  std::size_t line_ = 0;
  section section_ = section::none;
  bool description_allowed_ = false;
  std::vector<std::string> tags_;  // waiting for the header they belong to
  std::vector<step> background_;
  std::optional<scenario> current_;
  std::vector<examples_block> examples_;
  bool doc_ = false;
  std::size_t doc_line_ = 0, doc_indent_ = 0, doc_lines_ = 0;
  std::string doc_delimiter_, doc_text_;
};

}  // namespace

feature parse_feature(std::string_view text, const std::string& file) { return reader(file).read(text); }

}  // namespace tck::gherkin
