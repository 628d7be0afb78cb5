import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, blueprints, entities, teams } from "@/db/schema";
import type { UserActor } from "@/server/context";
import { deleteEntity, getEntity, mirrorValues, outgoingRelations, patchEntity, upsertEntities } from "@/server/catalog/entities";
import { entityFacets, searchEntities } from "@/server/catalog/search";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();

let admin: UserActor;
let alice: UserActor; // team-a
let bob: UserActor; // team-b

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  alice = await makeUser(db, "alice@example.com", "member", ["team-a"]);
  bob = await makeUser(db, "bob@example.com", "member", ["team-b"]);
  await db.insert(blueprints).values([
    {
      identifier: "system",
      title: "System",
      createdBy: "test",
      updatedBy: "test",
    },
    {
      identifier: "service",
      title: "Service",
      schema: {
        properties: {
          url: { type: "string", format: "url" },
          lifecycle: { type: "string", enum: ["production", "experimental", "deprecated"] },
          replicas: { type: "number", minimum: 1 },
          tags: { type: "array", items: { type: "string" } },
        },
        required: ["lifecycle"],
      },
      relations: {
        system: { target: "system", many: false, required: false },
        dependsOn: { target: "service", many: true, required: false },
      },
      createdBy: "test",
      updatedBy: "test",
    },
  ]);
  await upsertEntities({ ctx: serviceContext(db, admin), input: { blueprint: "system", entities: [{ identifier: "core", title: "Core" }], mode: "create", bulk: false } });
});

const put = (actor: UserActor, entity: Record<string, unknown>, mode: "create" | "upsert" = "upsert") =>
  upsertEntities({ ctx: serviceContext(db, actor), input: { blueprint: "service", entities: [entity], mode, bulk: false } });

async function serviceCount() {
  const [row] = await db.select({ n: count() }).from(entities).where(eq(entities.blueprint, "service"));
  return row!.n;
}

