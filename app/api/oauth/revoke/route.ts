import { preflight, readForm, withOAuthClient } from "@/server/oauth/endpoint";
import { revokeToken } from "@/server/oauth/tokens";
import { OPEN_CORS } from "@/server/oauth/problem";

export const dynamic = "force-dynamic";

/** RFC 7009: a client disconnects itself; the grant behind the token ends. Always 200, known token or not. */
export async function POST(req: Request) {
  return withOAuthClient(req, async (ctx) => {
    await revokeToken(ctx, await readForm(req));
    return new Response(null, { status: 200, headers: OPEN_CORS });
  });
}

export const OPTIONS = preflight;
