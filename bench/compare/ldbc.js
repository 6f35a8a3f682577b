// LDBC SNB SF0.1 on Kùzu (issue 19): a node table per node file and a relation table per edge
// name (the layout `ldbc params` writes), COPY FROM every file, then IS1-IS7 and IC1 in two hops
// as prepared Cypher. Prints the lines of ldbc/main.cpp; answers are checksummed as there.
// Every column is returned as STRING: Node's numbers would round LDBC's 17-digit dates.
//   node ldbc.js OUT      (OUT holds layout.txt and params.txt)
const fs = require("fs");
const path = require("path");
const kuzu = require(path.join(__dirname, "node_modules", "kuzu"));

function readLayout(file) {
  const nodes = [], edges = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const f = line.split("\t");
    const columns = (from) => f.slice(from).map((c) => c.split(":"));
    if (f[0] === "node") nodes.push({ type: f[1], file: f[2], header: f[3] === "1", columns: columns(4) });
    else if (f[0] === "edge") edges.push({ name: f[1], source: f[2], target: f[3], properties: columns(4), files: [] });
    else if (f[0] === "file") edges[edges.length - 1].files.push({ file: f[1], header: f[2] === "1" });
  }
  return { nodes, edges };
}

function readParameters(file) {
  const p = { persons: [], messages: [], twoHop: [] };
  for (const line of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const f = line.split("|");
    if (f[0] === "person") p.persons.push(Number(f[1]));
    else if (f[0] === "message") p.messages.push(Number(f[1]));
    else if (f[0] === "ic1") p.twoHop.push({ id: Number(f[1]), name: f[2] });
  }
  return p;
}

const kind = (k) => (k === "int" ? "INT64" : "STRING");
const columnList = (columns) => columns.map(([name, k]) => `${name} ${kind(k)}`).join(", ");

async function load(conn, layout) {
  for (const n of layout.nodes) await conn.query(`CREATE NODE TABLE ${n.type}(${columnList(n.columns)}, PRIMARY KEY(id))`);
  for (const e of layout.edges) {
    const props = e.properties.length ? ", " + columnList(e.properties) : "";
    await conn.query(`CREATE REL TABLE ${e.name}(FROM ${e.source} TO ${e.target}${props})`);
  }
  const copy = (table, f) => conn.query(`COPY ${table} FROM '${f.file}' (HEADER=${f.header}, DELIM='|')`);
  for (const n of layout.nodes) await copy(n.type, n);
  for (const e of layout.edges) for (const f of e.files) await copy(e.name, f);
}

// FNV-1a (64 bits), fed as ldbc/layout.hpp's checksum is.
class Checksum {
  constructor() { this.h = 14695981039346656037n; this.rows = 0; }
  add(text) {
    for (const byte of Buffer.from(text, "utf8")) this.h = ((this.h ^ BigInt(byte)) * 1099511628211n) & 0xffffffffffffffffn;
  }
  addAnswer(rows) {
    for (const r of rows) {
      for (const v of Object.values(r)) this.add((v === null ? "" : String(v)) + "|");
      this.add("\n");
    }
    this.add("#");
    this.rows += rows.length;
  }
  hex() { return "h" + this.h.toString(16).padStart(16, "0"); }
}

async function runQuery(conn, name, statement, items) {
  const prepared = await conn.prepare(statement);
  if (!prepared.isSuccess()) throw new Error(`${name}: ${prepared.getErrorMessage()}`);
  const times = [], sum = new Checksum();
  for (const params of items) {
    const start = process.hrtime.bigint();
    const rows = await (await conn.execute(prepared, params)).getAll();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    sum.addAnswer(rows);
  }
  times.sort((a, b) => a - b);
  console.log(`query ${name} ${times[Math.floor(times.length / 2)].toFixed(6)} ${sum.hex()} ${sum.rows}`);
}

// Every returned value as text (see the top of the file).
const s = (expr) => `CAST(${expr} AS STRING)`;
const content = (m) => `CASE WHEN ${m}.content IS NULL OR ${m}.content = '' THEN ${m}.imageFile ELSE ${m}.content END`;
const creators = ":Post_hasCreator_Person|:Comment_hasCreator_Person";
// The post that starts a message's thread: itself, or the end of its reply chain (at most 30
// replies deep, Kùzu's bound; SF0.1's deepest chain is far shorter).
const toRootPost = "-[:Comment_replyOf_Post|:Comment_replyOf_Comment*0..30]->(post:Post)";

