import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, entities, integrations } from "@/db/schema";
import { getGitHubIntegration, runGitHubSync, saveGitHubIntegration } from "@/server/catalog/github-discovery";
import { systemActor, type ServiceContext, type UserActor } from "@/server/context";
import { saveWebhookSettings } from "@/server/actions/settings";
import { githubConnection } from "@/server/catalog/github-discovery";
import { startGitHubApi } from "../support/github-api";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef";

const TOKEN = "ghp_loopbackTestToken000000000000000000";
const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  description: Sends invoices.
spec:
  type: service
  lifecycle: production
  owner: group:billing-team
`;
const github = await startGitHubApi({
  token: TOKEN,
  org: "acme",
  pageSize: 2,
  repos: [
    { name: "billing", description: "Invoices", topics: ["payments"], language: "Go", files: { "catalog-info.yaml": catalogInfo } },
    {
      name: "website",
      description: "Marketing site",
      language: "TypeScript",
      // A root Location, as Backstage's own repositories have: its targets and substitutions are read from the repository.
      files: {
        "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: website }\nspec:\n  targets: [./catalog/site.yaml]\n",
        "catalog/site.yaml": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: site-api }\nspec:\n  type: openapi\n  owner: web\n  definition:\n    $text: ../openapi.yaml\n",
        "openapi.yaml": "openapi: 3.0.0\ninfo: { title: Site, version: 1.0.0 }\npaths: {}\n",
      },
    },
    { name: "infra", private: true },
    { name: "broken", files: { "catalog-info.yaml": "kind: Component\nmetadata: { name: broken }\nspec: { lifecycle: [oops" } },
  ],
});
afterAll(() => github.close());

let admin: UserActor;
const job = (): ServiceContext => ({ db, actor: systemActor, origin: "integration", requestId: "job-test" });
const repository = async (id: string) => (await db.select().from(entities).where(and(eq(entities.blueprint, "repository"), eq(entities.identifier, id))))[0];

const allowLoopback = (allowlist = ["localhost", "127.0.0.1"]) => saveWebhookSettings({ ctx: serviceContext(db, admin), input: { allowlist } });

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  // The API server is on loopback, which the outbound guard refuses unless an admin allows it.
  await allowLoopback();
});

describe("GitHub discovery against a GitHub API on loopback", () => {
  it("stores the token encrypted and never returns it", async () => {
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: TOKEN } });
    const [row] = await db.select().from(integrations).where(eq(integrations.id, "github"));
    expect(row!.secretEncrypted).not.toContain(TOKEN);
    const shown = await getGitHubIntegration({ ctx: serviceContext(db, admin) });
    expect(shown).toMatchObject({ org: "acme", tokenSource: "ui", configured: true });
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain(TOKEN);
    // Saving without a token keeps the stored one.
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url } });
    expect((await getGitHubIntegration({ ctx: serviceContext(db, admin) })).configured).toBe(true);
  });

  it("the stored token never follows a changed API URL, and a private API URL needs the admin's allowlist", async () => {
    const ctx = serviceContext(db, admin);
    await expect(saveGitHubIntegration({ ctx, input: { org: "acme", apiUrl: "http://127.0.0.1:1/api/v3" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "/token", message: expect.stringMatching(/API URL changed/) }],
    });
    await allowLoopback([]);
    try {
      await expect(saveGitHubIntegration({ ctx, input: { org: "acme", apiUrl: github.url, token: TOKEN } })).rejects.toMatchObject({
        details: [{ path: "/apiUrl", message: expect.stringMatching(/loopback, link-local or private/) }],
      });
      // A saved URL is checked again before each use: with the allowance gone, the token is not sent.
      await expect(githubConnection(db)).rejects.toThrow(/loopback, link-local or private/);
      const requestsBefore = github.state.requests.length;
      expect((await runGitHubSync(job())).status).toBe("failed");
      expect(github.state.requests.length).toBe(requestsBefore);
    } finally {
      await allowLoopback();
    }
    expect((await githubConnection(db))?.baseUrl).toBe(github.url);
  });

  it("upserts every repository (across pages) and what its catalog-info.yaml describes", async () => {
    const state = await runGitHubSync(job());
    expect(state).toMatchObject({ status: "succeeded", progress: { done: 4, total: 4 }, stats: { repositories: 4, withCatalogInfo: 3, failedFiles: 0 } });
    expect(github.state.requests.filter((r) => r.startsWith("GET /orgs/acme/repos"))).toHaveLength(2);
    expect(await repository("billing")).toMatchObject({
      title: "acme/billing",
      properties: { description: "Invoices", url: "https://github.com/acme/billing", defaultBranch: "main", topics: ["payments"], language: "Go", visibility: "public", orphaned: false },
    });
    expect((await repository("infra"))!.properties).toMatchObject({ visibility: "private" });
    const [billing] = await db.select().from(entities).where(and(eq(entities.blueprint, "service"), eq(entities.identifier, "billing")));
    expect(billing!.properties).toMatchObject({ description: "Sends invoices.", lifecycle: "production", repository: "https://github.com/acme/billing", orphaned: false });
    expect(state.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^broken: error: document 1: YAML syntax error \(line 3\)/)]));
    const [site] = await db.select().from(entities).where(and(eq(entities.blueprint, "api"), eq(entities.identifier, "site-api")));
    expect(site!.properties).toMatchObject({ definition: expect.stringContaining("title: Site"), repository: "https://github.com/acme/website" });
  });

  it("is idempotent and marks entities of removed repositories as orphaned", async () => {
    github.state.repos = github.state.repos.filter((r) => r.name !== "billing");
    const state = await runGitHubSync(job());
    expect(state.stats).toMatchObject({ repositories: 3, orphaned: 1 });
    expect((await repository("billing"))!.properties).toMatchObject({ orphaned: true });
    expect((await repository("website"))!.properties).toMatchObject({ orphaned: false });
    const [billing] = await db.select().from(entities).where(and(eq(entities.blueprint, "service"), eq(entities.identifier, "billing")));
    expect(billing!.properties).toMatchObject({ orphaned: true });
    expect((await db.select().from(entities).where(eq(entities.blueprint, "repository"))).length).toBe(4);
    const syncs = await db.select().from(auditEvents).where(eq(auditEvents.action, "integration.sync"));
    expect(syncs).toHaveLength(2);
  });

  it("records a failed sync with GitHub's reason", async () => {
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: "ghp_wrong" } });
    const state = await runGitHubSync(job());
    expect(state).toMatchObject({ status: "failed", error: expect.stringContaining("Bad credentials") });
    expect((await getGitHubIntegration({ ctx: serviceContext(db, admin) })).syncState.status).toBe("failed");
  });

  it("imports from a GitHub URL: a repository's catalog-info.yaml or one file, planned first", async () => {
    const { importBackstageFromGitHub } = await import("@/server/catalog/backstage/github");
    const ctx = serviceContext(db, admin);
    await saveGitHubIntegration({ ctx, input: { org: "acme", apiUrl: github.url, token: "ghp_wrong" } });
    await expect(importBackstageFromGitHub({ ctx, input: { url: "https://github.com/acme/website" } })).rejects.toMatchObject({ code: "VALIDATION", message: "GitHub refused to read acme/website: Bad credentials" });
    await saveGitHubIntegration({ ctx, input: { org: "acme", apiUrl: github.url, token: TOKEN } });
    const plan = await importBackstageFromGitHub({ ctx, input: { url: "https://github.com/acme/website", dryRun: true } });
    expect(plan).toMatchObject({ dryRun: true, applied: false, documents: 2, problems: [expect.objectContaining({ pointer: "/spec/owner", severity: "warning" })] });
    const file = await importBackstageFromGitHub({ ctx, input: { url: "https://github.com/acme/website/blob/main/catalog/site.yaml", dryRun: true } });
    expect(file.unchanged).toEqual([{ kind: "api", identifier: "site-api", document: 1 }]);
    await expect(importBackstageFromGitHub({ ctx, input: { url: "https://github.com/acme/infra" } })).rejects.toMatchObject({ code: "VALIDATION", message: "catalog-info.yaml was not found in acme/infra" });
    await expect(importBackstageFromGitHub({ ctx, input: { url: "https://gitlab.com/acme/x" } })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "/url" }] });
  });

  it("is for admins only", async () => {
    const member = await makeUser(db, "m@example.com", "member");
    await expect(getGitHubIntegration({ ctx: serviceContext(db, member) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(saveGitHubIntegration({ ctx: serviceContext(db, member), input: { org: "x" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the durable job queue", () => {
  it("runs a requested sync through the sync runner, once however often it is asked for", async () => {
    const { requestGitHubSync, startJobs, stopJobs } = await import("@/server/jobs");
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: TOKEN } });
    await startJobs(url, db);
    try {
      const first = await requestGitHubSync({ ctx: serviceContext(db, admin) });
      const second = await requestGitHubSync({ ctx: serviceContext(db, admin) });
      expect(first).toEqual({ queued: true });
      expect(second).toEqual({ queued: false });
      const deadline = Date.now() + 30_000;
      let status = "";
      while (Date.now() < deadline) {
        status = (await getGitHubIntegration({ ctx: serviceContext(db, admin) })).syncState.status;
        if (status === "succeeded" || status === "failed") break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe("succeeded");
    } finally {
      await stopJobs();
    }
  }, 60_000);
});

describe("one replica at a time runs the sync, under a lease another resumes", () => {
  const state = async () => (await db.select().from(integrations).where(eq(integrations.id, "github")))[0]!;
  const until = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify((await state()).syncState)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // A sync lists the organisation's repositories once: its first page is asked for without a page number.
  const listings = () => github.state.requests.filter((r) => r.startsWith("GET /orgs/acme/repos?") && !/[?&]page=/.test(r)).length;

  beforeAll(async () => {
    await saveGitHubIntegration({ ctx: serviceContext(db, admin), input: { org: "acme", apiUrl: github.url, token: TOKEN } });
  });

  it("three runners, one queued sync: one of them runs it, once", async () => {
    const { startGitHubSyncRunner } = await import("@/server/catalog/github-sync-runner");
    const { queueSync } = await import("@/server/catalog/github-discovery");
    const runners = ["a", "b", "c"].map((owner) => startGitHubSyncRunner(db, { owner, intervalMs: 50 }));
    try {
      const before = listings();
      expect(await queueSync({ db })).toBe(true);
      expect(await queueSync({ db })).toBe(false);
      // The runner writes the final state, then gives the lease back (two statements): wait for both.
      await until("the sync to finish and its lease to be given back", async () => {
        const s = await state();
        return s.syncState.status === "succeeded" && s.leaseOwner === null;
      });
      expect(listings() - before).toBe(1);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });

  it("a sync whose replica stopped renewing its lease is resumed by another once the lease runs out", async () => {
    const { startGitHubSyncRunner } = await import("@/server/catalog/github-sync-runner");
    // A replica that died mid-sync: the state says running, the lease is its and runs out in a second.
    await db.update(integrations).set({ syncState: { status: "running", startedAt: new Date().toISOString(), progress: { done: 1, total: 4 } }, leaseOwner: "dead-replica", leaseUntil: new Date(Date.now() + 1000) }).where(eq(integrations.id, "github"));
    const runner = startGitHubSyncRunner(db, { owner: "survivor", intervalMs: 100 });
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect((await state()).leaseOwner).toBe("dead-replica");
      await until("the sync to be resumed and finish", async () => (await state()).syncState.status === "succeeded");
      const { syncState } = await state();
      expect(syncState).toMatchObject({ status: "succeeded", resumed: true });
      expect(syncState.progress!.done).toBe(syncState.progress!.total);
      expect((await state()).leaseOwner).toBeNull();
    } finally {
      await runner.stop();
    }
  });

  it("stopping a replica mid-sync queues the sync again and frees the lease; another replica runs it", async () => {
    const { startGitHubSyncRunner } = await import("@/server/catalog/github-sync-runner");
    const { queueSync } = await import("@/server/catalog/github-discovery");
    github.state.delayMs = 150;
    const first = startGitHubSyncRunner(db, { owner: "first", intervalMs: 50 });
    let second: ReturnType<typeof startGitHubSyncRunner> | undefined;
    try {
      await queueSync({ db });
      await until("the first runner to run it", async () => (await state()).syncState.status === "running" && (await state()).leaseOwner === "first");
      await first.stop();
      expect(await state()).toMatchObject({ leaseOwner: null, syncState: { status: "queued" } });
      github.state.delayMs = 0;
      second = startGitHubSyncRunner(db, { owner: "second", intervalMs: 50 });
      await until("the second runner to finish it", async () => (await state()).syncState.status === "succeeded");
    } finally {
      github.state.delayMs = 0;
      await first.stop();
      await second?.stop();
    }
  });

  it("a replica that lost its lease stops writing and leaves the sync to the new holder", async () => {
    const { startGitHubSyncRunner } = await import("@/server/catalog/github-sync-runner");
    const { queueSync } = await import("@/server/catalog/github-discovery");
    // Each GitHub answer takes 0.8 s: the sync is still at its first calls when the lease is taken away,
    // however slowly this machine runs the test (at 150 ms it could finish first under load).
    github.state.delayMs = 800;
    const runner = startGitHubSyncRunner(db, { owner: "stalled", intervalMs: 50 });
    try {
      await queueSync({ db });
      await until("the runner to run it", async () => (await state()).leaseOwner === "stalled");
      // Another replica took the lease (this one stalled past it): the next state write finds it gone.
      await db.update(integrations).set({ leaseOwner: "usurper", leaseUntil: new Date(Date.now() + 60_000) }).where(eq(integrations.id, "github"));
      await until("the runner to give up", async () => !runner.running());
      expect((await state()).leaseOwner).toBe("usurper");
      expect((await state()).syncState.status).toBe("running");
    } finally {
      github.state.delayMs = 0;
      await runner.stop();
      await db.update(integrations).set({ leaseOwner: null, leaseUntil: null, syncState: { status: "idle" } }).where(eq(integrations.id, "github"));
    }
  });
});
