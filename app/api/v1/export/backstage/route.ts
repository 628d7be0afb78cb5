import { exportBackstage } from "@/server/catalog/backstage/export";
import { withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** The catalog, teams and their users as Backstage YAML (multi-document); importing it gives the same catalog. Admin tokens only. */
export function GET(req: Request) {
  return withApiToken(req, async (ctx) => new Response(await exportBackstage({ ctx }), { headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": 'attachment; filename="catalog-info.yaml"' } }));
}
