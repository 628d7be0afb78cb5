import { backstageImportResponse } from "@/server/api/backstage-import";
import { withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** Backstage catalog-info.yaml in (server/api/backstage-import.ts): `?dryRun`, `?mode`, `?progress`. Admin tokens only. */
export function POST(req: Request) {
  return withApiToken(req, (ctx) => backstageImportResponse(req, ctx));
}
