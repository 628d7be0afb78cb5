import { importPortScorecards } from "@/server/port/scorecards";
import { readJson, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Body: Port's scorecards file (`[{"blueprint", "data": [scorecards]}]`). All saved, or none with every problem. Admin tokens only. */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => Response.json(await importPortScorecards({ ctx, input: await readJson(req) })));
}
