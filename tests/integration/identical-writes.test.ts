import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, catalogVersions, entities, scorecardSnapshots } from "@/db/schema";
import { putAction } from "@/server/actions/service";
import { putBlueprint } from "@/server/catalog/blueprints";
import { patchEntity, upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { createTeam, updateTeam } from "@/server/identity/teams";
import { setUserRole } from "@/server/identity/users";
import { putScorecard } from "@/server/scorecards/service";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

// Issue 18 (5): an identical write is a no-op everywhere — reported unchanged, updatedAt kept, no audit event.
const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);
const events = async () => (await db.select({ n: count() }).from(auditEvents))[0]!.n;
const version = async (bp: string) => (await db.select().from(catalogVersions).where(eq(catalogVersions.blueprint, bp)))[0]?.version;

const blueprint = {
  identifier: "widget",
  title: "Widget",
  schema: { properties: { tier: { type: "string", enum: ["1", "2"] }, limits: { type: "object" }, tags: { type: "array", items: { type: "string" } } }, required: [] },
  relations: {},
};
const widget = { identifier: "w1", title: "W1", team: ["a", "b"], properties: { tier: "1", limits: { cpu: 2, memory: "1Gi" }, tags: ["x"] } };

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin", ["a", "b"]);
  await putBlueprint({ ctx: ctx(), input: blueprint });
  await upsertEntities({ ctx: ctx(), input: { blueprint: "widget", entities: [widget], mode: "upsert", bulk: false } });
});

describe("an identical write", () => {
  it("of an entity (keys and owners in another order) writes nothing, keeps updatedAt and the catalog version, and is reported unchanged", async () => {
    const [stored] = await db.select().from(entities).where(eq(entities.identifier, "w1"));
    const [e0, v0] = [await events(), await version("widget")];
    const same = { properties: { tags: ["x"], limits: { memory: "1Gi", cpu: 2 }, tier: "1" }, team: ["b", "a"], title: "W1", identifier: "w1" };
    const [written] = await upsertEntities({ ctx: ctx(), input: { blueprint: "widget", entities: [same], mode: "upsert", bulk: true } });
    expect(written).toMatchObject({ created: false, unchanged: true });
    expect(written!.entity.updatedAt).toEqual(stored!.updatedAt);
    const patched = await patchEntity({ ctx: ctx(), input: { blueprint: "widget", identifier: "w1", patch: { properties: { tier: "1" } } } });
    expect(patched.updatedAt).toEqual(stored!.updatedAt);
    expect([await events(), await version("widget")]).toEqual([e0, v0]);
    const [after] = await db.select().from(entities).where(eq(entities.identifier, "w1"));
    expect(after).toEqual(stored);
  });

  it("is told apart from a real change in the same batch", async () => {
    await upsertEntities({ ctx: ctx(), input: { blueprint: "widget", entities: [{ identifier: "w2", team: ["a"], properties: { tier: "2" } }], mode: "upsert", bulk: false } });
    const e0 = await events();
    const result = await upsertEntities({
      ctx: ctx(),
      input: { blueprint: "widget", mode: "upsert", bulk: true, entities: [widget, { identifier: "w2", team: ["a"], properties: { tier: "1" } }, { identifier: "w3", team: ["a"], properties: {} }] },
    });
    expect(result.map((r) => [r.entity.identifier, r.created, r.unchanged])).toEqual([
      ["w1", false, true],
      ["w2", false, false],
      ["w3", true, false],
    ]);
    expect(await events()).toBe(e0 + 2);
  });

  it("over an entity flagged invalid is a change: the write clears the flag", async () => {
    await db.update(entities).set({ validationErrors: [{ path: "/properties/tier", message: "was invalid" }] }).where(eq(entities.identifier, "w1"));
    const [written] = await upsertEntities({ ctx: ctx(), input: { blueprint: "widget", entities: [widget], mode: "upsert", bulk: false } });
    expect(written!.unchanged).toBe(false);
    const [after] = await db.select().from(entities).where(eq(entities.identifier, "w1"));
    expect(after!.validationErrors).toBeNull();
  });

  it("of a blueprint, a scorecard, an action, a team or a role writes and audits nothing", async () => {
    const scorecard = { identifier: "tiered", title: "Tiered", levels: [{ title: "Basic", color: "gray" }, { title: "Gold", color: "#d4af37" }], rules: [{ identifier: "tier", title: "Has a tier", level: "Gold", query: { combinator: "and", rules: [{ property: "tier", operator: "isNotEmpty" }] } }] };
    const action = { identifier: "poke", title: "Poke", blueprint: "widget", operation: "DAY-2", userInputs: { properties: {}, required: [] }, invocation: { type: "webhook", url: "https://hooks.example.com/poke" } };
    const first = {
      blueprint: await putBlueprint({ ctx: ctx(), input: { ...blueprint, title: "Widgets" } }),
      scorecard: await putScorecard({ ctx: ctx(), input: { blueprint: "widget", scorecard } }),
      action: await putAction({ ctx: ctx(), input: action }),
      team: await createTeam({ ctx: ctx(), input: { id: "c", title: "C" } }),
    };
    await updateTeam({ ctx: ctx(), input: { id: "c", title: "Team C", idpGroup: "grp-c" } });
    const member = await makeUser(db, "member@example.com", "member");
    await setUserRole({ ctx: ctx(), input: { userId: member.id, role: "member" } });
    const e0 = await events();
    const snapshots = (await db.select({ n: count() }).from(scorecardSnapshots))[0]!.n;
    const v0 = await version("widget");

    const again = {
      blueprint: await putBlueprint({ ctx: ctx(), input: { ...blueprint, title: "Widgets" } }),
      scorecard: await putScorecard({ ctx: ctx(), input: { blueprint: "widget", scorecard: JSON.parse(JSON.stringify(scorecard)) } }),
      action: await putAction({ ctx: ctx(), input: { ...action } }),
    };
    await updateTeam({ ctx: ctx(), input: { id: "c", title: "Team C", idpGroup: "grp-c" } });
    await setUserRole({ ctx: ctx(), input: { userId: member.id, role: "member" } });

    expect(again.blueprint).toMatchObject({ created: false, unchanged: true });
    expect(again.blueprint.blueprint.updatedAt).toEqual(first.blueprint.blueprint.updatedAt);
    expect(again.scorecard).toMatchObject({ created: false, unchanged: true });
    expect(again.scorecard.scorecard.updatedAt).toEqual(first.scorecard.scorecard.updatedAt);
    expect(again.action).toMatchObject({ created: false, unchanged: true });
    expect(again.action.action.updatedAt).toEqual(first.action.action.updatedAt);
    expect(await events()).toBe(e0);
    expect((await db.select({ n: count() }).from(scorecardSnapshots))[0]!.n).toBe(snapshots);
    expect(await version("widget")).toBe(v0);

    // And a change of any of them is still written and audited.
    await putBlueprint({ ctx: ctx(), input: { ...blueprint, title: "Widgets!" } });
    await putScorecard({ ctx: ctx(), input: { blueprint: "widget", scorecard: { ...scorecard, title: "Tiered!" } } });
    await putAction({ ctx: ctx(), input: { ...action, title: "Poke!" } });
    await updateTeam({ ctx: ctx(), input: { id: "c", title: "Team C!" } });
    await setUserRole({ ctx: ctx(), input: { userId: member.id, role: "admin" } });
    expect(await events()).toBe(e0 + 5);
    expect(first.team.id).toBe("c");
    expect((await db.execute(sql`select count(*)::int as n from audit_events where action = 'blueprint.update'`))[0]).toEqual({ n: 2 });
  });
});
