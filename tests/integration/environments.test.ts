import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, clusterObjects, clusterSyncs, deployments, integrations } from "@/db/schema";
import { putBlueprint } from "@/server/catalog/blueprints";
import { builtinBlueprints } from "@/server/catalog/builtins";
import { saveGitHubIntegration } from "@/server/catalog/github-discovery";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { putCluster } from "@/server/environments/clusters";
import { saveWebhookSettings } from "@/server/actions/settings";
import { environmentDashboard, environmentsOverview } from "@/server/environments/dashboard";
import { ClusterSync, refreshEnvironment, startClusterSupervisor } from "@/server/environments/sync";
import { serviceDelivery } from "@/server/delivery/service";
import { callerFor, createTestDatabase, makeUser, serviceContext } from "../support/db";
import { startGitHubApi } from "../support/github-api";
import { startKubernetesApi } from "../support/kubernetes-api";

// Issue 6: the cluster sync against a Kubernetes API server on loopback that speaks the real JSON
// (lists, watch streams, 410 Gone), GitHub workflow runs from a GitHub API on loopback, and
// POST /api/v1/deployments.
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789-abcdef";
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
const deploymentsRoute = await import("@/app/api/v1/deployments/route");

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/kubernetes", `${name}.json`), "utf8"));
const k8s = await startKubernetesApi({ token: "k8s-token" });
const github = await startGitHubApi({ token: "gh-token", org: "acme", repos: [{ name: "payments-api" }] });
afterAll(async () => {
  await Promise.all([k8s.close(), github.close()]);
});

let admin: UserActor;
let owner: UserActor;
let outsider: UserActor;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const deployment = (image: string, generation: number, observed: number, updated = 3) => {
  const d = fixture("deployment");
  d.metadata.generation = generation;
  d.spec.template.spec.containers[0].image = image;
  d.status.observedGeneration = observed;
  d.status.updatedReplicas = updated;
  return d;
};

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  owner = await makeUser(db, "owner@example.com", "member", ["payments"]);
  outsider = await makeUser(db, "outsider@example.com", "member", ["web"]);
  const ctx = serviceContext(db, admin);
  const environmentBlueprint = builtinBlueprints.find((b) => b.identifier === "environment")!;
  await putBlueprint({ ctx, input: { ...environmentBlueprint, relations: {} } });
  await putBlueprint({
    ctx,
    input: { identifier: "service", title: "Service", schema: { properties: { repository: { type: "string", format: "url" } }, required: [] }, relations: {} },
  });
  await upsertEntities({
    ctx,
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [{ identifier: "payments-api", title: "Payments API", team: ["payments"], properties: { repository: "https://github.com/acme/payments-api" } }],
    },
  });
  await upsertEntities({
    ctx,
    input: {
      blueprint: "environment",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "staging", title: "Staging", properties: { type: "staging", cluster: "stg", namespace: "payments-staging" } },
        { identifier: "production", title: "Production", properties: { type: "production", cluster: "prod", namespace: "payments" } },
      ],
    },
  });
  // The API servers are on loopback, which the outbound guard refuses unless an admin allows it.
  await saveWebhookSettings({ ctx, input: { allowlist: ["localhost", "127.0.0.1"] } });
  await putCluster({ ctx, input: { name: "stg", server: k8s.url, token: "k8s-token", skipTlsVerify: true } });
  k8s.put(fixture("deployment"));
  k8s.put(fixture("pod-crashloop"));
  k8s.put(fixture("pod-healthy"));
  k8s.put(fixture("hpa-at-max"));
});