describe("writing entities", () => {
  it("validates against the blueprint with ajv and returns every problem as a JSON pointer, writing nothing", async () => {
    const before = await serviceCount();
    const auditBefore = (await db.select({ n: count() }).from(auditEvents))[0]!.n;
    await expect(
      put(admin, {
        identifier: "bad",
        properties: { url: "not a url", lifecycle: "retired", replicas: "two", color: "red" },
        relations: { system: "nowhere", dependsOn: "x", owner: "me" },
        team: ["no-such-team"],
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: expect.arrayContaining([
        { path: "/properties/url", message: "must be an http(s) or mailto: URL" },
        { path: "/properties/lifecycle", message: "must be one of production, experimental, deprecated" },
        { path: "/properties/replicas", message: "must be a number" },
        { path: "/properties/color", message: "is not a property of this blueprint" },
        { path: "/relations/dependsOn", message: "must be a list of entity identifiers" },
        { path: "/relations/owner", message: "is not a relation of this blueprint" },
        { path: "/relations/system", message: "system nowhere does not exist" },
        { path: "/team", message: "team no-such-team does not exist" },
      ]),
    });
    await expect(put(admin, { identifier: "no-lifecycle" })).rejects.toMatchObject({
      details: [{ path: "/properties/lifecycle", message: "is required" }],
    });
    await expect(put(admin, { identifier: "bad id!", properties: { lifecycle: "production" } })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await serviceCount()).toBe(before);
    expect((await db.select({ n: count() }).from(auditEvents))[0]!.n).toBe(auditBefore);
  });

  it("creates, replaces, patches and deletes, each audited with before and after", async () => {
    const [created] = await put(alice, { identifier: "checkout", title: "Checkout", properties: { lifecycle: "experimental", tags: ["web"] }, relations: { system: "core" } }, "create");
    expect(created).toMatchObject({ created: true, entity: { team: ["team-a"], createdBy: "alice@example.com" } });
    await expect(put(alice, { identifier: "checkout", properties: { lifecycle: "production" } }, "create")).rejects.toMatchObject({ code: "CONFLICT" });

    const patched = await patchEntity({
      ctx: serviceContext(db, alice),
      input: { blueprint: "service", identifier: "checkout", patch: { properties: { lifecycle: "production", tags: null }, relations: { dependsOn: ["checkout"] } } },
    });
    expect(patched.properties).toEqual({ lifecycle: "production" });
    expect(patched.relations).toEqual({ system: "core", dependsOn: ["checkout"] });
    expect(patched.title).toBe("Checkout");

    await deleteEntity({ ctx: serviceContext(db, alice), input: { blueprint: "service", identifier: "checkout" } });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "service/checkout")).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["entity.create", "entity.update", "entity.delete"]);
    expect(events[1]!.diff).toEqual(
      expect.arrayContaining([
        { op: "replace", path: "/properties/lifecycle", old: "experimental", value: "production" },
        { op: "remove", path: "/properties/tags", old: ["web"] },
      ]),
    );
  });

  it("answers a write with the row as stored, a replacement keeping its creation stamps", async () => {
    const [first] = await put(alice, { identifier: "stamps", properties: { lifecycle: "production", tags: ["a"] }, relations: { system: "core" } });
    const [second] = await put(admin, { identifier: "stamps", title: "Stamps", team: "team-a", properties: { replicas: 2, lifecycle: "deprecated" } });
    const stored = await getEntity({ ctx: serviceContext(db, admin), input: { blueprint: "service", identifier: "stamps" } });
    expect(first!.entity.createdAt).toEqual(first!.entity.updatedAt);
    expect(second!.entity).toEqual(stored);
    expect(stored).toMatchObject({ createdAt: first!.entity.createdAt, createdBy: "alice@example.com", updatedBy: "admin@example.com", relations: {} });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(first!.entity.updatedAt.getTime());
  });

  it("holds identifiers to the same rule in the database", async () => {
    const insert = (identifier: string) =>
      db.insert(entities).values({ blueprint: "system", identifier, createdBy: "test", updatedBy: "test" });
    await insert(`x${"a_.-".repeat(24)}abc`); // 100 characters
    for (const bad of [`x${"a".repeat(100)}`, "-leading", ".dot", "has space", "ümlaut", ""]) {
      await expect(insert(bad), bad).rejects.toMatchObject({ cause: { constraint_name: "entities_identifier_shape" } });
    }
  });

  it("lets a member of team A edit team A's entities but not team B's", async () => {
    await put(bob, { identifier: "ledger", properties: { lifecycle: "production" } });
    await put(alice, { identifier: "cart", properties: { lifecycle: "production" } });

    await expect(put(alice, { identifier: "ledger", properties: { lifecycle: "deprecated" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      patchEntity({ ctx: serviceContext(db, alice), input: { blueprint: "service", identifier: "ledger", patch: { title: "Mine" } } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteEntity({ ctx: serviceContext(db, alice), input: { blueprint: "service", identifier: "ledger" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Nor hand one of her own entities to team B only, nor create one for team B.
    await expect(put(alice, { identifier: "cart", team: ["team-b"], properties: { lifecycle: "production" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(put(alice, { identifier: "sneaky", team: ["team-b"], properties: { lifecycle: "production" } })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const [ledger] = await db.select().from(entities).where(eq(entities.identifier, "ledger"));
    expect(ledger).toMatchObject({ team: ["team-b"], properties: { lifecycle: "production" }, title: null });
    // Admins may edit anything.
    await put(admin, { identifier: "ledger", team: ["team-b"], properties: { lifecycle: "deprecated" } });
  });

  it("bulk-upserts all or nothing, with errors indexed by item", async () => {
    const ctx = serviceContext(db, admin);
    await db.insert(teams).values({ id: "bulk", title: "Bulk" }).onConflictDoNothing();
    const items = Array.from({ length: 30 }, (_, i) => ({
      identifier: `bulk-${String(i).padStart(2, "0")}`,
      team: "bulk",
      properties: { lifecycle: i % 3 === 0 ? "production" : "experimental", replicas: i + 1, tags: i % 2 ? ["odd"] : ["even", "x"] },
      relations: { dependsOn: i > 0 ? [`bulk-${String(i - 1).padStart(2, "0")}`] : [] },
    }));
    const bad = [...items, { identifier: "bulk-bad", properties: { lifecycle: "nope" } }, { identifier: "bulk-00", properties: { lifecycle: "production" } }];
    const before = await serviceCount();
    await expect(upsertEntities({ ctx, input: { blueprint: "service", entities: bad, mode: "upsert", bulk: true } })).rejects.toMatchObject({
      details: expect.arrayContaining([
        { path: "/30/properties/lifecycle", message: "must be one of production, experimental, deprecated" },
        { path: "/31/identifier", message: "bulk-00 appears twice in this request" },
      ]),
    });
    expect(await serviceCount()).toBe(before);

    const written = await upsertEntities({ ctx, input: { blueprint: "service", entities: items, mode: "upsert", bulk: true } });
    expect(written.every((w) => w.created)).toBe(true);
    const again = await upsertEntities({ ctx, input: { blueprint: "service", entities: items.slice(0, 2), mode: "upsert", bulk: true } });
    expect(again.map((w) => w.created)).toEqual([false, false]);
  });
});

describe("mirror properties", () => {
  it("reads the related entity's title or property through the relation", async () => {
    await db
      .update(blueprints)
      .set({ mirrorProperties: { systemName: { path: "system.$title" }, dependencyLifecycles: { path: "dependsOn.lifecycle" } } })
      .where(eq(blueprints.identifier, "service"));
    await put(admin, { identifier: "mirror-dep", properties: { lifecycle: "deprecated" } });
    await put(admin, { identifier: "mirror-src", properties: { lifecycle: "production" }, relations: { system: "core", dependsOn: ["mirror-dep"] } });
    const ctx = serviceContext(db, admin);
    expect(await mirrorValues({ ctx, input: { blueprint: "service", identifier: "mirror-src" } })).toEqual({ systemName: "Core", dependencyLifecycles: ["deprecated"] });
    expect(await mirrorValues({ ctx, input: { blueprint: "service", identifier: "mirror-dep" } })).toEqual({ systemName: null, dependencyLifecycles: [] });
    await db.update(blueprints).set({ mirrorProperties: {} }).where(eq(blueprints.identifier, "service"));
  });

  it("names what an entity points at by the targets' titles, in the blueprint's order of relations", async () => {
    await put(admin, { identifier: "out-dep", title: "Out dependency", properties: { lifecycle: "production" } });
    await put(admin, { identifier: "out-src", properties: { lifecycle: "production" }, relations: { system: "core", dependsOn: ["out-dep"] } });
    expect(await outgoingRelations({ ctx: serviceContext(db, alice), input: { blueprint: "service", identifier: "out-src" } })).toEqual([
      { relation: "system", title: "system", target: "system", entities: [{ identifier: "core", title: "Core", exists: true }] },
      { relation: "dependsOn", title: "dependsOn", target: "service", entities: [{ identifier: "out-dep", title: "Out dependency", exists: true }] },
    ]);
    await expect(outgoingRelations({ ctx: serviceContext(db, alice), input: { blueprint: "service", identifier: "nowhere" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("searching entities", () => {
  const ctx = () => serviceContext(db, admin);
  const bulkQuery = { combinator: "and" as const, rules: [{ meta: "$team" as const, operator: "=" as const, value: "bulk" }] };

  it("filters with a Query, sorts by a property and pages with a cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await searchEntities({ ctx: ctx(), input: { blueprint: "service", query: bulkQuery, sort: "replicas:desc", limit: 7, cursor } });
      expect(page.total).toBe(30);
      seen.push(...page.items.map((e) => e.identifier));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `bulk-${String(29 - i).padStart(2, "0")}`));

    const byLifecycle = await searchEntities({
      ctx: ctx(),
      input: { blueprint: "service", query: JSON.stringify({ combinator: "and", rules: [...bulkQuery.rules, { property: "lifecycle", operator: "=", value: "production" }] }), sort: "$identifier" },
    });
    expect(byLifecycle.items.map((e) => e.identifier)).toEqual(["bulk-00", "bulk-03", "bulk-06", "bulk-09", "bulk-12", "bulk-15", "bulk-18", "bulk-21", "bulk-24", "bulk-27"]);
  });

  it("sorts by dates and titles with stable keyset pages", async () => {
    const page1 = await searchEntities({ ctx: ctx(), input: { blueprint: "service", query: bulkQuery, sort: "$updatedAt:asc", limit: 20 } });
    const page2 = await searchEntities({ ctx: ctx(), input: { blueprint: "service", query: bulkQuery, sort: "$updatedAt:asc", limit: 20, cursor: page1.nextCursor } });
    expect(new Set([...page1.items, ...page2.items].map((e) => e.identifier)).size).toBe(30);
    expect(page2.nextCursor).toBeNull();
  });

  it("finds entities by full-text prefix over identifier, title and string properties", async () => {
    await put(admin, { identifier: "fraud-scoring", title: "Fraud Scoring Engine", properties: { lifecycle: "experimental", url: "https://fraud.example.com/docs" } });
    const hit = async (q: string) => (await searchEntities({ ctx: ctx(), input: { blueprint: "service", q } })).items.map((e) => e.identifier);
    expect(await hit("fraud")).toEqual(["fraud-scoring"]);
    expect(await hit("scor eng")).toEqual(["fraud-scoring"]);
    expect(await hit("FRAUD.example")).toEqual(["fraud-scoring"]);
    expect(await hit("'; drop table entities; --")).toEqual([]);
  });

  it("counts facet values among the matching entities", async () => {
    const facets = await entityFacets({ ctx: ctx(), input: { blueprint: "service", property: "lifecycle", query: bulkQuery } });
    expect(facets).toEqual({ property: "lifecycle", values: [{ value: "experimental", count: 20 }, { value: "production", count: 10 }] });
    const tags = await entityFacets({ ctx: ctx(), input: { blueprint: "service", property: "tags", query: bulkQuery } });
    expect(tags.values).toEqual([
      { value: "even", count: 15 },
      { value: "odd", count: 15 },
      { value: "x", count: 15 },
    ]);
    const owners = await entityFacets({ ctx: ctx(), input: { blueprint: "service", property: "$team" } });
    expect(owners.values).toEqual(expect.arrayContaining([{ value: "bulk", count: 30 }]));
  });

  it("answers bad input with a 400 and paths", async () => {
    await expect(searchEntities({ ctx: ctx(), input: { blueprint: "service", query: "{not json" } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(searchEntities({ ctx: ctx(), input: { blueprint: "service", query: { combinator: "and", rules: [{ property: "x", operator: "like" }] } } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(searchEntities({ ctx: ctx(), input: { blueprint: "service", sort: "x:sideways" } })).rejects.toMatchObject({ details: [{ path: "/sort" }] });
    await expect(searchEntities({ ctx: ctx(), input: { blueprint: "service", cursor: "garbage" } })).rejects.toMatchObject({ details: [{ path: "/cursor" }] });
    await expect(searchEntities({ ctx: ctx(), input: { blueprint: "nope" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
