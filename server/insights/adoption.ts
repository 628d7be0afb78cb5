import "server-only";
import { sql } from "drizzle-orm";
import { runPaths, runs, teamMembers, teams, userActivityYears } from "@/db/schema";
import { dayStart, utcDay } from "./activity";
import { median } from "./histogram";
import { addTotals, emptyTotals, periodTotals, runTotalsThrough, type PathTotals, type RunTotals } from "./run-totals";
import type { ServiceContext } from "../context";
import { DAY_MS, teamArray, type InsightsWindow, type Trend } from "./window";

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

/**
 * Weekly active users, for everyone (or the team's members) and per team (its members now). Read from a
 * bit per user and day (`user_activity_years`): a row per user and year, walked here.
 */
export async function activeUsers(ctx: ServiceContext, w: InsightsWindow): Promise<ActiveUsers> {
  const weeks = Math.max(1, Math.floor(w.days / 7));
  // Days are UTC dates; the period's last day is the day of `to`, so a week is [end - 6, end].
  const end = dayStart(utcDay(w.to)).getTime() / DAY_MS;
  const first = end - weeks * 14 + 1;
  const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
  const only = teamArray(w);
  const [years, members, teamRows] = await Promise.all([
    // The bits as PostgreSQL sends them (a 4-byte length, then a byte per 8 days, first day highest): a tenth of their text.
    ctx.db.execute<{ userId: string; year: number; days: Uint8Array }>(sql`
      select a.user_id as "userId", a.year, varbit_send(a.days) as days from ${userActivityYears} a
      where a.year between ${yearOf(first)} and ${yearOf(end)}
        ${only ? sql`and exists (select 1 from ${teamMembers} f where f.user_id = a.user_id and f.team_id = any(${only}))` : sql``}`),
    ctx.db.execute<{ userId: string; team: string }>(sql`
      select m.user_id as "userId", m.team_id as team from ${teamMembers} m ${only ? sql`where m.team_id = any(${only})` : sql``}`),
    ctx.db.execute<{ id: string; title: string }>(sql`select t.id, t.title from ${teams} t ${only ? sql`where t.id = any(${only})` : sql``} order by t.title`),
  ]);
  const memberCount = new Map<string, number>();
  for (const m of members) memberCount.set(m.team, (memberCount.get(m.team) ?? 0) + 1);
  // The weeks (blocks of 7 days back from the end, 0 the last) each user was active in.
  const blocksOf = new Map<string, Set<number>>();
  for (const row of years) {
    const dayZero = Date.UTC(row.year, 0, 1) / DAY_MS;
    const bits = row.days;
    const from = Math.max(0, first - dayZero);
    const to = Math.min((bits.length - 4) * 8 - 1, end - dayZero);
    let blocks = blocksOf.get(row.userId);
    for (let i = from; i <= to; i++) {
      const byte = bits[4 + (i >> 3)]!;
      if (byte === 0) {
        i |= 7; // the rest of an empty byte
        continue;
      }
      if (byte & (0x80 >> (i & 7))) {
        blocks ??= blocksOf.set(row.userId, new Set()).get(row.userId)!;
        blocks.add(Math.floor((end - (dayZero + i)) / 7));
      }
    }
  }
  const overall = new Map<number, number>();
  const perTeam = new Map<string, Map<number, number>>();
  const count = (into: Map<number, number>, blocks: Set<number>) => {
    for (const b of blocks) into.set(b, (into.get(b) ?? 0) + 1);
  };
  for (const blocks of blocksOf.values()) count(overall, blocks);
  for (const m of members) {
    const blocks = blocksOf.get(m.userId);
    if (blocks) count(perTeam.get(m.team) ?? perTeam.set(m.team, new Map()).get(m.team)!, blocks);
  }
  const average = (counts: Map<number, number>, firstBlock: number) => {
    let sum = 0;
    for (let b = firstBlock; b < firstBlock + weeks; b++) sum += counts.get(b) ?? 0;
    return Math.round((sum / weeks) * 10) / 10;
  };
  return {
    weekly: Array.from({ length: weeks * 2 }, (_, i) => {
      const block = weeks * 2 - 1 - i;
      return { weekEnding: new Date((end - block * 7) * DAY_MS).toISOString().slice(0, 10), users: overall.get(block) ?? 0, previous: block >= weeks };
    }),
    weeklyAverage: { current: average(overall, 0), previous: average(overall, weeks) },
    byTeam: teamRows.map((t) => {
      const counts = perTeam.get(t.id) ?? new Map<number, number>();
      return { team: t.id, title: t.title, members: memberCount.get(t.id) ?? 0, weeklyAverage: { current: average(counts, 0), previous: average(counts, weeks) } };
    }),
  };
}

