#pragma once
// The journal file: a 32-byte header (magic, format version, the version of the snapshot it
// follows, a checksum of the header), then one record per committed transaction:
//   u32 payload length | u32 CRC-32C of (sequence, payload) | u64 sequence | payload
// all little-endian. Records are numbered on from the header's base without a gap. A record is
// written with one write(2) and synced per the sync policy; a crash can leave only its tail
// torn, which the next writer cuts off.

#include <dossier/core/config.hpp>
#include <dossier/database/database.hpp>

#include "system.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint32_t journal_format_version = 1;
inline constexpr std::size_t journal_header_size = 32;
inline constexpr std::size_t record_header_size = 16;
inline constexpr std::uint32_t max_record_payload = std::uint32_t{1} << 30;

[[nodiscard]] std::string journal_header(std::uint64_t base);
// The base version of a journal's bytes; format_error naming `path` when the header is not one.
[[nodiscard]] std::uint64_t read_journal_header(std::string_view bytes, const std::filesystem::path& path);
// A whole record around `payload`.
[[nodiscard]] std::string journal_record(std::uint64_t sequence, std::string_view payload);

struct journal_record_view {
  std::uint64_t sequence;
  std::uint64_t offset;  // of the record in the file
  std::string_view payload;
};

// The whole records of `bytes` (a journal's bytes after its header, from file offset `offset`),
// numbered from `next`. Stops at the first record that is incomplete or damaged, and says why.
struct journal_scan {
  std::vector<journal_record_view> records;
  std::uint64_t end = 0;          // file offset after the last whole record
  bool incomplete = false;        // stopped at a record that runs past the end (torn, or being written)
  std::string problem;            // why it stopped early (empty: the bytes ended on a record boundary)
};
[[nodiscard]] journal_scan scan_journal(std::string_view bytes, std::uint64_t offset, std::uint64_t next);

[[nodiscard]] std::filesystem::path snapshot_file(const std::filesystem::path& dir, std::uint64_t version);
[[nodiscard]] std::filesystem::path journal_file(const std::filesystem::path& dir, std::uint64_t base);
// The versions of the snapshots and the bases of the journals in `dir`, each ascending.
struct directory_listing {
  std::vector<std::uint64_t> snapshots, journals;
};
[[nodiscard]] directory_listing list_database(const std::filesystem::path& dir);

// The open journal of the writing process.
class journal_writer {
 public:
  journal_writer() = default;
  // Opens an existing journal to append after `end` (cutting anything after it).
  journal_writer(const std::filesystem::path& path, std::uint64_t base, std::uint64_t end);
  // Creates a fresh journal after `base` (atomically: it appears whole or not at all).
  static journal_writer create(const std::filesystem::path& path, std::uint64_t base);

  // Appends a record; syncs it when `sync` is true. On failure cuts the file back to where it
  // was and throws io_error; when even that fails, the writer is broken: every later append
  // throws, and reopening the database recovers.
  void append(std::string_view record, bool sync);
  void sync();
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t base() const noexcept { return base_; }
  [[nodiscard]] bool dirty() const noexcept { return dirty_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  file_handle fd_;
  std::uint64_t base_ = 0, size_ = 0;
  bool dirty_ = false, broken_ = false;
};

}  // namespace detail

DOSSIER_NAMESPACE_END
