import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaigns, entities, runApprovals, runs } from "@/db/schema";
import { cancelRun, createRun, decideRun } from "@/server/actions/runs";
import { putBlueprint } from "@/server/catalog/blueprints";
import { putCampaign } from "@/server/campaigns/service";
import { patchEntity, upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { toDomainError } from "@/server/errors";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";
import { buildWorld, type World } from "../support/world";

// Issue 16, item 1: concurrent writers of one thing lose nothing, double nothing and never fail with
// an internal error. Every call here starts at once against a real PostgreSQL; the pool has room for
// several transactions at a time, so they really interleave.
process.env.PORTICO_ENCRYPTION_KEY = "concurrency-encryption-key-0123456789";
const { db, url } = await createTestDatabase({ max: 12 });
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;

let world: World;
let approver: UserActor;
beforeAll(async () => {
  world = await buildWorld(db);
  approver = await makeUser(db, "second-approver@example.com", "member", ["platform"]);
  const notes = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`note${i}`, { type: "string" }]));
  await putBlueprint({ ctx: as(world.admin), input: { identifier: "wide", title: "Wide", schema: { properties: { ...notes, language: { type: "string" } }, required: [] } } });
  await upsertEntities({ ctx: as(world.admin), input: { blueprint: "wide", entities: [{ identifier: "one", team: ["payments"], properties: { language: "go" } }], mode: "create", bulk: false } });
});

const as = (actor: UserActor) => serviceContext(db, actor);

/** Each outcome as OK or the domain error's code; anything else (an internal error) is rethrown. */
async function outcomes<T>(calls: Promise<T>[]): Promise<{ ok: T[]; codes: string[] }> {
  const settled = await Promise.allSettled(calls);
  const ok: T[] = [];
  const codes: string[] = [];
  for (const s of settled) {
    if (s.status === "fulfilled") {
      ok.push(s.value);
      codes.push("OK");
    } else {
      const domain = toDomainError(s.reason);
      if (!domain) throw s.reason;
      codes.push(domain.code);
    }
  }
  return { ok, codes };
}

const auditCount = async (action: string, resourceId: string) =>
  (await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.resourceId, resourceId))))[0]!.n;

