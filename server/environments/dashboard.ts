import { and, eq, inArray, like, or, sql } from "drizzle-orm";
import type { V1Pod, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { clusterObjects, clusterSyncs, entities, integrations } from "@/db/schema";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { hpaFor, podProblems, summarizePod, summarizeWorkload, workloadProblems, type PodSummary, type Problem, type Workload, type WorkloadSummary } from "./workloads";

/**
 * What environment pages show, read from the rows the cluster sync keeps (never from the cluster):
 * per service its workloads (version, replicas, rollout), pods (phase, restarts, age) and problems.
 */

const ENVIRONMENT_ORDER = ["development", "preview", "staging", "production"] as const;

export type EnvironmentInfo = {
  identifier: string;
  title: string | null;
  type: string | null;
  cluster: string | null;
  namespace: string | null;
  expiresAt: string | null;
};

type ObjectRow = typeof clusterObjects.$inferSelect;

export type ServiceHealth = {
  service: string;
  workloads: (WorkloadSummary & { hpa?: { min: number; max: number; current: number } })[];
  pods: (PodSummary & { problems: Problem[] })[];
  problems: Problem[];
  demo: boolean;
};

export type ClusterStatus = {
  name: string;
  connected: boolean;
  status: "connecting" | "watching" | "error" | "not-connected";
  lastSyncedAt: string | null;
  lastError: string | null;
};

export async function listEnvironments(db: ServiceContext["db"]): Promise<EnvironmentInfo[]> {
  const rows = await db.select({ identifier: entities.identifier, title: entities.title, properties: entities.properties }).from(entities).where(eq(entities.blueprint, "environment"));
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  return rows
    .map((r) => ({ identifier: r.identifier, title: r.title, type: str(r.properties.type), cluster: str(r.properties.cluster), namespace: str(r.properties.namespace), expiresAt: str(r.properties.expiresAt) }))
    .sort((a, b) => rank(a.type) - rank(b.type) || a.identifier.localeCompare(b.identifier));
}

function rank(type: string | null) {
  const i = ENVIRONMENT_ORDER.indexOf((type ?? "") as (typeof ENVIRONMENT_ORDER)[number]);
  return i < 0 ? ENVIRONMENT_ORDER.length : i;
}

/** Connection and sync state of the clusters named. */
export async function clusterStatuses(db: ServiceContext["db"], names: string[]): Promise<Map<string, ClusterStatus>> {
  const unique = [...new Set(names)];
  const out = new Map<string, ClusterStatus>();
  if (!unique.length) return out;
  const [connected, syncs] = await Promise.all([
    db.select({ id: integrations.id }).from(integrations).where(and(like(integrations.id, "kubernetes:%"), sql`${integrations.secretEncrypted} is not null`)),
    db.select().from(clusterSyncs).where(inArray(clusterSyncs.cluster, unique)),
  ]);
  for (const name of unique) {
    const isConnected = connected.some((c) => c.id === `kubernetes:${name}`);
    const sync = syncs.find((s) => s.cluster === name);
    out.set(name, {
      name,
      connected: isConnected,
      status: isConnected ? (sync?.status ?? "connecting") : "not-connected",
      lastSyncedAt: sync?.lastSyncedAt?.toISOString() ?? null,
      lastError: sync?.status === "error" ? sync.lastError : null,
    });
  }
  return out;
}

/** The stored objects of environments' namespaces (optionally of some services only). */
async function objectsOf(db: ServiceContext["db"], envs: EnvironmentInfo[], services?: string[]): Promise<ObjectRow[]> {
  const places = envs.filter((e) => e.cluster && e.namespace);
  if (!places.length) return [];
  return db
    .select()
    .from(clusterObjects)
    .where(
      and(
        or(...places.map((e) => and(eq(clusterObjects.cluster, e.cluster!), eq(clusterObjects.namespace, e.namespace!)))),
        services ? or(inArray(clusterObjects.service, services), eq(clusterObjects.kind, "HorizontalPodAutoscaler")) : undefined,
      ),
    );
}

/** Groups one namespace's objects by service, with summaries and problems. */
export function healthByService(rows: ObjectRow[], now = new Date()): ServiceHealth[] {
  const hpas = rows.filter((r) => r.kind === "HorizontalPodAutoscaler").map((r) => r.object as unknown as V2HorizontalPodAutoscaler);
  const byService = new Map<string, ServiceHealth>();
  const entry = (service: string) => {
    let e = byService.get(service);
    if (!e) byService.set(service, (e = { service, workloads: [], pods: [], problems: [], demo: false }));
    return e;
  };
  for (const row of rows) {
    if (!row.service || row.kind === "HorizontalPodAutoscaler") continue;
    const e = entry(row.service);
    if (row.source === "demo") e.demo = true;
    if (row.kind === "Pod") {
      const pod = row.object as V1Pod;
      const problems = podProblems(pod, now);
      e.pods.push({ ...summarizePod(pod), problems });
      e.problems.push(...problems);
    } else {
      const workload = row.object as Workload;
      const hpa = hpaFor(row.kind, row.name, hpas);
      const summary = summarizeWorkload(row.kind, workload);
      e.workloads.push({ ...summary, ...(hpa ? { hpa: { min: hpa.spec?.minReplicas ?? 1, max: hpa.spec?.maxReplicas ?? 0, current: hpa.status?.currentReplicas ?? 0 } } : {}) });
      e.problems.unshift(...workloadProblems(row.kind, workload, hpa));
    }
  }
  for (const e of byService.values()) {
    e.pods.sort((a, b) => b.problems.length - a.problems.length || a.name.localeCompare(b.name));
    e.problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1));
  }
  return [...byService.values()].sort((a, b) => b.problems.length - a.problems.length || a.service.localeCompare(b.service));
}

