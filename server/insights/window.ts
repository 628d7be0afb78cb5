import { sql } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { teamSubtree } from "../identity/teams";
import { dayStart, utcDay } from "./activity";

export const DAY_MS = 86_400_000;

export const insightsInputSchema = z.object({
  days: z.number().int().min(7).max(365).default(30),
  team: z.string().max(100).optional(),
});
export type InsightsInput = z.input<typeof insightsInputSchema>;

/**
 * The period an insight covers — the last `days` UTC days, today (up to now) the last of them — and the
 * period of the same length before it, for the trend; with a team, the team and the teams below it
 * (ownership rolls up the tree). Periods start at midnight UTC, where the daily roll-ups' days do.
 */
export type InsightsWindow = { days: number; from: Date; to: Date; previousFrom: Date; team: string | null; teams: string[] | null };

export async function insightsWindow(ctx: ServiceContext, input: { days: number; team?: string }, now: Date): Promise<InsightsWindow> {
  const to = now;
  const from = new Date(dayStart(utcDay(to)).getTime() - (input.days - 1) * DAY_MS);
  const previousFrom = new Date(from.getTime() - input.days * DAY_MS);
  const teams = input.team ? await teamSubtree(ctx, input.team) : null;
  return { days: input.days, from, to, previousFrom, team: input.team ?? null, teams };
}

/** A figure of the period and of the period before it. */
export type Trend<T> = { current: T; previous: T };

export const iso = (d: Date) => d.toISOString();

/** The window's teams as a SQL `text[]`, or null for everyone. */
export const teamArray = (w: InsightsWindow) => (w.teams ? sql`array[${sql.join(w.teams.map((t) => sql`${t}`), sql`, `)}]::text[]` : null);
