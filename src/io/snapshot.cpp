// Snapshot persistence: the file header, and the payload through Boost.Serialization (confined
// to this translation unit). Writing reads the graph through its documented slot views;
// reading decodes into a graph_image and builds the graph through restore(), which checks the
// store's invariants. The layout is docs/snapshot-format.md; format 1 is frozen.
#include <dossier/io/snapshot.hpp>
#include <dossier/store/restore.hpp>

#include "detail/crc32c.hpp"
#include "detail/files.hpp"
#include "detail/snapshot_codec.hpp"

#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>

#include <cstring>
#include <sstream>

DOSSIER_NAMESPACE_BEGIN

namespace {

using detail::bad_payload;
using detail::codec;

constexpr char magic[8] = {'\x89', 'D', 'O', 'S', 'S', 'I', 'E', 'R'};
constexpr std::size_t header_size = 32;
// No Boost archive headers: the file header carries version and kind, and archives stay
// readable by any later Boost.
constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_tracking;

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

template <class F>
auto as_payload_error(F&& f) {
  try {
    return f();
  } catch (const error& e) {  // a value that does not construct: say what, inside the payload
    throw bad_payload(std::string(e.message()));
  }
}

// ---- values, evidence, statements ----------------------------------------------------------

// Each io_ function writes (V const) or reads (V mutable) the same fields in the same order.

template <class A>
void io_date(codec<A>& c, const date& d) requires(!codec<A>::loading) {
  std::int32_t y = d.year(), mo = d.month(), da = d.day(), h = d.hour(), mi = d.minute(), se = d.second();
  std::uint32_t p = static_cast<std::uint32_t>(d.precision());
  c.field("y", y);
  c.field("mo", mo);
  c.field("d", da);
  c.field("h", h);
  c.field("mi", mi);
  c.field("s", se);
  c.field("p", p);
}

template <class A>
void io_date(codec<A>& c, date& d) requires(codec<A>::loading) {
  std::int32_t y = 0, mo = 0, da = 0, h = 0, mi = 0, se = 0;
  std::uint32_t p = 0;
  c.field("y", y);
  c.field("mo", mo);
  c.field("d", da);
  c.field("h", h);
  c.field("mi", mi);
  c.field("s", se);
  c.field("p", p);
  d = as_payload_error([&] {
    switch (static_cast<date_precision>(p)) {
      case date_precision::year: return date(y);
      case date_precision::month: return date(y, mo);
      case date_precision::day: return date(y, mo, da);
      case date_precision::second: return date(y, mo, da, h, mi, se);
    }
    throw bad_payload("date precision " + std::to_string(p) + " is unknown");
  });
}

template <class A, class D>
void io_optional_date(codec<A>& c, const char* name, D& d) {
  bool has = d.has_value();
  c.flag(name, has);
  if constexpr (codec<A>::loading) {
    if (!has) {
      d.reset();
      return;
    }
    d.emplace();
  }
  if (has) io_date(c, *d);
}

template <class A>
void io_decimal(codec<A>& c, decimal& x) {
  std::int64_t units = x.units();
  std::int32_t scale = x.scale();
  c.field("units", units);
  c.field("scale", scale);
  if constexpr (codec<A>::loading) {
    if (scale < 0 || scale > decimal::max_scale) throw bad_payload("decimal scale out of range");
    x = decimal(units, scale);
  }
}

template <class A, class V>
void io_value(codec<A>& c, V& v, int depth);

// Saving: the value's own fields.
template <class A>
void save_value(codec<A>& c, const value& v, int depth) {
  std::uint32_t kind = static_cast<std::uint32_t>(v.kind());
  c.field("kind", kind);
  switch (v.kind()) {
    case value_kind::null: return;
    case value_kind::boolean: {
      bool b = v.as_bool();
      return c.flag("b", b);
    }
    case value_kind::integer: {
      std::int64_t i = v.as_int();
      return c.field("i", i);
    }
    case value_kind::real: {
      double r = v.as_real();
      return c.field("r", r);
    }
    case value_kind::string: return c.str("s", v.as_string());
    case value_kind::date: return io_date(c, v.as_date());
    case value_kind::money: {
      decimal lo = v.as_money().low(), hi = v.as_money().high();
      io_decimal(c, lo);
      io_decimal(c, hi);
      return c.str("currency", std::string(v.as_money().currency_code().code()));
    }
    case value_kind::list: {
      const auto& items = v.as_list();
      c.list("items", items, 1, [&](const value& item) { save_value(c, item, depth + 1); });
      return;
    }
  }
}

// Loading: one kind, then its fields; lists no deeper than the limit.
template <class A>
value load_value(codec<A>& c, int depth) {
  if (depth > config::max_value_depth) throw bad_payload("values nested deeper than " + std::to_string(config::max_value_depth));
  std::uint32_t kind = 0;
  c.field("kind", kind);
  switch (static_cast<value_kind>(kind)) {
    case value_kind::null: return value{};
    case value_kind::boolean: {
      bool b = false;
      c.flag("b", b);
      return value{b};
    }
    case value_kind::integer: {
      std::int64_t i = 0;
      c.field("i", i);
      return value{i};
    }
    case value_kind::real: {
      double r = 0;
      c.field("r", r);
      return value{r};
    }
    case value_kind::string: {
      std::string s;
      c.str("s", s);
      return value{std::move(s)};
    }
    case value_kind::date: {
      date d;
      io_date(c, d);
      return value{d};
    }
    case value_kind::money: {
      decimal lo, hi;
      std::string cur;
      io_decimal(c, lo);
      io_decimal(c, hi);
      c.str("currency", cur);
      return as_payload_error([&] { return value{money(lo, hi, currency(cur))}; });
    }
    case value_kind::list: {
      value::list_type items;
      c.list("items", items, 1, [&](value& item) { item = load_value(c, depth + 1); });
      return as_payload_error([&] { return value{std::move(items)}; });
    }
  }
  throw bad_payload("value kind " + std::to_string(kind) + " is unknown");
}

template <class A, class V>
void io_value(codec<A>& c, V& v, int depth) {
  if constexpr (codec<A>::loading) v = load_value(c, depth);
  else save_value(c, v, depth);
}

template <class A, class E>
void io_evidence(codec<A>& c, E& ev) {
  c.list("citations", ev.citations, 5, [&](auto& ci) {
    std::uint32_t src = to_index(ci.source);
    c.field("source", src);
    if constexpr (codec<A>::loading) ci.source = static_cast<entity_id>(src);
    c.str("quote", ci.quote);
    double confidence = ci.confidence;
    c.field("confidence", confidence);
    if constexpr (codec<A>::loading) ci.confidence = confidence;
    io_optional_date(c, "first_seen", ci.first_seen);
    io_optional_date(c, "last_seen", ci.last_seen);
  });
  io_optional_date(c, "valid_start", ev.valid.start);
  io_optional_date(c, "valid_end", ev.valid.end);
}

template <class A, class P>
void io_statement(codec<A>& c, P& p) {
  std::uint32_t id = to_index(p.property);
  c.field("property", id);
  if constexpr (codec<A>::loading) p.property = static_cast<property_id>(id);
  io_value(c, p.val, 0);
  io_evidence(c, p.ev);
}

template <class A, class List>
void io_statements(codec<A>& c, List& props) {
  c.list("properties", props, 5, [&](auto& p) { io_statement(c, p); });
}

// ---- schema ----------------------------------------------------------------------------------

template <class A>
void io_property_specs(codec<A>& c, std::vector<property_spec>& specs) {
  c.list("declared", specs, 5, [&](property_spec& p) {
    c.str("name", p.name);
    c.u("kind", p.kind);
    if (codec<A>::loading && static_cast<std::uint32_t>(p.kind) > static_cast<std::uint32_t>(value_kind::list))
      throw bad_payload("property kind out of range");
    c.str("semantic", p.semantic);
    c.str("range", p.range);
    c.str("label", p.label);
    if (c.version() >= 2) c.flag("lenient", p.lenient);
  });
}

std::vector<property_spec> specs_of(const std::vector<property_def>& defs) {
  std::vector<property_spec> out;
  for (const auto& d : defs) out.push_back({d.name, d.kind, d.semantic, d.range_name, d.label, d.lenient});
  return out;
}

template <class A>
void io_names(codec<A>& c, const char* what, std::vector<std::string>& names) {
  c.list(what, names, 1, [&](std::string& s) { c.str("name", s); });
}

template <class A>
void io_entity_type(codec<A>& c, std::string& name, std::string& label, entity_type_spec& spec) {
  c.str("name", name);
  c.str("label", label);
  io_names(c, "parents", spec.parents);
  c.flag("abstract", spec.abstract);
  c.flag("open", spec.open);
  io_property_specs(c, spec.properties);
}

template <class A>
void io_relation_type(codec<A>& c, std::string& name, std::string& label, relation_type_spec& spec) {
  c.str("name", name);
  c.str("label", label);
  io_names(c, "parents", spec.parents);
  c.str("domain", spec.domain);
  c.str("range", spec.range);
  c.flag("abstract", spec.abstract);
  c.flag("directed", spec.directed);
  c.flag("open", spec.open);
  io_property_specs(c, spec.properties);
  if (c.version() >= 2) {
    c.str("source_property", spec.source_property);
    c.str("target_property", spec.target_property);
    c.str("reference_property", spec.reference_property);
  }
}

// Property names first, in id order, so that property ids survive; then the types in id order.
template <class A>
void save_schema(codec<A>& c, const schema& s) {
  c.str("schema_name", s.name());
  std::vector<std::string> props;
  for (std::uint32_t i = 0; i < s.property_count(); ++i) props.push_back(s.property_name(static_cast<property_id>(i)));
  io_names(c, "property_names", props);
  (void)c.count("entity_types", s.entity_type_count());
  for (const auto& t : s.entity_types()) {
    std::string name = t.name, label = t.label;
    entity_type_spec spec{.abstract = t.abstract, .open = t.open, .properties = specs_of(t.own_properties)};
    for (auto p : t.parents) spec.parents.push_back(s.name(p));
    io_entity_type(c, name, label, spec);
  }
  (void)c.count("relation_types", s.relation_type_count());
  for (const auto& t : s.relation_types()) {
    std::string name = t.name, label = t.label;
    relation_type_spec spec{.domain = t.declared_domain, .range = t.declared_range, .abstract = t.abstract, .directed = t.directed,
                            .open = t.open, .properties = specs_of(t.own_properties), .source_property = t.source_property,
                            .target_property = t.target_property, .reference_property = t.reference_property};
    for (auto p : t.parents) spec.parents.push_back(s.name(p));
    io_relation_type(c, name, label, spec);
  }
}

template <class A>
schema load_schema(codec<A>& c) {
  schema s;
  if (c.version() >= 2) {
    std::string name;
    c.str("schema_name", name);
    s.set_name(std::move(name));
  }
  std::vector<std::string> props;
  io_names(c, "property_names", props);
  for (const auto& p : props) s.intern_property(p);
  const auto declare = [](auto&& add) {
    try {
      add();
    } catch (const schema_error& e) {
      throw bad_payload(std::string(e.message()));
    }
  };
  const auto entity_types = c.count("entity_types", 0, 6);
  for (std::uint64_t i = 0; i < entity_types; ++i) {
    std::string name, label;
    entity_type_spec spec;
    io_entity_type(c, name, label, spec);
    spec.label = label;
    declare([&] { s.add_entity_type(name, std::move(spec)); });
  }
  const auto relation_types = c.count("relation_types", 0, c.version() >= 2 ? 12 : 9);
  for (std::uint64_t i = 0; i < relation_types; ++i) {
    std::string name, label;
    relation_type_spec spec;
    io_relation_type(c, name, label, spec);
    spec.label = label;
    declare([&] { s.add_relation_type(name, std::move(spec)); });
  }
  return s;
}

// ---- entities and relations -------------------------------------------------------------------

// One entity slot; E is entity_image (loading) or a copy of what entity_slot() shows (saving).
template <class A, class E>
void io_entity(codec<A>& c, E& e) {
  c.u("state", e.state);
  std::uint32_t redirect = to_index(e.redirect), type = to_index(e.type);
  c.field("redirect", redirect);
  c.field("type", type);
  if constexpr (codec<A>::loading) {
    e.redirect = static_cast<entity_id>(redirect);
    e.type = static_cast<entity_type_id>(type);
  }
  c.str("name", e.name);
  if (c.version() >= 2) c.str("external_id", e.external_id);
  c.list("aliases", e.aliases, 2, [&](auto& a) {
    c.str("alias", a.name);
    c.str("lang", a.lang);
  });
  io_statements(c, e.properties);
}

// Dates packed into one word (never 0, so 0 means "no date"); unpacking validates.
std::uint64_t pack(const std::optional<date>& d) {
  if (!d) return 0;
  return (static_cast<std::uint64_t>(static_cast<std::uint16_t>(d->year())) << 48) | (static_cast<std::uint64_t>(d->month()) << 40) |
         (static_cast<std::uint64_t>(d->day()) << 32) | (static_cast<std::uint64_t>(d->hour()) << 24) |
         (static_cast<std::uint64_t>(d->minute()) << 16) | (static_cast<std::uint64_t>(d->second()) << 8) |
         (static_cast<std::uint64_t>(d->precision()) + 1);
}
std::optional<date> unpack(std::uint64_t w) {
  if (w == 0) return std::nullopt;
  const int y = static_cast<std::int16_t>(static_cast<std::uint16_t>(w >> 48));
  const int mo = static_cast<int>((w >> 40) & 0xFF), d = static_cast<int>((w >> 32) & 0xFF);
  const int h = static_cast<int>((w >> 24) & 0xFF), mi = static_cast<int>((w >> 16) & 0xFF), se = static_cast<int>((w >> 8) & 0xFF);
  return as_payload_error([&]() -> std::optional<date> {
    switch (static_cast<int>(w & 0xFF) - 1) {
      case 0: return date(y);
      case 1: return date(y, mo);
      case 2: return date(y, mo, d);
      case 3: return date(y, mo, d, h, mi, se);
      default: throw bad_payload("date precision out of range");
    }
  });
}

// Relation evidence, column by column: counts, sources, confidences, quotes as one block, dates
// packed (position, date) for the ones present. A binary archive reads each column in one go.
struct details_columns {
  std::vector<std::uint32_t> citation_count, property_count;
  std::vector<std::uint32_t> source, quote_length;
  std::vector<double> confidence;
  std::string quotes;
  std::vector<std::uint64_t> valid_start, valid_end, first_seen, last_seen;
  std::vector<std::pair<std::uint32_t, std::vector<property_statement>>> properties;  // (record, statements)

