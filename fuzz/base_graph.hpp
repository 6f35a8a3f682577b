#pragma once
// The graph the import fuzz targets import into: a source, two entities and a relation, so that
// a failed import has something to leave as it was and references have something to find.
#include <dossier/dossier.hpp>

#include <sstream>

namespace fuzz {

inline dossier::graph make_base_graph(dossier::schema s) {
  dossier::graph b{std::move(s)};
  std::istringstream in(
      R"({"id": "src", "schema": "Article", "name": "A source", "properties": {"title": ["A source"]}})" "\n"
      R"({"id": "miit", "schema": "Ministry", "name": "MIIT"})" "\n"
      R"({"id": "qiming", "schema": "Program", "name": "Qiming", "aliases": ["Kiming"]})" "\n"
      R"({"id": "r1", "schema": "oversees", "source": "miit", "target": "qiming", "citations": [{"source": "src", "quote": "q"}]})" "\n");
  dossier::import_jsonl(b, in, {}, "base.jsonl");
  return b;
}

}  // namespace fuzz
