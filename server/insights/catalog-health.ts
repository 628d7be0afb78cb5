import "server-only";
import { sql } from "drizzle-orm";
import { blueprints, catalogVersions, deployments, entities, entityDocs, runs, scorecards, scorecardTrends } from "@/db/schema";
import { cacheableVersion, cachedAggregate } from "../catalog/aggregate-cache";
import type { ServiceContext } from "../context";
import { iso, teamArray, type InsightsWindow, type Trend } from "./window";

/**
 * Whether the catalog and the services in it get better: how complete entities are, how long a
 * service created through a golden path takes to reach production, and how teams' scorecard levels move.
 */

const nonEmpty = (path: ReturnType<typeof sql>) => sql`coalesce(${path}, '') <> ''`;

/**
 * What makes an entity complete, each a SQL condition over the entity: the same properties the
 * Backstage import writes (description, repository from the source annotations, the TechDocs reference),
 * and docs Portico has read from the repository.
 */
export const completenessChecks = {
  owner: { title: "Owner", condition: sql`cardinality(e.team) > 0` },
  description: { title: "Description", condition: nonEmpty(sql`e.properties->>'description'`) },
  docs: {
    title: "Docs",
    // Docs Portico has read (docs/sync.ts), or a link to docs elsewhere.
    condition: sql`(${nonEmpty(sql`e.properties->>'docs'`)} or ${nonEmpty(sql`e.properties->>'documentation'`)} or ${nonEmpty(sql`e.properties->'annotations'->>'backstage.io/techdocs-ref'`)}
      or exists (select 1 from entity_docs d where d.blueprint = e.blueprint and d.identifier = e.identifier and d.pages > 0))`,
  },
  repository: {
    title: "Repository",
    condition: sql`(${nonEmpty(sql`e.properties->>'repository'`)} or ${nonEmpty(sql`e.properties->>'repo'`)} or ${nonEmpty(sql`e.properties->'annotations'->>'github.com/project-slug'`)} or ${nonEmpty(sql`e.properties->'annotations'->>'backstage.io/source-location'`)})`,
  },
} as const;
export type CompletenessCheck = keyof typeof completenessChecks;
const checkKeys = Object.keys(completenessChecks) as CompletenessCheck[];

export type CompletenessCounts = { total: number } & Record<CompletenessCheck, number>;
export type Completeness = {
  checks: { key: CompletenessCheck; title: string }[];
  blueprints: ({ blueprint: string; title: string } & CompletenessCounts)[];
  byTeam: ({ blueprint: string; team: string | null } & CompletenessCounts)[];
};

const zero = (): CompletenessCounts => ({ total: 0, owner: 0, description: 0, docs: 0, repository: 0 });

/**
 * Entities with an owner, a description, docs and a repository, per blueprint and per owning team, as
 * the catalog is now. One scan, grouped by blueprint and owner set (a few hundred groups), summed here;
 * cached in this process while the catalog and the docs are unchanged (catalog/aggregate-cache.ts).
 */
export async function completeness(ctx: ServiceContext, w: InsightsWindow): Promise<Completeness> {
  // A scan of the catalog: kept while the catalog (every blueprint's version) and the docs read are as they were.
  const [state] = await ctx.db.execute<{ catalog: string | null; docs: string }>(sql`
    select (select string_agg(v.blueprint || '=' || v.version, ',' order by v.blueprint) from ${catalogVersions} v) as catalog,
      (select md5(coalesce(string_agg(d.blueprint || '/' || d.identifier, ',' order by d.blueprint, d.identifier), '')) from ${entityDocs} d where d.pages > 0) as docs`);
  const version = cacheableVersion(ctx.db, state?.catalog ? `${state.catalog};${state.docs}` : null);
  return cachedAggregate(version, ["insights-completeness", ...(w.teams ?? ["*"])], () => countCompleteness(ctx, w));
}

