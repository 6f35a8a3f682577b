#include <doctest/doctest.h>
#include "fixture.hpp"
#include "graph_equal.hpp"
#include "random_graph.hpp"

#include <dossier/io/snapshot.hpp>

#include <boost/crc.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dossier;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string t = (fs::temp_directory_path() / ("dossier-test-" + std::string(6, 'X'))).string();
    path = ::mkdtemp(t.data());
  }
  ~temp_dir() { fs::remove_all(path); }
};

// CRC-32C as the file header stores it, computed independently of the library.
std::uint64_t crc32c(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

// Rewrites the header's payload size and checksum so that a deliberately edited payload (of
// any length) passes the header checks.
void reseal(std::string& bytes) {
  const std::uint64_t size = bytes.size() - 32, sum = crc32c(std::string_view(bytes).substr(32));
  for (int i = 0; i < 8; ++i) {
    bytes[16 + static_cast<std::size_t>(i)] = static_cast<char>((size >> (8 * i)) & 0xFF);
    bytes[24 + static_cast<std::size_t>(i)] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  }
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const fs::path fixtures = fs::path(DOSSIER_TEST_DATA) / "snapshots";

}  // namespace

TEST_CASE("snapshot.round_trip.fixture_in_every_format") {
  fixture::talent f;
  f.g.merge(f.qiming, f.g.add("Program", "Kiming"));
  f.g.remove(f.island);
  temp_dir dir;
  for (const auto format : {archive_format::binary, archive_format::text, archive_format::xml}) {
    CAPTURE(static_cast<int>(format));
    const auto path = dir.path / "talent.dossier";
    save(f.g, path, {.format = format});
    const auto loaded = load(path);
    CHECK(testing_support::first_difference(f.g, loaded) == "");
    CHECK(loaded.resolve("Kimming").entity == f.qiming);
    CHECK(loaded.canonical(static_cast<entity_id>(f.g.entity_slots() - 1)) == f.qiming);  // redirect survived
    CHECK_FALSE(loaded.contains(f.island));
    CHECK(loaded.get(f.ttp_funded).valid().start == date{2008});
    CHECK(loaded.get(f.miit_oversees_qiming).citations()[0].quote.find("Ministry of Industry") != std::string::npos);
  }
  // Text and XML are readable.
  const auto xml = save_to_bytes(f.g, {.format = archive_format::xml});
  CHECK(xml.find("<name>") != std::string::npos);
  CHECK(xml.find("Qiming") != std::string::npos);
}

TEST_CASE("snapshot.round_trip.random_graphs_field_by_field") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const auto g = testing_support::random_graph(seed);
    for (const auto format : {archive_format::binary, archive_format::text, archive_format::xml}) {
      CAPTURE(static_cast<int>(format));
      const auto loaded = load_from_bytes(save_to_bytes(g, {.format = format}));
      REQUIRE(testing_support::first_difference(g, loaded) == "");
      // Saving the loaded graph gives the same bytes: nothing was lost or reordered.
      CHECK(save_to_bytes(loaded, {.format = format}) == save_to_bytes(g, {.format = format}));
    }
  }
}

TEST_CASE("snapshot.loaded_graph_keeps_working") {
  fixture::talent f;
  auto g = load_from_bytes(save_to_bytes(f.g));
  const auto added = g.add("Program", "Huoju 2");
  CHECK(to_index(added) == f.g.entity_slots());  // ids continue, never reuse
  g.relate(added, "recruits_in", f.chips);
  CHECK(g.relations(f.chips, direction::in).size() == 5);
  CHECK_THROWS_AS(g.relate(f.chips, "oversees", f.qiming), schema_error);  // schema came back
}

