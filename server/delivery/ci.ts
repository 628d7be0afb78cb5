import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { ciRepositories, ciRuns, entities } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorTeams, isAdmin, type ServiceContext } from "../context";
import { conflict, forbidden, notFound } from "../errors";
import { github, githubIfConnected } from "../integrations/credentials";
import type { GitHubClient } from "../integrations/github";
import { repositoryOf } from "./repository";

/**
 * CI: the latest GitHub Actions workflow runs of a service's repository, read through a cache in
 * PostgreSQL (refreshed when older than a minute, or on demand) so the page renders from the
 * database and still shows the last runs when GitHub is unreachable.
 */
const STALE_MS = 60_000;

async function serviceEntity(ctx: ServiceContext, service: string) {
  const [row] = await ctx.db
    .select({ identifier: entities.identifier, team: entities.team, properties: entities.properties })
    .from(entities)
    .where(and(eq(entities.blueprint, "service"), eq(entities.identifier, service)));
  if (!row) throw notFound(`Service ${service}`);
  return row;
}

type GitHubRun = Awaited<ReturnType<GitHubClient["listRepoRuns"]>>[number];

function toRow(repository: string, r: GitHubRun) {
  return {
    repository,
    runId: r.id,
    workflow: r.name ?? "workflow",
    title: r.display_title ?? null,
    status: r.status ?? "unknown",
    conclusion: r.conclusion ?? null,
    branch: r.head_branch ?? null,
    commitSha: r.head_sha ?? null,
    actor: r.triggering_actor?.login ?? r.actor?.login ?? null,
    event: r.event ?? null,
    url: r.html_url ?? null,
    attempt: r.run_attempt ?? 1,
    startedAt: r.run_started_at ? new Date(r.run_started_at) : new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    source: "github" as const,
  };
}

/** Reads the repository's latest runs from GitHub into the cache; records the error when it cannot. Returns the cache's state. */
async function refreshRuns(ctx: ServiceContext, repository: string, gh: GitHubClient) {
  const [owner, repo] = repository.split("/") as [string, string];
  let state: typeof ciRepositories.$inferInsert;
  try {
    const runs = await gh.listRepoRuns(owner, repo, 20);
    state = { repository, syncedAt: new Date(), error: null };
    await ctx.db.transaction(async (tx) => {
      // Real runs replace the demo ones.
      await tx.delete(ciRuns).where(and(eq(ciRuns.repository, repository), eq(ciRuns.source, "demo")));
      for (const r of runs) {
        const row = toRow(repository, r);
        await tx.insert(ciRuns).values(row).onConflictDoUpdate({ target: [ciRuns.repository, ciRuns.runId], set: row });
      }
      await tx.insert(ciRepositories).values(state).onConflictDoUpdate({ target: ciRepositories.repository, set: state });
    });
  } catch (error) {
    const e = error as { status?: number; message?: string };
    const message = e.status === 404 ? `GitHub has no repository ${repository}, or the token cannot see it` : `GitHub said: ${e.message ?? String(error)}`;
    state = { repository, syncedAt: new Date(), error: message };
    await ctx.db.insert(ciRepositories).values(state).onConflictDoUpdate({ target: ciRepositories.repository, set: state });
  }
  return state;
}

export async function serviceCiRuns({ ctx, input }: { ctx: ServiceContext; input: { service: string; refresh?: boolean; limit?: number } }) {
  const entity = await serviceEntity(ctx, input.service);
  const repository = repositoryOf(entity.properties);
  const gh = await githubIfConnected(ctx.db);
  const mayRerun = isAdmin(ctx.actor) || entity.team.some((t) => actorTeams(ctx.actor).includes(t));
  if (!repository) return { repository: null, connected: Boolean(gh), syncedAt: null, error: null, mayRerun, runs: [] };
  const [cached] = await ctx.db.select().from(ciRepositories).where(eq(ciRepositories.repository, repository));
  const stale = input.refresh || !cached?.syncedAt || Date.now() - cached.syncedAt.getTime() > STALE_MS;
  const current = gh && stale ? await refreshRuns(ctx, repository, gh) : cached;
  const runs = await ctx.db
    .select()
    .from(ciRuns)
    .where(eq(ciRuns.repository, repository))
    .orderBy(desc(ciRuns.startedAt), desc(ciRuns.runId))
    .limit(input.limit ?? 15);
  return {
    repository,
    connected: Boolean(gh),
    syncedAt: current?.syncedAt?.toISOString() ?? null,
    error: current?.error ?? null,
    mayRerun,
    runs: runs.map((r) => ({
      id: r.runId,
      workflow: r.workflow,
      title: r.title,
      status: r.status,
      conclusion: r.conclusion,
      branch: r.branch,
      commitSha: r.commitSha,
      actor: r.actor,
      event: r.event,
      url: r.url,
      attempt: r.attempt,
      startedAt: r.startedAt?.toISOString() ?? null,
      updatedAt: r.updatedAt?.toISOString() ?? null,
      /** Seconds from start to the last update, for finished runs. */
      durationSeconds: r.status === "completed" && r.startedAt && r.updatedAt ? Math.max(0, Math.round((r.updatedAt.getTime() - r.startedAt.getTime()) / 1000)) : null,
      demo: r.source === "demo",
    })),
  };
}

/** Re-runs a workflow run: admins and the service's owners. Audited as `ci.rerun`. */
export async function rerunCiRun({ ctx, input }: { ctx: ServiceContext; input: { service: string; runId: number } }) {
  const entity = await serviceEntity(ctx, input.service);
  if (!isAdmin(ctx.actor) && !entity.team.some((t) => actorTeams(ctx.actor).includes(t))) throw forbidden("Only admins and the service's owners can re-run its workflows");
  const repository = repositoryOf(entity.properties);
  if (!repository) throw conflict(`Service ${input.service} has no GitHub repository`);
  const gh = await github(ctx.db);
  const [run] = await ctx.db.select().from(ciRuns).where(and(eq(ciRuns.repository, repository), eq(ciRuns.runId, input.runId)));
  if (!run) throw notFound(`Workflow run ${input.runId} of ${repository}`);
  const [owner, repo] = repository.split("/") as [string, string];
  try {
    await gh.rerunWorkflowRun(owner, repo, input.runId);
  } catch (error) {
    throw conflict(`GitHub refused the re-run: ${(error as Error).message}`);
  }
  return audited(ctx, async (tx) => {
    await tx
      .update(ciRuns)
      .set({ status: "queued", conclusion: null, attempt: sql`${ciRuns.attempt} + 1` })
      .where(and(eq(ciRuns.repository, repository), eq(ciRuns.runId, input.runId)));
    return {
      result: { ok: true },
      audit: { action: "ci.rerun", resourceType: "ci-run", resourceId: `${repository}#${input.runId}`, before: { status: run.status, conclusion: run.conclusion, attempt: run.attempt } },
    };
  });
}
