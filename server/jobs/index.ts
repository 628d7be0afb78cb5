import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { markSyncQueued, runGitHubSync } from "../catalog/github-discovery";
import { systemActor, type ServiceContext } from "../context";
import type { Db } from "@/db/client";
import { log } from "../log";
import { takeSnapshot } from "../scorecards/service";
import { startRunWorker } from "../actions/dispatch";
import { deleteExpiredEnvironments } from "../environments/expiry";
import { startClusterSupervisor } from "../environments/sync";

/**
 * Durable background work in PostgreSQL (pg-boss, schema `pgboss`): any number of replicas share
 * the queues without doing a job twice. GitHub discovery runs hourly and on demand; the scorecard
 * snapshot daily (and it is idempotent per day, should a retry run it again).
 */
export const GITHUB_SYNC = "github-sync";
export const SCORECARD_SNAPSHOT = "scorecard-snapshot";
export const ENVIRONMENT_EXPIRY = "environment-expiry";

const globalForJobs = globalThis as unknown as {
  porticoBoss?: PgBoss;
  porticoRunWorker?: ReturnType<typeof startRunWorker>;
  porticoClusterSupervisor?: ReturnType<typeof startClusterSupervisor>;
};

export async function startJobs(connectionString: string, db: Db, options: { runLeaseMs?: number } = {}): Promise<PgBoss> {
  if (globalForJobs.porticoBoss) return globalForJobs.porticoBoss;
  const boss = new PgBoss({ connectionString, max: 4, application_name: "portico-jobs" } as PgBoss.ConstructorOptions);
  boss.on("error", (error) => log.error("job queue error", { error }));
  await boss.start();
  // "stately": at most one sync waiting and one running, however often it is asked for.
  await boss.createQueue(GITHUB_SYNC, { name: GITHUB_SYNC, policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 3600 });
  await boss.schedule(GITHUB_SYNC, "0 * * * *", {});
  await boss.work(GITHUB_SYNC, async ([job]) => {
    const ctx: ServiceContext = { db, actor: systemActor, origin: "integration", requestId: `job-${job?.id ?? randomUUID()}` };
    const state = await runGitHubSync(ctx);
    log.info("github sync finished", { requestId: ctx.requestId, status: state.status, stats: state.stats });
  });
  await boss.createQueue(SCORECARD_SNAPSHOT, { name: SCORECARD_SNAPSHOT, policy: "stately", retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 });
  await boss.schedule(SCORECARD_SNAPSHOT, "5 0 * * *", {}, { tz: "UTC" });
  await boss.work(SCORECARD_SNAPSHOT, async ([job]) => {
    const { rows } = await takeSnapshot(db);
    log.info("scorecard snapshot taken", { requestId: `job-${job?.id ?? randomUUID()}`, rows });
  });
  // Preview environments carry an expiry; every five minutes the expired ones are deleted (audited, as the system).
  await boss.createQueue(ENVIRONMENT_EXPIRY, { name: ENVIRONMENT_EXPIRY, policy: "stately", retryLimit: 3, retryDelay: 60, expireInSeconds: 600 });
  await boss.schedule(ENVIRONMENT_EXPIRY, "*/5 * * * *", {});
  await boss.work(ENVIRONMENT_EXPIRY, async ([job]) => {
    const ctx: ServiceContext = { db, actor: systemActor, origin: "system", requestId: `job-${job?.id ?? randomUUID()}` };
    const deleted = await deleteExpiredEnvironments(ctx);
    if (deleted.length) log.info("expired environments deleted", { requestId: ctx.requestId, deleted });
  });
  globalForJobs.porticoBoss = boss;
  // Self-service runs: the runs table is their queue (server/actions/dispatch.ts).
  globalForJobs.porticoRunWorker ??= startRunWorker(db, options.runLeaseMs ? { leaseMs: options.runLeaseMs } : {});
  // Cluster syncs: list and watch into PostgreSQL, one replica per cluster (a lease in cluster_syncs).
  globalForJobs.porticoClusterSupervisor ??= startClusterSupervisor(db);
  return boss;
}

export async function stopJobs() {
  const started = Date.now();
  await globalForJobs.porticoRunWorker?.stop();
  globalForJobs.porticoRunWorker = undefined;
  log.debug("run worker stopped", { ms: Date.now() - started });
  await globalForJobs.porticoClusterSupervisor?.stop();
  globalForJobs.porticoClusterSupervisor = undefined;
  log.debug("cluster supervisor stopped", { ms: Date.now() - started });
  await globalForJobs.porticoBoss?.stop({ graceful: true, wait: true });
  globalForJobs.porticoBoss = undefined;
  log.debug("job queue stopped", { ms: Date.now() - started });
}

export function jobs(): PgBoss {
  if (!globalForJobs.porticoBoss) throw new Error("The job queue is not running");
  return globalForJobs.porticoBoss;
}

/** "Sync now": marks the integration queued and sends the durable job (one at a time). */
export async function requestGitHubSync({ ctx }: { ctx: ServiceContext }) {
  const queue = jobs(); // before marking, so a process without the queue marks nothing
  const queued = await markSyncQueued(ctx);
  if (queued) await queue.send(GITHUB_SYNC, {});
  return { queued };
}
