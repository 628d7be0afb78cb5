import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entities } from "@/db/schema";
import { entityColumns, toEntityJson } from "../catalog/entities";
import type { Actor, ServiceContext } from "../context";
import { publicUrl } from "../env";
import { toDomainError } from "../errors";
import { OutboundBlockedError } from "../integrations/outbound";
import type { Invocation } from "./definition";
import type { ActionJson, RunRow } from "./runs";
import { targetOf } from "./targets";
import type { DispatchOptions, Outcome } from "./targets/target";
import { renderTemplate, type TemplateContext } from "./templates";

/**
 * The glue between runs and their targets (server/actions/targets, one module per invocation type):
 * `renderInvocation` is pure over its context (a dry run shows exactly what a dispatch would send);
 * `dispatch` sends it, idempotently per run id; `follow` copies the external run's progress and
 * logs; `cancelExternal` stops it there. Every target alike, through the registry.
 */
export type { Invocation, Outcome };
export { jobName } from "./targets/kubernetes-job";

export type Rendered = { type: Invocation["type"]; target: string; payload: Record<string, unknown> };

export type RenderContext = {
  inputs: Record<string, unknown>;
  entity: Record<string, unknown> | null;
  actor?: Actor;
  requester?: { id: string; label: string; teams: string[] };
  run: { id: string; token?: string };
};

/** What templates see: `{inputs, entity, user, run, action}`; the user is the actor, or the run's requester. */
export function templateContext(action: Pick<ActionJson, "identifier" | "title" | "blueprint" | "operation">, c: RenderContext): TemplateContext {
  const user = c.actor
    ? { id: c.actor.id, email: c.actor.kind === "user" ? c.actor.email : undefined, name: c.actor.kind === "user" ? c.actor.name : null, teams: c.actor.kind === "user" ? c.actor.teamIds : [] }
    : { id: c.requester!.id, email: c.requester!.label, name: null, teams: c.requester!.teams };
  return {
    inputs: c.inputs,
    entity: c.entity,
    user,
    run: { id: c.run.id, url: `${publicUrl()}/runs/${c.run.id}`, token: c.run.token },
    action: { identifier: action.identifier, title: action.title, blueprint: action.blueprint, operation: action.operation },
  };
}

/**
 * The inputs jq templates see. Port's payload gives an entity picker's value as the entity itself, so a Port
 * action's `{{ .inputs.service.identifier }}` needs the picked entities (Portico's value is the identifier; JSONata
 * templates keep seeing that). One query per picker; an identifier that matches nothing stays as it is.
 */
export async function templateInputs(db: DbOrTx, action: ActionJson, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (action.templateLanguage !== "jq") return inputs;
  const out = { ...inputs };
  for (const [key, schema] of Object.entries(action.userInputs.properties)) {
    const items = schema.items as Record<string, unknown> | undefined;
    const picker = schema.format === "entity" ? schema : items?.format === "entity" ? items : null;
    const value = inputs[key];
    if (!picker || typeof picker.blueprint !== "string" || value === undefined || value === null) continue;
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (!ids.length) continue;
    const rows = await db.select(entityColumns).from(entities).where(and(eq(entities.blueprint, picker.blueprint), inArray(entities.identifier, ids)));
    const byId = new Map(rows.map((r) => [r.identifier, { ...toEntityJson(r), blueprint: r.blueprint }]));
    out[key] = Array.isArray(value) ? value.map((v) => byId.get(v as string) ?? v) : (byId.get(value as string) ?? value);
  }
  return out;
}

/**
 * The integration the action's target needs and that is not connected now ("GitHub", "Cluster dev-eu-1"), or
 * undefined: the run form says so before anyone fills it in (a run would fail at once).
 */
export async function unavailableTarget(db: DbOrTx, action: Pick<ActionJson, "invocation">): Promise<string | undefined> {
  // Stored actions passed the invocation's schema (definition.ts) when they were saved.
  const invocation = action.invocation as Invocation;
  return targetOf(invocation.type)?.unavailable?.(db, invocation);
}

export async function renderInvocation(action: ActionJson, c: RenderContext): Promise<Rendered> {
  const context = templateContext(action, c);
  const invocation = (await renderTemplate(action.invocation, context, "/invocation", action.templateLanguage ?? "jsonata")) as Invocation;
  const callback = { id: c.run.id, url: context.run.url, apiUrl: `${publicUrl()}/api/v1/runs/${c.run.id}`, token: c.run.token };
  const { target, payload } = targetOf(invocation.type).render(invocation, { action, context, inputs: c.inputs, entity: c.entity, callback });
  return { type: invocation.type, target, payload };
}

/** A domain error (not connected, invalid) in Portico's words; the target's own errors in the target's. */
function describeFor(target: { describeError?: (error: unknown) => string }, error: unknown): string {
  if (error instanceof OutboundBlockedError) return `Blocked: ${error.message}`;
  return toDomainError(error) || !target.describeError ? describe(error) : target.describeError(error);
}

function describe(error: unknown): string {
  const domain = toDomainError(error);
  if (domain) return domain.details?.length ? `${domain.message}: ${domain.details.map((d) => `${d.path} ${d.message}`).join("; ")}` : domain.message;
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  if (e.response?.data?.message) return `${e.response.data.message}${e.status ? ` (HTTP ${e.status})` : ""}`;
  return e.message ?? String(error);
}

/**
 * Sends a claimed run to its target. `attempt` > 1 means an earlier worker claimed it and vanished:
 * each target is asked first whether the run already reached it, so nothing is dispatched twice.
 */
export async function dispatch(ctx: ServiceContext, run: RunRow, rendered: Rendered, options: DispatchOptions = {}): Promise<Outcome> {
  const target = targetOf(rendered.type);
  try {
    return await target.dispatch(ctx, run, rendered.payload, options);
  } catch (error) {
    const message = describeFor(target, error);
    return { status: "FAILURE", summary: message, logs: [{ source: target.source, message, level: "error" }] };
  }
}

/** Looks at a followed run's external state once: status, link and new log lines. */
export async function follow(ctx: ServiceContext, run: RunRow): Promise<Outcome> {
  const invocation = (run.actionSnapshot as ActionJson).invocation as Invocation;
  const target = targetOf(invocation.type);
  // Reported back by the target itself, or ended at dispatch: nothing to look at.
  if (typeof target.follow !== "function") return { status: "IN_PROGRESS", logs: [] };
  const state = run.external as Record<string, unknown> & { lastStatus?: string };
  try {
    return await target.follow(ctx, run, invocation, state);
  } catch (error) {
    // The target is unreachable for now: keep following, and say so once.
    const message = describeFor(target, error);
    const repeated = state.lastStatus === `error: ${message}`;
    return { status: "IN_PROGRESS", external: { ...state, lastStatus: `error: ${message}` }, follow: true, logs: repeated ? [] : [{ source: "portico", message: `Could not read the run's status: ${message}`, level: "warn" }] };
  }
}

/** Stops a dispatched run in its target (GitHub cancel, Job deletion); says what it did. */
export async function cancelExternal(db: DbOrTx, run: RunRow): Promise<string> {
  const invocation = (run.actionSnapshot as ActionJson).invocation as Invocation;
  const target = targetOf(invocation.type);
  if (!target.cancel) return "";
  try {
    return await target.cancel(db, run, invocation, run.external as Record<string, unknown>);
  } catch (error) {
    return `could not stop it in ${invocation.type}: ${describeFor(target, error)}`;
  }
}
