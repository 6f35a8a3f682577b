// graph::memory(): what the graph holds, counted block by block as the allocator sees it.

#include <dossier/store/graph.hpp>

#include "detail/alias_set.hpp"
#include "detail/heap_size.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

namespace {

using namespace detail::heap_size;

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
               hashed(entity_external_, [](const auto&) { return std::size_t{0}; }) +
               hashed(by_external_, [](const auto& e) { return heap(e.first); });
  for (const auto& e : entities_) {
    m.entities += heap(e.name) + array(e.aliases);
    for (const auto& a : e.aliases) m.entities += heap(a.name) + heap(a.lang);
  }
  m.properties = entity_statements_.heap_bytes() + relation_statements_.heap_bytes();
  m.citations = relation_citations_.heap_bytes();
  if (names_ready()) m.names = names_.memory_bytes();
  m.other = array(relation_valid_) + hashed(entity_valid_, [](const auto&) { return std::size_t{0}; }) +
            hashed(alias_sets_, [](const auto& e) {
              const auto& set = *e.second;
              return block(sizeof(alias_set)) + hashed(set.exact, [](const std::string& k) { return heap(k); }) +
                     hashed(set.normalized, [](const auto& n) { return heap(n.first); });
            });
  return m;
}

DOSSIER_NAMESPACE_END
