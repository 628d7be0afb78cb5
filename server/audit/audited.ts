import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { actorLabel, type ServiceContext } from "../context";
import { diffJson, redactSecrets } from "./diff";

export type AuditRecord = {
  /** `<resource>.<verb>`, e.g. `team.create`. */
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
  /** Who did it, when not the context's actor: e.g. the user whose sign-in the IdP integration records. */
  actor?: { id: string; label: string };
};

/**
 * An audit record whose row is already made (redacted, diffed, serialised): a bulk write makes its rows
 * while PostgreSQL stores its entities, rather than after (server/catalog/entities.ts).
 */
export type PreparedAuditRecord = { row: string };
export type AuditEntry = AuditRecord | PreparedAuditRecord;

/** The audit_events row of a record, as JSON: secrets stripped from before/after, the diff computed from the stripped values. */
function auditRow(ctx: ServiceContext, r: AuditRecord): string {
  const before = r.before === undefined ? null : redactSecrets(r.before);
  const after = r.after === undefined ? null : redactSecrets(r.after);
  return JSON.stringify({
    actor_id: r.actor?.id ?? ctx.actor.id,
    actor_label: r.actor?.label ?? actorLabel(ctx.actor),
    action: r.action,
    resource_type: r.resourceType,
    resource_id: r.resourceId,
    before,
    after,
    // A creation's or deletion's diff would repeat `after` or `before` whole; only updates carry one.
    diff: before !== null && after !== null ? diffJson(before, after) : null,
    origin: ctx.origin,
    request_id: ctx.requestId,
    client_request_id: ctx.clientRequestId ?? null,
    ip: ctx.ip ?? null,
  });
}

/** Records made into rows now (see `PreparedAuditRecord`); `audited` writes them as they are. */
export const prepareAudit = (ctx: ServiceContext, records: AuditRecord[]): PreparedAuditRecord[] => records.map((r) => ({ row: auditRow(ctx, r) }));

/**
 * The one way to change data. Runs `change` and writes its audit events in one transaction:
 * if the audit write fails, the change rolls back (fail-closed). Secrets are stripped from
 * before/after, and the diff is computed from the stripped values.
 */
export async function audited<T>(
  ctx: ServiceContext,
  change: (tx: Tx) => Promise<{ result: T; audit: AuditEntry | AuditEntry[] }>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const { result, audit } = await change(tx);
    const records = Array.isArray(audit) ? audit : [audit];
    if (records.length > 0) {
      const rows = records.map((r) => ("row" in r ? r.row : auditRow(ctx, r)));
      // One JSON parameter however many events (a bulk write records one per entity).
      await tx.execute(sql`
        insert into ${auditEvents} (actor_id, actor_label, action, resource_type, resource_id, before, after, diff, origin, request_id, client_request_id, ip)
        select actor_id, actor_label, action, resource_type, resource_id, before, after, diff, origin, request_id, client_request_id, ip::inet
        from jsonb_to_recordset(${`[${rows.join(",")}]`}::jsonb) as r(actor_id text, actor_label text, action text, resource_type text,
          resource_id text, before jsonb, after jsonb, diff jsonb, origin text, request_id text, client_request_id text, ip text)`);
    }
    return result;
  });
}
