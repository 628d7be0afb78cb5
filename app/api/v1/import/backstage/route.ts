import { importBackstage } from "@/server/catalog/backstage";
import { invalid } from "@/server/errors";
import { readText, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Body: Backstage catalog-info.yaml (multi-document). Answers the import report. */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => {
    const yaml = await readText(req);
    if (!yaml.trim()) throw invalid("A YAML body is required", [{ path: "", message: "is empty" }]);
    return Response.json(await importBackstage({ ctx, input: { yaml } }));
  });
}
