import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, entities, notifications, runLogs, runs } from "@/db/schema";
import { workOnce } from "@/server/actions/dispatch";
import { jobName } from "@/server/actions/invocations";
import { cancelRun, createRun, decideRun, dryRun, getRun, runLogLines, runToken, toRunJson } from "@/server/actions/runs";
import { putAction } from "@/server/actions/service";
import { saveWebhookSettings } from "@/server/actions/settings";
import { putBlueprint } from "@/server/catalog/blueprints";
import { saveGitHubIntegration } from "@/server/catalog/github-discovery";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { putCluster } from "@/server/environments/clusters";
import { deleteExpiredEnvironments } from "@/server/environments/expiry";
import { callerFor, createTestDatabase, makeUser, serviceContext } from "../support/db";
import { flushOutbox } from "@/server/actions/notify";
import { startGitHubApi } from "../support/github-api";
import { startKubernetesApi, startWebhookReceiver } from "../support/kubernetes-api";

// Issue 5: runs end to end against real programs on loopback (GitHub API, Kubernetes API, a webhook
// receiver that checks the signature), through the services, the worker and the REST handlers.
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789-abcdef";
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
const runRoute = await import("@/app/api/v1/runs/[id]/route");
const runLogsRoute = await import("@/app/api/v1/runs/[id]/logs/route");
const actionRunsRoute = await import("@/app/api/v1/actions/[id]/runs/route");

const SIGNING_SECRET = "webhook-signing-secret-0123456789";
const SECRET_LITERAL = "hunter2-very-secret-value";
const github = await startGitHubApi({ token: "gh-token", org: "acme", repos: [{ name: "deployer" }, { name: "service-template", files: { "README.md": "# template" } }] });
const k8s = await startKubernetesApi({ token: "k8s-token" });
const receiver = await startWebhookReceiver({ secret: SIGNING_SECRET });
afterAll(async () => {
  await Promise.all([github.close(), k8s.close(), receiver.close()]);
});

let admin: UserActor;
let member: UserActor;
let approver: UserActor;
let outsider: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);
const work = (options: Parameters<typeof workOnce>[1] = {}) => workOnce(db, { followEveryMs: 0, webhookBackoffMs: 5, ...options });

async function runRow(id: string) {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row!;
}

/** Works until the run ends (or `passes` run out): dispatch, then follow-ups. */
async function workUntilFinal(id: string, passes = 10, between?: () => void) {
  for (let i = 0; i < passes; i++) {
    await work();
    const row = await runRow(id);
    if (["SUCCESS", "FAILURE", "CANCELLED", "DECLINED"].includes(row.status)) return row;
    between?.();
  }
  return runRow(id);
}

const webhookAction = (overrides: Record<string, unknown> = {}) => ({
  identifier: "notify",
  title: "Notify the on-call",
  blueprint: "service",
  operation: "DAY-2",
  userInputs: {
    properties: {
      message: { type: "string", title: "Message", minLength: 3 },
      severity: { type: "string", enum: ["low", "high"], default: "low" },
      apiKey: { type: "string", title: "API key", format: "secret" },
      replicas: { type: "integer", minimum: 1, maximum: 10 },
      reason: { type: "string", title: "Why high?", visible: { property: "severity", operator: "=", value: "high" } },
    },
    required: ["message", "reason"],
  },
  invocation: { type: "webhook", url: receiver.url, body: { text: "{{ inputs.message }} on {{ entity.identifier }}", key: "{{ inputs.apiKey }}", run: "{{ run.id }}" } },
  ...overrides,
});

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin", ["platform"]);
  member = await makeUser(db, "member@example.com", "member", ["payments"]);
  approver = await makeUser(db, "lead@example.com", "member", ["leads"]);
  outsider = await makeUser(db, "outsider@example.com", "member", ["search"]);
  await putBlueprint({
    ctx: as(admin),
    input: { identifier: "service", title: "Service", schema: { properties: { language: { type: "string" }, lifecycle: { type: "string", enum: ["production", "deprecated"] } }, required: [] } },
  });
  await putBlueprint({ ctx: as(admin), input: { identifier: "environment", title: "Environment", schema: { properties: { type: { type: "string" }, expiresAt: { type: "string", format: "date-time" } }, required: [] } } });
  await upsertEntities({
    ctx: as(admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "payments-api", team: "payments", properties: { language: "go", lifecycle: "production" } },
        { identifier: "legacy", team: "payments", properties: { lifecycle: "deprecated" } },
      ],
    },
  });
  await upsertEntities({ ctx: as(admin), input: { blueprint: "environment", mode: "upsert", bulk: true, entities: [{ identifier: "staging", properties: { type: "staging" } }] } });
  await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["localhost", "127.0.0.1"], signingSecret: SIGNING_SECRET, notificationUrl: "" } });
  await saveGitHubIntegration({ ctx: as(admin), input: { org: "acme", apiUrl: github.url, token: "gh-token" } });
  // The loopback API server speaks plain HTTP, which the client accepts only with TLS verification off.
  await putCluster({ ctx: as(admin), input: { name: "demo", server: k8s.url, token: "k8s-token", skipTlsVerify: true } });
});

