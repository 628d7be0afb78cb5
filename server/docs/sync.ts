// No "server-only" marker: the job worker and integration tests import it too.
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { entities, entityDocAssets, entityDocPages, entityDocs } from "@/db/schema";
import { audited } from "../audit/audited";
import type { ServiceContext } from "../context";
import type { GitHubClient } from "../integrations/github";
import { log } from "../log";
import { docsLocation, normalisePath, type DocsLocation } from "./location";
import { assetType, isPagePath, navFromFolders, navFromMkdocs, pageTitle, parseMkdocs } from "./site";

/**
 * Reads an entity's docs from GitHub into PostgreSQL: one tree listing tells what changed (by Git object
 * id), only changed files are read, and the pages, images and navigation are replaced in one audited
 * transaction. A failed read keeps the last good pages and says why; a repository without docs says where
 * it looked. Pages and images beyond the limits below are left out, and the sync says so.
 */
const LIMITS = { pages: 500, pageBytes: 1_000_000, assetBytes: 2_000_000, assetTotalBytes: 25_000_000, parallel: 4 };

type Entity = { blueprint: string; identifier: string; properties: Record<string, unknown> };
export type DocsSyncOutcome = { status: "ok" | "missing" | "failed"; message: string | null; pages: number; changed: boolean };

/** A repository's docs site at a ref: the docs folder, mkdocs.yml's name and nav, and the files under the folder. */
async function readSite(gh: GitHubClient, location: DocsLocation, knownTree: string | null) {
  const [owner, name] = location.repository.split("/") as [string, string];
  const repo = await gh.getRepo(owner, name);
  if (!repo) return { missing: `GitHub has no repository ${location.repository}, or the token cannot read it` } as const;
  const ref = location.ref ?? repo.default_branch;
  const tree = await gh.getTree(owner, name, ref);
  if (!tree) return { missing: `${location.repository} has no branch or tag ${ref}` } as const;
  // The same commit's tree as last time: nothing in it changed (two requests, nothing read).
  if (tree.sha === knownTree) return { unchanged: true, ref } as const;
  const blobs = new Map(tree.entries.filter((e) => e.type === "blob").map((e) => [e.path, e]));
  const within = (folder: string, path: string) => (folder ? `${folder}/${path}` : path);
  const mkdocs = blobs.get(within(location.folder, "mkdocs.yml")) ?? blobs.get(within(location.folder, "mkdocs.yaml"));
  const config = mkdocs ? parseMkdocs((await gh.getBlob(owner, name, mkdocs.sha)).toString("utf8")) : { docsDir: "docs", siteName: undefined, nav: undefined };
  const folder = normalisePath(within(location.folder, config.docsDir));
  if (folder === undefined) throw new Error("The docs folder climbs out of the repository");
  const prefix = folder ? `${folder}/` : "";
  const files = tree.entries.filter((e) => e.type === "blob" && e.path.startsWith(prefix)).map((e) => ({ ...e, path: e.path.slice(prefix.length) }));
  return { owner, name, ref, folder, config, files, truncated: tree.truncated, treeSha: tree.sha } as const;
}

async function inBatches<T, R>(items: T[], size: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(each))));
  return out;
}

/** Records an outcome that wrote no pages (nothing found, or a failed read): the last good pages stay. */
async function recordStatus(ctx: ServiceContext, entity: Entity, status: "missing" | "failed", message: string, location?: DocsLocation): Promise<DocsSyncOutcome> {
  const values = { blueprint: entity.blueprint, identifier: entity.identifier, status, message, checkedAt: new Date(), repository: location?.repository ?? null, ref: location?.ref ?? null };
  const [row] = await ctx.db
    .insert(entityDocs)
    .values(values)
    .onConflictDoUpdate({ target: [entityDocs.blueprint, entityDocs.identifier], set: { status, message, checkedAt: values.checkedAt } })
    .returning({ pages: entityDocs.pages });
  return { status, message, pages: row?.pages ?? 0, changed: false };
}

/** The entity's row of `entity_docs`. */
const docsRow = (entity: Pick<Entity, "blueprint" | "identifier">) => and(eq(entityDocs.blueprint, entity.blueprint), eq(entityDocs.identifier, entity.identifier));

async function clearDocs(ctx: ServiceContext, entity: Entity) {
  await audited(ctx, async (tx) => {
    const removed = await tx
      .delete(entityDocPages)
      .where(and(eq(entityDocPages.blueprint, entity.blueprint), eq(entityDocPages.identifier, entity.identifier)))
      .returning({ path: entityDocPages.path });
    await tx.delete(entityDocAssets).where(and(eq(entityDocAssets.blueprint, entity.blueprint), eq(entityDocAssets.identifier, entity.identifier)));
    await tx.update(entityDocs).set({ pages: 0, nav: [], treeSha: null }).where(docsRow(entity));
    return { result: undefined, audit: { action: "docs.sync", resourceType: "entity", resourceId: `${entity.blueprint}/${entity.identifier}`, after: { pages: 0, removed: removed.map((r) => r.path) } } };
  });
}

