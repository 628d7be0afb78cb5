import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { startGitHubApi } from "../support/github-api";
import { readRequestBody } from "../support/request-body";
import { startKubernetesApi, startWebhookReceiver } from "../support/kubernetes-api";
import { signInDemo, trpc } from "./http-world";
import { PORTAL_PORT } from "./ports";
import { startPortalServer } from "./server";

// Issue 20, item 3: three `next start` replicas on one PostgreSQL behind a round-robin proxy, as a
// Kubernetes Service would put them. They start together, share sessions and rate limits, dispatch each
// run once, hold a cluster's watches one at a time; then one is killed with SIGKILL under steady load.
test.describe.configure({ mode: "serial" });

const PORTS = [PORTAL_PORT + 20, PORTAL_PORT + 21, PORTAL_PORT + 22];
const PROXY_PORT = PORTAL_PORT + 23;
const BASE = `http://localhost:${PROXY_PORT}`;
const ADMIN = "replica-admin-token-0123456789";
const LOAD_TOKENS = Array.from({ length: 8 }, (_, i) => `replica-load-token-${i}-0123456789`);
const LIMITED = "replica-limited-token-0123456789";
const SCORER = "replica-scorer-token-0123456789";
const SIGNING_SECRET = "replica-signing-secret-0123456789";
const ENCRYPTION_KEY = "replica-encryption-key-0123456789-abcdef";
const RATE_LIMIT = 120;
const GITHUB_TOKEN = "ghp_replicaLoopbackToken0000000000000000";

/**
 * A round-robin proxy on loopback, like a Service in front of ready pods: a backend that refuses the
 * connection is taken out of the rotation and the request goes to the next one (nothing reached the dead
 * backend); a request already sent to a backend that dies fails, as it would in a cluster.
 */
