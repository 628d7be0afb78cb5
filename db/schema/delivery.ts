import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Kubernetes objects a cluster sync keeps (Deployments, StatefulSets, Pods and HPAs of the namespaces
 * environments point at), trimmed of managed fields. Dashboards read these rows, never the cluster.
 */
export const clusterObjects = pgTable(
  "cluster_objects",
  {
    cluster: text().notNull(),
    namespace: text().notNull(),
    kind: text({ enum: ["Deployment", "StatefulSet", "Pod", "HorizontalPodAutoscaler"] }).notNull(),
    name: text().notNull(),
    /** From `portico.dev/service` or `backstage.io/kubernetes-id`; null for unlabelled HPAs. */
    service: text(),
    object: jsonb().$type<Record<string, unknown>>().notNull(),
    resourceVersion: text(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** "demo" rows come from demo data, not from a cluster. */
    source: text({ enum: ["cluster", "demo"] })
      .notNull()
      .default("cluster"),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.namespace, t.kind, t.name] }), index("cluster_objects_service_idx").on(t.service)],
);

/** One row per connected cluster: who syncs it (a lease, so one replica watches), and how it went. */
export const clusterSyncs = pgTable("cluster_syncs", {
  cluster: text().primaryKey(),
  leaseOwner: text(),
  leaseUntil: timestamp({ withTimezone: true }),
  status: text({ enum: ["connecting", "watching", "error"] })
    .notNull()
    .default("connecting"),
  namespaces: jsonb().$type<string[]>().notNull().default([]),
  lastSyncedAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lastErrorAt: timestamp({ withTimezone: true }),
  /** Consecutive failures: the backoff grows with them. */
  failures: integer().notNull().default(0),
});

export const deploymentStatuses = ["IN_PROGRESS", "SUCCESS", "FAILURE"] as const;
export const deploymentSources = ["kubernetes", "action", "api", "demo"] as const;

/** PRODUCT.md "Deployment": a version of a service reaching an environment. */
export const deployments = pgTable(
  "deployments",
  {
    id: uuid().primaryKey().defaultRandom(),
    service: text().notNull(),
    environment: text().notNull(),
    /** The environment's type when deployed (DORA counts production). */
    environmentType: text(),
    version: text().notNull(),
    commitSha: text(),
    /** When the change was committed (lead time for changes). */
    commitAt: timestamp({ withTimezone: true }),
    status: text({ enum: deploymentStatuses }).notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
    source: text({ enum: deploymentSources }).notNull(),
    actor: text(),
    url: text(),
    runId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("deployments_service_idx").on(t.service, t.startedAt), index("deployments_environment_idx").on(t.environment, t.startedAt), index("deployments_started_idx").on(t.startedAt)],
);

/** GitHub Actions workflow runs of the services' repositories, read through (refreshed when stale). */
export const ciRuns = pgTable(
  "ci_runs",
  {
    repository: text().notNull(),
    runId: bigint({ mode: "number" }).notNull(),
    workflow: text().notNull(),
    title: text(),
    status: text().notNull(),
    conclusion: text(),
    branch: text(),
    commitSha: text(),
    actor: text(),
    event: text(),
    url: text(),
    attempt: integer().notNull().default(1),
    startedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }),
    source: text({ enum: ["github", "demo"] })
      .notNull()
      .default("github"),
  },
  (t) => [primaryKey({ columns: [t.repository, t.runId] }), index("ci_runs_repository_idx").on(t.repository, t.startedAt)],
);

/** When each repository's runs were last read from GitHub, and the error if that failed. */
export const ciRepositories = pgTable("ci_repositories", {
  repository: text().primaryKey(),
  syncedAt: timestamp({ withTimezone: true }),
  error: text(),
});
