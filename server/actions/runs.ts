import { timingSafeEqual } from "node:crypto";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { actions, entities, finalRunStatuses, runApprovals, runLogs, runs, runStatuses, teamMembers, teams, users, type RunStatus } from "@/db/schema";
import { audited, type AuditRecord } from "../audit/audited";
import { entityMatches } from "../catalog/search";
import { entityColumns, toEntityJson, type EntityRow } from "../catalog/entities";
import { validateJson } from "../catalog/validation";
import { actorLabel, actorTeams, isAdmin, type Actor, type ServiceContext } from "../context";
import { decryptSecret, encryptSecret, macFor } from "../crypto";
import { publicUrl } from "../env";
import { conflict, forbidden, invalid, notFound, parseInput, type ErrorDetail } from "../errors";
import { inputsJsonSchema, secretInputs, SECRET_MASK, type UserInputs } from "./form";
import { cancelExternal, renderInvocation, templateContext, templateInputs, unavailableTarget } from "./invocations";
import { toActionJson } from "./service";
import { renderTemplate } from "./templates";
import { recordRunDeployment } from "../delivery/deployments";
import { notifyUsers } from "./notify";
import { log } from "../log";

type ActionRow = typeof actions.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type ActionJson = ReturnType<typeof toActionJson>;

export const runRequestSchema = z.object({
  entity: z.string().min(1).max(200).nullish(),
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** A client's retry with the same key returns the run it already created. */
  idempotencyKey: z.string().min(1).max(200).nullish(),
});

export const isFinal = (status: RunStatus) => finalRunStatuses.includes(status);

/**
 * The per-run callback token the payload carries: an HMAC of the run id under the server's key, so
 * nothing of it is stored and a re-dispatch after a crash carries the same token.
 */
export function runToken(id: string): string {
  return macFor(`portico-run:${id}`);
}

