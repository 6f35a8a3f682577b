#pragma once
// The hashed aliases of an entity that has many: without them, adding the n-th alias scanned
// the n - 1 before it, and 10^5 aliases on one entity took 24 s.

#include <dossier/names/normalize.hpp>
#include <dossier/store/graph.hpp>

#include <string>
#include <unordered_map>
#include <unordered_set>

DOSSIER_NAMESPACE_BEGIN

struct graph::alias_set {
  // Entities with at most this many aliases are scanned; beyond it they are hashed.
  static constexpr std::size_t threshold = 16;

  std::unordered_set<std::string> exact;                     // key(alias): name and language
  std::unordered_map<std::string, std::uint32_t> normalized;  // normalised name -> aliases with it

  static std::string key(const alias& a) { return a.name + '\x1f' + a.lang; }

  explicit alias_set(const std::vector<alias>& aliases) {
    for (const auto& a : aliases) insert(a);
  }
  void insert(const alias& a) {
    if (exact.insert(key(a)).second) ++normalized[normalize_name(a.name)];
  }
  void erase(const alias& a) {
    if (!exact.erase(key(a))) return;
    const auto it = normalized.find(normalize_name(a.name));
    if (it != normalized.end() && --it->second == 0) normalized.erase(it);
  }
  [[nodiscard]] bool contains(const alias& a) const { return exact.count(key(a)) != 0; }
  [[nodiscard]] bool names(const std::string& normalized_name) const { return normalized.count(normalized_name) != 0; }
};

DOSSIER_NAMESPACE_END
