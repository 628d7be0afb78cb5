import { entityResponse } from "@/server/api/catalog-reads";
import { deleteEntity, patchEntity, toEntityJson, upsertEntities } from "@/server/catalog/entities";
import { invalid } from "@/server/errors";
import { portWriteFlags, readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string; id: string }> };
export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: Params) {
  return entityResponse(req, await params);
}

/** Creates or replaces the entity (201 when created). */
export function PUT(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    const body = (await readJson(req)) as Record<string, unknown>;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalid("The body must be an entity object", [{ path: "", message: "must be an object" }]);
    if (body.identifier !== undefined && body.identifier !== id) {
      throw invalid("Identifier mismatch", [{ path: "/identifier", message: `must be ${id}, as in the URL` }]);
    }
    const [result] = await upsertEntities({ ctx, input: { blueprint: bp, entities: [{ ...body, identifier: id }], mode: "upsert", bulk: false, createMissingRelated: portWriteFlags(req).createMissingRelated } });
    return Response.json(toEntityJson(result!.entity), { status: result!.created ? 201 : 200 });
  });
}

/** Merges `properties` and `relations` key by key (null removes a key). */
export function PATCH(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    const patch = await readJson(req);
    return Response.json(toEntityJson(await patchEntity({ ctx, input: { blueprint: bp, identifier: id, patch } })));
  });
}

export function DELETE(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { bp, id } = await params;
    await deleteEntity({ ctx, input: { blueprint: bp, identifier: id } });
    return new Response(null, { status: 204 });
  });
}
