#include "detail/files.hpp"

#include <dossier/core/error.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <ostream>
#include <random>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

[[noreturn]] void fail(std::string_view id, const std::filesystem::path& path, const std::string& what, int err) {
  throw io_error(id, path.string() + ": " + what + ": " + std::strerror(err));
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

std::string temporary_prefix(const std::filesystem::path& path) { return "." + path.filename().string() + ".tmp-"; }

std::filesystem::path fresh_temporary(const std::filesystem::path& path) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string name = temporary_prefix(path);
  for (int i = 0; i < 6; ++i) name += letters[rng() % (sizeof letters - 1)];
  return directory_of(path) / name;
}

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("io.write_failed", path, "write failed", errno);
    }
    written += static_cast<std::size_t>(n);
  }
}

struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

// An ostream onto a file descriptor, buffered, for writers that stream a large export.
class fd_buffer : public std::streambuf {
 public:
  fd_buffer(int fd, const std::filesystem::path& path) : fd_(fd), path_(path) { setp(buffer_, buffer_ + sizeof buffer_); }
  void flush_all() {
    write_all(fd_, std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())), path_);
    setp(buffer_, buffer_ + sizeof buffer_);
  }

 protected:
  int_type overflow(int_type c) override {
    flush_all();
    if (c != traits_type::eof()) sputc(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n >= static_cast<std::streamsize>(sizeof buffer_)) {
      flush_all();
      write_all(fd_, std::string_view(s, static_cast<std::size_t>(n)), path_);
      return n;
    }
    return std::streambuf::xsputn(s, n);
  }
  int sync() override {
    flush_all();
    return 0;
  }

 private:
  int fd_;
  const std::filesystem::path& path_;
  char buffer_[1 << 16];
};

using fill_function = std::function<void(int fd)>;

// Fills and syncs `fd`, gives it the replaced file's mode, and renames `name` over `path`.
void finish(int fd, const fill_function& fill, const std::filesystem::path& path, const std::filesystem::path& name, bool named) {
  const auto discard = [&] {
    if (named) ::unlink(name.c_str());
  };
  try {
    fill(fd);
  } catch (...) {
    discard();
    throw;
  }
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && ::fchmod(fd, target.st_mode & 07777) != 0) {
    const int e = errno;
    discard();
    fail("io.write_failed", path, "cannot give the new file the old one's mode", e);
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    discard();
    fail("io.sync_failed", path, "fsync failed", e);
  }
}

void rename_over(const std::filesystem::path& name, const std::filesystem::path& path) {
  if (::rename(name.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(name.c_str());
    fail("io.rename_failed", path, "rename over the target failed", e);
  }
  // Make the rename itself durable.
  const int dfd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

#if defined(O_TMPFILE)
// The unnamed route; false when the file system cannot make unnamed files or /proc is absent.
bool write_unnamed(const std::filesystem::path& path, const fill_function& bytes) {
  fd_guard f{::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666)};
  if (f.fd < 0) return false;
  finish(f.fd, bytes, path, {}, false);
  (void)::flock(f.fd, LOCK_EX);  // protects the name below from other saves' clean-up
  const std::string self = "/proc/self/fd/" + std::to_string(f.fd);
  for (int attempt = 0; attempt < 16; ++attempt) {
    const auto name = fresh_temporary(path);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      rename_over(name, path);
      return true;
    }
    if (errno != EEXIST) return false;
  }
  return false;
}
#endif

void write_named(const std::filesystem::path& path, const fill_function& bytes) {
  for (int attempt = 0;; ++attempt) {
    const auto name = fresh_temporary(path);
    fd_guard f{::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)};  // the umask applies
    if (f.fd < 0) {
      if (errno == EEXIST && attempt < 16) continue;
      fail("io.cannot_create", path, "cannot create a temporary file beside it", errno);
    }
    (void)::flock(f.fd, LOCK_EX);  // held until we close: marks the file as in use
    finish(f.fd, bytes, path, name, true);
    rename_over(name, path);
    return;
  }
}

}  // namespace

std::size_t remove_stale_temporaries(const std::filesystem::path& path) {
  std::size_t removed = 0;
  std::error_code ec;
  const auto prefix = temporary_prefix(path);
  for (std::filesystem::directory_iterator it(directory_of(path), ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!name.starts_with(prefix) || name.size() != prefix.size() + 6) continue;
    fd_guard f{::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
    if (f.fd < 0) continue;
    // A lock we can take belongs to no live writer: its process died mid-save.
    if (::flock(f.fd, LOCK_EX | LOCK_NB) != 0) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

namespace {

void write_atomically(const std::filesystem::path& path, const fill_function& fill) {
  (void)remove_stale_temporaries(path);
#if defined(O_TMPFILE)
  if (write_unnamed(path, fill)) return;
#endif
  write_named(path, fill);
}

}  // namespace

void atomic_write(const std::filesystem::path& path, std::string_view bytes) {
  write_atomically(path, [&](int fd) { write_all(fd, bytes, path); });
}

void atomic_write(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  write_atomically(path, [&](int fd) {
    fd_buffer buffer(fd, path);
    std::ostream out(&buffer);
    out.exceptions(std::ios::badbit);  // a failed write() surfaces as the io_error it threw
    write(out);
    out.flush();
    buffer.flush_all();
  });
}

file_bytes::file_bytes(const std::filesystem::path& path) {
  fd_guard f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) fail("io.cannot_open", path, "cannot open for reading", errno);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) fail("io.cannot_open", path, "cannot read its size", errno);
  if (S_ISDIR(st.st_mode)) throw io_error("io.not_a_file", path.string() + ": is a directory, not a file");
  if (S_ISREG(st.st_mode)) {
    if (st.st_size == 0) return;
    size_ = static_cast<std::size_t>(st.st_size);
    // Map the file rather than copy it: the bytes go from the page cache straight to the parser.
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
    if (map != MAP_FAILED) {
      map_ = map;
      return;
    }
  }
  // Pipes, terminals, or a file that cannot be mapped: read it.
  char chunk[1 << 16];
  for (;;) {
    const auto n = ::read(f.fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("io.read_failed", path, "read failed", errno);
    }
    if (n == 0) break;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

file_bytes::~file_bytes() {
  if (map_) ::munmap(map_, size_);
}

}  // namespace detail

DOSSIER_NAMESPACE_END
