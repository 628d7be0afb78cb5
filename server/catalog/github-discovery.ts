import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { blueprints, entities, integrations, type SyncState } from "@/db/schema";
import { audited } from "../audit/audited";
import { requireAdmin, type ServiceContext } from "../context";
import { decryptSecret } from "../crypto";
import { getEnv } from "../env";
import { invalid, parseInput, toDomainError } from "../errors";
import { assertIntegrationUrl, outboundAllowlist } from "../actions/settings";
import { github } from "../integrations/credentials";
import { saveIntegration } from "../integrations/stored";
import type { GitHubRepo } from "../integrations/github";
import { assertOutboundAllowed } from "../integrations/outbound";
import { log } from "../log";
import { describeProblem, importBackstage } from "./backstage";
import { putBlueprint } from "./blueprints";
import { upsertEntities } from "./entities";

const ID = "github";

/** A readable reason, with the paths of a validation error. */
function describeError(error: unknown): string {
  const domain = toDomainError(error);
  if (domain?.details?.length) return `${domain.message}: ${domain.details.map((d) => `${d.path} ${d.message}`).join("; ")}`;
  return error instanceof Error ? error.message : String(error);
}

export const githubSettingsSchema = z.object({
  org: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, { error: "must be a GitHub organisation name" }),
  apiUrl: z.union([z.literal(""), z.url({ error: "must be a URL such as https://github.example.com/api/v3" })]).optional(),
  /** Empty or absent keeps the stored token. */
  token: z.string().trim().max(500).optional(),
});

/** Effective settings: the admin UI's, else configuration. The token stays on the server. */
async function settings(ctx: Pick<ServiceContext, "db">) {
  const env = getEnv();
  const [row] = await ctx.db.select().from(integrations).where(eq(integrations.id, ID));
  const org = row?.config.org || env.PORTICO_GITHUB_ORG;
  // A token goes only to the API URL it was given with: the UI's token to the UI's URL, the
  // configured token to the configured URL (never to a URL entered later in the UI).
  const fromUi = Boolean(row?.secretEncrypted);
  const apiUrl = fromUi ? row!.config.apiUrl || undefined : env.PORTICO_GITHUB_API_URL;
  const token = fromUi ? decryptSecret(row!.secretEncrypted!) : env.PORTICO_GITHUB_TOKEN;
  const tokenSource = fromUi ? "ui" : env.PORTICO_GITHUB_TOKEN ? "configuration" : null;
  return { row, org, apiUrl, token, tokenSource, apiUrlFromUi: fromUi && Boolean(apiUrl) };
}

/** The GitHub connection for other capabilities (actions, CI): undefined when no token is set. */
export async function githubConnection(db: ServiceContext["db"]): Promise<{ token: string; baseUrl?: string } | undefined> {
  const s = await settings({ db });
  if (!s.token) return undefined;
  // A URL entered in the UI passes the outbound guard before each use; the configured one is the operator's.
  if (s.apiUrl && s.apiUrlFromUi) await assertOutboundAllowed(s.apiUrl, await outboundAllowlist(db));
  return { token: s.token, baseUrl: s.apiUrl || undefined };
}

/** What the admin page shows: never the token, only whether one is set and where from. */
export async function getGitHubIntegration({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx, "manage integrations");
  const s = await settings(ctx);
  return {
    org: s.org ?? "",
    apiUrl: s.apiUrl ?? "",
    tokenSource: s.tokenSource,
    configured: Boolean(s.org && s.token),
    syncState: s.row?.syncState ?? ({ status: "idle" } as SyncState),
    updatedAt: s.row?.updatedAt ?? null,
    updatedBy: s.row?.updatedBy ?? null,
  };
}

export async function saveGitHubIntegration({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof githubSettingsSchema> }) {
  requireAdmin(ctx, "manage integrations");
  const { org, apiUrl, token } = parseInput(githubSettingsSchema, input, "Invalid GitHub settings");
  if (apiUrl) await assertIntegrationUrl(ctx.db, apiUrl, "/apiUrl", "Invalid GitHub settings");
  return saveIntegration(ctx, { id: ID, name: "GitHub", config: { org, apiUrl: apiUrl ?? "" }, urlKey: "apiUrl", urlLabel: "API URL", token });
}

/**
 * Writes the sync state. With `owner`, only while that replica holds the sync's lease: a replica that
 * lost it (it stalled past the lease and another resumed the sync) learns so and stops (SyncLeaseLost).
 */
async function setSyncState(ctx: Pick<ServiceContext, "db">, state: SyncState, owner?: string) {
  if (owner) {
    const written = await ctx.db.update(integrations).set({ syncState: state }).where(and(eq(integrations.id, ID), eq(integrations.leaseOwner, owner))).returning({ id: integrations.id });
    if (!written.length) throw new SyncLeaseLost();
    return;
  }
  await ctx.db
    .insert(integrations)
    .values({ id: ID, syncState: state, updatedBy: "system" })
    .onConflictDoUpdate({ target: integrations.id, set: { syncState: state } });
}

