import { auditFilterSchema, listAuditEvents } from "@/server/audit/service";
import { invalid, parseInput } from "@/server/errors";
import { withApiToken } from "@/server/http";

export const dynamic = "force-dynamic";

/** `?from&to&actor&resourceType&resourceId&action&limit&cursor` → `{items, nextCursor}` (admin tokens). */
export function GET(req: Request) {
  return withApiToken(req, async (ctx) => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const filter = parseInput(auditFilterSchema, params, "Invalid filter");
    const limit = params.limit ? Number(params.limit) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid("Invalid limit", [{ path: "/limit", message: "must be 1 to 200" }]);
    const page = await listAuditEvents({ ctx, input: { ...filter, limit, cursor: params.cursor } });
    return Response.json(page);
  });
}
