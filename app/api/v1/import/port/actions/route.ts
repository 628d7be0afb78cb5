import { importPortActions } from "@/server/port/actions";
import { readJson, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Body: Port's actions (a list, or `[{"blueprint", "data": [actions]}]`). All saved, or none with every problem. Admin tokens only. */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => Response.json(await importPortActions({ ctx, input: await readJson(req) })));
}
