// Snapshot persistence. Boost.Serialization is confined to this translation unit.
#include <dossier/io/snapshot.hpp>
#include <dossier/store/graph.hpp>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/binary_object.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/string.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>
#include <type_traits>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

DOSSIER_NAMESPACE_BEGIN

namespace {

using boost::serialization::make_nvp;

constexpr char magic[8] = {'\x89', 'D', 'O', 'S', 'S', 'I', 'E', 'R'};
constexpr std::size_t header_size = 32;
constexpr int max_value_depth = 8;
// No Boost archive headers: the file header carries version and kind, and archives stay
// readable by any later Boost.
constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_tracking;

// CRC-32C (Castagnoli) of the payload: detects every burst error up to 32 bits. Computed with
// the SSE4.2 instruction where the processor has it (about 20 times faster), else by table.
std::uint32_t crc32c_table_based(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = ~0u;
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t crc32c_hardware(std::string_view bytes) {
  std::uint64_t crc = ~0u;
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    crc = __builtin_ia32_crc32di(crc, word);
  }
  auto c = static_cast<std::uint32_t>(crc);
  for (; n > 0; ++p, --n) c = __builtin_ia32_crc32qi(c, static_cast<unsigned char>(*p));
  return ~c;
}
#endif

std::uint64_t checksum(std::string_view bytes) {
#if defined(__x86_64__)
  static const bool hardware = __builtin_cpu_supports("sse4.2");
  if (hardware) return crc32c_hardware(bytes);
#endif
  return crc32c_table_based(bytes);
}

// Reads an in-memory payload without copying it into a stream's own buffer.
class memory_buffer : public std::streambuf {
 public:
  explicit memory_buffer(std::string_view bytes) {
    char* b = const_cast<char*>(bytes.data());  // read-only: no put area is ever set
    setg(b, b, b + bytes.size());
  }
};

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

// Raised inside deserialisation; turned into format_error with the file name outside.
struct bad_payload : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

// Direct access to the graph's storage, for writing and for rebuilding it exactly.
struct graph::restore_access {
  struct extras_columns;
  template <class Archive>
  class codec {
   public:
    // `in` is the stream a loading archive reads from (text archives need it, see blob).
    codec(Archive& ar, std::size_t budget, std::istream* in = nullptr) : ar_(ar), budget_(budget), in_(in) {}
    static constexpr bool loading = Archive::is_loading::value;

    template <class T>
    void field(const char* name, T& v) {
      ar_& make_nvp(name, v);
    }
    // A count of elements that each take at least one byte: bounded by the payload size.
    std::uint64_t count(const char* name, std::uint64_t n) {
      ar_& make_nvp(name, n);
      if (loading && n > budget_) throw bad_payload(std::string(name) + " " + std::to_string(n) + " exceeds the payload size");
      return n;
    }
    void str(const char* name, std::string& s) {
      blob(name, s);
      if (loading && !is_valid_utf8(s)) throw bad_payload(std::string(name) + " is not valid UTF-8");
    }
    // Bytes whose content the caller checks.
    void blob(const char* name, std::string& s) {
      if constexpr (std::is_same_v<Archive, boost::archive::binary_oarchive> ||
                    std::is_same_v<Archive, boost::archive::binary_iarchive>) {
        // Binary: the length is checked before any allocation.
        const auto n = count(name, s.size());
        if (loading) s.resize(n);
        if (n) ar_& make_nvp("bytes", boost::serialization::make_binary_object(s.data(), n));
      } else if constexpr (std::is_same_v<Archive, boost::archive::text_iarchive>) {
        // Boost's text reader sizes the string from the file before reading it, so a hostile
        // length allocated gigabytes (found by fuzz/snapshot_fuzz). The same layout as Boost
        // writes it, "<length> <bytes>", read here with the length checked first.
        const auto n = count(name, 0);
        in_->get();  // the separating space
        s.resize(n);
        if (n && !in_->read(s.data(), static_cast<std::streamsize>(n))) throw bad_payload(std::string(name) + " is cut short");
      } else {
        ar_& make_nvp(name, s);
        if (loading && s.size() > budget_) throw bad_payload(std::string(name) + " longer than the payload");
      }
    }
    // Booleans travel as one byte that must be 0 or 1: reading a raw byte into a bool would be
    // undefined behaviour for any other value.
    void flag(const char* name, bool& b) {
      std::uint8_t x = b ? 1 : 0;
      ar_& make_nvp(name, x);
      if constexpr (loading) {
        if (x > 1) throw bad_payload(std::string(name) + " is not a boolean");
        b = x == 1;
      }
    }
    // Small unsigned fields (enums) travel as 32 bits for text archives. A value too wide for
    // the field is refused: narrowing it would turn a state of 256 into 0, "live".
    template <class T>
    void u(const char* name, T& v) {
      std::uint32_t x = static_cast<std::uint32_t>(v);
      ar_& make_nvp(name, x);
      if constexpr (loading) {
        using field = typename std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>::type;
        if (x > std::numeric_limits<field>::max()) throw bad_payload(std::string(name) + " " + std::to_string(x) + " is out of range");
        v = static_cast<T>(x);
      }
    }
    Archive& ar() { return ar_; }

