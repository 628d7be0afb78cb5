import { getImportProgress } from "@/server/catalog/import-progress";
import { invalid } from "@/server/errors";
import { withApiToken } from "@/server/http";

type Params = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** How far an import started with `?progress=<id>` is: `{phase, done, total}` (phase reading → planning → writing → finishing → done | failed). Admin tokens only. */
export function GET(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { id } = await params;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw invalid("Invalid progress id", [{ path: "/id", message: "must be a UUID" }]);
    return Response.json(await getImportProgress({ ctx, input: { id } }));
  });
}