/** PRODUCT.md "Run" JSON. Secrets are already masked in `inputs`; the callback token is never part of it. */
export function toRunJson(row: RunRow, extra: { approvals?: (typeof runApprovals.$inferSelect)[] } = {}) {
  return {
    id: row.id,
    action: row.action,
    actionTitle: row.actionTitle,
    blueprint: row.blueprint,
    ...(row.entity ? { entity: row.entity } : {}),
    inputs: row.inputs,
    status: row.status,
    ...(row.statusLabel ? { statusLabel: row.statusLabel } : {}),
    ...(row.link ? { link: row.link } : {}),
    ...(row.summary ? { summary: row.summary } : {}),
    affectedEntities: row.affectedEntities,
    requestedBy: { id: row.requestedById, label: row.requestedByLabel },
    approvals: (extra.approvals ?? []).map((a) => ({ by: a.userLabel, decision: a.decision, comment: a.comment, at: a.at })),
    invocationType: (row.actionSnapshot.invocation as { type: string }).type,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
}
export type RunJson = ReturnType<typeof toRunJson>;

async function loadAction(db: ServiceContext["db"], identifier: string): Promise<ActionRow> {
  const [row] = await db.select().from(actions).where(eq(actions.identifier, identifier));
  if (!row) throw notFound(`Action ${identifier}`);
  return row;
}

/** Who may run an action: admins always; otherwise everyone unless `permissions.execute` narrows it. */
export function mayExecute(actor: Actor, action: Pick<ActionRow, "permissions">, entity: Pick<EntityRow, "team"> | null): boolean {
  if (isAdmin(actor)) return true;
  const rule = action.permissions?.execute;
  if (!rule || (!rule.roles?.length && !rule.teams?.length && !rule.ownerTeam)) return true;
  const mine = actorTeams(actor);
  if (rule.roles?.includes(actor.role)) return true;
  if (rule.teams?.some((t) => mine.includes(t))) return true;
  return Boolean(rule.ownerTeam && entity?.team?.some((t) => mine.includes(t)));
}

/** Whether the actor may run the action on some entity: on any, or (an owner-team rule) on their teams' own. */
export function mayExecuteSome(actor: Actor, action: Pick<ActionRow, "permissions">): boolean {
  return mayExecute(actor, action, null) || Boolean(action.permissions?.execute?.ownerTeam && actorTeams(actor).length);
}

/** Who may approve a run: the approvers the action names (roles, teams, users by email or id), never the requester. */
export function mayApprove(actor: Actor, run: Pick<RunRow, "requestedById" | "actionSnapshot">): boolean {
  if (actor.id === run.requestedById) return false;
  const approvers = (run.actionSnapshot.approval as ActionJson["approval"])?.approvers ?? {};
  if (approvers.roles?.includes(actor.role)) return true;
  if (approvers.teams?.some((t) => actorTeams(actor).includes(t))) return true;
  return actor.kind === "user" && Boolean(approvers.users?.some((u) => u === actor.id || u.toLowerCase() === actor.email.toLowerCase()));
}

/** The entity a DAY-2/DELETE action runs on: it exists, and the action's condition holds for it. */
async function targetEntity(ctx: ServiceContext, action: ActionRow, identifier: string | null | undefined): Promise<EntityRow | null> {
  if (action.operation === "CREATE") {
    if (identifier) throw invalid("The run is invalid", [{ path: "/entity", message: "a CREATE action does not run on an entity" }]);
    return null;
  }
  if (!identifier) throw invalid("The run is invalid", [{ path: "/entity", message: `choose the ${action.blueprint} to run this action on` }]);
  const [row] = await ctx.db
    .select(entityColumns)
    .from(entities)
    .where(and(eq(entities.blueprint, action.blueprint), eq(entities.identifier, identifier)));
  if (!row) throw invalid("The run is invalid", [{ path: "/entity", message: `${action.blueprint} ${identifier} does not exist` }]);
  if (action.condition && !(await entityMatches({ ctx, input: { blueprint: action.blueprint, identifier, query: action.condition } }))) {
    throw invalid("The run is invalid", [{ path: "/entity", message: `this action does not apply to ${identifier}` }]);
  }
  return row;
}

/**
 * Validates inputs against the action's schema, then what JSON Schema cannot say: picked entities,
 * teams and users exist (and entities match the picker's dataset). Field errors carry `/inputs/<name>`.
 */
async function checkInputs(ctx: ServiceContext, userInputs: UserInputs, inputs: Record<string, unknown>): Promise<void> {
  const problems: ErrorDetail[] = Object.keys(inputs)
    .filter((k) => !userInputs.properties[k])
    .map((k) => ({ path: `/inputs/${k}`, message: "is not an input of this action" }));
  problems.push(...validateJson(inputsJsonSchema(userInputs), inputs, "/inputs"));
  if (!problems.length) {
    for (const [key, schema] of Object.entries(userInputs.properties)) {
      const value = inputs[key];
      if (value === undefined || value === null || value === "") continue;
      const values = Array.isArray(value) ? value : [value];
      if (schema.format === "entity" || (schema.items as { format?: string } | undefined)?.format === "entity") {
        const picker = schema.format === "entity" ? schema : (schema.items as typeof schema);
        for (const id of values) {
          const ok = picker.dataset
            ? await entityMatches({ ctx, input: { blueprint: picker.blueprint!, identifier: String(id), query: picker.dataset } })
            : (await ctx.db.select({ id: entities.identifier }).from(entities).where(and(eq(entities.blueprint, picker.blueprint!), eq(entities.identifier, String(id))))).length > 0;
          if (!ok) problems.push({ path: `/inputs/${key}`, message: `${picker.blueprint} ${id} does not exist or cannot be chosen here` });
        }
      }
      if (schema.format === "team") {
        const found = await ctx.db.select({ id: teams.id }).from(teams).where(inArray(teams.id, values.map(String)));
        if (found.length !== new Set(values).size) problems.push({ path: `/inputs/${key}`, message: "names a team that does not exist" });
      }
      if (schema.format === "user") {
        const emails = values.map((v) => String(v).toLowerCase());
        const found = await ctx.db.select({ id: users.id }).from(users).where(inArray(sql`lower(${users.email})`, emails));
        if (found.length !== new Set(emails).size) problems.push({ path: `/inputs/${key}`, message: "names a user who does not exist" });
      }
    }
  }
  if (problems.length) throw invalid("The inputs are invalid", problems);
}

/** Everything a run request must pass before anything is written (also what a dry run checks). */
async function prepareRun(ctx: ServiceContext, actionId: string, body: unknown) {
  const request = parseInput(runRequestSchema, body, "The run is invalid");
  const action = await loadAction(ctx.db, actionId);
  const entity = await targetEntity(ctx, action, request.entity);
  if (!mayExecute(ctx.actor, action, entity)) throw forbidden(`You are not allowed to run ${action.title}`);
  const userInputs = await withResolvedDefaults(ctx, action, entity);
  // Defaults the form would have filled are applied here too, so the API and the form agree.
  const inputs: Record<string, unknown> = { ...request.inputs };
  for (const [key, schema] of Object.entries(userInputs.properties)) {
    if (inputs[key] === undefined && schema.default !== undefined && !schema.visible) inputs[key] = schema.default;
  }
  await checkInputs(ctx, userInputs, inputs);
  const secrets = Object.fromEntries(secretInputs(userInputs).filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));
  const masked = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, k in secrets ? SECRET_MASK : v]));
  return { request, action, entity, inputs, masked, secrets };
}

