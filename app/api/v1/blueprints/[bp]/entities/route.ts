import { toEntityJson, upsertEntities } from "@/server/catalog/entities";
import { searchEntities } from "@/server/catalog/search";
import { readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

/** `?limit&cursor&sort&q&query=<Query JSON>` → `{items, total, nextCursor}`. */
export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const search = new URL(req.url).searchParams;
    const page = await searchEntities({
      ctx,
      input: {
        blueprint: (await params).bp,
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

/** Creates an entity; 409 if the identifier exists. */
export function POST(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const body = await readJson(req);
    const [result] = await upsertEntities({ ctx, input: { blueprint: (await params).bp, entities: [body], mode: "create", bulk: false } });
    return Response.json(toEntityJson(result!.entity), { status: 201 });
  });
}
