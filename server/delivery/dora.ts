/**
 * The four DORA metrics over production deployments, as pure functions.
 *
 * - Deployment frequency: successful production deployments per day in the window.
 * - Lead time for changes: median time from the commit to the end of its successful production deployment.
 * - Change failure rate: failed deployments, plus deployments a rollback followed, over all finished
 *   deployments. A rollback is a deployment of a version that the same service ran in the same
 *   environment before the one it replaces.
 * - Time to restore: median time from a failed (or rolled-back) deployment's start to the end of the
 *   next successful deployment of that service and environment that is not itself a failure.
 */

export type DoraDeployment = {
  service: string;
  environment: string;
  version: string;
  status: "IN_PROGRESS" | "SUCCESS" | "FAILURE";
  startedAt: Date;
  finishedAt: Date | null;
  commitAt: Date | null;
};

export type Level = "elite" | "high" | "medium" | "low";

export type DoraMetrics = {
  /** Finished (successful or failed) deployments. */
  finished: number;
  failures: number;
  /** Successful deployments per day. */
  deploymentFrequency: number;
  /** Median hours, null without a sample. */
  leadTimeHours: number | null;
  leadTimeSamples: number;
  /** 0..1, null without a finished deployment. */
  changeFailureRate: number | null;
  timeToRestoreHours: number | null;
  restoreSamples: number;
  levels: { deploymentFrequency: Level | null; leadTime: Level | null; changeFailureRate: Level | null; timeToRestore: Level | null };
};

/** Per chart bucket: successful deployments, failures, median lead time. */
export type DoraBucket = { start: string; deployments: number; failures: number; leadTimeHours: number | null };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const endOf = (d: DoraDeployment) => d.finishedAt ?? d.startedAt;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Which deployments count as failures (FAILURE, or followed by a rollback) and which are rollbacks.
 * Takes the whole history: earlier deployments show which versions a rollback returns to.
 */
export function classify(history: DoraDeployment[]): { failed: Set<DoraDeployment>; rollbacks: Set<DoraDeployment> } {
  const failed = new Set<DoraDeployment>();
  const rollbacks = new Set<DoraDeployment>();
  const streams = new Map<string, DoraDeployment[]>();
  for (const d of history) {
    if (d.status === "IN_PROGRESS") continue;
    const key = `${d.service}\u0000${d.environment}`;
    streams.set(key, [...(streams.get(key) ?? []), d]);
  }
  for (const stream of streams.values()) {
    stream.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const seen = new Set<string>();
    let running: DoraDeployment | undefined;
    for (const d of stream) {
      if (d.status === "FAILURE") {
        failed.add(d);
        continue;
      }
      // A successful deployment of a version that ran before the current one rolls the current one back.
      if (running && d.version !== running.version && seen.has(d.version)) {
        failed.add(running);
        rollbacks.add(d);
      }
      if (running) seen.add(running.version);
      running = d;
    }
  }
  return { failed, rollbacks };
}

/** Lead time of a deployment that shipped new commits: not a failure, not a rollback to old code. */
function leadTimes(deployments: DoraDeployment[], failed: Set<DoraDeployment>, rollbacks: Set<DoraDeployment>): number[] {
  return deployments
    .filter((d) => d.status === "SUCCESS" && d.commitAt && !failed.has(d) && !rollbacks.has(d))
    .map((d) => (endOf(d).getTime() - d.commitAt!.getTime()) / HOUR)
    .filter((h) => h >= 0);
}

function level(value: number | null, thresholds: [number, number, number], higherIsBetter = false): Level | null {
  if (value === null) return null;
  const [elite, high, medium] = thresholds;
  if (higherIsBetter) return value >= elite ? "elite" : value >= high ? "high" : value >= medium ? "medium" : "low";
  return value <= elite ? "elite" : value <= high ? "high" : value <= medium ? "medium" : "low";
}

/** DORA metrics for deployments started in [from, to); `history` may reach further back (rollbacks, restores). */
export function doraMetrics(history: DoraDeployment[], from: Date, to: Date): DoraMetrics {
  const { failed, rollbacks } = classify(history);
  const inWindow = history.filter((d) => d.status !== "IN_PROGRESS" && d.startedAt >= from && d.startedAt < to);
  const successes = inWindow.filter((d) => d.status === "SUCCESS");
  const failures = inWindow.filter((d) => failed.has(d));
  const days = Math.max((to.getTime() - from.getTime()) / DAY, 1 / 24);
  const leads = leadTimes(successes, failed, rollbacks);
  const restores: number[] = [];
  for (const f of failures) {
    const next = history
      .filter((d) => d.service === f.service && d.environment === f.environment && d.status === "SUCCESS" && !failed.has(d) && d.startedAt > f.startedAt)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0];
    if (next) restores.push((endOf(next).getTime() - f.startedAt.getTime()) / HOUR);
  }
  const deploymentFrequency = successes.length / days;
  const leadTimeHours = median(leads);
  const changeFailureRate = inWindow.length ? failures.length / inWindow.length : null;
  const timeToRestoreHours = median(restores);
  return {
    finished: inWindow.length,
    failures: failures.length,
    deploymentFrequency,
    leadTimeHours,
    leadTimeSamples: leads.length,
    changeFailureRate,
    timeToRestoreHours,
    restoreSamples: restores.length,
    // Bands of the DORA State of DevOps reports: daily / weekly / monthly deploys; a day / a week / a month of lead time; ...
    levels: {
      deploymentFrequency: inWindow.length ? level(deploymentFrequency, [1, 1 / 7, 1 / 30], true) : null,
      leadTime: level(leadTimeHours, [24, 24 * 7, 24 * 30]),
      changeFailureRate: level(changeFailureRate, [0.05, 0.1, 0.15]),
      timeToRestore: level(timeToRestoreHours, [1, 24, 24 * 7]),
    },
  };
}

/** Days per chart bucket: a day up to a month's window, else a week. */
export function bucketDays(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY <= 31 ? 1 : 7;
}

/** The window's deployments, failures and median lead time per bucket, for charts. */
export function doraSeries(history: DoraDeployment[], from: Date, to: Date): DoraBucket[] {
  const { failed, rollbacks } = classify(history);
  const size = bucketDays(from, to) * DAY;
  const buckets: DoraBucket[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += size) {
    const end = Math.min(start + size, to.getTime());
    const ds = history.filter((d) => d.status !== "IN_PROGRESS" && d.startedAt.getTime() >= start && d.startedAt.getTime() < end);
    buckets.push({
      start: new Date(start).toISOString(),
      deployments: ds.filter((d) => d.status === "SUCCESS").length,
      failures: ds.filter((d) => failed.has(d)).length,
      leadTimeHours: median(leadTimes(ds, failed, rollbacks)),
    });
  }
  return buckets;
}