/** Runs an action: validates, then records the run (waiting for approval or queued for the dispatcher). */
export async function createRun({ ctx, input }: { ctx: ServiceContext; input: { action: string; body: unknown } }) {
  const p = await prepareRun(ctx, input.action, input.body);
  const requester = ctx.actor;
  const needsApproval = Boolean(p.action.approval?.required);
  // The key is checked by the insert itself, inside the transaction: of concurrent requests with one
  // key, one creates the run and the others wait for it and answer with that run.
  return audited(ctx, async (tx) => {
    const [row] = await tx
      .insert(runs)
      .values({
        action: p.action.identifier,
        actionTitle: p.action.title,
        actionSnapshot: toActionJson(p.action),
        blueprint: p.action.blueprint,
        entity: p.entity?.identifier ?? null,
        inputs: p.masked,
        secretsEncrypted: Object.keys(p.secrets).length ? encryptSecret(JSON.stringify(p.secrets)) : null,
        status: needsApproval ? "WAITING_FOR_APPROVAL" : "QUEUED",
        requestedById: requester.id,
        requestedByLabel: actorLabel(requester),
        requesterTeams: actorTeams(requester),
        idempotencyKey: p.request.idempotencyKey ?? null,
      })
      .onConflictDoNothing({ target: [runs.requestedById, runs.idempotencyKey] })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(runs)
        .where(and(eq(runs.requestedById, requester.id), eq(runs.idempotencyKey, p.request.idempotencyKey!)));
      if (!existing) throw conflict("A run with this idempotency key is being created; try again");
      return { result: { run: existing, created: false }, audit: [] };
    }
    await appendLog(tx, row.id, "portico", needsApproval ? `Requested by ${row.requestedByLabel}; waiting for approval` : `Requested by ${row.requestedByLabel}; queued`);
    if (needsApproval) await notifyApprovers(tx, row);
    return { result: { run: row, created: true }, audit: { action: "run.create", resourceType: "run", resourceId: row.id, after: toRunJson(row) } };
  });
}

/** The rendered payload and target, without dispatch or any write. */
export async function dryRun({ ctx, input }: { ctx: ServiceContext; input: { action: string; body: unknown } }) {
  const p = await prepareRun(ctx, input.action, input.body);
  const action = toActionJson(p.action);
  const rendered = await renderInvocation(action, {
    inputs: await templateInputs(ctx.db, action, p.masked),
    entity: p.entity ? toEntityJson(p.entity) : null,
    actor: ctx.actor,
    run: { id: "00000000-0000-0000-0000-000000000000", token: "<per-run token>" },
  });
  return { ...rendered, approvalRequired: Boolean(p.action.approval?.required) };
}

