import { listBlueprintDefinitions } from "@/server/catalog/blueprints";
import { withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return withApiToken(req, async (ctx) => Response.json({ items: await listBlueprintDefinitions({ ctx }) }));
}
