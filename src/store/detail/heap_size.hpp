#pragma once
// What glibc's malloc takes for the blocks that the store's containers hold: graph::memory()
// and the statement table count with these.

#include <dossier/core/value.hpp>
#include <dossier/provenance/evidence.hpp>

#include <string>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace detail::heap_size {

// What glibc's malloc takes for a request: an 8-byte header, rounded up to 16, at least 32.
inline std::size_t block(std::size_t bytes) noexcept {
  if (bytes == 0) return 0;
  const auto chunk = (bytes + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

// The heap a string holds beyond its own object (short strings live inside it).
inline std::size_t heap(const std::string& s) noexcept { return s.capacity() > 15 ? block(s.capacity() + 1) : 0; }

template <class T>
inline std::size_t array(const std::vector<T>& v) noexcept {
  return block(v.capacity() * sizeof(T));
}

// A value's box and what it holds, as if no other value shared it (the statement table counts
// its pooled strings once itself).
inline std::size_t heap(const value& v) noexcept {
  if (const auto* s = v.get_if<std::string>()) return block(sizeof(detail::boxed<std::string>)) + heap(*s);
  if (v.get_if<money>()) return block(sizeof(detail::boxed<money>));
  if (const auto* l = v.get_if<value::list_type>()) {
    auto bytes = block(sizeof(detail::boxed<value::list_type>)) + array(*l);
    for (const auto& e : *l) bytes += heap(e);
    return bytes;
  }
  return 0;
}

inline std::size_t heap(const evidence& ev) noexcept {
  auto bytes = array(ev.citations);
  for (const auto& c : ev.citations) bytes += heap(c.quote);
  return bytes;
}

}  // namespace detail::heap_size

DOSSIER_NAMESPACE_END
