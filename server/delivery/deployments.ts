import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx, Tx } from "@/db/client";
import { deployments, deploymentStatuses, entities, type deploymentSources, type runs } from "@/db/schema";
import { audited, type AuditRecord } from "../audit/audited";
import { actorLabel, actorTeams, isAdmin, type ServiceContext } from "../context";
import { forbidden, invalid, parseInput } from "../errors";

/**
 * Deployments: a version of a service reaching an environment. Recorded from observed rollouts
 * (server/environments/sync.ts), from finished deploy runs, and from `POST /api/v1/deployments`.
 */
export type DeploymentRow = typeof deployments.$inferSelect;
type RunRow = typeof runs.$inferSelect;
export type DeploymentSource = (typeof deploymentSources)[number];

const timestamp = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, such as 2026-11-21T10:00:00Z" });

export const deploymentInputSchema = z
  .object({
    service: z.string().min(1, "is required").max(100),
    environment: z.string().min(1, "is required").max(100),
    version: z.string().trim().min(1, "is required").max(200),
    commitSha: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/i, "must be a commit SHA (7 to 64 hex digits)")
      .optional(),
    commitAt: timestamp.optional(),
    status: z.enum(deploymentStatuses, { error: `must be one of ${deploymentStatuses.join(", ")}` }).default("SUCCESS"),
    startedAt: timestamp.optional(),
    finishedAt: timestamp.optional(),
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  })
  .strict()
  .refine((d) => !d.finishedAt || !d.startedAt || d.finishedAt >= d.startedAt, { path: ["finishedAt"], message: "must not be before startedAt" })
  .meta({ examples: [{ service: "payments-api", environment: "production", version: "1.4.2", commitSha: "9fceb02", commitAt: "2026-12-01T09:30:00Z", status: "SUCCESS" }] });

export type DeploymentInput = z.input<typeof deploymentInputSchema>;

export function toDeploymentJson(row: DeploymentRow) {
  return {
    id: row.id,
    service: row.service,
    environment: row.environment,
    environmentType: row.environmentType,
    version: row.version,
    commitSha: row.commitSha,
    commitAt: row.commitAt?.toISOString() ?? null,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    source: row.source,
    actor: row.actor,
    url: row.url,
    runId: row.runId,
  };
}

/** The environment's type and the service's owners, or a 400 naming what does not exist. */
async function checkTargets(db: DbOrTx, service: string, environment: string): Promise<{ environmentType: string | null; owners: string[] }> {
  const rows = await db
    .select({ blueprint: entities.blueprint, identifier: entities.identifier, team: entities.team, type: sql<string | null>`${entities.properties} ->> 'type'` })
    .from(entities)
    .where(
      sql`(${entities.blueprint}, ${entities.identifier}) in ((${"service"}, ${service}), (${"environment"}, ${environment}))`,
    );
  const details = [];
  const svc = rows.find((r) => r.blueprint === "service");
  if (!svc) details.push({ path: "/service", message: `no service "${service}" in the catalog` });
  const env = rows.find((r) => r.blueprint === "environment");
  if (!env) details.push({ path: "/environment", message: `no environment "${environment}" in the catalog` });
  if (details.length) throw invalid("Invalid deployment", details);
  return { environmentType: env!.type, owners: svc!.team };
}

/** Records a deployment (REST and deploy runs), audited as `deployment.create`. Admins and the service's owners may. */
export async function createDeployment({ ctx, input, source, runId }: { ctx: ServiceContext; input: unknown; source: DeploymentSource; runId?: string }) {
  const parsed = parseInput(deploymentInputSchema, input, "Invalid deployment");
  return audited(ctx, async (tx) => {
    const { environmentType, owners } = await checkTargets(tx, parsed.service, parsed.environment);
    if (!isAdmin(ctx.actor) && !owners.some((t) => actorTeams(ctx.actor).includes(t))) throw forbidden(`Only admins and the owners of ${parsed.service} can record its deployments`);
    const now = new Date();
    const final = parsed.status !== "IN_PROGRESS";
    const [row] = await tx
      .insert(deployments)
      .values({
        service: parsed.service,
        environment: parsed.environment,
        environmentType,
        version: parsed.version,
        commitSha: parsed.commitSha ?? null,
        commitAt: parsed.commitAt ? new Date(parsed.commitAt) : null,
        status: parsed.status,
        startedAt: parsed.startedAt ? new Date(parsed.startedAt) : now,
        finishedAt: parsed.finishedAt ? new Date(parsed.finishedAt) : final ? now : null,
        source,
        actor: actorLabel(ctx.actor),
        url: parsed.url ?? null,
        runId: runId ?? null,
      })
      .returning();
    const json = toDeploymentJson(row!);
    return { result: json, audit: { action: "deployment.create", resourceType: "deployment", resourceId: row!.id, after: json } };
  });
}

