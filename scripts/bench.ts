/**
 * `npm run bench`: the catalog's speed at 10,000 and 100,000 entities, on a fresh embedded PostgreSQL.
 * Measures bulk ingest through the same service the REST bulk endpoint uses, then p50/p95/p99 of
 * the operations PRODUCT.md sets targets for, and writes docs/benchmarks.md.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createDb } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { runs, teams } from "../db/schema";
import { workOnce } from "../server/actions/dispatch";
import { createRun } from "../server/actions/runs";
import { putAction } from "../server/actions/service";
import { saveWebhookSettings } from "../server/actions/settings";
import { putBlueprint } from "../server/catalog/blueprints";
import { getEntity, upsertEntities } from "../server/catalog/entities";
import { clearAggregateCache } from "../server/catalog/aggregate-cache";
import { entityFacets, searchEntities } from "../server/catalog/search";
import { systemActor, type ServiceContext } from "../server/context";
import { evaluateAllScorecards, rescoreEntities } from "../server/scorecards/rescore";
import { listScorecards, putScorecard, scorecardEntities, scorecardOverview } from "../server/scorecards/service";
import { insightsReport } from "../server/insights/service";
import { activeUsers, goldenPaths, teamsWithoutGoldenPaths } from "../server/insights/adoption";
import { completeness, scorecardMovement, timeToProduction } from "../server/insights/catalog-health";
import { rollUpRuns } from "../server/insights/run-totals";
import { insightsWindow } from "../server/insights/window";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { commit, machine, printVerdicts, stealMeter, writeSection, type Verdict } from "./report";
import { count } from "drizzle-orm";

// Runs carry an encrypted callback token: a key for this throwaway database (nothing is kept).
process.env.PORTICO_ENCRYPTION_KEY ??= randomBytes(33).toString("base64");

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;

const words = ["alpha", "bravo", "cargo", "delta", "ember", "falcon", "garnet", "harbor", "indigo", "juniper", "kestrel", "lumen", "meadow", "nimbus", "orbit", "pioneer", "quartz", "raven", "summit", "tundra", "umber", "vertex", "willow", "xenon", "yonder", "zephyr"];
const languages = ["Go", "TypeScript", "Java", "Kotlin", "Python", "Rust", "Ruby", "C#"];
const teamIds = Array.from({ length: 20 }, (_, i) => `team-${i}`);

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function makeEntity(i: number, r: () => number) {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const name = `${pick(words)}-${pick(words)}-${i}`;
  return {
    identifier: `svc-${String(i).padStart(6, "0")}`,
    title: `${name.replace(/-/g, " ")} service`,
    team: [pick(teamIds)],
    properties: {
      lifecycle: pick(["production", "production", "experimental", "deprecated"]),
      tier: pick(["tier-1", "tier-2", "tier-3"]),
      language: pick(languages),
      score: Math.floor(r() * 1000),
      url: `https://git.example.com/${name}`,
      tags: Array.from({ length: Math.floor(r() * 3) }, () => pick(words)),
      description: `${pick(words)} ${pick(words)} ${pick(words)} handling ${pick(words)}`,
    },
    relations: i > 10 ? { dependsOn: [`svc-${String(Math.floor(r() * (i - 1))).padStart(6, "0")}`] } : {},
  };
}

type Stats = { p50: number; p95: number; p99: number };
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function measure(fn: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

/** The untimed step before a read measured as the first after a change: no cached totals or facets. */
const uncached = async () => clearAggregateCache();

/** Like measure, with an untimed step before each timed one. */
async function measureWith(setup: (i: number) => Promise<unknown>, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) {
    await setup(i);
    await fn(i);
  }
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await setup(i);
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