export async function syncEntityDocs(ctx: ServiceContext, entity: Entity, gh: GitHubClient, options: { force?: boolean } = {}): Promise<DocsSyncOutcome> {
  const location = docsLocation(entity.properties);
  if (!location) {
    return recordStatus(ctx, entity, "missing", "No GitHub repository to read docs from: set a github.com `repository` URL, the `github.com/project-slug` annotation or `backstage.io/techdocs-ref`");
  }
  const [stored] = await ctx.db.select().from(entityDocs).where(docsRow(entity));
  // A stored tree counts only for docs read from this same place; a forced read (Refresh now) compares file by file.
  const sameSource = stored?.status === "ok" && stored.source === "github" && stored.repository === location.repository && (location.ref === undefined || stored.ref === location.ref);
  let site: Awaited<ReturnType<typeof readSite>>;
  try {
    site = await readSite(gh, location, sameSource && !options.force ? stored.treeSha : null);
  } catch (error) {
    return recordStatus(ctx, entity, "failed", `GitHub could not be read: ${(error as Error).message}`, location);
  }
  if ("missing" in site) return recordStatus(ctx, entity, "failed", site.missing ?? "GitHub could not be read", location);
  if ("unchanged" in site) {
    await ctx.db.update(entityDocs).set({ checkedAt: new Date() }).where(docsRow(entity));
    return { status: "ok", message: stored!.message, pages: stored!.pages, changed: false };
  }
  const where = `${site.folder || "the root"} of ${location.repository}@${site.ref}`;
  const notes: string[] = [];
  const pageFiles = site.files.filter((f) => isPagePath(f.path) && f.size <= LIMITS.pageBytes);
  if (site.files.some((f) => isPagePath(f.path) && f.size > LIMITS.pageBytes)) notes.push(`pages over ${LIMITS.pageBytes / 1e6} MB were left out`);
  if (pageFiles.length > LIMITS.pages) notes.push(`${pageFiles.length - LIMITS.pages} pages beyond the first ${LIMITS.pages} were left out`);
  const pages = pageFiles.slice(0, LIMITS.pages);
  if (!pages.length) {
    // The repository no longer has docs there: the pages read before go too (audited), rather than stay as if current.
    if (stored?.pages) await clearDocs(ctx, entity);
    return recordStatus(ctx, entity, "missing", `No Markdown pages in ${where}`, location);
  }
  let assetBytes = 0;
  const assets = site.files.filter((f) => {
    if (!assetType(f.path) || f.size > LIMITS.assetBytes || assetBytes + f.size > LIMITS.assetTotalBytes) return false;
    assetBytes += f.size;
    return true;
  });
  if (site.files.some((f) => assetType(f.path) && !assets.includes(f))) notes.push(`images over ${LIMITS.assetBytes / 1e6} MB each or ${LIMITS.assetTotalBytes / 1e6} MB in all were left out`);
  if (site.truncated) notes.push("GitHub listed only part of the repository (a very large tree)");

  const key = and(eq(entityDocPages.blueprint, entity.blueprint), eq(entityDocPages.identifier, entity.identifier));
  const assetKey = and(eq(entityDocAssets.blueprint, entity.blueprint), eq(entityDocAssets.identifier, entity.identifier));
  const [knownPages, knownAssets] = await Promise.all([
    ctx.db.select({ path: entityDocPages.path, sha: entityDocPages.sha, title: entityDocPages.title }).from(entityDocPages).where(key),
    ctx.db.select({ path: entityDocAssets.path, sha: entityDocAssets.sha }).from(entityDocAssets).where(assetKey),
  ]);
  const pageSha = new Map(knownPages.map((p) => [p.path, p]));
  const assetSha = new Map(knownAssets.map((a) => [a.path, a.sha]));
  let read: { pages: { path: string; sha: string; title: string; markdown: string }[]; assets: { path: string; sha: string; contentType: string; bytes: Buffer }[] };
  try {
    read = {
      pages: await inBatches(
        pages.filter((p) => pageSha.get(p.path)?.sha !== p.sha),
        LIMITS.parallel,
        async (p) => {
          const markdown = (await gh.getBlob(site.owner, site.name, p.sha)).toString("utf8");
          return { path: p.path, sha: p.sha, title: pageTitle(markdown, p.path), markdown };
        },
      ),
      assets: await inBatches(
        assets.filter((a) => assetSha.get(a.path) !== a.sha),
        LIMITS.parallel,
        async (a) => ({ path: a.path, sha: a.sha, contentType: assetType(a.path)!, bytes: await gh.getBlob(site.owner, site.name, a.sha) }),
      ),
    };
  } catch (error) {
    return recordStatus(ctx, entity, "failed", `GitHub could not be read: ${(error as Error).message}`, location);
  }
  const titles = new Map(pages.map((p) => [p.path, read.pages.find((r) => r.path === p.path)?.title ?? pageSha.get(p.path)!.title]));
  const fromMkdocs = site.config.nav ? navFromMkdocs(site.config.nav, titles) : [];
  const nav = fromMkdocs.length ? fromMkdocs : navFromFolders(titles);
  const removedPages = knownPages.filter((p) => !titles.has(p.path)).map((p) => p.path);
  const keptAssets = assets.map((a) => a.path);
  const removedAssets = knownAssets.filter((a) => !keptAssets.includes(a.path)).map((a) => a.path);
  const now = new Date();
  const row = {
    blueprint: entity.blueprint,
    identifier: entity.identifier,
    source: "github",
    repository: location.repository,
    ref: site.ref,
    folder: site.folder,
    siteName: site.config.siteName ?? null,
    nav,
    treeSha: site.treeSha,
    status: "ok",
    message: notes.length ? `${notes.join("; ")}.` : null,
    pages: pages.length,
    syncedAt: now,
    checkedAt: now,
  };
  const moved = !stored || stored.source !== "github" || stored.repository !== location.repository || stored.ref !== site.ref || stored.folder !== site.folder;
  const changed = Boolean(read.pages.length || read.assets.length || removedPages.length || removedAssets.length || moved);
  await audited(ctx, async (tx) => {
    await tx.insert(entityDocs).values(row).onConflictDoUpdate({ target: [entityDocs.blueprint, entityDocs.identifier], set: row });
    if (removedPages.length) await tx.delete(entityDocPages).where(and(key, inArray(entityDocPages.path, removedPages)));
    if (removedAssets.length) await tx.delete(entityDocAssets).where(and(assetKey, inArray(entityDocAssets.path, removedAssets)));
    for (const p of read.pages) {
      const values = { blueprint: entity.blueprint, identifier: entity.identifier, ...p };
      await tx.insert(entityDocPages).values(values).onConflictDoUpdate({ target: [entityDocPages.blueprint, entityDocPages.identifier, entityDocPages.path], set: values });
    }
    for (const a of read.assets) {
      const values = { blueprint: entity.blueprint, identifier: entity.identifier, ...a };
      await tx.insert(entityDocAssets).values(values).onConflictDoUpdate({ target: [entityDocAssets.blueprint, entityDocAssets.identifier, entityDocAssets.path], set: values });
    }
    const summary = { repository: location.repository, ref: site.ref, folder: site.folder, pages: pages.length, read: read.pages.map((p) => p.path), removed: removedPages, images: assets.length };
    return { result: undefined, audit: changed ? { action: "docs.sync", resourceType: "entity", resourceId: `${entity.blueprint}/${entity.identifier}`, after: summary } : [] };
  });
  return { status: "ok", message: row.message, pages: pages.length, changed };
}