  template <class A>
  void io(codec<A>& c) {
    c.column("citation_counts", citation_count);
    c.column("property_counts", property_count);
    c.column("sources", source);
    c.column("confidences", confidence);
    c.column("quote_lengths", quote_length);
    c.blob("quotes", quotes);  // each quote is checked as UTF-8 on its own
    c.column("valid_starts", valid_start);
    c.column("valid_ends", valid_end);
    c.column("first_seen", first_seen);
    c.column("last_seen", last_seen);
  }

  void fill(const graph& g) {
    std::uint64_t at = 0;
    const auto sparse = [](std::vector<std::uint64_t>& column, std::uint64_t position, const std::optional<date>& d) {
      if (!d) return;
      column.push_back(position);
      column.push_back(pack(d));
    };
    for (std::uint32_t i = 0; i < g.relation_details_count(); ++i) {
      const auto e = g.relation_details_at(i);
      citation_count.push_back(static_cast<std::uint32_t>(e.ev.citations.size()));
      property_count.push_back(static_cast<std::uint32_t>(e.properties.size()));
      sparse(valid_start, i, e.ev.valid.start);
      sparse(valid_end, i, e.ev.valid.end);
      for (const auto& ci : e.ev.citations) {
        source.push_back(to_index(ci.source));
        confidence.push_back(ci.confidence);
        quote_length.push_back(static_cast<std::uint32_t>(ci.quote.size()));
        quotes += ci.quote;
        sparse(first_seen, at, ci.first_seen);
        sparse(last_seen, at, ci.last_seen);
        ++at;
      }
    }
  }