export class SyncLeaseLost extends Error {
  constructor() {
    super("another replica holds the GitHub sync now");
    this.name = "SyncLeaseLost";
  }
}

/**
 * Asks for a sync, which a replica's sync runner then takes (server/catalog/github-sync-runner.ts):
 * one atomic write, a no-op while one is queued or running, or when GitHub is not configured.
 */
export async function queueSync(ctx: Pick<ServiceContext, "db">): Promise<boolean> {
  const s = await settings(ctx);
  return s.org && s.token ? writeQueued(ctx) : false;
}

/** "Sync now": marks a sync queued; a no-op while one is queued or running. */
export async function markSyncQueued(ctx: ServiceContext) {
  requireAdmin(ctx, "manage integrations");
  const s = await settings(ctx);
  if (!s.org || !s.token) throw invalid("Connect a GitHub organisation and token first", [{ path: "/org", message: "is not configured" }]);
  return writeQueued(ctx);
}

async function writeQueued(ctx: Pick<ServiceContext, "db">): Promise<boolean> {
  const queued = await ctx.db
    .insert(integrations)
    .values({ id: ID, syncState: { status: "queued" }, updatedBy: "system" })
    .onConflictDoUpdate({ target: integrations.id, set: { syncState: { status: "queued" } }, setWhere: sql`${integrations.syncState} ->> 'status' not in ('queued', 'running')` })
    .returning({ id: integrations.id });
  return queued.length > 0;
}

const repositoryBlueprint = {
  identifier: "repository",
  title: "Repository",
  icon: "git-branch",
  description: "A GitHub repository, discovered by the GitHub integration.",
  schema: {
    properties: {
      description: { type: "string", title: "Description" },
      url: { type: "string", title: "URL", format: "url" },
      defaultBranch: { type: "string", title: "Default branch" },
      topics: { type: "array", title: "Topics", items: { type: "string" } },
      language: { type: "string", title: "Language" },
      visibility: { type: "string", title: "Visibility" },
      archived: { type: "boolean", title: "Archived" },
      orphaned: { type: "boolean", title: "Orphaned", description: "The repository no longer exists in the organisation" },
    },
    required: [],
  },
  relations: {},
  mirrorProperties: {},
};

/** Repository names become identifiers; GitHub allows the same characters except a leading dot or dash. */
const repoIdentifier = (name: string) => name.replace(/^[^A-Za-z0-9]+/, "").slice(0, 100) || "repo";

/**
 * The discovery job: reads every repository of the organisation (metadata and catalog-info.yaml),
 * upserts repository entities and what the YAML files describe, and marks entities of repositories
 * that disappeared as orphaned. Progress is kept in the integration's sync state as it goes.
 *
 * Run by a replica's sync runner under a lease (`owner`): its state writes need the lease, and `signal`
 * stops it between repositories (the replica is shutting down), leaving it queued for another replica.
 * Every write is an upsert, so a sync started again from the beginning converges to the same catalog.
 */
