import "server-only";
import { randomUUID } from "node:crypto";
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, Watch, type KubeConfig } from "@kubernetes/client-node";
import { and, eq, like, notInArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { clusterObjects, clusterSyncs, entities, integrations } from "@/db/schema";
import { systemActor, type ServiceContext } from "../context";
import { conflict, notFound } from "../errors";
import { kubeConfigFor, kubernetesErrorMessage, type ClusterConnection } from "../integrations/kubernetes";
import { log } from "../log";
import { observeRollout } from "../delivery/deployments";
import { kubernetesConfig } from "../integrations/credentials";
import { clusterConnection } from "./clusters";
import { startTicker } from "../jobs/ticker";
import { serviceOf, summarizeWorkload, workloadVersion, type Workload } from "./workloads";

/**
 * The cluster sync: for every connected cluster, list and then watch the Deployments, StatefulSets,
 * Pods and HPAs of the namespaces that environments point at, and keep them in `cluster_objects`.
 * A watch that ends resumes from its last resourceVersion; 410 Gone (the version is too old) re-lists;
 * any other failure backs off (exponentially, to a minute) and re-lists. One replica syncs a cluster
 * at a time, holding a lease in `cluster_syncs`; another takes over when a lease expires.
 */

export const SYNCED_KINDS = ["Deployment", "StatefulSet", "Pod", "HorizontalPodAutoscaler"] as const;
export type SyncedKind = (typeof SYNCED_KINDS)[number];

/** An environment the sync serves: the namespace it watches, and what to record deployments as. */
export type SyncTarget = { environment: string; type: string | null; cluster: string; namespace: string };

type K8sObject = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string; managedFields?: unknown } };

function paths(kind: SyncedKind, namespace: string): string {
  const ns = encodeURIComponent(namespace);
  switch (kind) {
    case "Deployment":
      return `/apis/apps/v1/namespaces/${ns}/deployments`;
    case "StatefulSet":
      return `/apis/apps/v1/namespaces/${ns}/statefulsets`;
    case "Pod":
      return `/api/v1/namespaces/${ns}/pods`;
    case "HorizontalPodAutoscaler":
      return `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`;
  }
}

async function listKind(kc: KubeConfig, kind: SyncedKind, namespace: string): Promise<{ items: K8sObject[]; resourceVersion?: string }> {
  const list =
    kind === "Deployment"
      ? await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace })
      : kind === "StatefulSet"
        ? await kc.makeApiClient(AppsV1Api).listNamespacedStatefulSet({ namespace })
        : kind === "Pod"
          ? await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace })
          : await kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace });
  // The typed client turns timestamps into Dates; store what the API sent (JSON).
  return { items: JSON.parse(JSON.stringify(list.items)) as K8sObject[], resourceVersion: list.metadata?.resourceVersion };
}

/** Drops what dashboards never read and that makes rows heavy. */
function trim(object: K8sObject): Record<string, unknown> {
  const copy = structuredClone(object) as K8sObject;
  if (copy.metadata) {
    delete copy.metadata.managedFields;
    if (copy.metadata.annotations) delete copy.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"];
  }
  return copy as Record<string, unknown>;
}

/** The environments (entities of the `environment` blueprint) that name a cluster and a namespace. */
export async function syncTargets(db: DbOrTx): Promise<SyncTarget[]> {
  const rows = await db
    .select({ identifier: entities.identifier, properties: entities.properties })
    .from(entities)
    .where(and(eq(entities.blueprint, "environment"), sql`${entities.properties} ? 'cluster'`, sql`${entities.properties} ? 'namespace'`));
  return rows
    .map((r) => ({ environment: r.identifier, type: typeof r.properties.type === "string" ? r.properties.type : null, cluster: String(r.properties.cluster), namespace: String(r.properties.namespace) }))
    .filter((t) => t.cluster && t.namespace);
}

const syncCtx = (db: DbOrTx): ServiceContext => ({ db, actor: systemActor, origin: "integration", requestId: `cluster-sync-${randomUUID()}` });

