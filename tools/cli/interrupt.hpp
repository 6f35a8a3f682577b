#pragma once
// Ctrl-C in the tool: it cancels what runs (a statement, a line being typed), not the tool.

namespace dossier_tool {

// While one lives, SIGINT does not end the process: it is noted, for interrupted() to take, and
// cuts short a blocking read or select (no SA_RESTART), so that the shell's prompt can drop the
// line being typed. A signal handler may only set a flag; everything else is done by whoever
// takes it.
class sigint_catcher {
 public:
  sigint_catcher();
  ~sigint_catcher();
  sigint_catcher(const sigint_catcher&) = delete;
  sigint_catcher& operator=(const sigint_catcher&) = delete;
};

// True once after each Ctrl-C.
[[nodiscard]] bool interrupted() noexcept;

}  // namespace dossier_tool
