#pragma once
// The system calls the database makes on its files, in one place: each failure becomes an
// io_error naming the file and the step, and tests can make the next write, sync or rename
// fail (or the disk be full) to see that nothing committed is lost when the system refuses.

#include <dossier/core/config.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

enum class fault : std::uint8_t { write, sync, rename, disk_full };
// The call of that kind after `after` more successful ones fails (write: EIO, sync: EIO,
// rename: EIO, disk_full: a write that stops half way with ENOSPC). For tests only.
void inject_fault(fault f, int after = 0) noexcept;
void clear_faults() noexcept;

[[noreturn]] void fail_io(std::string_view id, const std::filesystem::path& path, const std::string& what, int err);

// A file descriptor that closes itself.
class file_handle {
 public:
  file_handle() = default;
  explicit file_handle(int fd) noexcept : fd_(fd) {}
  file_handle(file_handle&& o) noexcept : fd_(o.release()) {}
  file_handle& operator=(file_handle&& o) noexcept;
  file_handle(const file_handle&) = delete;
  file_handle& operator=(const file_handle&) = delete;
  ~file_handle();
  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// open(2) with O_CLOEXEC; throws io_error.
[[nodiscard]] file_handle open_file(const std::filesystem::path& path, int flags, int mode = 0644);
void write_all(int fd, std::string_view bytes, const std::filesystem::path& path);
void sync_file(int fd, const std::filesystem::path& path);  // fdatasync
void sync_directory(const std::filesystem::path& dir);
void rename_file(const std::filesystem::path& from, const std::filesystem::path& to);
void truncate_file(int fd, std::uint64_t size, const std::filesystem::path& path);
[[nodiscard]] std::uint64_t file_size(int fd, const std::filesystem::path& path);
// Bytes [offset, end of file) of an open file.
[[nodiscard]] std::string read_from(int fd, std::uint64_t offset, const std::filesystem::path& path);
// Writes `bytes` to `path` so that a crash leaves the old file or the new one: a temporary
// beside it, synced, renamed over it, and the directory synced.
void replace_file(const std::filesystem::path& path, std::string_view bytes);

// The lock of the one writing process: flock(2) on DIR/lock, which the system releases when the
// process dies, however it dies. The file holds the holder's process id for the error message.
class writer_lock {
 public:
  explicit writer_lock(const std::filesystem::path& dir);  // throws io_error naming the holder
  writer_lock(writer_lock&&) noexcept = default;
  writer_lock& operator=(writer_lock&&) noexcept = default;

 private:
  file_handle fd_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
