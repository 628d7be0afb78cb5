import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { auditEvents, blueprints, entities, teams, users } from "@/db/schema";
import { systemActor, type ServiceContext } from "@/server/context";
import { ensureBuiltinBlueprints, isEmptyDatabase, seedDemoData } from "@/server/demo/seed";
import { createTestDatabase } from "../support/db";

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
});