TEST_CASE("snapshot.corruption.truncations_are_rejected") {
  fixture::talent f;
  const auto bytes = save_to_bytes(f.g);
  std::size_t rejected = 0;
  for (std::size_t len = 0; len < bytes.size(); len += (len < 64 ? 1 : 7)) {
    CAPTURE(len);
    CHECK_THROWS_AS((void)load_from_bytes(std::string_view(bytes).substr(0, len), "cut.dossier"), format_error);
    ++rejected;
  }
  CHECK(rejected > 100);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(std::string_view(bytes).substr(0, bytes.size() - 1), "cut.dossier"),
                       doctest::Contains("cut.dossier: truncated"), format_error);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(bytes + "x", "long.dossier"), doctest::Contains("trailing bytes"), format_error);
}

TEST_CASE("snapshot.corruption.bit_flips_are_rejected") {
  fixture::talent f;
  const auto bytes = save_to_bytes(f.g);
  for (std::size_t at = 0; at < bytes.size(); at += (at < 64 ? 1 : 5)) {
    for (const unsigned char mask : {0x01, 0x80, 0xFF}) {
      auto copy = bytes;
      copy[at] = static_cast<char>(static_cast<unsigned char>(copy[at]) ^ mask);
      CAPTURE(at);
      CHECK_THROWS_AS((void)load_from_bytes(copy, "flip.dossier"), format_error);
    }
  }
  auto copy = bytes;
  copy[bytes.size() / 2] ^= 0x10;
  CHECK_THROWS_WITH_AS((void)load_from_bytes(copy, "flip.dossier"), doctest::Contains("flip.dossier: checksum mismatch"), format_error);
}

TEST_CASE("snapshot.corruption.empty_foreign_newer_and_hostile_files") {
  CHECK_THROWS_WITH_AS((void)load_from_bytes("", "e.dossier"), doctest::Contains("e.dossier: empty file"), format_error);
  CHECK_THROWS_WITH_AS((void)load_from_bytes("{\"schemata\": {}}", "model.json"), doctest::Contains("model.json: not a dossier snapshot"), format_error);
  CHECK_THROWS_WITH_AS((void)load("/nonexistent/dir/x.dossier"), doctest::Contains("/nonexistent/dir/x.dossier: cannot open"), io_error);

  fixture::talent f;
  const auto bytes = save_to_bytes(f.g);
  auto newer = bytes;
  newer[8] = static_cast<char>(snapshot_format_version + 1);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(newer, "new.dossier"), doctest::Contains("newer format version 3"), format_error);
  auto kind = bytes;
  kind[12] = 9;
  CHECK_THROWS_WITH_AS((void)load_from_bytes(kind, "k.dossier"), doctest::Contains("unknown archive kind 9"), format_error);

  // Hostile payloads with a valid checksum: absurd counts and dangling ids.
  const auto graph_bytes = save_to_bytes(graph{schema{}});
  auto huge = graph_bytes;
  // The first field of the payload (format 2) is the schema's name: a string, its length first (8 bytes in binary).
  for (int i = 0; i < 8; ++i) huge[32 + static_cast<std::size_t>(i)] = static_cast<char>(0x7F);
  reseal(huge);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(huge, "huge.dossier"),
                       doctest::Contains("schema_name: 9187201950435737471 claimed, but the remaining"), format_error);

  // Point the first relation's source past the end: find its record and edit it.
  graph g{schemas::investigations()};
  const auto a = g.add("Person", "A");
  const auto b = g.add("Field", "B");
  g.relate(a, "researches", b);
  auto dangling = save_to_bytes(g);
  // The records block is the 16 bytes {source=0, target=1, type, extra=npos} near the end.
  const std::string needle("\x00\x00\x00\x00\x01\x00\x00\x00", 8);
  const auto pos = dangling.rfind(needle);
  REQUIRE(pos != std::string::npos);
  dangling[pos + 4] = 0x33;
  reseal(dangling);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(dangling, "d.dossier"), doctest::Contains("links an entity that is not live"), format_error);

  // Point it at a live entity of the wrong type: the schema's endpoint rule holds on load too.
  const auto c = g.add("Person", "C");
  (void)c;
  auto wrong_type = save_to_bytes(g);
  const auto at = wrong_type.rfind(needle);
  REQUIRE(at != std::string::npos);
  wrong_type[at + 4] = 0x02;  // target = C, a Person; researches expects a Field
  reseal(wrong_type);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(wrong_type, "w.dossier"),
                       doctest::Contains("w.dossier: invalid content: relation 0: relation 'researches' expects a target of type 'Field', got 'Person'"),
                       format_error);
}

