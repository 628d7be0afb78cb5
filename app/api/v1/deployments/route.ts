import { createDeployment } from "@/server/delivery/deployments";
import { readJson, withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/**
 * Records a deployment from a CI system Portico does not watch:
 * `{service, environment, version, commitSha?, commitAt?, status?, startedAt?, finishedAt?, url?}` → 201.
 */
export function POST(req: Request) {
  return withApiToken(req, async (ctx) => {
    const deployment = await createDeployment({ ctx, input: await readJson(req), source: "api" });
    return Response.json(deployment, { status: 201 });
  });
}
