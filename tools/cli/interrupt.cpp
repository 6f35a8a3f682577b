// Ctrl-C in the tool (interrupt.hpp).
#include "interrupt.hpp"

#include <atomic>
#include <csignal>

namespace dossier_tool {

namespace {

std::atomic<bool> sigint_seen{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler may only touch lock-free atomics");
struct sigaction previous_action {};

extern "C" void note_sigint(int) { sigint_seen.store(true); }

}  // namespace

sigint_catcher::sigint_catcher() {
  struct sigaction action {};
  action.sa_handler = note_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART
  sigaction(SIGINT, &action, &previous_action);
  sigint_seen.store(false);
}

sigint_catcher::~sigint_catcher() { sigaction(SIGINT, &previous_action, nullptr); }

bool interrupted() noexcept { return sigint_seen.exchange(false); }

}  // namespace dossier_tool