/** Entities that name a repository (or a techdocs-ref): what the scheduled sync reads. */
const namesRepository = sql`(${entities.properties} ?| array['repository', 'repo', 'projectSlug', 'project-slug', 'github.com/project-slug']
  or ${entities.properties} -> 'annotations' ?| array['github.com/project-slug', 'backstage.io/techdocs-ref'])`;

/**
 * The scheduled sync: every entity with docs, hourly (an unchanged tree costs two requests and no
 * writes; a failed read is tried again), and the entities without docs once a day, so a large catalog stays inside GitHub's rate
 * limit. Stops at the first rate-limit answer and says so; the next run goes on.
 */
export async function syncAllDocs(ctx: ServiceContext, gh: GitHubClient): Promise<{ checked: number; changed: number; failed: number; stopped?: string }> {
  const due = await ctx.db
    .select({ blueprint: entities.blueprint, identifier: entities.identifier, properties: entities.properties })
    .from(entities)
    .leftJoin(entityDocs, and(eq(entityDocs.blueprint, entities.blueprint), eq(entityDocs.identifier, entities.identifier)))
    .where(
      and(
        namesRepository,
        notInArray(entities.blueprint, ["repository"]),
        sql`(${entityDocs.status} is null or (${entityDocs.source} = 'github' and (${entityDocs.status} = 'ok' or ${entityDocs.pages} > 0 or ${entityDocs.checkedAt} < now() - interval '1 day')))`,
      ),
    );
  const outcome = { checked: 0, changed: 0, failed: 0 } as { checked: number; changed: number; failed: number; stopped?: string };
  for (const entity of due) {
    if (!docsLocation(entity.properties)) continue;
    const result = await syncEntityDocs(ctx, entity, gh);
    outcome.checked++;
    if (result.changed) outcome.changed++;
    if (result.status === "failed") {
      outcome.failed++;
      if (/rate limit/i.test(result.message ?? "")) {
        outcome.stopped = result.message!;
        log.warn("docs sync stopped at GitHub's rate limit", { checked: outcome.checked });
        break;
      }
    }
  }
  return outcome;
}