TEST_CASE("snapshot.save.is_atomic_and_reports_errors") {
  temp_dir dir;
  fixture::talent f;
  const auto path = dir.path / "g.dossier";
  save(f.g, path);
  const auto before = read_file(path);
  CHECK_THROWS_WITH_AS(save(f.g, dir.path / "missing" / "g.dossier"), doctest::Contains("cannot create a temporary file"), error);
  CHECK_FALSE(fs::exists(dir.path / "missing"));
  // No temporary files are left behind by a successful save.
  save(f.g, path);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
  CHECK(files == 1);
  CHECK(read_file(path) == before);
}

TEST_CASE("snapshot.save.killed_midway_leaves_the_old_file_loadable") {
  temp_dir dir;
  const auto path = dir.path / "g.dossier";
  fixture::talent small;
  save(small.g, path);
  // A large graph takes long enough to save that the kill lands mid-way.
  graph big{schemas::investigations()};
  {
    std::vector<entity_id> people;
    const auto field = big.add("Field", "chips");
    const auto src = big.add_source({.title = "big source"});
    for (int i = 0; i < 20000; ++i) people.push_back(big.add("Person", "person " + std::to_string(i)));
    for (int i = 0; i < 60000; ++i)
      big.relate(people[static_cast<std::size_t>(i) % people.size()], "researches", field,
                 {.citations = {cite(src, "a long enough quote to make the file big " + std::to_string(i))},
                  .on_repeat = repeat_policy::parallel});
  }
  int outcomes_old = 0, outcomes_new = 0;
  for (const int delay_us : {0, 2000, 20000, 60000}) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (;;) save(big, path);  // until killed
    }
    ::usleep(static_cast<useconds_t>(delay_us));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    const auto loaded = load(path);  // must not throw
    if (loaded.entity_count() == small.g.entity_count()) ++outcomes_old;
    else if (loaded.entity_count() == big.entity_count()) ++outcomes_new;
    else FAIL("loaded a graph that is neither the old nor the new one");
  }
  CHECK(outcomes_old + outcomes_new == 4);
}

TEST_CASE("snapshot.compatibility.format_v1_fixtures_still_load") {
  // Files written by format version 1 (frozen): every later version must keep loading them.
  fixture::talent f;
  for (const std::string name : {"v1-talent.binary.dossier", "v1-talent.text.dossier"}) {
    CAPTURE(name);
    const auto g = load(fixtures / name);
    CHECK(g.entity_count() == 17);
    CHECK(g.relation_count() == 16);
    CHECK(g.resolve("Kiming").entity == f.qiming);
    CHECK(g.get(f.ttp_funded).valid().end == date{2018});
    CHECK(g.get(f.huoju_targets_chips).confidence() == doctest::Approx(0.6));
    CHECK(g.get(f.qiming).external_id().empty());  // format 1 had none
    CHECK(testing_support::first_difference(f.g, g, /*compare_schema=*/false) == "");
  }
}

namespace {
// The fixture of format 2: the talent graph with external ids on entities and relations.
dossier::graph v2_fixture_graph() {
  fixture::talent f;
  f.g.set_external_id(f.qiming, "ftm-qiming");
  f.g.set_external_id(f.miit, "ftm-miit");
  f.g.relate(f.qiming, "targets", f.island, {.external_id = "edge-1"});
  return std::move(f.g);
}
}  // namespace