const placeKey = (cluster: string, namespace: string) => `${cluster}\u0000${namespace}`;

/** All environments with their cluster's state and a count of services and problems. */
export async function environmentsOverview({ ctx }: { ctx: ServiceContext }) {
  const envs = await listEnvironments(ctx.db);
  const [clusters, rows] = await Promise.all([clusterStatuses(ctx.db, envs.flatMap((e) => (e.cluster ? [e.cluster] : []))), objectsOf(ctx.db, envs)]);
  const byPlace = new Map<string, ObjectRow[]>();
  for (const r of rows) {
    const key = placeKey(r.cluster, r.namespace);
    const list = byPlace.get(key);
    if (list) list.push(r);
    else byPlace.set(key, [r]);
  }
  const now = new Date();
  return envs.map((env) => {
    const health = env.cluster && env.namespace ? healthByService(byPlace.get(placeKey(env.cluster, env.namespace)) ?? [], now) : [];
    const problems = health.flatMap((h) => h.problems);
    return {
      ...env,
      clusterStatus: env.cluster ? clusters.get(env.cluster)! : null,
      services: health.length,
      healthy: health.filter((h) => h.problems.length === 0).length,
      critical: problems.filter((p) => p.severity === "critical").length,
      warnings: problems.filter((p) => p.severity === "warning").length,
      demo: health.some((h) => h.demo),
    };
  });
}

/** One environment's dashboard. */
export async function environmentDashboard({ ctx, input }: { ctx: ServiceContext; input: { environment: string } }) {
  const envs = await listEnvironments(ctx.db);
  const env = envs.find((e) => e.identifier === input.environment);
  if (!env) throw notFound(`Environment ${input.environment}`);
  const [clusters, rows] = await Promise.all([clusterStatuses(ctx.db, env.cluster ? [env.cluster] : []), objectsOf(ctx.db, [env])]);
  const services = healthByService(rows);
  const titles = services.length
    ? await ctx.db
        .select({ identifier: entities.identifier, title: entities.title })
        .from(entities)
        .where(and(eq(entities.blueprint, "service"), inArray(entities.identifier, services.map((s) => s.service))))
    : [];
  return {
    environment: env,
    /** When this was read: pod ages are relative to it. */
    generatedAt: new Date().toISOString(),
    clusterStatus: env.cluster ? clusters.get(env.cluster)! : null,
    services: services.map((s) => ({ ...s, title: titles.find((t) => t.identifier === s.service)?.title ?? null, inCatalog: titles.some((t) => t.identifier === s.service) })),
  };
}

/** One service across environments: what runs where (for the delivery tab's version matrix). */
export async function serviceAcrossEnvironments(ctx: ServiceContext, service: string) {
  const envs = await listEnvironments(ctx.db);
  const [clusters, rows] = await Promise.all([clusterStatuses(ctx.db, envs.flatMap((e) => (e.cluster ? [e.cluster] : []))), objectsOf(ctx.db, envs, [service])]);
  return envs.map((env) => {
    const here = rows.filter((r) => r.cluster === env.cluster && r.namespace === env.namespace);
    const [health] = healthByService(here).filter((h) => h.service === service);
    return { environment: env, clusterStatus: env.cluster ? clusters.get(env.cluster)! : null, health: health ?? null };
  });
}
