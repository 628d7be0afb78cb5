import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deployments, runApprovals, runs, scorecardTrends, userActivityDays } from "@/db/schema";
import { insightsSchema } from "@/server/api/contract/schemas";
import { putBlueprint } from "@/server/catalog/blueprints";
import { patchEntity, upsertEntities } from "@/server/catalog/entities";
import type { UserActor } from "@/server/context";
import { forgetActivity, noteActivity } from "@/server/insights/activity";
import { rollUpRuns } from "@/server/insights/run-totals";
import { exportInsightCsv, insightsReport } from "@/server/insights/service";
import { putScorecard, takeSnapshot } from "@/server/scorecards/service";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

// The route handlers read configuration and the database the way the server does.
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
const insightsRoute = await import("@/app/api/v1/insights/route");
const exportRoute = await import("@/app/api/v1/insights/export/route");

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = new Date();
const ago = (days: number, plusMs = 0) => new Date(now.getTime() - days * DAY + plusMs);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Medians are read from the roll-up's histograms: within 4.4 % of the exact median (server/insights/histogram.ts). */
function expectMedian(value: number | null, exact: number) {
  expect(value).not.toBeNull();
  expect(Math.abs(value! / exact - 1)).toBeLessThan(0.0443);
}

let admin: UserActor;
let red: UserActor;
let blue: UserActor;
const as = (actor: UserActor) => serviceContext(db, actor);

type RunSeed = { action: string; operation?: string; teams: string[]; status: "SUCCESS" | "FAILURE" | "WAITING_FOR_APPROVAL"; at: Date; seconds?: number; affected?: string[] };
async function seedRun(by: UserActor, r: RunSeed) {
  const [row] = await db
    .insert(runs)
    .values({
      action: r.action,
      actionTitle: r.action === "create-service" ? "Create a service" : "Deploy",
      actionSnapshot: { operation: r.operation ?? "DAY-2" },
      blueprint: "service",
      inputs: {},
      status: r.status,
      requestedById: by.id,
      requestedByLabel: by.email,
      requesterTeams: r.teams,
      affectedEntities: (r.affected ?? []).map((identifier) => ({ blueprint: "service", identifier })),
      createdAt: r.at,
      startedAt: r.seconds === undefined ? null : r.at,
      finishedAt: r.seconds === undefined ? null : new Date(r.at.getTime() + r.seconds * 1000),
    })
    .returning();
  return row!;
}

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  red = await makeUser(db, "red@example.com", "member", ["red"]);
  blue = await makeUser(db, "blue@example.com", "member", ["blue"]);
  await makeUser(db, "green@example.com", "member", ["green"]);
  await putBlueprint({
    ctx: as(admin),
    input: {
      identifier: "service",
      title: "Service",
      schema: { properties: { description: { type: "string" }, repository: { type: "string" }, docs: { type: "string" }, annotations: { type: "object" } }, required: [] },
    },
  });
  await upsertEntities({
    ctx: as(admin),
    input: {
      blueprint: "service",
      mode: "upsert",
      bulk: true,
      entities: [
        { identifier: "red-complete", team: ["red"], properties: { description: "All there", repository: "https://github.com/acme/red", docs: "https://docs.example.com/red" } },
        { identifier: "red-bare", team: ["red"], properties: {} },
        // Backstage's annotations count: the TechDocs reference is docs, the project slug a repository.
        { identifier: "red-annotated", team: ["red"], properties: { annotations: { "backstage.io/techdocs-ref": "dir:.", "github.com/project-slug": "acme/annotated" } } },
        { identifier: "blue-one", team: ["blue"], properties: { description: "Blue" } },
        { identifier: "orphan", team: [], properties: { description: "Nobody's" } },
      ],
    },
  });
  await putScorecard({
    ctx: as(admin),
    input: {
      blueprint: "service",
      scorecard: {
        identifier: "basics",
        title: "Basics",
        levels: [
          { title: "Basic", color: "gray" },
          { title: "Bronze", color: "#b08d57" },
        ],
        rules: [{ identifier: "repo", title: "Has a repository", level: "Bronze", query: { combinator: "and", rules: [{ property: "repository", operator: "isNotEmpty" }] } }],
      },
    },
  });
  // The scorecard was saved (and snapshotted) 40 days ago; red's bare service has gained a repository since, and today's snapshot was taken.
  await db.update(scorecardTrends).set({ takenAt: sql`${scorecardTrends.takenAt} - interval '40 days'` });
  await patchEntity({ ctx: as(red), input: { blueprint: "service", identifier: "red-bare", patch: { properties: { repository: "https://github.com/acme/bare" } } } });
  await takeSnapshot(db);

  // Golden paths in the period (the last 30 days): red deploys four times (one fails), blue twice with approvals.
  for (const [seconds, status] of [[60, "SUCCESS"], [120, "SUCCESS"], [180, "SUCCESS"], [600, "FAILURE"]] as const) {
    await seedRun(red, { action: "deploy", teams: ["red"], status, at: ago(5), seconds });
  }
  for (const waitMinutes of [30, 90]) {
    const run = await seedRun(blue, { action: "deploy", teams: ["blue"], status: "SUCCESS", at: ago(3), seconds: 30 });
    await db.insert(runApprovals).values({ runId: run.id, userId: admin.id, userLabel: admin.email, decision: "APPROVED", at: new Date(run.createdAt.getTime() + waitMinutes * 60_000) });
  }
  // …and once in the period before.
  await seedRun(red, { action: "deploy", teams: ["red"], status: "SUCCESS", at: ago(45), seconds: 60 });
  // Creating services: red's reached production two days later, blue's has not yet.
  await seedRun(red, { action: "create-service", operation: "CREATE", teams: ["red"], status: "SUCCESS", at: ago(20), seconds: 10, affected: ["red-new"] });
  await seedRun(blue, { action: "create-service", operation: "CREATE", teams: ["blue"], status: "SUCCESS", at: ago(10), seconds: 10, affected: ["blue-new"] });
  await db.insert(deployments).values([
    { service: "red-new", environment: "staging", environmentType: "staging", version: "1", status: "SUCCESS", startedAt: ago(19), finishedAt: ago(19), source: "api" },
    { service: "red-new", environment: "production", environmentType: "production", version: "1", status: "SUCCESS", startedAt: ago(20, 48 * HOUR - 60_000), finishedAt: ago(20, 48 * HOUR), source: "api" },
  ]);

  // Activity: red this week and last, blue and the admin this week, red once in the period before.
  await db.insert(userActivityDays).values([
    { day: day(ago(1)), userId: red.id },
    { day: day(ago(8)), userId: red.id },
    { day: day(ago(1)), userId: blue.id },
    { day: day(ago(2)), userId: admin.id },
    { day: day(ago(40)), userId: red.id },
  ]);
});

