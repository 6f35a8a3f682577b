#include "tck/isolation.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#if __has_include(<sys/wait.h>) && __has_include(<poll.h>) && __has_include(<unistd.h>)
#define DOSSIER_TCK_FORK 1
#include <csignal>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#else
#define DOSSIER_TCK_FORK 0
#endif

namespace tck {

namespace {

constexpr auto grace = std::chrono::seconds(20);  // after the time limit, before the child is killed

void put(std::string& out, const std::string& field) { out += std::to_string(field.size()) + '\n' + field; }

bool take(const std::string& in, std::size_t& at, std::string& field) {
  const auto nl = in.find('\n', at);
  if (nl == std::string::npos) return false;
  std::size_t n = 0;
  for (auto i = at; i < nl; ++i) {
    if (in[i] < '0' || in[i] > '9') return false;
    n = n * 10 + static_cast<std::size_t>(in[i] - '0');
  }
  if (nl + 1 + n > in.size()) return false;
  field = in.substr(nl + 1, n);
  at = nl + 1 + n;
  return true;
}

outcome failed(std::string reason) {
  outcome o;
  o.reason = std::move(reason);
  return o;
}

#if DOSSIER_TCK_FORK

void write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child(int fd, const gherkin::scenario& s, const run_settings& settings) {
  outcome o;
  try {
    o = run_scenario(s, settings);
  } catch (...) {
    o = failed("runner: an exception escaped the scenario");
  }
  write_all(fd, encode(o));
  std::cout.flush();
  ::_exit(0);  // no atexit handlers, no second flush of the parent's buffers
}

// Reads until end of file or the deadline; false when the deadline passed first.
bool read_until(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return false;  // the deadline
    if (ready < 0) return true;     // the pipe failed: decode() tells what arrived
    const auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

outcome verdict_of(int status, bool in_time, const std::string& bytes, const run_settings& settings) {
  outcome o;
  if (decode(bytes, o)) return o;
  if (!in_time)
    return failed("hung: no answer " + std::to_string(settings.time_limit.count() / 1000 + grace.count()) +
                  " s in, though its statements were cancelled at the time limit; killed");
  if (WIFSIGNALED(status))
    return failed("crashed: signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")");
  return failed("the child process ended without an outcome (status " + std::to_string(status) + ")");
}

#endif

}  // namespace

std::string encode(const outcome& o) {
  std::string out;
  put(out, std::to_string(static_cast<int>(o.result)) + (o.relied_on_empty_detail ? "1" : "0"));
  put(out, o.reason);
  put(out, o.details);
  put(out, std::to_string(o.format_problems.size()));
  for (const auto& p : o.format_problems) put(out, p);
  return out;
}

bool decode(const std::string& bytes, outcome& o) {
  std::size_t at = 0;
  std::string head, count;
  if (!take(bytes, at, head) || head.size() != 2 || head[0] < '0' || head[0] > '2') return false;
  if (!take(bytes, at, o.reason) || !take(bytes, at, o.details) || !take(bytes, at, count)) return false;
  o.result = static_cast<outcome::status>(head[0] - '0');
  o.relied_on_empty_detail = head[1] == '1';
  o.format_problems.assign(static_cast<std::size_t>(std::strtoul(count.c_str(), nullptr, 10)), {});
  for (auto& p : o.format_problems)
    if (!take(bytes, at, p)) return false;
  return at == bytes.size();
}

bool isolation_available() noexcept { return DOSSIER_TCK_FORK == 1; }

#if DOSSIER_TCK_FORK

outcome run_isolated(const gherkin::scenario& s, const run_settings& settings) {
  int fds[2];
  if (::pipe(fds) != 0) return failed(std::string("pipe: ") + std::strerror(errno));
  std::cout.flush();  // else the child would inherit, and print again, what is buffered
  const pid_t pid = ::fork();
  if (pid < 0) return failed(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], s, settings);
  }
  ::close(fds[1]);
  std::string bytes;
  const bool in_time = read_until(fds[0], std::chrono::steady_clock::now() + settings.time_limit + grace, bytes);
  ::close(fds[0]);
  if (!in_time) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  return verdict_of(status, in_time, bytes, settings);
}

#else

outcome run_isolated(const gherkin::scenario& s, const run_settings& settings) { return run_scenario(s, settings); }

#endif

}  // namespace tck
