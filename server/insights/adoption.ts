import "server-only";
import { sql } from "drizzle-orm";
import { runApprovals, runs, teamMembers, teams, userActivityDays } from "@/db/schema";
import type { ServiceContext } from "../context";
import { DAY_MS, iso, teamArray, type InsightsWindow, type Trend } from "./window";

/**
 * Whether the platform is used: who is active, which golden paths (self-service actions) each team
 * runs and how they go, and which teams never ran one. Read from what Portico records anyway: the
 * days users were active, runs and their approvals.
 */

export type ActiveUsers = {
  /** Weeks of 7 days counted back from the end of the period, oldest first; `previous` marks the period before. */
  weekly: { weekEnding: string; users: number; previous: boolean }[];
  /** Average weekly active users over the full weeks of the period, and of the period before. */
  weeklyAverage: Trend<number>;
  byTeam: { team: string; title: string; members: number; weeklyAverage: Trend<number> }[];
};

/** Weekly active users, for everyone (or the team's members) and per team. */
export async function activeUsers(ctx: ServiceContext, w: InsightsWindow): Promise<ActiveUsers> {
  const weeks = Math.max(1, Math.floor(w.days / 7));
  // Days are UTC dates; the period's last day is the day of `to`, so a week is [end - 6, end].
  const end = sql`${iso(w.to).slice(0, 10)}::date`;
  const only = teamArray(w);
  const [rows, teamRows] = await Promise.all([
    ctx.db.execute<{ block: number; team: string | null; overall: number; users: number }>(sql`
    select (${end} - a.day) / 7 as block, m.team_id as team, grouping(m.team_id) as overall, count(distinct a.user_id)::int as users
    from ${userActivityDays} a
    left join ${teamMembers} m on m.user_id = a.user_id ${only ? sql`and m.team_id = any(${only})` : sql``}
    where a.day > ${end} - ${weeks * 14}::int and a.day <= ${end}
      ${only ? sql`and exists (select 1 from ${teamMembers} f where f.user_id = a.user_id and f.team_id = any(${only}))` : sql``}
    group by grouping sets ((1), (1, m.team_id))`),
    ctx.db.execute<{ id: string; title: string; members: number }>(sql`
    select t.id, t.title, (select count(*) from ${teamMembers} m where m.team_id = t.id)::int as members
    from ${teams} t ${only ? sql`where t.id = any(${only})` : sql``} order by t.title`),
  ]);
  const average = (counts: Map<number, number>, first: number) => {
    let sum = 0;
    for (let b = first; b < first + weeks; b++) sum += counts.get(b) ?? 0;
    return Math.round((sum / weeks) * 10) / 10;
  };
  const overall = new Map<number, number>();
  const perTeam = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (Number(r.overall) === 1) overall.set(Number(r.block), r.users);
    else if (r.team) {
      const m = perTeam.get(r.team) ?? new Map<number, number>();
      m.set(Number(r.block), r.users);
      perTeam.set(r.team, m);
    }
  }
  const endAt = new Date(`${iso(w.to).slice(0, 10)}T00:00:00Z`).getTime();
  return {
    weekly: Array.from({ length: weeks * 2 }, (_, i) => {
      const block = weeks * 2 - 1 - i;
      return { weekEnding: new Date(endAt - block * 7 * DAY_MS).toISOString().slice(0, 10), users: overall.get(block) ?? 0, previous: block >= weeks };
    }),
    weeklyAverage: { current: average(overall, 0), previous: average(overall, weeks) },
    byTeam: teamRows.map((t) => {
      const counts = perTeam.get(t.id) ?? new Map<number, number>();
      return { team: t.id, title: t.title, members: t.members, weeklyAverage: { current: average(counts, 0), previous: average(counts, weeks) } };
    }),
  };
}

export type RunFigures = { runs: number; succeeded: number; failed: number; successRate: number | null; medianDurationSeconds: number | null; medianApprovalWaitSeconds: number | null };
export type GoldenPathRow = { action: string; title: string; team: string | null } & Trend<RunFigures>;
export type GoldenPaths = { actions: GoldenPathRow[]; byTeam: GoldenPathRow[]; total: Trend<RunFigures> };

const emptyFigures = (): RunFigures => ({ runs: 0, succeeded: 0, failed: 0, successRate: null, medianDurationSeconds: null, medianApprovalWaitSeconds: null });

/**
 * Runs per golden path (each action) and per requesting team, with the success rate (of runs that
 * succeeded or failed), the median time from dispatch to the end, and the median wait for the first
 * approval decision; for the period and the period before.
 */
