// A raw integer is not an entity id.
#include <dossier/dossier.hpp>
int main() {
  dossier::graph g{dossier::schemas::investigations()};
  (void)g.get(3);
}
