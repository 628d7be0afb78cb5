import { z } from "zod";
import { exportInsightCsv, insightSections, insightsReport } from "../../insights/service";
import { defineOperation, reads } from "../contract/operation";
import { insightsSchema } from "../contract/schemas";

/** Adoption insights: whether the platform is used and standards move (issue 22). */

const days = z.coerce.number().int().min(7).max(365).default(30).meta({ description: "The period, in days up to now (7 to 365); the trend compares it with the period of the same length before" });
const team = z.string().max(100).optional().meta({ description: "Only this team (with the teams below it)" });
const section = z.enum(insightSections).meta({ description: "Which table of the report" });

export const insightsOp = defineOperation({
  id: "insights.report",
  method: "GET",
  path: "/api/v1/insights",
  tag: "Insights",
  summary: "Adoption insights",
  description:
    "Weekly active users by team; runs per golden path and team with success rate, median duration and approval wait; time from creating a service to its first production deployment; catalog completeness; scorecard movement per team; teams that never ran a golden path. Each for the period and the period before. Admin tokens.",
  auth: "token",
  role: "admin",
  effect: reads,
  query: z.object({ days, team }),
  responses: { 200: { description: "The report", schema: insightsSchema } },
  handle: async ({ ctx, query }) => ({ body: await insightsReport({ ctx, input: query }) }),
});

const csvResponse = { 200: { description: "CSV: a header, then one line per row, the period before beside the period", contentType: "text/csv; charset=utf-8", schema: z.string() } };
const csvReply = async (ctx: Parameters<typeof exportInsightCsv>[0]["ctx"], query: z.output<typeof exportQuery>) => {
  const { csv, name } = await exportInsightCsv({ ctx, input: query });
  return { body: csv, headers: { "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" } };
};
const exportQuery = z.object({ section, days, team });

export const insightsExportOp = defineOperation({
  id: "insights.exportCsv",
  method: "GET",
  path: "/api/v1/insights/export",
  tag: "Insights",
  summary: "One table of the adoption insights as CSV",
  auth: "token",
  role: "admin",
  effect: reads,
  query: exportQuery,
  responses: csvResponse,
  handle: async ({ ctx, query }) => csvReply(ctx, query),
});

export const insightsDownloadOp = defineOperation({
  id: "insights.downloadCsv",
  method: "GET",
  path: "/api/insights/export",
  tag: "Portal",
  summary: "Download one table of the adoption insights as CSV",
  description: "The insights page's download, for the signed-in admin's session.",
  auth: "session",
  role: "admin",
  effect: reads,
  query: exportQuery,
  responses: csvResponse,
  handle: async ({ ctx, query }) => csvReply(ctx, query),
});