  // The citations, as the columns restore() adopts for the graph's arena (it checks them).
  citation_columns take_citations() {
    citation_columns out{std::move(citation_count), std::move(source), std::move(confidence), std::move(quote_length), std::move(quotes)};
    const auto dates = [](const std::vector<std::uint64_t>& column, const char* what) {
      if (column.size() % 2) throw bad_payload(std::string(what) + " column is malformed");
      std::vector<std::pair<std::uint64_t, date>> list;
      list.reserve(column.size() / 2);
      for (std::size_t k = 0; k < column.size(); k += 2) {
        const auto d = unpack(column[k + 1]);
        if (!d) throw bad_payload(std::string(what) + " column holds an empty date");
        list.emplace_back(column[k], *d);
      }
      return list;
    };
    out.first_seen = dates(first_seen, "first seen");
    out.last_seen = dates(last_seen, "last seen");
    return out;
  }

  // How many records restore() needs: up to the last with a valid time or properties (the
  // citations go as columns). Positions past the end are reported by decode().
  [[nodiscard]] std::size_t records_needed() const noexcept {
    const auto n = property_count.size();
    std::uint64_t needed = 0;
    for (const auto* column : {&valid_start, &valid_end})
      for (std::size_t k = 0; k + 1 < column->size(); k += 2) needed = std::max(needed, (*column)[k] + 1);
    for (const auto& p : properties) needed = std::max<std::uint64_t>(needed, p.first + std::uint64_t{1});
    return static_cast<std::size_t>(std::min<std::uint64_t>(needed, n));
  }

