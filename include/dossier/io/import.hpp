#pragma once
// One import pipeline for every interchange format. A reader turns its format into
// format-neutral records (entities and relations, with their properties, citations and valid
// times, and the line each came from) and hands them to an import_pipeline. The pipeline stages
// them, resolves the records' ids, coerces values to the kinds the schema declares, and then
// applies all of them or none through graph::append, which checks every row once by the same
// rules as graph::add and graph::relate. A mistake raises import_error naming the file, the
// line, the field and the problem (or, with skip_bad_lines, is reported and left out, with the
// records that need the one left out).
//
// Values are coerced as text formats need: a string becomes the declared date, money, integer,
// real or boolean ("2019", "3 to 5 million CNY", "200", "0.5", "true"); an integer becomes a
// date when a date is declared (a year). Anything else must already be of the declared kind,
// except for lenient properties (FollowTheMoney's), which keep text they cannot read, and the
// report lists it (import_report::kept_as_text).
//
// Record ids become the entities' external ids (graph::find_external), so that an export writes
// them back and a second import of it gives the same ids; a reference that no record of the
// input names is looked up among the graph's external ids, then as "#N" (entity N).

#include <dossier/core/config.hpp>
#include <dossier/core/error.hpp>
#include <dossier/store/graph.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

DOSSIER_NAMESPACE_BEGIN

struct import_progress {
  enum class phase : std::uint8_t { reading, validating, applying, done } stage;
  std::size_t lines = 0;    // lines read so far
  std::size_t records = 0;  // records handled in this phase so far
  std::size_t total = 0;    // records in the file (0 while reading)
};

struct import_issue {
  std::size_t line;
  std::string field;
  std::string problem;
  std::string id = {};      // the error id, "dossier.import.unknown_reference", ...
  std::string origin = {};  // the file (imports that read several files say which)
};

struct import_options {
  bool skip_bad_lines = false;  // report bad records (and records depending on them) instead of failing
  bool account_records = false;  // fill import_report::records: what each record became
  std::function<void(const import_progress&)> progress = {};
  std::size_t progress_every = 100'000;  // records between progress calls
  repeat_policy on_repeat = repeat_policy::merge;
  // How the checked rows go into the graph: graph::append when empty. A database transaction
  // (transaction::import) sets it, so that the rows are journalled too.
  std::function<append_result(batch, const append_options&)> apply = {};
};

// What one record of the input became (with import_options::account_records).
struct record_account {
  std::string origin = {};  // the file, for imports that read several
  std::size_t line = 0;
  std::string id;
  std::size_t entities = 0;   // 1 for an entity record that was added, else 0
  std::size_t relations = 0;  // relations added: an edge's, one per pair of ends, and references
  std::size_t values = 0;     // property values stored
  std::size_t as_text = 0;    // of which kept as text (lenient properties)
  bool skipped = false;
};

// What an import did. `entities` counts every entity added, sources included; `sources` says how
// many of them are sources (as graph::entity_count and graph::source_count do).
struct import_report {
  std::size_t lines = 0, entities = 0, relations = 0, sources = 0;
  std::vector<import_issue> skipped;
  std::vector<import_issue> kept_as_text;  // values that did not read as their declared kind
  std::unordered_map<std::string, entity_id> ids;  // record id -> entity id
  std::vector<record_account> records;            // with import_options::account_records
};

// A citation as a record states it: the source is a record id, or "#N" for entity N of the graph.
struct import_citation {
  std::string source = {};
  std::string quote = {};
  double confidence = 1.0;
  std::optional<date> first_seen = {}, last_seen = {};
};

struct import_value {
  value val = {};  // as read: null, bool, integer, real, string, money or a list of them
  std::vector<import_citation> citations = {};
  valid_time valid = {};
};

struct import_property {
  std::string name = {};
  import_value value = {};
};

struct import_entity {
  std::size_t line = 0;
  std::string id = {};  // unique in the input; not starting with '#'
  std::string type = {};
  std::string name = {};
  std::vector<alias> aliases = {};
  std::vector<import_property> properties = {};  // a name may repeat: several values
  // Kept only when a kept record cites or relates to it (entity_row::implied): the source a
  // reader makes up for what records cite, such as a FollowTheMoney dataset.
  bool implied = false;
};

struct import_relation {
  std::size_t line = 0;
  std::string id = {};  // kept as the relation's external id (several relations may share one)
  std::string type = {};
  std::string source = {}, target = {};  // record ids, external ids of the graph, or "#N"
  std::vector<import_property> properties = {};
  std::vector<import_citation> citations = {};
  valid_time valid = {};
};

// How a format names the fields the pipeline reports ("schema" in JSON Lines, ":LABEL" in CSV).
struct import_fields {
  std::string type = "type";
  std::string relation_type = {};  // a relation's type, when the format names it otherwise
  std::string id = "id";
  std::string source = "source", target = "target";
  std::string name = "name", aliases = "aliases";
  std::string properties = "properties.";  // before a property's name: "properties.startDate"
  std::string citations = "citations";
  std::string valid = "valid";
};

class import_pipeline {
 public:
  import_pipeline(graph& g, import_options options, std::string origin, import_fields fields = {});
  ~import_pipeline();
  import_pipeline(const import_pipeline&) = delete;
  import_pipeline& operator=(const import_pipeline&) = delete;

  void entity(import_entity e);
  void relation(import_relation r);
  // Readers of several files call this before each: the records, lines and problems that follow
  // are that file's. The origin given to the constructor is the first file's.
  void begin_file(std::string origin);
  // A record the reader could not make sense of (bad syntax, a field of the wrong shape).
  void bad_record(std::size_t line, std::string field, std::string_view id, const std::string& problem);
  // Progress while reading: `line` is the reader's position.
  void read_line(std::size_t line);
  // Resolves, coerces and applies; the graph is untouched unless every kept record applies.
  import_report finish();

  [[nodiscard]] const std::string& origin() const noexcept;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

DOSSIER_NAMESPACE_END