export type RunFigures = { runs: number; succeeded: number; failed: number; successRate: number | null; medianDurationSeconds: number | null; medianApprovalWaitSeconds: number | null };
export type GoldenPathRow = { action: string; title: string; team: string | null } & Trend<RunFigures>;
export type GoldenPaths = { actions: GoldenPathRow[]; byTeam: GoldenPathRow[]; total: Trend<RunFigures> };

/**
 * Runs per golden path (each action) and per requesting team, with the success rate (of runs that
 * succeeded or failed), the median time from dispatch to the end, and the median wait for the first
 * approval decision; for the period and the period before. Read from the daily roll-up (run-totals.ts):
 * counts are exact, medians within 4.4 % (histogram.ts). A run requested by two teams counts once in the
 * totals and the action's figures, and once for each team.
 */
export async function goldenPaths(ctx: ServiceContext, w: InsightsWindow): Promise<GoldenPaths> {
  const paths = await periodTotals(ctx.db, w);
  const sums = () => ({ current: emptyTotals(), previous: emptyTotals() });
  const total = sums();
  const actions = new Map<string, { action: string; title: string; team: null } & Trend<RunTotals>>();
  const byTeam = new Map<string, { action: string; title: string; team: string | null } & Trend<RunTotals>>();
  const add = (into: Trend<RunTotals>, p: PathTotals) => {
    addTotals(into.current, p.current);
    addTotals(into.previous, p.previous);
  };
  for (const p of paths) {
    if (!p.current.runs && !p.previous.runs) continue;
    add(total, p);
    add(actions.get(p.action) ?? actions.set(p.action, { action: p.action, title: p.title, team: null, ...sums() }).get(p.action)!, p);
    for (const team of p.teams.length ? p.teams : [null]) {
      if (w.teams && (team === null || !w.teams.includes(team))) continue;
      const key = `${p.action}\u0000${team ?? ""}`;
      add(byTeam.get(key) ?? byTeam.set(key, { action: p.action, title: p.title, team, ...sums() }).get(key)!, p);
    }
  }
  const row = (r: { action: string; title: string; team: string | null } & Trend<RunTotals>): GoldenPathRow => ({
    action: r.action,
    title: r.title,
    team: r.team,
    current: figures(r.current),
    previous: figures(r.previous),
  });
  const busiestFirst = (a: GoldenPathRow, b: GoldenPathRow) =>
    b.current.runs - a.current.runs || a.title.localeCompare(b.title) || a.action.localeCompare(b.action) || (a.team ?? "~").localeCompare(b.team ?? "~");
  return {
    actions: [...actions.values()].map(row).sort(busiestFirst),
    byTeam: [...byTeam.values()].map(row).sort(busiestFirst),
    total: { current: figures(total.current), previous: figures(total.previous) },
  };
}

const figures = (t: RunTotals): RunFigures => ({
  runs: t.runs,
  succeeded: t.succeeded,
  failed: t.failed,
  successRate: t.succeeded + t.failed ? t.succeeded / (t.succeeded + t.failed) : null,
  medianDurationSeconds: median(t.durations),
  medianApprovalWaitSeconds: median(t.waits),
});

/**
 * Teams whose members never ran a golden path (no run ever requested by one of them): no path of the
 * roll-up names them, nor any run since it.
 */
export async function teamsWithoutGoldenPaths(ctx: ServiceContext, w: InsightsWindow) {
  const only = teamArray(w);
  const through = await runTotalsThrough(ctx.db, w.to);
  return ctx.db.execute<{ team: string; title: string; members: number }>(sql`
    select t.id as team, t.title, (select count(*) from ${teamMembers} m where m.team_id = t.id)::int as members
    from ${teams} t
    where not exists (select 1 from ${runPaths} p where p.teams @> array[t.id])
      and not exists (select 1 from ${runs} r where r.created_at >= ${through}::date::timestamp at time zone 'UTC' and t.id = any(r.requester_teams))
      ${only ? sql`and t.id = any(${only})` : sql``}
    order by t.title`);
}
