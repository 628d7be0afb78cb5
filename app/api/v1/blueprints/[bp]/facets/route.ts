import { facetsResponse } from "@/server/api/catalog-reads";

type Params = { params: Promise<{ bp: string }> };
export const dynamic = "force-dynamic";

/** `?property=<p or $team>&query=<Query JSON>&q` → `{property, values: [{value, count}]}`. */
export async function GET(req: Request, { params }: Params) {
  return facetsResponse(req, await params);
}
