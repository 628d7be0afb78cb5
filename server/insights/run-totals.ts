import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { runPaths, runTotals } from "@/db/schema";
import { addTo, bucketOf, emptyHistogram, pack, unpack, type Histogram } from "./histogram";
import { dayStart, utcDay } from "./activity";
import { teamArray, type InsightsWindow } from "./window";

/**
 * The daily roll-up of runs behind the golden-path insights. For each path (an action as requested by a
 * set of teams) `run_totals` holds running totals up to the end of each day the path ran, so a period's
 * figures are two rows per path whatever its length, and today's runs (and any day not rolled up yet) are
 * read from `runs` and added. Triggers (migration 0033) mark the days whose runs changed after they were
 * rolled up; they are rolled up again before the next read, and by the job every few minutes.
 */

export type RunTotals = { runs: number; succeeded: number; failed: number; durations: Histogram; waits: Histogram };
export type PathTotals = { action: string; title: string; teams: string[] } & { current: RunTotals; previous: RunTotals };

export const emptyTotals = (): RunTotals => ({ runs: 0, succeeded: 0, failed: 0, durations: emptyHistogram(), waits: emptyHistogram() });

/** Adds `from` into `into` (or takes it away): the figures of several paths, or of a period between two bounds. */
export function addTotals(into: RunTotals, from: RunTotals, sign: 1 | -1 = 1) {
  into.runs += sign * from.runs;
  into.succeeded += sign * from.succeeded;
  into.failed += sign * from.failed;
  addTo(into.durations, from.durations, sign);
  addTo(into.waits, from.waits, sign);
  return into;
}

type RunFacts = { status: string; duration: number | null; wait: number | null };

function addRun(into: RunTotals, run: RunFacts) {
  into.runs += 1;
  if (run.status === "SUCCESS") into.succeeded += 1;
  if (run.status === "FAILURE") into.failed += 1;
  if (run.duration !== null) into.durations[bucketOf(Number(run.duration))]! += 1;
  if (run.wait !== null) into.waits[bucketOf(Number(run.wait))]! += 1;
}

/** What a run adds to the totals, as SQL over `runs r`: the same for the roll-up and for the runs read live. */
const runFacts = sql`r.status,
  case when r.status in ('SUCCESS', 'FAILURE') and r.started_at is not null and r.finished_at is not null then extract(epoch from r.finished_at - r.started_at)::float8 end as duration,
  extract(epoch from (select min(a.at) from run_approvals a where a.run_id = r.id) - r.created_at)::float8 as wait`;

const pathKey = (action: string, teams: readonly string[]) => `${action}\u0000${teams.join("\u0001")}`;
const LOCK = sql`hashtextextended('portico:run-totals', 0)`;
const CHUNK = 40;

/**
 * Rolls up every day before today whose runs are not in the totals yet or changed since: the days after
 * the last roll-up for every path that ran on them, and the days the triggers marked. One path is
 * recomputed from its earliest such day on (its totals are running sums). One roll-up at a time.
 */