describe("runs: validation and permissions", () => {
  it("rejects invalid inputs with field errors and writes no run; applies defaults; conditional fields", async () => {
    await putAction({ ctx: as(admin), input: webhookAction() });
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(runs))[0]!.n;
    const before = await count();
    const attempt = (inputs: Record<string, unknown>, entity: string | null = "payments-api") =>
      createRun({ ctx: as(member), input: { action: "notify", body: { entity, inputs } } }).then(
        () => null,
        (e: { code?: string; details?: { path: string }[] }) => e,
      );
    expect((await attempt({ message: "hi" }))!.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "/inputs/message" })]));
    expect((await attempt({ message: "hello", replicas: 11 }))!.details).toEqual([expect.objectContaining({ path: "/inputs/replicas" })]);
    expect((await attempt({ message: "hello", extra: 1 }))!.details).toEqual([{ path: "/inputs/extra", message: "is not an input of this action" }]);
    // `reason` is required only while visible (severity high), and may not be sent while hidden.
    expect((await attempt({ message: "hello", severity: "high" }))!.details).toEqual([expect.objectContaining({ path: "/inputs/reason" })]);
    expect((await attempt({ message: "hello", reason: "because" }))!.code).toBe("VALIDATION");
    expect((await attempt({ message: "hello" }, null))!.details).toEqual([expect.objectContaining({ path: "/entity" })]);
    expect((await attempt({ message: "hello" }, "nope"))!.details).toEqual([expect.objectContaining({ path: "/entity" })]);
    expect(await count()).toBe(before);

    const { run } = await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "hello" } } } });
    expect(run.inputs).toEqual({ message: "hello", severity: "low" });
    expect(run.status).toBe("QUEUED");
  });

  it("fast-check: inputs outside the schema get 400 with details and never create a run", async () => {
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "scale",
        title: "Scale",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { replicas: { type: "integer", minimum: 1, maximum: 10 }, note: { type: "string", pattern: "^[a-z]+$" } }, required: ["replicas"] },
        invocation: { type: "upsert-entity", blueprint: "service", mapping: { identifier: "{{ entity.identifier }}" } },
      },
    });
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(runs))[0]!.n;
    const before = await count();
    // The negation of the schema: replicas missing, not an integer, or out of range; or note not matching.
    const badReplicas = fc.oneof(fc.constant(undefined), fc.integer({ max: 0 }), fc.integer({ min: 11 }), fc.double({ noInteger: true }), fc.string(), fc.boolean());
    const badNote = fc.string().filter((s) => !/^[a-z]+$/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ replicas: badReplicas }), fc.record({ replicas: fc.integer({ min: 1, max: 10 }), note: badNote })), async (inputs) => {
        const response = await actionRunsRoute.POST(
          new Request("http://localhost/api/v1/actions/scale/runs", {
            method: "POST",
            headers: { authorization: "Bearer static-reader-secret-0123", "content-type": "application/json" },
            body: JSON.stringify({ entity: "payments-api", inputs }),
          }),
          { params: Promise.resolve({ id: "scale" }) },
        );
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { details: { path: string }[] } };
        expect(body.error.details.length).toBeGreaterThan(0);
        expect(body.error.details.every((d) => d.path.startsWith("/inputs"))).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(await count()).toBe(before);
  });

  it("checks execute permissions and conditions on the server", async () => {
    await putAction({ ctx: as(admin), input: webhookAction({ identifier: "owners-only", condition: { combinator: "and", rules: [{ property: "lifecycle", operator: "!=", value: "deprecated" }] }, permissions: { execute: { ownerTeam: true } } }) });
    await expect(createRun({ ctx: as(outsider), input: { action: "owners-only", body: { entity: "payments-api", inputs: { message: "hello" } } } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createRun({ ctx: as(member), input: { action: "owners-only", body: { entity: "legacy", inputs: { message: "hello" } } } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "/entity", message: "this action does not apply to legacy" }],
    });
  });
});