export async function appendLog(db: ServiceContext["db"] | Tx, runId: string, source: string, message: string, level: "info" | "warn" | "error" = "info") {
  await db.insert(runLogs).values({ runId, source, message: message.slice(0, 16_000), level });
}

async function notifyApprovers(tx: Tx, run: RunRow) {
  const approvers = (run.actionSnapshot.approval as ActionJson["approval"])?.approvers ?? {};
  const conditions: SQL[] = [];
  if (approvers.roles?.length) conditions.push(inArray(users.role, approvers.roles as ("admin" | "member")[]));
  if (approvers.users?.length) conditions.push(inArray(sql`lower(${users.email})`, approvers.users.map((u) => u.toLowerCase())));
  if (approvers.teams?.length) conditions.push(inArray(users.id, tx.select({ id: teamMembers.userId }).from(teamMembers).where(inArray(teamMembers.teamId, approvers.teams))));
  if (!conditions.length) return;
  const ids = (await tx.select({ id: users.id }).from(users).where(or(...conditions))).map((u) => u.id).filter((id) => id !== run.requestedById);
  await notifyUsers(tx, ids, { kind: "approval.requested", title: `${run.requestedByLabel} asks to run ${run.actionTitle}${run.entity ? ` on ${run.entity}` : ""}`, link: `/runs/${run.id}` });
}

async function lockRun(tx: Tx, id: string): Promise<RunRow> {
  const [row] = await tx.select().from(runs).where(eq(runs.id, id)).for("update");
  if (!row) throw notFound(`Run ${id}`);
  return row;
}

/** Approve or decline a waiting run (one decision decides it). The requester cannot approve their own run. */
export async function decideRun({ ctx, input }: { ctx: ServiceContext; input: { id: string; decision: "APPROVED" | "DECLINED"; comment?: string | null } }) {
  return audited(ctx, async (tx) => {
    const run = await lockRun(tx, input.id);
    if (run.requestedById === ctx.actor.id) throw forbidden("You cannot approve or decline your own run");
    if (!mayApprove(ctx.actor, run)) throw forbidden("You are not an approver of this action");
    if (run.status !== "WAITING_FOR_APPROVAL") throw conflict(`The run is ${run.status}, not waiting for approval`);
    const comment = input.comment?.trim().slice(0, 2000) || null;
    await tx.insert(runApprovals).values({ runId: run.id, userId: ctx.actor.id, userLabel: actorLabel(ctx.actor), decision: input.decision, comment });
    const approved = input.decision === "APPROVED";
    const [updated] = await tx
      .update(runs)
      .set(approved ? { status: "QUEUED", updatedAt: new Date() } : { status: "DECLINED", finishedAt: new Date(), updatedAt: new Date(), secretsEncrypted: null })
      .where(eq(runs.id, run.id))
      .returning();
    await appendLog(tx, run.id, "portico", `${approved ? "Approved" : "Declined"} by ${actorLabel(ctx.actor)}${comment ? `: ${comment}` : ""}`);
    await notifyUsers(tx, [run.requestedById], {
      kind: approved ? "run.approved" : "run.declined",
      title: `${actorLabel(ctx.actor)} ${approved ? "approved" : "declined"} your run of ${run.actionTitle}`,
      link: `/runs/${run.id}`,
    });
    return {
      result: updated!,
      audit: { action: approved ? "run.approve" : "run.decline", resourceType: "run", resourceId: run.id, before: { status: run.status }, after: { status: updated!.status, comment } },
    };
  });
}

/**
 * Sets a run's status (and label, link, summary, affected entities), from the dispatcher or from
 * the external system's callback. A final status is set once: later changes are refused with 409.
 */