describe("cluster sync", () => {
  const supervisors: ReturnType<typeof startClusterSupervisor>[] = [];
  afterAll(async () => {
    for (const s of supervisors) await s.stop();
  });

  it("lists, then watches, into the database; the dashboard shows versions, pods and a CrashLoopBackOff explained", async () => {
    const supervisor = startClusterSupervisor(db, { intervalMs: 200, maxBackoffMs: 200, watchTimeoutSeconds: 2, owner: "replica-a" });
    supervisors.push(supervisor);
    await until("the first list", async () => (await db.select().from(clusterObjects)).length === 4);
    const dashboard = await environmentDashboard({ ctx: serviceContext(db, owner), input: { environment: "staging" } });
    expect(dashboard.clusterStatus).toMatchObject({ name: "stg", connected: true, status: "watching", lastError: null });
    expect(dashboard.clusterStatus!.lastSyncedAt).not.toBeNull();
    const [svc] = dashboard.services;
    expect(svc).toMatchObject({ service: "payments-api", title: "Payments API", inCatalog: true, demo: false });
    expect(svc!.workloads).toEqual([expect.objectContaining({ name: "payments-api", version: "1.8.0", ready: 3, desired: 3, rollout: "complete", hpa: { min: 2, max: 3, current: 3 } })]);
    expect(svc!.pods.map((p) => [p.name, p.phase, p.restarts])).toEqual([
      ["payments-api-7d9f8c6b5d-x2x7q", "Running", 14],
      ["payments-api-7d9f8c6b5d-k8m2p", "Running", 0],
    ]);
    expect(svc!.problems.map((p) => p.kind)).toEqual(["CrashLoopBackOff", "HpaAtMax"]);
    expect(svc!.problems[0]!.explanation).toContain("14 times so far");

    // Production's cluster is not connected: the overview says so.
    const overview = await environmentsOverview({ ctx: serviceContext(db, owner) });
    expect(overview.map((e) => [e.identifier, e.clusterStatus?.status, e.services, e.critical])).toEqual([
      ["staging", "watching", 1, 1],
      ["production", "not-connected", 0, 0],
    ]);
    // No deployment was recorded for what was already running.
    expect(await db.select().from(deployments)).toEqual([]);
  });

  it("follows watch events: a changed image records a deployment that the finished rollout completes; a deleted pod goes", async () => {
    k8s.put(deployment("ghcr.io/portico-demo/payments-api:1.9.0", 10, 9));
    const recorded = await until("the deployment", async () => (await db.select().from(deployments))[0]);
    expect(recorded).toMatchObject({ service: "payments-api", environment: "staging", environmentType: "staging", version: "1.9.0", status: "IN_PROGRESS", source: "kubernetes", commitSha: "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39" });
    k8s.put(deployment("ghcr.io/portico-demo/payments-api:1.9.0", 10, 10));
    await until("the rollout to complete", async () => (await db.select().from(deployments))[0]?.status === "SUCCESS");
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.resourceType, "deployment"));
    expect(audit.map((a) => [a.action, a.origin, a.actorLabel])).toEqual([
      ["deployment.create", "integration", "system"],
      ["deployment.update", "integration", "system"],
    ]);

    k8s.remove("Pod", "payments-staging", "payments-api-7d9f8c6b5d-x2x7q");
    await until("the pod to go", async () => !(await db.select().from(clusterObjects).where(eq(clusterObjects.name, "payments-api-7d9f8c6b5d-x2x7q"))).length);
  });

  it("re-lists after 410 Gone, and picks up what changed meanwhile", async () => {
    const listsBefore = k8s.state.requests.filter((r) => r.startsWith("GET /api/v1/namespaces/payments-staging/pods") && !r.includes("watch=true")).length;
    k8s.state.hold = false;
    // The history is compacted and the watch connections drop: the resumed watch is too old.
    const pod = fixture("pod-imagepull");
    k8s.compact();
    k8s.dropWatches();
    k8s.put(pod);
    await until("the pod from the re-list", async () => (await db.select().from(clusterObjects).where(eq(clusterObjects.name, pod.metadata.name))).length === 1);
    const listsAfter = k8s.state.requests.filter((r) => r.startsWith("GET /api/v1/namespaces/payments-staging/pods") && !r.includes("watch=true")).length;
    expect(listsAfter).toBeGreaterThan(listsBefore);
    // The resumed watch asked for a version older than the compaction (and got the 410 ERROR event).
    const compactedAt = k8s.state.compactedBefore;
    expect(k8s.state.requests.some((r) => r.includes("/pods?") && r.includes("watch=true") && Number(/resourceVersion=(\d+)/.exec(r)?.[1]) < compactedAt)).toBe(true);
    const dashboard = await environmentDashboard({ ctx: serviceContext(db, owner), input: { environment: "staging" } });
    expect(dashboard.services[0]!.problems.map((p) => p.kind)).toContain("ImagePullBackOff");
  });

  it("survives the API server going away and coming back, and records what changed while it was away", async () => {
    await k8s.stop();
    await until("the error to show", async () => (await db.select().from(clusterSyncs).where(eq(clusterSyncs.cluster, "stg")))[0]?.status === "error");
    const [down] = await db.select().from(clusterSyncs).where(eq(clusterSyncs.cluster, "stg"));
    expect(down!.lastError).toMatch(/ in payments-staging: (fetch failed|terminated)/);
    const dashboard = await environmentDashboard({ ctx: serviceContext(db, owner), input: { environment: "staging" } });
    // The last known state still renders, with the error.
    expect(dashboard.services[0]!.workloads[0]!.version).toBe("1.9.0");
    expect(dashboard.clusterStatus!.lastError).toBeTruthy();

    k8s.put(deployment("ghcr.io/portico-demo/payments-api:2.0.0", 11, 11));
    await k8s.restart();
    await until("the sync to recover", async () => (await db.select().from(clusterSyncs).where(eq(clusterSyncs.cluster, "stg")))[0]?.status === "watching", 20_000);
    const recorded = await until("the 2.0.0 deployment", async () => (await db.select().from(deployments).where(eq(deployments.version, "2.0.0")))[0], 20_000);
    expect(recorded).toMatchObject({ status: "SUCCESS", source: "kubernetes" });
  });

  it("lets one replica sync a cluster at a time", async () => {
    const other = startClusterSupervisor(db, { intervalMs: 200, owner: "replica-b" });
    supervisors.push(other);
    await new Promise((r) => setTimeout(r, 600));
    expect(other.running.size).toBe(0);
    const [row] = await db.select().from(clusterSyncs).where(eq(clusterSyncs.cluster, "stg"));
    expect(row!.leaseOwner).toBe("replica-a");
  });

  it("stops at once, even while its watches wait for an API server that does not answer them", async () => {
    // Lists answer; watches are never answered, not even their headers (a stalled API server or proxy). The
    // client hands out a watch's abort controller only once the headers came: stop() must not wait for that.
    const waiting: http.ServerResponse[] = [];
    const silent = http.createServer((req, res) => {
      if (req.url?.includes("watch=true")) return void waiting.push(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "1" }, items: [] }));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const server = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const sync = new ClusterSync(db, { name: "silent", server, token: "t", skipTlsVerify: true }, [{ environment: "quiet", type: null, cluster: "silent", namespace: "quiet" }]).start();
      await until("its watches to wait", async () => waiting.length >= 3);
      const outcome = await Promise.race([sync.stop().then(() => "stopped"), new Promise((r) => setTimeout(() => r("still waiting after 5 s"), 5000))]);
      expect(outcome).toBe("stopped");
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it("refreshes an environment on demand, and says clearly when its cluster is not connected", async () => {
    k8s.put(fixture("pod-oomkilled"));
    await expect(refreshEnvironment({ ctx: serviceContext(db, owner), input: { environment: "staging" } })).resolves.toMatchObject({ syncedAt: expect.any(String) });
    expect((await db.select().from(clusterObjects).where(eq(clusterObjects.name, "payments-api-7d9f8c6b5d-r4t6y"))).length).toBe(1);
    await expect(refreshEnvironment({ ctx: serviceContext(db, owner), input: { environment: "production" } })).rejects.toThrow(
      "Cluster prod is not connected: an admin connects it in Admin → Integrations",
    );
  });

  it("shows the version matrix across environments with the deployments", async () => {
    const delivery = await serviceDelivery({ ctx: serviceContext(db, outsider), input: { service: "payments-api" } });
    expect(delivery.matrix.map((c) => [c.environment.identifier, c.version, c.from])).toEqual([
      ["staging", "2.0.0", "cluster"],
      ["production", null, null],
    ]);
    expect(delivery.deployments.map((d) => d.version)).toEqual(["2.0.0", "1.9.0"]);
  });
});

