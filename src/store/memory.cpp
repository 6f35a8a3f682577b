// graph::memory(): what the graph holds, counted block by block as the allocator sees it.

#include <dossier/store/graph.hpp>

#include "detail/alias_set.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace {

// What glibc's malloc takes for a request: an 8-byte header, rounded up to 16, at least 32.
std::size_t block(std::size_t bytes) noexcept {
  if (bytes == 0) return 0;
  const auto chunk = (bytes + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

// The heap a string holds beyond its own object (short strings live inside it).
std::size_t heap(const std::string& s) noexcept { return s.capacity() > 15 ? block(s.capacity() + 1) : 0; }

template <class T>
std::size_t array(const std::vector<T>& v) noexcept {
  return block(v.capacity() * sizeof(T));
}

std::size_t heap(const value& v) noexcept {
  if (const auto* s = v.get_if<std::string>()) return heap(*s);
  if (const auto* l = v.get_if<value::list_type>()) {
    auto bytes = array(*l);
    for (const auto& e : *l) bytes += heap(e);
    return bytes;
  }
  return 0;
}

std::size_t heap(const evidence& ev) noexcept {
  auto bytes = array(ev.citations);
  for (const auto& c : ev.citations) bytes += heap(c.quote);
  return bytes;
}

std::size_t heap(const std::vector<property_statement>& statements) noexcept {
  auto bytes = array(statements);
  for (const auto& s : statements) bytes += heap(s.val) + heap(s.ev);
  return bytes;
}

// A node-based hash container: its bucket array and one block per element (with the element's
// own heap counted by `each`).
template <class Container, class Each>
std::size_t hashed(const Container& c, Each&& each) noexcept {
  using node_value = typename Container::value_type;
  // A node holds the next pointer, the value, and (for string keys) the cached hash.
  constexpr std::size_t node = sizeof(void*) + sizeof(node_value) + sizeof(std::size_t);
  std::size_t bytes = block(c.bucket_count() * sizeof(void*));
  for (const auto& e : c) bytes += block(node) + each(e);
  return bytes;
}

}  // namespace

graph::memory_usage graph::memory() const {
  memory_usage m;
  m.relations = array(relations_) + relation_rank_.memory_bytes() +
                hashed(relation_external_, [](const auto& e) { return heap(e.second); });
  m.adjacency = out_.memory_bytes() + in_.memory_bytes();
  m.entities = array(entities_) + array(entity_types_) + array(entity_states_) + entity_rank_.memory_bytes() +
               hashed(entity_external_, [](const auto& e) { return heap(e.second); }) +
               hashed(by_external_, [](const auto& e) { return heap(e.first); });
  for (const auto& e : entities_) {
    m.entities += heap(e.name) + array(e.aliases);
    for (const auto& a : e.aliases) m.entities += heap(a.name) + heap(a.lang);
    m.properties += heap(e.properties);
  }
  m.citations = array(details_);
  for (const auto& d : details_) {
    m.citations += heap(d.ev);
    m.properties += heap(d.properties);
  }
  if (names_ready()) m.names = names_.memory_bytes();
  m.other = hashed(entity_valid_, [](const auto&) { return std::size_t{0}; }) +
            hashed(alias_sets_, [](const auto& e) {
              const auto& set = *e.second;
              return block(sizeof(alias_set)) + hashed(set.exact, [](const std::string& k) { return heap(k); }) +
                     hashed(set.normalized, [](const auto& n) { return heap(n.first); });
            });
  return m;
}

DOSSIER_NAMESPACE_END
