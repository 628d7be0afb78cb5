import { sql } from "drizzle-orm";
import { index, integer, json, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, boolean } from "drizzle-orm/pg-core";
import type { Query } from "@/server/catalog/query";
import { blueprints } from "./catalog";

export type ScorecardLevel = { title: string; color: string };
export type ScorecardRule = { identifier: string; title: string; description?: string; level: string; weight?: number; query: Query };

/** PRODUCT.md "Scorecard". `levels` and `rules` are `json` to keep the admin's order. */
export const scorecards = pgTable(
  "scorecards",
  {
    blueprint: text()
      .notNull()
      .references(() => blueprints.identifier, { onDelete: "cascade", onUpdate: "cascade" }),
    identifier: text().notNull(),
    title: text().notNull(),
    description: text(),
    filter: jsonb().$type<Query>(),
    levels: json().$type<ScorecardLevel[]>().notNull(),
    rules: json().$type<ScorecardRule[]>().notNull(),
    /** When the last full evaluation finished. */
    evaluatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blueprint, t.identifier] })],
);

/**
 * One row per scored entity and scorecard: the level (index into `levels`), the score (0–100) and,
 * per rule in the scorecard's order, whether it passes and since when. No foreign keys: a million
 * rows are written per full evaluation, and the services delete results with their scorecard or entity.
 */
export const scorecardResults = pgTable(
  "scorecard_results",
  {
    blueprint: text().notNull(),
    scorecard: text().notNull(),
    entity: text().notNull(),
    /** The entity's owners, copied at each evaluation (every entity write re-scores), for teams × levels. */
    team: text().array().notNull().default(sql`'{}'::text[]`),
    level: smallint().notNull(),
    score: real().notNull(),
    passed: boolean().array().notNull(),
    changedAt: timestamp({ withTimezone: true }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blueprint, t.scorecard, t.entity] }), index("scorecard_results_level_idx").on(t.blueprint, t.scorecard, t.level)],
);

/** Each entity's level and score at a point in time (daily, and at every definition change), for trends. */
export const scorecardSnapshots = pgTable(
  "scorecard_snapshots",
  {
    takenAt: timestamp({ withTimezone: true }).notNull(),
    blueprint: text().notNull(),
    scorecard: text().notNull(),
    entity: text().notNull(),
    level: smallint().notNull(),
    score: real().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blueprint, t.scorecard, t.takenAt, t.entity] })],
);

/** Per snapshot and scorecard: entities per level and the average score, so trends read a few rows. */
export const scorecardTrends = pgTable(
  "scorecard_trends",
  {
    takenAt: timestamp({ withTimezone: true }).notNull(),
    blueprint: text().notNull(),
    scorecard: text().notNull(),
    counts: integer().array().notNull(),
    averageScore: real(),
    /** Entities per owning team and level index (`""` for entities without an owner): adoption insights compare teams' levels over time. Null before migration 0031. */
    teamCounts: jsonb().$type<Record<string, Record<string, number>>>(),
  },
  (t) => [primaryKey({ columns: [t.blueprint, t.scorecard, t.takenAt] })],
);
