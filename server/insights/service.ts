import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { teams } from "@/db/schema";
import { requireAdmin, type ServiceContext } from "../context";
import { csvLine } from "../csv";
import { notFound, parseInput } from "../errors";
import { activeUsers, goldenPaths, teamsWithoutGoldenPaths, type RunFigures } from "./adoption";
import { completeness, completenessChecks, scorecardMovement, timeToProduction, type CompletenessCheck, type ProductionFigures } from "./catalog-health";
import { insightsInputSchema, insightsWindow, type InsightsInput } from "./window";

/**
 * Adoption insights for the platform team (issue 22): every figure for a period and the period before,
 * for everyone or a team (with the teams below it). Admins only: it names teams and their habits.
 */
export async function insightsReport({ ctx, input, now = new Date() }: { ctx: ServiceContext; input: InsightsInput; now?: Date }) {
  requireAdmin(ctx, "read adoption insights");
  const parsed = parseInput(insightsInputSchema, input, "Invalid insights query");
  if (parsed.team) {
    const [team] = await ctx.db.select({ id: teams.id }).from(teams).where(eq(teams.id, parsed.team));
    if (!team) throw notFound(`Team ${parsed.team}`);
  }
  const w = await insightsWindow(ctx, parsed, now);
  const [active, paths, neverUsed, production, complete, movement] = await Promise.all([
    activeUsers(ctx, w),
    goldenPaths(ctx, w),
    teamsWithoutGoldenPaths(ctx, w),
    timeToProduction(ctx, w),
    completeness(ctx, w),
    scorecardMovement(ctx, w),
  ]);
  return {
    period: { days: w.days, from: w.from.toISOString(), to: w.to.toISOString(), previousFrom: w.previousFrom.toISOString() },
    team: w.team,
    teams: w.teams,
    activeUsers: active,
    goldenPaths: { ...paths, teamsNeverUsed: [...neverUsed] },
    timeToProduction: production,
    completeness: complete,
    scorecardMovement: movement,
  };
}
export type InsightsReport = Awaited<ReturnType<typeof insightsReport>>;

export const insightSections = ["active-users", "golden-paths", "time-to-production", "completeness", "scorecard-movement", "teams-never-used"] as const;
export type InsightSection = (typeof insightSections)[number];

const runColumns = (prefix: string) => ["runs", "succeeded", "failed", "success_rate", "median_duration_seconds", "median_approval_wait_seconds"].map((c) => `${prefix}${c}`);
const runValues = (f: RunFigures) => [f.runs, f.succeeded, f.failed, f.successRate === null ? null : round(f.successRate, 4), round(f.medianDurationSeconds, 1), round(f.medianApprovalWaitSeconds, 1)];
const productionColumns = (prefix: string) => ["created", "deployed", "median_hours"].map((c) => `${prefix}${c}`);
const productionValues = (f: ProductionFigures) => [f.created, f.deployed, round(f.medianHours, 2)];
const round = (n: number | null, digits: number) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const checks = Object.keys(completenessChecks) as CompletenessCheck[];

/** One section of the report as a table: a header and a row per line, the period before beside the period. */
export function insightTable(report: InsightsReport, section: InsightSection): { header: string[]; rows: unknown[][] } {
  switch (section) {
    case "active-users":
      return {
        header: ["team", "members", "weekly_active_users", "previous_weekly_active_users"],
        rows: [
          ["(everyone)", null, report.activeUsers.weeklyAverage.current, report.activeUsers.weeklyAverage.previous],
          ...report.activeUsers.byTeam.map((t) => [t.team, t.members, t.weeklyAverage.current, t.weeklyAverage.previous]),
        ],
      };
    case "golden-paths":
      return {
        header: ["action", "title", "team", ...runColumns(""), ...runColumns("previous_")],
        rows: [
          ...report.goldenPaths.actions.map((r) => [r.action, r.title, "(everyone)", ...runValues(r.current), ...runValues(r.previous)]),
          ...report.goldenPaths.byTeam.map((r) => [r.action, r.title, r.team ?? "(no team)", ...runValues(r.current), ...runValues(r.previous)]),
        ],
      };
    case "time-to-production":
      return {
        header: ["team", ...productionColumns(""), ...productionColumns("previous_")],
        rows: [
          ["(everyone)", ...productionValues(report.timeToProduction.current), ...productionValues(report.timeToProduction.previous)],
          ...report.timeToProduction.byTeam.map((t) => [t.team ?? "(no team)", ...productionValues(t.current), ...productionValues(t.previous)]),
        ],
      };
    case "completeness":
      return {
        header: ["blueprint", "team", "entities", ...checks.map((c) => `with_${c}`)],
        rows: [
          ...report.completeness.blueprints.map((b) => [b.blueprint, "(everyone)", b.total, ...checks.map((c) => b[c])]),
          ...report.completeness.byTeam.map((b) => [b.blueprint, b.team ?? "(no owner)", b.total, ...checks.map((c) => b[c])]),
        ],
      };
    case "scorecard-movement":
      return {
        header: ["blueprint", "scorecard", "team", "entities", "average_level_at_start", "average_level_at_end", "change", "previous_change"],
        rows: report.scorecardMovement.map((m) => [m.blueprint, m.scorecard, m.team ?? "(everyone)", m.end?.entities ?? 0, m.start?.averageLevel ?? null, m.end?.averageLevel ?? null, m.change.current, m.change.previous]),
      };
    case "teams-never-used":
      return { header: ["team", "title", "members"], rows: report.goldenPaths.teamsNeverUsed.map((t) => [t.team, t.title, t.members]) };
  }
}

export const insightsExportSchema = insightsInputSchema.extend({ section: z.enum(insightSections) });

/** A section of the report as CSV (the page's download and the REST export). */
export async function exportInsightCsv({ ctx, input, now }: { ctx: ServiceContext; input: z.input<typeof insightsExportSchema>; now?: Date }) {
  const parsed = parseInput(insightsExportSchema, input, "Invalid insights export");
  const report = await insightsReport({ ctx, input: { days: parsed.days, team: parsed.team }, now });
  const table = insightTable(report, parsed.section);
  const csv = [csvLine(table.header), ...table.rows.map(csvLine)].join("\n") + "\n";
  const name = `portico-${parsed.section}-${parsed.days}d${parsed.team ? `-${parsed.team}` : ""}-${report.period.to.slice(0, 10)}.csv`;
  return { csv, name };
}
