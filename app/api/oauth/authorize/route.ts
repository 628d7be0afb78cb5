import { z } from "zod";
import { readJson, withSession } from "@/server/http";
import { parseInput } from "@/server/errors";
import { decideAuthorization } from "@/server/oauth/authorize";

export const dynamic = "force-dynamic";

const decisionSchema = z
  .object({
    /** The authorization request as the consent screen received it; checked again here. */
    params: z.record(z.string(), z.string().max(4000)),
    allow: z.boolean(),
    builder: z.boolean().default(false),
  })
  .strict();

/** The consent screen's decision, for the signed-in user (session; cross-site posts are refused by the proxy). */
export async function POST(req: Request) {
  return withSession(req, async (ctx) => {
    const { params, allow, builder } = parseInput(decisionSchema, await readJson(req, 64 * 1024), "Invalid decision");
    const outcome = await decideAuthorization(ctx, params, { allow, builder });
    return Response.json(outcome, { status: "error" in outcome ? 400 : 200, headers: { "cache-control": "no-store" } });
  });
}