/**
 * A rollout seen in a cluster: a changed version opens a deployment (IN_PROGRESS until the rollout
 * completes or fails); later observations of the same version close it. A deployment of the same
 * version recorded moments ago by a run or the API is reused, not doubled. Audited as the system.
 */
export async function observeRollout(
  ctx: ServiceContext,
  o: { service: string; environment: string; environmentType: string | null; version: string; commitSha?: string; rollout: "complete" | "progressing" | "failed" | "paused" | "scaled-down"; changed: boolean },
) {
  const now = new Date();
  const status = o.rollout === "complete" ? "SUCCESS" : o.rollout === "failed" ? "FAILURE" : "IN_PROGRESS";
  await audited(ctx, async (tx) => {
    const [latest] = await tx
      .select()
      .from(deployments)
      .where(and(eq(deployments.service, o.service), eq(deployments.environment, o.environment)))
      .orderBy(desc(deployments.startedAt))
      .limit(1)
      .for("update");
    const audit: AuditRecord[] = [];
    if (o.changed && !(latest && latest.version === o.version && now.getTime() - latest.startedAt.getTime() < 30 * 60_000)) {
      if (latest?.status === "IN_PROGRESS") {
        await tx.update(deployments).set({ status: "SUCCESS", finishedAt: now }).where(eq(deployments.id, latest.id));
      }
      const [row] = await tx
        .insert(deployments)
        .values({ ...o, commitSha: o.commitSha ?? null, status, startedAt: now, finishedAt: status === "IN_PROGRESS" ? null : now, source: "kubernetes", actor: null })
        .returning();
      audit.push({ action: "deployment.create", resourceType: "deployment", resourceId: row!.id, after: toDeploymentJson(row!) });
    } else if (latest && latest.version === o.version && latest.status === "IN_PROGRESS" && status !== "IN_PROGRESS") {
      const [row] = await tx.update(deployments).set({ status, finishedAt: now }).where(eq(deployments.id, latest.id)).returning();
      audit.push({ action: "deployment.update", resourceType: "deployment", resourceId: row!.id, before: toDeploymentJson(latest), after: toDeploymentJson(row!) });
    }
    return { result: undefined, audit };
  });
}

/**
 * A finished run of an action on a service whose inputs name an `environment` and a `version` (the
 * demo "deploy" action, and any like it) records a deployment, in the run's transaction.
 */
export async function recordRunDeployment(tx: Tx, run: Pick<RunRow, "id" | "blueprint" | "entity" | "inputs" | "status" | "startedAt" | "finishedAt" | "requestedByLabel" | "link">): Promise<AuditRecord | null> {
  const { environment, version, commitSha } = run.inputs;
  if (run.blueprint !== "service" || !run.entity || typeof environment !== "string" || typeof version !== "string" || !version) return null;
  if (run.status !== "SUCCESS" && run.status !== "FAILURE") return null;
  const [env] = await tx
    .select({ type: sql<string | null>`${entities.properties} ->> 'type'` })
    .from(entities)
    .where(and(eq(entities.blueprint, "environment"), eq(entities.identifier, environment)));
  if (!env) return null;
  const now = new Date();
  const [row] = await tx
    .insert(deployments)
    .values({
      service: run.entity,
      environment,
      environmentType: env.type,
      version,
      commitSha: typeof commitSha === "string" && /^[0-9a-f]{7,64}$/i.test(commitSha) ? commitSha : null,
      status: run.status,
      startedAt: run.startedAt ?? now,
      finishedAt: run.finishedAt ?? now,
      source: "action",
      actor: run.requestedByLabel,
      url: run.link,
      runId: run.id,
    })
    .returning();
  return { action: "deployment.create", resourceType: "deployment", resourceId: row!.id, after: toDeploymentJson(row!) };
}
