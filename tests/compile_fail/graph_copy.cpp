// Graphs are move-only: a deep copy must be asked for with copy().
#include <dossier/dossier.hpp>
int main() {
  dossier::graph g{dossier::schemas::investigations()};
  dossier::graph h = g;
  (void)h;
}