export async function updateRunStatus(
  tx: Tx,
  run: RunRow,
  change: { status?: RunStatus; statusLabel?: string | null; link?: string | null; summary?: string | null; affectedEntities?: RunRow["affectedEntities"]; external?: RunRow["external"] },
): Promise<{ row: RunRow; audit: AuditRecord[] }> {
  if (isFinal(run.status)) throw conflict(`The run already ended: ${run.status}`);
  const now = new Date();
  const status = change.status ?? run.status;
  const final = isFinal(status);
  const [row] = await tx
    .update(runs)
    .set({
      status,
      ...(change.statusLabel !== undefined ? { statusLabel: change.statusLabel } : {}),
      ...(change.link !== undefined ? { link: change.link } : {}),
      ...(change.summary !== undefined ? { summary: change.summary } : {}),
      ...(change.affectedEntities ? { affectedEntities: change.affectedEntities } : {}),
      ...(change.external ? { external: change.external } : {}),
      // Started when it left the queue for its target (a synchronous target may end it at once).
      ...(["IN_PROGRESS", "SUCCESS", "FAILURE"].includes(status) && !run.startedAt ? { startedAt: now } : {}),
      ...(final ? { finishedAt: now, secretsEncrypted: null, leaseOwner: null, leaseUntil: null, nextCheckAt: null } : {}),
      updatedAt: now,
    })
    .where(and(eq(runs.id, run.id), inArray(runs.status, runStatuses.filter((s) => !isFinal(s)))))
    .returning();
  if (!row) throw conflict("The run already ended");
  if (status !== run.status) {
    await appendLog(tx, run.id, "portico", `Status: ${status}${change.summary ? ` — ${change.summary}` : ""}`, status === "FAILURE" ? "error" : "info");
    if (final) {
      await notifyUsers(tx, [run.requestedById], { kind: "run.finished", title: `${run.actionTitle}: ${status}`, link: `/runs/${run.id}` });
    }
  }
  // A follow-up that finds nothing new (same status, link and summary) is not a change worth an event.
  const changed = status !== run.status || (change.link !== undefined && change.link !== run.link) || (change.summary !== undefined && change.summary !== run.summary);
  const audit: AuditRecord[] = changed
    ? [
        {
          action: status === "CANCELLED" ? "run.cancel" : "run.update",
          resourceType: "run",
          resourceId: run.id,
          before: { status: run.status, link: run.link, summary: run.summary },
          after: { status: row.status, link: row.link, summary: row.summary, statusLabel: row.statusLabel },
        },
      ]
    : [];
  // A finished deploy run (a service, an environment and a version) is a deployment.
  if (status !== run.status && (status === "SUCCESS" || status === "FAILURE")) {
    const deployment = await recordRunDeployment(tx, row);
    if (deployment) audit.push(deployment);
  }
  return { row, audit };
}

export const runPatchSchema = z
  .object({
    status: z.enum(["IN_PROGRESS", "SUCCESS", "FAILURE"]).optional(),
    statusLabel: z.string().max(200).nullish(),
    link: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).nullish(),
    summary: z.string().max(4000).nullish(),
    entities: z.array(z.object({ blueprint: z.string().min(1).max(100), identifier: z.string().min(1).max(200) })).max(100).optional(),
  })
  .strict();

