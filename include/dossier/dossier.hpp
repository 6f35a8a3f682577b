#pragma once
// Umbrella header: everything a user of dossier needs.

#include <dossier/version.hpp>
#include <dossier/config.hpp>
#include <dossier/fwd.hpp>
#include <dossier/ids.hpp>
#include <dossier/error.hpp>
#include <dossier/value.hpp>
#include <dossier/names.hpp>
#include <dossier/schema.hpp>
#include <dossier/provenance.hpp>
#include <dossier/store/graph.hpp>
#include <dossier/bgl.hpp>
#include <dossier/views.hpp>
#include <dossier/io/snapshot.hpp>
#include <dossier/query.hpp>
#include <dossier/io/jsonl.hpp>
#include <dossier/io/dot.hpp>
