import { createRun, dryRun, toRunJson } from "@/server/actions/runs";
import { readJson, withApiToken } from "@/server/http";

type Params = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/**
 * Runs an action: `{entity?, inputs}` → 201 with the run (200 when an `Idempotency-Key` header repeats
 * one already used). `?dryRun=true` returns the rendered payload and target instead, writing nothing.
 */
export function POST(req: Request, { params }: Params) {
  return withApiToken(req, async (ctx) => {
    const { id } = await params;
    const body = (await readJson(req)) as Record<string, unknown>;
    const idempotencyKey = req.headers.get("idempotency-key");
    const request = body && typeof body === "object" && !Array.isArray(body) && idempotencyKey ? { ...body, idempotencyKey } : body;
    if (new URL(req.url).searchParams.get("dryRun") === "true") return Response.json(await dryRun({ ctx, input: { action: id, body: request } }));
    const { run, created } = await createRun({ ctx, input: { action: id, body: request } });
    return Response.json(toRunJson(run), { status: created ? 201 : 200 });
  });
}