TEST_CASE("snapshot.compatibility.format_v2_fixtures_load") {
  // Regenerate only when the fixture graph itself changes (DOSSIER_WRITE_FIXTURES=2); a later
  // format must keep loading these.
  const auto expected = v2_fixture_graph();
  if (std::getenv("DOSSIER_WRITE_FIXTURES") && std::string(std::getenv("DOSSIER_WRITE_FIXTURES")) == "2") {
    save(expected, fixtures / "v2-talent.binary.dossier");
    save(expected, fixtures / "v2-talent.text.dossier", {.format = archive_format::text});
  }
  for (const std::string name : {"v2-talent.binary.dossier", "v2-talent.text.dossier"}) {
    CAPTURE(name);
    const auto bytes = read_file(fixtures / name);
    REQUIRE(bytes.size() > 32);
    CHECK(bytes[8] == 2);  // the header says format 2
    const auto g = load(fixtures / name);
    CHECK(g.entity_count() == 17);
    CHECK(g.relation_count() == 17);
    CHECK(g.by_external("ftm-qiming") == g.resolve("Qiming").entity);
    CHECK(g.get(g.by_external("ftm-miit")).name() == "Ministry of Industry and Information Technology");
    CHECK(g.get(static_cast<relation_id>(16)).external_id() == "edge-1");
    CHECK(testing_support::first_difference(expected, g, /*compare_schema=*/false) == "");
  }
}

TEST_CASE("snapshot.corruption.xml_end_tags_longer_than_expected") {
  // Found by fuzz/snapshot_fuzz: Boost's XML reader compared an end tag with the expected name
  // by reading the expected name at the input tag's length, past its end for a longer tag
  // (ASan: global-buffer-overflow). Every kind of end tag is lengthened in turn; each file must
  // load or raise format_error, and the sanitizer build must see no out-of-bounds read.
  fixture::talent f;
  const auto bytes = save_to_bytes(f.g, {.format = archive_format::xml});
  std::set<std::string> end_tags;
  for (auto at = bytes.find("</"); at != std::string::npos; at = bytes.find("</", at + 2))
    end_tags.insert(bytes.substr(at, bytes.find('>', at) - at));
  REQUIRE(end_tags.size() > 5);
  for (const auto& tag : end_tags) {
    CAPTURE(tag);
    auto copy = bytes;
    const auto at = copy.find(tag + ">");
    copy.insert(at + tag.size(), "_much_longer_than_any_name_the_reader_expects");
    reseal(copy);
    try {
      const auto loaded = load_from_bytes(copy, "long-tag.dossier");
      CHECK(loaded.entity_count() == f.g.entity_count());
    } catch (const format_error& e) {
      CHECK(std::string(e.what()).find("long-tag.dossier") != std::string::npos);
    }
  }
}

TEST_CASE("snapshot.corruption.enum_fields_wider_than_their_type") {
  // An entity state travels as 32 bits: 256 used to be narrowed to 0 ("live") and load as a
  // valid graph. It must be refused, naming the field; so must a property kind of 259.
  fixture::talent f;
  const auto bytes = save_to_bytes(f.g, {.format = archive_format::xml});
  for (const auto& [field, wide] : {std::pair<std::string, std::string>{"<state>0</state>", "<state>256</state>"},
                                    {"<kind>3</kind>", "<kind>259</kind>"}}) {
    CAPTURE(wide);
    auto copy = bytes;
    const auto at = copy.find(field);
    REQUIRE(at != std::string::npos);
    copy.replace(at, field.size(), wide);
    reseal(copy);
    CHECK_THROWS_WITH_AS((void)load_from_bytes(copy, "wide.dossier"), doctest::Contains("is out of range"), format_error);
  }
}

TEST_CASE("snapshot.corruption.text_string_lengths_are_checked_before_allocating") {
  // Found by fuzz/snapshot_fuzz: a text snapshot whose string length says 4 GB made the loader
  // allocate 4 GB before noticing that the file is 9 KB. The length must be refused first.
  fixture::talent f;
  const auto bytes = save_to_bytes(f.g, {.format = archive_format::text});
  const std::string name = " 6 Qiming ";
  const auto at = bytes.find(name);
  REQUIRE(at != std::string::npos);
  for (const std::string length : {"4000000000", "18446744073709551615", "20000"}) {
    CAPTURE(length);
    auto copy = bytes;
    copy.replace(at + 1, 1, length);
    reseal(copy);
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    CHECK_THROWS_WITH_AS((void)load_from_bytes(copy, "long-string.dossier"),
                         doctest::Contains("long-string.dossier: invalid content"), format_error);
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    CHECK(after.ru_maxrss - before.ru_maxrss < 256 * 1024);  // kilobytes: no gigabyte allocation
  }
}