async function countCompleteness(ctx: ServiceContext, w: InsightsWindow): Promise<Completeness> {
  const only = teamArray(w);
  const [rows, blueprintRows] = await Promise.all([
    ctx.db.execute<{ blueprint: string; team: string[] } & CompletenessCounts>(sql`
    select e.blueprint, e.team, count(*)::int as total,
      ${sql.join(
        checkKeys.map((k) => sql`count(*) filter (where ${completenessChecks[k].condition})::int as ${sql.identifier(k)}`),
        sql`, `,
      )}
    from ${entities} e
    where e.blueprint not in ('team', 'environment') ${only ? sql`and e.team && ${only}` : sql``}
    group by e.blueprint, e.team`),
    ctx.db.select({ identifier: blueprints.identifier, title: blueprints.title }).from(blueprints),
  ]);
  const titles = new Map(blueprintRows.map((b) => [b.identifier, b.title]));
  const perBlueprint = new Map<string, CompletenessCounts>();
  const perTeam = new Map<string, { blueprint: string; team: string | null } & CompletenessCounts>();
  const add = (into: CompletenessCounts, r: CompletenessCounts) => {
    into.total += r.total;
    for (const k of checkKeys) into[k] += r[k];
  };
  for (const r of rows) {
    add(perBlueprint.get(r.blueprint) ?? perBlueprint.set(r.blueprint, zero()).get(r.blueprint)!, r);
    for (const team of r.team.length ? r.team : [null]) {
      if (only && (team === null || !w.teams!.includes(team))) continue;
      const key = `${r.blueprint}\u0000${team ?? ""}`;
      add(perTeam.get(key) ?? perTeam.set(key, { blueprint: r.blueprint, team, ...zero() }).get(key)!, r);
    }
  }
  return {
    checks: checkKeys.map((key) => ({ key, title: completenessChecks[key].title })),
    blueprints: [...perBlueprint.entries()].map(([blueprint, c]) => ({ blueprint, title: titles.get(blueprint) ?? blueprint, ...c })).sort((a, b) => b.total - a.total || a.title.localeCompare(b.title)),
    byTeam: [...perTeam.values()].sort((a, b) => a.blueprint.localeCompare(b.blueprint) || (a.team ?? "~").localeCompare(b.team ?? "~")),
  };
}

export type ProductionFigures = { created: number; deployed: number; medianHours: number | null };
export type TimeToProduction = Trend<ProductionFigures> & {
  byTeam: ({ team: string | null } & Trend<ProductionFigures>)[];
  /** Services created in the period that have not reached production yet, oldest first. */
  waiting: { service: string; team: string | null; createdAt: string; action: string }[];
};

const noProduction = (): ProductionFigures => ({ created: 0, deployed: 0, medianHours: null });

/**
 * From "create a service" (a golden path of operation CREATE that succeeded and created a service) to
 * that service's first successful production deployment, for services created in the period and the
 * period before. Teams are the requester's.
 */
export async function timeToProduction(ctx: ServiceContext, w: InsightsWindow): Promise<TimeToProduction> {
  const only = teamArray(w);
  const created = sql`
    select r.action, r.created_at, r.created_at >= ${iso(w.from)}::timestamptz as current, r.requester_teams as teams, s.service,
      (select min(coalesce(d.finished_at, d.started_at)) from ${deployments} d
        where d.service = s.service and d.environment_type = 'production' and d.status = 'SUCCESS' and d.started_at >= r.created_at) as first_at
    from ${runs} r
    -- (A JSON path, not jsonb_array_elements: the planner memoizes the latter per run, for nothing, at twice the cost.)
    cross join lateral jsonb_path_query(r.affected_entities, '$[*] ? (@.blueprint == "service").identifier') ae(identifier)
    cross join lateral (select ae.identifier #>> '{}' as service) s
    where r.created_at >= ${iso(w.previousFrom)}::timestamptz and r.created_at < ${iso(w.to)}::timestamptz
      and r.status = 'SUCCESS' and r.action_snapshot->>'operation' = 'CREATE'
      ${only ? sql`and r.requester_teams && ${only}` : sql``}`;
  const figures = sql`count(*)::int as created, count(c.first_at)::int as deployed,
      percentile_cont(0.5) within group (order by extract(epoch from c.first_at - c.created_at) / 3600) filter (where c.first_at is not null) as "medianHours"`;
  // One statement: the services created are read once (through runs_created_services_idx), for the figures and the waiting list.
  const [row] = await ctx.db.execute<{ groups: ({ team: string | null; overall: number; current: boolean } & ProductionFigures)[] | null; waiting: { service: string; team: string | null; createdAt: string; action: string }[] | null }>(sql`
    with c as materialized (${created}),
    groups as (
      select null as team, 1 as overall, c.current, ${figures} from c group by c.current
      union all
      select t.team, 0, c.current, ${figures}
      from c cross join lateral unnest(case when cardinality(c.teams) = 0 then array[null::text] else c.teams end) t(team)
      ${only ? sql`where t.team = any(${only})` : sql``}
      group by t.team, c.current)
    select (select json_agg(g) from groups g) as groups,
      (select json_agg(w) from (select c.service, c.teams[1] as team, c.created_at as "createdAt", c.action from c
        where c.current and c.first_at is null order by c.created_at limit 20) w) as waiting`);
  const groups = row?.groups ?? [];
  const waiting = row?.waiting ?? [];
  const result: TimeToProduction = { current: noProduction(), previous: noProduction(), byTeam: [], waiting: waiting.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })) };
  const teams = new Map<string, { team: string | null } & Trend<ProductionFigures>>();
  for (const g of groups) {
    const f = { created: g.created, deployed: g.deployed, medianHours: g.medianHours === null ? null : Number(g.medianHours) };
    if (Number(g.overall) === 1) {
      result[g.current ? "current" : "previous"] = f;
      continue;
    }
    const row = teams.get(g.team ?? "") ?? { team: g.team, current: noProduction(), previous: noProduction() };
    row[g.current ? "current" : "previous"] = f;
    teams.set(g.team ?? "", row);
  }
  result.byTeam = [...teams.values()].sort((a, b) => (a.team ?? "~").localeCompare(b.team ?? "~"));
  return result;
}

