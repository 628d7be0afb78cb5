import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { actions, auditEvents, blueprints, entities, runs, teams, users } from "@/db/schema";
import { workOnce } from "@/server/actions/dispatch";
import { createRun, decideRun } from "@/server/actions/runs";
import { seedDemoActions } from "@/server/demo/actions";
import { systemActor, type ServiceContext } from "@/server/context";
import { ensureBuiltinBlueprints, isEmptyDatabase, seedDemoData } from "@/server/demo/seed";
import { createTestDatabase } from "../support/db";

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
    expect(failed).toMatchObject({ status: "FAILURE", summary: "GitHub is not connected: an admin sets the token in Admin → Integrations" });
  });
});