/** Whether `token` is the callback token of run `id` (a MAC check: no database read). */
export function isRunToken(id: string, token: string): boolean {
  if (!z.uuid().safeParse(id).success) return false;
  const expected = Buffer.from(runToken(id));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** PATCH /api/v1/runs/{id}: the external system reports status, link, summary and affected entities. */
export async function patchRun({ ctx, input }: { ctx: ServiceContext; input: { id: string; patch: unknown } }) {
  const patch = parseInput(runPatchSchema, input.patch, "Invalid run update");
  return audited(ctx, async (tx) => {
    const run = await lockRun(tx, input.id);
    if (run.status === "WAITING_FOR_APPROVAL" || run.status === "QUEUED") throw conflict(`The run is ${run.status}; it has not been dispatched`);
    const { row, audit } = await updateRunStatus(tx, run, {
      status: patch.status,
      statusLabel: patch.statusLabel,
      link: patch.link,
      summary: patch.summary,
      affectedEntities: patch.entities,
    });
    return { result: row, audit };
  });
}

export const runLogSchema = z.object({ message: z.string().min(1).max(16_000), terminationStatus: z.enum(["SUCCESS", "FAILURE"]).optional() }).strict();

/** POST /api/v1/runs/{id}/logs: a log line, and optionally the final status. */
export async function postRunLog({ ctx, input }: { ctx: ServiceContext; input: { id: string; body: unknown } }) {
  const body = parseInput(runLogSchema, input.body, "Invalid log line");
  return audited(ctx, async (tx) => {
    const run = await lockRun(tx, input.id);
    if (isFinal(run.status)) throw conflict(`The run already ended: ${run.status}`);
    await appendLog(tx, run.id, "api", maskSecrets(body.message, run));
    if (!body.terminationStatus) return { result: run, audit: [] };
    const { row, audit } = await updateRunStatus(tx, run, { status: body.terminationStatus });
    return { result: row, audit };
  });
}

/** Secret input values that appear in text from outside (pod logs, callbacks) are masked. */
export function maskSecrets(text: string, run: Pick<RunRow, "secretsEncrypted">): string {
  if (!run.secretsEncrypted) return text;
  let out = text;
  for (const value of Object.values(JSON.parse(decryptSecret(run.secretsEncrypted)) as Record<string, unknown>)) {
    const s = typeof value === "string" ? value : JSON.stringify(value);
    if (s && s.length >= 3) out = out.split(s).join(SECRET_MASK);
  }
  return out;
}

/** Cancels a run that has not ended: the requester or an admin. A dispatched run is cancelled in its target too. */
export async function cancelRun({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const [current] = await ctx.db.select().from(runs).where(eq(runs.id, input.id));
  if (!current) throw notFound(`Run ${input.id}`);
  if (current.requestedById !== ctx.actor.id && !isAdmin(ctx.actor)) throw forbidden("Only the requester or an admin can cancel a run");
  if (isFinal(current.status)) throw conflict(`The run already ended: ${current.status}`);
  let note = "";
  if (current.status === "IN_PROGRESS") {
    note = await cancelExternal(ctx.db, current);
  }
  return audited(ctx, async (tx) => {
    const run = await lockRun(tx, input.id);
    const { row, audit } = await updateRunStatus(tx, run, { status: "CANCELLED", summary: `Cancelled by ${actorLabel(ctx.actor)}${note ? `; ${note}` : ""}` });
    return { result: row, audit };
  });
}

export const runListSchema = z.object({
  mine: z.boolean().optional(),
  action: z.string().max(100).optional(),
  status: z.enum(runStatuses).optional(),
  blueprint: z.string().max(100).optional(),
  entity: z.string().max(200).optional(),
  /** Runs waiting for the caller's approval. */
  awaitingMe: z.boolean().optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** `<createdAt ISO>|<id>` of the last row seen. */
  cursor: z.string().max(200).nullish(),
});

/** Runs, newest first, with filters and keyset pages. Every signed-in user may read runs (secrets are masked). */
export async function listRuns({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof runListSchema> }) {
  const q = parseInput(runListSchema, input, "Invalid run filters");
  const where: SQL[] = [];
  if (q.mine) where.push(eq(runs.requestedById, ctx.actor.id));
  if (q.action) where.push(eq(runs.action, q.action));
  if (q.status) where.push(eq(runs.status, q.status));
  if (q.blueprint) where.push(eq(runs.blueprint, q.blueprint));
  if (q.entity) where.push(eq(runs.entity, q.entity));
  if (q.awaitingMe) where.push(eq(runs.status, "WAITING_FOR_APPROVAL"));
  if (q.cursor) {
    const [at, id] = q.cursor.split("|");
    const date = new Date(at ?? "");
    if (Number.isNaN(date.getTime()) || !id || !z.uuid().safeParse(id).success) throw invalid("Invalid cursor", [{ path: "/cursor", message: "is not a cursor of this list" }]);
    where.push(or(lt(runs.createdAt, date), and(eq(runs.createdAt, date), lt(runs.id, id)))!);
  }
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(q.awaitingMe ? 500 : q.limit + 1);
  const visible = q.awaitingMe ? rows.filter((r) => mayApprove(ctx.actor, r)).slice(0, q.limit + 1) : rows;
  const page = visible.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toRunJson(r)),
    nextCursor: visible.length > q.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
  };
}

