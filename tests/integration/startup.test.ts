import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { actions, auditEvents, blueprints, deployments, entities, runs, teams, users } from "@/db/schema";
import { workOnce } from "@/server/actions/dispatch";
import { createRun, decideRun } from "@/server/actions/runs";
import { seedDemoActions } from "@/server/demo/actions";
import { systemActor, type ServiceContext } from "@/server/context";
import { ensureBuiltinBlueprints, isEmptyDatabase, seedDemoData } from "@/server/demo/seed";
import { createTestDatabase } from "../support/db";
import { seedDemoDelivery } from "@/server/demo/delivery";
import { serviceCiRuns } from "@/server/delivery/ci";
import { doraReport, serviceDelivery } from "@/server/delivery/service";
import { environmentDashboard, environmentsOverview } from "@/server/environments/dashboard";

process.env.PORTICO_ENCRYPTION_KEY = "test-encryption-key-0123456789-abcdef";
const { db, url } = await createTestDatabase();
const ctx: ServiceContext = { db, actor: systemActor, origin: "system", requestId: "startup" };

describe("first start", () => {
  it("applies migrations idempotently", async () => {
    await applyMigrations(url);
    await applyMigrations(url);
  });

  it("creates the built-in blueprints and loads demo data into an empty database, audited", async () => {
    expect(await isEmptyDatabase(ctx)).toBe(true);
    await ensureBuiltinBlueprints(ctx);
    await seedDemoData(ctx);
    await ensureBuiltinBlueprints(ctx); // a second start adds nothing

    const ids = (await db.select({ id: blueprints.identifier }).from(blueprints)).map((b) => b.id).sort();
    expect(ids).toEqual(["api", "environment", "service", "team"]);
    expect((await db.select().from(users).where(eq(users.isDemo, true))).map((u) => u.role).sort()).toEqual(["admin", "member", "member"]);
    expect((await db.select().from(teams)).length).toBeGreaterThanOrEqual(3);
    const [services] = await db.select({ n: count() }).from(entities).where(eq(entities.blueprint, "service"));
    expect(services!.n).toBeGreaterThanOrEqual(5);
    const [events] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.origin, "system"));
    expect(events!.n).toBeGreaterThan(20);
    expect(await isEmptyDatabase(ctx)).toBe(false);
  });

  it("loads the golden-path actions; the preview environment runs inside Portico to the end once approved", async () => {
    await seedDemoActions(ctx);
    const names = (await db.select({ id: actions.identifier }).from(actions)).map((a) => a.id).sort();
    expect(names).toEqual(["create-preview-environment", "create-service", "deploy", "provision-database"]);
    const [max] = await db.select().from(users).where(eq(users.email, "max@portico.local"));
    const [ada] = await db.select().from(users).where(eq(users.email, "ada@portico.local"));
    const asUser = (u: typeof max): ServiceContext => ({ ...ctx, origin: "ui", actor: { kind: "user", id: u!.id, email: u!.email, name: u!.name, image: null, role: u!.role, teamIds: u!.role === "admin" ? ["platform"] : ["payments"] } });
    const { run } = await createRun({ ctx: asUser(max), input: { action: "create-preview-environment", body: { entity: "payments-api", inputs: { branch: "feat-x", copyFrom: "staging" } } } });
    expect(run.status).toBe("WAITING_FOR_APPROVAL");
    await decideRun({ ctx: asUser(ada), input: { id: run.id, decision: "APPROVED" } });
    await workOnce(db, { followEveryMs: 0 });
    const [done] = await db.select().from(runs).where(eq(runs.id, run.id));
    expect(done).toMatchObject({ status: "SUCCESS", affectedEntities: [{ blueprint: "environment", identifier: "preview-payments-api-feat-x" }] });
    // The Kubernetes and GitHub golden paths say plainly what is missing on a fresh start.
    const { run: deploy } = await createRun({ ctx: asUser(max), input: { action: "deploy", body: { entity: "payments-api", inputs: { environment: "staging", version: "v1.2.3" } } } });
    await workOnce(db, { followEveryMs: 0 });
    const [failed] = await db.select().from(runs).where(eq(runs.id, deploy.id));
    expect(failed).toMatchObject({ status: "FAILURE", summary: "GitHub is not connected: an admin connects it in Admin → Integrations" });
    // A failed deploy run is a failed deployment of that version.
    const [recorded] = await db.select().from(deployments).where(eq(deployments.runId, deploy.id));
    expect(recorded).toMatchObject({ service: "payments-api", environment: "staging", environmentType: "staging", version: "v1.2.3", status: "FAILURE", source: "action", actor: "max@portico.local" });
  });

  it("loads demo delivery data: dashboards, a crash loop in staging, drift, CI runs and DORA charts without a cluster or GitHub", async () => {
    await seedDemoDelivery(ctx);
    const overview = await environmentsOverview({ ctx });
    const staging = overview.find((e) => e.identifier === "staging")!;
    expect(staging).toMatchObject({ demo: true, services: 6, critical: 1, clusterStatus: { name: "stg-eu-1", connected: false, status: "not-connected" } });
    const dashboard = await environmentDashboard({ ctx, input: { environment: "staging" } });
    const payments = dashboard.services.find((s) => s.service === "payments-api")!;
    expect(payments.problems.map((p) => p.kind)).toEqual(["CrashLoopBackOff"]);
    const delivery = await serviceDelivery({ ctx, input: { service: "payments-api" } });
    expect(delivery.matrix.map((c) => c.environment.identifier)).toEqual(["dev", "staging", "production"]);
    expect(delivery.matrix.every((c) => c.version)).toBe(true);
    // Newer versions wait in development and staging: the matrix shows the drift.
    const drifting = await Promise.all(["payments-api", "ledger", "checkout-web", "cart-service"].map((service) => serviceDelivery({ ctx, input: { service } })));
    expect(drifting.some((d) => d.matrix.some((c) => c.drift))).toBe(true);
    expect(delivery.deployments.length).toBe(20);
    const ci = await serviceCiRuns({ ctx, input: { service: "payments-api" } });
    expect(ci).toMatchObject({ repository: "portico-demo/payments-api", connected: false });
    expect(ci.runs.length).toBe(8);
    expect(ci.runs.every((r) => r.demo)).toBe(true);
    const dora = await doraReport({ ctx, input: { days: 30 } });
    expect(dora.current.finished).toBeGreaterThan(20);
    expect(dora.current.leadTimeHours).toBeGreaterThan(0);
    expect(dora.current.changeFailureRate).toBeGreaterThan(0);
    expect(dora.series).toHaveLength(30);
    expect(dora.previous.finished).toBeGreaterThan(0);
    // Every one of them is the demo's, and the report says so (the page labels the figures).
    expect(dora.demoDeployments).toBeGreaterThanOrEqual(dora.current.finished + dora.previous.finished);
  });
});
