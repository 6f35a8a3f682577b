#pragma once
// Umbrella header: everything a user of dossier needs, layer by layer (../shared/DESIGN.md §3).

#include <dossier/version.hpp>

#include <dossier/core/config.hpp>
#include <dossier/core/date.hpp>
#include <dossier/core/error.hpp>
#include <dossier/core/fwd.hpp>
#include <dossier/core/ids.hpp>
#include <dossier/core/money.hpp>
#include <dossier/core/utf8.hpp>
#include <dossier/core/value.hpp>

#include <dossier/names/compare.hpp>
#include <dossier/names/name_index.hpp>
#include <dossier/names/normalize.hpp>

#include <dossier/schema/schema.hpp>
#include <dossier/schema/schemas.hpp>
#include <dossier/schema/type_mask.hpp>

#include <dossier/provenance/evidence.hpp>

#include <dossier/store/bgl.hpp>
#include <dossier/store/bulk_load.hpp>
#include <dossier/store/expansion.hpp>
#include <dossier/store/graph.hpp>
#include <dossier/store/records.hpp>
#include <dossier/store/restore.hpp>

#include <dossier/views/relation_filter.hpp>
#include <dossier/views/undirected.hpp>
#include <dossier/views/view.hpp>

#include <dossier/query/budget.hpp>
#include <dossier/query/cypher.hpp>
#include <dossier/query/explain.hpp>
#include <dossier/query/path.hpp>
#include <dossier/query/path_algorithms.hpp>
#include <dossier/query/predicate.hpp>
#include <dossier/query/query.hpp>

#include <dossier/algorithms/centrality.hpp>
#include <dossier/algorithms/components.hpp>

#include <dossier/io/dot.hpp>
#include <dossier/io/ftm.hpp>
#include <dossier/io/graphml.hpp>
#include <dossier/io/import.hpp>
#include <dossier/io/jsonl.hpp>
#include <dossier/io/snapshot.hpp>
#include <dossier/database/database.hpp>