describe("runs: invocations reach SUCCESS and FAILURE", () => {
  it("webhook: signed, retried on 5xx, SUCCESS; secrets reach the target but nothing else", async () => {
    await work(); // runs queued by earlier tests go first, so the 5xx answers below are this run's
    receiver.state.answers.push(503, 502);
    const { run } = await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "deploy done", apiKey: SECRET_LITERAL } } } });
    const seen = receiver.state.requests.length;
    const done = await workUntilFinal(run.id);
    expect(done.status).toBe("SUCCESS");
    const sent = receiver.state.requests.slice(seen).filter((r) => r.headers["idempotency-key"] === run.id);
    expect(sent).toHaveLength(3);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
    expect(JSON.parse(sent[2]!.body)).toEqual({ text: "deploy done on payments-api", key: SECRET_LITERAL, run: run.id });
    const lines = await runLogLines({ ctx: as(member), input: { id: run.id } });
    expect(lines.map((l) => l.message)).toEqual(expect.arrayContaining(["Attempt 1: HTTP 503", "Attempt 3: HTTP 200"]));

    // The secret is nowhere in the database (runs, logs, audit), nor in API responses.
    const dump = await db.execute(sql`select (select coalesce(string_agg(r::text, ''), '') from runs r) || (select coalesce(string_agg(l::text, ''), '') from run_logs l) || (select coalesce(string_agg(a::text, ''), '') from audit_events a) as all`);
    expect(String((dump[0] as { all: string }).all)).not.toContain(SECRET_LITERAL);
    expect(done.secretsEncrypted).toBeNull();
    const response = await runRoute.GET(new Request(`http://localhost/api/v1/runs/${run.id}`, { headers: { authorization: "Bearer static-reader-secret-0123" } }), { params: Promise.resolve({ id: run.id }) });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(SECRET_LITERAL);
    expect(JSON.parse(text).inputs.apiKey).toBe("••••••••");
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, run.id)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(["run.create", "run.dispatch", "run.update"]);
  });

  it("webhook: a 4xx answer is a FAILURE, not retried", async () => {
    receiver.state.answers.push(422);
    const { run } = await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "bad one" } } } });
    const seen = receiver.state.requests.length;
    const done = await workUntilFinal(run.id);
    expect(done.status).toBe("FAILURE");
    expect(done.summary).toBe("The webhook answered HTTP 422");
    expect(receiver.state.requests.length - seen).toBe(1);
  });

  it("SSRF guard: loopback, metadata and private targets are blocked by default", async () => {
    await saveWebhookSettings({ ctx: as(admin), input: { allowlist: [], notificationUrl: "" } });
    try {
      for (const [i, target] of ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook", "http://localhost:9/x"].entries()) {
        await putAction({ ctx: as(admin), input: webhookAction({ identifier: `ssrf-${i}`, invocation: { type: "webhook", url: target, signed: false } }) });
        const { run } = await createRun({ ctx: as(member), input: { action: `ssrf-${i}`, body: { entity: "payments-api", inputs: { message: "hello" } } } });
        const done = await workUntilFinal(run.id);
        expect(done.status, target).toBe("FAILURE");
        expect(done.summary, target).toMatch(/^Blocked: .*loopback, link-local or private address/);
      }
    } finally {
      await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["127.0.0.1"], notificationUrl: "" } });
    }
  });

  it("github-workflow: dispatches with the run id, finds the workflow run, follows it to SUCCESS or FAILURE", async () => {
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "deploy",
        title: "Deploy a version",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { version: { type: "string", pattern: "^v\\d+" }, environment: { type: "string", format: "entity", blueprint: "environment" } }, required: ["version", "environment"] },
        invocation: { type: "github-workflow", owner: "acme", repo: "deployer", workflow: "deploy.yml", inputs: { service: "{{ entity.identifier }}", version: "{{ inputs.version }}", environment: "{{ inputs.environment }}" } },
      },
    });
    await expect(createRun({ ctx: as(member), input: { action: "deploy", body: { entity: "payments-api", inputs: { version: "v1", environment: "prod" } } } })).rejects.toMatchObject({
      details: [{ path: "/inputs/environment", message: "environment prod does not exist or cannot be chosen here" }],
    });
    for (const conclusion of ["success", "failure"] as const) {
      const { run } = await createRun({ ctx: as(member), input: { action: "deploy", body: { entity: "payments-api", inputs: { version: "v2.0.1", environment: "staging" } } } });
      await work();
      expect((await runRow(run.id)).status).toBe("IN_PROGRESS");
      const dispatched = github.state.dispatches.at(-1)!;
      expect(dispatched).toEqual({ workflow: "deploy.yml", ref: "main", inputs: { service: "payments-api", version: "v2.0.1", environment: "staging", portico_run_id: run.id } });
      const wr = github.state.workflowRuns.at(-1)!;
      wr.status = "in_progress";
      wr.jobs = [{ id: 1, name: "deploy", status: "in_progress", conclusion: null }];
      await work();
      const following = await runRow(run.id);
      expect(following.link).toBe(`https://github.com/acme/deployer/actions/runs/${wr.id}`);
      expect(following.statusLabel).toBe("GitHub: in_progress");
      wr.status = "completed";
      wr.conclusion = conclusion;
      wr.jobs = [{ id: 1, name: "deploy", status: "completed", conclusion }];
      const done = await workUntilFinal(run.id);
      expect(done.status).toBe(conclusion === "success" ? "SUCCESS" : "FAILURE");
      const lines = (await runLogLines({ ctx: as(member), input: { id: run.id } })).map((l) => l.message);
      expect(lines).toContain(`Job deploy: completed: ${conclusion}`);
    }
  });

  it("kubernetes-job: creates the Job from the template, streams pod logs (secrets masked), follows to SUCCESS and FAILURE", async () => {
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "provision-db",
        title: "Provision a database",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { size: { type: "string", enum: ["small", "large"], default: "small" }, password: { type: "string", format: "secret" } }, required: [] },
        invocation: {
          type: "kubernetes-job",
          cluster: "demo",
          namespace: "jobs",
          jobTemplate: { spec: { template: { spec: { containers: [{ name: "provision", image: "postgres:18", args: ["--size", "{{ inputs.size }}", "--for", "{{ entity.identifier }}"] }] } } } },
        },
      },
    });
    for (const outcome of ["succeeded", "failed"] as const) {
      const { run } = await createRun({ ctx: as(member), input: { action: "provision-db", body: { entity: "payments-api", inputs: { size: "large", password: SECRET_LITERAL } } } });
      await work();
      const name = jobName(run.id);
      const job = k8s.state.jobs.get(`jobs/${name}`)!;
      expect(job.metadata.labels["portico.dev/run-id"]).toBe(run.id);
      const container = job.spec.template.spec.containers[0];
      expect(container.args).toEqual(["--size", "large", "--for", "payments-api"]);
      expect(container.env).toEqual(expect.arrayContaining([{ name: "PORTICO_RUN_ID", value: run.id }, { name: "PORTICO_RUN_TOKEN", value: runToken(run.id) }]));
      k8s.log("jobs", name, `creating database\npassword is ${SECRET_LITERAL}\n`);
      await work();
      k8s.log("jobs", name, "done\n");
      k8s.complete("jobs", name, outcome);
      const done = await workUntilFinal(run.id);
      expect(done.status).toBe(outcome === "succeeded" ? "SUCCESS" : "FAILURE");
      const lines = (await runLogLines({ ctx: as(member), input: { id: run.id } })).map((l) => l.message);
      expect(lines).toEqual(expect.arrayContaining([`[${name}-abcde] creating database`, `[${name}-abcde] password is ••••••••`, `[${name}-abcde] done`]));
      expect(lines.filter((l) => l.endsWith("creating database"))).toHaveLength(1);
      expect(lines.join("\n")).not.toContain(SECRET_LITERAL);
      if (outcome === "failed") expect(done.summary).toMatch(/BackoffLimitExceeded/);
    }
  });

  it("upsert-entity and the preview environment: creates an environment with an expiry that the expiry job enforces", async () => {
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "preview",
        title: "Create a preview environment",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { hours: { type: "integer", minimum: 1, maximum: 72, default: 4 } }, required: [] },
        invocation: {
          type: "upsert-entity",
          blueprint: "environment",
          mapping: { identifier: "preview-{{ entity.identifier }}", properties: { type: "preview", expiresAt: "{{ $fromMillis($toMillis($now()) + inputs.hours * 3600000) }}" } },
        },
      },
    });
    const { run } = await createRun({ ctx: as(member), input: { action: "preview", body: { entity: "payments-api", inputs: {} } } });
    const done = await workUntilFinal(run.id);
    expect(done.status).toBe("SUCCESS");
    expect(done.affectedEntities).toEqual([{ blueprint: "environment", identifier: "preview-payments-api" }]);
    const [env] = await db.select().from(entities).where(eq(entities.identifier, "preview-payments-api"));
    const expires = new Date(env!.properties.expiresAt as string).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 3.9 * 3600_000);
    expect(await deleteExpiredEnvironments(as(admin), new Date())).toEqual([]);
    expect(await deleteExpiredEnvironments(as(admin), new Date(Date.now() + 5 * 3600_000))).toEqual(["preview-payments-api"]);

    // A mapping the target blueprint refuses: FAILURE with the catalog's reason, nothing written.
    await putAction({
      ctx: as(admin),
      input: { identifier: "bad-upsert", title: "Bad upsert", blueprint: "service", operation: "DAY-2", invocation: { type: "upsert-entity", blueprint: "environment", mapping: { identifier: "x-{{ entity.identifier }}", properties: { expiresAt: "not a date" } } } },
    });
    const failed = await workUntilFinal((await createRun({ ctx: as(member), input: { action: "bad-upsert", body: { entity: "payments-api", inputs: {} } } })).run.id);
    expect(failed.status).toBe("FAILURE");
    expect(failed.summary).toMatch(/\/properties\/expiresAt/);
    expect(await db.select().from(entities).where(eq(entities.identifier, "x-payments-api"))).toEqual([]);
  });

  it("upsert-entity acts as its requester: another team's entity is refused with the catalog's reason, and what it writes is audited as the requester's (origin action, the run's id)", async () => {
    await upsertEntities({ ctx: as(admin), input: { blueprint: "service", mode: "upsert", bulk: false, entities: [{ identifier: "search-api", team: "search", properties: { lifecycle: "production" } }] } });
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "deprecate-other",
        title: "Deprecate a service",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { target: { type: "string" } }, required: ["target"] },
        invocation: { type: "upsert-entity", blueprint: "service", mapping: { identifier: "{{ inputs.target }}", properties: { lifecycle: "deprecated" } } },
      },
    });
    const refused = await workUntilFinal((await createRun({ ctx: as(member), input: { action: "deprecate-other", body: { entity: "payments-api", inputs: { target: "search-api" } } } })).run.id);
    expect(refused.status).toBe("FAILURE");
    expect(refused.summary).toMatch(/belongs to a team you are not in/);
    const [untouched] = await db.select().from(entities).where(eq(entities.identifier, "search-api"));
    expect(untouched!.properties).toEqual({ lifecycle: "production" });
    expect(untouched!.updatedBy).toBe("admin@example.com");

    // The same action on a new entity: created as the member's, owned by the member's team.
    const made = await workUntilFinal((await createRun({ ctx: as(member), input: { action: "deprecate-other", body: { entity: "payments-api", inputs: { target: "payments-worker" } } } })).run.id);
    expect(made.status).toBe("SUCCESS");
    const [created] = await db.select().from(entities).where(eq(entities.identifier, "payments-worker"));
    expect(created).toMatchObject({ createdBy: "member@example.com", team: ["payments"] });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "entity.create"), eq(auditEvents.resourceId, "service/payments-worker")));
    expect(event).toMatchObject({ actorId: member.id, actorLabel: "member@example.com", origin: "action", requestId: `run-${made.id}` });
    // The run's own bookkeeping names the requester too.
    const runEvents = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, made.id));
    expect(runEvents.map((e) => [e.action, e.actorId, e.origin])).toEqual(expect.arrayContaining([["run.dispatch", member.id, "action"]]));
  });

  it("github-repository: creates the repository from the template, writes catalog-info.yaml, registers the entity", async () => {
    await putAction({
      ctx: as(admin),
      input: {
        identifier: "create-service",
        title: "Create a service from a template",
        blueprint: "service",
        operation: "CREATE",
        userInputs: { properties: { name: { type: "string", pattern: "^[a-z][a-z0-9-]+$" } }, required: ["name"] },
        invocation: {
          type: "github-repository",
          templateOwner: "acme",
          templateRepo: "service-template",
          owner: "acme",
          name: "{{ inputs.name }}",
          catalogInfo: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {{ inputs.name }}\nspec:\n  type: service\n",
          register: { blueprint: "service", mapping: { identifier: "{{ inputs.name }}", team: "{{ user.teams }}", properties: { lifecycle: "production" } } },
        },
      },
    });
    const { run } = await createRun({ ctx: as(member), input: { action: "create-service", body: { inputs: { name: "billing" } } } });
    const done = await workUntilFinal(run.id);
    expect(done.status).toBe("SUCCESS");
    expect(done.link).toBe("https://github.com/acme/billing");
    expect(github.state.repos.find((r) => r.name === "billing")!.files!["catalog-info.yaml"]).toContain("name: billing");
    const [entity] = await db.select().from(entities).where(eq(entities.identifier, "billing"));
    expect(entity!.team).toEqual(["payments"]);
  });
});

