import { sql } from "drizzle-orm";
import { bigserial, check, index, inet, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** `action`: a self-service run acting for its requester (the request id then names the run). */
export const auditOrigins = ["ui", "api", "integration", "system", "action", "mcp"] as const;
export type AuditOrigin = (typeof auditOrigins)[number];

/**
 * Append-only: a trigger (migration 0001) rejects UPDATE, DELETE and TRUNCATE.
 * Written only through server/audit/audited.ts, in the transaction of the change it records.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** User id, token name or `system`. */
    actorId: text().notNull(),
    /** Human-readable actor (email, token name), kept even if the user is deleted later. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    diff: jsonb(),
    origin: text({ enum: auditOrigins }).notNull(),
    /** The server's own id of the request. */
    requestId: text().notNull(),
    /** The caller's `X-Request-Id`, kept beside the server's when well formed (never instead of it). */
    clientRequestId: text(),
    ip: inet(),
  },
  (t) => [
    check("audit_events_action_shape", sql`${t.action} ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'`),
    check("audit_events_origin", sql`${t.origin} in ('ui', 'api', 'integration', 'system', 'action', 'mcp')`),
    index("audit_events_at_idx").on(t.at),
    index("audit_events_actor_idx").on(t.actorId, t.id),
    index("audit_events_resource_idx").on(t.resourceType, t.resourceId, t.id),
    index("audit_events_action_idx").on(t.action, t.id),
  ],
);