/** The largest resident set size of this process (the services, their pools and caches) while `fn` runs. */
async function peakRss<T>(fn: () => Promise<T>): Promise<T & { peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    return { ...result, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

async function freshDatabase(adminUrl: string, dbName: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const url = adminUrl.replace(/\/portico$/, `/${dbName}`);
  await applyMigrations(url);
  const { db, client, end } = createDb(url, { max: 10 });
  const ctx: ServiceContext = { db, actor: systemActor, origin: "api", requestId: "bench" };
  return { db, client, end, ctx };
}

const RUN_COUNT = Number(process.env.BENCH_RUN_COUNT ?? 1000);

/**
 * Self-service runs: creating them (validated, audited, as the REST endpoint does), then two workers
 * dispatching them to a webhook on loopback that answers at once, until every run has ended.
 */
async function benchRuns(adminUrl: string) {
  const { db, client, end, ctx } = await freshDatabase(adminUrl, "bench_runs");
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    await putBlueprint({ ctx, input: { identifier: "service", title: "Service", schema: { properties: {}, required: [] } } });
    await upsertEntities({ ctx, input: { blueprint: "service", entities: [{ identifier: "api", properties: {} }], mode: "upsert", bulk: true } });
    await saveWebhookSettings({ ctx, input: { allowlist: ["127.0.0.1"], signingSecret: randomBytes(24).toString("hex"), notificationUrl: "" } });
    await putAction({
      ctx,
      input: {
        identifier: "notify",
        title: "Notify",
        blueprint: "service",
        operation: "DAY-2",
        userInputs: { properties: { n: { type: "integer" } }, required: ["n"] },
        invocation: { type: "webhook", url: hook, body: { n: "{{ inputs.n }}" } },
      },
    });
    const token: ServiceContext = { ...ctx, actor: { kind: "token", id: "bench", name: "bench", role: "admin" } };
    const created: string[] = [];
    const create = await measure(async (i) => {
      const { run } = await createRun({ ctx: token, input: { action: "notify", body: { entity: "api", inputs: { n: i } } } });
      created.push(run.id);
    });
    // Everything created so far (warm-up included) is queued, as nothing has dispatched it yet.
    for (let i = created.length; i < RUN_COUNT; i++) {
      created.push((await createRun({ ctx: token, input: { action: "notify", body: { entity: "api", inputs: { n: i } } } })).run.id);
    }
    // Two workers, as two replicas would.
    const t0 = performance.now();
    const worker = async (id: string) => {
      for (;;) {
        const done = await workOnce(db, { workerId: id, batch: 10 });
        if (done.dispatched + done.followed === 0) return;
      }
    };
    await Promise.all([worker("a"), worker("b")]);
    const seconds = (performance.now() - t0) / 1000;
    const statuses = await db.select({ status: runs.status, n: count() }).from(runs).groupBy(runs.status);
    const succeeded = statuses.find((s) => s.status === "SUCCESS")?.n ?? 0;
    if (succeeded < created.length) {
      const [failed] = await client`select r.status, l.message from runs r left join run_logs l on l.run_id = r.id where r.status <> 'SUCCESS' order by l.id desc limit 1`;
      process.stdout.write(`runs not successful: ${JSON.stringify(statuses)}; last log: ${failed?.message}\n`);
    }
    return { runs: created.length, create, dispatchSeconds: seconds, dispatchPerSecond: created.length / seconds, succeeded };
  } finally {
    receiver.close();
    await end();
  }
}

async function benchSize(adminUrl: string, size: number) {
  const { db, client, end, ctx } = await freshDatabase(adminUrl, `bench_${size}`);
  await db.insert(teams).values(teamIds.map((id) => ({ id, title: id })));
  await putBlueprint({
    ctx,
    input: {
      identifier: "service",
      title: "Service",
      schema: {
        properties: {
          lifecycle: { type: "string", enum: ["production", "experimental", "deprecated"] },
          tier: { type: "string", enum: ["tier-1", "tier-2", "tier-3"] },
          language: { type: "string" },
          score: { type: "number" },
          url: { type: "string", format: "url" },
          tags: { type: "array", items: { type: "string" } },
          description: { type: "string" },
        },
        required: ["lifecycle"],
      },
      relations: { dependsOn: { target: "service", many: true } },
    },
  });

  const r = rng(42);
  const all = Array.from({ length: size }, (_, i) => makeEntity(i, r));
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 1000) {
    await upsertEntities({ ctx, input: { blueprint: "service", entities: all.slice(i, i + 1000), mode: "upsert", bulk: true } });
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  // Steady state: autovacuum would have vacuumed and analysed every table the load wrote (left to
  // itself, its run on entity_values or audit_events lands in the middle of the measurements below).
  await client`vacuum analyze entities, entity_values, audit_events`;

  const filter = JSON.stringify({
    combinator: "and",
    rules: [
      { property: "lifecycle", operator: "=", value: "production" },
      { property: "tier", operator: "in", value: ["tier-1", "tier-2"] },
    ],
  });
  let deepCursor: string | null | undefined;
  for (let page = 0, cursor: string | null | undefined = undefined; page < 40; page++) {
    const p = await searchEntities({ ctx, input: { blueprint: "service", query: filter, sort: "score:desc", limit: 50, cursor } });
    cursor = p.nextCursor;
    deepCursor = cursor;
    if (!cursor) break;
  }
  const results = {
    size,
    ingestSeconds,
    ingestPerSecond: size / ingestSeconds,
    // Totals and facets are cached under the catalog's version (server/catalog/aggregate-cache.ts): these
    // measure the first read after a change (the cache emptied before each run), the target's worst case.
    page: await measureWith(uncached, () => searchEntities({ ctx, input: { blueprint: "service", query: filter, sort: "score:desc", limit: 50 } })),
    deepPage: await measureWith(uncached, () => searchEntities({ ctx, input: { blueprint: "service", query: filter, sort: "score:desc", limit: 50, cursor: deepCursor } })),
    facets: await measureWith(uncached, () => entityFacets({ ctx, input: { blueprint: "service", property: "language", query: filter } })),
    // …and a read of an unchanged catalog (what a list or facet request usually is).
    pageCached: await measure(() => searchEntities({ ctx, input: { blueprint: "service", query: filter, sort: "score:desc", limit: 50 } })),
    facetsCached: await measure(() => entityFacets({ ctx, input: { blueprint: "service", property: "language", query: filter } })),
    search: await measure((i) => searchEntities({ ctx, input: { blueprint: "service", q: `${words[i % words.length]} ${words[(i * 7) % words.length]!.slice(0, 3)}`, limit: 20 } })),
    byId: await measure((i) => getEntity({ ctx, input: { blueprint: "service", identifier: `svc-${String((i * 7919) % size).padStart(6, "0")}` } })),
  };
  // Scorecards: 10 scorecards of 4 levels and 5 rules each over the same entities.
  const levels = ["Basic", "Bronze", "Silver", "Gold"].map((title) => ({ title, color: "gray" }));
  const rule = (i: number, level: string, q: object) => ({ identifier: `r${i}`, title: `Rule ${i}`, level, query: { combinator: "and", rules: [q] } });
  const evalStart = performance.now();
  for (let k = 0; k < 10; k++) {
    await putScorecard({
      ctx,
      input: {
        blueprint: "service",
        scorecard: {
          identifier: `sc-${k}`,
          title: `Scorecard ${k}`,
          levels,
          rules: [
            rule(1, "Bronze", { property: "url", operator: "isNotEmpty" }),
            rule(2, "Bronze", { property: "lifecycle", operator: "!=", value: "deprecated" }),
            rule(3, "Silver", { property: "score", operator: ">=", value: 100 * k }),
            rule(4, "Silver", { property: "tags", operator: "isNotEmpty" }),
            rule(5, "Gold", { property: "tier", operator: "=", value: "tier-1" }),
          ],
        },
      },
    });
  }
  const scorecardCreateSeconds = (performance.now() - evalStart) / 1000;
  // Steady state again: the results and snapshots just written would have been vacuumed and analysed.
  await client`vacuum analyze scorecard_results, scorecard_snapshots`;
  const recomputeStart = performance.now();
  await evaluateAllScorecards(db);
  const scorecardSeconds = (performance.now() - recomputeStart) / 1000;
  const scorecardResults = {
    scorecardCreateSeconds,
    scorecardSeconds,
    // An entity changed (untimed), then the re-scoring that every entity write runs, timed alone.
    rescore: await measureWith(
      (i) => client`update entities set properties = jsonb_set(properties, '{score}', ${i % 1000}::text::jsonb) where blueprint = 'service' and identifier = ${`svc-${String((i * 7919) % size).padStart(6, "0")}`}`,
      (i) => rescoreEntities(db, "service", [`svc-${String((i * 7919) % size).padStart(6, "0")}`]),
    ),
    scorecardPage: await measure(() =>
      Promise.all([
        scorecardOverview({ ctx, input: { blueprint: "service", identifier: "sc-3" } }),
        scorecardEntities({ ctx, input: { blueprint: "service", identifier: "sc-3", level: 1, limit: 25 } }),
      ]),
    ),
    scorecardIndex: await measure(() => listScorecards({ ctx, input: {} })),
  };
  const insights = await benchInsights(client, ctx);
  await end();
  return { ...results, ...scorecardResults, ...insights };
}

const INSIGHT_RUNS = Number(process.env.BENCH_INSIGHT_RUNS ?? 50);

/**
 * Adoption insights over the catalog above plus a year of platform use, written in SQL: 2,000 users
 * in the 20 teams, each active on about a third of the days; 1,000 runs a day of 12 golden paths (one
 * in twenty creates a service, half of those reach production two days later; one path needs approval);
 * and a daily snapshot of every scorecard for the year. Then the whole report (every insight, for a
 * period and the period before) for the last 30 days and the last 12 months, and for one team.
 */
async function benchInsights(client: ReturnType<typeof postgres>, ctx: ServiceContext) {
  const t0 = performance.now();
  await client`insert into users (email, name) select 'user' || i || '@example.com', 'User ' || i from generate_series(1, 2000) i`;
  await client`insert into team_members (team_id, user_id) select 'team-' || (row_number() over (order by id) % 20), id from users`;
  await client`insert into user_activity_days (day, user_id)
    select d::date, u.id from users u, generate_series(now() - interval '364 days', now(), interval '1 day') d where random() < 0.33`;
  await client`insert into runs (action, action_title, action_snapshot, blueprint, inputs, status, requested_by_id, requested_by_label, requester_teams, affected_entities, created_at, started_at, finished_at)
    select 'path-' || (i % 12), 'Path ' || (i % 12), (case when i % 20 = 0 then '{"operation":"CREATE"}' else '{"operation":"DAY-2"}' end)::json, 'service', '{}',
      case when i % 10 = 3 then 'FAILURE' else 'SUCCESS' end, 'bench', 'bench', array['team-' || (i % 19)],
      case when i % 20 = 0 then jsonb_build_array(jsonb_build_object('blueprint', 'service', 'identifier', 'svc-' || lpad(((i / 20) % 100000)::text, 6, '0'))) else '[]'::jsonb end,
      x.t, x.t + interval '5 seconds', x.t + interval '5 seconds' + (i % 600) * interval '1 second'
    from generate_series(1, 365000) i, lateral (select now() - i * interval '86.4 seconds' as t) x`;
  await client`insert into run_approvals (run_id, user_id, user_label, decision, at) select id, 'bench', 'bench', 'APPROVED', created_at + (extract(second from created_at) * interval '1 minute') from runs where action = 'path-7'`;
  await client`insert into deployments (service, environment, environment_type, version, status, started_at, finished_at, source)
    select ae->>'identifier', 'production', 'production', '1', 'SUCCESS', r.created_at + interval '2 days', r.created_at + interval '2 days 10 minutes', 'api'
    from runs r, jsonb_array_elements(r.affected_entities) ae where r.affected_entities <> '[]'::jsonb and random() < 0.5`;
  await client`insert into scorecard_trends (taken_at, blueprint, scorecard, counts, average_score, team_counts)
    select t.taken_at - d * interval '1 day', t.blueprint, t.scorecard, t.counts, t.average_score, t.team_counts from scorecard_trends t, generate_series(1, 365) d
    on conflict do nothing`;
  await client`vacuum analyze users, team_members, user_activity_days, runs, run_approvals, deployments, scorecard_trends`;
  const seedSeconds = (performance.now() - t0) / 1000;
  // The daily roll-up of runs, built whole the first time (as after the upgrade that brought it), then one
  // day of it again (the job's work after midnight): timed, as the job would run them before any read.
  const r0 = performance.now();
  await rollUpRuns(ctx.db, new Date());
  const rollupBuildSeconds = (performance.now() - r0) / 1000;
  await client`update insights_rollup set runs_through = current_date - 1`;
  const r1 = performance.now();
  await rollUpRuns(ctx.db, new Date());
  const rollupDaySeconds = (performance.now() - r1) / 1000;
  await client`vacuum analyze run_totals, run_paths, user_activity_years`;
  const [counts] = await client`select (select count(*) from runs)::int as runs, (select count(*) from user_activity_days)::int as "activityDays", (select count(*) from deployments)::int as deployments`;
  const timed = async (fn: () => Promise<unknown>, before: (i: number) => Promise<unknown> = async () => {}) => {
    for (let i = 0; i < 5; i++) {
      await before(i);
      await fn();
    }
    const samples: number[] = [];
    for (let i = 0; i < INSIGHT_RUNS; i++) {
      await before(i);
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return stats(samples);
  };
  // An entity written before each report (untimed): the catalog changed, so completeness is counted again.
  const catalogWrite = (i: number) => client`update entities set properties = jsonb_set(properties, '{score}', ${i % 1000}::text::jsonb) where blueprint = 'service' and identifier = ${`svc-${String((i * 7919) % 1000).padStart(6, "0")}`}`;
  // Where the time goes: each insight alone (the report runs them side by side).
  const parts = { activeUsers, goldenPaths, teamsWithoutGoldenPaths, timeToProduction, completeness, scorecardMovement };
  const eachInsight: Record<string, { days30: Stats; days365: Stats }> = {};
  for (const [name, fn] of Object.entries(parts)) {
    const [w30, w365] = [await insightsWindow(ctx, { days: 30 }, new Date()), await insightsWindow(ctx, { days: 365 }, new Date())];
    eachInsight[name] = { days30: await timed(() => fn(ctx, w30)), days365: await timed(() => fn(ctx, w365)) };
  }
  return {
    eachInsight,
    insightsSeedSeconds: seedSeconds,
    rollupBuildSeconds,
    rollupDaySeconds,
    insightsData: counts as { runs: number; activityDays: number; deployments: number },
    insights30: await timed(() => insightsReport({ ctx, input: { days: 30 } })),
    insights365: await timed(() => insightsReport({ ctx, input: { days: 365 } })),
    insights365AfterWrite: await timed(() => insightsReport({ ctx, input: { days: 365 } }), catalogWrite),
    insightsTeam: await timed(() => insightsReport({ ctx, input: { days: 90, team: "team-3" } })),
  };
}

async function main() {
  // BENCH_ADMIN_URL: measure against a PostgreSQL you run (its bench_* databases are kept for EXPLAIN).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-bench-"));
  const pg = process.env.BENCH_ADMIN_URL
    ? { url: process.env.BENCH_ADMIN_URL, stop: async () => {} }
    : await startEmbeddedPostgres(dir, { persistent: false });
  const versionClient = postgres(pg.url, { max: 1 });
  const version = (await versionClient`select version()`)[0]!.version as string;
  await versionClient.end();
  const rows: Awaited<ReturnType<typeof peakRss<Awaited<ReturnType<typeof benchSize>>>>>[] = [];
  let runBench: Awaited<ReturnType<typeof benchRuns>>;
  const steal = stealMeter();
  try {
    for (const size of SIZES) {
      process.stdout.write(`benchmarking ${size.toLocaleString("en")} entities…\n`);
      const r = await peakRss(() => benchSize(pg.url, size));
      rows.push(r);
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
    process.stdout.write(`benchmarking ${RUN_COUNT} runs…\n`);
    runBench = await benchRuns(pg.url);
    process.stdout.write(`${JSON.stringify(runBench)}\n`);
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const stolen = steal();
  const ms = (s: Stats) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.p99.toFixed(1)}`;
  const target = (s: Stats, limit: number) => (s.p95 < limit ? `✅ < ${limit} ms` : `❌ ≥ ${limit} ms`);
  const last = rows[rows.length - 1]!;
  const lines = [
    "## Domain services",
    "",
    "Written by `npm run bench` (scripts/bench.ts). Server time of the domain services (the code behind tRPC and REST v1),",
    `against a fresh embedded PostgreSQL; ${RUNS} measured runs after ${WARMUP} warm-up runs each. Milliseconds: p50 / p95 / p99.`,
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}`,
    `- Database: ${version.split(",")[0]}`,
    `- Commit: ${commit()}`,
    ...(stolen === null ? [] : [`- CPU steal during the run (time the hypervisor gave to other guests): ${stolen} %. Where it is high, every figure below is slower than the code.`]),
    "",
    "| Operation | " + rows.map((r) => `${r.size.toLocaleString("en")} entities`).join(" | ") + " | Target (p95) |",
    "|---|" + rows.map(() => "---|").join("") + "---|",
    `| Bulk ingest (1,000 per call, validated, audited) | ${rows.map((r) => `${r.ingestSeconds.toFixed(1)} s (${Math.round(r.ingestPerSecond).toLocaleString("en")}/s)`).join(" | ")} | 100,000 in < 30 s: ${rows.find((r) => r.size === 100_000) ? (rows.find((r) => r.size === 100_000)!.ingestSeconds < 30 ? "✅" : "❌") : "n/a"} |`,
    `| Filtered + sorted first page (2 filters, sort by a number, 50 rows, with total) | ${rows.map((r) => ms(r.page)).join(" | ")} | ${target(rows[rows.length - 1]!.page, 50)} |`,
    `| Deep cursor page (page 40) | ${rows.map((r) => ms(r.deepPage)).join(" | ")} | ${target(rows[rows.length - 1]!.deepPage, 50)} |`,
    `| Facet counts (language, filtered) | ${rows.map((r) => ms(r.facets)).join(" | ")} | ${target(rows[rows.length - 1]!.facets, 50)} |`,
    `| The same first page, catalog unchanged since the last read (total from the cache) | ${rows.map((r) => ms(r.pageCached)).join(" | ")} | |`,
    `| The same facets, catalog unchanged since the last read (from the cache) | ${rows.map((r) => ms(r.facetsCached)).join(" | ")} | |`,
    `| Full-text search (two words, prefix) | ${rows.map((r) => ms(r.search)).join(" | ")} | ${target(rows[rows.length - 1]!.search, 100)} |`,
    `| One entity by identifier | ${rows.map((r) => ms(r.byId)).join(" | ")} | |`,
    `| Scorecards: create 10 scorecards × 5 rules (each saved, evaluated over every entity and snapshotted) | ${rows.map((r) => `${r.scorecardCreateSeconds.toFixed(1)} s`).join(" | ")} | |`,
    `| Scorecards: full evaluation of 10 scorecards (recompute over every entity in SQL) | ${rows.map((r) => `${r.scorecardSeconds.toFixed(1)} s`).join(" | ")} | < 5 s: ${last.scorecardSeconds < 5 ? "✅" : "❌"} |`,
    `| Scorecards: one changed entity re-scored on 10 scorecards | ${rows.map((r) => ms(r.rescore)).join(" | ")} | ${target(last.rescore, 20)} |`,
    `| Scorecards: scorecard page queries (overview with rubric, teams and trend; entities by level) | ${rows.map((r) => ms(r.scorecardPage)).join(" | ")} | ${target(last.scorecardPage, 100)} |`,
    `| Scorecards: index (10 scorecards with their distributions) | ${rows.map((r) => ms(r.scorecardIndex)).join(" | ")} | |`,
    `| Adoption insights, whole report (every insight, with the period before), last 30 days | ${rows.map((r) => ms(r.insights30)).join(" | ")} | ${target(last.insights30, 200)} |`,
    `| Adoption insights, whole report, last 12 months | ${rows.map((r) => ms(r.insights365)).join(" | ")} | ${target(last.insights365, 200)} |`,
    `| Adoption insights, whole report, last 12 months, the catalog written to before each (completeness counted again) | ${rows.map((r) => ms(r.insights365AfterWrite)).join(" | ")} | ${target(last.insights365AfterWrite, 200)} |`,
    `| Adoption insights, whole report for one team, last 90 days | ${rows.map((r) => ms(r.insightsTeam)).join(" | ")} | ${target(last.insightsTeam, 200)} |`,
    `| Peak RSS of the process running the services (MiB) | ${rows.map((r) => r.peakRssMb).join(" | ")} | |`,
    "",
    `Each insight alone, at ${last.size.toLocaleString("en")} entities (the report runs them side by side on the pool), last 30 days / last 12 months, p95 ms: ${Object.entries(last.eachInsight)
      .map(([name, t]) => `${name} ${t.days30.p95.toFixed(0)} / ${t.days365.p95.toFixed(0)}`)
      .join(", ")}.`,
    "",
    `Adoption insights read, besides each size's entities and scorecards, a year of use written in SQL: ${last.insightsData.runs.toLocaleString("en")} runs (1,000 a day), ${last.insightsData.activityDays.toLocaleString("en")} user-days of activity (2,000 users), ${last.insightsData.deployments.toLocaleString("en")} production deployments and a daily snapshot of each scorecard; ${INSIGHT_RUNS} measured reports each. The golden paths read the daily roll-up of runs (server/insights/run-totals.ts), built whole from the year in ${last.rollupBuildSeconds.toFixed(1)} s and rolled forward by a day (the job after midnight) in ${last.rollupDaySeconds.toFixed(2)} s.`,
    "",
    `Self-service runs (${runBench.runs.toLocaleString("en")}, webhook on loopback answering at once):`,
    "",
    `- Run creation (validated, audited): ${ms(runBench.create)} ms p50 / p95 / p99`,
    `- Dispatch by two workers to the end of every run: ${runBench.dispatchSeconds.toFixed(1)} s, ${Math.round(runBench.dispatchPerSecond).toLocaleString("en")} runs/s (${runBench.succeeded} SUCCESS)`,
    "",
  ];
  const at = (n: number) => rows.find((r) => r.size === n);
  const big = at(100_000);
  const verdicts: Verdict[] = big
    ? [
        { target: "bulk ingest of 100,000 entities < 30 s", measured: `${big.ingestSeconds.toFixed(1)} s`, pass: big.ingestSeconds < 30 },
        { target: "filtered, sorted page p95 < 50 ms at 100,000", measured: `${big.page.p95.toFixed(1)} ms`, pass: big.page.p95 < 50 },
        { target: "facet counts p95 < 50 ms at 100,000", measured: `${big.facets.p95.toFixed(1)} ms`, pass: big.facets.p95 < 50 },
        { target: "full-text search p95 < 100 ms at 100,000", measured: `${big.search.p95.toFixed(1)} ms`, pass: big.search.p95 < 100 },
        { target: "full evaluation of 10 scorecards over 100,000 < 5 s", measured: `${big.scorecardSeconds.toFixed(1)} s`, pass: big.scorecardSeconds < 5 },
        { target: "one entity re-scored p95 < 20 ms", measured: `${big.rescore.p95.toFixed(1)} ms`, pass: big.rescore.p95 < 20 },
        { target: "scorecard page queries p95 < 100 ms at 100,000", measured: `${big.scorecardPage.p95.toFixed(1)} ms`, pass: big.scorecardPage.p95 < 100 },
        { target: "adoption insights (every insight) p95 < 200 ms at 100,000 and a year of runs, 30 days", measured: `${big.insights30.p95.toFixed(1)} ms`, pass: big.insights30.p95 < 200 },
        { target: "adoption insights p95 < 200 ms, 12 months", measured: `${big.insights365.p95.toFixed(1)} ms`, pass: big.insights365.p95 < 200 },
        { target: "adoption insights p95 < 200 ms, 12 months, catalog changed before each", measured: `${big.insights365AfterWrite.p95.toFixed(1)} ms`, pass: big.insights365AfterWrite.p95 < 200 },
        { target: "adoption insights p95 < 200 ms, one team, 90 days", measured: `${big.insightsTeam.p95.toFixed(1)} ms`, pass: big.insightsTeam.p95 < 200 },
      ]
    : [];
  verdicts.push({ target: "every dispatched run ends", measured: `${runBench.succeeded} of ${runBench.runs}`, pass: runBench.succeeded === runBench.runs });
  writeSection("bench", lines, { date: new Date().toISOString(), machine: machine(), database: version, commit: commit(), cpuStealPercent: stolen, runs: RUNS, sizes: rows, selfServiceRuns: runBench, verdicts });
  process.stdout.write(`\n${lines.join("\n")}\n`);
  printVerdicts(verdicts);
  // embedded-postgres hooks process exit, so say the code explicitly.
  process.exit(verdicts.some((v) => !v.pass) ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
