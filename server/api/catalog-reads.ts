import "server-only";
import { withComputed } from "../catalog/computed";
import { getEntity, toEntityJson } from "../catalog/entities";
import { entityFacets, searchEntities } from "../catalog/search";
import { withApiToken } from "../http";

/**
 * The REST v1 catalog reads, as plain `(Request, params) → Response` functions: the App Router's
 * route files export them, and the REST fast path (server/api/fast-path.ts) calls the same ones.
 */

/** `GET /api/v1/blueprints/{bp}/entities?limit&cursor&sort&q&query=<Query JSON>` → `{items, total, nextCursor}`. */
export function listEntitiesResponse(req: Request, { bp }: { bp: string }) {
  return withApiToken(req, async (ctx) => {
    const search = new URL(req.url).searchParams;
    const page = await searchEntities({
      ctx,
      input: {
        blueprint: bp,
        query: search.get("query") ?? undefined,
        q: search.get("q") ?? undefined,
        sort: search.get("sort") ?? undefined,
        limit: search.get("limit") ?? undefined,
        cursor: search.get("cursor"),
      },
    });
    return Response.json({ ...page, items: page.items.map(toEntityJson) });
  });
}

/** `GET /api/v1/blueprints/{bp}/entities/{id}` → the entity. */
export function entityResponse(req: Request, { bp, id }: { bp: string; id: string }) {
  return withApiToken(req, async (ctx) => Response.json(toEntityJson((await withComputed(ctx.db, bp, [await getEntity({ ctx, input: { blueprint: bp, identifier: id } })]))[0]!)));
}

/** `GET /api/v1/blueprints/{bp}/facets?property=<p or $team>&query=<Query JSON>&q` → `{property, values: [{value, count}]}`. */
export function facetsResponse(req: Request, { bp }: { bp: string }) {
  return withApiToken(req, async (ctx) => {
    const search = new URL(req.url).searchParams;
    return Response.json(
      await entityFacets({
        ctx,
        input: { blueprint: bp, property: search.get("property") ?? "", query: search.get("query") ?? undefined, q: search.get("q") ?? undefined },
      }),
    );
  });
}