export async function runGitHubSync(ctx: ServiceContext, options: { owner?: string; signal?: AbortSignal; resumed?: boolean } = {}): Promise<SyncState> {
  const { owner, signal } = options;
  const resumed = options.resumed ? { resumed: true } : {};
  const s = await settings(ctx);
  const startedAt = new Date().toISOString();
  if (!s.org || !s.token) {
    const state: SyncState = { status: "failed", startedAt, finishedAt: new Date().toISOString(), error: "GitHub is not configured" };
    // The hourly run on a portal that never connected GitHub records nothing (there is no integration to show it on).
    if (s.row) await setSyncState(ctx, state, owner);
    return state;
  }
  const stats = { repositories: 0, withCatalogInfo: 0, entitiesCreated: 0, entitiesUpdated: 0, entitiesUnchanged: 0, orphaned: 0, failedFiles: 0 };
  const warnings: string[] = [];
  try {
    await setSyncState(ctx, { status: "running", startedAt, progress: { done: 0, total: 0 }, ...resumed }, owner);
    const gh = await github(ctx.db);
    const repos: GitHubRepo[] = await gh.listOrgRepos(s.org);
    stats.repositories = repos.length;

    const [existing] = await ctx.db.select().from(blueprints).where(eq(blueprints.identifier, "repository"));
    if (!existing) await putBlueprint({ ctx, input: repositoryBlueprint });

    for (let i = 0; i < repos.length; i += 1000) {
      signal?.throwIfAborted();
      const batch = repos.slice(i, i + 1000).map((r) => ({
        identifier: repoIdentifier(r.name),
        title: r.full_name,
        properties: {
          description: r.description ?? null,
          url: r.html_url,
          defaultBranch: r.default_branch ?? null,
          topics: r.topics ?? [],
          language: r.language ?? null,
          visibility: r.visibility ?? (r.private ? "private" : "public"),
          archived: Boolean(r.archived),
          orphaned: false,
        },
      }));
      const written = await upsertEntities({ ctx, input: { blueprint: "repository", entities: batch, mode: "upsert", bulk: true } });
      stats.entitiesCreated += written.filter((w) => w.created).length;
      stats.entitiesUpdated += written.filter((w) => !w.created && !w.unchanged).length;
      stats.entitiesUnchanged += written.filter((w) => w.unchanged).length;
    }

    for (const [index, repo] of repos.entries()) {
      signal?.throwIfAborted();
      const yaml = await gh.readFile(repo.owner.login, repo.name, "catalog-info.yaml", repo.default_branch);
      if (yaml) {
        stats.withCatalogInfo++;
        try {
          // One repository's bad document does not hold back its valid ones; Locations and substitutions read the repository.
          const report = await importBackstage({
            ctx,
            input: { files: [{ path: "catalog-info.yaml", content: yaml }], mode: "valid", source: { repository: repo.html_url }, read: (path) => gh.readFile(repo.owner.login, repo.name, path, repo.default_branch) },
          });
          stats.entitiesCreated += report.created.length;
          stats.entitiesUpdated += report.updated.length;
          stats.entitiesUnchanged += report.unchanged.length;
          warnings.push(...report.problems.map((p) => `${repo.name}: ${describeProblem(p)}`));
        } catch (error) {
          stats.failedFiles++;
          warnings.push(`${repo.name}: catalog-info.yaml not imported: ${describeError(error)}`);
        }
      }
      if (index % 10 === 9 || index === repos.length - 1) {
        await setSyncState(ctx, { status: "running", startedAt, progress: { done: index + 1, total: repos.length }, stats, ...resumed }, owner);
      }
    }

    stats.orphaned = await markOrphans(ctx, new Set(repos.map((r) => repoIdentifier(r.name))));
    const state: SyncState = { status: "succeeded", startedAt, finishedAt: new Date().toISOString(), progress: { done: repos.length, total: repos.length }, stats, warnings: warnings.slice(0, 100), ...resumed };
    await audited(ctx, async () => ({ result: null, audit: { action: "integration.sync", resourceType: "integration", resourceId: ID, after: { org: s.org, ...stats } } }));
    await setSyncState(ctx, state, owner);
    return state;
  } catch (error) {
    if (error instanceof SyncLeaseLost) throw error;
    if (signal?.aborted) {
      // Stopped between repositories: queued again, for whichever replica takes it next.
      const state: SyncState = { status: "queued" };
      await setSyncState(ctx, state, owner).catch(() => {});
      return state;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.warn("github sync failed", { error: message, requestId: ctx.requestId });
    const state: SyncState = { status: "failed", startedAt, finishedAt: new Date().toISOString(), stats, error: message, warnings: warnings.slice(0, 100), ...resumed };
    await setSyncState(ctx, state, owner);
    return state;
  }
}

/** Repositories gone from the organisation: their entity, and entities imported from them, become orphaned. */
async function markOrphans(ctx: ServiceContext, present: Set<string>): Promise<number> {
  const known = await ctx.db
    .select({ identifier: entities.identifier, url: sql<string>`${entities.properties} ->> 'url'` })
    .from(entities)
    .where(and(eq(entities.blueprint, "repository"), sql`coalesce((${entities.properties} ->> 'orphaned')::boolean, false) = false`));
  const gone = known.filter((k) => !present.has(k.identifier));
  if (!gone.length) return 0;
  await upsertOrphans(ctx, "repository", gone.map((g) => g.identifier));
  const urls = gone.map((g) => g.url).filter(Boolean);
  if (urls.length) {
    const imported = await ctx.db
      .select({ blueprint: entities.blueprint, identifier: entities.identifier })
      .from(entities)
      .where(inArray(sql<string>`${entities.properties} ->> 'repository'`, urls));
    const byBlueprint = new Map<string, string[]>();
    for (const e of imported) byBlueprint.set(e.blueprint, [...(byBlueprint.get(e.blueprint) ?? []), e.identifier]);
    for (const [bp, ids] of byBlueprint) await upsertOrphans(ctx, bp, ids);
  }
  return gone.length;
}

async function upsertOrphans(ctx: ServiceContext, blueprint: string, identifiers: string[]) {
  const rows = await ctx.db.select().from(entities).where(and(eq(entities.blueprint, blueprint), inArray(entities.identifier, identifiers)));
  for (let i = 0; i < rows.length; i += 1000) {
    await upsertEntities({
      ctx,
      input: {
        blueprint,
        mode: "upsert",
        bulk: true,
        entities: rows.slice(i, i + 1000).map((r) => ({ identifier: r.identifier, title: r.title, team: r.team, properties: { ...r.properties, orphaned: true }, relations: r.relations })),
      },
    });
  }
}