const queries = {
  is1: `MATCH (n:Person {id: $id})-[:Person_isLocatedIn_Place]->(p:Place) WHERE p.label = 'City'
        RETURN n.firstName, n.lastName, ${s("n.birthday")}, n.locationIP, n.browserUsed, ${s("p.id")}, n.gender, ${s("n.creationDate")}`,
  is2: `MATCH (:Person {id: $id})<-[${creators}]-(message)
        WITH message ORDER BY message.creationDate DESC, message.id DESC LIMIT 10
        MATCH (message)${toRootPost}-[:Post_hasCreator_Person]->(author:Person)
        RETURN ${s("message.id")}, ${content("message")}, ${s("message.creationDate")}, ${s("post.id")}, ${s("author.id")},
               author.firstName, author.lastName
        ORDER BY message.creationDate DESC, message.id DESC`,
  is3: `MATCH (n:Person {id: $id})-[r:Person_knows_Person]-(friend:Person)
        RETURN ${s("friend.id")}, friend.firstName, friend.lastName, ${s("r.creationDate")}
        ORDER BY r.creationDate DESC, friend.id ASC`,
  is4: `MATCH (m:Post:Comment {id: $id}) RETURN ${s("m.creationDate")}, ${content("m")}`,
  is5: `MATCH (m:Post:Comment {id: $id})-[${creators}]->(p:Person) RETURN ${s("p.id")}, p.firstName, p.lastName`,
  is6: `MATCH (m:Post:Comment {id: $id})${toRootPost}<-[:Forum_containerOf_Post]-(f:Forum)-[:Forum_hasModerator_Person]->(mod:Person)
        RETURN ${s("f.id")}, f.title, ${s("mod.id")}, mod.firstName, mod.lastName`,
  is7: `MATCH (m:Post:Comment {id: $id})<-[:Comment_replyOf_Comment|:Comment_replyOf_Post]-(c:Comment)-[:Comment_hasCreator_Person]->(p:Person)
        MATCH (m)-[${creators}]->(a:Person)
        OPTIONAL MATCH (a)-[r:Person_knows_Person]-(p)
        RETURN ${s("c.id")}, c.content, ${s("c.creationDate")}, ${s("p.id")}, p.firstName, p.lastName,
               CASE WHEN ID(r) IS NULL THEN '0' ELSE '1' END
        ORDER BY c.creationDate DESC, p.id ASC, c.id ASC`,
  ic1_2hop: `MATCH p = (a:Person {id: $id})-[:Person_knows_Person* SHORTEST 1..2]-(b:Person)
             WHERE b.firstName = $name AND b.id <> $id
             RETURN ${s("b.id")}, b.lastName, ${s("length(p)")} ORDER BY length(p), b.lastName, b.id LIMIT 20`,
};

async function main() {
  const out = path.resolve(process.argv[2]);
  const layout = readLayout(path.join(out, "layout.txt"));
  const params = readParameters(path.join(out, "params.txt"));
  const dbPath = path.join(out, "kuzu-db");
  fs.rmSync(dbPath, { recursive: true, force: true });
  const db = new kuzu.Database(dbPath);
  const conn = new kuzu.Connection(db);
  const t0 = process.hrtime.bigint();
  await load(conn, layout);
  console.log(`load ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(3)}`);
  const count = async (q) => Number(Object.values((await (await conn.query(q)).getAll())[0])[0]);
  console.log(`count ${await count("MATCH (n) RETURN count(n)")} ${await count("MATCH ()-[r]->() RETURN count(r)")}`);
  const status = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+) kB/);
  console.log(`peak ${status ? Number(status[1]) * 1024 : 0}`);

  const persons = params.persons.map((id) => ({ id })), messages = params.messages.map((id) => ({ id }));
  for (const name of ["is1", "is2", "is3"]) await runQuery(conn, name, queries[name], persons);
  for (const name of ["is4", "is5", "is6", "is7"]) await runQuery(conn, name, queries[name], messages);
  await runQuery(conn, "ic1_2hop", queries.ic1_2hop, params.twoHop);
  await conn.close?.();
  await db.close?.();
  fs.rmSync(dbPath, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(`ldbc.js: ${e.stack || e}`);
  process.exit(1);
});
