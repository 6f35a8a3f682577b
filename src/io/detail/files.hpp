#pragma once
// Files as the io layer needs them: written atomically, read whole.

#include <dossier/core/config.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// Replaces `path` with `bytes` so that a crash at any point leaves either the old file or the
// new one: the bytes go to a file of their own beside the target, are synced, and the file is
// then renamed over the target, and the directory synced. On Linux that file has no name until
// it is complete (O_TMPFILE), so a killed save leaves nothing behind; elsewhere, or where the
// file system has no O_TMPFILE, it is ".NAME.tmp-XXXXXX", locked while its writer lives, and a
// later save to the same target removes such files that no live process holds. The new file
// keeps the mode of the file it replaces, or follows the umask when there was none.
// Throws io_error naming the path and the step that failed.
void atomic_write(const std::filesystem::path& path, std::string_view bytes);
// The same for output that a writer streams (large exports): `write` fills the stream; when it
// throws, the target is left as it was and the exception goes on.
void atomic_write(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

// Removes ".NAME.tmp-*" files beside `path` that no live process holds (flock), as atomic_write
// does before it writes. Returns how many it removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& path);

// A whole file's bytes: mapped for regular files, read for pipes and terminals. Throws io_error
// naming the path when it cannot be opened or is a directory.
class file_bytes {
 public:
  explicit file_bytes(const std::filesystem::path& path);
  ~file_bytes();
  file_bytes(const file_bytes&) = delete;
  file_bytes& operator=(const file_bytes&) = delete;
  [[nodiscard]] std::string_view bytes() const noexcept { return map_ ? std::string_view(static_cast<const char*>(map_), size_) : buffer_; }

 private:
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string buffer_;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
