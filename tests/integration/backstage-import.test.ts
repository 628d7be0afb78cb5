import fs from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { entities, teamMembers, teams, users } from "@/db/schema";
import { importBackstage } from "@/server/catalog/backstage";
import type { UserActor } from "@/server/context";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();
const yaml = fs.readFileSync("tests/fixtures/backstage-catalog.yaml", "utf8");
let admin: UserActor;

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
});

const entity = async (blueprint: string, identifier: string) =>
  (await db.select().from(entities).where(and(eq(entities.blueprint, blueprint), eq(entities.identifier, identifier))))[0];

describe("Backstage import", () => {
  it("maps kinds to blueprints, relations and teams, and reports what it did", async () => {
    const report = await importBackstage({ ctx: serviceContext(db, admin), input: { yaml } });
    expect(report.created.map((c) => `${c.kind}:${c.identifier}`).sort()).toEqual(
      ["team:commerce-team", "domain:commerce", "system:checkout", "resource:carts-db", "api:cart-api", "api:payments-api", "service:cart-service", "service:pricing", "user:jane.doe@example.com"].sort(),
    );
    expect(report.skipped).toEqual([
      { document: 10, ref: "user:default/nomail", reason: "User without spec.profile.email" },
      { document: 11, ref: "template:default/react-app", reason: expect.stringMatching(/^kind Template is not imported/) },
    ]);
    expect(report.problems.map((p) => `${p.document} ${p.ref} ${p.pointer}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        "4 component:default/pricing /spec/dependsOn/0: component:default/legacy-erp is neither in this upload nor in the catalog; dropped",
        "6 api:default/payments-api /spec/owner: group:default/payments-team is not a known group; left without owner",
        "10 user:default/nomail /spec/profile/email: is missing: Portico identifies users by email, so this user is not imported",
      ]),
    );

    expect(await entity("service", "cart-service")).toMatchObject({
      team: ["commerce-team"],
      properties: { type: "service", lifecycle: "production", description: "Holds shopping carts.", tags: ["java", "cart"], links: [{ url: "https://dashboards.example.com/cart", title: "Dashboard" }] },
      relations: { system: "checkout", providesApis: ["cart-api"], consumesApis: ["payments-api"], dependsOn: ["pricing"], dependsOnResources: ["carts-db"] },
    });
    expect(await entity("system", "checkout")).toMatchObject({ title: "Checkout system", relations: { domain: "commerce" } });
    expect((await db.select().from(teams).where(eq(teams.id, "commerce-team")))[0]).toMatchObject({ title: "Commerce" });
    const [jane] = await db.select().from(users).where(eq(users.email, "jane.doe@example.com"));
    expect(await db.select().from(teamMembers).where(eq(teamMembers.userId, jane!.id))).toEqual([expect.objectContaining({ teamId: "commerce-team" })]);
  });

  it("updates instead of duplicating when the same file is imported again", async () => {
    const again = await importBackstage({ ctx: serviceContext(db, admin), input: { yaml } });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toHaveLength(9);
    expect(again.blueprints).toEqual([]);

    const changed = yaml.replace("lifecycle: experimental", "lifecycle: production");
    const third = await importBackstage({ ctx: serviceContext(db, admin), input: { yaml: changed } });
    expect(third.updated).toEqual([{ kind: "service", identifier: "pricing", document: 4 }]);
    expect((await entity("service", "pricing"))!.properties).toMatchObject({ lifecycle: "production" });
    expect(await db.select().from(entities).where(eq(entities.identifier, "pricing"))).toHaveLength(1);
  });

  it("reports broken YAML documents and refuses non-admins", async () => {
    const report = await importBackstage({ ctx: serviceContext(db, admin), input: { yaml: "a: b: c\n---\nkind: Domain\nmetadata: {}\n", dryRun: true } });
    expect(report.problems.map((p) => `${p.document} ${p.pointer} ${p.message}`)).toEqual([expect.stringMatching(/^1 {2}YAML syntax error \(line 1\)/), "2 /metadata/name is required"]);
    const member = await makeUser(db, "m@example.com", "member");
    await expect(importBackstage({ ctx: serviceContext(db, member), input: { yaml } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("Backstage import progress", () => {
  it("is recorded beside the import's transaction under the client's id, and readable by admins only", async () => {
    const { getImportProgress } = await import("@/server/catalog/import-progress");
    const ctx = serviceContext(db, admin);
    const id = "0f8e2c4a-1b3d-4e5f-9a7b-6c5d4e3f2a1b";
    const many = Array.from({ length: 1200 }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: progress-${i}}\nspec: {type: service, lifecycle: production, owner: commerce-team}`).join("\n---\n");
    const running = importBackstage({ ctx, input: { yaml: many, progressId: id } });
    // Polled while it runs (on another connection of the pool), then final.
    const seen = new Set<string>();
    let done = false;
    void running.finally(() => (done = true));
    while (!done) {
      const p = await getImportProgress({ ctx, input: { id } }).catch(() => null);
      if (p) seen.add(p.phase);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await running).created).toHaveLength(1200);
    expect(await getImportProgress({ ctx, input: { id } })).toMatchObject({ phase: "done", done: 1200, total: 1200, startedBy: "admin@example.com" });
    expect([...seen].some((p) => p !== "done")).toBe(true);
    // An id is used once; a failed import says so; members cannot read it.
    await expect(importBackstage({ ctx, input: { yaml: many, progressId: id } })).rejects.toThrow(/already ran/);
    const failed = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
    await expect(importBackstage({ ctx, input: { yaml: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {title: nameless}\nspec: {type: service}", progressId: failed } })).rejects.toThrow();
    expect(await getImportProgress({ ctx, input: { id: failed } })).toMatchObject({ phase: "failed" });
    const member = await makeUser(db, "member-progress@example.com", "member");
    await expect(getImportProgress({ ctx: serviceContext(db, member), input: { id } })).rejects.toThrow();
  });
});

describe("after a large import", () => {
  it("vacuums and analyses the catalog tables in the background after a large import or dry run (whose rolled-back rows it clears), not after a small one", async () => {
    const { VACUUM_AFTER_ENTITIES } = await import("@/server/catalog/statistics");
    const ctx = serviceContext(db, admin);
    const vacuums = async () => Number((await db.execute<{ n: string }>(sql`select vacuum_count as n from pg_stat_user_tables where relname = 'entities'`))[0]!.n);
    const component = (i: number, prefix = "bulk") => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: ${prefix}-${i}}\nspec: {type: service, lifecycle: production, owner: commerce-team}`;
    const before = await vacuums();
    await importBackstage({ ctx, input: { yaml: Array.from({ length: 50 }, (_, i) => component(i)).join("\n---\n") } });
    // PostgreSQL's statistics counters are sent at the end of each statement; give them a moment.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await vacuums()).toBe(before);
    const large = Array.from({ length: VACUUM_AFTER_ENTITIES }, (_, i) => component(i, "large")).join("\n---\n");
    await importBackstage({ ctx, input: { yaml: large, dryRun: true } });
    await expect.poll(vacuums, { timeout: 20_000, interval: 250 }).toBeGreaterThan(before);
    const afterDryRun = await vacuums();
    const report = await importBackstage({ ctx, input: { yaml: large } });
    expect(report.created.length + report.updated.length).toBeGreaterThanOrEqual(VACUUM_AFTER_ENTITIES);
    await expect.poll(vacuums, { timeout: 20_000, interval: 250 }).toBeGreaterThan(afterDryRun);
  }, 120_000);
});