TEST_CASE("snapshot.corruption.hostile_payloads_with_valid_checksums") {
  // Past the checksum, the loader must still bound every count and check every id: edit the
  // payload at random places, re-seal it, and require a clean format_error or an intact graph.
  const auto g = testing_support::random_graph(3, 30, 60);
  for (const auto format : {archive_format::binary, archive_format::text}) {
    const auto bytes = save_to_bytes(g, {.format = format});
    std::mt19937_64 rng(99);
    std::size_t rejected = 0, accepted = 0;
    for (int round = 0; round < 600; ++round) {
      auto copy = bytes;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const auto at = 32 + rng() % (copy.size() - 32);
        copy[at] = static_cast<char>(rng() % 3 == 0 ? 0xFF : rng() % 256);
      }
      reseal(copy);
      try {
        const auto loaded = load_from_bytes(copy, "hostile.dossier");
        ++accepted;  // an edit that kept the file meaningful (e.g. inside a quote): still a whole graph
        CHECK(loaded.entity_slots() == g.entity_slots());
      } catch (const format_error&) {
        ++rejected;
      }
    }
    CAPTURE(static_cast<int>(format));
    CHECK(rejected > 100);
    CHECK(rejected + accepted == 600);
  }
}

// ---- issue 13 ------------------------------------------------------------------------------------

TEST_CASE("snapshot.load.a_directory_is_an_error_naming_it") {
  temp_dir dir;
  const auto expected = dir.path.string() + ": is a directory, not a file";
  CHECK_THROWS_WITH_AS((void)load(dir.path), doctest::Contains(expected.c_str()), io_error);
  // A pipe is read, not mapped.
  fixture::talent f;
  const auto fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto bytes = save_to_bytes(f.g);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::ofstream(fifo, std::ios::binary) << bytes;
    std::_Exit(0);
  }
  const auto g = load(fifo);
  ::waitpid(child, nullptr, 0);
  CHECK(g.entity_count() == f.g.entity_count());
}

TEST_CASE("snapshot.corruption.counts_are_bounded_by_the_bytes_left") {
  // A checksummed payload whose nested list counts each claim huge numbers: every count is
  // checked against what the rest of the payload can hold before anything is allocated.
  graph g{testing_support::random_test_schema()};
  value v = 1;
  for (int i = 0; i < 7; ++i) v = value(value::list_type{v});
  const auto e = g.add("Note", "nested");  // an open type: any value
  g.set(e, "anything", v);
  g.set(e, "description", std::string(4'000'000, 'd'));  // bytes after the lists: room to claim a lot
  const auto bytes = save_to_bytes(g);
  // In binary, a list is its kind (7, 4 bytes) then its count (8 bytes): 7 0 0 0 1 0 0 0 0 0 0 0.
  const std::string one_item("\x07\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00", 12);
  auto hostile = bytes;
  std::size_t patched = 0;
  for (auto at = hostile.find(one_item); at != std::string::npos; at = hostile.find(one_item, at + 12), ++patched)
    for (int k = 0; k < 4; ++k) hostile[at + 4 + static_cast<std::size_t>(k)] = '\x7F';  // 2^31-ish items each
  REQUIRE(patched >= 7);
  reseal(hostile);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(hostile, "nested.dossier"), doctest::Contains("items: 2139062143 claimed, but the remaining"),
                       format_error);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024);  // kilobytes

  // The entity count of a 10 MB payload claiming 10^7 entities, each at least 6 fields long.
  // A schema of one type, so that the first "count 1, then a live state" is the entity count.
  schema one;
  one.add_entity_type("T", {.properties = {{"description", value_kind::string}}});
  graph padded{std::move(one)};
  padded.set(padded.add("T", "padding"), "description", std::string(10'000'000, 'p'));
  auto claim = save_to_bytes(padded);
  const std::string one_entity("\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 12);  // count 1, then state 0 (live)
  const auto at = claim.find(one_entity);
  REQUIRE(at != std::string::npos);
  const std::uint64_t ten_million = 10'000'000;
  for (int k = 0; k < 8; ++k) claim[at + static_cast<std::size_t>(k)] = static_cast<char>((ten_million >> (8 * k)) & 0xFF);
  reseal(claim);
  CHECK_THROWS_WITH_AS((void)load_from_bytes(claim, "claim.dossier"), doctest::Contains("entities: 10000000 claimed, but the remaining"),
                       format_error);
}

