// The shell's input (line_reader.hpp).
#include "line_reader.hpp"

#include "interrupt.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#ifdef DOSSIER_TOOL_READLINE
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>
#endif

namespace dossier_tool {

namespace {

constexpr int history_size = 1000;

#ifdef DOSSIER_TOOL_READLINE
// What readline's line handler received; the callback interface hands lines over this way.
struct typed_line {
  bool done = false, end = false;
  std::string text;
} typed;

extern "C" void take_line(char* text) {
  typed.done = true;
  typed.end = text == nullptr;
  if (text) typed.text = text;
  std::free(text);
  // The terminal goes back to its normal mode while the statement runs (and Ctrl-C is a signal).
  rl_callback_handler_remove();
}

// readline() itself would restart its read after Ctrl-C; the callback interface lets this loop
// see the interrupted select and drop the line.
line_reader::status read_with_readline(const std::string& prompt, std::string& line) {
  typed = {};
  rl_callback_handler_install(prompt.c_str(), take_line);
  while (!typed.done) {
    fd_set input;
    FD_ZERO(&input);
    FD_SET(STDIN_FILENO, &input);
    if (select(STDIN_FILENO + 1, &input, nullptr, nullptr, nullptr) < 0) {
      if (errno != EINTR) break;
      if (!interrupted()) continue;
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_callback_handler_remove();
      std::fputs("\n", rl_outstream ? rl_outstream : stdout);
      return line_reader::status::interrupted;
    }
    rl_callback_read_char();
  }
  if (!typed.done) rl_callback_handler_remove();
  if (!typed.done || typed.end) {
    std::fputs("\n", rl_outstream ? rl_outstream : stdout);  // Ctrl-D leaves the cursor after the prompt
    return line_reader::status::end;
  }
  line = std::move(typed.text);
  return line_reader::status::line;
}
#endif

line_reader::status read_plain(bool interactive, const std::string& prompt, std::string& line) {
  if (interactive) std::cout << prompt << std::flush;
  if (!std::getline(std::cin, line)) {
    if (interactive && interrupted()) {
      std::cin.clear();
      std::cout << "\n";
      return line_reader::status::interrupted;
    }
    return line_reader::status::end;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();  // scripts written on Windows
  return line_reader::status::line;
}

}  // namespace

std::string default_history_file() {
  if (const char* file = std::getenv("DOSSIER_HISTORY")) return file;
  if (const char* home = std::getenv("HOME"); home && *home) return (std::filesystem::path(home) / ".dossier_history").string();
  return {};
}

line_reader::line_reader(bool interactive, std::string history_file) : interactive_(interactive), history_file_(std::move(history_file)) {
#ifdef DOSSIER_TOOL_READLINE
  if (!interactive_) return;
  rl_readline_name = "dossier";  // for $if dossier in ~/.inputrc
  rl_catch_signals = 0;          // SIGINT is ours (interrupt.hpp)
  rl_bind_key('\t', rl_insert);  // no file-name completion inside statements
  using_history();
  stifle_history(history_size);
  if (!history_file_.empty()) read_history(history_file_.c_str());  // none yet is fine
#endif
}

line_reader::~line_reader() {
#ifdef DOSSIER_TOOL_READLINE
  if (interactive_ && !history_file_.empty()) history_truncate_file(history_file_.c_str(), history_size);
#endif
}

line_reader::status line_reader::read(const std::string& prompt, std::string& line) {
#ifdef DOSSIER_TOOL_READLINE
  if (interactive_) return read_with_readline(prompt, line);
#endif
  return read_plain(interactive_, prompt, line);
}

void line_reader::remember(const std::string& entry) {
#ifdef DOSSIER_TOOL_READLINE
  if (!interactive_ || entry.empty()) return;
  add_history(entry.c_str());
  // Appended as it is made, so that a shell ended by a signal or a crash keeps its history. A
  // history that cannot be written is not worth stopping the shell for.
  if (history_file_.empty()) return;
  std::error_code ec;
  if (std::filesystem::exists(history_file_, ec)) append_history(1, history_file_.c_str());
  else write_history(history_file_.c_str());
#else
  (void)entry;
#endif
}

}  // namespace dossier_tool
