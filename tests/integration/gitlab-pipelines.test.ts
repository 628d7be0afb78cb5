import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, integrations, runs } from "@/db/schema";
import { workOnce } from "@/server/actions/dispatch";
import { cancelRun, createRun, dryRun, runLogLines } from "@/server/actions/runs";
import { putAction } from "@/server/actions/service";
import { saveWebhookSettings } from "@/server/actions/settings";
import { cleanJobLog } from "@/server/actions/targets/gitlab-pipeline";
import { upsertEntities } from "@/server/catalog/entities";
import { putBlueprint } from "@/server/catalog/blueprints";
import type { UserActor } from "@/server/context";
import { gitlabClient } from "@/server/integrations/gitlab";
import { getGitLabIntegration, saveGitLabIntegration } from "@/server/integrations/gitlab-connection";
import { callerFor, createTestDatabase, makeUser, serviceContext } from "../support/db";
import { startGitLabApi } from "../support/gitlab-api";

// Issue 19: the GitLab pipeline target, added through the target registry alone, driven by the real client
// library (@gitbeaker/rest) against a GitLab API server on loopback: create, follow status and job logs, cancel.
process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789-abcdef";
const { db } = await createTestDatabase();

const TOKEN = "glpat-test-token-0123456789";
const gitlab = await startGitLabApi({
  token: TOKEN,
  projects: [{ id: 42, path: "platform/deployer", refs: ["main", "release"], jobs: [{ name: "build", stage: "build" }, { name: "deploy", stage: "deploy" }] }],
});
afterAll(() => gitlab.close());

let admin: UserActor;
let member: UserActor;
let outsider: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);
const work = () => workOnce(db, { followEveryMs: 0 });
const runRow = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0]!;
const logLines = async (id: string) => (await runLogLines({ ctx: as(member), input: { id } })).map((l) => l.message);
const start = async (inputs: Record<string, unknown> = { version: "1.4.2" }) => (await createRun({ ctx: as(member), input: { action: "deploy-gitlab", body: { entity: "payments-api", inputs } } })).run;
const lastPipeline = () => gitlab.state.pipelines.at(-1)!;

const deployAction = (invocation: Record<string, unknown> = {}) => ({
  identifier: "deploy-gitlab",
  title: "Deploy with GitLab",
  blueprint: "service",
  operation: "DAY-2" as const,
  userInputs: { properties: { version: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+$" } }, required: ["version"] },
  invocation: { type: "gitlab-pipeline", project: "platform/deployer", variables: { SERVICE: "{{ entity.identifier }}", VERSION: "{{ inputs.version }}" }, ...invocation },
});

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin", ["platform"]);
  member = await makeUser(db, "member@example.com", "member", ["payments"]);
  outsider = await makeUser(db, "outsider@example.com", "member", ["search"]);
  await putBlueprint({ ctx: as(admin), input: { identifier: "service", title: "Service", schema: { properties: {}, required: [] } } });
  await upsertEntities({ ctx: as(admin), input: { blueprint: "service", mode: "upsert", bulk: true, entities: [{ identifier: "payments-api", team: "payments", properties: {} }] } });
  await putAction({ ctx: as(admin), input: deployAction() });
});

describe("GitLab connection (Admin → Integrations)", () => {
  it("a run before GitLab is connected fails, saying where an admin connects it", async () => {
    const run = await start();
    await work();
    const failed = await runRow(run.id);
    expect(failed.status).toBe("FAILURE");
    expect(failed.summary).toBe("GitLab is not connected: an admin connects it in Admin → Integrations");
  });

  it("checks the settings, writes nothing on bad input, keeps the token on the server and audits the change", async () => {
    const save = (input: { url: string; token?: string }, actor = admin) => saveGitLabIntegration({ ctx: as(actor), input });
    await expect(save({ url: gitlab.url, token: TOKEN }, member)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(save({ url: "gitlab.example.com", token: TOKEN })).rejects.toMatchObject({ code: "VALIDATION", details: [expect.objectContaining({ path: "/url" })] });
    await expect(save({ url: gitlab.url })).rejects.toMatchObject({ details: [{ path: "/url", message: expect.stringContaining("loopback, link-local or private address") }] });
    await saveWebhookSettings({ ctx: as(admin), input: { allowlist: ["localhost", "127.0.0.1"], notificationUrl: "" } });
    await expect(save({ url: gitlab.url })).rejects.toMatchObject({ details: [{ path: "/token", message: "is required: an access token with the api scope" }] });
    expect(await db.select().from(integrations).where(eq(integrations.id, "gitlab"))).toEqual([]);

    await expect(callerFor(db, admin).integrations.testGitlab()).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await save({ url: gitlab.url, token: TOKEN });
    expect(await callerFor(db, admin).integrations.testGitlab()).toEqual({ ok: true, username: "portico-bot" });
    // Through tRPC, as the admin page reads it: the token never leaves the server.
    const shown = await callerFor(db, admin).integrations.gitlab();
    expect(shown).toMatchObject({ url: gitlab.url, tokenSet: true, configured: true, updatedBy: "admin@example.com" });
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
    await expect(callerFor(db, member).integrations.gitlab()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [row] = await db.select().from(integrations).where(eq(integrations.id, "gitlab"));
    expect(row!.secretEncrypted).not.toContain(TOKEN);
    // The stored token is not sent to a URL it was not entered for.
    await expect(save({ url: "http://127.0.0.1:9/" })).rejects.toMatchObject({ details: [{ path: "/token", message: expect.stringContaining("the URL changed") }] });
    await save({ url: gitlab.url });
    expect((await getGitLabIntegration({ ctx: as(admin) })).tokenSet).toBe(true);
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "integration.update"), eq(auditEvents.resourceId, "gitlab")));
    expect(events).toHaveLength(2);
    expect(events[0]!.after).toMatchObject({ url: gitlab.url });
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });
});