export async function goldenPaths(ctx: ServiceContext, w: InsightsWindow): Promise<GoldenPaths> {
  const only = teamArray(w);
  // One sort for the three levels: `group by current, rollup(action, team)` over each run once per requesting
  // team (of the filter). The total and per-action figures count each run once (its first team's row, `ord = 1`);
  // the per-team figures count every team's row. (Three separate groupings sorted the runs three times.)
  // (grouping() may not appear in a FILTER: each figure is the pair of aggregates, one picked per level.)
  const perLevel = (aggregate: (filter: string) => string) =>
    sql.raw(`case when grouping(t.team) = 1 then ${aggregate("t.ord = 1")} else ${aggregate("true")} end`);
  const median = (column: string) => perLevel((f) => `percentile_cont(0.5) within group (order by b.${column}) filter (where ${f} and b.${column} is not null)`);
  const counted = (condition: string) => perLevel((f) => `count(*) filter (where ${f} and ${condition})`);
  const rows = await ctx.db.execute<{ level: number; action: string | null; title: string | null; team: string | null; current: boolean } & Omit<RunFigures, "successRate">>(sql`
    with b as (
      select r.action, r.action_title as title, r.requester_teams as teams, r.status, r.created_at >= ${iso(w.from)}::timestamptz as current,
        case when r.status in ('SUCCESS', 'FAILURE') and r.started_at is not null then extract(epoch from r.finished_at - r.started_at) end as duration,
        extract(epoch from ap.at - r.created_at) as wait
      from ${runs} r
      left join (select a.run_id, min(a.at) as at from ${runApprovals} a where a.at >= ${iso(w.previousFrom)}::timestamptz group by a.run_id) ap on ap.run_id = r.id
      where r.created_at >= ${iso(w.previousFrom)}::timestamptz and r.created_at < ${iso(w.to)}::timestamptz
        ${only ? sql`and r.requester_teams && ${only}` : sql``})
    select grouping(b.action, t.team) as level, b.action, max(b.title) as title, t.team, b.current,
      (${counted("true")})::int as runs,
      (${counted("b.status = 'SUCCESS'")})::int as succeeded,
      (${counted("b.status = 'FAILURE'")})::int as failed,
      ${median("duration")} as "medianDurationSeconds",
      ${median("wait")} as "medianApprovalWaitSeconds"
    from b cross join lateral (
      select team, row_number() over () as ord
      from unnest(case when cardinality(b.teams) = 0 then array[null::text] else b.teams end) team
      ${only ? sql`where team = any(${only})` : sql``}) t
    group by b.current, rollup(b.action, t.team)`);
  const finish = (r: Omit<RunFigures, "successRate">): RunFigures => ({
    runs: r.runs,
    succeeded: r.succeeded,
    failed: r.failed,
    successRate: r.succeeded + r.failed ? r.succeeded / (r.succeeded + r.failed) : null,
    medianDurationSeconds: r.medianDurationSeconds === null ? null : Number(r.medianDurationSeconds),
    medianApprovalWaitSeconds: r.medianApprovalWaitSeconds === null ? null : Number(r.medianApprovalWaitSeconds),
  });
  const total: Trend<RunFigures> = { current: emptyFigures(), previous: emptyFigures() };
  const actions = new Map<string, GoldenPathRow>();
  const byTeam = new Map<string, GoldenPathRow>();
  for (const r of rows) {
    const f = finish(r);
    // grouping(action, team): 3 the total, 1 per action, 0 per action and team.
    const level = Number(r.level);
    if (level === 3) {
      total[r.current ? "current" : "previous"] = f;
      continue;
    }
    const into = level === 1 ? actions : byTeam;
    const key = `${r.action}\u0000${r.team ?? ""}`;
    const row = into.get(key) ?? { action: r.action!, title: r.title ?? r.action!, team: r.team, current: emptyFigures(), previous: emptyFigures() };
    row[r.current ? "current" : "previous"] = f;
    into.set(key, row);
  }
  const busiestFirst = (a: GoldenPathRow, b: GoldenPathRow) => b.current.runs - a.current.runs || a.title.localeCompare(b.title) || (a.team ?? "~").localeCompare(b.team ?? "~");
  return { actions: [...actions.values()].sort(busiestFirst), byTeam: [...byTeam.values()].sort(busiestFirst), total };
}

/** Teams whose members never ran a golden path (no run ever requested by one of them). */
export async function teamsWithoutGoldenPaths(ctx: ServiceContext, w: InsightsWindow) {
  const only = teamArray(w);
  return ctx.db.execute<{ team: string; title: string; members: number }>(sql`
    select t.id as team, t.title, (select count(*) from ${teamMembers} m where m.team_id = t.id)::int as members
    from ${teams} t
    where not exists (select 1 from ${runs} r where r.requester_teams @> array[t.id]) ${only ? sql`and t.id = any(${only})` : sql``}
    order by t.title`);
}