const isWorkload = (kind: SyncedKind): kind is "Deployment" | "StatefulSet" => kind === "Deployment" || kind === "StatefulSet";

/** Objects of no service are not Portico's business, except autoscalers (they point at their workload). */
const kept = (kind: SyncedKind, object: K8sObject) => kind === "HorizontalPodAutoscaler" || Boolean(serviceOf(object.metadata?.labels));

function objectKey(cluster: string, namespace: string, kind: SyncedKind, name: string) {
  return and(eq(clusterObjects.cluster, cluster), eq(clusterObjects.namespace, namespace), eq(clusterObjects.kind, kind), eq(clusterObjects.name, name));
}

/**
 * Label values → the service they name. A service entity whose `backstage.io/kubernetes-id`
 * annotation differs from its identifier (imported from Backstage) is found by the annotation;
 * any other value is taken as the identifier.
 */
async function servicesByLabel(db: DbOrTx, values: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(values)];
  const out = new Map(unique.map((v) => [v, v]));
  if (!unique.length) return out;
  const rows = await db
    .select({ identifier: entities.identifier, id: sql<string>`${entities.properties} -> 'annotations' ->> 'backstage.io/kubernetes-id'` })
    .from(entities)
    .where(
      and(
        eq(entities.blueprint, "service"),
        // Containment, so the properties' GIN index answers it.
        sql`(${sql.join(unique.map((v) => sql`${entities.properties} @> ${JSON.stringify({ annotations: { "backstage.io/kubernetes-id": v } })}::jsonb`), sql` or `)})`,
      ),
    );
  for (const r of rows) if (r.id) out.set(r.id, r.identifier);
  return out;
}

/** Upserts objects of one namespace and kind as the API sent them (trimmed), a statement per 500. */
async function storeObjects(db: DbOrTx, cluster: string, namespace: string, kind: SyncedKind, objects: K8sObject[]) {
  const syncedAt = new Date();
  const services = await servicesByLabel(db, objects.map((o) => serviceOf(o.metadata?.labels)).filter((s): s is string => Boolean(s)));
  const rows = objects.map((o) => ({
    cluster,
    namespace,
    kind,
    name: o.metadata?.name ?? "",
    service: services.get(serviceOf(o.metadata?.labels) ?? "") ?? null,
    object: trim(o),
    resourceVersion: o.metadata?.resourceVersion ?? null,
    syncedAt,
    source: "cluster" as const,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(clusterObjects)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [clusterObjects.cluster, clusterObjects.namespace, clusterObjects.kind, clusterObjects.name],
        set: { service: sql`excluded.service`, object: sql`excluded.object`, resourceVersion: sql`excluded.resource_version`, syncedAt: sql`excluded.synced_at`, source: sql`excluded.source` },
      });
  }
}

/** Stores one object; a workload whose version or rollout changed records (or closes) a deployment. */
export async function applyObject(db: DbOrTx, cluster: string, namespace: string, kind: SyncedKind, object: K8sObject, target: SyncTarget | undefined) {
  const key = objectKey(cluster, namespace, kind, object.metadata?.name ?? "");
  if (!kept(kind, object)) {
    await db.delete(clusterObjects).where(key);
    return;
  }
  const [previous] = isWorkload(kind) ? await db.select({ object: clusterObjects.object, source: clusterObjects.source }).from(clusterObjects).where(key) : [];
  await storeObjects(db, cluster, namespace, kind, [object]);
  if (!isWorkload(kind) || !target) return;
  const workload = object as Workload;
  const version = workloadVersion(workload);
  const label = serviceOf(object.metadata?.labels);
  const service = label && (await servicesByLabel(db, [label])).get(label);
  if (!version || !service) return;
  const now = summarizeWorkload(kind, workload);
  // Demo rows stand in for a cluster not yet connected: replacing them is not a rollout.
  const before = previous && previous.source === "cluster" ? summarizeWorkload(kind, previous.object as Workload) : undefined;
  const changed = Boolean(before && before.version !== version);
  if (!changed && (!before || before.rollout === now.rollout)) return;
  await observeRollout(syncCtx(db), {
    service,
    environment: target.environment,
    environmentType: target.type,
    version,
    commitSha: object.metadata?.annotations?.["portico.dev/commit-sha"],
    rollout: now.rollout,
    changed,
  });
}