describe("runs: durability", () => {
  it("two workers never dispatch the same run", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: `batch ${i}` } } } })).run.id);
    }
    const seen = receiver.state.requests.length;
    await Promise.all([
      (async () => {
        for (let i = 0; i < 10; i++) await workOnce(db, { workerId: "a", batch: 2, webhookBackoffMs: 5 });
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await workOnce(db, { workerId: "b", batch: 2, webhookBackoffMs: 5 });
      })(),
    ]);
    const keys = receiver.state.requests.slice(seen).map((r) => String(r.headers["idempotency-key"]));
    expect(keys.sort()).toEqual([...ids].sort());
    const rows = await db.select({ status: runs.status }).from(runs).where(inArray(runs.id, ids));
    expect(rows.every((r) => r.status === "SUCCESS")).toBe(true);
  });

  it("a worker killed between claim and dispatch result is recovered without a second dispatch", async () => {
    const { run } = await createRun({ ctx: as(member), input: { action: "provision-db", body: { entity: "payments-api", inputs: {} } } });
    k8s.state.hold = true;
    // A real worker in its own process, with a short lease; it claims the run and sends the Job, which the cluster holds.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/run-worker.ts"], {
      env: { ...process.env, PORTICO_EMBEDDED_DATABASE_URL: url, WORKER_LEASE_MS: "500" },
      stdio: "ignore",
    });
    for (let i = 0; i < 200 && k8s.state.held.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(k8s.state.held.length).toBe(1);
    const claimed = await runRow(run.id);
    expect(claimed.status).toBe("QUEUED");
    expect(claimed.dispatchAttempts).toBe(1);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // The cluster received the Job before the worker died: it is created now, the worker never learnt it.
    k8s.release();
    for (let i = 0; i < 100 && !k8s.state.jobs.has(`jobs/${jobName(run.id)}`); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 600));
    await work();
    const recovered = await runRow(run.id);
    expect(recovered.status).toBe("IN_PROGRESS");
    expect(recovered.dispatchAttempts).toBe(2);
    expect([...k8s.state.jobs.keys()].filter((k) => k.endsWith(jobName(run.id)))).toHaveLength(1);
    const lines = (await runLogLines({ ctx: as(member), input: { id: run.id } })).map((l) => l.message);
    expect(lines).toContain(`Job jobs/${jobName(run.id)} already exists for this run; adopted it`);
    k8s.complete("jobs", jobName(run.id), "succeeded");
    expect((await workUntilFinal(run.id)).status).toBe("SUCCESS");
  });
});