describe("concurrent writers", () => {
  it("50 concurrent PATCHes of one entity, each changing its own property: all 50 changes are kept, each audited once", async () => {
    const before = await auditCount("entity.update", "wide/one");
    const { codes } = await outcomes(
      Array.from({ length: 50 }, (_, i) =>
        patchEntity({ ctx: as(world.owner), input: { blueprint: "wide", identifier: "one", patch: { properties: { [`note${i}`]: `n${i}` } } } }),
      ),
    );
    expect(codes).toEqual(Array(50).fill("OK"));
    const [row] = await db.select().from(entities).where(and(eq(entities.blueprint, "wide"), eq(entities.identifier, "one")));
    for (let i = 0; i < 50; i++) expect(row!.properties[`note${i}`], `note${i}`).toBe(`n${i}`);
    // What was there before the patches is kept too.
    expect(row!.properties.language).toBe("go");
    expect((await auditCount("entity.update", "wide/one")) - before).toBe(50);
  });

  it("concurrent PATCHes of one title: another team's member is refused every time; an admin's all apply, one after the other", async () => {
    const { codes, ok } = await outcomes(
      Array.from({ length: 20 }, (_, i) => patchEntity({ ctx: as(world.owner), input: { blueprint: "service", identifier: "search-api", patch: { title: `Title ${i}` } } })),
    );
    // The owner of payments-api is not an owner of search-api: every one is refused alike, and nothing is written.
    expect(new Set(codes)).toEqual(new Set(["FORBIDDEN"]));
    expect(ok).toEqual([]);
    const admin = await outcomes(Array.from({ length: 20 }, (_, i) => patchEntity({ ctx: as(world.admin), input: { blueprint: "service", identifier: "search-api", patch: { title: `Title ${i}` } } })));
    expect(admin.codes).toEqual(Array(20).fill("OK"));
    const [row] = await db.select().from(entities).where(and(eq(entities.blueprint, "service"), eq(entities.identifier, "search-api")));
    expect(admin.ok.map((e) => e.title)).toContain(row!.title);
  });

  it("overlapping bulk upserts of new entities: every entity exists once, created once, and the writes all succeed", async () => {
    // Ten writers, each 40 entities, each overlapping its neighbour by 20, in different orders.
    const batch = (k: number) => {
      const list = Array.from({ length: 40 }, (_, i) => ({ identifier: `bulk-${String(k * 20 + i).padStart(3, "0")}`, team: ["payments"], properties: { language: `w${k}` } }));
      return k % 2 ? list.reverse() : list;
    };
    const { codes } = await outcomes(Array.from({ length: 10 }, (_, k) => upsertEntities({ ctx: as(world.owner), input: { blueprint: "service", entities: batch(k), mode: "upsert", bulk: true } })));
    expect(codes).toEqual(Array(10).fill("OK"));
    const rows = await db.select({ identifier: entities.identifier }).from(entities).where(and(eq(entities.blueprint, "service"), like(entities.identifier, "bulk-%")));
    expect(rows.length).toBe(9 * 20 + 40);
    const created = await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "entity.create"), like(auditEvents.resourceId, "service/bulk-%")));
    expect(created[0]!.n).toBe(rows.length);
  });

  it("a bulk upsert racing with the creation of an entity another team owns does not take it over", async () => {
    const results = await outcomes([
      upsertEntities({ ctx: as(world.outsider), input: { blueprint: "service", entities: [{ identifier: "contested", team: ["search"], properties: { language: "search" } }], mode: "upsert", bulk: true } }),
      upsertEntities({ ctx: as(world.owner), input: { blueprint: "service", entities: [{ identifier: "contested", team: ["payments"], properties: { language: "payments" } }], mode: "upsert", bulk: true } }),
    ]);
    // One creates it; the other either finds it and is refused (another team's entity), or went first.
    expect(results.codes.sort()).toEqual(["FORBIDDEN", "OK"]);
    const [row] = await db.select().from(entities).where(and(eq(entities.blueprint, "service"), eq(entities.identifier, "contested")));
    expect(row!.properties.language).toBe(row!.team[0]);
  });

  it("20 concurrent run requests with one Idempotency-Key create one run, and all answer with it", async () => {
    const body = { entity: "payments-api", inputs: { message: "once" }, idempotencyKey: "deploy-42" };
    const { codes, ok } = await outcomes(Array.from({ length: 20 }, () => createRun({ ctx: as(world.owner), input: { action: "notify", body } })));
    expect(codes).toEqual(Array(20).fill("OK"));
    const ids = new Set(ok.map((r) => r.run.id));
    expect(ids.size).toBe(1);
    expect(ok.filter((r) => r.created).length).toBe(1);
    const [stored] = await db.select({ n: count() }).from(runs).where(eq(runs.idempotencyKey, "deploy-42"));
    expect(stored!.n).toBe(1);
    expect(await auditCount("run.create", [...ids][0]!)).toBe(1);
  });

  it("concurrent approvals, declines and cancellations of one waiting run: one decision, one final status", async () => {
    const { run } = await createRun({ ctx: as(world.owner), input: { action: "guarded", body: { entity: "payments-api", inputs: { message: "race" } } } });
    const { codes } = await outcomes([
      ...Array.from({ length: 5 }, () => decideRun({ ctx: as(world.admin), input: { id: run.id, decision: "APPROVED" } })),
      ...Array.from({ length: 5 }, () => decideRun({ ctx: as(approver), input: { id: run.id, decision: "DECLINED" } })),
      ...Array.from({ length: 5 }, () => cancelRun({ ctx: as(world.owner), input: { id: run.id } })),
    ]);
    expect(codes.filter((c) => c === "OK").length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === "OK" || c === "CONFLICT")).toBe(true);
    const decisions = await db.select().from(runApprovals).where(eq(runApprovals.runId, run.id));
    expect(decisions.length).toBeLessThanOrEqual(1);
    const [final] = await db.select().from(runs).where(eq(runs.id, run.id));
    // An approval queues it, and a cancellation may then end it; a decline or a cancellation ends it.
    expect(["QUEUED", "DECLINED", "CANCELLED"]).toContain(final!.status);
    const finals = (await db.select().from(auditEvents).where(eq(auditEvents.resourceId, run.id))).filter((e) => ["run.decline", "run.cancel"].includes(e.action));
    expect(finals.length).toBeLessThanOrEqual(1);
    // A decision and a cancellation together: only an approval may precede the cancellation.
    if (decisions[0]?.decision === "DECLINED") expect(final!.status).toBe("DECLINED");
  });

  it("concurrent starts and changes of one campaign: one campaign, every change audited in a chain, no internal error", async () => {
    const campaign = (title: string) => ({
      identifier: "race-campaign",
      title,
      blueprint: "service",
      scorecard: "readiness",
      goal: { level: "Gold" },
      startsAt: "2026-01-01T00:00:00.000Z",
      dueAt: "2030-12-31T00:00:00.000Z",
    });
    // Eight admins start the same campaign at once: it is created once; the others change it or are told it exists.
    const starts = await outcomes(Array.from({ length: 8 }, (_, i) => putCampaign({ ctx: as(world.admin), input: { campaign: campaign(`Start ${i}`) } })));
    expect(starts.codes.every((c) => c === "OK" || c === "CONFLICT")).toBe(true);
    expect(starts.ok.filter((r) => r.created)).toHaveLength(1);
    expect(await db.select({ n: count() }).from(campaigns).where(eq(campaigns.identifier, "race-campaign"))).toEqual([{ n: 1 }]);
    expect(await auditCount("campaign.create", "race-campaign")).toBe(1);
    // Eight changes at once: all succeed, one after the other; each audit event starts where the one before ended.
    const changes = await outcomes(Array.from({ length: 8 }, (_, i) => putCampaign({ ctx: as(world.admin), input: { campaign: campaign(`Change ${i}`) } })));
    expect(changes.codes).toEqual(Array(8).fill("OK"));
    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "race-campaign")).orderBy(auditEvents.id);
    for (let i = 1; i < events.length; i++) expect((events[i]!.before as { title: string }).title).toBe((events[i - 1]!.after as { title: string }).title);
    const [stored] = await db.select().from(campaigns).where(eq(campaigns.identifier, "race-campaign"));
    expect(stored!.title).toBe((events.at(-1)!.after as { title: string }).title);
  });
});
