import { exportPort } from "@/server/port/catalog";
import { withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** The configuration (blueprints, scorecards, actions, teams) and the catalog as Port JSON, with what Port cannot say in `warnings`. Admin tokens only. */
export function GET(req: Request) {
  return withApiToken(req, async (ctx) =>
    Response.json(await exportPort({ ctx }), { headers: { "content-disposition": 'attachment; filename="portico-port-export.json"' } }),
  );
}
