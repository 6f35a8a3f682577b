// LDBC on SQLite through its C API: a table per node file (id INTEGER PRIMARY KEY and a column per
// property), a table per edge name (src, dst and its properties) indexed both ways, loaded in one
// transaction; the queries in SQL, the reply chains of IS2 and IS6 as recursive CTEs.
#include "layout.hpp"

#include "../sqlite_database.hpp"

namespace ldbc {
namespace {

using database = compare_sqlite::database;

std::string column_list(const std::vector<column>& columns, std::size_t from) {
  std::string s;
  for (std::size_t i = from; i < columns.size(); ++i) s += ", \"" + columns[i].name + (columns[i].integer ? "\" INTEGER" : "\" TEXT");
  return s;
}

std::string placeholders(std::size_t n) {
  std::string s = "?";
  for (std::size_t i = 1; i < n; ++i) s += ", ?";
  return s;
}

// Binds one row's fields: an empty field is NULL.
void insert_row(sqlite3_stmt* st, const std::vector<column>& columns, const std::vector<std::string_view>& fields) {
  sqlite3_reset(st);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto f = fields.at(i);
    const int at = static_cast<int>(i) + 1;
    if (f.empty()) sqlite3_bind_null(st, at);
    else if (columns[i].integer) sqlite3_bind_int64(st, at, std::stoll(std::string(f)));
    else sqlite3_bind_text(st, at, f.data(), static_cast<int>(f.size()), SQLITE_TRANSIENT);
  }
  if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error("sqlite insert failed");
}

void load_nodes(database& s, const node_table& n) {
  s.exec("CREATE TABLE " + n.type + "(id INTEGER PRIMARY KEY" + column_list(n.columns, 1) + ")");
  auto* st = s.prepare("INSERT INTO " + n.type + " VALUES (" + placeholders(n.columns.size()) + ")");
  each_row(n.file, [&](const auto& f) { insert_row(st, n.columns, f); });
  sqlite3_finalize(st);
}

void load_edges(database& s, const edge_table& e) {
  s.exec("CREATE TABLE " + e.name + "(src INTEGER NOT NULL, dst INTEGER NOT NULL" + column_list(e.properties, 0) + ")");
  std::vector<column> columns{{"src", true}, {"dst", true}};
  columns.insert(columns.end(), e.properties.begin(), e.properties.end());
  auto* st = s.prepare("INSERT INTO " + e.name + " VALUES (" + placeholders(columns.size()) + ")");
  for (const auto& file : e.files) each_row(file, [&](const auto& f) { insert_row(st, columns, f); });
  sqlite3_finalize(st);
}

// The indexes a competent user adds: every edge table both ways.
void index_edges(database& s, const layout& l) {
  for (const auto& e : l.edges)
    s.exec("CREATE INDEX " + e.name + "_out ON " + e.name + "(src, dst); CREATE INDEX " + e.name + "_in ON " + e.name + "(dst, src)");
  s.exec("ANALYZE");
}

// Steps a statement to its end; every column as text, NULL as nothing.
std::vector<row> rows(sqlite3_stmt* st) {
  std::vector<row> out;
  const int n = sqlite3_column_count(st);
  while (sqlite3_step(st) == SQLITE_ROW) {
    row r;
    for (int i = 0; i < n; ++i) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      r.emplace_back(text ? text : "");
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<row> run(sqlite3_stmt* st, std::int64_t id) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, id);
  return rows(st);
}

std::vector<row> run(sqlite3_stmt* st, const person_name& q) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, q.person);
  sqlite3_bind_text(st, 2, q.first_name.data(), static_cast<int>(q.first_name.size()), SQLITE_STATIC);
  return rows(st);
}

// A post's text is its content, or its image file when it has none.
constexpr const char* post_content = "COALESCE(NULLIF(content, ''), imageFile)";

const std::string is1 =
    "SELECT p.firstName, p.lastName, p.birthday, p.locationIP, p.browserUsed, pl.id, p.gender, p.creationDate "
    "FROM Person p JOIN Person_isLocatedIn_Place r ON r.src = p.id JOIN Place pl ON pl.id = r.dst AND pl.label = 'City' WHERE p.id = ?1";

// The 10 newest messages, each with the post that starts its thread (itself for a post).
const std::string is2 = std::string(
    "WITH RECURSIVE newest(id, content, creationDate, is_post) AS ("
    "  SELECT m.id, ") + post_content + ", m.creationDate, 1 FROM Post_hasCreator_Person r JOIN Post m ON m.id = r.src WHERE r.dst = ?1"
    "  UNION ALL SELECT m.id, m.content, m.creationDate, 0 FROM Comment_hasCreator_Person r JOIN Comment m ON m.id = r.src WHERE r.dst = ?1"
    "  ORDER BY 3 DESC, 1 DESC LIMIT 10),"
    " chain(message, comment) AS (SELECT id, id FROM newest WHERE is_post = 0"
    "  UNION ALL SELECT chain.message, r.dst FROM chain JOIN Comment_replyOf_Comment r ON r.src = chain.comment),"
    " root(message, post) AS (SELECT id, id FROM newest WHERE is_post = 1"
    "  UNION ALL SELECT chain.message, r.dst FROM chain JOIN Comment_replyOf_Post r ON r.src = chain.comment) "
    "SELECT n.id, n.content, n.creationDate, root.post, a.id, a.firstName, a.lastName FROM newest n JOIN root ON root.message = n.id "
    "JOIN Post_hasCreator_Person c ON c.src = root.post JOIN Person a ON a.id = c.dst ORDER BY n.creationDate DESC, n.id DESC";