describe("adoption insights", () => {
  it("counts weekly active users for everyone and by team, against the period before", async () => {
    const report = await insightsReport({ ctx: as(admin), input: { days: 30 }, now });
    const { activeUsers } = report;
    expect(activeUsers.weekly).toHaveLength(8);
    expect(activeUsers.weekly.at(-1)).toMatchObject({ users: 3, previous: false });
    expect(activeUsers.weekly.at(-2)).toMatchObject({ users: 1, previous: false });
    // Four weeks in the period: (3 + 1 + 0 + 0) / 4; one active week in the four before.
    expect(activeUsers.weeklyAverage).toEqual({ current: 1, previous: 0.3 });
    const byTeam = Object.fromEntries(activeUsers.byTeam.map((t) => [t.team, t]));
    expect(byTeam.red).toMatchObject({ members: 1, weeklyAverage: { current: 0.5, previous: 0.3 } });
    expect(byTeam.blue!.weeklyAverage.current).toBe(0.3);
    expect(byTeam.green!.weeklyAverage).toEqual({ current: 0, previous: 0 });
  });

  it("records a signed-in user's day once", async () => {
    const someone = await makeUser(db, "someone@example.com");
    forgetActivity();
    noteActivity(db, someone.id, now);
    noteActivity(db, someone.id, now);
    await expect.poll(async () => (await db.select().from(userActivityDays).where(eq(userActivityDays.userId, someone.id))).length).toBe(1);
    // …and its bit of the year, which weekly active users read.
    const [bits] = await db.execute<{ days: string }>(sql`select days::text as days from user_activity_years where user_id = ${someone.id} and year = ${now.getUTCFullYear()}`);
    const dayOfYear = (now.getTime() - Date.UTC(now.getUTCFullYear(), 0, 1)) / DAY;
    expect(bits!.days.indexOf("1")).toBe(Math.floor(dayOfYear));
    expect(bits!.days.split("1")).toHaveLength(2);
  });

  it("sums runs per golden path and team: success rate, median duration and approval wait", async () => {
    const { goldenPaths } = await insightsReport({ ctx: as(admin), input: { days: 30 }, now });
    const deploy = goldenPaths.actions.find((a) => a.action === "deploy")!;
    expect(deploy.current).toMatchObject({ runs: 6, succeeded: 5, failed: 1 });
    expect(deploy.current.successRate).toBeCloseTo(5 / 6);
    expect(deploy.previous).toMatchObject({ runs: 1, succeeded: 1 });
    const redDeploy = goldenPaths.byTeam.find((a) => a.action === "deploy" && a.team === "red")!;
    expect(redDeploy.current).toMatchObject({ runs: 4, succeeded: 3, failed: 1, successRate: 0.75, medianApprovalWaitSeconds: null });
    // Halfway between the two middle durations (120 s and 180 s), as percentile_cont would say.
    expectMedian(redDeploy.current.medianDurationSeconds, 150);
    const blueDeploy = goldenPaths.byTeam.find((a) => a.action === "deploy" && a.team === "blue")!;
    expectMedian(blueDeploy.current.medianApprovalWaitSeconds, 3600);
    expectMedian(deploy.current.medianDurationSeconds, 90);
    expect(goldenPaths.total.current.runs).toBe(8);
    // Green never ran one.
    expect(goldenPaths.teamsNeverUsed.map((t) => t.team)).toEqual(["green"]);
  });

  it("measures the time from creating a service to its first production deployment", async () => {
    const { timeToProduction } = await insightsReport({ ctx: as(admin), input: { days: 30 }, now });
    expect(timeToProduction.current.created).toBe(2);
    expect(timeToProduction.current.deployed).toBe(1);
    expect(timeToProduction.current.medianHours).toBeCloseTo(48, 1);
    expect(timeToProduction.waiting).toEqual([expect.objectContaining({ service: "blue-new", team: "blue", action: "create-service" })]);
    expect(timeToProduction.byTeam.find((t) => t.team === "red")!.current).toMatchObject({ created: 1, deployed: 1 });
  });

  it("counts how complete the catalog is, per blueprint and owning team", async () => {
    const { completeness } = await insightsReport({ ctx: as(admin), input: { days: 30 }, now });
    expect(completeness.blueprints.find((b) => b.blueprint === "service")).toMatchObject({ total: 5, owner: 4, description: 3, docs: 2, repository: 3 });
    expect(completeness.byTeam.find((b) => b.team === "red")).toMatchObject({ total: 3, owner: 3, description: 1, docs: 2, repository: 3 });
    expect(completeness.byTeam.find((b) => b.team === null)).toMatchObject({ total: 1, owner: 0 });
  });

  it("shows how teams' scorecard levels moved between snapshots", async () => {
    const { scorecardMovement } = await insightsReport({ ctx: as(admin), input: { days: 30 }, now });
    const redRow = scorecardMovement.find((m) => m.scorecard === "basics" && m.team === "red")!;
    // One of red's three services had a repository property at the start, two now (an annotation is no property the rule reads).
    expect(redRow.start).toMatchObject({ entities: 3, averageLevel: 0.33 });
    expect(redRow.end).toMatchObject({ entities: 3, averageLevel: 0.67 });
    expect(redRow.change.current).toBeCloseTo(0.33, 1);
    expect(redRow.change.previous).toBeNull();
    const everyone = scorecardMovement.find((m) => m.scorecard === "basics" && m.team === null)!;
    expect(everyone.end!.entities).toBe(5);
  });

  it("narrows every figure to a team", async () => {
    const report = await insightsReport({ ctx: as(admin), input: { days: 30, team: "red" }, now });
    expect(report.teams).toEqual(["red"]);
    expect(report.goldenPaths.total.current.runs).toBe(5);
    expect(report.goldenPaths.byTeam.every((r) => r.team === "red")).toBe(true);
    expect(report.activeUsers.byTeam.map((t) => t.team)).toEqual(["red"]);
    expect(report.completeness.blueprints[0]!.total).toBe(3);
    expect(report.timeToProduction.current.created).toBe(1);
    expect(report.scorecardMovement.map((m) => m.team)).toEqual(["red"]);
    expect(report.goldenPaths.teamsNeverUsed).toEqual([]);
  });

  it("is for admins, refuses a team that does not exist and a period out of range", async () => {
    await expect(insightsReport({ ctx: as(red), input: { days: 30 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(insightsReport({ ctx: as(admin), input: { days: 30, team: "purple" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(insightsReport({ ctx: as(admin), input: { days: 3 } })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("exports each table as CSV, with the period before beside the period", async () => {
    const { csv, name } = await exportInsightCsv({ ctx: as(admin), input: { section: "golden-paths", days: 30 }, now });
    expect(name).toMatch(/^portico-golden-paths-30d-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...lines] = csv.trim().split("\n");
    expect(header).toBe(
      '"action","title","team","runs","succeeded","failed","success_rate","median_duration_seconds","median_approval_wait_seconds","previous_runs","previous_succeeded","previous_failed","previous_success_rate","previous_median_duration_seconds","previous_median_approval_wait_seconds"',
    );
    // An empty figure (no approvals: no wait) is an empty cell; medians (read from histograms) to a tenth of a second.
    const median = String.raw`(\d+(?:\.\d)?)`;
    const red = lines.map((l) => new RegExp(String.raw`^"deploy","Deploy","red",4,3,1,0\.75,${median},"",1,1,0,1,${median},""$`).exec(l)).find(Boolean);
    expect(red).toBeTruthy();
    expectMedian(Number(red![1]), 150);
    expectMedian(Number(red![2]), 60);
    const everyone = new RegExp(String.raw`^"deploy","Deploy","\(everyone\)",6,5,1,0\.8333,${median},${median},1,1,0,1,${median},""$`).exec(lines[0]!);
    expect(everyone, lines[0]).toBeTruthy();
    expectMedian(Number(everyone![1]), 90);
    expectMedian(Number(everyone![2]), 3600);
  });

  it("answers over REST for admin tokens, as JSON that fits the declared schema and as CSV", async () => {
    const get = (path: string, token: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });
    const res = await insightsRoute.GET(get("/api/v1/insights?days=90&team=red", "static-admin-secret-0123"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(insightsSchema.safeParse(body).success).toBe(true);
    expect(body.period.days).toBe(90);
    expect((await insightsRoute.GET(get("/api/v1/insights", "static-reader-secret-0123"))).status).toBe(403);
    expect((await insightsRoute.GET(get("/api/v1/insights?days=1000", "static-admin-secret-0123"))).status).toBe(400);
    const csv = await exportRoute.GET(get("/api/v1/insights/export?section=teams-never-used", "static-admin-secret-0123"));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe('"team","title","members"\n"green","green",1\n');
    expect((await exportRoute.GET(get("/api/v1/insights/export?section=nothing", "static-admin-secret-0123"))).status).toBe(400);
  });

  it("counts a run requested by two teams once in the totals and once for each team, also narrowed to one of them", async () => {
    // Two hundred days ago: inside a year, outside every shorter period the tests above read.
    await seedRun(red, { action: "shared-path", teams: ["red", "blue"], status: "SUCCESS", at: ago(200), seconds: 40 });
    await seedRun(red, { action: "shared-path", teams: ["red"], status: "FAILURE", at: ago(201), seconds: 80 });
    const year = await insightsReport({ ctx: as(admin), input: { days: 365 }, now });
    const shared = year.goldenPaths.actions.find((a) => a.action === "shared-path")!;
    expect(shared.current).toMatchObject({ runs: 2, succeeded: 1, failed: 1 });
    expectMedian(shared.current.medianDurationSeconds, 60);
    // Durations to the nearest 10 s: 40 s and 80 s are buckets far apart.
    const perTeam = (r: typeof year) => r.goldenPaths.byTeam.filter((a) => a.action === "shared-path").map((a) => [a.team, a.current.runs, Math.round(a.current.medianDurationSeconds! / 10) * 10]);
    expect(perTeam(year)).toEqual([["red", 2, 60], ["blue", 1, 40]]);
    const blue = await insightsReport({ ctx: as(admin), input: { days: 365, team: "blue" }, now });
    const blueShared = blue.goldenPaths.actions.find((a) => a.action === "shared-path")!.current;
    expect(blueShared).toMatchObject({ runs: 1, succeeded: 1 });
    expectMedian(blueShared.medianDurationSeconds, 40);
    expect(perTeam(blue)).toEqual([["blue", 1, 40]]);
  });
});

describe("the daily roll-up of runs", () => {
  const deployFigures = async (days = 30) => (await insightsReport({ ctx: as(admin), input: { days }, now })).goldenPaths.actions.find((a) => a.action === "rollup-path")?.current;

  it("counts today's runs from the runs themselves, and yesterday's from the roll-up", async () => {
    await seedRun(red, { action: "rollup-path", teams: ["red"], status: "SUCCESS", at: ago(1), seconds: 100 });
    expect(await deployFigures()).toMatchObject({ runs: 1, succeeded: 1 });
    const [rolled] = await db.execute<{ n: number }>(sql`select count(*)::int as n from run_totals where action = 'rollup-path'`);
    expect(rolled!.n).toBe(1);
    await seedRun(red, { action: "rollup-path", teams: ["red"], status: "SUCCESS", at: new Date(now.getTime() - 1000), seconds: 0.5 });
    expect(await deployFigures()).toMatchObject({ runs: 2, succeeded: 2 });
    // Today is never rolled up: it is still changing.
    const [after] = await db.execute<{ n: number }>(sql`select count(*)::int as n from run_totals where action = 'rollup-path'`);
    expect(after!.n).toBe(1);
  });

  it("takes in a run of a day already rolled up that finishes, is approved or is deleted afterwards", async () => {
    const late = await seedRun(blue, { action: "rollup-path", teams: ["blue"], status: "WAITING_FOR_APPROVAL", at: ago(2) });
    expect(await deployFigures()).toMatchObject({ runs: 3, succeeded: 2, failed: 0 });
    await db.insert(runApprovals).values({ runId: late.id, userId: admin.id, userLabel: admin.email, decision: "APPROVED", at: ago(2, 20 * 60_000) });
    await db
      .update(runs)
      .set({ status: "FAILURE", startedAt: ago(2, 20 * 60_000), finishedAt: ago(2, 30 * 60_000) })
      .where(eq(runs.id, late.id));
    const figures = (await deployFigures())!;
    expect(figures).toMatchObject({ runs: 3, succeeded: 2, failed: 1 });
    expectMedian(figures.medianApprovalWaitSeconds, 1200);
    expectMedian(figures.medianDurationSeconds, 100);
    await db.delete(runs).where(eq(runs.id, late.id));
    expect(await deployFigures()).toMatchObject({ runs: 2, failed: 0, medianApprovalWaitSeconds: null });
    const [stale] = await db.execute<{ n: number }>(sql`select count(*)::int as n from run_totals_stale where day < current_date`);
    expect(stale!.n).toBe(0);
  });

  it("catches up on the days it missed (a server that was off) and gives the same figures", async () => {
    const before = await insightsReport({ ctx: as(admin), input: { days: 365 }, now });
    await db.execute(sql`update insights_rollup set runs_through = current_date - 40`);
    await db.execute(sql`delete from run_totals where day >= current_date - 40`);
    const after = await insightsReport({ ctx: as(admin), input: { days: 365 }, now });
    expect(after.goldenPaths).toEqual(before.goldenPaths);
    // And from nothing at all, as after the upgrade that brought the roll-up.
    await db.execute(sql`update insights_rollup set runs_through = null`);
    await db.execute(sql`delete from run_totals`);
    await db.execute(sql`delete from run_paths`);
    expect((await insightsReport({ ctx: as(admin), input: { days: 365 }, now })).goldenPaths).toEqual(before.goldenPaths);
  });

  it("reads a report that ends earlier than the roll-up (a period ending in the middle of a rolled-up day)", async () => {
    await seedRun(blue, { action: "earlier-path", teams: ["blue"], status: "SUCCESS", at: ago(3), seconds: 20 });
    await rollUpRuns(db, now);
    const report = async (end: Date) => (await insightsReport({ ctx: as(admin), input: { days: 7 }, now: end })).goldenPaths.actions.find((a) => a.action === "earlier-path")?.current.runs ?? 0;
    expect(await report(ago(3, HOUR))).toBe(1);
    expect(await report(ago(3, -HOUR))).toBe(0);
  });

  it("rolls up once when several readers and the job ask at the same time", async () => {
    await seedRun(red, { action: "rollup-path", teams: ["red"], status: "SUCCESS", at: ago(4), seconds: 100 });
    await Promise.all([rollUpRuns(db, now), rollUpRuns(db, now), deployFigures(), deployFigures(), rollUpRuns(db, now)]);
    expect(await deployFigures()).toMatchObject({ runs: 3, succeeded: 3 });
    const rows = await db.execute<{ day: string; runs: number }>(sql`select day::text as day, runs from run_totals where action = 'rollup-path' and teams = '{red}' order by day`);
    expect(rows.map((r) => r.runs)).toEqual([1, 2]);
  });
});
