import { importPortBlueprints } from "@/server/port/blueprints";
import { readJson, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Body: Port's blueprints file (a list of blueprints, in any order). All saved, or none with every problem. Admin tokens only. */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => Response.json(await importPortBlueprints({ ctx, input: await readJson(req) })));
}
