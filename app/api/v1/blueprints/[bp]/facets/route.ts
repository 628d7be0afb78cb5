import { entityFacets } from "@/server/catalog/search";
import { withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

/** `?property=<p or $team>&query=<Query JSON>&q` → `{property, values: [{value, count}]}`. */
export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const search = new URL(req.url).searchParams;
    return Response.json(
      await entityFacets({
        ctx,
        input: { blueprint: (await params).bp, property: search.get("property") ?? "", query: search.get("query") ?? undefined, q: search.get("q") ?? undefined },
      }),
    );
  });
}