export type LevelPoint = { at: string; entities: number; averageLevel: number } | null;
export type ScorecardMovementRow = {
  blueprint: string;
  scorecard: string;
  title: string;
  levels: string[];
  /** null: everyone (the scorecard's own counts). */
  team: string | null;
  /** The latest daily snapshot at or before the start of the period before, the start of the period, and its end. */
  before: LevelPoint;
  start: LevelPoint;
  end: LevelPoint;
  /** Average level gained in the period, and in the period before. */
  change: Trend<number | null>;
};

/**
 * How the average scorecard level moved, per scorecard for everyone and per owning team, from the
 * daily snapshots (scorecard_trends: a few rows per scorecard, however many entities it scores).
 */
export async function scorecardMovement(ctx: ServiceContext, w: InsightsWindow): Promise<ScorecardMovementRow[]> {
  const at = (instant: Date) =>
    ctx.db.execute<{ blueprint: string; scorecard: string; at: string; counts: number[]; teamCounts: Record<string, Record<string, number>> | null }>(sql`
      select distinct on (t.blueprint, t.scorecard) t.blueprint, t.scorecard, t.taken_at::text as at, t.counts, t.team_counts as "teamCounts"
      from ${scorecardTrends} t where t.taken_at <= ${iso(instant)}::timestamptz
      order by t.blueprint, t.scorecard, t.taken_at desc`);
  const [cards, before, start, end] = await Promise.all([
    ctx.db.select({ blueprint: scorecards.blueprint, identifier: scorecards.identifier, title: scorecards.title, levels: scorecards.levels }).from(scorecards),
    at(w.previousFrom),
    at(w.from),
    at(w.to),
  ]);
  const key = (b: string, s: string) => `${b}/${s}`;
  const index = (rows: typeof before) => new Map(rows.map((r) => [key(r.blueprint, r.scorecard), r]));
  const points = [index(before), index(start), index(end)] as const;
  const point = (counts: Record<string, number> | number[] | undefined, taken: string | undefined): LevelPoint => {
    if (!counts || !taken) return null;
    let n = 0;
    let sum = 0;
    for (const [level, count] of Object.entries(counts)) {
      n += count;
      sum += Number(level) * count;
    }
    return n ? { at: new Date(taken).toISOString(), entities: n, averageLevel: Math.round((sum / n) * 100) / 100 } : null;
  };
  const change = (a: LevelPoint, b: LevelPoint) => (a && b ? Math.round((b.averageLevel - a.averageLevel) * 100) / 100 : null);
  const rows: ScorecardMovementRow[] = [];
  for (const card of cards.sort((a, b) => a.title.localeCompare(b.title))) {
    const k = key(card.blueprint, card.identifier);
    const snaps = points.map((p) => p.get(k));
    if (!snaps[2]) continue;
    // Entities without an owner ("") count for everyone only.
    const teamsSeen = new Set(snaps.flatMap((s) => Object.keys(s?.teamCounts ?? {})).filter((t) => t !== ""));
    const scopes: (string | null)[] = w.teams ? [...teamsSeen].filter((t) => w.teams!.includes(t)) : [null, ...teamsSeen];
    for (const team of scopes.sort((a, b) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))) {
      const [b, s, e] = snaps.map((snap) => point(team === null ? snap?.counts : snap?.teamCounts?.[team], snap?.at));
      rows.push({
        blueprint: card.blueprint,
        scorecard: card.identifier,
        title: card.title,
        levels: (card.levels as { title: string }[]).map((l) => l.title),
        team,
        before: b!,
        start: s!,
        end: e!,
        change: { current: change(s!, e!), previous: change(b!, s!) },
      });
    }
  }
  return rows;
}
