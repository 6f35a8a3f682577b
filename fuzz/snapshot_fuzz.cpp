// Snapshot loading past the checksum. The first input byte picks the archive kind; the rest is
// the payload, sealed here with a correct header and CRC-32C so that the fuzzer reaches the
// archive readers and the validation behind them. A loaded graph must save and load again.
#include "common.hpp"

#include <dossier/dossier.hpp>

#include <boost/crc.hpp>

#include <cstdint>
#include <cstring>
#include <string>

namespace {

// CRC-32C as the header stores it, computed independently of the library.
std::uint32_t crc32c(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

void put_le(std::string& out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string file("\x89" "DOSSIER", 8);
  put_le(file, 1, 4);
  put_le(file, data[0] % 3, 4);
  put_le(file, payload.size(), 8);
  put_le(file, crc32c(payload), 8);
  file.append(payload);
  fuzz::expect_only_typed_errors([&] {
    const auto g = dossier::load_from_bytes(file, "fuzz.dossier");
    // Whatever loaded is a whole graph: every live entity and relation reads back, and it
    // saves and loads again to the same counts.
    std::size_t relations = 0;
    for (const auto id : g.entities()) {
      (void)g.get(id).name();
      for (const auto r : g.relations(id, dossier::direction::out)) {
        const auto rel = g.get(r);
        if (!g.contains(rel.source()) || !g.contains(rel.target())) fuzz::finding("relation endpoint not live");
        ++relations;
      }
    }
    if (relations != g.relation_count()) fuzz::finding("relation count differs from the relations reached");
    const auto again = dossier::load_from_bytes(dossier::save_to_bytes(g), "fuzz-resaved.dossier");
    if (again.entity_count() != g.entity_count() || again.relation_count() != g.relation_count())
      fuzz::finding("save and load changed the counts");
  });
  return 0;
}
