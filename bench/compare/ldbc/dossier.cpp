// LDBC on dossier through its public API: a schema with a type per node and edge file and a
// property per column, one graph::append per file, and the queries as loops over
// graph::for_each_neighbor. Each entity keeps "Type:id" as its external id, which is how a
// query finds its start (as Kùzu's and SQLite's primary keys do).
#include "layout.hpp"

#include <dossier/dossier.hpp>

#include <charconv>
#include <unordered_map>

namespace ldbc {
namespace {

using dossier::direction;
using dossier::entity_id;
using dossier::property_id;
using dossier::relation_id;

std::vector<dossier::property_spec> specs(const std::vector<column>& columns) {
  std::vector<dossier::property_spec> v;
  for (const auto& c : columns) v.push_back({.name = c.name, .kind = c.integer ? dossier::value_kind::integer : dossier::value_kind::string});
  return v;
}

dossier::schema make_schema(const layout& l) {
  dossier::schema s;
  for (const auto& n : l.nodes) s.add_entity_type(n.type, {.properties = specs(n.columns)});
  for (const auto& e : l.edges) s.add_relation_type(e.name, {.domain = e.source, .range = e.target, .properties = specs(e.properties)});
  return s;
}

std::int64_t to_int(std::string_view s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// The statements of one row's columns; an empty field is a missing value (NULL elsewhere).
std::vector<dossier::property_statement> statements(const std::vector<property_id>& ids, const std::vector<column>& columns,
                                                    const std::vector<std::string_view>& fields, std::size_t first) {
  std::vector<dossier::property_statement> v;
  v.reserve(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto f = fields.at(first + i);
    if (f.empty()) continue;
    v.push_back({.property = ids[i], .val = columns[i].integer ? dossier::value(to_int(f)) : dossier::value(f), .ev = {}});
  }
  return v;
}

std::vector<property_id> property_ids(const dossier::schema& s, const std::vector<column>& columns) {
  std::vector<property_id> v;
  for (const auto& c : columns) v.push_back(s.property(c.name));
  return v;
}

// The loader's own index from (type, LDBC id) to entity, to resolve edge ends; dropped after.
using id_index = std::unordered_map<std::string, std::unordered_map<std::int64_t, entity_id>>;

// Where the load's time goes: the rest is reading the files and building the batches.
struct phases {
  double append = 0, compact = 0;
};

// Where the batches go: a bulk_load, or (for comparison, `ldbc dossier DATA OUT append`) the
// graph's own append, batch by batch.
struct append_sink {
  dossier::graph& g;
  dossier::append_result append(dossier::batch b) { return g.append(std::move(b), {.on_repeat = dossier::repeat_policy::parallel}); }
  const dossier::schema& schema() const { return g.schema(); }
};

template <class Sink>
dossier::append_result timed_append(Sink& g, dossier::batch b, phases& t) {
  const auto t0 = std::chrono::steady_clock::now();
  auto r = g.append(std::move(b));
  t.append += ms_since(t0);
  return r;
}

// Rows go to the graph in batches of this many: a whole file as one batch would hold every
// row's parsed statements beside the graph's copy of them, and raise the peak for nothing.
constexpr std::size_t rows_per_batch = 1 << 15;

template <class Sink>
void load_nodes(Sink& g, const node_table& n, id_index& index, phases& t) {
  const auto type = g.schema().entity_type(n.type);
  const auto ids = property_ids(g.schema(), n.columns);
  auto& by_id = index[n.type];
  dossier::batch b;
  std::vector<std::int64_t> ldbc_ids;
  const auto flush = [&] {
    const auto added = timed_append(g, std::move(b), t);
    for (std::size_t i = 0; i < ldbc_ids.size(); ++i) by_id.emplace(ldbc_ids[i], added.entities[i]);
    b = {};
    ldbc_ids.clear();
  };
  each_row(n.file, [&](const auto& f) {
    ldbc_ids.push_back(to_int(f[0]));
    b.entities.push_back({.type = type, .name = {}, .properties = statements(ids, n.columns, f, 0), .external_id = n.type + ':' + std::string(f[0])});
    if (b.entities.size() == rows_per_batch) flush();
  });
  flush();
}

template <class Sink>
void load_edges(Sink& g, const edge_table& e, const id_index& index, phases& t) {
  const auto type = g.schema().relation_type(e.name);
  const auto ids = property_ids(g.schema(), e.properties);
  const auto& sources = index.at(e.source);
  const auto& targets = index.at(e.target);
  for (const auto& file : e.files) {
    dossier::batch b;
    const auto flush = [&] {
      timed_append(g, std::move(b), t);
      b = {};
    };
    each_row(file, [&](const auto& f) {
      b.relations.push_back({.source = sources.at(to_int(f[0])), .target = targets.at(to_int(f[1])), .type = type,
                             .properties = statements(ids, e.properties, f, 2)});
      if (b.relations.size() == rows_per_batch) flush();
    });
    flush();
  }
}

// The path before bulk_load: rows counted first for reserve(), each batch linked at its end.
dossier::graph load_per_batch(const layout& l, phases& t) {
  dossier::graph g{make_schema(l)};
  std::size_t nodes = 0, edges = 0;
  for (const auto& n : l.nodes) nodes += data_rows(n.file);
  for (const auto& e : l.edges)
    for (const auto& f : e.files) edges += data_rows(f);
  g.reserve(nodes, edges);
  append_sink sink{g};
  id_index index;
  for (const auto& n : l.nodes) load_nodes(sink, n, index, t);
  for (const auto& e : l.edges) load_edges(sink, e, index, t);
  const auto t0 = std::chrono::steady_clock::now();
  g.compact();
  t.compact = ms_since(t0);
  return g;
}

// One bulk_load for all files: the adjacency is built once, at the end, and nothing counts the
// rows first (the totals are only hints). LDBC has no repeated edges: no repeat check, as
// neither Kùzu's COPY nor SQLite does one.
dossier::graph load(const fs::path& data, phases& t, bool per_batch) {
  const auto l = read_layout(data);
  if (per_batch) return load_per_batch(l, t);
  dossier::bulk_load g(dossier::graph{make_schema(l)}, {.on_repeat = dossier::repeat_policy::parallel});
  id_index index;
  for (const auto& n : l.nodes) load_nodes(g, n, index, t);
  for (const auto& e : l.edges) load_edges(g, e, index, t);
  const auto t0 = std::chrono::steady_clock::now();
  auto out = std::move(g).finish();
  t.compact = ms_since(t0);
  return out;
}

// ---- queries ----

// What the queries need of the graph, looked up once.
struct model {
  const dossier::graph& g;
  property_id id = p("id"), first_name = p("firstName"), last_name = p("lastName"), gender = p("gender"), birthday = p("birthday"),
              creation_date = p("creationDate"), location_ip = p("locationIP"), browser = p("browserUsed"), content = p("content"),
              image_file = p("imageFile"), title = p("title"), label = p("label");
  dossier::type_mask located = mask({"Person_isLocatedIn_Place"}), creator = mask({"Post_hasCreator_Person", "Comment_hasCreator_Person"}),
                     knows = mask({"Person_knows_Person"}), reply_of = mask({"Comment_replyOf_Comment", "Comment_replyOf_Post"}),
                     container = mask({"Forum_containerOf_Post"}), moderator = mask({"Forum_hasModerator_Person"});
  dossier::entity_type_id post = g.schema().entity_type("Post");

  property_id p(const char* name) const { return g.schema().property(name); }
  dossier::type_mask mask(std::initializer_list<const char*> names) const {
    dossier::type_mask m(g.schema().relation_type_count());
    for (auto n : names) m.set(to_index(g.schema().relation_type(n)));
    return m;
  }

  const dossier::value* get(dossier::statement_range props, property_id p) const {
    for (const auto& s : props)
      if (s.property == p) return &s.val;
    return nullptr;
  }
  const dossier::value* get(entity_id e, property_id p) const { return get(g.live_ref(to_index(e)).properties(), p); }
  std::string text(entity_id e, property_id p) const { return render(get(e, p)); }
  std::int64_t number(entity_id e, property_id p) const {
    const auto* v = get(e, p);
    return v ? v->as_int() : 0;
  }
  static std::string render(const dossier::value* v) {
    if (!v) return {};
    return v->kind() == dossier::value_kind::integer ? std::to_string(v->as_int()) : v->as_string();
  }
  // A message's text: its content, or the image file of a post that has none.
  std::string message_content(entity_id m) const {
    const auto* c = get(m, content);
    return c ? c->as_string() : text(m, image_file);
  }

  std::optional<entity_id> find(std::string_view type, std::int64_t ldbc_id) const {
    return g.find_external(std::string(type) + ':' + std::to_string(ldbc_id));
  }
  std::optional<entity_id> find_message(std::int64_t ldbc_id) const {
    if (auto m = find("Post", ldbc_id)) return m;
    return find("Comment", ldbc_id);
  }
  // The first neighbour over `types` (the edges of this kind that a node has at most one of).
  std::optional<entity_id> one(entity_id e, direction dir, const dossier::type_mask& types) const {
    std::optional<entity_id> found;
    g.for_each_neighbor(e, dir, types, [&](entity_id n, relation_id) {
      if (!found) found = n;
    });
    return found;
  }
  // The post a message belongs to: itself, or the end of its chain of replies.
  std::optional<entity_id> root_post(entity_id m) const {
    while (g.entity_type_of(to_index(m)) != post) {
      const auto next = one(m, direction::out, reply_of);
      if (!next) return std::nullopt;
      m = *next;
    }
    return m;
  }
};

std::vector<row> is1(const model& m, std::int64_t person) {
  const auto p = m.find("Person", person);
  if (!p) return {};
  std::vector<row> rows;
  m.g.for_each_neighbor(*p, direction::out, m.located, [&](entity_id place, relation_id) {
    if (m.text(place, m.label) != "City") return;
    rows.push_back({m.text(*p, m.first_name), m.text(*p, m.last_name), m.text(*p, m.birthday), m.text(*p, m.location_ip),
                    m.text(*p, m.browser), m.text(place, m.id), m.text(*p, m.gender), m.text(*p, m.creation_date)});
  });
  return rows;
}

std::vector<row> is2(const model& m, std::int64_t person) {
  const auto p = m.find("Person", person);
  if (!p) return {};
  struct message {
    std::int64_t date, id;
    entity_id e;
  };
  std::vector<message> messages;
  m.g.for_each_neighbor(*p, direction::in, m.creator, [&](entity_id e, relation_id) {
    messages.push_back({m.number(e, m.creation_date), m.number(e, m.id), e});
  });
  const auto newest = std::min<std::size_t>(10, messages.size());
  std::partial_sort(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(newest), messages.end(),
                    [](const message& a, const message& b) { return a.date != b.date ? a.date > b.date : a.id > b.id; });
  std::vector<row> rows;
  for (std::size_t i = 0; i < newest; ++i) {
    const auto post = m.root_post(messages[i].e);
    const auto author = post ? m.one(*post, direction::out, m.creator) : std::nullopt;
    if (!author) continue;
    rows.push_back({std::to_string(messages[i].id), m.message_content(messages[i].e), std::to_string(messages[i].date), m.text(*post, m.id),
                    m.text(*author, m.id), m.text(*author, m.first_name), m.text(*author, m.last_name)});
  }
  return rows;
}

std::vector<row> is3(const model& m, std::int64_t person) {
  const auto p = m.find("Person", person);
  if (!p) return {};
  struct friendship {
    std::int64_t date, id;
    entity_id e;
  };
  std::vector<friendship> friends;
  m.g.for_each_neighbor(*p, direction::both, m.knows, [&](entity_id f, relation_id r) {
    const auto* since = m.get(m.g.get(r).properties(), m.creation_date);
    friends.push_back({since ? since->as_int() : 0, m.number(f, m.id), f});
  });
  std::sort(friends.begin(), friends.end(), [](const auto& a, const auto& b) { return a.date != b.date ? a.date > b.date : a.id < b.id; });
  std::vector<row> rows;
  for (const auto& f : friends)
    rows.push_back({std::to_string(f.id), m.text(f.e, m.first_name), m.text(f.e, m.last_name), std::to_string(f.date)});
  return rows;
}

std::vector<row> is4(const model& m, std::int64_t message) {
  const auto e = m.find_message(message);
  if (!e) return {};
  return {{m.text(*e, m.creation_date), m.message_content(*e)}};
}

std::vector<row> is5(const model& m, std::int64_t message) {
  const auto e = m.find_message(message);
  const auto author = e ? m.one(*e, direction::out, m.creator) : std::nullopt;
  if (!author) return {};
  return {{m.text(*author, m.id), m.text(*author, m.first_name), m.text(*author, m.last_name)}};
}

std::vector<row> is6(const model& m, std::int64_t message) {
  const auto e = m.find_message(message);
  const auto post = e ? m.root_post(*e) : std::nullopt;
  const auto forum = post ? m.one(*post, direction::in, m.container) : std::nullopt;
  const auto mod = forum ? m.one(*forum, direction::out, m.moderator) : std::nullopt;
  if (!mod) return {};
  return {{m.text(*forum, m.id), m.text(*forum, m.title), m.text(*mod, m.id), m.text(*mod, m.first_name), m.text(*mod, m.last_name)}};
}

std::vector<row> is7(const model& m, std::int64_t message) {
  const auto e = m.find_message(message);
  if (!e) return {};
  std::vector<entity_id> authors_friends;
  if (const auto author = m.one(*e, direction::out, m.creator))
    m.g.for_each_neighbor(*author, direction::both, m.knows, [&](entity_id f, relation_id) { authors_friends.push_back(f); });
  struct reply {
    std::int64_t date, author, id;
    row r;
  };
  std::vector<reply> replies;
  m.g.for_each_neighbor(*e, direction::in, m.reply_of, [&](entity_id c, relation_id) {
    const auto p = m.one(c, direction::out, m.creator);
    if (!p) return;
    const bool knows = std::find(authors_friends.begin(), authors_friends.end(), *p) != authors_friends.end();
    const auto date = m.number(c, m.creation_date), author = m.number(*p, m.id), id = m.number(c, m.id);
    replies.push_back({date, author, id,
                       {std::to_string(id), m.text(c, m.content), std::to_string(date), std::to_string(author), m.text(*p, m.first_name),
                        m.text(*p, m.last_name), knows ? "1" : "0"}});
  });
  std::sort(replies.begin(), replies.end(), [](const reply& a, const reply& b) {
    return a.date != b.date ? a.date > b.date : a.author != b.author ? a.author < b.author : a.id < b.id;
  });
  std::vector<row> rows;
  for (auto& r : replies) rows.push_back(std::move(r.r));
  return rows;
}

// IC1 within two hops: people of a first name among friends and friends of friends, nearest
// first, then by last name and id; 20 at most.
std::vector<row> two_hop(const model& m, const person_name& q) {
  const auto start = m.find("Person", q.person);
  if (!start) return {};
  std::unordered_map<std::uint32_t, int> distance{{to_index(*start), 0}};
  std::vector<entity_id> friends;
  m.g.for_each_neighbor(*start, direction::both, m.knows, [&](entity_id f, relation_id) {
    if (distance.emplace(to_index(f), 1).second) friends.push_back(f);
  });
  for (const auto f : friends)
    m.g.for_each_neighbor(f, direction::both, m.knows, [&](entity_id ff, relation_id) { distance.emplace(to_index(ff), 2); });
  struct match {
    int distance;
    std::string last_name;
    std::int64_t id;
  };
  std::vector<match> found;
  for (const auto& [slot, d] : distance) {
    const auto e = static_cast<entity_id>(slot);
    if (d == 0) continue;
    const auto* name = m.get(e, m.first_name);
    if (name && name->as_string() == q.first_name) found.push_back({d, m.text(e, m.last_name), m.number(e, m.id)});
  }
  std::sort(found.begin(), found.end(), [](const match& a, const match& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.last_name != b.last_name ? a.last_name < b.last_name : a.id < b.id;
  });
  if (found.size() > 20) found.resize(20);
  std::vector<row> rows;
  for (const auto& f : found) rows.push_back({std::to_string(f.id), f.last_name, std::to_string(f.distance)});
  return rows;
}

}  // namespace

int run_dossier(const fs::path& data, const fs::path& out, bool per_batch) {
  const auto params = read_parameters(out / "params.txt");
  const auto t0 = std::chrono::steady_clock::now();
  phases t;
  const auto g = load(data, t, per_batch);
  std::printf("load %.3f\ncount %zu %zu\npeak %zu\n", ms_since(t0), g.entity_count(), g.relation_count(), peak_rss());
  std::printf("phase append %.3f compact %.3f\n", t.append, t.compact);
  std::size_t statements = 0;
  for (const auto e : g.entities()) statements += g.get(e).properties().size();
  for (std::uint32_t r = 0; r < g.relation_slots(); ++r)
    if (g.relation_live(r)) statements += g.get(static_cast<dossier::relation_id>(r)).properties().size();
  const auto mem = g.memory();
  constexpr double mib = 1048576.0;
  std::printf("resident %.1f MiB; graph::memory() %.1f MiB: relations %.1f adjacency %.1f entities %.1f properties %.1f citations %.1f; %zu property values\n",
              current_rss() / mib, mem.total() / mib, mem.relations / mib, mem.adjacency / mib, mem.entities / mib, mem.properties / mib,
              mem.citations / mib, statements);
  std::fflush(stdout);
  const model m{g};
  const auto by_person = [&](auto q) { return [&, q](std::size_t i) { return q(m, params.persons[i]); }; };
  const auto by_message = [&](auto q) { return [&, q](std::size_t i) { return q(m, params.messages[i]); }; };
  run_query("is1", params.persons.size(), by_person(is1));
  run_query("is2", params.persons.size(), by_person(is2));
  run_query("is3", params.persons.size(), by_person(is3));
  run_query("is4", params.messages.size(), by_message(is4));
  run_query("is5", params.messages.size(), by_message(is5));
  run_query("is6", params.messages.size(), by_message(is6));
  run_query("is7", params.messages.size(), by_message(is7));
  run_query("ic1_2hop", params.two_hop.size(), [&](std::size_t i) { return two_hop(m, params.two_hop[i]); });
  return 0;
}

}  // namespace ldbc