/**
 * A full list replaces what is stored for the namespace and kind: objects deleted meanwhile (or no
 * longer labelled) go. Workloads go one by one (a changed version is a deployment); the rest in batches.
 */
async function replaceAll(db: DbOrTx, cluster: string, kind: SyncedKind, namespace: string, items: K8sObject[], target: SyncTarget | undefined) {
  const stored = items.filter((i) => kept(kind, i));
  if (isWorkload(kind)) for (const item of stored) await applyObject(db, cluster, namespace, kind, item, target);
  else await storeObjects(db, cluster, namespace, kind, stored);
  const names = stored.map((i) => i.metadata?.name ?? "");
  await db
    .delete(clusterObjects)
    .where(
      and(
        eq(clusterObjects.cluster, cluster),
        eq(clusterObjects.namespace, namespace),
        eq(clusterObjects.kind, kind),
        names.length ? notInArray(clusterObjects.name, names) : undefined,
      ),
    );
}

async function markState(db: DbOrTx, cluster: string, state: { ok: true } | { ok: false; error: string }) {
  const now = new Date();
  const fields = state.ok ? { status: "watching" as const, lastSyncedAt: now } : { status: "error" as const, lastError: state.error, lastErrorAt: now };
  await db
    .insert(clusterSyncs)
    .values({ cluster, ...fields, failures: state.ok ? 0 : 1 })
    .onConflictDoUpdate({ target: clusterSyncs.cluster, set: { ...fields, failures: state.ok ? 0 : sql`${clusterSyncs.failures} + 1` } });
}

export type ClusterSyncOptions = { maxBackoffMs?: number; watchTimeoutSeconds?: number };

/** The list-and-watch loops of one cluster's namespaces; `stop()` ends them. */
export class ClusterSync {
  private readonly controllers = new Set<AbortController>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private lastMark = 0;

  constructor(
    private readonly db: Db,
    private readonly connection: ClusterConnection,
    readonly targets: SyncTarget[],
    private readonly options: ClusterSyncOptions = {},
  ) {}

  start() {
    const kc = kubeConfigFor(this.connection);
    const namespaces = [...new Set(this.targets.map((t) => t.namespace))];
    for (const namespace of namespaces) for (const kind of SYNCED_KINDS) this.loops.push(this.loop(kc, kind, namespace));
    return this;
  }

  async stop() {
    this.stopped = true;
    for (const c of this.controllers) c.abort();
    // A watch still connecting has no controller yet (the client returns it once the API server has answered
    // the request's headers, which a slow or unreachable one may take minutes to do): it ends here, and its
    // connection is aborted when it comes (watchOnce).
    for (const end of this.connecting) end();
    for (const wake of this.sleepers) wake();
    await Promise.allSettled(this.loops);
  }

  /** Ends each watch still waiting for the API server's answer. */
  private readonly connecting = new Set<() => void>();