export async function rollUpRuns(db: DbOrTx, now = new Date()) {
  const today = utcDay(now);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK})`);
    const [state] = await tx.execute<{ through: string | null }>(sql`select runs_through::text as through from insights_rollup where id = 1 for update`);
    const through = state?.through ?? null;
    const todayAt = dayStart(today).toISOString();
    const stale = await tx.execute<{ action: string; teams: string[]; day: string }>(sql`
      delete from run_totals_stale where day < ${today}::date returning action, teams, day::text as day`);
    // Paths that ran on days not rolled up yet: all of history the first time.
    const fresh = await tx.execute<{ action: string; teams: string[]; day: string }>(
      through === null
        ? sql`select action, requester_teams as teams, to_char(min(created_at) at time zone 'UTC', 'YYYY-MM-DD') as day from runs where created_at < ${todayAt}::timestamptz group by 1, 2`
        : sql`select distinct action, requester_teams as teams, ${through} as day from runs where created_at >= ${dayStart(through).toISOString()}::timestamptz and created_at < ${todayAt}::timestamptz`,
    );
    const from = new Map<string, { action: string; teams: string[]; day: string }>();
    for (const p of [...stale, ...fresh]) {
      const key = pathKey(p.action, p.teams);
      const seen = from.get(key);
      if (!seen || p.day < seen.day) from.set(key, { action: p.action, teams: p.teams, day: p.day });
    }
    const paths = [...from.values()];
    let rows = 0;
    for (let i = 0; i < paths.length; i += CHUNK) rows += await rollUpPaths(tx, paths.slice(i, i + CHUNK), todayAt);
    if (through === null || through < today) await tx.execute(sql`update insights_rollup set runs_through = ${today}::date, updated_at = now() where id = 1`);
    return { paths: paths.length, rows, through: today };
  });
}

/** Recomputes the running totals of some paths from a day on (up to the start of today). */
async function rollUpPaths(tx: DbOrTx, paths: { action: string; teams: string[]; day: string }[], todayAt: string) {
  const json = JSON.stringify(paths.map((p) => ({ action: p.action, teams: p.teams, from_at: dayStart(p.day).toISOString() })));
  const chosen = sql`jsonb_to_recordset(${json}::jsonb) as x(action text, teams text[], from_at timestamptz)`;
  const [bases, runRows] = await Promise.all([
    tx.execute<{ action: string; teams: string[] } & StoredTotals>(sql`
      select x.action, x.teams, c.runs, c.succeeded, c.failed, c.duration_offset as "durationOffset", c.durations, c.wait_offset as "waitOffset", c.waits
      from ${chosen} cross join lateral (
        select * from run_totals t where t.action = x.action and t.teams = x.teams and t.day < (x.from_at at time zone 'UTC')::date order by t.day desc limit 1) c`),
    tx.execute<{ action: string; teams: string[]; title: string; day: string } & RunFacts>(sql`
      select r.action, r.requester_teams as teams, r.action_title as title, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, ${runFacts}
      from ${chosen} join runs r on r.action = x.action and r.requester_teams = x.teams and r.created_at >= x.from_at and r.created_at < ${todayAt}::timestamptz`),
  ]);
  const running = new Map<string, RunTotals>();
  for (const b of bases) running.set(pathKey(b.action, b.teams), stored(b));
  // Each day a path ran adds that day's runs to its running totals, and the row
  // for the day is the totals as they stand after it.
  const values: (typeof runTotals.$inferInsert)[] = [];
  const titles = new Map<string, { action: string; teams: string[]; title: string }>();
  let open: { key: string; day: string; action: string; teams: string[] } | null = null;
  const close = () => {
    if (!open) return;
    const t = running.get(open.key)!;
    const durations = pack(t.durations);
    const waits = pack(t.waits);
    values.push({ action: open.action, teams: open.teams, day: open.day, runs: t.runs, succeeded: t.succeeded, failed: t.failed, durationOffset: durations.offset, durations: durations.counts, waitOffset: waits.offset, waits: waits.counts });
  };
  const order = (r: { action: string; teams: string[]; day: string }) => `${pathKey(r.action, r.teams)}\u0002${r.day}`;
  for (const r of runRows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))) {
    const key = pathKey(r.action, r.teams);
    if (open && (open.key !== key || open.day !== r.day)) close();
    if (!open || open.key !== key || open.day !== r.day) open = { key, day: r.day, action: r.action, teams: r.teams };
    addRun(running.get(key) ?? running.set(key, emptyTotals()).get(key)!, r);
    titles.set(key, { action: r.action, teams: r.teams, title: r.title });
  }
  close();
  await tx.execute(sql`delete from run_totals t using ${chosen} where t.action = x.action and t.teams = x.teams and t.day >= (x.from_at at time zone 'UTC')::date`);
  for (let i = 0; i < values.length; i += 1000) await tx.insert(runTotals).values(values.slice(i, i + 1000));
  if (titles.size) {
    await tx
      .insert(runPaths)
      .values([...titles.values()])
      .onConflictDoUpdate({ target: [runPaths.action, runPaths.teams], set: { title: sql`excluded.title` } });
  }
  // A path whose runs are all gone is no path any more.
  await tx.execute(sql`delete from run_paths p using ${chosen} where p.action = x.action and p.teams = x.teams
    and not exists (select 1 from run_totals t where t.action = p.action and t.teams = p.teams)`);
  return values.length;
}

type StoredTotals = { runs: number; succeeded: number; failed: number; durationOffset: number; durations: number[]; waitOffset: number; waits: number[] };
const stored = (row: StoredTotals): RunTotals => ({
  runs: row.runs,
  succeeded: row.succeeded,
  failed: row.failed,
  durations: unpack(row.durationOffset, row.durations),
  waits: unpack(row.waitOffset, row.waits),
});

const checking = new WeakMap<DbOrTx, Promise<string>>();

/**
 * The day the totals run up to (runs created before it are in them), after rolling up whatever is due:
 * one small read when nothing is. Concurrent callers share the check.
 */
export function runTotalsThrough(db: DbOrTx, now = new Date()): Promise<string> {
  const inFlight = checking.get(db);
  if (inFlight) return inFlight;
  const check = (async () => {
    const [state] = await db.execute<{ through: string | null; stale: boolean }>(sql`
      select i.runs_through::text as through, exists (select 1 from run_totals_stale s where s.day < i.runs_through) as stale from insights_rollup i where i.id = 1`);
    if (state?.through && state.through >= utcDay(now) && !state.stale) return state.through;
    return (await rollUpRuns(db, now)).through;
  })().finally(() => checking.delete(db));
  checking.set(db, check);
  return check;
}

/**
 * Each path's totals for the window's period and the period before (narrowed to paths a team of the
 * window requested): the running totals at the three bounds from the roll-up, plus the runs created since
 * it, read from `runs`.
 */
export async function periodTotals(db: DbOrTx, w: InsightsWindow): Promise<PathTotals[]> {
  const through = dayStart(await runTotalsThrough(db, w.to));
  const only = teamArray(w);
  const bounds = [w.previousFrom, w.from, w.to];
  // Before `split` (a midnight), a bound's totals are in the roll-up; from it to the bound, in `runs`.
  const splits = bounds.map((b) => {
    const midnight = dayStart(utcDay(b));
    return midnight < through ? midnight : through;
  });
  const liveFrom = Math.min(...splits.filter((split, i) => split < bounds[i]!).map((d) => d.getTime()));
  const [storedRows, liveRows] = await Promise.all([
    db.execute<{ action: string; title: string; teams: string[]; k: string } & StoredTotals>(sql`
      select p.action, p.title, p.teams, x.k, c.runs, c.succeeded, c.failed, c.duration_offset as "durationOffset", c.durations, c.wait_offset as "waitOffset", c.waits
      from run_paths p
      cross join unnest(array[${sql.join(splits.map((d) => sql`${utcDay(d)}::date`), sql`, `)}]) with ordinality x(day, k)
      cross join lateral (select * from run_totals t where t.action = p.action and t.teams = p.teams and t.day < x.day order by t.day desc limit 1) c
      ${only ? sql`where p.teams && ${only}` : sql``}`),
    Number.isFinite(liveFrom)
      ? db.execute<{ action: string; title: string; teams: string[]; createdMs: number } & RunFacts>(sql`
          select r.action, r.action_title as title, r.requester_teams as teams, (extract(epoch from r.created_at) * 1000)::float8 as "createdMs", ${runFacts}
          from runs r where r.created_at >= ${new Date(liveFrom).toISOString()}::timestamptz and r.created_at < ${w.to.toISOString()}::timestamptz
          ${only ? sql`and r.requester_teams && ${only}` : sql``}`)
      : [],
  ]);
  const paths = new Map<string, { action: string; title: string; teams: string[]; at: RunTotals[] }>();
  const path = (r: { action: string; title: string; teams: string[] }) => {
    const key = pathKey(r.action, r.teams);
    return paths.get(key) ?? paths.set(key, { action: r.action, title: r.title, teams: r.teams, at: bounds.map(emptyTotals) }).get(key)!;
  };
  for (const r of storedRows) addTotals(path(r).at[Number(r.k) - 1]!, stored(r));
  for (const r of liveRows) {
    const p = path(r);
    p.title = r.title;
    const at = new Date(r.createdMs);
    bounds.forEach((bound, i) => {
      if (at >= splits[i]! && at < bound) addRun(p.at[i]!, r);
    });
  }
  return [...paths.values()].map((p) => ({
    action: p.action,
    title: p.title,
    teams: p.teams,
    current: addTotals(addTotals(emptyTotals(), p.at[2]!), p.at[1]!, -1),
    previous: addTotals(addTotals(emptyTotals(), p.at[1]!), p.at[0]!, -1),
  }));
}
