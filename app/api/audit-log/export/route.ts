import { auditFilterSchema, exportAuditCsv } from "@/server/audit/service";
import { parseInput } from "@/server/errors";
import { withSession } from "@/server/http";

export const dynamic = "force-dynamic";

/** CSV of the audit events matching the audit page's filters (admins only). */
export function GET(req: Request) {
  return withSession(req, async (ctx) => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const filter = parseInput(auditFilterSchema, params, "Invalid filter");
    const stream = exportAuditCsv({ ctx, input: filter });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="portico-audit-${stamp}.csv"`,
        "cache-control": "no-store",
      },
    });
  });
}