describe("cluster connections", () => {
  const kubeconfig = (user: string) => `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: ${k8s.url}
    insecure-skip-tls-verify: true
users:
- name: portico
  user:
${user}
contexts:
- name: lab
  context: {cluster: lab, user: portico}
current-context: lab
`;

  it("takes a kubeconfig's server and bearer token, and tests the connection; the token never comes back", async () => {
    const ctx = serviceContext(db, admin);
    const saved = await putCluster({ ctx, input: { name: "lab", kubeconfig: kubeconfig("    token: k8s-token") } });
    expect(saved).toMatchObject({ name: "lab", server: k8s.url, skipTlsVerify: true, tokenSet: true });
    expect(JSON.stringify(saved)).not.toContain("k8s-token");
    const caller = callerFor(db, admin);
    expect(await caller.integrations.testCluster({ name: "lab" })).toEqual({ ok: true, version: "v1.31.2" });
    await putCluster({ ctx, input: { name: "lab", kubeconfig: kubeconfig("    token: wrong-token") } });
    expect(await caller.integrations.testCluster({ name: "lab" })).toEqual({ ok: false, error: "Unauthorized (HTTP 401)" });
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.resourceType, "cluster"), eq(auditEvents.resourceId, "lab")));
    expect(JSON.stringify(audit)).not.toContain("token: ");
  });

  it("refuses a kubeconfig Portico cannot use, saying why, and a member cannot connect clusters", async () => {
    const ctx = serviceContext(db, admin);
    await expect(putCluster({ ctx, input: { name: "certs", kubeconfig: kubeconfig("    client-certificate-data: AAAA\n    client-key-data: AAAA") } })).rejects.toMatchObject({
      details: [{ path: "/kubeconfig", message: expect.stringContaining("has no bearer token") }],
    });
    await expect(putCluster({ ctx, input: { name: "junk", kubeconfig: "::: not yaml" } })).rejects.toMatchObject({ details: [{ path: "/kubeconfig" }] });
    await expect(putCluster({ ctx, input: { name: "nothing" } })).rejects.toMatchObject({ details: [{ path: "/server", message: "is required (or paste a kubeconfig)" }] });
    await expect(putCluster({ ctx: serviceContext(db, owner), input: { name: "mine", server: k8s.url, token: "x" } })).rejects.toThrow("Only admins can manage clusters");
    // Issue 16, item 6: the stored token never follows a changed server, and private addresses need the allowlist.
    await expect(putCluster({ ctx, input: { name: "stg", server: "https://127.0.0.1:1", skipTlsVerify: true } })).rejects.toMatchObject({
      details: [{ path: "/token", message: expect.stringMatching(/API server changed/) }],
    });
    await expect(putCluster({ ctx, input: { name: "metadata", server: "http://169.254.169.254", token: "t" } })).rejects.toMatchObject({
      details: [{ path: "/server", message: expect.stringMatching(/loopback, link-local or private/) }],
    });
    expect((await db.select().from(integrations).where(eq(integrations.id, "kubernetes:metadata"))).length).toBe(0);
  });
});

