import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, entities } from "@/db/schema";
import type { UserActor } from "@/server/context";
import { deleteBlueprint, previewBlueprintChange, putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import { ensureBuiltinBlueprints } from "@/server/demo/seed";
import { systemActor } from "@/server/context";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();
let admin: UserActor;
let member: UserActor;

const service = {
  identifier: "service",
  title: "Service",
  schema: { properties: { lifecycle: { type: "string", enum: ["production", "experimental", "deprecated"] }, url: { type: "string", format: "url" } }, required: [] },
  relations: {},
};

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  member = await makeUser(db, "member@example.com", "member", ["a"]);
  await ensureBuiltinBlueprints({ db, actor: systemActor, origin: "system", requestId: "setup" });
  await putBlueprint({ ctx: serviceContext(db, admin), input: service });
  await upsertEntities({
    ctx: serviceContext(db, admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "a", properties: { lifecycle: "production" } },
        { identifier: "b", properties: { lifecycle: "deprecated" } },
        { identifier: "c", properties: {} },
      ],
    },
  });
});

describe("changing a blueprint", () => {
  const narrowed = {
    ...service,
    schema: {
      properties: { ...service.schema.properties, lifecycle: { type: "string", enum: ["production", "experimental"] }, owner: { type: "string", format: "email" } },
      required: ["owner"],
    },
  };

  it("previews the impact on existing entities without writing", async () => {
    const preview = await previewBlueprintChange({ ctx: serviceContext(db, admin), input: narrowed });
    expect(preview).toMatchObject({ exists: true, entities: 3, invalid: 3, newlyInvalid: 3 });
    expect(preview.sample.find((s) => s.identifier === "b")!.errors).toEqual(
      expect.arrayContaining([
        { path: "/properties/lifecycle", message: "must be one of production, experimental" },
        { path: "/properties/owner", message: "is required" },
      ]),
    );
    const stored = await db.select().from(entities).where(eq(entities.blueprint, "service"));
    expect(stored.every((e) => e.validationErrors === null)).toBe(true);
  });

  it("saves, flags invalid entities instead of dropping them, and unflags them when fixed", async () => {
    const saved = await putBlueprint({ ctx: serviceContext(db, admin), input: narrowed });
    expect(saved).toMatchObject({ created: false, invalidEntities: 3 });
    const flagged = await db.select().from(entities).where(eq(entities.blueprint, "service"));
    expect(flagged).toHaveLength(3);
    expect(flagged.every((e) => e.validationErrors?.length)).toBe(true);

    await upsertEntities({
      ctx: serviceContext(db, admin),
      input: { blueprint: "service", mode: "upsert", bulk: false, entities: [{ identifier: "a", properties: { lifecycle: "production", owner: "a@example.com" } }] },
    });
    const [fixed] = await db.select().from(entities).where(eq(entities.identifier, "a"));
    expect(fixed!.validationErrors).toBeNull();

    // Back to the loose definition: every flag clears.
    await putBlueprint({ ctx: serviceContext(db, admin), input: { ...service, schema: { ...narrowed.schema, required: [], properties: { ...narrowed.schema.properties, lifecycle: service.schema.properties.lifecycle } } } });
    const cleared = await db.select().from(entities).where(eq(entities.blueprint, "service"));
    expect(cleared.every((e) => e.validationErrors === null)).toBe(true);

    const history = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "service")).orderBy(auditEvents.id);
    expect(history.map((h) => h.action)).toEqual(["blueprint.create", "blueprint.update", "blueprint.update"]);
    expect(history[1]!.diff).toEqual(expect.arrayContaining([{ op: "replace", path: "/schema/required", old: [], value: ["owner"] }]));
  });

  it("rejects bad definitions with paths and unknown relation targets", async () => {
    await expect(putBlueprint({ ctx: serviceContext(db, admin), input: { identifier: "x y", title: "" } })).rejects.toMatchObject({
      code: "VALIDATION",
      details: expect.arrayContaining([expect.objectContaining({ path: "/identifier" }), expect.objectContaining({ path: "/title" })]),
    });
    await expect(
      putBlueprint({ ctx: serviceContext(db, admin), input: { identifier: "api", title: "API", relations: { owner: { target: "nobody" } } } }),
    ).rejects.toMatchObject({ details: [{ path: "/relations/owner/target", message: "blueprint nobody does not exist" }] });
  });

  it("is for admins only", async () => {
    await expect(putBlueprint({ ctx: serviceContext(db, member), input: service })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(previewBlueprintChange({ ctx: serviceContext(db, member), input: service })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("blueprint definitions", () => {
  it("get a btree index per enum, number, boolean and date property, dropped with the property", async () => {
    const indexes = async () =>
      (await db.execute<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = 'entities' and indexdef like '%blueprint = ''indexed''%'`)).map((r) =>
        /properties -> '(\w+)'/.exec(r.indexdef)?.[1],
      );
    const ctx = serviceContext(db, admin);
    const base = { identifier: "indexed", title: "Indexed" };
    await putBlueprint({
      ctx,
      input: { ...base, schema: { properties: { tier: { type: "string", enum: ["a"] }, score: { type: "number" }, notes: { type: "string" }, when: { type: "string", format: "date-time" } }, required: [] } },
    });
    expect((await indexes()).sort()).toEqual(["score", "tier", "when"]);
    await putBlueprint({ ctx, input: { ...base, schema: { properties: { tier: { type: "string" }, score: { type: "number" } }, required: [] } } });
    expect(await indexes()).toEqual(["score"]);
    await deleteBlueprint({ ctx, input: { identifier: "indexed" } });
    expect(await indexes()).toEqual([]);
  });

  it("keep the order in which the admin arranged properties and relations", async () => {
    const properties = { zeta: { type: "string" }, alpha: { type: "number" }, mid: { type: "boolean" } };
    const saved = await putBlueprint({
      ctx: serviceContext(db, admin),
      input: { identifier: "ordered", title: "Ordered", schema: { properties, required: [] }, relations: { z: { target: "ordered" }, a: { target: "ordered" } } },
    });
    expect(Object.keys(saved.blueprint.schema.properties)).toEqual(["zeta", "alpha", "mid"]);
    expect(Object.keys(saved.blueprint.relations)).toEqual(["z", "a"]);
  });
});

describe("deleting a blueprint", () => {
  it("asks for confirmation when it has entities, refuses built-ins and referenced ones", async () => {
    const ctx = serviceContext(db, admin);
    await expect(deleteBlueprint({ ctx, input: { identifier: "environment" } })).rejects.toMatchObject({ code: "CONFLICT" });
    await putBlueprint({ ctx, input: { identifier: "api", title: "API", relations: { providedBy: { target: "service" } } } });
    await expect(deleteBlueprint({ ctx, input: { identifier: "service", confirm: true } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Relations of api point to service; remove them first",
    });
    await deleteBlueprint({ ctx, input: { identifier: "api" } });
    await expect(deleteBlueprint({ ctx, input: { identifier: "service" } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "service has 3 entities; confirm to delete them with it",
    });
    expect(await deleteBlueprint({ ctx, input: { identifier: "service", confirm: true } })).toEqual({ identifier: "service", deletedEntities: 3 });
    expect(await db.select().from(entities).where(eq(entities.blueprint, "service"))).toEqual([]);
  });
});
