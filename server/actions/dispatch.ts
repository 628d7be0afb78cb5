import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { entities, runs, type RunStatus } from "@/db/schema";
import type { Db } from "@/db/client";
import { audited } from "../audit/audited";
import { entityColumns, toEntityJson } from "../catalog/entities";
import type { ServiceContext } from "../context";
import { decryptSecret } from "../crypto";
import { log } from "../log";
import { cancelExternal, dispatch, follow, renderInvocation, templateInputs, type Outcome } from "./invocations";
import { flushOutbox } from "./notify";
import { runContext } from "./requester";
import { appendLog, maskSecrets, runToken, updateRunStatus, type ActionJson, type RunRow } from "./runs";

/**
 * The run worker. The `runs` table is the queue: a worker claims QUEUED runs (and IN_PROGRESS runs
 * due for a follow-up) with `for update skip locked` and a lease, so any number of app replicas
 * share the work and a run is handled by one of them at a time. A worker that dies leaves its lease
 * to expire; the next claim counts another attempt, and the dispatch asks the target whether the
 * run already reached it (the run id is the idempotency key), so nothing is dispatched twice.
 */
export type WorkerOptions = {
  workerId?: string;
  /** How long a claim holds before another worker may take the run over. */
  leaseMs?: number;
  /** How often a followed run (workflow run, Job) is looked at. */
  followEveryMs?: number;
  batch?: number;
  webhookBackoffMs?: number;
  maxAttempts?: number;
};

const defaults = { leaseMs: 120_000, followEveryMs: 5_000, batch: 5, maxAttempts: 5 };

