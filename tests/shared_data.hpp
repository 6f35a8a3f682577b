#pragma once
// Data from ../shared (the FollowTheMoney model, FtM streams, the name benchmark, the TCK): read
// at run time, never copied into the project. Where it is absent, as on a user's machine, a
// test says clearly that it was skipped.

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace shared_data {

// The file under ../shared, or nullopt after a message naming what was skipped and why.
inline std::optional<std::filesystem::path> find(const std::string& relative, const std::string& what) {
  const auto path = std::filesystem::path(DOSSIER_SHARED_DIR) / relative;
  if (std::filesystem::exists(path)) return path;
  MESSAGE("SKIPPED: " << what << " needs " << path.string() << ", which is absent");
  return std::nullopt;
}

}  // namespace shared_data