   private:
    Archive& ar_;
    std::size_t budget_;
    std::istream* in_;
  };

  // ---- values ----
  template <class A>
  static void io_date(codec<A>& c, date& d) {
    std::int32_t y = d.year(), mo = d.month(), da = d.day(), h = d.hour(), mi = d.minute(), se = d.second();
    std::uint32_t p = static_cast<std::uint32_t>(d.precision());
    c.field("y", y); c.field("mo", mo); c.field("d", da); c.field("h", h); c.field("mi", mi); c.field("s", se); c.field("p", p);
    if constexpr (codec<A>::loading) {
      try {
        switch (static_cast<date_precision>(p)) {
          case date_precision::year: d = date(y); break;
          case date_precision::month: d = date(y, mo); break;
          case date_precision::day: d = date(y, mo, da); break;
          case date_precision::second: d = date(y, mo, da, h, mi, se); break;
          default: throw bad_payload("date precision " + std::to_string(p) + " is unknown");
        }
      } catch (const value_error& e) {
        throw bad_payload(e.what());
      }
    }
  }
  template <class A>
  static void io_optional_date(codec<A>& c, const char* name, std::optional<date>& d) {
    bool has = d.has_value();
    c.flag(name, has);
    if (!has) { d.reset(); return; }
    if constexpr (codec<A>::loading) d.emplace();
    io_date(c, *d);
  }
  template <class A>
  static void io_decimal(codec<A>& c, decimal& x) {
    std::int64_t units = x.units();
    std::int32_t scale = x.scale();
    c.field("units", units);
    c.field("scale", scale);
    if (codec<A>::loading && (scale < 0 || scale > decimal::max_scale)) throw bad_payload("decimal scale out of range");
    if constexpr (codec<A>::loading) x = decimal(units, scale);
  }
  template <class A>
  static void io_value(codec<A>& c, value& v, int depth) {
    if (depth > max_value_depth) throw bad_payload("values nested deeper than " + std::to_string(max_value_depth));
    std::uint32_t kind = static_cast<std::uint32_t>(v.kind());
    c.field("kind", kind);
    constexpr bool loading = codec<A>::loading;
    switch (static_cast<value_kind>(kind)) {
      case value_kind::null: if (loading) v = value{}; break;
      case value_kind::boolean: { bool b = loading ? false : v.as_bool(); c.flag("b", b); if (loading) v = value{b}; break; }
      case value_kind::integer: { std::int64_t i = loading ? 0 : v.as_int(); c.field("i", i); if (loading) v = value{i}; break; }
      case value_kind::real: { double r = loading ? 0 : v.as_real(); c.field("r", r); if (loading) v = value{r}; break; }
      case value_kind::string: { std::string s = loading ? std::string() : v.as_string(); c.str("s", s); if (loading) v = value{std::move(s)}; break; }
      case value_kind::date: { date d = loading ? date{} : v.as_date(); io_date(c, d); if (loading) v = value{d}; break; }
      case value_kind::money: {
        money m = loading ? money{} : v.as_money();
        decimal lo = m.low(), hi = m.high();
        std::string cur = loading ? std::string() : std::string(m.currency_code().code());
        io_decimal(c, lo);
        io_decimal(c, hi);
        c.str("currency", cur);
        if (loading) {
          try {
            v = value{money(lo, hi, currency(cur))};
          } catch (const value_error& e) {
            throw bad_payload(e.what());
          }
        }
        break;
      }
      case value_kind::list: {
        value::list_type items = loading ? value::list_type{} : v.as_list();
        const auto n = c.count("items", items.size());
        if (loading) items.resize(n);
        for (auto& item : items) io_value(c, item, depth + 1);
        if (loading) v = value{std::move(items)};
        break;
      }
      default: throw bad_payload("value kind " + std::to_string(kind) + " is unknown");
    }
  }
  template <class A>
  static void io_evidence(codec<A>& c, evidence& ev) {
    const auto n = c.count("citations", ev.citations.size());
    if (codec<A>::loading) ev.citations.resize(n);
    for (auto& ci : ev.citations) {
      std::uint32_t src = to_index(ci.source);
      c.field("source", src);
      if constexpr (codec<A>::loading) ci.source = static_cast<entity_id>(src);
      c.str("quote", ci.quote);
      c.field("confidence", ci.confidence);
      io_optional_date(c, "first_seen", ci.first_seen);
      io_optional_date(c, "last_seen", ci.last_seen);
      if (codec<A>::loading) {
        try {
          validate(ci);
        } catch (const error& e) {
          throw bad_payload(e.what());
        }
      }
    }
    io_optional_date(c, "valid_start", ev.valid.start);
    io_optional_date(c, "valid_end", ev.valid.end);
  }
  template <class A>
  static void io_statements(codec<A>& c, std::vector<property_statement>& props) {
    const auto n = c.count("properties", props.size());
    if (codec<A>::loading) props.resize(n);
    for (auto& p : props) {
      std::uint32_t id = to_index(p.property);
      c.field("property", id);
      if constexpr (codec<A>::loading) p.property = static_cast<property_id>(id);
      io_value(c, p.val, 0);
      io_evidence(c, p.ev);
    }
  }

