// Encoding and decoding of journal payloads (detail/record_codec.hpp).

#include "detail/record_codec.hpp"

#include <bit>
#include <cstring>
#include <limits>

DOSSIER_NAMESPACE_BEGIN

namespace detail {

// ---- encoding ----------------------------------------------------------------------------------

void record_encoder::number(std::uint64_t n) {  // LEB128: small numbers take one byte
  while (n >= 0x80) {
    byte(static_cast<std::uint8_t>(n | 0x80));
    n >>= 7;
  }
  byte(static_cast<std::uint8_t>(n));
}

void record_encoder::signed_number(std::int64_t n) {  // zigzag, so that -1 is short too
  const auto u = static_cast<std::uint64_t>(n);
  number((u << 1) ^ (n < 0 ? ~std::uint64_t{0} : 0));
}

void record_encoder::real(double d) {
  const auto bits = std::bit_cast<std::uint64_t>(d);
  for (int i = 0; i < 8; ++i) byte(static_cast<std::uint8_t>(bits >> (8 * i)));
}

void record_encoder::text(std::string_view s) {
  number(s.size());
  out_.append(s);
}

void record_encoder::date_value(const date& d) {
  byte(static_cast<std::uint8_t>(d.precision()));
  signed_number(d.year());
  byte(static_cast<std::uint8_t>(d.month()));
  byte(static_cast<std::uint8_t>(d.day()));
  byte(static_cast<std::uint8_t>(d.hour()));
  byte(static_cast<std::uint8_t>(d.minute()));
  byte(static_cast<std::uint8_t>(d.second()));
}

void record_encoder::optional_date(const std::optional<date>& d) {
  flag(d.has_value());
  if (d) date_value(*d);
}

void record_encoder::any(const value& v) {
  byte(static_cast<std::uint8_t>(v.kind()));
  switch (v.kind()) {
    case value_kind::null: return;
    case value_kind::boolean: return flag(v.as_bool());
    case value_kind::integer: return signed_number(v.as_int());
    case value_kind::real: return real(v.as_real());
    case value_kind::string: return text(v.as_string());
    case value_kind::date: return date_value(v.as_date());
    case value_kind::money: {
      const auto& m = v.as_money();
      signed_number(m.low().units());
      byte(static_cast<std::uint8_t>(m.low().scale()));
      signed_number(m.high().units());
      byte(static_cast<std::uint8_t>(m.high().scale()));
      return text(m.currency_code().empty() ? std::string_view() : m.currency_code().code());
    }
    case value_kind::list:
      number(v.as_list().size());
      for (const auto& e : v.as_list()) any(e);
      return;
  }
}

void record_encoder::cite(const citation& c) {
  id(c.source);
  text(c.quote);
  real(c.confidence);
  optional_date(c.first_seen);
  optional_date(c.last_seen);
}

void record_encoder::citations(const std::vector<citation>& cs) {
  number(cs.size());
  for (const auto& c : cs) cite(c);
}

void record_encoder::valid(const valid_time& v) {
  optional_date(v.start);
  optional_date(v.end);
}

void record_encoder::ev(const evidence& e) {
  citations(e.citations);
  valid(e.valid);
}

void record_encoder::alias_value(const alias& a) {
  text(a.name);
  text(a.lang);
}

void record_encoder::aliases(const std::vector<alias>& as) {
  number(as.size());
  for (const auto& a : as) alias_value(a);
}

void record_encoder::properties(const std::vector<property_input>& ps) {
  number(ps.size());
  for (const auto& p : ps) {
    text(p.name);
    any(p.val);
  }
}

void record_encoder::statements(const std::vector<property_statement>& ss) {
  number(ss.size());
  for (const auto& s : ss) {
    id(s.property);
    any(s.val);
    ev(s.ev);
  }
}

void record_encoder::entity(const entity_options& o) {
  aliases(o.aliases);
  properties(o.properties);
  ev(o.ev);
  text(o.external_id);
}

void record_encoder::relation(const relation_options& o) {
  citations(o.citations);
  valid(o.valid);
  properties(o.properties);
  byte(static_cast<std::uint8_t>(o.on_repeat));
  text(o.external_id);
}

void record_encoder::source(const source_info& s) {
  text(s.title);
  text(s.publisher);
  strings(s.authors);
  text(s.url);
  optional_date(s.published);
  optional_date(s.retrieved);
  text(s.type);
}

void record_encoder::strings(const std::vector<std::string>& v) {
  number(v.size());
  for (const auto& s : v) text(s);
}

void record_encoder::property_specs(const std::vector<property_spec>& v) {
  number(v.size());
  for (const auto& p : v) {
    text(p.name);
    byte(static_cast<std::uint8_t>(p.kind));
    text(p.semantic);
    text(p.range);
    text(p.label);
    flag(p.lenient);
  }
}

void record_encoder::entity_spec(const entity_type_spec& s) {
  strings(s.parents);
  flag(s.abstract);
  flag(s.open);
  text(s.label);
  property_specs(s.properties);
}

void record_encoder::relation_spec(const relation_type_spec& s) {
  strings(s.parents);
  text(s.domain);
  text(s.range);
  flag(s.abstract);
  flag(s.directed);
  flag(s.open);
  text(s.label);
  property_specs(s.properties);
  text(s.source_property);
  text(s.target_property);
  text(s.reference_property);
}

void record_encoder::rows(const batch& b) {
  strings(b.new_properties);
  number(b.entities.size());
  for (const auto& e : b.entities) {
    id(e.type);
    text(e.name);
    aliases(e.aliases);
    statements(e.properties);
    text(e.external_id);
    flag(e.implied);
  }
  number(b.relations.size());
  for (const auto& r : b.relations) {
    id(r.source);
    id(r.target);
    id(r.type);
    ev(r.ev);
    statements(r.properties);
    text(r.external_id);
  }
}

void record_encoder::append_settings(const append_options& o) {
  flag(o.skip_bad_rows);
  byte(static_cast<std::uint8_t>(o.on_repeat));
}

// ---- decoding ----------------------------------------------------------------------------------

namespace {

class record_decoder {
 public:
  explicit record_decoder(std::string_view in) : in_(in) {}
  [[nodiscard]] bool done() const noexcept { return pos_ == in_.size(); }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

