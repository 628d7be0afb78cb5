import { beforeAll, describe, expect, it } from "vitest";
import { putBlueprint } from "@/server/catalog/blueprints";
import { upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { createTeam, getTeam, updateTeam } from "@/server/identity/teams";
import { putScorecard, teamScorecards } from "@/server/scorecards/service";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  for (const id of ["org", "platform", "infra"]) await createTeam({ ctx: ctx(), input: { id, title: id } });
});

describe("the team tree (Backstage's Group parent/children, or set by an admin)", () => {
  it("an admin sets a parent; ownership rolls up to every team above", async () => {
    await updateTeam({ ctx: ctx(), input: { id: "platform", parentId: "org" } });
    await createTeam({ ctx: ctx(), input: { id: "sre", title: "SRE", parentId: "platform" } });
    expect((await getTeam({ ctx: ctx(), input: { id: "org" } })).subtree).toEqual(["org", "platform", "sre"]);
    expect((await getTeam({ ctx: ctx(), input: { id: "sre" } })).parent).toEqual({ id: "platform", title: "platform" });

    await putBlueprint({ ctx: ctx(), input: { identifier: "service", title: "Service", schema: { properties: { docs: { type: "string" } }, required: [] } } });
    await upsertEntities({ ctx: ctx(), input: { blueprint: "service", mode: "upsert", bulk: true, entities: [{ identifier: "pager", team: ["sre"], properties: {} }, { identifier: "ci", team: ["infra"], properties: {} }] } });
    await putScorecard({ ctx: ctx(), input: { blueprint: "service", scorecard: { identifier: "docs", title: "Docs", rules: [{ identifier: "has", title: "Has docs", level: "Bronze", query: { combinator: "and", rules: [{ property: "docs", operator: "isNotEmpty" }] } }] } } });
    const onOrg = await teamScorecards({ ctx: ctx(), input: { team: "org" } });
    expect(onOrg.map((s) => [s.identifier, s.total, s.entities.map((e) => e.identifier)])).toEqual([["docs", 1, ["pager"]]]);
  });

  it("refuses a parent that does not exist, the team itself, or one below it", async () => {
    await expect(updateTeam({ ctx: ctx(), input: { id: "org", parentId: "nope" } })).rejects.toMatchObject({ details: [{ path: "/parentId", message: "team nope does not exist" }] });
    await expect(updateTeam({ ctx: ctx(), input: { id: "org", parentId: "org" } })).rejects.toMatchObject({ details: [{ path: "/parentId", message: expect.stringContaining("is this team") }] });
    await expect(updateTeam({ ctx: ctx(), input: { id: "org", parentId: "sre" } })).rejects.toMatchObject({ details: [{ path: "/parentId", message: expect.stringContaining("below this team") }] });
    // Clearing it is fine.
    await updateTeam({ ctx: ctx(), input: { id: "platform", parentId: null } });
    expect((await getTeam({ ctx: ctx(), input: { id: "org" } })).subtree).toEqual(["org"]);
  });
});
