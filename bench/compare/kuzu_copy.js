// Kùzu's bulk load of the data import_bench generates (kuzu_nodes.csv, kuzu_rels.csv): the
// reference for dossier's FtM and JSON Lines import (issue 17). Prints "kuzu_copy SECONDS".
//   node kuzu_copy.js DIR
const fs = require("fs");
const path = require("path");
const kuzu = require(path.join(__dirname, "node_modules", "kuzu"));

async function main() {
  const dir = path.resolve(process.argv[2]);
  const dbPath = path.join(dir, "kuzu-copy-db");
  fs.rmSync(dbPath, { recursive: true, force: true });
  const db = new kuzu.Database(dbPath);
  const conn = new kuzu.Connection(db);
  await conn.query("CREATE NODE TABLE Entity(id STRING, schema STRING, name STRING, country STRING, date STRING, PRIMARY KEY(id))");
  await conn.query("CREATE REL TABLE Rel(FROM Entity TO Entity, schema STRING, date STRING)");
  const t0 = process.hrtime.bigint();
  await conn.query(`COPY Entity FROM '${path.join(dir, "kuzu_nodes.csv")}' (HEADER=true)`);
  await conn.query(`COPY Rel FROM '${path.join(dir, "kuzu_rels.csv")}' (HEADER=true)`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const nodes = await (await conn.query("MATCH (n:Entity) RETURN count(n)")).getAll();
  const rels = await (await conn.query("MATCH ()-[r:Rel]->() RETURN count(r)")).getAll();
  console.log(`kuzu_copy ${seconds.toFixed(3)} nodes ${Object.values(nodes[0])[0]} rels ${Object.values(rels[0])[0]}`);
  fs.rmSync(dbPath, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
