// LDBC SNB SF0.1 in the comparison (issue 19): loads every node and edge file with all its
// properties, then runs the Interactive short reads IS1-IS7 and IC1's friends-with-a-first-name
// in two hops. dossier and SQLite run here, Kùzu in ldbc.js; bench/compare/run --ldbc puts the
// three side by side. Every system prints
//   load MS | count NODES EDGES | peak BYTES | query NAME MEDIAN_MS CHECKSUM ROWS
//
//   ldbc params DATA OUT    write OUT/params.txt (random, seeded) and OUT/layout.txt (for ldbc.js)
//   ldbc dossier DATA OUT [append] | ldbc sqlite DATA OUT
//   ldbc reference DATA OUT  per-type CSRs and property vectors (reference.cpp): load and memory only
#include "layout.hpp"

#include <random>
#include <unordered_map>

namespace ldbc {

int run_dossier(const fs::path& data, const fs::path& out, bool per_batch);
int run_sqlite(const fs::path& data, const fs::path& out);
int run_reference(const fs::path& data);

namespace {

// Tab-separated (paths may hold spaces), columns as "name:int" or "name:text".
std::string columns_text(const std::vector<column>& columns) {
  std::string s;
  for (const auto& c : columns) s += '\t' + c.name + (c.integer ? ":int" : ":text");
  return s;
}

void write_layout(const layout& l, const fs::path& file) {
  std::ofstream out(file);
  for (const auto& n : l.nodes) out << "node\t" << n.type << '\t' << n.file.string() << '\t' << has_header(n.file) << columns_text(n.columns) << '\n';
  for (const auto& e : l.edges) {
    out << "edge\t" << e.name << '\t' << e.source << '\t' << e.target << columns_text(e.properties) << '\n';
    for (const auto& f : e.files) out << "file\t" << f.string() << '\t' << has_header(f) << '\n';
  }
}

std::vector<std::int64_t> ids(const fs::path& file) {
  std::vector<std::int64_t> v;
  each_row(file, [&](const auto& f) { v.push_back(std::stoll(std::string(f[0]))); });
  return v;
}

// A first name for IC1 that the person's friends or their friends have, when they have friends:
// answers that are not empty.
struct knows_graph {
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> friends;
  std::unordered_map<std::int64_t, std::string> first_name;

  std::string name_near(std::int64_t person, std::mt19937_64& rng) const {
    std::vector<std::int64_t> near;
    if (const auto f = friends.find(person); f != friends.end())
      for (auto a : f->second) {
        near.push_back(a);
        for (auto b : friends.at(a))
          if (b != person) near.push_back(b);
      }
    if (near.empty()) return first_name.at(person);
    return first_name.at(near[rng() % near.size()]);
  }
};

knows_graph read_knows(const fs::path& data, const layout& l) {
  knows_graph k;
  each_row(data / "Person.csv", [&](const auto& f) { k.first_name[std::stoll(std::string(f[0]))] = std::string(f[1]); });
  for (const auto& e : l.edges)
    if (e.name == "Person_knows_Person")
      for (const auto& file : e.files)
        each_row(file, [&](const auto& f) {
          const auto a = std::stoll(std::string(f[0])), b = std::stoll(std::string(f[1]));
          k.friends[a].push_back(b);
          k.friends[b].push_back(a);
        });
  return k;
}

int params(const fs::path& data, const fs::path& out) {
  fs::create_directories(out);
  const auto l = read_layout(data);
  write_layout(l, out / "layout.txt");
  std::mt19937_64 rng(19);
  const auto persons = ids(data / "Person.csv"), posts = ids(data / "Post.csv"), comments = ids(data / "Comment.csv");
  const auto knows = read_knows(data, l);
  std::ofstream p(out / "params.txt");
  for (int i = 0; i < 100; ++i) p << "person|" << persons[rng() % persons.size()] << '\n';
  for (int i = 0; i < 50; ++i) p << "message|" << posts[rng() % posts.size()] << '\n';
  for (int i = 0; i < 50; ++i) p << "message|" << comments[rng() % comments.size()] << '\n';
  for (int i = 0; i < 100; ++i) {
    const auto person = persons[rng() % persons.size()];
    p << "ic1|" << person << '|' << knows.name_near(person, rng) << '\n';
  }
  std::printf("ldbc: %zu node files, %zu edge tables; parameters in %s\n", l.nodes.size(), l.edges.size(), out.c_str());
  return 0;
}

}  // namespace
}  // namespace ldbc

int main(int argc, char** argv) {
  try {
    const std::string what = argc >= 4 ? argv[1] : "";
    if (what == "params") return ldbc::params(argv[2], argv[3]);
    if (what == "dossier") return ldbc::run_dossier(argv[2], argv[3], argc >= 5 && std::string(argv[4]) == "append");
    if (what == "sqlite") return ldbc::run_sqlite(argv[2], argv[3]);
    if (what == "reference") return ldbc::run_reference(argv[2]);
    std::fprintf(stderr, "usage: ldbc params|dossier|sqlite DATA OUT\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ldbc: %s\n", e.what());
    return 1;
  }
}