  // Valid times and properties into the records (restore() then checks their content).
  void decode(std::vector<relation_details>& out) {
    const auto n = property_count.size();
    if (out.size() > n) throw bad_payload("relation evidence columns have different lengths");
    const auto scatter = [&](const std::vector<std::uint64_t>& column, const char* what, auto&& apply) {
      if (column.size() % 2) throw bad_payload(std::string(what) + " column is malformed");
      for (std::size_t k = 0; k < column.size(); k += 2) {
        if (column[k] >= n || column[k] >= out.size()) throw bad_payload(std::string(what) + " refers past the end");
        apply(column[k], unpack(column[k + 1]));
      }
    };
    scatter(valid_start, "valid start", [&](std::uint64_t i, std::optional<date> d) { out[i].ev.valid.start = d; });
    scatter(valid_end, "valid end", [&](std::uint64_t i, std::optional<date> d) { out[i].ev.valid.end = d; });
    for (auto& [i, statements] : properties) {
      if (i >= n || i >= out.size()) throw bad_payload("relation properties refer past the end");
      out[i].properties = std::move(statements);
    }
  }
};

// ---- the payload --------------------------------------------------------------------------------

template <class A>
void io_relation_externals(codec<A>& c, std::vector<std::pair<std::uint32_t, std::string>>& externals) {
  c.list("relation_external_ids", externals, 2, [&](auto& x) {
    c.field("slot", x.first);
    c.str("id", x.second);
  });
}

template <class OArchive>
std::string write_payload(const graph& g) {
  std::ostringstream out(std::ios::binary);
  {
    OArchive ar(out, archive_flags);
    codec<OArchive> c(ar, snapshot_format_version);
    save_schema(c, g.schema());
    (void)c.count("entities", g.entity_slots());
    for (std::uint32_t i = 0; i < g.entity_slots(); ++i) {
      auto slot = g.entity_slot(i);  // read only: the saving codec never writes through it
      io_entity(c, slot);
    }
    const auto records = g.relation_records();
    (void)c.count("relations", records.size());
    if (!records.empty()) {
      // Records are four plain 32-bit fields: one block for binary archives, element-wise for text.
      auto* words = const_cast<std::uint32_t*>(reinterpret_cast<const std::uint32_t*>(records.data()));
      c.ar() & boost::serialization::make_nvp("records", boost::serialization::make_array(words, records.size() * 4));
    }
    details_columns columns;
    columns.fill(g);
    columns.io(c);
    // Relation properties are rare: stored record by record.
    for (std::uint32_t d = 0; d < g.relation_details_count(); ++d)
      if (auto properties = g.relation_details_at(d).properties; !properties.empty()) io_statements(c, properties);
    // Format 2: the relations' external ids, as (slot, id) pairs.
    std::vector<std::pair<std::uint32_t, std::string>> externals;
    for (std::uint32_t r = 0; r < records.size(); ++r)
      if (const auto x = g.relation_external_id(r); !x.empty()) externals.emplace_back(r, std::string(x));
    io_relation_externals(c, externals);
  }
  return std::move(out).str();
}

template <class IArchive>
graph read_payload(std::string_view payload, std::uint32_t version) {
  detail::memory_buffer buffer(payload);
  std::istream in(&buffer);
  // Boost 1.74's XML reader compares an end tag with the expected name by reading the expected
  // name at the input tag's length: a longer tag in a hostile file reads past the end of the
  // name (found by fuzz/snapshot_fuzz). The comparison is only a debugging aid; the content is
  // validated in any case, so it is turned off.
  constexpr unsigned reader_flags =
      archive_flags | (std::is_same_v<IArchive, boost::archive::xml_iarchive> ? unsigned{boost::archive::no_xml_tag_checking} : 0u);
  IArchive ar(in, reader_flags);
  codec<IArchive> c(ar, version, &buffer, &in);
  graph_image image{load_schema(c), {}, {}, {}, {}};
  c.list("entities", image.entities, version >= 2 ? 7 : 6, [&](entity_image& e) { io_entity(c, e); });
  const auto relation_count = c.count("relations", 0, 4 * (codec<IArchive>::binary ? 4 : 1));
  image.relations.resize(relation_count);
  if (relation_count) {
    auto* words = reinterpret_cast<std::uint32_t*>(image.relations.data());
    c.ar() & boost::serialization::make_nvp("records", boost::serialization::make_array(words, relation_count * 4));
  }
  auto columns = std::make_shared<details_columns>();
  columns->io(c);
  for (std::size_t i = 0; i < columns->property_count.size(); ++i) {
    if (!columns->property_count[i]) continue;
    columns->properties.emplace_back(static_cast<std::uint32_t>(i), std::vector<property_statement>{});
    io_statements(c, columns->properties.back().second);
  }
  if (version >= 2) io_relation_externals(c, image.relation_external_ids);
  image.details.resize(columns->records_needed());
  if (columns->citation_count.size() != columns->property_count.size())
    throw bad_payload("relation evidence columns have different lengths");
  image.citations = columns->take_citations();  // the arena's own layout: adopted, not decoded
  // Valid times and properties go into the records while restore() builds the adjacency.
  image.decode_details = [columns](std::vector<relation_details>& out) { columns->decode(out); };
  return restore(std::move(image));
}

std::string make_file_bytes(const graph& g, archive_format format) {
  std::string payload;
  switch (format) {
    case archive_format::binary: payload = write_payload<boost::archive::binary_oarchive>(g); break;
    case archive_format::text: payload = write_payload<boost::archive::text_oarchive>(g); break;
    case archive_format::xml: payload = write_payload<boost::archive::xml_oarchive>(g); break;
    default: throw error("io.bad_option", "save: unknown archive format " + std::to_string(static_cast<int>(format)));
  }
  std::string out(magic, sizeof magic);
  put_le(out, snapshot_format_version, 4);
  put_le(out, static_cast<std::uint32_t>(format), 4);
  put_le(out, payload.size(), 8);
  put_le(out, detail::crc32c(payload), 8);
  out += payload;
  return out;
}

}  // namespace

