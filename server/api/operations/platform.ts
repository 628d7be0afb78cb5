import { z } from "zod";
import { auditFilterSchema, auditListSchema, exportAuditCsv, listAuditEvents } from "../../audit/service";
import { readiness } from "../../health";
import { defineOperation, reads } from "../contract/operation";
import { auditPageSchema } from "../contract/schemas";

/** The audit log and health: what auditors and load balancers call. */

/** The service's filter, read from the query string (the limit a number there). */
const auditQuery = auditListSchema.extend({ limit: z.coerce.number().int().min(1).max(200).default(100) });

export const listAuditOp = defineOperation({
  id: "audit.list",
  method: "GET",
  path: "/api/v1/audit-log",
  tag: "Audit log",
  summary: "Read the audit log",
  description: "Newest first. `actor` matches an id exactly or a label (email, token name) in part; `action` is exact (`team.create`) or a prefix ending in a dot (`team.`).",
  auth: "token",
  role: "admin",
  effect: reads,
  query: auditQuery,
  responses: { 200: { description: "A page of events", schema: auditPageSchema } },
  handle: async ({ ctx, query }) => ({ body: await listAuditEvents({ ctx, input: query }) }),
});

export const exportAuditOp = defineOperation({
  id: "audit.exportCsv",
  method: "GET",
  path: "/api/audit-log/export",
  tag: "Portal",
  summary: "Download the audit log as CSV",
  description: "The audit page's download: every event matching its filters, streamed, for the signed-in admin's session.",
  auth: "session",
  role: "admin",
  effect: reads,
  query: auditFilterSchema,
  responses: { 200: { description: "CSV, one event per line", contentType: "text/csv; charset=utf-8", schema: z.string() } },
  handle: async ({ ctx, query }) => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return {
      body: exportAuditCsv({ ctx, input: query }),
      headers: { "content-disposition": `attachment; filename="portico-audit-${stamp}.csv"`, "cache-control": "no-store" },
    };
  },
});

export const livenessOp = defineOperation({
  id: "health.live",
  method: "GET",
  path: "/api/health",
  tag: "Health",
  summary: "Liveness",
  description: "The process answers; no database, no authentication.",
  auth: "none",
  role: "member",
  effect: reads,
  responses: { 200: { description: "Alive", schema: z.strictObject({ status: z.literal("ok") }) } },
  handle: async () => ({ body: { status: "ok" }, headers: { "cache-control": "no-store" } }),
});

const readinessSchema = z.strictObject({ status: z.enum(["ok", "unavailable"]), checks: z.record(z.string(), z.string()) });
export const readinessOp = defineOperation({
  id: "health.ready",
  method: "GET",
  path: "/api/health/ready",
  tag: "Health",
  summary: "Readiness",
  description: "The database answers and every migration is applied (503 otherwise); no authentication.",
  auth: "none",
  role: "member",
  effect: reads,
  errors: [503],
  responses: { 200: { description: "Ready", schema: readinessSchema }, 503: { description: "Not ready, with the failing check", schema: readinessSchema } },
  handle: async () => {
    const { ready, checks } = await readiness();
    return { status: ready ? 200 : 503, body: { status: ready ? "ok" : "unavailable", checks }, headers: { "cache-control": "no-store" } };
  },
});
