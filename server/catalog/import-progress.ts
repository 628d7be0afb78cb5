import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importProgress } from "@/db/schema";
import { actorLabel, requireAdmin, type ServiceContext } from "../context";
import { conflict, notFound } from "../errors";
import { log } from "../log";

/**
 * Progress of a long import, for the client that started it to poll (`GET /api/v1/import/progress/{id}`,
 * tRPC `import.progress`). The import runs in one transaction, so its progress is written beside it on
 * the pool: never awaited by the import (a slow write cannot slow it down), at most every 250 ms, and a
 * failed write is only logged.
 */
export type ImportPhase = (typeof importProgress.$inferSelect)["phase"];

export type ProgressReporter = {
  phase(phase: ImportPhase, total?: number): void;
  advance(by: number): void;
  end(ok: boolean): Promise<void>;
};

const quiet: ProgressReporter = { phase: () => {}, advance: () => {}, end: async () => {} };
const EVERY_MS = 250;

/** A reporter for `id` (a UUID the client chose), or one that reports nothing when there is no id. */
export async function startProgress(db: Db | null, ctx: Pick<ServiceContext, "actor">, id: string | undefined): Promise<ProgressReporter> {
  if (!id || !db) return quiet;
  // Yesterday's rows are of no use to anyone.
  await db.delete(importProgress).where(lt(importProgress.updatedAt, new Date(Date.now() - 24 * 3600_000)));
  const [row] = await db.insert(importProgress).values({ id, startedBy: actorLabel(ctx.actor), phase: "reading" }).onConflictDoNothing().returning();
  if (!row) throw conflict(`An import with progress id ${id} already ran; choose a new one`);
  let state = { phase: "reading" as ImportPhase, done: 0, total: 0 };
  let written = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const write = (force = false) => {
    if (!force && Date.now() - written < EVERY_MS) return;
    written = Date.now();
    const values = { ...state, updatedAt: new Date() };
    pending = pending
      .then(() => db.update(importProgress).set(values).where(eq(importProgress.id, id)))
      .catch((error: unknown) => log.warn("import progress not recorded", { id, error: (error as Error).message }));
  };
  return {
    phase(phase, total) {
      // A phase without a count of its own (finishing) keeps the last one's.
      state = total === undefined ? { ...state, phase } : { phase, done: 0, total };
      write(true);
    },
    advance(by) {
      state = { ...state, done: Math.min(state.done + by, state.total || state.done + by) };
      write();
    },
    async end(ok) {
      state = { ...state, phase: ok ? "done" : "failed", done: ok ? state.total : state.done };
      write(true);
      await pending;
    },
  };
}

export async function getImportProgress({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireAdmin(ctx, "follow an import");
  const [row] = await ctx.db.select().from(importProgress).where(and(eq(importProgress.id, input.id)));
  if (!row) throw notFound(`Import ${input.id}`);
  return { id: row.id, phase: row.phase, done: row.done, total: row.total, startedBy: row.startedBy, startedAt: row.startedAt, updatedAt: row.updatedAt };
}
