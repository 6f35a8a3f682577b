#pragma once
// dossier shell: Cypher at a prompt, as sqlite3 and psql have SQL. Statements end with ';' and
// may span lines; lines starting with ':' are the shell's commands (:help lists them). Writes
// change the graph in memory; :save writes it, atomically. On a terminal Ctrl-C cancels the
// running statement (or drops the line being typed) and Ctrl-D quits; otherwise standard input
// is a script, run until its first error, which is named by its line (exit code 1).

#include "cypher_run.hpp"

#include <dossier/dossier.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dossier_tool {

struct shell_session {
  dossier::graph g;
  std::string save_path;  // where :save writes without a FILE (the graph's snapshot); empty: none
  cypher_settings settings;
  bool interactive = false;
  bool dirty = false;  // changed since it was read or saved
  bool quit = false;
};

// Typed text cut into statements at each ';' outside strings, quoted names and comments.
class statement_buffer {
 public:
  struct statement {
    std::string text;
    std::size_t line = 0;  // the input line it starts on
  };
  void add(std::string_view line, std::size_t line_number);
  [[nodiscard]] std::optional<statement> next();  // a statement whose ';' has come
  [[nodiscard]] std::optional<statement> rest();  // at the end of input: what never got its ';'
  [[nodiscard]] bool pending() const;             // text waits for its ';'
  void clear() { text_.clear(); }

 private:
  std::string text_;
  std::size_t first_line_ = 1;  // the line of text_[0]
};

int run_shell(shell_session& s);

// The shell's ':' commands (shell_commands.cpp); usage_error for a wrong one.
void run_command(shell_session& s, std::string_view line);
// One statement, its answer printed as :output says.
void run_statement(shell_session& s, const std::string& text);

}  // namespace dossier_tool
