// System calls on the database's files (detail/system.hpp).

#include "detail/system.hpp"

#include <dossier/core/error.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

// Per fault kind: how many more calls succeed before one fails; negative: none fails.
std::atomic<int> countdown[4] = {-1, -1, -1, -1};

bool should_fail(fault f) noexcept {
  auto& c = countdown[static_cast<int>(f)];
  int n = c.load(std::memory_order_relaxed);
  while (n >= 0) {
    if (c.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) return n == 0;
  }
  return false;
}

}  // namespace

void inject_fault(fault f, int after) noexcept { countdown[static_cast<int>(f)].store(after, std::memory_order_relaxed); }

void clear_faults() noexcept {
  for (auto& c : countdown) c.store(-1, std::memory_order_relaxed);
}

void fail_io(std::string_view id, const std::filesystem::path& path, const std::string& what, int err) {
  throw io_error(id, path.string() + ": " + what + ": " + std::strerror(err));
}

file_handle& file_handle::operator=(file_handle&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

file_handle::~file_handle() {
  if (fd_ >= 0) ::close(fd_);
}

file_handle open_file(const std::filesystem::path& path, int flags, int mode) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  if (fd < 0) fail_io("io.cannot_open", path, "cannot open", errno);
  return file_handle(fd);
}

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  if (should_fail(fault::write)) fail_io("io.write_failed", path, "write failed", EIO);
  if (should_fail(fault::disk_full)) {
    // A full disk takes part of the write, then refuses the rest.
    const auto part = bytes.substr(0, bytes.size() / 2);
    if (!part.empty() && ::write(fd, part.data(), part.size()) < 0) fail_io("io.write_failed", path, "write failed", errno);
    fail_io("io.write_failed", path, "write failed", ENOSPC);
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_io("io.write_failed", path, "write failed", errno);
    }
    written += static_cast<std::size_t>(n);
  }
}

void sync_file(int fd, const std::filesystem::path& path) {
  if (should_fail(fault::sync)) fail_io("io.sync_failed", path, "fdatasync failed", EIO);
  while (::fdatasync(fd) != 0) {
    if (errno != EINTR) fail_io("io.sync_failed", path, "fdatasync failed", errno);
  }
}

void sync_directory(const std::filesystem::path& dir) {
  const auto fd = open_file(dir, O_RDONLY | O_DIRECTORY);
  if (should_fail(fault::sync)) fail_io("io.sync_failed", dir, "fsync of the directory failed", EIO);
  if (::fsync(fd.get()) != 0 && errno != EINVAL) fail_io("io.sync_failed", dir, "fsync of the directory failed", errno);
}

void rename_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (should_fail(fault::rename)) fail_io("io.rename_failed", to, "rename failed", EIO);
  if (::rename(from.c_str(), to.c_str()) != 0) fail_io("io.rename_failed", to, "rename failed", errno);
}

void truncate_file(int fd, std::uint64_t size, const std::filesystem::path& path) {
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) fail_io("io.truncate_failed", path, "truncate failed", errno);
}

std::uint64_t file_size(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail_io("io.stat_failed", path, "cannot stat", errno);
  return static_cast<std::uint64_t>(st.st_size);
}

std::string read_from(int fd, std::uint64_t offset, const std::filesystem::path& path) {
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const auto n = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(offset + out.size()));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_io("io.read_failed", path, "read failed", errno);
    }
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

void replace_file(const std::filesystem::path& path, std::string_view bytes) {
  const auto dir = path.parent_path();
  const auto temporary = dir / ("." + path.filename().string() + ".tmp");
  try {
    {
      const auto fd = open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC);
      write_all(fd.get(), bytes, temporary);
      sync_file(fd.get(), temporary);
    }
    rename_file(temporary, path);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  sync_directory(dir);
}

writer_lock::writer_lock(const std::filesystem::path& dir) {
  const auto path = dir / "lock";
  fd_ = open_file(path, O_RDWR | O_CREAT);
  if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK) fail_io("io.lock_failed", path, "cannot lock", err);
    auto holder = read_from(fd_.get(), 0, path);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    if (holder.size() > 20) holder.resize(20);
    throw io_error("io.locked", dir.string() + " is open for writing by process " + (holder.empty() ? "(unknown)" : holder) +
                                    "; open it read-only, or wait until that process closes it");
  }
  const auto pid = std::to_string(::getpid()) + "\n";
  truncate_file(fd_.get(), 0, path);
  if (::pwrite(fd_.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    fail_io("io.write_failed", path, "cannot write the process id", errno);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
