import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaigns, notifications } from "@/db/schema";
import { putAction } from "@/server/actions/service";
import { notifyCampaigns } from "@/server/campaigns/notify";
import { campaignProgress, deleteCampaign, listCampaigns, putCampaign } from "@/server/campaigns/service";
import { putBlueprint } from "@/server/catalog/blueprints";
import { patchEntity, upsertEntities } from "@/server/catalog/entities";
import type { Query } from "@/server/catalog/query";
import type { UserActor } from "@/server/context";
import { deleteScorecard, putScorecard, takeSnapshot } from "@/server/scorecards/service";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

const { db } = await createTestDatabase();
let admin: UserActor;
let red: UserActor;
let blue: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);

const DAY = 86_400_000;
const has = (property: string): Query => ({ combinator: "and", rules: [{ property, operator: "isNotEmpty" }] });
const now = Date.now();
// Started ten days ago, due in thirty: a quarter of the time has gone.
const silver = {
  identifier: "silver-by-spring",
  title: "Silver by spring",
  description: "Every service **on call**: see the runbook.",
  blueprint: "service",
  scorecard: "readiness",
  goal: { level: "Silver" },
  startsAt: new Date(now - 10 * DAY).toISOString(),
  dueAt: new Date(now + 30 * DAY).toISOString(),
};

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  red = await makeUser(db, "red@example.com", "member", ["red"]);
  blue = await makeUser(db, "blue@example.com", "member", ["blue"]);
  await putBlueprint({
    ctx: as(admin),
    input: { identifier: "service", title: "Service", schema: { properties: { repository: { type: "string" }, onCall: { type: "string" }, tier: { type: "number" } }, required: [] } },
  });
  await putScorecard({
    ctx: as(admin),
    input: {
      blueprint: "service",
      scorecard: {
        identifier: "readiness",
        title: "Readiness",
        levels: [
          { title: "Basic", color: "gray" },
          { title: "Bronze", color: "#b08d57" },
          { title: "Silver", color: "#a8a9ad" },
        ],
        rules: [
          { identifier: "repo", title: "Has a repository", level: "Bronze", query: has("repository") },
          { identifier: "oncall", title: "Has an on-call rota", level: "Silver", query: has("onCall") },
        ],
      },
    },
  });
  await upsertEntities({
    ctx: as(admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "red-1", team: ["red"], properties: { repository: "r", onCall: "pager", tier: 1 } },
        { identifier: "red-2", team: ["red"], properties: { repository: "r", tier: 1 } },
        { identifier: "blue-1", team: ["blue"], properties: { tier: 1 } },
        { identifier: "blue-2", team: ["blue"], properties: { repository: "r", tier: 2 } },
      ],
    },
  });
  await putAction({
    ctx: as(admin),
    input: {
      identifier: "add-oncall",
      title: "Add an on-call rota",
      blueprint: "service",
      operation: "DAY-2",
      userInputs: { properties: {}, required: [] },
      invocation: { type: "upsert-entity", blueprint: "service", mapping: { identifier: "{{ entity.identifier }}", properties: { onCall: "pager" } } },
    },
  });
});

