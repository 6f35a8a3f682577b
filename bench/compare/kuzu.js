// The comparison harness's Kùzu side (issue 7): loads the CSV files with COPY FROM into typed
// node and relation tables, runs the same workload with prepared Cypher statements, and prints
// the same lines as compare.cpp. Each query is timed around the execute call only.
//   node kuzu.js DIR
const fs = require("fs");
const path = require("path");
const kuzu = require(path.join(__dirname, "node_modules", "kuzu"));

const SHORTEST_MAX_HOPS = 4, LINKED_MAX_HOPS = 3;
const LINKED_TYPES = ["Employment", "recruits_for", "recruits_in", "awarded", "researches"];

async function main() {
  const dir = path.resolve(process.argv[2]);
  const lines = fs.readFileSync(path.join(dir, "queries.txt"), "utf8").split("\n").filter(Boolean).map((l) => l.split(" "));
  const seeds = lines.filter((l) => l[0] === "seed").map((l) => Number(l[1]));
  const pairs = lines.filter((l) => l[0] === "pair").map((l) => [Number(l[1]), Number(l[2])]);
  const fields = lines.filter((l) => l[0] === "field").map((l) => Number(l[1]));
  const types = fs.readFileSync(path.join(dir, "types.txt"), "utf8").split("\n").filter(Boolean).map((l) => l.split(" "));

  const dbPath = path.join(dir, "kuzu-db");
  fs.rmSync(dbPath, { recursive: true, force: true });
  const db = new kuzu.Database(dbPath);
  const conn = new kuzu.Connection(db);
  const t0 = process.hrtime.bigint();
  for (const t of types)
    if (t[0] === "entity") await conn.query(`CREATE NODE TABLE ${t[1]}(id INT64, name STRING, PRIMARY KEY(id))`);
  for (const t of types)
    if (t[0] === "relation") await conn.query(`CREATE REL TABLE ${t[1]}(FROM ${t[2]} TO ${t[3]})`);
  for (const t of types) {
    const file = path.join(dir, t[0] === "entity" ? `entities_${t[1]}.csv` : `rel_${t[1]}.csv`);
    await conn.query(`COPY ${t[1]} FROM '${file}' (HEADER=true)`);
  }
  console.log(`load ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(3)}`);

  async function run(name, items, statement, params) {
    const prepared = await conn.prepare(statement);
    const times = [];
    let checksum = 0;
    for (let i = 0; i < items; ++i) {
      const start = process.hrtime.bigint();
      const result = await conn.execute(prepared, params(i));
      const rows = await result.getAll();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      const v = rows.length ? Number(Object.values(rows[0])[0]) : -1;
      checksum += rows.length && v !== null ? v : -1;
    }
    times.sort((a, b) => a - b);
    console.log(`query ${name} ${times[Math.floor(times.length / 2)].toFixed(6)} ${checksum}`);
  }
  const bySeed = (i) => ({ s: seeds[i] });
  await run("hop1", seeds.length, "MATCH (a:Person {id: $s})-[:Employment]->(b:Company) RETURN count(DISTINCT b)", bySeed);
  await run("hop2", seeds.length,
    "MATCH (a:Person {id: $s})-[:Employment]->(:Company)-[:recruits_for]->(p:Program) RETURN count(DISTINCT p)", bySeed);
  await run("hop3", seeds.length,
    "MATCH (a:Person {id: $s})-[:Employment]->(:Company)-[:recruits_for]->(:Program)-[:recruits_in]->(f:Field) RETURN count(DISTINCT f)", bySeed);
  await run("pattern", seeds.length,
    "MATCH (a:Person {id: $s})-[:Employment]->(:Company)<-[:Employment]-(p:Person) RETURN count(DISTINCT p)", bySeed);
  await run("shortest", pairs.length,
    `MATCH p = (a:Person {id: $a})-[* SHORTEST 1..${SHORTEST_MAX_HOPS}]->(b:Program {id: $b}) RETURN length(p)`,
    (i) => ({ a: pairs[i][0], b: pairs[i][1] }));
  await run("linked_to", fields.length,
    `MATCH (p:Person)-[:${LINKED_TYPES.join("|")}*1..${LINKED_MAX_HOPS}]->(f:Field {id: $f}) RETURN count(DISTINCT p)`,
    (i) => ({ f: fields[i] }));
  const status = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+) kB/);
  console.log(`peak ${status ? Number(status[1]) * 1024 : 0}`);
  await conn.close?.();
  await db.close?.();
}

main().catch((e) => {
  console.error(`kuzu.js: ${e.stack || e}`);
  process.exit(1);
});
