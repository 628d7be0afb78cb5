/**
 * `npm run bench:peer -- [N ...]` (default 10000 50000): Portico side by side with Backstage's catalog
 * on this machine, through each one's own HTTP API, with the same generated catalog and the same load.
 *
 * - PostgreSQL 15 from Debian (`PG_BIN`, default /usr/lib/postgresql/15/bin; installed with apt-get when
 *   missing and running as root) on 127.0.0.1:55432 for Backstage; Backstage's catalog backend
 *   (`@backstage/backend-defaults` 0.18.0, `@backstage/plugin-catalog-backend` 4.0.0) installed from npm
 *   into `$PEER_DIR/app` (default: `portico-peer` in the temp directory), never into this project.
 * - Portico: `npm start` (the production build and its embedded PostgreSQL), no demo data, REST rate
 *   limit off, `WORKERS` server processes (default 1), a fresh database per size.
 * - Per size: both ingest the catalog (Backstage from a file location until every entity is served;
 *   Portico through `POST /api/v1/import/backstage` in chunks of at most 4 MB), a sanity check that
 *   both give the same totals, first rows, entity and facet counts, then per endpoint, interleaved,
 *   Backstage then Portico: a `WARMUP` s warm-up (5) and `autocannon -c 10 -d DURATION` (15), with
 *   the CPU steal of each run, and the other server's processes stopped meanwhile (their databases
 *   stay up). Ratios from one run are what compare: the machine is shared.
 *
 * Writes `reports/bench-peer.json` and the table between the `bench:peer` markers of docs/benchmarks.md.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { cpuSeconds, serverProcesses, stealSeconds, writeCatalog } from "./bench/support";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [10_000, 50_000];
const PEER_DIR = process.env.PEER_DIR ?? path.join(os.tmpdir(), "portico-peer");
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const WORKERS = process.env.WORKERS ?? "1";
const DURATION = Number(process.env.DURATION ?? 15);
const WARMUP = Number(process.env.WARMUP ?? 5);
const PG_PORT = 55432;
const BACKSTAGE = "http://localhost:7007";
const PORTICO_PORT = 3997;
const PORTICO = `http://localhost:${PORTICO_PORT}`;
const TOKEN = "bench-peer-admin-token-0123456789";
const ROOT = process.cwd();

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = (cmd: string, args: string[], opts: { cwd?: string; user?: string } = {}) =>
  execFileSync(opts.user && process.getuid?.() === 0 ? "runuser" : cmd, opts.user && process.getuid?.() === 0 ? ["-u", opts.user, "--", cmd, ...args] : args, {
    cwd: opts.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();

// ---------- set-up: PostgreSQL 15 and Backstage ----------

/** Starts the peer's PostgreSQL unless it is running; returns what stops it again (nothing when it was already running). */
function ensurePostgres(): () => void {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) {
    if (process.getuid?.() !== 0) throw new Error(`PostgreSQL 15 is not at ${PG_BIN}: apt-get install postgresql-15, or set PG_BIN`);
    say("installing postgresql-15 from Debian…");
    execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null"], { stdio: "inherit" });
  }
  const data = path.join(PEER_DIR, "pgdata");
  const sock = path.join(PEER_DIR, "pgsock");
  for (const d of [data, sock]) fs.mkdirSync(d, { recursive: true });
  const asPostgres = process.getuid?.() === 0 ? "postgres" : undefined;
  if (asPostgres) run("chown", ["-R", "postgres:postgres", data, sock]);
  fs.chmodSync(data, 0o700);
  if (!fs.existsSync(path.join(data, "PG_VERSION"))) {
    run(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], { user: asPostgres });
    fs.appendFileSync(
      path.join(data, "postgresql.conf"),
      `listen_addresses = '127.0.0.1'\nport = ${PG_PORT}\nunix_socket_directories = '${sock}'\nmax_connections = 200\nshared_buffers = 512MB\n`,
    );
  }
  try {
    run(path.join(PG_BIN, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(PG_PORT)]);
    return () => {}; // someone else's: left running
  } catch {
    run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-l", path.join(data, "server.log"), "-w", "start"], { user: asPostgres });
    return () => run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], { user: asPostgres });
  }
}