  /** Loops waiting out a backoff; `stop()` wakes them. */
  private readonly sleepers = new Set<() => void>();

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.sleepers.add(wake);
    });
  }

  private async loop(kc: KubeConfig, kind: SyncedKind, namespace: string) {
    const cluster = this.connection.name;
    const target = this.targets.find((t) => t.namespace === namespace);
    let failures = 0;
    while (!this.stopped) {
      try {
        const list = await listKind(kc, kind, namespace);
        if (this.stopped) return;
        await replaceAll(this.db, cluster, kind, namespace, list.items, target);
        await markState(this.db, cluster, { ok: true });
        failures = 0;
        let resourceVersion = list.resourceVersion;
        for (;;) {
          const outcome = await this.watchOnce(kc, kind, namespace, resourceVersion, target);
          if (this.stopped) return;
          if (outcome.kind === "gone") break; // 410: the version is too old; list again.
          if (outcome.kind === "error") throw outcome.error;
          resourceVersion = outcome.resourceVersion;
        }
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        const message = `${kind} in ${namespace}: ${kubernetesErrorMessage(error)}`;
        log.warn("cluster sync failed; retrying", { cluster, error: message, failures });
        await markState(this.db, cluster, { ok: false, error: message }).catch(() => undefined);
        const max = this.options.maxBackoffMs ?? 60_000;
        const backoff = Math.min(max, 1000 * 2 ** (failures - 1));
        await this.sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }

  /** Watches from a resourceVersion until the stream ends; events are applied one after another. */
  private watchOnce(kc: KubeConfig, kind: SyncedKind, namespace: string, resourceVersion: string | undefined, target: SyncTarget | undefined) {
    const cluster = this.connection.name;
    return new Promise<{ kind: "ended"; resourceVersion?: string } | { kind: "gone" } | { kind: "error"; error: unknown }>((resolve) => {
      let latest = resourceVersion;
      let gone = false;
      let chain: Promise<unknown> = Promise.resolve();
      let failed: unknown;
      const watch = new Watch(kc);
      const timeoutSeconds = this.options.watchTimeoutSeconds ?? 240;
      // The client aborts a watch silent for 30 s; the server's bookmarks and timeout come later than that.
      (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = (timeoutSeconds + 60) * 1000;
      let controller: AbortController | undefined;
      const endConnecting = () => resolve({ kind: "ended", resourceVersion: latest });
      this.connecting.add(endConnecting);
      watch
        .watch(
          paths(kind, namespace),
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (type: string, object: K8sObject & { code?: number }) => {
            if (type === "ERROR") {
              if (object.code === 410) gone = true;
              else failed = new Error(`watch error: ${JSON.stringify(object)}`);
              controller?.abort();
              return;
            }
            if (object.metadata?.resourceVersion) latest = object.metadata.resourceVersion;
            if (type === "BOOKMARK") return;
            chain = chain
              .then(async () => {
                if (type === "DELETED") await this.db.delete(clusterObjects).where(objectKey(cluster, namespace, kind, object.metadata?.name ?? ""));
                else await applyObject(this.db, cluster, namespace, kind, object, target);
                if (Date.now() - this.lastMark > 5_000) {
                  this.lastMark = Date.now();
                  await markState(this.db, cluster, { ok: true });
                }
              })
              .catch((error) => {
                failed = error;
              });
          },
          (error: unknown) => {
            if (controller) this.controllers.delete(controller);
            void chain.then(() => {
              const status = (error as { statusCode?: number } | null)?.statusCode;
              if (gone || status === 410) resolve({ kind: "gone" });
              else if (failed) resolve({ kind: "error", error: failed });
              else if (error && !(error instanceof DOMException && error.name === "TimeoutError") && !(error instanceof DOMException && error.name === "AbortError")) resolve({ kind: "error", error });
              else resolve({ kind: "ended", resourceVersion: latest });
            });
          },
        )
        .then((c) => {
          controller = c;
          this.controllers.add(c);
          if (this.stopped) c.abort();
        })
        .catch((error) => resolve({ kind: "error", error }))
        .finally(() => this.connecting.delete(endConnecting));
    });
  }
}

/** "Refresh": lists one environment's namespace now, from whichever replica is asked. */
export async function refreshEnvironment({ ctx, input }: { ctx: ServiceContext; input: { environment: string } }) {
  const db = ctx.db;
  const targets = await syncTargets(db);
  const target = targets.find((t) => t.environment === input.environment);
  if (!target) throw notFound(`Environment ${input.environment} (with a cluster and a namespace)`);
  const kc = await kubernetesConfig(db, target.cluster);
  try {
    for (const kind of SYNCED_KINDS) {
      const list = await listKind(kc, kind, target.namespace);
      await replaceAll(db, target.cluster, kind, target.namespace, list.items, target);
    }
  } catch (error) {
    const message = kubernetesErrorMessage(error);
    await markState(db, target.cluster, { ok: false, error: message });
    throw conflict(`Could not read cluster ${target.cluster}: ${message}`);
  }
  await markState(db, target.cluster, { ok: true });
  return { syncedAt: new Date().toISOString() };
}

const LEASE_MS = 45_000;

/**
 * Runs in every app process: every `intervalMs` it takes (or renews) the lease of each connected
 * cluster that environments point at, starts the cluster's sync when it holds the lease, and stops
 * syncs whose lease it lost or whose cluster or namespaces changed.
 */
export function startClusterSupervisor(db: Db, options: ClusterSyncOptions & { intervalMs?: number; owner?: string } = {}) {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const running = new Map<string, { sync: ClusterSync; fingerprint: string }>();
  let stopped = false;

  async function tick() {
    const targets = await syncTargets(db);
    const connected = await db.select({ id: integrations.id, config: integrations.config, updatedAt: integrations.updatedAt }).from(integrations).where(like(integrations.id, "kubernetes:%"));
    const wanted = new Map<string, SyncTarget[]>();
    for (const row of connected) {
      const name = row.id.slice("kubernetes:".length);
      const mine = targets.filter((t) => t.cluster === name);
      if (mine.length) wanted.set(name, mine);
    }
    for (const [cluster, clusterTargets] of wanted) {
      const until = new Date(Date.now() + LEASE_MS);
      const namespaces = [...new Set(clusterTargets.map((t) => t.namespace))].sort();
      const [held] = await db
        .insert(clusterSyncs)
        .values({ cluster, leaseOwner: owner, leaseUntil: until, namespaces })
        .onConflictDoUpdate({
          target: clusterSyncs.cluster,
          set: { leaseOwner: owner, leaseUntil: until, namespaces },
          setWhere: sql`${clusterSyncs.leaseOwner} is null or ${clusterSyncs.leaseOwner} = ${owner} or ${clusterSyncs.leaseUntil} < now()`,
        })
        .returning({ cluster: clusterSyncs.cluster });
      const current = running.get(cluster);
      const row = connected.find((c) => c.id === `kubernetes:${cluster}`)!;
      const fingerprint = JSON.stringify([row.updatedAt, clusterTargets]);
      if (!held) {
        if (current) {
          running.delete(cluster);
          await current.sync.stop();
        }
        continue;
      }
      if (current && current.fingerprint === fingerprint) continue;
      if (current) await current.sync.stop();
      const connection = await clusterConnection(db, cluster);
      if (!connection || stopped) continue;
      running.set(cluster, { sync: new ClusterSync(db, connection, clusterTargets, options).start(), fingerprint });
    }
    for (const [cluster, current] of running) {
      if (wanted.has(cluster)) continue;
      running.delete(cluster);
      await current.sync.stop();
      await db.update(clusterSyncs).set({ leaseOwner: null, leaseUntil: null }).where(and(eq(clusterSyncs.cluster, cluster), eq(clusterSyncs.leaseOwner, owner)));
    }
  }

  // Stopping waits for the tick under way, so it cannot take a lease back after stop() freed it.
  const ticker = startTicker("cluster supervisor", tick, options.intervalMs ?? 15_000);

  return {
    owner,
    running,
    /** Stops every sync and hands every lease of this process back, so another replica takes them at its next tick. */
    async stop() {
      stopped = true;
      await ticker.stop();
      // The leases first: a watch slow to end must not keep another replica waiting for them. (Until this
      // process's watches end, two replicas may apply the same events: the writes are idempotent upserts.)
      await db.update(clusterSyncs).set({ leaseOwner: null, leaseUntil: null }).where(eq(clusterSyncs.leaseOwner, owner));
      const syncs = [...running.values()].map((current) => current.sync.stop());
      running.clear();
      // Bounded all the same: a watch's events being written when it ends are finished, at most 5 s.
      await Promise.race([Promise.allSettled(syncs), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}