describe("gitlab-pipeline target", () => {
  it("the dry run shows the project, ref and variables a dispatch would send, and creates nothing", async () => {
    const before = gitlab.state.pipelines.length;
    const preview = await dryRun({ ctx: as(member), input: { action: "deploy-gitlab", body: { entity: "payments-api", inputs: { version: "1.4.2" } } } });
    expect(preview.target).toBe("GitLab platform/deployer → pipeline @ main");
    expect(preview.payload).toMatchObject({ project: "platform/deployer", ref: "main", variables: { SERVICE: "payments-api", VERSION: "1.4.2", PORTICO_RUN_ID: expect.any(String) } });
    expect(gitlab.state.pipelines).toHaveLength(before);
  });

  it("creates the pipeline with the run's variables, copies job states and logs, and ends SUCCESS", async () => {
    const run = await start();
    await work();
    const pipeline = lastPipeline();
    expect(pipeline.ref).toBe("main");
    expect(pipeline.variables).toEqual([
      { key: "SERVICE", value: "payments-api", variable_type: "env_var" },
      { key: "VERSION", value: "1.4.2", variable_type: "env_var" },
      { key: "PORTICO_RUN_ID", value: run.id, variable_type: "env_var" },
      { key: "PORTICO_RUN_URL", value: expect.stringContaining(`/runs/${run.id}`), variable_type: "env_var" },
    ]);
    const dispatched = await runRow(run.id);
    expect(dispatched).toMatchObject({ status: "IN_PROGRESS", link: `https://gitlab.example.com/platform/deployer/-/pipelines/${pipeline.id}` });

    // GitLab's job log: ANSI colours, collapsible sections, a progress line rewritten with \r.
    const buildLog = "\x1b[0KRunning with gitlab-runner 18.5.0\nsection_start:1733150000:step_script\r\x1b[0K\x1b[32;1m$ make build\x1b[0;m\nDownloading 10%\rDownloading 100%\n";
    gitlab.set(pipeline.id, "running", { build: { status: "running", log: buildLog } });
    await work();
    const running = await runRow(run.id);
    expect(running.statusLabel).toBe("GitLab: running");
    expect(await logLines(run.id)).toEqual(
      expect.arrayContaining(["[build] Running with gitlab-runner 18.5.0", "[build] $ make build", "[build] Downloading 100%", "Job build (build): running", "Pipeline " + pipeline.id + ": running"]),
    );

    // More log arrives: only the new lines are copied.
    gitlab.set(pipeline.id, "running", { build: { status: "success", log: `${buildLog}Build finished\nsection_end:1733150009:step_script\r\x1b[0KJob succeeded\n` }, deploy: { status: "running", log: "Deploying payments-api 1.4.2\n" } });
    await work();
    gitlab.set(pipeline.id, "success", { deploy: { status: "success", log: "Deploying payments-api 1.4.2\nDone\n" } });
    await work();
    const done = await runRow(run.id);
    expect(done).toMatchObject({ status: "SUCCESS", summary: `Pipeline ${pipeline.id} succeeded`, statusLabel: null });
    const lines = await logLines(run.id);
    expect(lines.filter((l) => l === "[build] $ make build")).toHaveLength(1);
    expect(lines).toEqual(expect.arrayContaining(["[build] Build finished", "[build] Job succeeded", "Job build (build): success", "[deploy] Deploying payments-api 1.4.2", "[deploy] Done", "Job deploy (deploy): success"]));
    expect(lines.filter((l) => l === "[deploy] Deploying payments-api 1.4.2")).toHaveLength(1);
    // A finished job's log is not read again.
    const traces = gitlab.state.requests.filter((r) => r.includes("/trace")).length;
    await work();
    expect(gitlab.state.requests.filter((r) => r.includes("/trace")).length).toBe(traces);
  });

  it("a failed job fails the run, with GitLab's failure reason", async () => {
    const run = await start();
    await work();
    const pipeline = lastPipeline();
    gitlab.set(pipeline.id, "failed", { build: { status: "failed", failure_reason: "script_failure", log: "make: *** [build] Error 2\n" }, deploy: { status: "skipped" } });
    await work();
    const failed = await runRow(run.id);
    expect(failed).toMatchObject({ status: "FAILURE", summary: `Pipeline ${pipeline.id} failed` });
    expect(await logLines(run.id)).toEqual(expect.arrayContaining(["[build] make: *** [build] Error 2", "Job build (build): failed (script_failure)", "Job deploy (deploy): skipped"]));
  });

  it("cancelling the run cancels the pipeline on GitLab; only the requester or an admin may", async () => {
    const run = await start();
    await work();
    const pipeline = lastPipeline();
    gitlab.set(pipeline.id, "running", { build: { status: "running", log: "building\n" } });
    await work();
    await expect(cancelRun({ ctx: as(outsider), input: { id: run.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const cancelled = await cancelRun({ ctx: as(member), input: { id: run.id } });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.summary).toContain(`cancelled pipeline ${pipeline.id}`);
    expect(gitlab.state.requests).toContain(`POST /api/v4/projects/platform%2Fdeployer/pipelines/${pipeline.id}/cancel`);
    expect(pipeline.status).toBe("canceled");
    expect(pipeline.jobs.map((j) => j.status)).toEqual(["canceled", "canceled"]);
  });

  it("a pipeline cancelled on GitLab ends the run CANCELLED; a manual job waits", async () => {
    const run = await start();
    await work();
    const pipeline = lastPipeline();
    gitlab.set(pipeline.id, "manual", { build: { status: "success", log: "ok\n" }, deploy: { status: "manual" } });
    await work();
    expect((await runRow(run.id)).statusLabel).toBe("GitLab: waiting for a manual job to be started");
    gitlab.set(pipeline.id, "canceled", { deploy: { status: "canceled" } });
    await work();
    expect(await runRow(run.id)).toMatchObject({ status: "CANCELLED", summary: `Pipeline ${pipeline.id} was cancelled on GitLab` });
  });

  it("a retried dispatch adopts the pipeline an earlier worker created instead of creating a second", async () => {
    const run = await start();
    // An earlier worker claimed the run, created the pipeline and vanished before recording it.
    await db.update(runs).set({ dispatchAttempts: 1 }).where(eq(runs.id, run.id));
    await gitlabClient({ url: gitlab.url, token: TOKEN }).createPipeline("platform/deployer", "main", { PORTICO_RUN_ID: run.id });
    const count = gitlab.state.pipelines.length;
    await work();
    const adopted = await runRow(run.id);
    expect(adopted).toMatchObject({ status: "IN_PROGRESS", dispatchAttempts: 2, link: `https://gitlab.example.com/platform/deployer/-/pipelines/${lastPipeline().id}` });
    expect(gitlab.state.pipelines).toHaveLength(count);
    expect(await logLines(run.id)).toContain(`Pipeline ${lastPipeline().id} already exists for this run; adopted it`);
  });

  it("GitLab's refusals reach the run in GitLab's words: unknown project, unknown ref, bad token", async () => {
    await putAction({ ctx: as(admin), input: deployAction({ project: "platform/missing" }) });
    let run = await start();
    await work();
    expect(await runRow(run.id)).toMatchObject({ status: "FAILURE", summary: "GitLab answered 404: 404 Project Not Found" });

    await putAction({ ctx: as(admin), input: deployAction({ ref: "no-such-branch" }) });
    run = await start();
    await work();
    expect((await runRow(run.id)).summary).toBe('GitLab answered 400: {"base":["Reference not found"]}');

    await putAction({ ctx: as(admin), input: deployAction() });
    await saveGitLabIntegration({ ctx: as(admin), input: { url: gitlab.url, token: "glpat-revoked" } });
    expect(await callerFor(db, admin).integrations.testGitlab()).toEqual({ ok: false, error: "GitLab answered 401: 401 Unauthorized" });
    run = await start();
    await work();
    expect((await runRow(run.id)).summary).toBe("GitLab answered 401: 401 Unauthorized");
    await saveGitLabIntegration({ ctx: as(admin), input: { url: gitlab.url, token: TOKEN } });
  });

  it("an action's variables must be CI/CD variable names", async () => {
    await expect(putAction({ ctx: as(admin), input: deployAction({ variables: { "NOT-A-NAME": "x" } }) })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [expect.objectContaining({ path: expect.stringContaining("/invocation/variables") })],
    });
  });
});

describe("cleanJobLog", () => {
  it("drops colours and section markers, keeps the last state of a rewritten line", () => {
    expect(cleanJobLog("\x1b[32;1mok\x1b[0;m\nsection_start:1:x\r\x1b[0Kstep\n50%\r100%\n")).toEqual(["ok", "step", "100%"]);
    expect(cleanJobLog("")).toEqual([]);
  });
});
