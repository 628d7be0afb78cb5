import { beforeAll, describe, expect, it } from "vitest";
import { blueprints, teams } from "@/db/schema";
import { upsertEntities } from "@/server/catalog/entities";
import { entityGraph } from "@/server/catalog/graph";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();
let ctx: ReturnType<typeof serviceContext>;

// checkout → payments → ledger → postgres (a resource); web and mobile depend on checkout; payments is in the shop system.
beforeAll(async () => {
  ctx = serviceContext(db, await makeUser(db, "admin@example.com", "admin"));
  await db.insert(teams).values([
    { id: "finance", title: "Finance" },
    { id: "payments", title: "Payments" },
  ]);
  await db.insert(blueprints).values([
    { identifier: "system", title: "System", createdBy: "test", updatedBy: "test" },
    { identifier: "resource", title: "Resource", createdBy: "test", updatedBy: "test" },
    {
      identifier: "service",
      title: "Service",
      relations: { dependsOn: { target: "service", many: true, required: false }, system: { target: "system", many: false, required: false }, uses: { target: "resource", many: true, required: false } },
      createdBy: "test",
      updatedBy: "test",
    },
  ]);
  await upsertEntities({ ctx, input: { blueprint: "system", entities: [{ identifier: "shop" }], mode: "create", bulk: true } });
  await upsertEntities({ ctx, input: { blueprint: "resource", entities: [{ identifier: "postgres" }], mode: "create", bulk: true } });
  await upsertEntities({
    ctx,
    input: {
      blueprint: "service",
      mode: "create",
      bulk: true,
      entities: [
        { identifier: "ledger", team: ["finance"], relations: { uses: ["postgres"] } },
        { identifier: "payments", team: ["payments"], relations: { dependsOn: ["ledger"], system: "shop" } },
        { identifier: "checkout", relations: { dependsOn: ["payments"] } },
        { identifier: "web", relations: { dependsOn: ["checkout"] } },
        { identifier: "mobile", relations: { dependsOn: ["checkout"] } },
      ],
    },
  });
});

const ids = (graph: Awaited<ReturnType<typeof entityGraph>>) => graph.nodes.map((n) => `${n.identifier}@${n.depth}`).sort();

describe("an entity's graph", () => {
  it("follows relations hop by hop to what it depends on, across blueprints", async () => {
    const one = await entityGraph({ ctx, input: { blueprint: "service", identifier: "checkout", depth: 1, direction: "dependencies" } });
    expect(ids(one)).toEqual(["checkout@0", "payments@1"]);
    const three = await entityGraph({ ctx, input: { blueprint: "service", identifier: "checkout", depth: 3, direction: "dependencies" } });
    expect(ids(three)).toEqual(["checkout@0", "ledger@2", "payments@1", "postgres@3", "shop@2"]);
    expect(three.edges).toContainEqual({ from: "service/ledger", to: "resource/postgres", relation: "uses" });
    expect(three.nodes.find((n) => n.identifier === "payments")).toMatchObject({ blueprint: "service", team: ["payments"] });
  });

  it("finds the blast radius: what depends on it, directly and through others", async () => {
    const radius = await entityGraph({ ctx, input: { blueprint: "resource", identifier: "postgres", depth: 5, direction: "dependents" } });
    expect(ids(radius)).toEqual(["checkout@3", "ledger@1", "mobile@4", "payments@2", "postgres@0", "web@4"]);
    expect(radius.edges).toContainEqual({ from: "service/web", to: "service/checkout", relation: "dependsOn" });
    const both = await entityGraph({ ctx, input: { blueprint: "service", identifier: "checkout", depth: 1 } });
    expect(ids(both)).toEqual(["checkout@0", "mobile@1", "payments@1", "web@1"]);
    expect(both).toMatchObject({ direction: "both", depth: 1, truncated: false, root: "service/checkout" });
  });

  it("refuses a depth beyond five and answers 404 for an unknown entity", async () => {
    await expect(entityGraph({ ctx, input: { blueprint: "service", identifier: "checkout", depth: 6 } })).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "/depth" }] });
    await expect(entityGraph({ ctx, input: { blueprint: "service", identifier: "nope" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