const psql = (sql: string) => run(path.join(PG_BIN, "psql"), ["-h", "127.0.0.1", "-p", String(PG_PORT), "-U", "postgres", "-Atc", sql]);

function ensureBackstage() {
  const app = path.join(PEER_DIR, "app");
  fs.mkdirSync(app, { recursive: true });
  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      {
        name: "backstage-catalog-peer",
        private: true,
        dependencies: { "@backstage/backend-defaults": "0.18.0", "@backstage/plugin-catalog-backend": "4.0.0", pg: "^8.11.3" },
        overrides: { "@backstage/cli-common": "0.3.1" },
      },
      null,
      2,
    ),
    "index.js": "const { createBackend } = require('@backstage/backend-defaults');\nconst backend = createBackend();\nbackend.add(import('@backstage/plugin-catalog-backend'));\nbackend.start();\n",
    "app-config.yaml": `app:\n  baseUrl: http://localhost:3000\nbackend:\n  baseUrl: ${BACKSTAGE}\n  listen:\n    port: 7007\n  database:\n    client: pg\n    connection: { host: 127.0.0.1, port: ${PG_PORT}, user: postgres, password: postgres }\n  auth:\n    # benchmark only: lets unauthenticated requests through to the catalog's routes\n    dangerouslyDisableDefaultAuthPolicy: true\ncatalog:\n  rules:\n    - allow: [Component, System, API, Resource, Location, Group, User, Domain]\n  locations:\n    - type: file\n      target: \${CATALOG_FILE}\n`,
    // After the first ingestion, no re-processing for an hour: the reads are measured without background work.
    "app-config.quiet.yaml": "catalog:\n  processingInterval: { hours: 1 }\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(app, name), text);
  if (!fs.existsSync(path.join(app, "node_modules/@backstage/plugin-catalog-backend"))) {
    say("installing Backstage's catalog backend from npm…");
    execFileSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: app, stdio: "inherit" });
  }
}

// ---------- servers ----------

async function waitFor(check: () => Promise<boolean>, timeoutS: number, what: string) {
  const start = Date.now();
  while (Date.now() - start < timeoutS * 1000) {
    if (await check().catch(() => false)) return (Date.now() - start) / 1000;
    await sleep(1000);
  }
  throw new Error(`${what}: not within ${timeoutS} s`);
}

const getJson = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json() as Promise<Record<string, unknown>>;
};

async function startBackstage(n: number, catalog: string) {
  for (const db of psql("select datname from pg_database where datname like 'backstage_plugin_%'").split("\n").filter(Boolean)) psql(`drop database "${db}"`);
  const log = fs.openSync(path.join(PEER_DIR, `backstage-${n}.log`), "w");
  const started = Date.now();
  const child = spawn(process.execPath, ["index.js", "--config", "app-config.yaml", "--config", "app-config.quiet.yaml"], {
    cwd: path.join(PEER_DIR, "app"),
    env: { ...process.env, CATALOG_FILE: catalog, NODE_ENV: "production" },
    stdio: ["ignore", log, log],
  });
  const expected = n + Math.max(5, Math.floor(n / 100)) + Math.max(5, Math.floor(n / 50)) + 1;
  await waitFor(
    async () => ((await getJson(`${BACKSTAGE}/api/catalog/entities/by-query?limit=1`)).totalItems as number) >= expected,
    3600,
    "Backstage ingestion",
  );
  return { child, ingestSeconds: (Date.now() - started) / 1000, pids: () => serverProcesses(child.pid!) };
}