/** How many runs wait for the caller's approval (the sidebar badge). */
export async function approvalCount({ ctx }: { ctx: ServiceContext }) {
  const rows = await ctx.db.select({ requestedById: runs.requestedById, actionSnapshot: runs.actionSnapshot }).from(runs).where(eq(runs.status, "WAITING_FOR_APPROVAL")).limit(1000);
  return { count: rows.filter((r) => mayApprove(ctx.actor, r)).length };
}

export async function getRun({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  if (!z.uuid().safeParse(input.id).success) throw notFound(`Run ${input.id}`);
  const [row] = await ctx.db.select().from(runs).where(eq(runs.id, input.id));
  if (!row) throw notFound(`Run ${input.id}`);
  const approvals = await ctx.db.select().from(runApprovals).where(eq(runApprovals.runId, row.id)).orderBy(runApprovals.id);
  return {
    ...toRunJson(row, { approvals }),
    canApprove: row.status === "WAITING_FOR_APPROVAL" && mayApprove(ctx.actor, row),
    canCancel: !isFinal(row.status) && (row.requestedById === ctx.actor.id || isAdmin(ctx.actor)),
    url: `${publicUrl()}/runs/${row.id}`,
    /** The inputs' titles as the action had them when the run was requested, for the run page. */
    inputTitles: Object.fromEntries(
      Object.entries((row.actionSnapshot.userInputs as UserInputs | undefined)?.properties ?? {}).flatMap(([key, s]) => (typeof s.title === "string" ? [[key, s.title]] : [])),
    ) as Record<string, string>,
  };
}

/** Log lines, newest first; `after` returns only lines newer than that id (for polling). */
export async function runLogLines({ ctx, input }: { ctx: ServiceContext; input: { id: string; after?: number; limit?: number } }) {
  const rows = await ctx.db
    .select()
    .from(runLogs)
    .where(and(eq(runLogs.runId, input.id), input.after ? sql`${runLogs.id} > ${input.after}` : undefined))
    .orderBy(desc(runLogs.id))
    .limit(Math.min(input.limit ?? 500, 2000));
  return rows.map((r) => ({ id: r.id, at: r.at, level: r.level, source: r.source, message: r.message }));
}

/**
 * Input defaults may be templates over the entity and the user (`"default": "{{ entity.properties.language }}"`):
 * rendered here, for the form and for runs requested through the API alike.
 */
async function withResolvedDefaults(ctx: ServiceContext, action: ActionRow, entity: EntityRow | null): Promise<UserInputs> {
  const userInputs = action.userInputs as UserInputs;
  const properties: UserInputs["properties"] = {};
  for (const [key, schema] of Object.entries(userInputs.properties)) {
    if (typeof schema.default === "string" && schema.default.includes("{{")) {
      const context = templateContext(action, { inputs: {}, entity: entity ? toEntityJson(entity) : null, actor: ctx.actor, run: { id: "" } });
      const value = await renderTemplate(schema.default, context, "", action.templateLanguage).catch(() => undefined);
      const rest = { ...schema };
      delete rest.default;
      properties[key] = value === undefined || value === "" ? rest : { ...rest, default: value };
    } else properties[key] = schema;
  }
  return { ...userInputs, properties };
}

/** What the run form needs: the action, its inputs' JSON Schema (defaults resolved for the entity), steps and the entity. */
export async function actionForm({ ctx, input }: { ctx: ServiceContext; input: { action: string; entity?: string | null } }) {
  const action = await loadAction(ctx.db, input.action);
  // A DAY-2 or DELETE action opened without its entity (from the self-service hub): the form asks for it first.
  const chooseEntity = action.operation !== "CREATE" && !input.entity;
  const entity = chooseEntity ? null : await targetEntity(ctx, action, input.entity);
  if (!(chooseEntity ? mayExecuteSome(ctx.actor, action) : mayExecute(ctx.actor, action, entity))) throw forbidden(`You are not allowed to run ${action.title}`);
  // Defaults are templates over the entity: resolved once it is chosen (the chooser shows no inputs).
  const userInputs = chooseEntity ? (action.userInputs as UserInputs) : await withResolvedDefaults(ctx, action, entity);
  const json = toActionJson(action);
  return {
    action: json,
    userInputs,
    schema: inputsJsonSchema(userInputs),
    entity: entity ? { identifier: entity.identifier, title: entity.title } : null,
    /** The entity is still to be chosen, among those the action's condition admits. */
    chooseEntity,
    /** What the run would need and is not connected: the form says so and is not offered. */
    unavailable: (await unavailableTarget(ctx.db, json)) ?? null,
  };
}

/**
 * Whether an action's stored condition holds for an entity. A condition that PostgreSQL cannot
 * evaluate (stored before today's validation) hides that one action, logged, rather than failing
 * the list of every entity of the blueprint.
 */
async function conditionHolds(ctx: ServiceContext, action: ActionRow, entity: EntityRow): Promise<boolean> {
  try {
    return await entityMatches({ ctx, input: { blueprint: action.blueprint, identifier: entity.identifier, query: action.condition } });
  } catch (error) {
    log.warn("an action's condition cannot be evaluated; the action is hidden", { requestId: ctx.requestId, action: action.identifier, error });
    return false;
  }
}

/**
 * The actions a user can run: CREATE actions (the self-service page), or the DAY-2 and DELETE
 * actions of one entity whose condition holds for it.
 */
export async function availableActions({ ctx, input }: { ctx: ServiceContext; input: { blueprint?: string; entity?: string; operation?: "CREATE" | "DAY-2" | "DELETE" } }) {
  if (input.entity && !input.blueprint) throw invalid("Name the entity's blueprint", [{ path: "/blueprint", message: "is required with an entity" }]);
  if (input.entity && input.operation === "CREATE") throw invalid("A CREATE action does not run on an entity", [{ path: "/operation", message: "must be DAY-2 or DELETE with an entity" }]);
  const rows = await ctx.db
    .select()
    .from(actions)
    .where(
      input.entity
        ? and(eq(actions.blueprint, input.blueprint!), inArray(actions.operation, input.operation ? [input.operation] : ["DAY-2", "DELETE"]))
        : and(eq(actions.operation, input.operation ?? "CREATE"), input.blueprint ? eq(actions.blueprint, input.blueprint) : undefined),
    )
    .orderBy(actions.blueprint, actions.title);
  let entity: EntityRow | null = null;
  if (input.entity) {
    [entity = null] = await ctx.db.select(entityColumns).from(entities).where(and(eq(entities.blueprint, input.blueprint!), eq(entities.identifier, input.entity)));
    if (!entity) throw notFound(`Entity ${input.blueprint}/${input.entity}`);
  }
  const out: ActionJson[] = [];
  for (const row of rows) {
    // Without an entity, a DAY-2 or DELETE action is listed when the actor may run it on some entity (chosen in its form).
    if (!(entity || row.operation === "CREATE" ? mayExecute(ctx.actor, row, entity) : mayExecuteSome(ctx.actor, row))) continue;
    if (entity && row.condition && !(await conditionHolds(ctx, row, entity))) continue;
    out.push(toActionJson(row));
  }
  return out;
}