describe("runs: approvals, callbacks, cancel, dry run", () => {
  it("waits for approval; the requester and non-approvers cannot approve; declined runs never dispatch", async () => {
    await putAction({ ctx: as(admin), input: webhookAction({ identifier: "guarded", approval: { required: true, approvers: { teams: ["leads"] } } }) });
    const { run } = await createRun({ ctx: as(member), input: { action: "guarded", body: { entity: "payments-api", inputs: { message: "please" } } } });
    expect(run.status).toBe("WAITING_FOR_APPROVAL");
    expect(await db.select().from(notifications).where(eq(notifications.userId, approver.id))).toEqual([expect.objectContaining({ kind: "approval.requested", link: `/runs/${run.id}` })]);
    await work();
    expect((await runRow(run.id)).status).toBe("WAITING_FOR_APPROVAL");
    await expect(decideRun({ ctx: as(member), input: { id: run.id, decision: "APPROVED" } })).rejects.toMatchObject({ code: "FORBIDDEN", message: "You cannot approve or decline your own run" });
    await expect(decideRun({ ctx: as(outsider), input: { id: run.id, decision: "APPROVED" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const approved = await decideRun({ ctx: as(approver), input: { id: run.id, decision: "APPROVED", comment: "go" } });
    expect(approved.status).toBe("QUEUED");
    expect((await workUntilFinal(run.id)).status).toBe("SUCCESS");
    expect((await getRun({ ctx: as(member), input: { id: run.id } })).approvals).toEqual([expect.objectContaining({ by: "lead@example.com", decision: "APPROVED", comment: "go" })]);

    const second = (await createRun({ ctx: as(member), input: { action: "guarded", body: { entity: "payments-api", inputs: { message: "again" } } } })).run;
    const seen = receiver.state.requests.length;
    const declined = await decideRun({ ctx: as(approver), input: { id: second.id, decision: "DECLINED", comment: "not today" } });
    expect(declined.status).toBe("DECLINED");
    await work();
    expect(receiver.state.requests.length).toBe(seen);
    await expect(decideRun({ ctx: as(approver), input: { id: second.id, decision: "APPROVED" } })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, second.id)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(["run.create", "run.decline"]);
  });

  it("external systems report through REST with the run's token; a final status is accepted once", async () => {
    await putAction({ ctx: as(admin), input: webhookAction({ identifier: "async-hook", invocation: { type: "webhook", url: receiver.url, synchronized: false } }) });
    const { run } = await createRun({ ctx: as(member), input: { action: "async-hook", body: { entity: "payments-api", inputs: { message: "report back" } } } });
    await work();
    expect((await runRow(run.id)).status).toBe("IN_PROGRESS");
    const body = JSON.parse(receiver.state.requests.at(-1)!.body) as { run: { token: string; apiUrl: string } };
    expect(body.run.token).toBe(runToken(run.id));
    const call = (route: typeof runRoute.PATCH, path: string, token: string, payload: unknown) =>
      route(new Request(`http://localhost${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(payload) }), {
        params: Promise.resolve({ id: run.id }),
      });
    expect((await call(runRoute.PATCH, `/api/v1/runs/${run.id}`, "wrong-token", { status: "SUCCESS" })).status).toBe(401);
    expect((await call(runRoute.PATCH, `/api/v1/runs/${run.id}`, "static-reader-secret-0123", { status: "SUCCESS" })).status).toBe(403);
    expect((await call(runRoute.PATCH, `/api/v1/runs/${run.id}`, body.run.token, { status: "DONE" })).status).toBe(400);
    expect((await call(runLogsRoute.POST, `/api/v1/runs/${run.id}/logs`, body.run.token, { message: "step 1 of 2" })).status).toBe(201);
    const patched = await call(runRoute.PATCH, `/api/v1/runs/${run.id}`, body.run.token, { link: "https://ci.example.com/42", summary: "half way" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ status: "IN_PROGRESS", link: "https://ci.example.com/42" });
    expect((await call(runLogsRoute.POST, `/api/v1/runs/${run.id}/logs`, body.run.token, { message: "finished", terminationStatus: "SUCCESS" })).status).toBe(201);
    const again = await call(runRoute.PATCH, `/api/v1/runs/${run.id}`, body.run.token, { status: "FAILURE" });
    expect(again.status).toBe(409);
    const final = await runRow(run.id);
    expect(final.status).toBe("SUCCESS");
    const lines = (await runLogLines({ ctx: as(member), input: { id: run.id } })).map((l) => l.message);
    expect(lines.slice(0, 3)).toEqual(["Status: SUCCESS", "finished", "step 1 of 2"].slice(0, 3));
  });

  it("cancels a queued run and a running Job (deleting it); only the requester or an admin", async () => {
    const queued = (await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "cancel me" } } } })).run;
    await expect(cancelRun({ ctx: as(outsider), input: { id: queued.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await cancelRun({ ctx: as(member), input: { id: queued.id } })).status).toBe("CANCELLED");
    const running = (await createRun({ ctx: as(member), input: { action: "provision-db", body: { entity: "payments-api", inputs: {} } } })).run;
    await work();
    expect(k8s.state.jobs.has(`jobs/${jobName(running.id)}`)).toBe(true);
    const cancelled = await cancelRun({ ctx: as(admin), input: { id: running.id } });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.summary).toContain(`deleted Job jobs/${jobName(running.id)}`);
    expect(k8s.state.jobs.has(`jobs/${jobName(running.id)}`)).toBe(false);
    await expect(cancelRun({ ctx: as(admin), input: { id: running.id } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a dry run shows the rendered payload and target, masks secrets and writes nothing", async () => {
    const before = (await db.select({ n: sql<number>`count(*)::int` }).from(runs))[0]!.n;
    const preview = await dryRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "dry", apiKey: SECRET_LITERAL } } } });
    expect(preview.target).toBe(`POST ${receiver.url}`);
    expect(preview.payload.body).toEqual({ text: "dry on payments-api", key: "••••••••", run: "00000000-0000-0000-0000-000000000000" });
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(runs))[0]!.n).toBe(before);
    expect(JSON.stringify(toRunJson(await runRow((await createRun({ ctx: as(member), input: { action: "notify", body: { entity: "payments-api", inputs: { message: "x1x", apiKey: SECRET_LITERAL } } } })).run.id)))).not.toContain(SECRET_LITERAL);
    const logs = await db.select().from(runLogs);
    expect(JSON.stringify(logs)).not.toContain(SECRET_LITERAL);
  });
});

describe("runs: through tRPC, and notifications", () => {
  it("refuses anonymous callers and members on admin settings; lists runs with filters and notifications", async () => {
    const anonymous = callerFor(db, undefined);
    await expect(anonymous.runs.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.actions.run({ action: "notify", entity: "payments-api", inputs: { message: "hello" } })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const asMember = callerFor(db, member);
    await expect(asMember.integrations.clusters()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asMember.integrations.saveWebhooks({ allowlist: ["0.0.0.0/0"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const run = await asMember.actions.run({ action: "notify", entity: "payments-api", inputs: { message: "via trpc" } });
    const mine = await asMember.runs.list({ mine: true, action: "notify", status: "QUEUED" });
    expect(mine.items.map((r) => r.id)).toContain(run.id);
    expect((await callerFor(db, outsider).runs.list({ mine: true })).items).toEqual([]);
    const available = await asMember.actions.available({ blueprint: "service", entity: "legacy" });
    expect(available.map((a) => a.identifier)).not.toContain("owners-only");
    expect(await callerFor(db, approver).runs.approvalCount()).toEqual({ count: 0 });
    const notes = await asMember.notifications.list();
    expect(notes.unread).toBeGreaterThan(0);
    await asMember.notifications.markRead({});
    expect((await asMember.notifications.list()).unread).toBe(0);
  });

  it("posts approval requests to the Slack-compatible notification webhook", async () => {
    const received: string[] = [];
    const chat = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(body);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => chat.listen(0, "127.0.0.1", resolve));
    try {
      await flushOutbox(db); // what earlier tests queued, with no URL set, is marked done
      await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["127.0.0.1"], notificationUrl: `http://127.0.0.1:${(chat.address() as AddressInfo).port}/slack` } });
      const { run } = await createRun({ ctx: as(member), input: { action: "guarded", body: { entity: "payments-api", inputs: { message: "ping" } } } });
      await flushOutbox(db);
      expect(received.map((b) => JSON.parse(b) as { text: string })).toEqual([{ text: expect.stringContaining(`member@example.com asks to run Notify the on-call on payments-api <http://localhost:3000/runs/${run.id}|Open in Portico>`) }]);
    } finally {
      await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["127.0.0.1"], notificationUrl: "" } });
      await new Promise<void>((resolve) => chat.close(() => resolve()));
    }
  });
});
