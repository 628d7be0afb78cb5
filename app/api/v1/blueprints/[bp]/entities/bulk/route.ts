import { MAX_BULK, toEntityJson, upsertEntities } from "@/server/catalog/entities";
import { invalid } from "@/server/errors";
import { portWriteFlags, readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

/** Upserts up to 1,000 entities: all are written, or none (400 with indexed paths). */
export function POST(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { createMissingRelated } = portWriteFlags(req);
    const body = await readJson(req);
    const list = Array.isArray(body) ? body : (body as { entities?: unknown })?.entities;
    if (!Array.isArray(list)) throw invalid("The body must be an array of entities", [{ path: "", message: "must be an array" }]);
    if (list.length > MAX_BULK) throw invalid(`At most ${MAX_BULK} entities per call`, [{ path: "", message: `has ${list.length} items` }]);
    const results = await upsertEntities({ ctx, input: { blueprint: (await params).bp, entities: list, mode: "upsert", bulk: true, createMissingRelated } });
    return Response.json({
      created: results.filter((r) => r.created).length,
      updated: results.filter((r) => !r.created && !r.unchanged).length,
      // Written exactly as stored: left alone (updatedAt kept, no audit event).
      unchanged: results.filter((r) => r.unchanged).length,
      items: results.map((r) => toEntityJson(r.entity)),
    });
  });
}
