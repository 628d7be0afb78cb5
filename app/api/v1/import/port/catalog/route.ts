import { importPortCatalog } from "@/server/port/catalog";
import { MAX_IMPORT_BYTES } from "@/server/catalog/backstage";
import { readJson, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Body: the document GET /api/v1/export/port writes (`{blueprints, teams, entities, scorecards, actions}`, any part optional). All or nothing. Admin tokens only. */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => Response.json(await importPortCatalog({ ctx, input: await readJson(req, MAX_IMPORT_BYTES) })));
}