async function startPortico(n: number, catalog: string) {
  const data = path.join(PEER_DIR, `portico-data-${n}`);
  fs.rmSync(data, { recursive: true, force: true });
  const log = fs.openSync(path.join(PEER_DIR, `portico-${n}.log`), "w");
  const child = spawn("npx", ["tsx", "scripts/portico.ts", "start"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: String(PORTICO_PORT),
      AUTH_URL: PORTICO,
      AUTH_SECRET: "bench-peer-auth-secret-0123456789abcdef",
      PORTICO_DATA_DIR: data,
      PORTICO_STATIC_TOKENS: `bench:admin:${TOKEN}`,
      PORTICO_ENCRYPTION_KEY: "bench-peer-encryption-key-0123456789abcdef",
      PORTICO_DEMO_DATA: "false",
      PORTICO_API_RATE_LIMIT: "0",
      PORTICO_WORKERS: WORKERS,
      PORTICO_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", log, log],
  });
  await waitFor(async () => (await fetch(`${PORTICO}/api/health/ready`)).ok, 600, "Portico start");
  // Whole documents, in chunks of at most 4 MB, in file order (groups and systems come first).
  const docs = fs.readFileSync(catalog, "utf8").split(/^---$/m).filter((d) => d.trim());
  const chunks: string[] = [];
  let current = "";
  for (const doc of docs) {
    if (current && current.length + doc.length > 4e6) {
      chunks.push(current);
      current = "";
    }
    current += `---${doc}`;
  }
  if (current) chunks.push(current);
  const started = Date.now();
  for (const chunk of chunks) {
    const res = await fetch(`${PORTICO}/api/v1/import/backstage`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/yaml" }, body: chunk });
    if (!res.ok) throw new Error(`Portico import: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
  return { child, ingestSeconds: (Date.now() - started) / 1000, pids: () => serverProcesses(child.pid!) };
}

function stop(child: ChildProcess, group = false) {
  try {
    if (group) process.kill(-child.pid!, "SIGINT");
    else child.kill("SIGINT");
  } catch {
    // already gone
  }
  return new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
}

// ---------- endpoints, sanity, load ----------

const LIFECYCLE_QUERY = encodeURIComponent(JSON.stringify({ combinator: "and", rules: [{ property: "lifecycle", operator: "=", value: "production" }] }));
const endpoints = (n: number) => [
  { key: "a", name: "(a) first page of components, 20 rows", backstage: "/api/catalog/entities/by-query?limit=20&filter=kind=component", portico: "/api/v1/blueprints/service/entities?limit=20" },
  {
    key: "b",
    name: "(b) lifecycle = production, ordered by name",
    backstage: "/api/catalog/entities/by-query?limit=20&filter=kind=component,spec.lifecycle=production&orderField=metadata.name,asc",
    portico: `/api/v1/blueprints/service/entities?limit=20&query=${LIFECYCLE_QUERY}&sort=$identifier:asc`,
  },
  { key: "c", name: "(c) one entity by name", backstage: `/api/catalog/entities/by-name/component/default/component-${n / 2}`, portico: `/api/v1/blueprints/service/entities/component-${n / 2}` },
  { key: "d", name: "(d) facet counts of `type`", backstage: "/api/catalog/entity-facets?facet=spec.type&filter=kind=component", portico: "/api/v1/blueprints/service/facets?property=type" },
];

type Sanity = { check: string; backstage: unknown; portico: unknown; same: boolean };

async function sanity(n: number): Promise<Sanity[]> {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const [a, b, c, d] = endpoints(n);
  const bsA = await getJson(BACKSTAGE + a!.backstage);
  const pA = await getJson(PORTICO + a!.portico, auth);
  const bsB = await getJson(BACKSTAGE + b!.backstage);
  const pB = await getJson(PORTICO + b!.portico, auth);
  const bsC = await getJson(BACKSTAGE + c!.backstage);
  const pC = await getJson(PORTICO + c!.portico, auth);
  const bsD = await getJson(BACKSTAGE + d!.backstage);
  const pD = await getJson(PORTICO + d!.portico, auth);
  const names = (items: unknown) => (items as { metadata?: { name: string }; identifier?: string }[]).map((e) => e.metadata?.name ?? e.identifier);
  const bsFacets = Object.fromEntries(((bsD.facets as Record<string, { value: string; count: number }[]>)["spec.type"] ?? []).map((f) => [f.value, f.count]));
  const pFacets = Object.fromEntries((pD.values as { value: string; count: number }[]).map((f) => [f.value, f.count]));
  const rows: Sanity[] = [
    { check: "total of (a)", backstage: bsA.totalItems, portico: pA.total, same: bsA.totalItems === pA.total },
    { check: "total of (b)", backstage: bsB.totalItems, portico: pB.total, same: bsB.totalItems === pB.total },
    { check: "first 20 names of (b)", backstage: names(bsB.items).slice(0, 3).join(", ") + " …", portico: names(pB.items).slice(0, 3).join(", ") + " …", same: JSON.stringify(names(bsB.items)) === JSON.stringify(names(pB.items)) },
    { check: "(c) name, type, lifecycle", backstage: [(bsC.metadata as { name: string }).name, (bsC.spec as { type: string }).type, (bsC.spec as { lifecycle: string }).lifecycle].join(" "), portico: [pC.identifier, (pC.properties as { type: string }).type, (pC.properties as { lifecycle: string }).lifecycle].join(" "), same: false },
    { check: "(d) counts", backstage: bsFacets, portico: pFacets, same: JSON.stringify(Object.entries(bsFacets).sort()) === JSON.stringify(Object.entries(pFacets).sort()) },
  ];
  rows[3]!.same = rows[3]!.backstage === rows[3]!.portico;
  return rows;
}

type Load = { reqPerSec: number; p50: number; p975: number; p99: number; errors: number; non2xx: number; total: number; stealPercent: number; serverCpuMsPerRequest: number };

/** Sends `signal` to every process of `pids` still there. */
const signalAll = (pids: number[], signal: NodeJS.Signals) =>
  pids.forEach((pid) => {
    try {
      process.kill(pid, signal);
    } catch {
      // gone
    }
  });

/**
 * The load on one server while the other one's processes are stopped (SIGSTOP, then SIGCONT): each
 * is measured alone on the two cores. Otherwise Backstage's processing loop, which keeps refreshing
 * every entity in the background (about a core's worth at 10,000), or Portico's job queue, would be
 * counted against the other one's requests.
 */
async function load(url: string, headers: Record<string, string>, pids: () => number[], pause: () => number[]): Promise<Load> {
  const paused = pause();
  signalAll(paused, "SIGSTOP");
  try {
    return await measure(url, headers, pids);
  } finally {
    signalAll(paused, "SIGCONT");
  }
}

async function measure(url: string, headers: Record<string, string>, pids: () => number[]): Promise<Load> {
  await autocannon({ url, connections: 10, duration: WARMUP, headers });
  const procs = pids();
  const [cpu0, steal0, t0] = [cpuSeconds(procs), stealSeconds(), Date.now()];
  const r = await autocannon({ url, connections: 10, duration: DURATION, headers });
  const [cpu1, steal1, t1] = [cpuSeconds(procs), stealSeconds(), Date.now()];
  const elapsed = (t1 - t0) / 1000;
  return {
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p975: r.latency.p97_5,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
    // Steal across all cores, as a share of the machine's time during the run.
    stealPercent: Math.round(((steal1 - steal0) / (elapsed * os.cpus().length)) * 1000) / 10,
    serverCpuMsPerRequest: r.requests.total ? Math.round(((cpu1 - cpu0) * 1000 * 100) / r.requests.total) / 100 : 0,
  };
}

// ---------- main ----------

async function main() {
  fs.mkdirSync(PEER_DIR, { recursive: true });
  const stopPostgres = ensurePostgres();
  try {
    await compare();
  } finally {
    stopPostgres();
  }
}

async function compare() {
  ensureBackstage();
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  const results: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    const catalog = writeCatalog(PEER_DIR, n);
    say(`\n== ${n.toLocaleString("en")} components ==`);
    const backstage = await startBackstage(n, catalog);
    say(`Backstage ingested in ${backstage.ingestSeconds.toFixed(1)} s`);
    const portico = await startPortico(n, catalog);
    say(`Portico ingested in ${portico.ingestSeconds.toFixed(1)} s`);
    await sleep(10_000);
    try {
      const checks = await sanity(n);
      for (const c of checks) say(`sanity ${c.same ? "same" : "DIFFERENT"}: ${c.check}: Backstage ${JSON.stringify(c.backstage)} / Portico ${JSON.stringify(c.portico)}`);
      const loads = [];
      for (const e of endpoints(n)) {
        const bs = await load(BACKSTAGE + e.backstage, {}, backstage.pids, portico.pids);
        const pt = await load(PORTICO + e.portico, { authorization: `Bearer ${TOKEN}` }, portico.pids, backstage.pids);
        say(`${e.name}: Backstage ${bs.reqPerSec} req/s (p97.5 ${bs.p975} ms), Portico ${pt.reqPerSec} req/s (p97.5 ${pt.p975} ms): ${(pt.reqPerSec / bs.reqPerSec).toFixed(1)}×`);
        loads.push({ endpoint: e.key, name: e.name, backstage: bs, portico: pt, ratio: Math.round((pt.reqPerSec / bs.reqPerSec) * 10) / 10 });
      }
      results.push({ n, ingest: { backstageSeconds: backstage.ingestSeconds, porticoSeconds: portico.ingestSeconds, ratio: Math.round((backstage.ingestSeconds / portico.ingestSeconds) * 10) / 10 }, sanity: checks, loads });
    } finally {
      await stop(backstage.child);
      await stop(portico.child, true);
    }
  }
  const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(), workers: WORKERS, durationS: DURATION };
  fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "reports/bench-peer.json"), JSON.stringify({ machine, results }, null, 2));
  writeTable(machine, results as unknown as Result[]);
}

type Result = { n: number; ingest: { backstageSeconds: number; porticoSeconds: number; ratio: number }; sanity: Sanity[]; loads: { name: string; backstage: Load; portico: Load; ratio: number }[] };

function writeTable(machine: Record<string, unknown>, results: Result[]) {
  const lines = [
    `Measured ${String(machine.date).slice(0, 10)} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGb} GB), Node ${machine.node}; Portico with ${machine.workers} server process(es); \`autocannon -c 10 -d ${machine.durationS}\` after a ${WARMUP} s warm-up, Backstage then Portico per endpoint, each with the other's server processes stopped (SIGSTOP) so that neither's background work counts against the other.`,
    "",
    "| N | endpoint | Backstage req/s (p97.5 ms) | Portico req/s (p97.5 ms) | ratio | Portico server CPU ms/req | steal % (B / P) | errors (B / P) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    for (const l of r.loads) {
      lines.push(
        `| ${r.n.toLocaleString("en")} | ${l.name} | ${l.backstage.reqPerSec} (${l.backstage.p975}) | ${l.portico.reqPerSec} (${l.portico.p975}) | ${l.ratio}× | ${l.portico.serverCpuMsPerRequest} | ${l.backstage.stealPercent} / ${l.portico.stealPercent} | ${l.backstage.errors + l.backstage.non2xx} / ${l.portico.errors + l.portico.non2xx} |`,
      );
    }
    lines.push(`| ${r.n.toLocaleString("en")} | ingest of the whole catalog | ${r.ingest.backstageSeconds.toFixed(1)} s | ${r.ingest.porticoSeconds.toFixed(1)} s | ${r.ingest.ratio}× faster | | | |`);
  }
  lines.push("", "Sanity (the same answers from both):", "");
  for (const r of results) for (const s of r.sanity) lines.push(`- ${r.n.toLocaleString("en")}: ${s.check}: ${s.same ? "same" : "**different**"} (Backstage ${JSON.stringify(s.backstage)}, Portico ${JSON.stringify(s.portico)})`);
  const file = path.join(ROOT, "docs/benchmarks.md");
  const doc = fs.readFileSync(file, "utf8");
  const [start, end] = ["<!-- bench:peer -->", "<!-- /bench:peer -->"];
  const block = `${start}\n${lines.join("\n")}\n${end}`;
  fs.writeFileSync(file, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n## Side by side with Backstage (\`npm run bench:peer\`)\n\n${block}\n`);
  say(`\nwrote reports/bench-peer.json and docs/benchmarks.md`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
