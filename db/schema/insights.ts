import { sql } from "drizzle-orm";
import { check, customType, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * The days each user used Portico (any signed-in request), one row per user and day: what weekly
 * active users are counted from. Written by the server when it resolves a session (no script in the
 * browser), at most once per user and day per process.
 */
export const userActivityDays = pgTable(
  "user_activity_days",
  {
    day: date({ mode: "string" }).notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.day, t.userId] }), index("user_activity_days_user_idx").on(t.userId, t.day)],
);

const activityBits = customType<{ data: string }>({ dataType: () => "bit(366)" });

/**
 * The same days as a bit per day of the year (bit 0: January 1st), one row per user and year: weekly
 * active users over a year read a few thousand rows, not one per user and day. Kept by a trigger on
 * `user_activity_days` (migration 0033), so whoever records a day records it here too.
 */
export const userActivityYears = pgTable(
  "user_activity_years",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    year: smallint().notNull(),
    days: activityBits().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year] }), index("user_activity_years_year_idx").on(t.year)],
);

/**
 * Each golden path (action) as requested by a set of teams (a run's `requester_teams`), with the title
 * it last ran under: the paths the daily roll-up of runs keeps totals for (server/insights/run-totals.ts).
 */
export const runPaths = pgTable(
  "run_paths",
  {
    action: text().notNull(),
    teams: text().array().notNull(),
    title: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.action, t.teams] }), index("run_paths_teams_idx").using("gin", t.teams)],
);

/**
 * Running totals of a path's runs created up to the end of `day` (UTC): counts, and histograms of the
 * durations and of the waits for a first approval (server/insights/histogram.ts, stored from the first
 * bucket that is not empty). A period's figures are the difference of two rows. A row is written for
 * each day the path had runs; the latest row at or before a day holds that day's totals.
 */
export const runTotals = pgTable(
  "run_totals",
  {
    action: text().notNull(),
    teams: text().array().notNull(),
    day: date({ mode: "string" }).notNull(),
    runs: integer().notNull(),
    succeeded: integer().notNull(),
    failed: integer().notNull(),
    durationOffset: smallint().notNull(),
    durations: integer().array().notNull(),
    waitOffset: smallint().notNull(),
    waits: integer().array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.action, t.teams, t.day] })],
);

/**
 * Days of a path whose runs changed after they may have been rolled up (a run finished, was approved
 * or deleted): written by triggers on `runs` and `run_approvals` (migration 0033), emptied by the roll-up.
 */
export const runTotalsStale = pgTable(
  "run_totals_stale",
  {
    action: text().notNull(),
    teams: text().array().notNull(),
    day: date({ mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.action, t.teams, t.day] })],
);

/** How far the roll-up has gone: runs created before `runsThrough` (a UTC day) are in `run_totals`. One row. */
export const insightsRollup = pgTable(
  "insights_rollup",
  {
    id: smallint().primaryKey().default(1),
    runsThrough: date({ mode: "string" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("insights_rollup_one_row", sql`${t.id} = 1`)],
);
