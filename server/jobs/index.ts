import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { markSyncQueued, queueSync } from "../catalog/github-discovery";
import { startGitHubSyncRunner } from "../catalog/github-sync-runner";
import { systemActor, type ServiceContext } from "../context";
import type { Db } from "@/db/client";
import { log } from "../log";
import { takeSnapshot } from "../scorecards/service";
import { startRunWorker } from "../actions/dispatch";
import { deleteExpiredEnvironments } from "../environments/expiry";
import { startClusterSupervisor } from "../environments/sync";
import { notifyCampaigns } from "../campaigns/notify";
import { syncAllDocs } from "../docs/sync";
import { rollUpRuns } from "../insights/run-totals";
import { githubIfConnected } from "../integrations/credentials";

/**
 * Durable background work in PostgreSQL (pg-boss, schema `pgboss`): any number of replicas share
 * the queues without doing a job twice. GitHub discovery is queued hourly and on demand, and run by one
 * replica's sync runner under a lease; the scorecard snapshot daily (and it is idempotent per day, should
 * a retry run it again).
 */
export const GITHUB_SYNC = "github-sync";
export const SCORECARD_SNAPSHOT = "scorecard-snapshot";
export const ENVIRONMENT_EXPIRY = "environment-expiry";
export const CAMPAIGN_NOTIFY = "campaign-notify";
export const DOCS_SYNC = "docs-sync";
export const INSIGHTS_ROLLUP = "insights-rollup";

const globalForJobs = globalThis as unknown as {
  porticoBoss?: PgBoss;
  porticoRunWorker?: ReturnType<typeof startRunWorker>;
  porticoClusterSupervisor?: ReturnType<typeof startClusterSupervisor>;
  porticoGitHubSyncRunner?: ReturnType<typeof startGitHubSyncRunner>;
};

export async function startJobs(connectionString: string, db: Db, options: { runLeaseMs?: number } = {}): Promise<PgBoss> {
  if (globalForJobs.porticoBoss) return globalForJobs.porticoBoss;
  const boss = new PgBoss({ connectionString, max: 4, application_name: "portico-jobs" } as PgBoss.ConstructorOptions);
  boss.on("error", (error) => log.error("job queue error", { error }));
  await boss.start();
  // The hourly schedule only queues a sync: a replica's sync runner runs it under a lease, so a sync whose
  // replica died resumes elsewhere within the lease instead of when the job would expire.
  await boss.createQueue(GITHUB_SYNC, { name: GITHUB_SYNC, policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 300 });
  await boss.schedule(GITHUB_SYNC, "0 * * * *", {});
  await boss.work(GITHUB_SYNC, async ([job]) => {
    const queued = await queueSync({ db });
    log.info("github sync queued by the schedule", { requestId: `job-${job?.id ?? randomUUID()}`, queued });
    globalForJobs.porticoGitHubSyncRunner?.poke();
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
  // Campaigns: owners hear when one starts, a week before its due date and when it is overdue (each once).
  await boss.createQueue(CAMPAIGN_NOTIFY, { name: CAMPAIGN_NOTIFY, policy: "stately", retryLimit: 3, retryDelay: 60, expireInSeconds: 600 });
  await boss.schedule(CAMPAIGN_NOTIFY, "*/15 * * * *", {});
  await boss.work(CAMPAIGN_NOTIFY, async ([job]) => {
    const sent = await notifyCampaigns(db);
    if (sent.length) log.info("campaign notifications sent", { requestId: `job-${job?.id ?? randomUUID()}`, sent });
  });
  // Docs beside every service: read from GitHub hourly (an unchanged tree is two requests and no writes).
  await boss.createQueue(DOCS_SYNC, { name: DOCS_SYNC, policy: "stately", retryLimit: 1, retryDelay: 300, expireInSeconds: 3000 });
  await boss.schedule(DOCS_SYNC, "20 * * * *", {});
  await boss.work(DOCS_SYNC, async ([job]) => {
    const gh = await githubIfConnected(db);
    if (!gh) return;
    const ctx: ServiceContext = { db, actor: systemActor, origin: "system", requestId: `job-${job?.id ?? randomUUID()}` };
    log.info("docs synced", { requestId: ctx.requestId, ...(await syncAllDocs(ctx, gh)) });
  });
  // Adoption insights: runs of the days that ended (or changed since) go into the daily roll-up, so a read
  // rarely has more to roll up than today's runs (server/insights/run-totals.ts).
  await boss.createQueue(INSIGHTS_ROLLUP, { name: INSIGHTS_ROLLUP, policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 });
  await boss.schedule(INSIGHTS_ROLLUP, "*/10 * * * *", {});
  await boss.work(INSIGHTS_ROLLUP, async ([job]) => {
    const rolled = await rollUpRuns(db);
    if (rolled.paths) log.info("runs rolled up for insights", { requestId: `job-${job?.id ?? randomUUID()}`, ...rolled });
  });
  globalForJobs.porticoBoss = boss;
  // Self-service runs: the runs table is their queue (server/actions/dispatch.ts).
  globalForJobs.porticoRunWorker ??= startRunWorker(db, options.runLeaseMs ? { leaseMs: options.runLeaseMs } : {});
  // Cluster syncs: list and watch into PostgreSQL, one replica per cluster (a lease in cluster_syncs).
  globalForJobs.porticoClusterSupervisor ??= startClusterSupervisor(db);
  // GitHub discovery: one replica at a time, under a lease in the integration's row.
  globalForJobs.porticoGitHubSyncRunner ??= startGitHubSyncRunner(db);
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
  await globalForJobs.porticoGitHubSyncRunner?.stop();
  globalForJobs.porticoGitHubSyncRunner = undefined;
  log.debug("github sync runner stopped", { ms: Date.now() - started });
  await globalForJobs.porticoBoss?.stop({ graceful: true, wait: true });
  globalForJobs.porticoBoss = undefined;
  log.debug("job queue stopped", { ms: Date.now() - started });
}

export function jobs(): PgBoss {
  if (!globalForJobs.porticoBoss) throw new Error("The job queue is not running");
  return globalForJobs.porticoBoss;
}

/** "Sync now": marks the integration queued; this replica's runner looks at once (one sync at a time). */
export async function requestGitHubSync({ ctx }: { ctx: ServiceContext }) {
  const runner = globalForJobs.porticoGitHubSyncRunner;
  if (!runner) throw new Error("The job queue is not running"); // before marking, so a process without it marks nothing
  const queued = await markSyncQueued(ctx);
  if (queued) runner.poke();
  return { queued };
}