describe("CI runs from GitHub", () => {
  beforeAll(async () => {
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: "gh-token" } });
    const run = (id: number, conclusion: string | null, status: "completed" | "in_progress", branch: string, minutesAgo: number) => ({
      id,
      name: "CI",
      display_title: `Build ${id}`,
      event: "push" as const,
      status,
      conclusion,
      workflow: "ci.yml",
      repo: "payments-api",
      inputs: {},
      created_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      jobs: [],
      head_branch: branch,
      head_sha: `${id}`.padStart(40, "a"),
      actor: "dev-one",
    });
    github.state.workflowRuns.push(run(901, "failure", "completed", "main", 30), run(902, "success", "completed", "feat-x", 20), run(903, null, "in_progress", "main", 5));
  });

  it("reads the repository's latest runs (status, branch, commit, actor, link) through the cache", async () => {
    const caller = callerFor(db, outsider);
    const ci = await caller.delivery.ciRuns({ service: "payments-api" });
    expect(ci).toMatchObject({ repository: "acme/payments-api", connected: true, error: null, mayRerun: false });
    expect(ci.runs.map((r) => [r.id, r.status, r.conclusion, r.branch, r.actor])).toEqual([
      [903, "in_progress", null, "main", "dev-one"],
      [902, "completed", "success", "feat-x", "dev-one"],
      [901, "completed", "failure", "main", "dev-one"],
    ]);
    expect(ci.runs[2]!.url).toBe("https://github.com/acme/payments-api/actions/runs/901");
    expect(ci.runs[2]!.commitSha).toHaveLength(40);
    // Within a minute the page is served from the cache: GitHub is not asked again.
    const asked = github.state.requests.filter((r) => r.startsWith("GET /repos/acme/payments-api/actions/runs")).length;
    await caller.delivery.ciRuns({ service: "payments-api" });
    expect(github.state.requests.filter((r) => r.startsWith("GET /repos/acme/payments-api/actions/runs")).length).toBe(asked);
  });

  it("re-runs a workflow for an owner (audited), not for others", async () => {
    await expect(callerFor(db, outsider).delivery.rerun({ service: "payments-api", runId: 901 })).rejects.toThrow("Only admins and the service's owners");
    await callerFor(db, owner).delivery.rerun({ service: "payments-api", runId: 901 });
    expect(github.state.workflowRuns.find((r) => r.id === 901)).toMatchObject({ status: "queued", run_attempt: 2 });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "ci.rerun"));
    expect(event).toMatchObject({ resourceId: "acme/payments-api#901", actorLabel: "owner@example.com" });
    // GitHub refuses a run still in progress; the reason reaches the user.
    await expect(callerFor(db, owner).delivery.rerun({ service: "payments-api", runId: 903 })).rejects.toThrow("GitHub refused the re-run");
  });

  it("keeps the last runs and shows GitHub's error when it cannot be read", async () => {
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: "wrong-token" } });
    const ci = await callerFor(db, owner).delivery.ciRuns({ service: "payments-api", refresh: true });
    expect(ci.error).toContain("Bad credentials");
    expect(ci.runs).toHaveLength(3);
  });
});

