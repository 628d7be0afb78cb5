import { and, desc, eq, gte, ilike, like, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents } from "@/db/schema";
import { containsPattern, prefixPattern } from "../sql";
import { requireAdmin, type ServiceContext } from "../context";
import { parseInput } from "../errors";
import { csvCell } from "../csv";

/** A date or date-time, as a Date or its ISO 8601 text (a query string's, a form's). */
const instant = z
  .union([z.date(), z.string().trim().max(40)])
  .pipe(z.coerce.date({ error: "must be a date or date-time (ISO 8601)" }))
  .meta({ description: "ISO 8601 date or date-time" });

export const auditFilterSchema = z.object({
  /** Matches the actor's id exactly or their label (email, token name) as a substring. */
  actor: z.string().trim().max(200).optional(),
  resourceType: z.string().trim().max(100).optional(),
  /** An exact action (`team.create`) or a prefix ending in a dot (`team.`). */
  action: z.string().trim().max(100).optional(),
  resourceId: z.string().trim().max(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditListSchema = auditFilterSchema.extend({
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque keyset cursor from the previous page. */
  cursor: z.string().regex(/^\d{1,18}$/, { error: "must be a cursor from the previous page" }).nullish(),
});

export type AuditEventRow = typeof auditEvents.$inferSelect;

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.actor) {
    where.push(or(eq(auditEvents.actorId, filter.actor), ilike(auditEvents.actorLabel, containsPattern(filter.actor)))!);
  }
  if (filter.resourceType) where.push(eq(auditEvents.resourceType, filter.resourceType));
  if (filter.resourceId) where.push(eq(auditEvents.resourceId, filter.resourceId));
  if (filter.action) {
    where.push(
      filter.action.endsWith(".")
        ? like(auditEvents.action, prefixPattern(filter.action))
        : eq(auditEvents.action, filter.action),
    );
  }
  if (filter.from) where.push(gte(auditEvents.at, filter.from));
  if (filter.to) where.push(lte(auditEvents.at, filter.to));
  return where;
}

/** Newest first, keyset-paginated on id. */
export async function listAuditEvents({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof auditListSchema> }) {
  requireAdmin(ctx, "read the audit log");
  const { limit, cursor, ...filter } = parseInput(auditListSchema, input, "Invalid audit log filter");
  const where = conditions(filter);
  // Ids grow with insertion, so (id desc) is newest first and a cursor is the last id seen.
  if (cursor) where.push(lt(auditEvents.id, Number(cursor)));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

/** Values to offer in the filter pickers. */
export async function auditFilterOptions({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "read the audit log");
  const [types, actions] = await Promise.all([
    ctx.db.selectDistinct({ v: auditEvents.resourceType }).from(auditEvents).orderBy(auditEvents.resourceType).limit(200),
    ctx.db.selectDistinct({ v: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action).limit(500),
  ]);
  return { resourceTypes: types.map((r) => r.v), actions: actions.map((r) => r.v) };
}

const csvColumns = ["id", "at", "actor_id", "actor", "action", "resource_type", "resource_id", "origin", "request_id", "client_request_id", "ip", "diff"] as const;

/** Streams every matching event as CSV, reading in keyset pages so memory stays flat. */
export function exportAuditCsv({ ctx, input }: { ctx: ServiceContext; input: AuditFilter }): ReadableStream<Uint8Array> {
  requireAdmin(ctx, "read the audit log");
  const encoder = new TextEncoder();
  let cursor: string | null | undefined;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvColumns.join(",") + "\n"));
      }
      const page = await listAuditEvents({ ctx, input: { ...input, limit: 200, cursor } });
      const lines = page.items.map((e) =>
        [e.id, e.at.toISOString(), e.actorId, e.actorLabel, e.action, e.resourceType, e.resourceId, e.origin, e.requestId, e.clientRequestId, e.ip, e.diff]
          .map(csvCell)
          .join(","),
      );
      if (lines.length) controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
      cursor = page.nextCursor;
      if (!cursor) controller.close();
    },
  });
}


/** The change history of one catalog resource, for anyone signed in (the audit log itself is for admins). */
export async function resourceHistory({ ctx, input }: { ctx: ServiceContext; input: { resourceType: "entity" | "blueprint" | "scorecard"; resourceId: string } }) {
  return ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      origin: auditEvents.origin,
      diff: auditEvents.diff,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.resourceType, input.resourceType), eq(auditEvents.resourceId, input.resourceId)))
    .orderBy(desc(auditEvents.id))
    .limit(100);
}
