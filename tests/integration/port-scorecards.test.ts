import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { scorecardResults, scorecards, teams } from "@/db/schema";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import { searchEntities } from "@/server/catalog/search";
import type { UserActor } from "@/server/context";
import { importPortScorecards } from "@/server/port/scorecards";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

/** Port's scorecards file as its integrations publish it: conditions, $team, default levels, a $blueprint filter. */
const file = JSON.parse(fs.readFileSync("tests/fixtures/port/scorecards.json", "utf8")) as unknown;
const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  await db.insert(teams).values({ id: "payments", title: "Payments" });
  await putBlueprint({
    ctx: ctx(),
    input: {
      identifier: "service",
      title: "Service",
      schema: { properties: { slackChannel: { type: "string" }, lifecycle: { type: "string" }, readme: { type: "string", format: "markdown" }, language: { type: "string" } }, required: [] },
    },
  });
  await upsertEntities({
    ctx: ctx(),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "owned", team: ["payments"], properties: { slackChannel: "#pay", lifecycle: "Production", readme: "# hi", language: "Go" } },
        { identifier: "orphan", properties: { lifecycle: "Production", language: "Java" } },
        { identifier: "experiment", team: ["payments"], properties: { lifecycle: "Experimental" } },
      ],
    },
  });
});

describe("Port's scorecards file", () => {
  it("is saved as written and scores the entities", async () => {
    expect(await importPortScorecards({ ctx: ctx(), input: file })).toEqual({ created: ["service/Ownership", "service/ProductionReadiness"], updated: [], unchanged: [] });
    const [ownership] = await db.select().from(scorecards).where(eq(scorecards.identifier, "Ownership"));
    // Port's default levels; `conditions` and `$team` in Portico's spelling.
    expect(ownership!.levels.map((l) => l.title)).toEqual(["Basic", "Bronze", "Silver", "Gold"]);
    expect(ownership!.rules[1]!.query).toEqual({ combinator: "and", rules: [{ meta: "$team", operator: "isNotEmpty" }] });
    const [readiness] = await db.select().from(scorecards).where(eq(scorecards.identifier, "ProductionReadiness"));
    expect(readiness!.filter).toEqual({ combinator: "and", rules: [{ property: "lifecycle", operator: "=", value: "Production" }] });

    const level = async (scorecard: string, entity: string) =>
      (await db.select().from(scorecardResults).where(and(eq(scorecardResults.scorecard, scorecard), eq(scorecardResults.entity, entity))))[0]?.level;
    expect(await level("Ownership", "owned")).toBe(3); // every rule passes, and Gold has none
    expect(await level("Ownership", "orphan")).toBe(0);
    expect(await level("ProductionReadiness", "owned")).toBe(2); // Gold
    expect(await level("ProductionReadiness", "orphan")).toBe(0);
    expect(await level("ProductionReadiness", "experiment")).toBeUndefined(); // filtered out

    expect(await importPortScorecards({ ctx: ctx(), input: file })).toEqual({ created: [], updated: [], unchanged: ["service/Ownership", "service/ProductionReadiness"] });
    // Port's API answer ({ok, scorecards}, each with who and when, which a write ignores) is the same file.
    const stamps = { createdBy: "auth0|5f1b", updatedBy: "auth0|5f1b", createdAt: "2025-03-02T10:11:12.000Z", updatedAt: "2025-06-01T08:00:00.000Z" };
    const answer = { ok: true, scorecards: (file as { blueprint: string; data: object[] }[]).flatMap((f) => f.data.map((sc) => ({ ...sc, blueprint: f.blueprint, ...stamps }))) };
    expect(await importPortScorecards({ ctx: ctx(), input: answer })).toEqual({ created: [], updated: [], unchanged: ["service/Ownership", "service/ProductionReadiness"] });
  });

  it("refuses the whole file with every problem at its place, saving nothing", async () => {
    const bad = [
      { blueprint: "service", data: [{ identifier: "A", title: "A", rules: [{ identifier: "r", title: "R", level: "Platinum", query: { combinator: "and", conditions: [] } }] }] },
      { blueprint: "nope", data: [{ identifier: "B", title: "B", rules: [] }] },
      { blueprint: "service", data: [{ identifier: "C", title: "C", filter: { combinator: "and", conditions: [{ property: "$blueprint", operator: "=", value: "api" }] }, rules: [] }] },
    ];
    await expect(importPortScorecards({ ctx: ctx(), input: bad })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [
        { path: "/0/data/0/rules/0/level", message: "must be one of the levels: Basic, Bronze, Silver, Gold" },
        { path: "/1/data/0", message: "Blueprint nope was not found" },
        { path: "/2/data/0/filter/rules/0/property", message: expect.stringContaining("Port's $blueprint has no place here") },
      ],
    });
    expect((await db.select().from(scorecards)).map((s) => s.identifier).sort()).toEqual(["Ownership", "ProductionReadiness"]);
  });

  it("Port's spelling works in catalog searches too", async () => {
    const found = await searchEntities({ ctx: ctx(), input: { blueprint: "service", query: { combinator: "and", conditions: [{ property: "$team", operator: "isEmpty" }] } as never } });
    expect(found.items.map((e) => e.identifier)).toEqual(["orphan"]);
  });
});
