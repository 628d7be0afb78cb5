import { TransactionRollbackError } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entities } from "@/db/schema";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import { entityFacets, searchEntities, type EntitySearch } from "@/server/catalog/search";
import type { UserActor } from "@/server/context";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

// Totals and facets are cached under each blueprint's catalog version (server/catalog/aggregate-cache.ts,
// migration 0018). These tests write the way another replica does (its own connection, plain SQL, no
// code of this process) and check that this process never answers from what it cached before.
const { db, url } = await createTestDatabase();
const other = postgres(url, { max: 4, onnotice: () => {} });
afterAll(() => other.end({ timeout: 5 }));
let admin: UserActor;
const ctx = () => serviceContext(db, admin);

const schema = { properties: { lifecycle: { type: "string" as const, enum: ["production", "experimental"] }, notes: { type: "string" as const, format: "markdown" as const } }, required: [] };
const facets = async (bp = "svc", property = "lifecycle") =>
  Object.fromEntries((await entityFacets({ ctx: ctx(), input: { blueprint: bp, property } })).values.map((v) => [String(v.value), v.count]));
const total = async (bp = "svc", query?: EntitySearch["query"]) => (await searchEntities({ ctx: ctx(), input: { blueprint: bp, limit: 1, query } })).total;
const version = async (bp: string) => (await other`select version from catalog_versions where blueprint = ${bp}`)[0]?.version as string | undefined;
const insertRaw = (sql: postgres.Sql | postgres.TransactionSql, bp: string, id: string, lifecycle: string) =>
  sql`insert into entities (blueprint, identifier, team, properties, created_by, updated_by) values (${bp}, ${id}, '{}', ${sql.json({ lifecycle })}, ${admin.id}, ${admin.id})`;

/** A promise and its resolver (Node 20 has no Promise.withResolvers). */
function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Another replica's transaction that has written one entity and waits, uncommitted, until `commit()`. */
async function writeAndHold(bp: string, id: string, lifecycle: string) {
  const written = signal();
  const release = signal();
  const committed = other.begin(async (tx) => {
    await insertRaw(tx, bp, id, lifecycle);
    written.resolve();
    await release.promise;
  });
  await written.promise;
  return { commit: release.resolve, committed };
}

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  for (const identifier of ["svc", "lib"]) await putBlueprint({ ctx: ctx(), input: { identifier, title: identifier, schema } });
  await upsertEntities({
    ctx: ctx(),
    input: { blueprint: "svc", mode: "create", bulk: true, entities: Array.from({ length: 10 }, (_, i) => ({ identifier: `s${i}`, properties: { lifecycle: i < 6 ? "production" : "experimental" } })) },
  });
});

