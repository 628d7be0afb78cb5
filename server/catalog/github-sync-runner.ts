import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { systemActor, type ServiceContext } from "../context";
import { startTicker } from "../jobs/ticker";
import { log } from "../log";
import { runGitHubSync, SyncLeaseLost } from "./github-discovery";

/** How long a replica holds the GitHub sync without renewing it: a dead replica's sync resumes after this. */
export const GITHUB_SYNC_LEASE_MS = 30_000;

type Claim = { previousOwner: string | null; previousStatus: string };

/**
 * Runs in every app process: takes the GitHub sync when one is queued, or when the replica running it
 * stopped renewing its lease (killed, partitioned), and runs it while renewing the lease. One replica at a
 * time runs it; a sync of a dead replica starts again elsewhere within the lease (its writes are upserts).
 * The hourly schedule and "Sync now" only queue a sync (queueSync); `poke` makes this process look now.
 */
export function startGitHubSyncRunner(db: Db, options: { owner?: string; intervalMs?: number; leaseMs?: number } = {}) {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? GITHUB_SYNC_LEASE_MS;
  let stopped = false;
  let current: { abort: AbortController; done: Promise<void> } | undefined;

  async function claim(): Promise<Claim | undefined> {
    const rows = (await db.execute(sql`
      with previous as (select lease_owner, sync_state ->> 'status' as status from integrations where id = 'github' for update)
      update integrations i set lease_owner = ${owner}, lease_until = now() + ${`${leaseMs} milliseconds`}::interval
      from previous
      where i.id = 'github' and (previous.status = 'queued' or (previous.status = 'running' and (i.lease_until is null or i.lease_until < now())))
      returning previous.lease_owner as "previousOwner", previous.status as "previousStatus"`)) as unknown as Claim[];
    return rows[0];
  }

  const renew = async () =>
    ((await db.execute(sql`update integrations set lease_until = now() + ${`${leaseMs} milliseconds`}::interval where id = 'github' and lease_owner = ${owner} returning id`)) as unknown as unknown[]).length > 0;

  const release = () => db.execute(sql`update integrations set lease_owner = null, lease_until = null where id = 'github' and lease_owner = ${owner}`);

  async function run(claimed: Claim) {
    const abort = new AbortController();
    const resumed = claimed.previousStatus === "running";
    const ctx: ServiceContext = { db, actor: systemActor, origin: "integration", requestId: `github-sync-${randomUUID()}` };
    if (resumed) log.warn("resuming the GitHub sync of a replica that stopped renewing its lease", { requestId: ctx.requestId, from: claimed.previousOwner, owner });
    const renewal = setInterval(() => {
      renew().then(
        (held) => held || abort.abort(new SyncLeaseLost()),
        (error) => log.warn("could not renew the GitHub sync lease", { error: (error as Error).message }),
      );
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    renewal.unref?.();
    const done = (async () => {
      try {
        const state = await runGitHubSync(ctx, { owner, signal: abort.signal, resumed });
        log.info("github sync finished", { requestId: ctx.requestId, status: state.status, stats: state.stats, owner });
      } catch (error) {
        if (error instanceof SyncLeaseLost) log.warn("stopped the GitHub sync: another replica took it over", { requestId: ctx.requestId, owner });
        else log.error("github sync failed", { requestId: ctx.requestId, error: (error as Error).message });
      } finally {
        clearInterval(renewal);
        await release().catch(() => {});
        current = undefined;
      }
    })();
    current = { abort, done };
  }

  async function tick() {
    if (stopped || current) return;
    const claimed = await claim();
    if (claimed && !stopped) await run(claimed);
    else if (claimed) await release();
  }

  const ticker = startTicker("github sync runner", tick, options.intervalMs ?? 5_000);

  return {
    owner,
    /** Look for a queued sync now rather than at the next tick. */
    poke: ticker.now,
    running: () => Boolean(current),
    /** Stops a sync in progress between two repositories (queued again for another replica) and frees the lease. */
    async stop() {
      stopped = true;
      await ticker.stop();
      const running = current;
      if (!running) return;
      running.abort.abort();
      await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await release().catch(() => {});
    },
  };
}