describe("POST /api/v1/deployments", () => {
  const post = (body: unknown, token = "static-admin-secret-0123") =>
    deploymentsRoute.POST(new Request("http://localhost/api/v1/deployments", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }));

  it("records a deployment from CI, audited", async () => {
    const res = await post({ service: "payments-api", environment: "production", version: "2.0.0", commitSha: "abc1234", commitAt: "2026-11-20T08:00:00Z", startedAt: "2026-11-20T09:00:00Z", finishedAt: "2026-11-20T09:05:00Z", url: "https://ci.example.com/b/1" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ service: "payments-api", environment: "production", environmentType: "production", version: "2.0.0", status: "SUCCESS", source: "api", actor: "token:ci", finishedAt: "2026-11-20T09:05:00.000Z" });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "deployment.create"), eq(auditEvents.resourceId, body.id)));
    expect(event).toMatchObject({ origin: "api", actorLabel: "token:ci" });
  });

  it("refuses bad input with the paths and writes nothing", async () => {
    const before = (await db.select().from(deployments)).length;
    const res = await post({ service: "nope", environment: "production", version: "", commitSha: "xyz", status: "DONE", extra: 1 });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.details.map((d: { path: string }) => d.path).sort()).toEqual(["/", "/commitSha", "/status", "/version"]);
    const unknown = await post({ service: "nope", environment: "mars", version: "1" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.details).toEqual([
      { path: "/service", message: 'no service "nope" in the catalog' },
      { path: "/environment", message: 'no environment "mars" in the catalog' },
    ]);
    const late = await post({ service: "payments-api", environment: "production", version: "1", startedAt: "2026-11-20T09:00:00Z", finishedAt: "2026-11-20T08:00:00Z" });
    expect((await late.json()).error.details).toEqual([{ path: "/finishedAt", message: "must not be before startedAt" }]);
    expect((await db.select().from(deployments)).length).toBe(before);
  });

  it("needs a token, and an admin's or an owner's", async () => {
    expect((await post({ service: "payments-api", environment: "production", version: "1" }, "wrong")).status).toBe(401);
    expect((await post({ service: "payments-api", environment: "production", version: "1" }, "static-reader-secret-0123")).status).toBe(403);
  });
});