describe("catalog versions", () => {
  it("a blueprint has a version from its creation, and a write through the services gives it a new one", async () => {
    const before = await version("svc");
    expect(before).toMatch(/^[0-9a-f-]{36}$/);
    await upsertEntities({ ctx: ctx(), input: { blueprint: "svc", mode: "upsert", bulk: false, entities: [{ identifier: "s0", properties: { lifecycle: "production" }, title: "S0" }] } });
    expect(await version("svc")).not.toBe(before);
  });

  it("another replica's insert, update and delete are seen at once by totals and facets, never the cached answer", async () => {
    expect(await facets()).toEqual({ production: 6, experimental: 4 });
    expect(await total()).toBe(10);
    expect(await facets()).toEqual({ production: 6, experimental: 4 }); // now from the cache

    await insertRaw(other, "svc", "raw-1", "experimental");
    expect(await facets()).toEqual({ production: 6, experimental: 5 });
    expect(await total()).toBe(11);

    await other`update entities set properties = ${other.json({ lifecycle: "production" })} where blueprint = 'svc' and identifier = 'raw-1'`;
    expect(await facets()).toEqual({ production: 7, experimental: 4 });

    await other`delete from entities where blueprint = 'svc' and identifier = 'raw-1'`;
    expect(await facets()).toEqual({ production: 6, experimental: 4 });
    expect(await total()).toBe(10);
  });

  it("the version changes when the writing transaction commits, not before, and a rolled-back write changes nothing", async () => {
    const before = await version("svc");
    const { commit: check, committed: committing } = await writeAndHold("svc", "raw-2", "production");
    // Uncommitted: neither the version nor the answers move (and the stale answer is not cached as new).
    expect(await version("svc")).toBe(before);
    expect(await facets()).toEqual({ production: 6, experimental: 4 });
    check();
    await committing;
    expect(await version("svc")).not.toBe(before);
    expect(await facets()).toEqual({ production: 7, experimental: 4 });

    const committed = await version("svc");
    await expect(
      other.begin(async (tx) => {
        await insertRaw(tx, "svc", "raw-3", "production");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await version("svc")).toBe(committed);
    expect(await facets()).toEqual({ production: 7, experimental: 4 });
  });

  it("a savepoint rolled back takes its blueprints with it; the rest of the transaction still gives new versions", async () => {
    const [svc, lib] = [await version("svc"), await version("lib")];
    await other.begin(async (tx) => {
      await tx.savepoint(async (sp) => {
        await insertRaw(sp, "svc", "raw-4", "production");
        throw new Error("undo");
      }).catch(() => {});
      await insertRaw(tx, "lib", "l1", "experimental");
    });
    expect(await version("svc")).toBe(svc);
    expect(await version("lib")).not.toBe(lib);
    expect(await facets("lib")).toEqual({ experimental: 1 });
  });

  it("reads inside a transaction see its own writes and cache nothing for others", async () => {
    const before = await facets();
    let inside: Record<string, number> = {};
    await db
      .transaction(async (tx) => {
        await tx.insert(entities).values({ blueprint: "svc", identifier: "tx-1", team: [], properties: { lifecycle: "experimental" }, createdBy: admin.id, updatedBy: admin.id });
        const seen = await entityFacets({ ctx: { ...ctx(), db: tx }, input: { blueprint: "svc", property: "lifecycle" } });
        inside = Object.fromEntries(seen.values.map((v) => [String(v.value), v.count]));
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(inside).toEqual({ ...before, experimental: before.experimental! + 1 });
    expect(await facets()).toEqual(before);
  });

  it("a long transaction does not hold up other writers of the blueprint; each commit gives a new version", async () => {
    const { commit: done, committed: long } = await writeAndHold("svc", "long-1", "production");
    const before = await version("svc");
    // With the version row locked from the write to the commit, this would wait for the long one.
    await other.begin(async (tx) => {
      await tx`set local lock_timeout = '5s'`;
      await insertRaw(tx, "svc", "quick-1", "experimental");
    });
    expect(await version("svc")).not.toBe(before);
    done();
    await long;
    expect(await total()).toBe(13);
  });

  it("transactions writing two blueprints in opposite orders all commit (versions are locked in one order at commit)", async () => {
    const writes = Array.from({ length: 16 }, (_, i) =>
      other.begin(async (tx) => {
        const [first, second] = i % 2 ? ["svc", "lib"] : ["lib", "svc"];
        await insertRaw(tx, first, `x-${i}-a`, "production");
        await tx`select pg_sleep(0.02)`;
        await insertRaw(tx, second, `x-${i}-b`, "production");
      }),
    );
    await expect(Promise.all(writes)).resolves.toHaveLength(16);
    expect(await total("svc")).toBe(13 + 16);
    expect(await total("lib")).toBe(1 + 16);
    expect(await facets("lib")).toEqual({ experimental: 1, production: 16 });
  });

  it("TRUNCATE (which also empties the value slots) and a changed blueprint give new versions", async () => {
    const lib = await version("lib");
    await putBlueprint({ ctx: ctx(), input: { identifier: "lib", title: "Library", schema } });
    expect(await version("lib")).not.toBe(lib);
    const svc = await version("svc");
    await other`truncate entities cascade`;
    expect(await version("svc")).not.toBe(svc);
    expect(await total()).toBe(0);
    expect(await facets()).toEqual({});
  });
});
