import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { deployments, entities } from "@/db/schema";
import type { ServiceContext } from "../context";
import { notFound, parseInput } from "../errors";
import { serviceAcrossEnvironments } from "../environments/dashboard";
import { toDeploymentJson } from "./deployments";
import { doraMetrics, doraSeries, type DoraDeployment } from "./dora";

const DAY = 86_400_000;

/**
 * The delivery tab of a service: the version running in each environment (from the cluster, else
 * the last successful deployment), with drift marked, and its recent deployments.
 */
export async function serviceDelivery({ ctx, input }: { ctx: ServiceContext; input: { service: string } }) {
  const [entity] = await ctx.db.select({ identifier: entities.identifier }).from(entities).where(and(eq(entities.blueprint, "service"), eq(entities.identifier, input.service)));
  if (!entity) throw notFound(`Service ${input.service}`);
  const [places, recent] = await Promise.all([
    serviceAcrossEnvironments(ctx, input.service),
    ctx.db.select().from(deployments).where(eq(deployments.service, input.service)).orderBy(desc(deployments.startedAt)).limit(200),
  ]);
  const cells = places
    .map(({ environment, clusterStatus, health }) => {
      const deployed = recent.find((d) => d.environment === environment.identifier && d.status === "SUCCESS");
      const workload = health?.workloads[0];
      const version = workload?.version ?? deployed?.version ?? null;
      return {
        environment,
        clusterStatus,
        version,
        /** Where the version comes from: the cluster (live) or the deployment record. */
        from: workload?.version ? ("cluster" as const) : deployed ? ("deployment" as const) : null,
        deployedAt: deployed?.finishedAt?.toISOString() ?? deployed?.startedAt.toISOString() ?? null,
        replicas: workload ? { ready: workload.ready, desired: workload.desired } : null,
        rollout: workload?.rollout ?? null,
        problems: health?.problems.length ?? 0,
        demo: health?.demo ?? false,
      };
    })
    // Preview environments appear only where the service runs.
    .filter((c) => c.environment.type !== "preview" || c.version);
  // Drift: a stage that runs another version than the stage before it.
  let previous: string | null = null;
  const matrix = cells.map((c) => {
    const drift = Boolean(c.version && previous && c.version !== previous);
    if (c.version && c.environment.type !== "preview") previous = c.version;
    return { ...c, drift };
  });
  return { service: input.service, matrix, deployments: recent.slice(0, 20).map(toDeploymentJson) };
}

export const doraInputSchema = z.object({
  service: z.string().max(100).optional(),
  team: z.string().max(100).optional(),
  days: z.number().int().min(7).max(365).default(30),
});

/** The services a DORA scope covers: one, a team's, or all (undefined). */
async function scopeServices(ctx: ServiceContext, input: { service?: string; team?: string }): Promise<string[] | undefined> {
  if (input.service) return [input.service];
  if (!input.team) return undefined;
  const rows = await ctx.db
    .select({ identifier: entities.identifier })
    .from(entities)
    .where(and(eq(entities.blueprint, "service"), sql`${entities.team} @> array[${input.team}]::text[]`));
  return rows.map((r) => r.identifier);
}

/** DORA metrics of a service, a team or the organisation over the last `days`, with the window before for comparison. */
export async function doraReport({ ctx, input, now = new Date() }: { ctx: ServiceContext; input: z.input<typeof doraInputSchema>; now?: Date }) {
  const parsed = parseInput(doraInputSchema, input, "Invalid DORA query");
  const services = await scopeServices(ctx, parsed);
  const to = now;
  const from = new Date(to.getTime() - parsed.days * DAY);
  const previousFrom = new Date(from.getTime() - parsed.days * DAY);
  // A month more of history finds the versions a rollback returns to and restores of early failures.
  const since = new Date(previousFrom.getTime() - 30 * DAY);
  const rows =
    services && services.length === 0
      ? []
      : await ctx.db
          .select({
            service: deployments.service,
            environment: deployments.environment,
            version: deployments.version,
            status: deployments.status,
            startedAt: deployments.startedAt,
            finishedAt: deployments.finishedAt,
            commitAt: deployments.commitAt,
            source: deployments.source,
          })
          .from(deployments)
          .where(and(eq(deployments.environmentType, "production"), gte(deployments.startedAt, since), services ? inArray(deployments.service, services) : undefined));
  const history: DoraDeployment[] = rows;
  const demo = rows.filter((r) => r.source === "demo" && r.startedAt >= previousFrom).length;
  return {
    scope: parsed.service ? { kind: "service" as const, id: parsed.service } : parsed.team ? { kind: "team" as const, id: parsed.team } : { kind: "organisation" as const, id: null },
    services: services?.length ?? null,
    from: from.toISOString(),
    to: to.toISOString(),
    current: doraMetrics(history, from, to),
    previous: doraMetrics(history, previousFrom, from),
    series: doraSeries(history, from, to),
    /** How many of the deployments in the two windows are the demo's: the figures say so. */
    demoDeployments: demo,
  };
}
