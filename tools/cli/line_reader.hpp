#pragma once
// The shell's input: on a terminal, GNU Readline (line editing, a history file), read through
// its callback interface so that Ctrl-C at the prompt drops the line instead of the shell; else
// plain lines from standard input (a script).

#include <string>

namespace dossier_tool {

class line_reader {
 public:
  enum class status { line, interrupted, end };

  // `interactive`: prompts, editing and history; `history_file` empty: no history kept.
  line_reader(bool interactive, std::string history_file);
  ~line_reader();
  line_reader(const line_reader&) = delete;
  line_reader& operator=(const line_reader&) = delete;

  // One line without its newline; interrupted when Ctrl-C came while it was typed.
  status read(const std::string& prompt, std::string& line);
  // Adds an entry (a whole statement, a command) to the history and its file.
  void remember(const std::string& entry);

 private:
  bool interactive_;
  std::string history_file_;
};

// Where the history is kept: $DOSSIER_HISTORY, else ~/.dossier_history; empty when neither
// can be had (no HOME).
[[nodiscard]] std::string default_history_file();

}  // namespace dossier_tool
