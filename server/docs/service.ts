import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { blueprints, entities, entityDocAssets, entityDocPages, entityDocs } from "@/db/schema";
import { fullTextQuery } from "../catalog/search";
import { actorTeams, isAdmin, type ServiceContext } from "../context";
import { forbidden, notFound, parseInput } from "../errors";
import { github, githubMissing } from "../integrations/credentials";
import { docsLocation } from "./location";
import { homePage } from "./site";
import { syncEntityDocs } from "./sync";

/** The docs beside an entity: its pages as synced (docs/sync.ts), one page at a time, and the images they show. */
const key = z.object({ blueprint: z.string().max(100), identifier: z.string().max(100) });
export const docsPageInputSchema = key.extend({ page: z.string().max(500).optional() });

async function entityOf(ctx: ServiceContext, input: z.infer<typeof key>) {
  const [row] = await ctx.db
    .select({ blueprint: entities.blueprint, identifier: entities.identifier, team: entities.team, properties: entities.properties })
    .from(entities)
    .where(and(eq(entities.blueprint, input.blueprint), eq(entities.identifier, input.identifier)));
  if (!row) throw notFound(`Entity ${input.blueprint}/${input.identifier}`);
  return row;
}

const mayRefresh = (ctx: ServiceContext, team: string[]) => isAdmin(ctx.actor) || team.some((t) => actorTeams(ctx.actor).includes(t));

/** The docs' state and navigation, and one page (the home page when none is named); `page: null` when the named page is not there. */
export async function docsPage({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof docsPageInputSchema> }) {
  const { blueprint, identifier, page } = parseInput(docsPageInputSchema, input, "Invalid docs page");
  const entity = await entityOf(ctx, { blueprint, identifier });
  const where = and(eq(entityDocs.blueprint, blueprint), eq(entityDocs.identifier, identifier));
  const [[state], paths, connected] = await Promise.all([
    ctx.db.select().from(entityDocs).where(where),
    ctx.db.select({ path: entityDocPages.path }).from(entityDocPages).where(and(eq(entityDocPages.blueprint, blueprint), eq(entityDocPages.identifier, identifier))),
    githubMissing(ctx.db).then((missing) => !missing, () => false),
  ]);
  const all = paths.map((p) => p.path);
  // Pages are addressed without their `.md` (docs-links.ts), a folder by its index page.
  const wanted = page !== undefined ? [page, `${page}.md`, `${page}.markdown`, `${page}/index.md`, `${page}/README.md`].find((c) => all.includes(c)) : state ? homePage(state.nav, all) : undefined;
  const [shown] = wanted
    ? await ctx.db
        .select({ path: entityDocPages.path, title: entityDocPages.title, markdown: entityDocPages.markdown })
        .from(entityDocPages)
        .where(and(eq(entityDocPages.blueprint, blueprint), eq(entityDocPages.identifier, identifier), eq(entityDocPages.path, wanted)))
    : [];
  const location = docsLocation(entity.properties);
  return {
    location: location ?? null,
    githubConnected: connected,
    mayRefresh: mayRefresh(ctx, entity.team),
    state: state
      ? {
          source: state.source,
          repository: state.repository,
          ref: state.ref,
          folder: state.folder,
          siteName: state.siteName,
          status: state.status,
          message: state.message,
          pages: state.pages,
          syncedAt: state.syncedAt?.toISOString() ?? null,
          checkedAt: state.checkedAt.toISOString(),
        }
      : null,
    nav: state?.nav ?? [],
    pages: all,
    // MkDocs' YAML front matter is the page's metadata, not its text.
    page: shown ? { ...shown, markdown: shown.markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "") } : null,
  };
}

/** "Refresh now": the entity's owners and admins read its docs from GitHub at once (audited as `docs.sync` when anything changed). */
export async function refreshDocs({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof key> }) {
  const entity = await entityOf(ctx, parseInput(key, input, "Invalid entity"));
  if (!mayRefresh(ctx, entity.team)) throw forbidden("Only admins and the entity's owners can refresh its docs");
  const gh = await github(ctx.db);
  return syncEntityDocs(ctx, entity, gh, { force: true });
}

/** An image of the docs, for whoever may read the entity. */
export async function docsAsset({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string; path: string } }) {
  const [asset] = await ctx.db
    .select({ contentType: entityDocAssets.contentType, bytes: entityDocAssets.bytes, sha: entityDocAssets.sha })
    .from(entityDocAssets)
    .where(and(eq(entityDocAssets.blueprint, input.blueprint), eq(entityDocAssets.identifier, input.identifier), eq(entityDocAssets.path, input.path)));
  if (!asset) throw notFound(`Image ${input.path} of ${input.blueprint}/${input.identifier}`);
  return asset;
}

export const docsSearchSchema = z.object({ q: z.string().trim().max(200), limit: z.number().int().min(1).max(50).default(8) });

/** Docs pages matching every word of `q` (as prefixes), best first: for Ctrl-K. */
export async function searchDocs({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof docsSearchSchema> }) {
  const { q, limit } = parseInput(docsSearchSchema, input, "Invalid search");
  if (!/[\p{L}\p{N}]/u.test(q)) return [];
  const query = fullTextQuery(q);
  const vector = sql`to_tsvector('simple', ${entityDocPages.title} || ' ' || ${entityDocPages.markdown})`;
  return ctx.db
    .select({
      blueprint: entityDocPages.blueprint,
      identifier: entityDocPages.identifier,
      path: entityDocPages.path,
      title: entityDocPages.title,
      entityTitle: entities.title,
      blueprintTitle: blueprints.title,
    })
    .from(entityDocPages)
    .innerJoin(entities, and(eq(entities.blueprint, entityDocPages.blueprint), eq(entities.identifier, entityDocPages.identifier)))
    .innerJoin(blueprints, eq(blueprints.identifier, entities.blueprint))
    .where(sql`${vector} @@ ${query}`)
    .orderBy(desc(sql`ts_rank(${vector}, ${query})`), asc(entityDocPages.identifier), asc(entityDocPages.path))
    .limit(limit);
}
