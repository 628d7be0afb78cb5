/**
 * `npm run loadtest`: the production server (`npm start`'s launcher: a build if needed, embedded
 * PostgreSQL, demo data, `next start`) plus 10,000 more services, driven on loopback by autocannon
 * with a signed-in session and an API token. 50 connections for 30 s over a mix of the catalog page,
 * an entity page, a tRPC batch, REST search and run creation, then each alone; the server's RSS is
 * sampled throughout. Then page weight and largest contentful paint in Chromium. Appends its section
 * to docs/benchmarks.md and writes docs/loadtest.json.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { launchPortico } from "../tests/support/launch";
import { processTree } from "../tests/support/processes";
import { freePort } from "./embedded-postgres";
import { commit, machine, printVerdicts, stealMeter, writeSection, type Verdict } from "./report";

const CONNECTIONS = Number(process.env.LOADTEST_CONNECTIONS ?? 50);
const DURATION = Number(process.env.LOADTEST_SECONDS ?? 30);
const EACH = Number(process.env.LOADTEST_EACH_SECONDS ?? 10);
const EXTRA_ENTITIES = Number(process.env.LOADTEST_ENTITIES ?? 10_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function say(msg: string) {
  process.stdout.write(`[loadtest] ${msg}\n`);
}

// PostgreSQL is measured apart: only Node processes count as the server.
const isNode = (status: string) => /Name:\s+(node|next-server)/.test(status);

/** Resident memory of the server's Node processes, in MiB. */
function treeRssMb(pid: number): number {
  const kb = processTree(pid)
    .filter((p) => isNode(p.status))
    .reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(p.status)?.[1] ?? 0), 0);
  return Math.round(kb / 1024);
}

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** CPU time (user + system) used so far by the server's Node processes and by PostgreSQL, in ms. */
function treeCpuMs(pid: number): { node: number; postgres: number } {
  const total = { node: 0, postgres: 0 };
  for (const p of processTree(pid)) {
    const fields = p.stat.slice(p.stat.lastIndexOf(")") + 2).split(" ");
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    if (isNode(p.status)) total.node += ms;
    else if (/Name:\s+postgres/.test(p.status)) total.postgres += ms;
  }
  return total;
}

/**
 * Waits until the server's processes and PostgreSQL together use under 5 % of the cores for a second
 * (at most two minutes): the work a phase leaves behind — runs it created being dispatched by the job
 * workers — is counted in that phase, not in the next one's requests. Returns the server CPU used meanwhile.
 */