std::string save_to_bytes(const graph& g, save_options options) { return make_file_bytes(g, options.format); }

graph load_from_bytes(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  const auto fail = [&](const std::string& what) -> graph { throw format_error("format.bad_snapshot", where + ": " + what); };
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
    return fail(size > bytes.size() - header_size ? "truncated: payload should be " + std::to_string(size) + " bytes, file has " +
                                                        std::to_string(bytes.size() - header_size)
                                                  : "trailing bytes after the payload");
  const auto payload = bytes.substr(header_size);
  if (detail::crc32c(payload) != sum) return fail("checksum mismatch: the file is corrupted");
  try {
    switch (static_cast<archive_format>(kind)) {
      case archive_format::binary: return read_payload<boost::archive::binary_iarchive>(payload, static_cast<std::uint32_t>(version));
      case archive_format::text: return read_payload<boost::archive::text_iarchive>(payload, static_cast<std::uint32_t>(version));
      case archive_format::xml: return read_payload<boost::archive::xml_iarchive>(payload, static_cast<std::uint32_t>(version));
    }
  } catch (const bad_payload& e) {
    return fail(std::string("invalid content: ") + e.what());
  } catch (const format_error& e) {  // restore(): the content breaks an invariant of the store
    return fail(std::string("invalid content: ") + std::string(e.message()));
  } catch (const std::exception& e) {
    return fail(std::string("unreadable payload: ") + e.what());
  }
  return fail("unknown archive kind");
}

void save(const graph& g, const std::filesystem::path& path, save_options options) {
  detail::atomic_write(path, make_file_bytes(g, options.format));
}

graph load(const std::filesystem::path& path) {
  const detail::file_bytes file(path);
  return load_from_bytes(file.bytes(), path.string());
}

DOSSIER_NAMESPACE_END