describe("campaigns", () => {
  it("an admin starts one: progress per team with its standing, open entities with their next steps and the action that fixes them; audited", async () => {
    const saved = await putCampaign({ ctx: as(admin), input: { campaign: { ...silver, fixAction: "add-oncall" } } });
    expect(saved.created).toBe(true);
    const p = await campaignProgress({ ctx: as(red), input: { identifier: silver.identifier } });
    expect({ total: p.total, done: p.done }).toEqual({ total: 4, done: 1 });
    expect(p.teams).toEqual([
      { team: "blue", title: "blue", total: 2, done: 0, status: "at-risk" },
      { team: "red", title: "red", total: 2, done: 1, status: "on-track" },
    ]);
    expect(p.open.map((o) => [o.identifier, o.nextSteps.map((s) => s.title)])).toEqual([
      ["blue-1", ["Has a repository", "Has an on-call rota"]],
      ["blue-2", ["Has an on-call rota"]],
      ["red-2", ["Has an on-call rota"]],
    ]);
    expect(p.campaign.fixAction).toBe("add-oncall");
    expect(p.burndown.at(-1)).toMatchObject({ remaining: 3 });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "campaign.create"), eq(auditEvents.resourceId, silver.identifier)));
    expect(event?.actorLabel).toBe("admin@example.com");
  });

  it("moves as entities change, and one team's view lists only its open entities", async () => {
    await patchEntity({ ctx: as(admin), input: { blueprint: "service", identifier: "blue-2", patch: { properties: { onCall: "pager" } } } });
    const p = await campaignProgress({ ctx: as(blue), input: { identifier: silver.identifier, team: "blue" } });
    expect({ total: p.total, done: p.done }).toEqual({ total: 4, done: 2 });
    expect(p.teams.find((t) => t.team === "blue")).toMatchObject({ done: 1, total: 2 });
    expect(p.open.map((o) => o.identifier)).toEqual(["blue-1"]);
  });

  it("a scope and a rules goal: only the entities the Query selects, done when the named rules pass", async () => {
    await putCampaign({
      ctx: as(admin),
      input: { campaign: { ...silver, identifier: "tier-1-repos", title: "Tier 1 has repositories", goal: { rules: ["repo"] }, scope: { combinator: "and", rules: [{ property: "tier", operator: "=", value: 1 }] } } },
    });
    const p = await campaignProgress({ ctx: as(admin), input: { identifier: "tier-1-repos" } });
    expect({ total: p.total, done: p.done }).toEqual({ total: 3, done: 2 });
    expect(p.open).toEqual([expect.objectContaining({ identifier: "blue-1", nextSteps: [expect.objectContaining({ rule: "repo" })] })]);
    // No snapshots of rules: the burn-down of a rules goal is now only.
    expect(p.burndown).toHaveLength(1);
  });

  it("is listed per team and per entity with the progress of those", async () => {
    const all = await listCampaigns({ ctx: as(admin), input: {} });
    expect(all.map((c) => c.identifier).sort()).toEqual(["silver-by-spring", "tier-1-repos"]);
    const forRed = await listCampaigns({ ctx: as(red), input: { team: "red" } });
    expect(forRed.map((c) => [c.identifier, c.done, c.total])).toEqual(
      expect.arrayContaining([
        ["silver-by-spring", 1, 2],
        ["tier-1-repos", 2, 2],
      ]),
    );
    const forBlue2 = await listCampaigns({ ctx: as(red), input: { entity: { blueprint: "service", identifier: "blue-2" } } });
    expect(forBlue2.map((c) => c.identifier)).toEqual(["silver-by-spring"]);
  });

  it("refuses what does not fit, each problem at its place, and writes nothing", async () => {
    const before = await db.select().from(campaigns);
    const attempt = (campaign: object) => putCampaign({ ctx: as(admin), input: { campaign: { ...silver, identifier: "bad", ...campaign } } });
    await expect(attempt({ goal: { level: "Platinum" } })).rejects.toMatchObject({ details: [{ path: "/goal/level", message: "must be a level of Readiness: Basic, Bronze, Silver" }] });
    await expect(attempt({ goal: { rules: ["nope"] } })).rejects.toMatchObject({ details: [{ path: "/goal/rules/0", message: "nope is not a rule of Readiness" }] });
    await expect(attempt({ dueAt: silver.startsAt })).rejects.toMatchObject({ details: [{ path: "/dueAt", message: "must come after the start" }] });
    await expect(attempt({ scope: has("nothing") })).rejects.toMatchObject({ details: [{ path: "/scope/rules/0/property", message: "nothing is not a property of service" }] });
    await expect(attempt({ team: "green", fixAction: "missing" })).rejects.toMatchObject({
      details: [
        { path: "/team", message: "team green does not exist" },
        { path: "/fixAction", message: "action missing does not exist" },
      ],
    });
    expect(await db.select().from(campaigns)).toEqual(before);
  });

  it("a team's members run their own team's campaign, not another team's nor one across teams; an identical write changes nothing", async () => {
    const own = { ...silver, identifier: "red-oncall", title: "Red on call", team: "red" };
    await expect(putCampaign({ ctx: as(red), input: { campaign: { ...own, team: undefined } } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(putCampaign({ ctx: as(red), input: { campaign: { ...own, team: "blue" } } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await putCampaign({ ctx: as(red), input: { campaign: own } })).created).toBe(true);
    const p = await campaignProgress({ ctx: as(red), input: { identifier: own.identifier } });
    expect(p.teams.map((t) => t.team)).toEqual(["red"]);
    await expect(putCampaign({ ctx: as(blue), input: { campaign: { ...own, title: "Taken over", team: "blue" } } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteCampaign({ ctx: as(blue), input: { identifier: own.identifier } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const events = async () => (await db.select().from(auditEvents).where(eq(auditEvents.resourceId, own.identifier))).length;
    const count = await events();
    expect((await putCampaign({ ctx: as(red), input: { campaign: own } })).unchanged).toBe(true);
    expect(await events()).toBe(count);
    await deleteCampaign({ ctx: as(red), input: { identifier: own.identifier } });
    expect(await events()).toBe(count + 1);
  });

  it("the burn-down reads the scorecard's snapshots since the start", async () => {
    await takeSnapshot(db);
    const p = await campaignProgress({ ctx: as(admin), input: { identifier: silver.identifier } });
    expect(p.burndown.length).toBeGreaterThanOrEqual(2);
    expect(p.burndown.at(-2)).toMatchObject({ remaining: 2 });
  });

  it("tells the owners of open entities when it starts, a week before and when overdue, each once; a team that finished hears nothing", async () => {
    const mine = async (user: UserActor) => (await db.select().from(notifications).where(eq(notifications.userId, user.id))).map((n) => n.kind);
    const started = await notifyCampaigns(db, new Date(now));
    expect(started.filter((s) => s.campaign === silver.identifier).map((s) => s.notification)).toEqual(["started", "started"]);
    expect(await notifyCampaigns(db, new Date(now))).toEqual([]);
    // Red finishes: only blue hears the next ones.
    await patchEntity({ ctx: as(admin), input: { blueprint: "service", identifier: "red-2", patch: { properties: { onCall: "pager" } } } });
    const week = await notifyCampaigns(db, new Date(now + 25 * DAY));
    expect(week.filter((s) => s.campaign === silver.identifier)).toEqual([{ campaign: silver.identifier, notification: "weekBefore", users: 1 }]);
    const overdue = await notifyCampaigns(db, new Date(now + 31 * DAY));
    expect(overdue.filter((s) => s.campaign === silver.identifier)).toEqual([{ campaign: silver.identifier, notification: "overdue", users: 1 }]);
    expect(await mine(blue)).toEqual(expect.arrayContaining(["campaign.started", "campaign.weekBefore", "campaign.overdue"]));
    expect((await mine(red)).filter((k) => k.startsWith("campaign."))).not.toContain("campaign.weekBefore");
  });

  it("ends with its scorecard, and the audit log says so", async () => {
    await putScorecard({ ctx: as(admin), input: { blueprint: "service", scorecard: { identifier: "short-lived", title: "Short-lived", levels: [{ title: "Basic", color: "gray" }, { title: "Done", color: "green" }], rules: [{ identifier: "tier", title: "Has a tier", level: "Done", query: has("tier") }] } } });
    await putCampaign({ ctx: as(admin), input: { campaign: { ...silver, identifier: "goes-with-it", scorecard: "short-lived", goal: { level: "Done" } } } });
    await deleteScorecard({ ctx: as(admin), input: { blueprint: "service", identifier: "short-lived" } });
    expect(await db.select().from(campaigns).where(eq(campaigns.identifier, "goes-with-it"))).toEqual([]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "campaign.delete"), eq(auditEvents.resourceId, "goes-with-it")));
    expect(event?.requestId).toBeTruthy();
  });
});
