import { toEntityJson, upsertEntities } from "@/server/catalog/entities";
import { listEntitiesResponse } from "@/server/api/catalog-reads";
import { portWriteFlags, readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: Params) {
  return listEntitiesResponse(req, await params);
}

/**
 * Creates an entity; 409 if the identifier exists. Port's flags: `?upsert=true` replaces an existing one (200),
 * `?create_missing_related_entities=true` creates relation targets that do not exist.
 */
export function POST(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const flags = portWriteFlags(req);
    const body = await readJson(req);
    const [result] = await upsertEntities({
      ctx,
      input: { blueprint: (await params).bp, entities: [body], mode: flags.upsert ? "upsert" : "create", bulk: false, createMissingRelated: flags.createMissingRelated },
    });
    return Response.json(toEntityJson(result!.entity), { status: result!.created ? 201 : 200 });
  });
}