  // ---- schema ----
  template <class A>
  static void io_property_specs(codec<A>& c, std::vector<property_spec>& specs) {
    const auto n = c.count("declared", specs.size());
    if (codec<A>::loading) specs.resize(n);
    for (auto& p : specs) {
      c.str("name", p.name);
      c.u("kind", p.kind);
      if (codec<A>::loading && static_cast<std::uint32_t>(p.kind) > static_cast<std::uint32_t>(value_kind::list))
        throw bad_payload("property kind out of range");
      c.str("semantic", p.semantic);
      c.str("range", p.range);
      c.str("label", p.label);
    }
  }
  static std::vector<property_spec> specs_of(const std::vector<property_def>& defs) {
    std::vector<property_spec> out;
    for (const auto& d : defs) out.push_back({d.name, d.kind, d.semantic, d.range_name, d.label});
    return out;
  }
  template <class A>
  static void io_names(codec<A>& c, const char* what, std::vector<std::string>& names) {
    const auto n = c.count(what, names.size());
    if (codec<A>::loading) names.resize(n);
    for (auto& s : names) c.str("name", s);
  }

  template <class A>
  static void io_schema(codec<A>& c, dossier::schema& s) {
    constexpr bool loading = codec<A>::loading;
    // Property names first, in id order, so that property ids survive.
    std::vector<std::string> props;
    if (!loading)
      for (std::uint32_t i = 0; i < s.property_count(); ++i) props.push_back(s.property_name(static_cast<property_id>(i)));
    io_names(c, "property_names", props);
    if (loading)
      for (const auto& p : props) s.intern_property(p);

    std::uint64_t n = c.count("entity_types", s.entity_type_count());
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string name, label;
      entity_type_spec spec;
      if (!loading) {
        const auto& t = s.entity_types()[i];
        name = t.name;
        label = t.label;
        for (auto p : t.parents) spec.parents.push_back(s.name(p));
        spec.abstract = t.abstract;
        spec.open = t.open;
        spec.properties = specs_of(t.own_properties);
      }
      c.str("name", name);
      c.str("label", label);
      io_names(c, "parents", spec.parents);
      c.flag("abstract", spec.abstract);
      c.flag("open", spec.open);
      io_property_specs(c, spec.properties);
      if (loading) {
        spec.label = label;
        try {
          s.add_entity_type(name, std::move(spec));
        } catch (const schema_error& e) {
          throw bad_payload(e.what());
        }
      }
    }
    n = c.count("relation_types", s.relation_type_count());
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string name, label;
      relation_type_spec spec;
      if (!loading) {
        const auto& t = s.relation_types()[i];
        name = t.name;
        label = t.label;
        for (auto p : t.parents) spec.parents.push_back(s.name(p));
        spec.domain = t.declared_domain;
        spec.range = t.declared_range;
        spec.abstract = t.abstract;
        spec.directed = t.directed;
        spec.open = t.open;
        spec.properties = specs_of(t.own_properties);
      }
      c.str("name", name);
      c.str("label", label);
      io_names(c, "parents", spec.parents);
      c.str("domain", spec.domain);
      c.str("range", spec.range);
      c.flag("abstract", spec.abstract);
      c.flag("directed", spec.directed);
      c.flag("open", spec.open);
      io_property_specs(c, spec.properties);
      if (loading) {
        spec.label = label;
        try {
          s.add_relation_type(name, std::move(spec));
        } catch (const schema_error& e) {
          throw bad_payload(e.what());
        }
      }
    }
  }

  // ---- the graph ----
  template <class A>
  static void io_graph(codec<A>& c, graph& g, extras_columns& x) {
    constexpr bool loading = codec<A>::loading;
    io_schema(c, g.schema_);
    if (auto doc = g.schema_.try_entity_type("Document")) g.document_type_ = *doc;
    const auto entity_count = c.count("entities", g.entities_.size());
    if (loading) {
      detail::resize_for_fill(g.entities_, entity_count);
      g.entity_types_.resize(entity_count);
      g.entity_states_.resize(entity_count);
    }
    for (std::size_t i = 0; i < g.entities_.size(); ++i) {
      auto& e = g.entities_[i];
      c.u("state", g.entity_states_[i]);
      std::uint32_t redirect = to_index(e.redirect), type = to_index(g.entity_types_[i]);
      c.field("redirect", redirect);
      c.field("type", type);
      if constexpr (loading) {
        e.redirect = static_cast<entity_id>(redirect);
        g.entity_types_[i] = static_cast<entity_type_id>(type);
      }
      c.str("name", e.name);
      const auto na = c.count("aliases", e.aliases.size());
      if (loading) e.aliases.resize(na);
      for (auto& a : e.aliases) {
        c.str("alias", a.name);
        c.str("lang", a.lang);
      }
      io_statements(c, e.properties);
    }
    const auto relation_count = c.count("relations", g.relations_.size());
    if (loading) detail::resize_for_fill(g.relations_, relation_count);
    if (relation_count) {
      static_assert(sizeof(relation_record) == 16);
      // Records are plain 32-bit fields: one block for binary archives, element-wise for text.
      auto* words = reinterpret_cast<std::uint32_t*>(g.relations_.data());
      c.ar() & make_nvp("records", boost::serialization::make_array(words, relation_count * 4));
    }
    io_extras(c, g, x);
  }

  // Dates packed into one word (never 0, so 0 means "no date"); unpacking validates.
  static std::uint64_t pack(const std::optional<date>& d) {
    if (!d) return 0;
    return (static_cast<std::uint64_t>(static_cast<std::uint16_t>(d->year())) << 48) |
           (static_cast<std::uint64_t>(d->month()) << 40) | (static_cast<std::uint64_t>(d->day()) << 32) |
           (static_cast<std::uint64_t>(d->hour()) << 24) | (static_cast<std::uint64_t>(d->minute()) << 16) |
           (static_cast<std::uint64_t>(d->second()) << 8) | (static_cast<std::uint64_t>(d->precision()) + 1);
  }
  static std::optional<date> unpack(std::uint64_t w) {
    if (w == 0) return std::nullopt;
    const int y = static_cast<std::int16_t>(static_cast<std::uint16_t>(w >> 48));
    const int mo = static_cast<int>((w >> 40) & 0xFF), d = static_cast<int>((w >> 32) & 0xFF);
    const int h = static_cast<int>((w >> 24) & 0xFF), mi = static_cast<int>((w >> 16) & 0xFF), se = static_cast<int>((w >> 8) & 0xFF);
    try {
      switch (static_cast<int>(w & 0xFF) - 1) {
        case 0: return date(y);
        case 1: return date(y, mo);
        case 2: return date(y, mo, d);
        case 3: return date(y, mo, d, h, mi, se);
        default: break;
      }
    } catch (const value_error& e) {
      throw bad_payload(e.what());
    }
    throw bad_payload("date precision out of range");
  }

  template <class T, class A>
  static void io_column(codec<A>& c, const char* name, std::vector<T>& column) {
    const auto n = c.count(name, column.size());
    if (codec<A>::loading) column.resize(n);
    if (n) c.ar() & make_nvp("values", boost::serialization::make_array(column.data(), n));
  }

  // Relation evidence as read from the archive, column by column; turned into evidence
  // records by materialize_extras, which runs alongside the adjacency rebuild.
  struct extras_columns {
    std::vector<std::uint32_t> citation_count, property_count;
    std::vector<std::uint32_t> source, quote_length;
    std::vector<double> confidence;
    std::string quotes;
    // Dates are rare: (position, packed date) pairs for the ones present.
    std::vector<std::uint64_t> valid_start, valid_end, first_seen, last_seen;
    std::vector<std::pair<std::uint32_t, std::vector<property_statement>>> properties;  // (extra, statements)
  };

  // Relation evidence, column by column: counts, sources, confidences, quotes as one block,
  // dates packed. A binary archive reads each column in one go.
  template <class A>
  static void io_extras(codec<A>& c, graph& g, extras_columns& x) {
    constexpr bool loading = codec<A>::loading;
    const auto sparse = [](std::vector<std::uint64_t>& column, std::uint64_t position, const std::optional<date>& d) {
      if (d) {
        column.push_back(position);
        column.push_back(pack(d));
      }
    };
    if (!loading) {
      std::uint64_t at = 0;
      for (std::uint64_t i = 0; i < g.extras_.size(); ++i) {
        const auto& e = g.extras_[i];
        x.citation_count.push_back(static_cast<std::uint32_t>(e.ev.citations.size()));
        x.property_count.push_back(static_cast<std::uint32_t>(e.properties.size()));
        sparse(x.valid_start, i, e.ev.valid.start);
        sparse(x.valid_end, i, e.ev.valid.end);
        for (const auto& ci : e.ev.citations) {
          x.source.push_back(to_index(ci.source));
          x.confidence.push_back(ci.confidence);
          x.quote_length.push_back(static_cast<std::uint32_t>(ci.quote.size()));
          x.quotes += ci.quote;
          sparse(x.first_seen, at, ci.first_seen);
          sparse(x.last_seen, at, ci.last_seen);
          ++at;
        }
      }
    }
    io_column(c, "citation_counts", x.citation_count);
    io_column(c, "property_counts", x.property_count);
    io_column(c, "sources", x.source);
    io_column(c, "confidences", x.confidence);
    io_column(c, "quote_lengths", x.quote_length);
    c.blob("quotes", x.quotes);  // each quote is checked as UTF-8 on its own
    io_column(c, "valid_starts", x.valid_start);
    io_column(c, "valid_ends", x.valid_end);
    io_column(c, "first_seen", x.first_seen);
    io_column(c, "last_seen", x.last_seen);
    // Relation properties are rare: stored record by record.
    for (std::size_t i = 0; i < x.property_count.size(); ++i) {
      if (!x.property_count[i]) continue;
      if constexpr (loading) {
        x.properties.emplace_back(static_cast<std::uint32_t>(i), std::vector<property_statement>{});
        io_statements(c, x.properties.back().second);
      } else {
        io_statements(c, g.extras_[i].properties);
      }
    }
  }

  // Which entity slots are live and which are sources: dense, so that checking millions of
  // references stays in cache. `where` arguments below are functions, so that a message is
  // only built on failure.
  struct entity_facts {
    std::vector<std::uint8_t> live, source;
  };
  template <class Where>
  static void check_cited(std::uint32_t src, const entity_facts& f, const Where& where) {
    if (src >= f.live.size() || !f.live[src]) throw bad_payload(where() + " cites entity " + std::to_string(src) + ", which is not live");
    if (!f.source[src]) throw bad_payload(where() + " cites entity " + std::to_string(src) + ", which is not a source");
  }
  template <class Where>
  static void check_valid(const valid_time& v, const Where& where) {
    if (v.start && v.end && v.end->before(*v.start)) throw bad_payload(where() + " has a valid time ending before it starts");
  }
  template <class Where>
  static void check_statements(const std::vector<property_statement>& statements, std::size_t property_limit,
                               const entity_facts& f, const Where& where) {
    for (const auto& p : statements) {
      if (to_index(p.property) >= property_limit) throw bad_payload(where() + " has an unknown property id");
      for (const auto& ci : p.ev.citations) check_cited(to_index(ci.source), f, where);
      check_valid(p.ev.valid, where);
    }
  }

  // Builds the evidence records from the columns, checking each value.
  static void materialize_extras(graph& g, extras_columns& x, const entity_facts& facts, std::size_t property_limit) {
    const auto n = x.citation_count.size();
    const auto citations = x.source.size();
    if (x.property_count.size() != n || x.confidence.size() != citations || x.quote_length.size() != citations)
      throw bad_payload("relation evidence columns have different lengths");
    std::uint64_t total_citations = 0, total_quotes = 0;
    for (auto k : x.citation_count) total_citations += k;
    for (auto k : x.quote_length) total_quotes += k;
    if (total_citations != citations) throw bad_payload("relation evidence columns do not add up");
    if (total_quotes != x.quotes.size()) throw bad_payload("citation quotes are truncated or too long");
    detail::resize_for_fill(g.extras_, n);
    std::size_t at = 0, quote_at = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto where = [i] { return "relation evidence " + std::to_string(i); };
      auto& e = g.extras_[i];
      e.ev.citations.resize(x.citation_count[i]);
      for (auto& ci : e.ev.citations) {
        const auto src = x.source[at];
        check_cited(src, facts, where);
        ci.source = static_cast<entity_id>(src);
        ci.confidence = x.confidence[at];
        if (!(ci.confidence >= 0.0 && ci.confidence <= 1.0)) throw bad_payload("citation confidence outside [0, 1]");
        ci.quote.assign(x.quotes, quote_at, x.quote_length[at]);
        if (!is_valid_utf8(ci.quote)) throw bad_payload("a citation quote is not valid UTF-8");
        quote_at += x.quote_length[at];
        ++at;
      }
    }
    const auto scatter = [&](const std::vector<std::uint64_t>& column, std::uint64_t limit, const char* what, auto&& apply) {
      if (column.size() % 2) throw bad_payload(std::string(what) + " column is malformed");
      for (std::size_t k = 0; k < column.size(); k += 2) {
        if (column[k] >= limit) throw bad_payload(std::string(what) + " refers past the end");
        apply(column[k], unpack(column[k + 1]));
      }
    };
    std::vector<citation*> by_position;
    if (!x.first_seen.empty() || !x.last_seen.empty()) {
      by_position.reserve(citations);
      for (auto& e : g.extras_)
        for (auto& ci : e.ev.citations) by_position.push_back(&ci);
    }
    scatter(x.valid_start, n, "valid start", [&](std::uint64_t i, std::optional<date> d) { g.extras_[i].ev.valid.start = d; });
    scatter(x.valid_end, n, "valid end", [&](std::uint64_t i, std::optional<date> d) { g.extras_[i].ev.valid.end = d; });
    scatter(x.first_seen, citations, "first seen", [&](std::uint64_t i, std::optional<date> d) { by_position[i]->first_seen = d; });
    scatter(x.last_seen, citations, "last seen", [&](std::uint64_t i, std::optional<date> d) { by_position[i]->last_seen = d; });
    for (const auto* ci : by_position) {
      try {
        validate(*ci);
      } catch (const error& e) {
        throw bad_payload(e.what());
      }
    }
    // Valid times are sparse: only the records the columns name can be wrong.
    for (std::size_t k = 0; k < x.valid_end.size(); k += 2) {
      const auto i = x.valid_end[k];
      check_valid(g.extras_[i].ev.valid, [i] { return "relation evidence " + std::to_string(i); });
    }
    for (auto& [i, statements] : x.properties) {
      if (i >= n) throw bad_payload("relation properties refer past the end");
      check_statements(statements, property_limit, facts, [i = i] { return "relation evidence " + std::to_string(i); });
      g.extras_[i].properties = std::move(statements);
    }
  }

  // Checks every cross-reference, then rebuilds rankings and adjacency. Once the relation
  // records are known to be sound, the adjacency rebuild runs on another thread while this
  // one turns the evidence columns into records.
  static void validate_and_index(graph& g, extras_columns& x) {
    const auto& s = g.schema_;
    const auto n = static_cast<std::uint32_t>(g.entities_.size());
    const auto property_count = s.property_count();
    entity_facts facts{std::vector<std::uint8_t>(n, 0), std::vector<std::uint8_t>(n, 0)};
    auto& live = facts.live;
    const auto& types = g.entity_types_;
    const auto& states = g.entity_states_;
    for (std::uint32_t i = 0; i < n; ++i) {
      live[i] = states[i] == slot_state::live;
      facts.source[i] = live[i] && to_index(types[i]) < s.entity_type_count() && !is_null(g.document_type_) &&
                        s.is_a(types[i], g.document_type_);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto& e = g.entities_[i];
      const auto where = [i] { return "entity " + std::to_string(i); };
      if (static_cast<std::uint32_t>(states[i]) > 2) throw bad_payload(where() + " has an unknown state");
      if (states[i] == slot_state::merged) {
        // The redirect chain must end at a live entity without looping.
        std::uint32_t at = i;
        for (std::uint32_t hops = 0;; ++hops) {
          if (hops > n) throw bad_payload(where() + " redirects in a loop");
          const auto next = to_index(g.entities_[at].redirect);
          if (next >= n) throw bad_payload(where() + " redirects to a missing entity");
          at = next;
          if (states[at] == slot_state::live) break;
          if (states[at] == slot_state::removed) throw bad_payload(where() + " redirects to a removed entity");
        }
        continue;
      }
      if (states[i] != slot_state::live) continue;
      if (to_index(types[i]) >= s.entity_type_count()) throw bad_payload(where() + " has an unknown type");
      if (e.name.empty()) throw bad_payload(where() + " has an empty name");
      check_statements(e.properties, property_count, facts, where);
    }
    const auto extra_count = x.citation_count.size();
    for (std::uint32_t r = 0; r < g.relations_.size(); ++r) {
      const auto& rr = g.relations_[r];
      const auto where = [r] { return "relation " + std::to_string(r); };
      if (rr.extra != detail::npos32 && rr.extra >= extra_count) throw bad_payload(where() + " has a missing evidence record");
      if (rr.source == detail::npos32) continue;
      if (rr.source >= n || rr.target >= n || !live[rr.source] || !live[rr.target])
        throw bad_payload(where() + " links an entity that is not live");
      if (to_index(rr.type) >= s.relation_type_count()) throw bad_payload(where() + " has an unknown type");
      // Endpoint types as the schema declares them: queries rely on it to skip type checks.
      const auto& rt = s.info(rr.type);
      if ((!is_null(rt.domain) && !s.is_a(g.entity_types_[rr.source], rt.domain)) ||
          (!is_null(rt.range) && !s.is_a(g.entity_types_[rr.target], rt.range))) {
        try {
          s.check_endpoints(rr.type, g.entity_types_[rr.source], g.entity_types_[rr.target]);
        } catch (const schema_error& e) {
          throw bad_payload(where() + ": " + e.what());
        }
      }
    }
    // The records are sound: index them while the evidence is built.
    std::exception_ptr index_failure;
    std::thread indexer([&] {
      try {
        for (std::uint32_t i = 0; i < n; ++i) g.entity_rank_.push();
        for (std::uint32_t i = 0; i < n; ++i)
          if (g.entity_states_[i] != slot_state::live) g.entity_rank_.erase(i);
        for (std::uint32_t r = 0; r < g.relations_.size(); ++r) g.relation_rank_.push();
        for (std::uint32_t r = 0; r < g.relations_.size(); ++r)
          if (g.relations_[r].source == detail::npos32) g.relation_rank_.erase(r);
        // Names are indexed on the first lookup (graph::names()).
        g.rebuild_adjacency();
      } catch (...) {
        index_failure = std::current_exception();
      }
    });
    try {
      materialize_extras(g, x, facts, property_count);
    } catch (...) {
      indexer.join();
      throw;
    }
    indexer.join();
    if (index_failure) std::rethrow_exception(index_failure);
  }
};

