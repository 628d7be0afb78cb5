import { backstageImportResponse } from "@/server/api/backstage-import";
import { withSession } from "@/server/http";

export const dynamic = "force-dynamic";

/** The import page's uploads larger than tRPC carries (up to 32 MB), with the signed-in admin's session; the same as POST /api/v1/import/backstage. */
export function POST(req: Request) {
  return withSession(req, (ctx) => backstageImportResponse(req, ctx));
}
