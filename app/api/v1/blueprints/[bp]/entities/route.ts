import { toEntityJson, upsertEntities } from "@/server/catalog/entities";
import { listEntitiesResponse } from "@/server/api/catalog-reads";
import { readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: Params) {
  return listEntitiesResponse(req, await params);
}

/** Creates an entity; 409 if the identifier exists. */
export function POST(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const body = await readJson(req);
    const [result] = await upsertEntities({ ctx, input: { blueprint: (await params).bp, entities: [body], mode: "create", bulk: false } });
    return Response.json(toEntityJson(result!.entity), { status: 201 });
  });
}