const std::string is3 =
    "SELECT f.id, f.firstName, f.lastName, k.creationDate FROM ("
    "  SELECT dst AS friend, creationDate FROM Person_knows_Person WHERE src = ?1"
    "  UNION ALL SELECT src, creationDate FROM Person_knows_Person WHERE dst = ?1) k "
    "JOIN Person f ON f.id = k.friend ORDER BY k.creationDate DESC, f.id ASC";

const std::string is4 = std::string("SELECT creationDate, ") + post_content + " FROM Post WHERE id = ?1 "
                        "UNION ALL SELECT creationDate, content FROM Comment WHERE id = ?1";

const std::string is5 =
    "SELECT p.id, p.firstName, p.lastName FROM ("
    "  SELECT dst FROM Post_hasCreator_Person WHERE src = ?1 UNION ALL SELECT dst FROM Comment_hasCreator_Person WHERE src = ?1) c "
    "JOIN Person p ON p.id = c.dst";

const std::string is6 =
    "WITH RECURSIVE chain(comment) AS (SELECT id FROM Comment WHERE id = ?1"
    "  UNION ALL SELECT r.dst FROM chain JOIN Comment_replyOf_Comment r ON r.src = chain.comment),"
    " root(post) AS (SELECT id FROM Post WHERE id = ?1 UNION ALL SELECT r.dst FROM chain JOIN Comment_replyOf_Post r ON r.src = chain.comment) "
    "SELECT f.id, f.title, m.id, m.firstName, m.lastName FROM root JOIN Forum_containerOf_Post fc ON fc.dst = root.post "
    "JOIN Forum f ON f.id = fc.src JOIN Forum_hasModerator_Person hm ON hm.src = f.id JOIN Person m ON m.id = hm.dst";

const std::string is7 =
    "WITH author(a) AS (SELECT dst FROM Post_hasCreator_Person WHERE src = ?1 UNION ALL SELECT dst FROM Comment_hasCreator_Person WHERE src = ?1),"
    " replies(c) AS (SELECT src FROM Comment_replyOf_Post WHERE dst = ?1 UNION ALL SELECT src FROM Comment_replyOf_Comment WHERE dst = ?1) "
    "SELECT c.id, c.content, c.creationDate, p.id, p.firstName, p.lastName,"
    " EXISTS (SELECT 1 FROM author JOIN Person_knows_Person k ON k.src = author.a AND k.dst = p.id)"
    " OR EXISTS (SELECT 1 FROM author JOIN Person_knows_Person k ON k.dst = author.a AND k.src = p.id) "
    "FROM replies JOIN Comment c ON c.id = replies.c JOIN Comment_hasCreator_Person ch ON ch.src = c.id JOIN Person p ON p.id = ch.dst "
    "ORDER BY c.creationDate DESC, p.id ASC, c.id ASC";

const std::string two_hop =
    "WITH f1(p) AS (SELECT dst FROM Person_knows_Person WHERE src = ?1 UNION SELECT src FROM Person_knows_Person WHERE dst = ?1),"
    " f2(p) AS (SELECT k.dst FROM f1 JOIN Person_knows_Person k ON k.src = f1.p UNION SELECT k.src FROM f1 JOIN Person_knows_Person k ON k.dst = f1.p),"
    " reach(p, d) AS (SELECT p, 1 FROM f1 UNION ALL SELECT p, 2 FROM f2 WHERE p <> ?1 AND p NOT IN (SELECT p FROM f1)) "
    "SELECT per.id, per.lastName, reach.d FROM reach JOIN Person per ON per.id = reach.p WHERE per.firstName = ?2 "
    "ORDER BY reach.d, per.lastName, per.id LIMIT 20";

}  // namespace

int run_sqlite(const fs::path& data, const fs::path& out) {
  const auto params = read_parameters(out / "params.txt");
  const auto t0 = std::chrono::steady_clock::now();
  const auto l = read_layout(data);
  database s(out / "sqlite.db");
  s.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;");
  s.exec("BEGIN");
  for (const auto& n : l.nodes) load_nodes(s, n);
  for (const auto& e : l.edges) load_edges(s, e);
  s.exec("COMMIT");
  index_edges(s, l);
  std::int64_t nodes = 0, edges = 0;
  for (const auto& n : l.nodes) nodes += s.count("SELECT COUNT(*) FROM " + n.type);
  for (const auto& e : l.edges) edges += s.count("SELECT COUNT(*) FROM " + e.name);
  std::printf("load %.3f\ncount %lld %lld\npeak %zu\n", ms_since(t0), static_cast<long long>(nodes), static_cast<long long>(edges), peak_rss());
  std::fflush(stdout);

  std::vector<sqlite3_stmt*> statements;
  const auto prepared = [&](const std::string& sql) { return statements.emplace_back(s.prepare(sql)); };
  const auto by_person = [&](const std::string& sql) {
    auto* st = prepared(sql);
    return [&, st](std::size_t i) { return run(st, params.persons[i]); };
  };
  const auto by_message = [&](const std::string& sql) {
    auto* st = prepared(sql);
    return [&, st](std::size_t i) { return run(st, params.messages[i]); };
  };
  run_query("is1", params.persons.size(), by_person(is1));
  run_query("is2", params.persons.size(), by_person(is2));
  run_query("is3", params.persons.size(), by_person(is3));
  run_query("is4", params.messages.size(), by_message(is4));
  run_query("is5", params.messages.size(), by_message(is5));
  run_query("is6", params.messages.size(), by_message(is6));
  run_query("is7", params.messages.size(), by_message(is7));
  auto* ic1 = prepared(two_hop);
  run_query("ic1_2hop", params.two_hop.size(), [&](std::size_t i) { return run(ic1, params.two_hop[i]); });
  for (auto* st : statements) sqlite3_finalize(st);
  return 0;
}

}  // namespace ldbc