TEST_CASE("snapshot.save.keeps_the_mode_or_follows_the_umask") {
  temp_dir dir;
  fixture::talent f;
  const auto path = dir.path / "private.dossier";
  save(f.g, path);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);  // 0600
  save(f.g, path);
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  // A new file follows the umask.
  const auto old_mask = ::umask(027);
  save(f.g, dir.path / "new.dossier");
  ::umask(old_mask);
  CHECK((fs::status(dir.path / "new.dossier").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("snapshot.save.removes_stale_temporaries_that_no_one_holds") {
  temp_dir dir;
  fixture::talent f;
  const auto path = dir.path / "g.dossier";
  // What a save killed on a file system without O_TMPFILE leaves: a named temporary.
  std::ofstream(dir.path / ".g.dossier.tmp-abc123") << "half a snapshot";
  // One that a live writer holds (locked), and files of other names: all kept.
  std::ofstream(dir.path / ".g.dossier.tmp-held00") << "in use";
  const int held = ::open((dir.path / ".g.dossier.tmp-held00").c_str(), O_RDONLY);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  std::ofstream(dir.path / ".other.dossier.tmp-abc123") << "another target's";
  std::ofstream(dir.path / ".g.dossier.tmp-toolongname") << "not our pattern";
  save(f.g, path);
  CHECK_FALSE(fs::exists(dir.path / ".g.dossier.tmp-abc123"));
  CHECK(fs::exists(dir.path / ".g.dossier.tmp-held00"));
  CHECK(fs::exists(dir.path / ".other.dossier.tmp-abc123"));
  CHECK(fs::exists(dir.path / ".g.dossier.tmp-toolongname"));
  ::close(held);
  save(f.g, path);  // released: now it is stale
  CHECK_FALSE(fs::exists(dir.path / ".g.dossier.tmp-held00"));
}

TEST_CASE("snapshot.save.killed_saves_leave_no_temporaries") {
  temp_dir dir;
  const auto path = dir.path / "g.dossier";
  graph big{schemas::investigations()};
  const auto src = big.add_source({.title = "big source"});
  for (int i = 0; i < 200'000; ++i) big.add("Person", "person " + std::to_string(i), {.properties = {{"position", "x"}}, .ev = {.citations = {cite(src)}}});
  for (int round = 0; round < 6; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (;;) save(big, path);
    }
    ::usleep(static_cast<useconds_t>(10'000 + round * 15'000));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
  }
  fixture::talent f;
  save(f.g, path);  // a later save cleans up whatever could be left
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
  CHECK(files == 1);
  CHECK(load(path).entity_count() == f.g.entity_count());
}

TEST_CASE("snapshot.a_merge_into_an_entity_removed_later_round_trips") {
  // Found by the database's concurrency test: A merged into B, then B removed, left a snapshot
  // that load() refused ("redirects to a removed entity").
  graph g(schemas::investigations());
  const auto a = g.add("Person", "Chen Biaohua");
  const auto b = g.add("Person", "Biaohua Chen");
  const auto c = g.add("Person", "Chen B.");
  g.merge(b, a);
  g.merge(c, b);
  g.remove(c);
  const auto back = load_from_bytes(save_to_bytes(g));
  CHECK(back.entity_count() == 0);
  CHECK_FALSE(back.contains(a));
  CHECK_THROWS_AS((void)back.get(a), not_found);
  CHECK(back.redirects() == g.redirects());
}
