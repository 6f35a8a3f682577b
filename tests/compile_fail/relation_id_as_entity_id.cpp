// A relation id cannot stand where an entity id is expected.
#include <dossier/dossier.hpp>
int main() {
  dossier::graph g{dossier::schemas::investigations()};
  const dossier::relation_id r{};
  g.relate(r, "oversees", dossier::entity_id{});
}
