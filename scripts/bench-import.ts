/**
 * `npm run bench:import -- [N]` (default 50000): one Backstage import of N Components (N/50 Systems, N/100
 * Groups; the catalog of `npm run bench:peer`) sent whole, as one multi-document file, to
 * `POST /api/v1/import/backstage?progress=<id>` of the production build (`npm start`, embedded PostgreSQL,
 * demo data on, a fresh database), with the progress polled every second. `RUNS` times (default 3), a fresh
 * database each. Per run: wall time, the CPU of the server's processes and of PostgreSQL's, the CPU steal of
 * the machine, and the phases the progress endpoint reported. Then the same file once more (all unchanged).
 *
 * Writes `reports/bench-import.json` and the table between the `bench:import` markers of docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuSeconds, processTree, stealSeconds, writeCatalog } from "./bench/support";
import { commit } from "./report";

const N = Number(process.argv[2] ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 3);
const DIR = process.env.BENCH_DIR ?? path.join(os.tmpdir(), "portico-bench-import");
const PORT = Number(process.env.BENCH_PORT ?? 3996);
const URL_ = `http://localhost:${PORT}`;
const TOKEN = "bench-import-admin-token-0123456789";
const ROOT = process.cwd();

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(): Promise<ChildProcess> {
  const data = path.join(DIR, "data-portico");
  fs.rmSync(data, { recursive: true, force: true });
  const log = fs.openSync(path.join(DIR, "portico.log"), "a");
  const child = spawn("npx", ["tsx", "scripts/portico.ts", "start"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: String(PORT),
      AUTH_URL: URL_,
      AUTH_SECRET: "bench-import-auth-secret-0123456789abcdef",
      PORTICO_DATA_DIR: data,
      PORTICO_STATIC_TOKENS: `bench:admin:${TOKEN}`,
      PORTICO_ENCRYPTION_KEY: "bench-import-encryption-key-0123456789abcdef",
      PORTICO_API_RATE_LIMIT: "0",
      PORTICO_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", log, log],
  });
  for (let waited = 0; ; waited++) {
    if (waited > 600) throw new Error("Portico did not start within 600 s");
    if (await fetch(`${URL_}/api/health/ready`).then((r) => r.ok, () => false)) return child;
    await sleep(1000);
  }
}

function stop(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGINT");
  } catch {
    // already gone
  }
  return new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
}

type Run = { run: string; wallS: number; serverCpuS: number; postgresCpuS: number; stealS: number; created: number; updated: number; unchanged: number; phases: string[] };

async function importOnce(child: ChildProcess, body: string, label: string): Promise<Run> {
  const id = randomUUID();
  const cpu = () => {
    const tree = processTree(child.pid!);
    return { server: cpuSeconds(tree.server), postgres: cpuSeconds(tree.postgres, true) };
  };
  const before = cpu();
  const steal = stealSeconds();
  const phases: string[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      await sleep(1000);
      const res = await fetch(`${URL_}/api/v1/import/progress/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => undefined);
      if (res?.ok) {
        const p = (await res.json()) as { phase: string; done?: number; total?: number };
        phases.push(p.total ? `${p.phase} ${p.done ?? 0}/${p.total}` : p.phase);
      }
    }
  })();
  const started = performance.now();
  const res = await fetch(`${URL_}/api/v1/import/backstage?progress=${id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/yaml" },
    body,
  });
  const wallS = (performance.now() - started) / 1000;
  done = true;
  await poll;
  const text = await res.text();
  if (!res.ok) throw new Error(`import: HTTP ${res.status} ${text.slice(0, 500)}`);
  const after = cpu();
  const report = JSON.parse(text) as { created: unknown[]; updated: unknown[]; unchanged: unknown[] };
  return {
    run: label,
    wallS: Math.round(wallS * 10) / 10,
    serverCpuS: Math.round((after.server - before.server) * 10) / 10,
    postgresCpuS: Math.round((after.postgres - before.postgres) * 10) / 10,
    stealS: Math.round((stealSeconds() - steal) * 10) / 10,
    created: report.created.length,
    updated: report.updated.length,
    unchanged: report.unchanged.length,
    phases,
  };
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  const file = writeCatalog(DIR, N);
  const body = fs.readFileSync(file, "utf8");
  say(`catalog: ${file} (${(body.length / 1e6).toFixed(1)} MB)`);
  const runs: Run[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const child = await start();
    try {
      await sleep(5000); // the start's own work (demo data, first scorecard pass) settles
      const r = await importOnce(child, body, `apply on a fresh database (${i})`);
      say(JSON.stringify(r));
      runs.push(r);
      if (i === RUNS) {
        const again = await importOnce(child, body, "the same file again");
        say(JSON.stringify(again));
        runs.push(again);
      }
    } finally {
      await stop(child);
    }
  }
  const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString().slice(0, 10), commit: commit() };
  fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "reports/bench-import.json"), JSON.stringify({ machine, n: N, bytes: body.length, runs }, null, 2));
  writeTable(machine, body.length, runs);
}

function writeTable(machine: Record<string, unknown>, bytes: number, runs: Run[]) {
  const file = path.join(ROOT, "docs/benchmarks.md");
  const doc = fs.readFileSync(file, "utf8");
  const start = "<!-- bench:import -->";
  const end = "<!-- /bench:import -->";
  const rows = runs.map((r) => `| ${r.run} | ${r.wallS} s | ${r.serverCpuS} s / ${r.postgresCpuS} s | ${r.stealS} s | ${r.created} / ${r.updated} / ${r.unchanged} |`);
  const block = [
    start,
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.date}, commit ${machine.commit}; ${N.toLocaleString("en")} Components (${(bytes / 1e6).toFixed(1)} MB, one request), production build, embedded PostgreSQL, demo data.`,
    "",
    "| run | wall | CPU server / PostgreSQL | steal | created / updated / unchanged |",
    "|---|---|---|---|---|",
    ...rows,
    end,
  ].join("\n");
  fs.writeFileSync(file, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n## Backstage import in one request (\`npm run bench:import\`)\n\n${block}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