namespace {

template <class OArchive>
std::string write_payload(const graph& g) {
  std::ostringstream out(std::ios::binary);
  {
    OArchive ar(out, archive_flags);
    graph::restore_access::codec<OArchive> c(ar, 0);
    graph::restore_access::extras_columns columns;
    graph::restore_access::io_graph(c, const_cast<graph&>(g), columns);  // saving only reads
  }
  return std::move(out).str();
}

template <class IArchive>
graph read_payload(std::string_view payload) {
  graph g{dossier::schema{}};
  memory_buffer buffer(payload);
  std::istream in(&buffer);
  // Boost 1.74's XML reader compares an end tag with the expected name by reading the expected
  // name at the input tag's length: a longer tag in a hostile file reads past the end of the
  // name (found by fuzz/snapshot_fuzz). The comparison is only a debugging aid; the content is
  // validated below in any case, so it is turned off.
  constexpr unsigned reader_flags =
      archive_flags | (std::is_same_v<IArchive, boost::archive::xml_iarchive> ? unsigned{boost::archive::no_xml_tag_checking} : 0u);
  IArchive ar(in, reader_flags);
  graph::restore_access::codec<IArchive> c(ar, payload.size(), &in);
  graph::restore_access::extras_columns columns;
  graph::restore_access::io_graph(c, g, columns);
  graph::restore_access::validate_and_index(g, columns);
  return g;
}

std::string make_file_bytes(const graph& g, archive_format format) {
  std::string payload;
  switch (format) {
    case archive_format::binary: payload = write_payload<boost::archive::binary_oarchive>(g); break;
    case archive_format::text: payload = write_payload<boost::archive::text_oarchive>(g); break;
    case archive_format::xml: payload = write_payload<boost::archive::xml_oarchive>(g); break;
    default: throw error("save: unknown archive format " + std::to_string(static_cast<int>(format)));
  }
  std::string out(magic, sizeof magic);
  put_le(out, snapshot_format_version, 4);
  put_le(out, static_cast<std::uint32_t>(format), 4);
  put_le(out, payload.size(), 8);
  put_le(out, checksum(payload), 8);
  out += payload;
  return out;
}

[[noreturn]] void io_failure(const std::filesystem::path& path, const std::string& what) {
  throw error(path.string() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string save_to_bytes(const graph& g, save_options options) { return make_file_bytes(g, options.format); }

graph load_from_bytes(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  const auto fail = [&](const std::string& what) -> graph { throw format_error(where + ": " + what); };
  if (bytes.empty()) return fail("empty file, not a dossier snapshot");
  if (bytes.size() < sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
    return fail("not a dossier snapshot (bad magic)");
  if (bytes.size() < header_size) return fail("truncated header (" + std::to_string(bytes.size()) + " bytes)");
  const auto version = get_le(bytes, 8, 4);
  const auto kind = get_le(bytes, 12, 4);
  const auto size = get_le(bytes, 16, 8);
  const auto sum = get_le(bytes, 24, 8);
  if (version == 0) return fail("format version 0 is invalid");
  if (version > snapshot_format_version)
    return fail("written by a newer format version " + std::to_string(version) + " (this library reads up to " +
                std::to_string(snapshot_format_version) + ")");
  if (kind > 2) return fail("unknown archive kind " + std::to_string(kind));
  if (size != bytes.size() - header_size)
    return fail(size > bytes.size() - header_size
                    ? "truncated: payload should be " + std::to_string(size) + " bytes, file has " +
                          std::to_string(bytes.size() - header_size)
                    : "trailing bytes after the payload");
  const auto payload = bytes.substr(header_size);
  if (checksum(payload) != sum) return fail("checksum mismatch: the file is corrupted");
  try {
    switch (static_cast<archive_format>(kind)) {
      case archive_format::binary: return read_payload<boost::archive::binary_iarchive>(payload);
      case archive_format::text: return read_payload<boost::archive::text_iarchive>(payload);
      case archive_format::xml: return read_payload<boost::archive::xml_iarchive>(payload);
    }
  } catch (const bad_payload& e) {
    return fail(std::string("invalid content: ") + e.what());
  } catch (const format_error&) {
    throw;
  } catch (const std::exception& e) {
    return fail(std::string("unreadable payload: ") + e.what());
  }
  return fail("unknown archive kind");
}

void save(const graph& g, const std::filesystem::path& path, save_options options) {
  const std::string bytes = make_file_bytes(g, options.format);
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-" + std::string(6, 'X'))).string();  // mkstemp template
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) io_failure(path, "cannot create a temporary file beside it");
  const auto cleanup = [&] {
    ::close(fd);
    ::unlink(tmpl.c_str());
  };
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      cleanup();
      errno = saved;
      io_failure(path, "write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int saved = errno;
    cleanup();
    errno = saved;
    io_failure(path, "fsync failed");
  }
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmpl.c_str());
    errno = saved;
    io_failure(path, "close failed");
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmpl.c_str());
    errno = saved;
    io_failure(path, "rename over the target failed");
  }
  // Make the rename itself durable.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

graph load(const std::filesystem::path& path) {
  // Map the file rather than copy it: the bytes go from the page cache straight to the parser.
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      const auto size = static_cast<std::size_t>(st.st_size);
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      ::close(fd);
      if (map != MAP_FAILED) {
        struct unmap {
          void* p;
          std::size_t n;
          ~unmap() { ::munmap(p, n); }
        } guard{map, size};
        return load_from_bytes(std::string_view(static_cast<const char*>(map), size), path.string());
      }
    } else {
      ::close(fd);
    }
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw format_error(path.string() + ": cannot open for reading");
  const auto size = static_cast<std::size_t>(in.tellg());
  std::string bytes(size, '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) throw format_error(path.string() + ": read failed");
  return load_from_bytes(bytes, path.string());
}

DOSSIER_NAMESPACE_END