async function startRoundRobin(port: number, backends: number[]) {
  const state = { next: 0, down: new Set<number>(), served: new Map<number, number>() };
  const server = http.createServer(async (req, res) => {
    const body = await readRequestBody(req);
    if (!body) return;
    const attempt = () => {
      const live = backends.filter((b) => !state.down.has(b));
      if (!live.length) return void res.writeHead(502).end();
      const backend = live[state.next++ % live.length]!;
      const upstream = http.request({ host: "127.0.0.1", port: backend, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        state.served.set(backend, (state.served.get(backend) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-served-by": String(backend) });
        answer.pipe(res);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED") {
          state.down.add(backend);
          attempt();
        } else res.destroy();
      });
      upstream.end(body);
    };
    attempt();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { state, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const rssMb = (pid: number | undefined) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
};

test("three replicas on one PostgreSQL: together, then one killed under load", async () => {
  test.setTimeout(420_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-replicas-"));
  const pg = await startEmbeddedPostgres(dir);
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  const receiver = await startWebhookReceiver({ secret: SIGNING_SECRET, delayMs: 50 });
  const k8s = await startKubernetesApi({ token: "k8s-token" });
  // A slow GitHub (150 ms an answer, 60 repositories): a sync takes about ten seconds, long enough to be cut by a kill.
  const github = await startGitHubApi({ token: GITHUB_TOKEN, org: "acme", repos: Array.from({ length: 60 }, (_, i) => ({ name: `svc-${i}` })), delayMs: 150 });
  const githubListings = () => github.state.requests.filter((r) => r.startsWith("GET /orgs/acme/repos?") && !/[?&]page=/.test(r)).length;
  const env = {
    AUTH_URL: BASE,
    PORTICO_ENCRYPTION_KEY: ENCRYPTION_KEY,
    PORTICO_STATIC_TOKENS: [`admin:admin:${ADMIN}`, `limited:member:${LIMITED}`, `scorer:admin:${SCORER}`, ...LOAD_TOKENS.map((t, i) => `load${i}:admin:${t}`)].join(","),
    PORTICO_RUN_LEASE_SECONDS: "3",
    PORTICO_API_RATE_LIMIT: String(RATE_LIMIT),
  };
  const replicas = await Promise.all(PORTS.map((port) => startPortalServer(port, env, { databaseUrl: pg.url, startNow: false })));
  const proxy = await startRoundRobin(PROXY_PORT, PORTS);
  const api = (route: string, init: RequestInit = {}, token = ADMIN) => fetch(`${BASE}${route}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });
  const figures: Record<string, unknown> = {};
  const connections = async () => (await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)[0]!.n as number;
  try {
    // 1. Start-up together, on an empty database: one replica migrates and seeds, the others wait and find it done.
    await Promise.all(replicas.map((r) => r.start()));
    const seeded = replicas.filter((r) => r.output().includes("loaded demo data into the empty database"));
    expect(seeded).toHaveLength(1);
    const [blueprintRows] = await sql`select count(*)::int as n, count(distinct identifier)::int as d from blueprints`;
    expect(blueprintRows!.n).toBe(blueprintRows!.d);
    await new Promise((r) => setTimeout(r, 3000));
    figures.idle = { rssMb: replicas.map((r) => rssMb(r.pid())), connectionsAll: await connections() };

    // 2. Sessions are shared: the sign-in itself crosses replicas (CSRF from one, callback on another), and the
    //    session cookie works on every replica.
    const [demoAdmin] = await sql`select id from users where role = 'admin' order by email limit 1`;
    const cookie = await signInDemo(BASE, demoAdmin!.id as string);
    const who = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${BASE}/api/trpc/me.get?input=${encodeURIComponent(JSON.stringify({ json: null }))}`, { headers: { cookie } }).then((r) => ({ status: r.status, by: r.headers.get("x-served-by") }))),
    );
    expect(who.every((w) => w.status === 200)).toBe(true);
    expect(new Set(who.map((w) => w.by)).size).toBe(3);

    // 3. The rate limit is one limit across replicas: one token's requests spread over three replicas
    //    get RATE_LIMIT (plus what refills meanwhile), not three times as many.
    const started = Date.now();
    const limited = await Promise.all(Array.from({ length: RATE_LIMIT + 30 }, () => api("/api/v1/blueprints", {}, LIMITED).then((r) => r.status)));
    const seconds = (Date.now() - started) / 1000;
    const ok = limited.filter((s) => s === 200).length;
    expect(limited.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(ok).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(ok).toBeLessThanOrEqual(RATE_LIMIT + Math.ceil((seconds * RATE_LIMIT) / 60) + 1);
    figures.rateLimit = { requests: limited.length, ok, limited: limited.length - ok, seconds: Math.round(seconds * 10) / 10 };

    // 4. Runs are dispatched once each, whichever replica accepted them and whichever worker claims them.
    // The admin allows the loopback receiver and sets the signing secret in Admin → Integrations (through the proxy).
    expect((await trpc(BASE, cookie, "integrations.saveWebhooks", { allowlist: ["127.0.0.1", "localhost"], signingSecret: SIGNING_SECRET, notificationUrl: "" }, "mutation")).status).toBe(200);
    // A blueprint of its own, so the demo catalog's required properties do not matter here.
    expect((await api("/api/v1/blueprints/replica", { method: "PUT", body: JSON.stringify({ title: "Replica", schema: { properties: {} } }) })).status).toBeLessThan(300);
    const action = { title: "Notify", blueprint: "replica", operation: "DAY-2", userInputs: { properties: { n: { type: "integer" } }, required: ["n"] }, invocation: { type: "webhook", url: receiver.url, body: { n: "{{ inputs.n }}" } } };
    expect((await api("/api/v1/actions/replica-notify", { method: "PUT", body: JSON.stringify(action) })).status).toBe(201);
    expect((await api("/api/v1/blueprints/replica/entities/replica-target", { method: "PUT", body: JSON.stringify({ properties: {} }) })).status).toBeLessThan(300);
    const createRuns = (count: number, from: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => api("/api/v1/actions/replica-notify/runs", { method: "POST", body: JSON.stringify({ entity: "replica-target", inputs: { n: from + i } }) }).then(async (r) => (r.status === 201 ? ((await r.json()) as { id: string }).id : null))));
    const firstRuns = (await createRuns(30, 0)).filter((id): id is string => Boolean(id));
    expect(firstRuns).toHaveLength(30);
    await expect.poll(async () => (await sql`select count(*)::int as n from runs where status = 'SUCCESS' and id = any(${firstRuns})`)[0]!.n, { timeout: 60_000 }).toBe(30);
    const firstKeys = receiver.state.requests.map((r) => String(r.headers["idempotency-key"]));
    expect(firstKeys.sort()).toEqual([...firstRuns].sort());
    const claimedBy = await sql`select count(distinct dispatch_attempts)::int as n from runs where id = any(${firstRuns})`;
    expect(claimedBy[0]!.n).toBe(1);

    // 5. A cluster's watches are held by one replica at a time (a lease in cluster_syncs): an environment in a
    //    namespace of a connected cluster makes every replica want to sync it, and one holds it.
    const environment = { properties: { type: "staging", cluster: "shared", namespace: "payments-staging" } };
    expect((await api("/api/v1/blueprints/environment/entities/replica-staging", { method: "PUT", body: JSON.stringify(environment) })).status).toBeLessThan(300);
    expect((await trpc(BASE, cookie, "integrations.putCluster", { name: "shared", server: k8s.url, token: "k8s-token", skipTlsVerify: true }, "mutation")).status).toBe(200);
    await expect.poll(async () => (await sql`select lease_owner from cluster_syncs where cluster = 'shared'`)[0]?.lease_owner ?? null, { timeout: 60_000 }).not.toBeNull();
    const holderOwner = (await sql`select lease_owner from cluster_syncs where cluster = 'shared'`)[0]!.lease_owner as string;
    const holder = replicas.find((r) => holderOwner.startsWith(`${r.pid()}-`))!;
    expect(holder).toBeDefined();

    // 5b. Scorecards are re-scored once per change: by the replica that wrote it, in the write's transaction, and
    //     by nobody else. The test's own instrument, a trigger, records every write to scorecard_results.
    expect((await api("/api/v1/blueprints/scored", { method: "PUT", body: JSON.stringify({ title: "Scored", schema: { properties: { tier: { type: "string" } } } }) }, SCORER)).status).toBeLessThan(300);
    for (const id of ["scored-1", "scored-2", "scored-3"]) expect((await api(`/api/v1/blueprints/scored/entities/${id}`, { method: "PUT", body: JSON.stringify({ properties: {} }) }, SCORER)).status).toBeLessThan(300);
    await sql`create table rescore_log (entity text, scorecard text, backend int)`;
    await sql.unsafe(`create function log_rescore() returns trigger language plpgsql as $$ begin insert into rescore_log values (new.entity, new.scorecard, pg_backend_pid()); return new; end $$`);
    await sql`create trigger log_rescore after insert or update on scorecard_results for each row execute function log_rescore()`;
    const rescores = async () => (await sql`select count(*)::int as n from rescore_log`)[0]!.n as number;
    const scorecard = { title: "Tiered", levels: [{ title: "Basic", color: "gray" }, { title: "Gold", color: "#d4af37" }], rules: [{ identifier: "tier", title: "Has a tier", level: "Gold", query: { combinator: "and", rules: [{ property: "tier", operator: "isNotEmpty" }] } }] };
    expect((await api("/api/v1/blueprints/scored/scorecards/tiered", { method: "PUT", body: JSON.stringify(scorecard) }, SCORER)).status).toBeLessThan(300);
    expect(await rescores()).toBe(3); // the new scorecard: each of the three entities scored once
    const servedBy = new Set<string | null>();
    for (let i = 0; i < 6; i++) {
      const r = await api("/api/v1/blueprints/scored/entities/scored-1", { method: "PUT", body: JSON.stringify({ properties: i % 2 === 0 ? { tier: "gold" } : {} }) }, SCORER);
      expect(r.status).toBeLessThan(300);
      servedBy.add(r.headers.get("x-served-by"));
    }
    expect(servedBy.size).toBe(3);
    expect(await rescores()).toBe(3 + 6); // six changes of the rule's result: six writes, whichever replica took each
    for (let i = 0; i < 3; i++) expect((await api("/api/v1/blueprints/scored/entities/scored-1", { method: "PUT", body: JSON.stringify({ title: `Scored ${i}`, properties: {} }) }, SCORER)).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 3000)); // past every replica's background ticks
    expect(await rescores()).toBe(3 + 6); // a change that does not change a result writes nothing, and no replica re-scores on its own
    figures.scorecards = { rescoresForNineChanges: (await rescores()) - 3, backends: (await sql`select count(distinct backend)::int as n from rescore_log`)[0]!.n };
    await sql`drop trigger log_rescore on scorecard_results`;

    // 5c. GitHub discovery is run by one replica at a time, under a lease (server/catalog/github-sync-runner.ts).
    //     "Sync now" is sent straight to the replica that holds the cluster lease, which takes the sync at once, so
    //     the kill below cuts both.
    expect((await trpc(BASE, cookie, "integrations.saveGithub", { org: "acme", apiUrl: github.url, token: GITHUB_TOKEN }, "mutation")).status).toBe(200);
    const holderUrl = `http://localhost:${PORTS[replicas.indexOf(holder)]}`;
    expect((await trpc(holderUrl, cookie, "integrations.syncGithub", undefined, "mutation")).status).toBe(200);
    await expect.poll(async () => ((await sql`select lease_owner from integrations where id = 'github'`)[0]?.lease_owner as string | null) ?? "", { timeout: 10_000 }).toMatch(new RegExp(`^${holder.pid()}-`));
    expect((await trpc(BASE, cookie, "integrations.syncGithub", undefined, "mutation")).data).toEqual({ queued: false });

    // 6. Steady load (bounded: 4 writers, each write a new entity), runs piling up, then the lease holder is
    //    killed with SIGKILL. Every acknowledged write must be there afterwards; only the killed replica's
    //    requests in flight may fail; the others keep answering; its leases are taken over.
    const acknowledged: string[] = [];
    const failed: { at: number; error: string }[] = [];
    let afterKillOk = 0;
    let killedAt = 0;
    let stop = false;
    let n = 0;
    let peakConnections = 0;
    const sampler = (async () => {
      while (!stop) {
        peakConnections = Math.max(peakConnections, await connections());
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    // Paced: a write every 60 ms per writer (about 65 a second in all), so no load token reaches its rate limit.
    const writer = async (w: number) => {
      while (!stop) {
        const pace = new Promise((r) => setTimeout(r, 60));
        const k = n++;
        const id = `load-${w}-${k}`;
        try {
          const r = await api(`/api/v1/blueprints/replica/entities/${id}`, { method: "PUT", body: JSON.stringify({ properties: {} }) }, LOAD_TOKENS[k % LOAD_TOKENS.length]);
          if (r.status < 300) {
            acknowledged.push(id);
            if (killedAt && Date.now() > killedAt) afterKillOk++;
          } else failed.push({ at: Date.now(), error: `HTTP ${r.status}` });
        } catch (error) {
          failed.push({ at: Date.now(), error: String(error) });
        }
        await pace;
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    const runsDuringLoad = createRuns(30, 100);
    await new Promise((r) => setTimeout(r, 4000));
    figures.underLoad = { rssMb: replicas.map((r) => rssMb(r.pid())) };
    const beforeKill = acknowledged.length;
    const githubBeforeKill = (await sql`select sync_state from integrations where id = 'github'`)[0]!.sync_state as { status: string; progress?: { done: number; total: number } };
    expect(githubBeforeKill.status).toBe("running");
    expect(githubListings()).toBe(1); // one replica ran it; the others left it alone
    killedAt = Date.now();
    await holder.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 6000));
    stop = true;
    await writers;
    await sampler;
    const loadRuns = (await runsDuringLoad).filter((id): id is string => Boolean(id));

    const present = await sql`select identifier from entities where blueprint = 'replica' and identifier = any(${acknowledged})`;
    expect(present.length).toBe(acknowledged.length);
    expect(afterKillOk).toBeGreaterThan(0);
    // Only requests in flight at the kill may fail: at most one per writer, and only around the kill.
    expect(failed.length, JSON.stringify(failed.slice(0, 5))).toBeLessThanOrEqual(4);
    for (const f of failed) expect(Math.abs(f.at - killedAt)).toBeLessThan(2000);
    // Every accepted run ends, delivered once (a run whose dispatch the kill interrupted is sent again with
    // the same Idempotency-Key, and its dispatch_attempts says so).
    const allRuns = [...firstRuns, ...loadRuns];
    await expect.poll(async () => (await sql`select count(*)::int as n from runs where status = 'SUCCESS' and id = any(${allRuns})`)[0]!.n, { timeout: 60_000 }).toBe(allRuns.length);
    const keys = receiver.state.requests.map((r) => String(r.headers["idempotency-key"]));
    expect([...new Set(keys)].sort()).toEqual([...allRuns].sort());
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    const attempts = await sql`select id, dispatch_attempts from runs where id = any(${allRuns})`;
    for (const key of repeated) expect(attempts.find((a) => a.id === key)?.dispatch_attempts).toBe(2);
    // The cluster's lease goes to a living replica once the dead one's runs out (45 s).
    const takeoverStarted = Date.now();
    await expect
      .poll(async () => {
        const owner = ((await sql`select lease_owner from cluster_syncs where cluster = 'shared'`)[0]?.lease_owner as string | null) ?? "";
        return replicas.some((r) => r !== holder && owner.startsWith(`${r.pid()}-`));
      }, { timeout: 120_000, intervals: [1000] })
      .toBe(true);
    // The GitHub sync the dead replica was running starts again on a living one once its lease (30 s) runs out,
    // and finishes: every repository once (upserts), the state saying it was resumed.
    github.state.delayMs = 0;
    await expect
      .poll(async () => ((await sql`select sync_state from integrations where id = 'github'`)[0]!.sync_state as { status: string }).status, { timeout: 90_000, intervals: [500] })
      .toBe("succeeded");
    const githubAfter = (await sql`select sync_state, lease_owner from integrations where id = 'github'`)[0]!;
    expect(githubAfter.sync_state).toMatchObject({ status: "succeeded", resumed: true, stats: { repositories: 60 } });
    expect(githubAfter.lease_owner).toBeNull();
    expect((await sql`select count(*)::int as n from entities where blueprint = 'repository'`)[0]!.n).toBe(60);
    expect(githubListings()).toBe(2);
    const githubResumedLog = replicas.filter((r) => r !== holder).find((r) => r.output().includes("resuming the GitHub sync"));
    expect(githubResumedLog).toBeDefined();
    figures.github = { doneBeforeKill: githubBeforeKill.progress, finishedSecondsAfterKill: Math.round((Date.now() - killedAt) / 1000), listings: githubListings() };
    figures.kill = {
      acknowledgedWrites: acknowledged.length,
      acknowledgedBeforeKill: beforeKill,
      acknowledgedAfterKill: afterKillOk,
      failedRequests: failed.length,
      lostWrites: acknowledged.length - present.length,
      runs: allRuns.length,
      runsRedelivered: repeated.length,
      clusterLeaseTakenOverSecondsAfterKill: Math.round((Date.now() - killedAt) / 1000),
      waitedForLeaseSeconds: Math.round((Date.now() - takeoverStarted) / 1000),
    };
    figures.connections = { idleAll: (figures.idle as { connectionsAll: number }).connectionsAll, peakAllUnderLoad: peakConnections, replicas: 3 };
    figures.servedByReplica = Object.fromEntries(proxy.state.served);
    console.log(`replica figures ${JSON.stringify(figures)}`);
    test.info().annotations.push({ type: "figures", description: JSON.stringify(figures) });
  } finally {
    await proxy.close();
    await Promise.all(replicas.map((r) => r.stop()));
    await sql.end();
    await pg.stop();
    await Promise.all([receiver.close(), k8s.close(), github.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("SIGTERM: the request in flight finishes, the cluster lease is handed back at once, then the process exits", async () => {
  test.setTimeout(180_000);
  const k8s = await startKubernetesApi({ token: "k8s-token" });
  const server = await startPortalServer(PORTAL_PORT + 24, { PORTICO_ENCRYPTION_KEY: ENCRYPTION_KEY, PORTICO_STATIC_TOKENS: `admin:admin:${ADMIN}`, PORTICO_API_RATE_LIMIT: "0", PORTICO_LOG_LEVEL: "debug" });
  const sql = postgres(server.databaseUrl, { max: 2, onnotice: () => {} });
  const api = (route: string, init: RequestInit = {}) => fetch(`${server.url}${route}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json", ...init.headers } });
  try {
    const [demoAdmin] = await sql`select id from users where role = 'admin' order by email limit 1`;
    const cookie = await signInDemo(server.url, demoAdmin!.id as string);
    expect((await trpc(server.url, cookie, "integrations.saveWebhooks", { allowlist: ["127.0.0.1", "localhost"], notificationUrl: "" }, "mutation")).status).toBe(200);
    expect((await api("/api/v1/blueprints/environment/entities/replica-staging", { method: "PUT", body: JSON.stringify({ properties: { type: "staging", cluster: "shared", namespace: "payments-staging" } }) })).status).toBeLessThan(300);
    expect((await trpc(server.url, cookie, "integrations.putCluster", { name: "shared", server: k8s.url, token: "k8s-token", skipTlsVerify: true }, "mutation")).status).toBe(200);
    // The supervisor's next tick takes the lease (every 15 s).
    await expect.poll(async () => ((await sql`select lease_owner from cluster_syncs where cluster = 'shared'`)[0]?.lease_owner as string | undefined) ?? "", { timeout: 60_000 }).toMatch(new RegExp(`^${server.pid()}-`));

    // A long request: an import of 4,000 components in one transaction.
    const docs = ["apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: payments}\nspec: {type: team, children: []}"];
    for (let i = 0; i < 4000; i++) docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: term-${i}}\nspec: {type: service, lifecycle: production, owner: group:payments}`);
    const importing = api("/api/v1/import/backstage", { method: "POST", body: docs.join("\n---\n"), headers: { "content-type": "application/yaml" } }).then(
      async (r) => ({ status: r.status, created: ((await r.json()) as { created?: unknown[] }).created?.length ?? 0 }),
      (error: unknown) => ({ status: 0, created: 0, error: String(error) }),
    );
    for (let i = 0; i < 400; i++) {
      const [open] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and xact_start is not null and query ilike '%entities%' and pid <> pg_backend_pid()`;
      if (open!.n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const signalledAt = Date.now();
    await server.kill("SIGTERM");
    const exitedAfterMs = Date.now() - signalledAt;
    // The request in flight was answered in full before the process went.
    expect(await importing).toEqual({ status: 200, created: 4000 });
    expect(server.exitCode()).toBe(143);
    // The lease is free now, not in 45 s: another replica takes the watches at its next tick.
    expect((await sql`select lease_owner from cluster_syncs where cluster = 'shared'`)[0]!.lease_owner, server.output().split("\n").filter((l) => /shut|SIGTERM|stopped/.test(l)).join("\n")).toBeNull();
    expect(server.output()).toContain('"msg":"shut down"');
    test.info().annotations.push({ type: "figures", description: JSON.stringify({ exitedAfterMs }) });
  } finally {
    await sql.end();
    await server.stop();
    await k8s.close();
  }
});
