#!/usr/bin/env bash
# Exports graphs as Neo4j CSV with the dossier tool and loads them into Kùzu: the counts must
# agree. Skips (exit 77) without node or Kùzu.
#   kuzu_neo4j_csv.sh DOSSIER_TOOL WORK_DIR FILE.jsonl ENTITIES RELATIONS [FILE.jsonl ENTITIES RELATIONS ...]
set -euo pipefail
tool=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null; then echo "skipped: node is not installed"; exit 77; fi
rm -rf "$work" && mkdir -p "$work"
n=0
while [ $# -ge 3 ]; do
  n=$((n + 1))
  "$tool" export "$1" --format neo4j-csv -o "$work/csv$n" -q
  node "$here/kuzu_neo4j_csv.js" "$work/csv$n" "$2" "$3"
  shift 3
done
