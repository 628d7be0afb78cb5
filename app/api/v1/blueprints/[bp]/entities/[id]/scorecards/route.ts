import { getEntity } from "@/server/catalog/entities";
import { withApiToken } from "@/server/http";
import { entityScorecards } from "@/server/scorecards/service";

type Params = { params: Promise<{ bp: string; id: string }> };
export const dynamic = "force-dynamic";

/** The entity's level, score and rule results on every scorecard of its blueprint. */
export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    await getEntity({ ctx, input: { blueprint: bp, identifier: id } }); // 404 for an unknown entity
    return Response.json({ items: await entityScorecards({ ctx, input: { blueprint: bp, identifier: id } }) });
  });
}
