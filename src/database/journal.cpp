// The journal file (detail/journal.hpp).

#include "detail/journal.hpp"

#include "../io/detail/crc32c.hpp"

#include <dossier/core/error.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

namespace {

constexpr std::string_view journal_magic = "\x89" "DOSJRNL";  // 8 bytes

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])} << (8 * i);
  return v;
}

std::optional<std::uint64_t> numbered(const std::string& name, std::string_view prefix, std::string_view suffix) {
  if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) return std::nullopt;
  const auto digits = std::string_view(name).substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string journal_header(std::uint64_t base) {
  std::string h(journal_magic);
  put32(h, journal_format_version);
  put32(h, 0);
  put64(h, base);
  put32(h, crc32c(h));
  put32(h, 0);
  return h;
}

std::uint64_t read_journal_header(std::string_view bytes, const std::filesystem::path& path) {
  const auto bad = [&](const std::string& why) { throw format_error("format.journal_header", path.string() + ": " + why); };
  if (bytes.size() < journal_header_size) bad("the journal is " + std::to_string(bytes.size()) + " bytes, shorter than its header");
  if (bytes.substr(0, journal_magic.size()) != journal_magic) bad("not a dossier journal (its first bytes are not the journal's magic)");
  if (get(bytes, 24, 4) != crc32c(bytes.substr(0, 24)) || get(bytes, 28, 4) != 0) bad("the journal header's checksum does not match");
  const auto version = get(bytes, 8, 4);
  if (version == 0 || version > journal_format_version)
    bad("journal format version " + std::to_string(version) + "; this dossier reads versions 1 to " + std::to_string(journal_format_version));
  return get(bytes, 16, 8);
}

std::string journal_record(std::uint64_t sequence, std::string_view payload) {
  std::string r;
  r.reserve(record_header_size + payload.size());
  put32(r, static_cast<std::uint32_t>(payload.size()));
  put32(r, 0);  // the checksum, of what follows it
  put64(r, sequence);
  r.append(payload);
  const auto crc = crc32c(std::string_view(r).substr(8));
  for (int i = 0; i < 4; ++i) r[4 + static_cast<std::size_t>(i)] = static_cast<char>(crc >> (8 * i));
  return r;
}

journal_scan scan_journal(std::string_view bytes, std::uint64_t offset, std::uint64_t next) {
  journal_scan scan;
  std::size_t at = 0;
  const auto stop = [&](std::string why, bool incomplete) {
    scan.problem = "transaction " + std::to_string(next) + " at byte " + std::to_string(offset + at) + ": " + std::move(why);
    scan.incomplete = incomplete;
  };
  while (at < bytes.size()) {
    if (bytes.size() - at < record_header_size) {
      stop("the record header is cut off after " + std::to_string(bytes.size() - at) + " bytes", true);
      break;
    }
    const auto length = get(bytes, at, 4);
    if (length > max_record_payload) {
      stop("a record length of " + std::to_string(length) + " bytes is not plausible", false);
      break;
    }
    if (bytes.size() - at - record_header_size < length) {
      stop("the record is cut off (" + std::to_string(length) + " payload bytes claimed, " +
               std::to_string(bytes.size() - at - record_header_size) + " present)",
           true);
      break;
    }
    const auto payload = bytes.substr(at + record_header_size, length);
    if (get(bytes, at + 4, 4) != crc32c(bytes.substr(at + 8, 8 + length))) {
      stop("the record's checksum does not match", false);
      break;
    }
    const auto sequence = get(bytes, at + 8, 8);
    if (sequence != next) {
      stop("the record is numbered " + std::to_string(sequence), false);
      break;
    }
    scan.records.push_back({sequence, offset + at, payload});
    ++next;
    at += record_header_size + length;
  }
  scan.end = offset + (scan.problem.empty() ? bytes.size() : at);
  return scan;
}

std::filesystem::path snapshot_file(const std::filesystem::path& dir, std::uint64_t version) {
  char name[48];
  std::snprintf(name, sizeof name, "snapshot-%020llu.dossier", static_cast<unsigned long long>(version));
  return dir / name;
}

std::filesystem::path journal_file(const std::filesystem::path& dir, std::uint64_t base) {
  char name[48];
  std::snprintf(name, sizeof name, "journal-%020llu.log", static_cast<unsigned long long>(base));
  return dir / name;
}

directory_listing list_database(const std::filesystem::path& dir) {
  directory_listing out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (const auto v = numbered(name, "snapshot-", ".dossier")) out.snapshots.push_back(*v);
    if (const auto v = numbered(name, "journal-", ".log")) out.journals.push_back(*v);
  }
  if (ec) throw io_error("io.list_failed", dir.string() + ": cannot list the database directory: " + ec.message());
  std::sort(out.snapshots.begin(), out.snapshots.end());
  std::sort(out.journals.begin(), out.journals.end());
  return out;
}

journal_writer::journal_writer(const std::filesystem::path& path, std::uint64_t base, std::uint64_t end)
    : path_(path), fd_(open_file(path, O_WRONLY)), base_(base), size_(end) {
  if (file_size(fd_.get(), path) != end) {
    truncate_file(fd_.get(), end, path);
    sync_file(fd_.get(), path);
  }
  if (::lseek(fd_.get(), static_cast<off_t>(end), SEEK_SET) < 0) fail_io("io.seek_failed", path, "cannot seek", errno);
}

journal_writer journal_writer::create(const std::filesystem::path& path, std::uint64_t base) {
  const auto header = journal_header(base);
  replace_file(path, header);
  return journal_writer(path, base, header.size());
}

void journal_writer::append(std::string_view record, bool sync_now) {
  if (broken_)
    throw io_error("io.journal_broken", path_.string() + ": an earlier write failed and could not be undone; reopen the database");
  try {
    write_all(fd_.get(), record, path_);
    if (sync_now) sync_file(fd_.get(), path_);
  } catch (...) {
    // Undo the partial record, so that the next one follows the last whole one.
    try {
      truncate_file(fd_.get(), size_, path_);
      if (::lseek(fd_.get(), static_cast<off_t>(size_), SEEK_SET) < 0) broken_ = true;
    } catch (...) {
      broken_ = true;
    }
    throw;
  }
  size_ += record.size();
  dirty_ = !sync_now;
}

void journal_writer::sync() {
  if (!dirty_ || !fd_) return;
  try {
    sync_file(fd_.get(), path_);
  } catch (...) {
    // Written records may not be on disk, and a failed fdatasync may have dropped them from
    // the cache: nothing more is appended until the database is reopened and has recovered.
    broken_ = true;
    throw;
  }
  dirty_ = false;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