async function settle(pid: number): Promise<{ node: number; seconds: number }> {
  const start = treeCpuMs(pid);
  const started = Date.now();
  const budget = (os.cpus().length * 1000) / 20;
  let before = start;
  while (Date.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = treeCpuMs(pid);
    const busy = now.node - before.node + (now.postgres - before.postgres);
    before = now;
    if (busy < budget) break;
  }
  return { node: before.node - start.node, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  let failed = false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-loadtest-"));
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const token = `ptc_load_${randomBytes(16).toString("hex")}`;
  say("starting the portal (it builds first if the build is missing or stale)");
  const server = launchPortico(["start"], {
    PORT: String(port),
    PORTICO_DATA_DIR: dir,
    PORTICO_STATIC_TOKENS: `loadtest:admin:${token}`,
    // The test measures capacity: the per-token limit (600 a minute by default) would answer 429.
    PORTICO_API_RATE_LIMIT: "0",
    PORTICO_LOG_LEVEL: "warn",
    // Unset (the launcher's default: one server process per core, up to four) unless asked for.
    PORTICO_WORKERS: process.env.LOADTEST_WORKERS ?? "",
  });
  try {
    // The first start after a change builds the app: give it time.
    await server.waitUntilReady(base, 600_000);
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };

    say(`seeding ${EXTRA_ENTITIES.toLocaleString("en")} more services through the bulk API`);
    const teams = ["payments", "checkout", "platform"];
    for (let i = 0; i < EXTRA_ENTITIES; i += 1000) {
      const entities = Array.from({ length: Math.min(1000, EXTRA_ENTITIES - i) }, (_, k) => {
        const n = i + k;
        return { identifier: `load-${String(n).padStart(6, "0")}`, title: `Load service ${n}`, team: [teams[n % teams.length]], properties: { language: ["Go", "TypeScript", "Java", "Python"][n % 4], lifecycle: n % 5 === 0 ? "experimental" : "production", tier: `tier-${(n % 3) + 1}` } };
      });
      const res = await fetch(`${base}/api/v1/blueprints/service/entities/bulk`, { method: "POST", headers: auth, body: JSON.stringify({ entities }) });
      if (!res.ok) throw new Error(`seeding failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
    }

    // A browser session: the local demo sign-in, as a click on "Sign in as …" does it.
    const signinHtml = await (await fetch(`${base}/signin`)).text();
    const userId = /name="userId" value="([0-9a-f-]{36})"/.exec(signinHtml)?.[1];
    if (!userId) throw new Error("no demo user to sign in as");
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${base}/api/auth/callback/demo`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, userId, callbackUrl: "/" }),
    });
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))?.split(";")[0];
    if (!session) throw new Error(`sign-in failed (${signIn.status})`);
    const cookie = { cookie: session };

    const batchInput = encodeURIComponent(
      JSON.stringify({
        0: { json: { blueprint: "service", sort: "$title", limit: 50, query: { combinator: "and", rules: [{ property: "lifecycle", operator: "=", value: "production" }] } } },
        1: { json: { blueprint: "service", property: "language" } },
      }),
    );
    const scenarios: { name: string; request: autocannon.Request }[] = [
      { name: "Catalog page (/catalog/service, server-rendered)", request: { method: "GET", path: "/catalog/service", headers: cookie } },
      { name: "Entity page (/catalog/service/payments-api)", request: { method: "GET", path: "/catalog/service/payments-api", headers: cookie } },
      { name: "tRPC batch (catalog.entities + catalog.facets)", request: { method: "GET", path: `/api/trpc/catalog.entities,catalog.facets?batch=1&input=${batchInput}`, headers: cookie } },
      { name: "REST search (GET /api/v1/blueprints/service/entities?q=…)", request: { method: "GET", path: "/api/v1/blueprints/service/entities?q=load%20serv&limit=20", headers: auth } },
      {
        name: "Run creation (POST /api/v1/actions/deploy/runs)",
        request: { method: "POST", path: "/api/v1/actions/deploy/runs", headers: auth, body: JSON.stringify({ entity: "payments-api", inputs: { environment: "staging", version: "v1.2.3" } }) },
      },
    ];
    for (const s of scenarios) {
      const res = await fetch(`${base}${s.request.path}`, { method: s.request.method, headers: s.request.headers as Record<string, string>, body: s.request.body as string | undefined, redirect: "manual" });
      if (res.status >= 300) throw new Error(`${s.name} answers ${res.status} before the load: ${(await res.text()).slice(0, 300)}`);
    }

    const launcherPid = server.pid;
    const run = async (title: string, requests: autocannon.Request[], seconds: number) => {
      say(`${title}: ${CONNECTIONS} connections for ${seconds} s`);
      let peak = treeRssMb(launcherPid);
      const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(launcherPid))), 500);
      const cpuBefore = treeCpuMs(launcherPid);
      const ownBefore = process.cpuUsage();
      const result = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 });
      const own = process.cpuUsage(ownBefore);
      // What the requests left running (dispatching the runs they created) belongs to them.
      const tail = await settle(launcherPid);
      const cpuAfter = treeCpuMs(launcherPid);
      clearInterval(timer);
      if (tail.seconds > 1.5) say(`  ${tail.seconds.toFixed(0)} s of work left behind (${Math.round(tail.node)} ms of server CPU) counted in this phase`);
      const perRequest = (ms: number) => Math.round((ms / Math.max(1, result.requests.total)) * 10) / 10;
      return {
        title,
        seconds,
        requests: result.requests.total,
        perSecond: result.requests.average,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        peakRssMb: peak,
        // Where each request's time went: on 2 cores, 50 closed-loop connections wait ≈ 50 ÷ requests/s each.
        cpuMsPerRequest: {
          server: perRequest(cpuAfter.node - cpuBefore.node),
          postgres: perRequest(cpuAfter.postgres - cpuBefore.postgres),
          loadGenerator: perRequest((own.user + own.system) / 1000),
        },
      };
    };
    const rssIdle = treeRssMb(launcherPid);
    const serverProcesses = processTree(launcherPid).filter((p) => /Name:\s+next-server/.test(p.status)).length;
    const steal = stealMeter();
    await settle(launcherPid);
    const mixed = await run("Mixed (the five below in turn on every connection)", scenarios.map((s) => s.request), DURATION);
    const each = [];
    for (const s of scenarios) each.push(await run(s.name, [s.request], EACH));

    say("page weight and largest contentful paint in Chromium");
    const [scorecardPath] = /\/scorecards\/service\/[a-z0-9-]+/.exec(await (await fetch(`${base}/scorecards`, { headers: cookie })).text()) ?? ["/scorecards/service/production-readiness"];
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const pages = [];
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: "authjs.session-token", value: session.split("=").slice(1).join("="), url: base }]);
      for (const [name, route] of [
        ["Catalog", "/catalog/service"],
        ["Entity", "/catalog/service/payments-api"],
        ["Scorecard", scorecardPath],
      ] as const) {
        const page = await context.newPage();
        const scripts: string[] = [];
        page.on("response", (r) => {
          if (r.request().resourceType() === "script") scripts.push(new URL(r.url()).pathname);
        });
        await page.goto(`${base}${route}`, { waitUntil: "networkidle" });
        const lcp = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const entries = list.getEntries();
                resolve(entries[entries.length - 1]!.startTime);
              }).observe({ type: "largest-contentful-paint", buffered: true });
              setTimeout(() => resolve(-1), 3000);
            }),
        );
        // First-load JS: the scripts this first visit loaded, gzipped as they are in the build.
        let raw = 0;
        let gz = 0;
        for (const p of new Set(scripts)) {
          const file = path.join(".next", p.replace(/^\/_next\//, ""));
          if (!fs.existsSync(file)) continue;
          const body = fs.readFileSync(decodeURIComponent(file));
          raw += body.length;
          gz += gzipSync(body, { level: 9 }).length;
        }
        pages.push({ name, route, scripts: new Set(scripts).size, jsKb: Math.round(raw / 1024), jsGzKb: Math.round(gz / 1024), lcpMs: Math.round(lcp) });
        await page.close();
      }
    } finally {
      await browser.close();
    }

    const stolen = steal();
    const verdicts: Verdict[] = [
      { target: `zero errors under ${CONNECTIONS} clients for ${DURATION} s`, measured: `${mixed.errors} errors, ${mixed.non2xx} non-2xx of ${mixed.requests}`, pass: mixed.errors === 0 && mixed.non2xx === 0 },
      { target: "p99 latency < 500 ms (mixed load)", measured: `${mixed.p99} ms`, pass: mixed.p99 < 500 },
      ...pages.filter((p) => p.name === "Catalog").map((p) => ({ target: "catalog page first-load JS < 200 kB gzipped", measured: `${p.jsGzKb} kB`, pass: p.jsGzKb < 200 })),
    ];
    const row = (r: typeof mixed) =>
      `| ${r.title} | ${r.requests.toLocaleString("en")} | ${Math.round(r.perSecond).toLocaleString("en")} | ${r.p50} / ${r.p90} / ${r.p99} / ${r.max} | ${r.errors} / ${r.non2xx} | ${r.cpuMsPerRequest.server} / ${r.cpuMsPerRequest.postgres} / ${r.cpuMsPerRequest.loadGenerator} | ${r.peakRssMb} |`;
    const cores = os.cpus().length;
    const lines = [
      "## Load test",
      "",
      `Written by \`npm run loadtest\` (scripts/loadtest.ts): \`npm start\` (the launcher, ${serverProcesses} server process${serverProcesses === 1 ? "" : "es"} of \`next start\`) with the demo data plus ${EXTRA_ENTITIES.toLocaleString("en")} services, driven on loopback by autocannon with ${CONNECTIONS} connections, a signed-in session and an API token (rate limit off: this measures capacity). The load generator shares the machine's cores with the server and PostgreSQL. Each phase starts on a quiet server, and its CPU counts what it left running until the server is quiet again (the dispatch of the runs it created), so that no phase pays for another's background work.`,
      "",
      `- Date: ${new Date().toISOString()}`,
      `- Machine: ${machine()}`,
      `- Commit: ${commit()}`,
      `- Server processes: ${serverProcesses} (\`PORTICO_WORKERS\`; \`LOADTEST_WORKERS\` sets it here)`,
      `- Server RSS (launcher + server processes): ${rssIdle} MiB idle after seeding`,
      ...(stolen === null ? [] : [`- CPU steal during the load (time the hypervisor gave to other guests): ${stolen} %`]),
      "",
      "| Load | Requests | Requests/s | Latency ms p50 / p90 / p99 / max | Errors / non-2xx | CPU ms per request: server / PostgreSQL / autocannon | Peak server RSS MiB |",
      "|---|---|---|---|---|---|---|",
      row(mixed),
      ...each.map(row),
      "",
      `Every connection sends its next request when the last one is answered, so a request waits about ${CONNECTIONS} ÷ requests/s (Little's law). A p99 under 500 ms at ${CONNECTIONS} connections takes more than ${Math.ceil(CONNECTIONS / 0.5)} requests/s: about ${Math.round(((cores * 1000) / Math.ceil(CONNECTIONS / 0.5)) * 10) / 10} ms of CPU per request on this machine's ${cores} cores, server, PostgreSQL and load generator together. Each server process renders on one core at a time.`,
      "",
      "### Page weight",
      "",
      "First-load JS: the scripts Chromium loaded on a first visit, as stored in the build (`.next/static`), raw and gzipped. Largest contentful paint from the browser's own PerformanceObserver, on loopback.",
      "",
      "| Page | Route | Scripts | JS kB | JS kB gzipped | LCP ms |",
      "|---|---|---|---|---|---|",
      ...pages.map((p) => `| ${p.name} | \`${p.route}\` | ${p.scripts} | ${p.jsKb} | ${p.jsGzKb} | ${p.lcpMs} |`),
      "",
      ...verdicts.map((v) => `- ${v.pass ? "✅" : "❌"} ${v.target}: ${v.measured}`),
      "",
    ];
    writeSection("loadtest", lines, { date: new Date().toISOString(), machine: machine(), commit: commit(), connections: CONNECTIONS, serverProcesses, cpuStealPercent: stolen, rssIdleMb: rssIdle, mixed, each, pages, verdicts });
    process.stdout.write(`\n${lines.join("\n")}\n`);
    printVerdicts(verdicts);
    failed = verdicts.some((v) => !v.pass);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // embedded-postgres (imported for freePort) hooks process exit, so say the code explicitly.
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
