// dossier shell: the loop, and statements cut out of typed lines (shell.hpp).
#include "shell.hpp"

#include "cypher_output.hpp"
#include "graph_files.hpp"
#include "line_reader.hpp"
#include "tool.hpp"

#include <dossier/version.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace dossier_tool {

using namespace dossier;

namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Where the first ';' outside strings ('…', "…"), quoted names (`…`) and comments (// and /* */)
// is, or npos.
std::size_t statement_end(std::string_view text) {
  char quote = 0;
  bool line_comment = false, block_comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i], next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (line_comment) line_comment = c != '\n';
    else if (block_comment) {
      if (c == '*' && next == '/') block_comment = false, ++i;
    } else if (quote) {
      if (c == '\\' && quote != '`') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') quote = c;
    else if (c == '/' && next == '/') line_comment = true, ++i;
    else if (c == '/' && next == '*') block_comment = true, ++i;
    else if (c == ';') return i;
  }
  return std::string_view::npos;
}

std::size_t newlines(std::string_view s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

void statement_buffer::add(std::string_view line, std::size_t line_number) {
  if (blank(text_)) {
    text_.clear();
    first_line_ = line_number;
  }
  text_.append(line).push_back('\n');
}

bool statement_buffer::pending() const { return !blank(text_); }

std::optional<statement_buffer::statement> statement_buffer::next() {
  while (true) {
    const auto end = statement_end(text_);
    if (end == std::string::npos) return std::nullopt;
    const std::string_view body = std::string_view(text_).substr(0, end);
    const auto start = body.find_first_not_of(" \t\r\n");
    std::optional<statement> found;
    if (start != std::string_view::npos) found = statement{std::string(body.substr(start)), first_line_ + newlines(body.substr(0, start))};
    first_line_ += newlines(std::string_view(text_).substr(0, end + 1));
    text_.erase(0, end + 1);
    if (found) return found;  // an empty statement (";;") is skipped
  }
}

std::optional<statement_buffer::statement> statement_buffer::rest() {
  if (!pending()) return std::nullopt;
  const auto start = text_.find_first_not_of(" \t\r\n");
  statement s{text_.substr(start), first_line_ + newlines(std::string_view(text_).substr(0, start))};
  while (!s.text.empty() && (s.text.back() == '\n' || s.text.back() == ' ')) s.text.pop_back();
  text_.clear();
  return s;
}

namespace {

// Runs one statement or command; on failure says why (the line, in a script) and returns false.
template <class F>
bool attempt(const shell_session& s, std::size_t line, F&& work) {
  const auto where = [&](std::size_t offset) { return s.interactive ? std::string() : "line " + std::to_string(line + offset) + ": "; };
  try {
    work();
    return true;
  } catch (const syntax_error& e) {
    // "line 1, column 10: why" of the statement becomes "line 9, column 10: why" of the script.
    const auto message = std::string(e.message());
    const auto why = message.find(": ");
    if (s.interactive || why == std::string::npos) std::cerr << "dossier: " << message << "\n";
    else
      std::cerr << "dossier: line " << line + (e.line() ? e.line() - 1 : 0) << ", column " << e.column() << message.substr(why) << "\n";
  } catch (const cypher_error& e) {
    if (is_cancellation(e) && s.interactive) std::cerr << "\ncancelled\n";  // after the ^C the terminal echoed
    else if (is_cancellation(e)) std::cerr << "dossier: " << where(0) << "cancelled\n";
    else std::cerr << "dossier: " << where(0) << e.message() << "\n";
  } catch (const dossier::error& e) {
    std::cerr << "dossier: " << where(0) << e.what() << "\n";
  } catch (const std::runtime_error& e) {  // usage_error, input_error: a command's own mistakes
    std::cerr << "dossier: " << where(0) << e.what() << "\n";
  }
  return false;
}

bool is_command(std::string_view line) {
  const auto start = line.find_first_not_of(" \t");
  return start != std::string_view::npos && line[start] == ':';
}

std::string one_line(std::string text) {
  for (auto& c : text)
    if (c == '\n') c = ' ';
  return text;
}

void greet(const shell_session& s) {
  std::cout << "dossier " DOSSIER_VERSION_STRING " shell: " << s.g.entity_count() << " entities, " << s.g.relation_count()
            << " relations. Statements end with ';'. :help for commands, Ctrl-C cancels, Ctrl-D quits.\n";
}

}  // namespace

int run_shell(shell_session& s) {
  line_reader reader(s.interactive, s.interactive ? default_history_file() : std::string());
  const sigint_catcher ctrl_c;
  statement_buffer buffer;
  if (s.interactive) greet(s);
  std::size_t line_number = 0;
  std::string line;
  while (!s.quit) {
    const auto got = reader.read(buffer.pending() ? "   ...> " : "dossier> ", line);
    if (got == line_reader::status::end) break;
    if (got == line_reader::status::interrupted) {
      buffer.clear();  // Ctrl-C at the prompt drops what was typed, as in psql
      continue;
    }
    if (++line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a script's byte-order mark
    if (!buffer.pending() && is_command(line)) {
      reader.remember(line);
      if (!attempt(s, line_number, [&] { run_command(s, line); }) && !s.interactive) return failure;
      continue;
    }
    buffer.add(line, line_number);
    while (auto statement = buffer.next()) {
      reader.remember(one_line(statement->text) + ";");
      if (!attempt(s, statement->line, [&] { run_statement(s, statement->text); }) && !s.interactive) return failure;
    }
  }
  // A script's last statement may lack its ';'.
  if (auto last = buffer.rest(); last && !s.interactive && !s.quit)
    if (!attempt(s, last->line, [&] { run_statement(s, last->text); })) return failure;
  if (s.dirty) std::cerr << "dossier: the changes were not saved (:save writes them)\n";
  return success;
}

}  // namespace dossier_tool
