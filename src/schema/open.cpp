// The open schema (schemas.hpp): declared as statements name labels and types.
#include <dossier/schema/schemas.hpp>

DOSSIER_NAMESPACE_BEGIN

namespace schemas {

schema open() {
  schema s;
  s.set_name("open");
  s.add_entity_type(open_node_type, {.open = true, .label = "node without a label"});
  return s;
}

bool is_open(const schema& s) noexcept { return s.name() == "open"; }

}  // namespace schemas

DOSSIER_NAMESPACE_END
