import { foreignKey, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { Query } from "@/server/catalog/query";
import { scorecards } from "./scorecards";

/** What a campaign asks of each entity in its scope: reach a level of its scorecard, or pass chosen rules of it. */
export type CampaignGoal = { level: string } | { rules: string[] };

/** Which of a campaign's notifications went out, and when (each goes once). */
export type CampaignNotified = { started?: string; weekBefore?: string; overdue?: string };

/**
 * A campaign (issue 22): a goal on one scorecard for the entities a Query selects (and, for a team's own
 * campaign, only that team's), between a start and a due date. Progress is read from the scorecard's
 * results and snapshots, so it moves as entities change; nothing is stored per entity.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    identifier: text().primaryKey(),
    title: text().notNull(),
    /** Why and how, in Markdown. */
    description: text(),
    blueprint: text().notNull(),
    scorecard: text().notNull(),
    goal: jsonb().$type<CampaignGoal>().notNull(),
    scope: jsonb().$type<Query>(),
    /** A team's own campaign: only the entities that team (or one below it) owns. */
    team: text(),
    /** The golden-path action that fixes what the campaign asks, offered beside each open entity. */
    fixAction: text(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    notified: jsonb().$type<CampaignNotified>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.blueprint, t.scorecard], foreignColumns: [scorecards.blueprint, scorecards.identifier] })
      .onDelete("cascade")
      .onUpdate("cascade"),
    index("campaigns_scorecard_idx").on(t.blueprint, t.scorecard),
    index("campaigns_due_idx").on(t.dueAt),
  ],
);