async function claim(db: Db, kind: "dispatch" | "follow", workerId: string, o: Required<Pick<WorkerOptions, "leaseMs" | "batch">>): Promise<RunRow[]> {
  const due =
    kind === "dispatch"
      ? sql`${runs.status} = 'QUEUED'`
      : sql`${runs.status} = 'IN_PROGRESS' and ${runs.nextCheckAt} is not null and ${runs.nextCheckAt} <= now()`;
  const claimed = await db
    .update(runs)
    .set({
      leaseOwner: workerId,
      leaseUntil: sql`now() + ${`${o.leaseMs} milliseconds`}::interval`,
      ...(kind === "dispatch" ? { dispatchAttempts: sql`${runs.dispatchAttempts} + 1` } : {}),
    })
    .where(
      sql`${runs.id} in (select id from ${runs} where ${due} and (${runs.leaseUntil} is null or ${runs.leaseUntil} < now())
          order by ${runs.createdAt} limit ${o.batch} for update skip locked)`,
    )
    .returning();
  // RETURNING has no order: handle the claimed runs first come, first served.
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Records an outcome if this worker still holds the run. Returns false when the run moved on
 * meanwhile (cancelled, or the lease was taken over).
 */
async function record(ctx: ServiceContext, run: RunRow, workerId: string, outcome: Outcome, o: { followEveryMs: number }, first: boolean): Promise<boolean> {
  return audited(ctx, async (tx) => {
    const [current] = await tx.select().from(runs).where(eq(runs.id, run.id)).for("update");
    if (!current || current.leaseOwner !== workerId || (first ? current.status !== "QUEUED" : current.status !== "IN_PROGRESS")) {
      return { result: false, audit: [] };
    }
    for (const line of outcome.logs) await appendLog(tx, run.id, line.source, maskSecrets(line.message, current), line.level);
    const status: RunStatus = outcome.status;
    const { row, audit } = await updateRunStatus(tx, current, {
      status,
      statusLabel: outcome.statusLabel,
      link: outcome.link,
      summary: outcome.summary,
      affectedEntities: outcome.affectedEntities,
      external: outcome.external,
    });
    if (row.status === "IN_PROGRESS") {
      await tx
        .update(runs)
        .set({ leaseOwner: null, leaseUntil: null, nextCheckAt: outcome.follow ? sql`now() + ${`${o.followEveryMs} milliseconds`}::interval` : null })
        .where(eq(runs.id, run.id));
    }
    const records = [
      ...(first ? [{ action: "run.dispatch", resourceType: "run", resourceId: run.id, after: { attempt: current.dispatchAttempts, invocation: (current.actionSnapshot as ActionJson).invocation.type } }] : []),
      ...audit,
    ];
    return { result: true, audit: records };
  });
}

async function dispatchOne(db: Db, run: RunRow, workerId: string, o: typeof defaults & WorkerOptions) {
  const action = run.actionSnapshot as ActionJson;
  // Everything the run does, and every audit event it writes, is the requester's (origin `action`).
  const ctx = await runContext(db, run);
  let outcome: Outcome;
  if (run.dispatchAttempts > o.maxAttempts) {
    outcome = { status: "FAILURE", summary: `Gave up after ${o.maxAttempts} dispatch attempts`, logs: [] };
  } else {
    const secrets = run.secretsEncrypted ? (JSON.parse(decryptSecret(run.secretsEncrypted)) as Record<string, unknown>) : {};
    const [entityRow] = run.entity
      ? await db.select(entityColumns).from(entities).where(and(eq(entities.blueprint, run.blueprint), eq(entities.identifier, run.entity)))
      : [];
    try {
      const rendered = await renderInvocation(action, {
        inputs: await templateInputs(db, action, { ...run.inputs, ...secrets }),
        entity: entityRow ? toEntityJson(entityRow) : null,
        requester: { id: run.requestedById, label: run.requestedByLabel, teams: run.requesterTeams },
        run: { id: run.id, token: runToken(run.id) },
      });
      await appendLog(db, run.id, "portico", `Dispatching to ${rendered.target}${run.dispatchAttempts > 1 ? ` (attempt ${run.dispatchAttempts})` : ""}`);
      // upsert-entity and github-repository write the catalog as the requester, under their permissions.
      outcome = await dispatch(ctx, run, rendered, { webhookBackoffMs: o.webhookBackoffMs });
    } catch (error) {
      outcome = { status: "FAILURE", summary: (error as Error).message, logs: [{ source: "portico", message: (error as Error).message, level: "error" }] };
    }
  }
  const recorded = await record(ctx, run, workerId, outcome, o, true);
  if (!recorded && outcome.status === "IN_PROGRESS") {
    // Cancelled while it was being dispatched: stop what was just started.
    const [current] = await db.select().from(runs).where(eq(runs.id, run.id));
    if (current?.status === "CANCELLED") {
      const note = await cancelExternal(db, { ...current, external: outcome.external ?? {} });
      if (note) await appendLog(db, run.id, "portico", `Cancelled while dispatching; ${note}`);
    }
  }
}

async function followOne(db: Db, run: RunRow, workerId: string, o: typeof defaults & WorkerOptions) {
  const ctx = await runContext(db, run);
  const outcome = await follow(ctx, run);
  await record(ctx, run, workerId, { ...outcome, follow: outcome.status === "IN_PROGRESS" }, o, false);
}

/** One pass: dispatch what is queued, follow what is due, send notifications. Returns how much it did. */
export async function workOnce(db: Db, options: WorkerOptions = {}) {
  const o = { ...defaults, ...options };
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const queued = await claim(db, "dispatch", workerId, o);
  for (const run of queued) await dispatchOne(db, run, workerId, o);
  const due = await claim(db, "follow", workerId, o);
  for (const run of due) await followOne(db, run, workerId, o);
  await flushOutbox(db).catch((error) => log.warn("notification outbox failed", { error: (error as Error).message }));
  return { dispatched: queued.length, followed: due.length };
}

/** Runs `workOnce` in a loop until stopped; errors are logged and the loop goes on. */
export function startRunWorker(db: Db, options: WorkerOptions & { pollMs?: number } = {}) {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        const done = await workOnce(db, { ...options, workerId });
        busy = done.dispatched + done.followed > 0;
      } catch (error) {
        log.error("run worker pass failed", { error });
      }
      if (!busy && !stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, options.pollMs ?? 1_000)));
    }
  })();
  return {
    workerId,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
