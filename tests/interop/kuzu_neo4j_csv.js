// Loads a dossier Neo4j CSV export into Kùzu (the npm package bench/compare/setup installs) and
// checks that Kùzu reads every file, row and column, with the counts dossier wrote: a second,
// independent CSV reader agreeing with ours on quoting, line breaks and ids.
//   node kuzu_neo4j_csv.js DIR ENTITIES RELATIONS
// Exits 77 (CTest's skip) when Kùzu is not installed.
const fs = require("fs");
const path = require("path");

let kuzu;
try {
  kuzu = require(path.join(__dirname, "..", "..", "bench", "compare", "node_modules", "kuzu"));
} catch (e) {
  console.log("skipped: Kùzu is not installed (run bench/compare/setup)");
  process.exit(77);
}

function fail(message) {
  console.error("FAIL: " + message);
  process.exit(1);
}

async function count(conn, statement) {
  const result = await conn.query(statement);
  const rows = await result.getAll();
  return Number(Object.values(rows[0])[0]);
}

// Kùzu's own CSV reader, with the quoting neo4j-admin uses; line breaks inside quotes need the
// serial reader.
const csvOptions = "(header=true, delim=',', quote='\"', escape='\"', parallel=false)";

async function main() {
  const [dirArg, entities, relations] = process.argv.slice(2);
  const dir = path.resolve(dirArg);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".csv")).sort();
  const nodeFiles = files.filter((f) => f.startsWith("nodes-"));
  const relFiles = files.filter((f) => f.startsWith("relationships-"));
  if (!nodeFiles.length) fail("no node files in " + dir);

  const dbPath = path.join(dir, "..", path.basename(dir) + ".kuzu");
  fs.rmSync(dbPath, { recursive: true, force: true });
  const db = new kuzu.Database(dbPath);
  const conn = new kuzu.Connection(db);
  await conn.query("CREATE NODE TABLE Entity(id STRING, label STRING, name STRING, PRIMARY KEY(id))");
  await conn.query("CREATE REL TABLE Rel(FROM Entity TO Entity, type STRING)");
  for (const f of nodeFiles) {
    const file = path.join(dir, f);
    // Every row and column parses, then the ids, labels and names go into the node table.
    const header = fs.readFileSync(file, "utf8").split("\n")[0].split(",");
    if (header[0] !== "id:ID" || header[1] !== ":LABEL") fail(f + ": unexpected header " + header.join(","));
    await conn.query(`COPY Entity FROM (LOAD FROM '${file}' ${csvOptions} RETURN \`id:ID\`, \`:LABEL\`, name)`);
  }
  let loadedRows = 0;
  for (const f of relFiles) {
    const file = path.join(dir, f);
    loadedRows += await count(conn, `LOAD FROM '${file}' ${csvOptions} RETURN count(*)`);
    await conn.query(`COPY Rel FROM (LOAD FROM '${file}' ${csvOptions} RETURN \`:START_ID\`, \`:END_ID\`, \`:TYPE\`)`);
  }
  const nodes = await count(conn, "MATCH (n:Entity) RETURN count(n)");
  const rels = await count(conn, "MATCH ()-[r:Rel]->() RETURN count(r)");
  console.log(`kuzu: ${nodes} nodes, ${rels} relationships from ${nodeFiles.length} node and ${relFiles.length} relationship files`);
  if (nodes !== Number(entities)) fail(`Kùzu has ${nodes} nodes, dossier wrote ${entities} entities`);
  if (rels !== Number(relations) || loadedRows !== rels) fail(`Kùzu has ${rels} relationships, dossier wrote ${relations} relations`);
  // Labels start with the entity's own type; relationship types are the file's.
  for (const f of nodeFiles) {
    const type = f.slice("nodes-".length, -".csv".length);
    const n = await count(conn, `MATCH (n:Entity) WHERE n.label STARTS WITH '${type};' OR n.label = '${type}' RETURN count(n)`);
    if (n === 0) fail(`no node of ${f} has the label ${type}`);
  }
  console.log("kuzu: counts agree");
}

main().catch((e) => fail(e.stack || String(e)));
