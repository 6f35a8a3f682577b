// Journal records as a database replays them: the first byte selects what the rest is.
//   0: one record's payload, applied to an empty graph (the decoder and every operation)
//   1: a journal's records after its header, scanned and applied in order from transaction 1
// Damage may only be refused (bad_record, or a dossier::error from the graph); nothing else may
// escape, and nothing may crash, leak or read out of bounds.
#include "common.hpp"

#include "../src/database/detail/journal.hpp"
#include "../src/database/detail/record_codec.hpp"

#include <dossier/schema/schemas.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const dossier::graph empty{dossier::schemas::investigations()};
  auto g = empty.copy();
  fuzz::expect_only_typed_errors([&] {
    try {
      if (data[0] % 2 == 0) {
        (void)dossier::detail::apply_operations(g, bytes);
        return;
      }
      const auto scan = dossier::detail::scan_journal(bytes, dossier::detail::journal_header_size, 1);
      for (const auto& r : scan.records) (void)dossier::detail::apply_operations(g, r.payload);
    } catch (const dossier::detail::bad_record& e) {
      if (e.what()[0] == '\0') std::abort();
    }
  });
  return 0;
}