  std::uint8_t byte() {
    if (pos_ >= in_.size()) fail("the record ends inside an operation");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  bool flag() {
    const auto b = byte();
    if (b > 1) fail("a flag is " + std::to_string(b));
    return b == 1;
  }
  std::uint64_t number() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto b = byte();
      n |= std::uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return n;
    }
    fail("a number is longer than 64 bits");
  }
  std::int64_t signed_number() {
    const auto u = number();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  double real() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= std::uint64_t{byte()} << (8 * i);
    return std::bit_cast<double>(bits);
  }
  // A count of things that take at least `each` bytes: it must fit in what is left.
  std::size_t count(std::size_t each = 1) {
    const auto n = number();
    if (n > (in_.size() - pos_) / each) fail("a count of " + std::to_string(n) + " is more than the record holds");
    return static_cast<std::size_t>(n);
  }
  std::string text() {
    const auto n = count();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <strong_id Id>
  Id id() {
    const auto n = number();
    if (n > std::numeric_limits<std::uint32_t>::max()) fail("an id is out of range");
    return static_cast<Id>(static_cast<std::uint32_t>(n));
  }
  date date_value() {
    const auto p = byte();
    const auto y = signed_number();
    const int mo = byte(), d = byte(), h = byte(), mi = byte(), s = byte();
    if (y < std::numeric_limits<std::int16_t>::min() || y > std::numeric_limits<std::int16_t>::max()) fail("a year is out of range");
    return guarded([&] {
      const int year = static_cast<int>(y);
      switch (static_cast<date_precision>(p)) {
        case date_precision::year: return date(year);
        case date_precision::month: return date(year, mo);
        case date_precision::day: return date(year, mo, d);
        case date_precision::second: return date(year, mo, d, h, mi, s);
      }
      fail("date precision " + std::to_string(p) + " is unknown");
    });
  }
  std::optional<date> optional_date() {
    if (!flag()) return std::nullopt;
    return date_value();
  }
  value any(int depth = 0) {
    const auto kind = byte();
    switch (static_cast<value_kind>(kind)) {
      case value_kind::null: return value{};
      case value_kind::boolean: return value{flag()};
      case value_kind::integer: return value{signed_number()};
      case value_kind::real: return value{real()};
      case value_kind::string: {
        auto s = text();
        return guarded([&] { return value{std::move(s)}; });
      }
      case value_kind::date: return value{date_value()};
      case value_kind::money: {
        const auto lo = signed_number();
        const int lo_scale = byte();
        const auto hi = signed_number();
        const int hi_scale = byte();
        const auto code = text();
        if (lo_scale > decimal::max_scale || hi_scale > decimal::max_scale) fail("a money scale is out of range");
        return guarded([&] {
          const auto cur = code.empty() ? currency() : currency(code);
          return value{money(decimal(lo, lo_scale), decimal(hi, hi_scale), cur)};
        });
      }
      case value_kind::list: {
        if (depth >= config::max_value_depth) fail("a list nests too deep");
        const auto n = count();
        value::list_type items;
        for (std::size_t i = 0; i < n; ++i) items.push_back(any(depth + 1));
        return guarded([&] { return value{std::move(items)}; });
      }
    }
    fail("value kind " + std::to_string(kind) + " is unknown");
  }
  citation cite() {
    citation c;
    c.source = id<entity_id>();
    c.quote = text();
    c.confidence = real();
    c.first_seen = optional_date();
    c.last_seen = optional_date();
    return c;
  }
  std::vector<citation> citations() {
    const auto n = count(12);
    std::vector<citation> cs;
    for (std::size_t i = 0; i < n; ++i) cs.push_back(cite());
    return cs;
  }
  valid_time valid() {
    valid_time v;
    v.start = optional_date();
    v.end = optional_date();
    return v;
  }
  evidence ev() {
    evidence e;
    e.citations = citations();
    e.valid = valid();
    return e;
  }
  alias alias_value() {
    alias a;
    a.name = text();
    a.lang = text();
    return a;
  }
  std::vector<alias> aliases() {
    const auto n = count(2);
    std::vector<alias> as;
    for (std::size_t i = 0; i < n; ++i) as.push_back(alias_value());
    return as;
  }
  std::vector<property_input> properties() {
    const auto n = count(2);
    std::vector<property_input> ps;
    for (std::size_t i = 0; i < n; ++i) {
      auto name = text();
      ps.push_back({std::move(name), any()});
    }
    return ps;
  }
  std::vector<property_statement> statements() {
    const auto n = count(4);
    std::vector<property_statement> ss;
    for (std::size_t i = 0; i < n; ++i) {
      property_statement s;
      s.property = id<property_id>();
      s.val = any();
      s.ev = ev();
      ss.push_back(std::move(s));
    }
    return ss;
  }
  entity_options entity() {
    entity_options o;
    o.aliases = aliases();
    o.properties = properties();
    o.ev = ev();
    o.external_id = text();
    return o;
  }
  repeat_policy repeat() {
    const auto b = byte();
    if (b > static_cast<std::uint8_t>(repeat_policy::parallel)) fail("repeat policy " + std::to_string(b) + " is unknown");
    return static_cast<repeat_policy>(b);
  }
  relation_options relation() {
    relation_options o;
    o.citations = citations();
    o.valid = valid();
    o.properties = properties();
    o.on_repeat = repeat();
    o.external_id = text();
    return o;
  }
  source_info source() {
    source_info s;
    s.title = text();
    s.publisher = text();
    s.authors = strings();
    s.url = text();
    s.published = optional_date();
    s.retrieved = optional_date();
    s.type = text();
    return s;
  }
  std::vector<std::string> strings() {
    const auto n = count();
    std::vector<std::string> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back(text());
    return v;
  }
  std::vector<property_spec> property_specs() {
    const auto n = count(6);
    std::vector<property_spec> v;
    for (std::size_t i = 0; i < n; ++i) {
      property_spec p;
      p.name = text();
      const auto kind = byte();
      if (kind > static_cast<std::uint8_t>(value_kind::list)) fail("value kind " + std::to_string(kind) + " is unknown");
      p.kind = static_cast<value_kind>(kind);
      p.semantic = text();
      p.range = text();
      p.label = text();
      p.lenient = flag();
      v.push_back(std::move(p));
    }
    return v;
  }
  entity_type_spec entity_spec() {
    entity_type_spec s;
    s.parents = strings();
    s.abstract = flag();
    s.open = flag();
    s.label = text();
    s.properties = property_specs();
    return s;
  }
  relation_type_spec relation_spec() {
    relation_type_spec s;
    s.parents = strings();
    s.domain = text();
    s.range = text();
    s.abstract = flag();
    s.directed = flag();
    s.open = flag();
    s.label = text();
    s.properties = property_specs();
    s.source_property = text();
    s.target_property = text();
    s.reference_property = text();
    return s;
  }
  batch rows() {
    batch b;
    b.new_properties = strings();
    const auto ne = count(6);
    for (std::size_t i = 0; i < ne; ++i) {
      entity_row e;
      e.type = id<entity_type_id>();
      e.name = text();
      e.aliases = aliases();
      e.properties = statements();
      e.external_id = text();
      e.implied = flag();
      b.entities.push_back(std::move(e));
    }
    const auto nr = count(9);
    for (std::size_t i = 0; i < nr; ++i) {
      relation_row r;
      r.source = id<entity_id>();
      r.target = id<entity_id>();
      r.type = id<relation_type_id>();
      r.ev = ev();
      r.properties = statements();
      r.external_id = text();
      b.relations.push_back(std::move(r));
    }
    return b;
  }
  append_options append_settings() {
    append_options o;
    o.skip_bad_rows = flag();
    o.on_repeat = repeat();
    return o;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw bad_record(why + " (at byte " + std::to_string(pos_) + " of the payload)");
  }

 private:
  // Values that the core refuses (a bad date, invalid UTF-8) are damage, not graph errors.
  template <class F>
  auto guarded(F&& make) -> decltype(make()) {
    try {
      return make();
    } catch (const error& e) {
      fail(std::string(e.message()));
    }
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

void apply_one(graph& g, record_decoder& in) {
  const auto code = in.byte();
  switch (static_cast<operation>(code)) {
    case operation::add: {
      const auto type = in.id<entity_type_id>();
      const auto name = in.text();
      (void)g.add(type, name, in.entity());
      return;
    }
    case operation::add_source: (void)g.add_source(in.source()); return;
    case operation::rename: {
      const auto id = in.id<entity_id>();
      g.rename(id, in.text());
      return;
    }
    case operation::set_external_id: {
      const auto id = in.id<entity_id>();
      g.set_external_id(id, in.text());
      return;
    }
    case operation::add_alias: {
      const auto id = in.id<entity_id>();
      g.add_alias(id, in.alias_value());
      return;
    }
    case operation::remove_alias: {
      const auto id = in.id<entity_id>();
      g.remove_alias(id, in.text());
      return;
    }
    case operation::set_entity:
    case operation::add_value: {
      const auto id = in.id<entity_id>();
      const auto property = in.text();
      auto v = in.any();
      auto e = in.ev();
      if (static_cast<operation>(code) == operation::set_entity)
        g.set(id, property, std::move(v), std::move(e));
      else
        g.add_value(id, property, std::move(v), std::move(e));
      return;
    }
    case operation::unset_entity: {
      const auto id = in.id<entity_id>();
      g.unset(id, in.text());
      return;
    }
    case operation::remove_entity: g.remove(in.id<entity_id>()); return;
    case operation::merge: {
      const auto keep = in.id<entity_id>();
      g.merge(keep, in.id<entity_id>());
      return;
    }
    case operation::declare_entity_type: {
      const auto name = in.text();
      (void)g.declare_entity_type(name, in.entity_spec());
      return;
    }
    case operation::declare_relation_type: {
      const auto name = in.text();
      (void)g.declare_relation_type(name, in.relation_spec());
      return;
    }
    case operation::retype: {
      const auto id = in.id<entity_id>();
      g.retype(id, in.id<entity_type_id>());
      return;
    }
    case operation::relate: {
      const auto source = in.id<entity_id>();
      const auto type = in.id<relation_type_id>();
      const auto target = in.id<entity_id>();
      (void)g.relate(source, type, target, in.relation());
      return;
    }
    case operation::set_relation: {
      const auto id = in.id<relation_id>();
      const auto property = in.text();
      auto v = in.any();
      g.set(id, property, std::move(v), in.ev());
      return;
    }
    case operation::unset_relation: {
      const auto id = in.id<relation_id>();
      g.unset(id, in.text());
      return;
    }
    case operation::add_citation: {
      const auto id = in.id<relation_id>();
      g.add_citation(id, in.cite());
      return;
    }
    case operation::set_citations: {
      const auto id = in.id<relation_id>();
      g.set_citations(id, in.citations());
      return;
    }
    case operation::set_valid_time: {
      const auto id = in.id<relation_id>();
      g.set_valid_time(id, in.valid());
      return;
    }
    case operation::remove_relation: g.remove(in.id<relation_id>()); return;
    case operation::append: {
      auto b = in.rows();
      (void)g.append(std::move(b), in.append_settings());
      return;
    }
  }
  in.fail("operation " + std::to_string(code) + " is unknown (written by a newer dossier?)");
}

}  // namespace

std::size_t apply_operations(graph& g, std::string_view payload) {
  record_decoder in(payload);
  const auto n = in.count();
  for (std::size_t i = 0; i < n; ++i) apply_one(g, in);
  if (!in.done()) in.fail("bytes are left after the last operation");
  return n;
}

}  // namespace detail

DOSSIER_NAMESPACE_END
