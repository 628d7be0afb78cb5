import { preflight, withOAuthClient } from "@/server/oauth/endpoint";
import { registerClient } from "@/server/oauth/clients";
import { oauthJson, OAuthProblem } from "@/server/oauth/problem";

export const dynamic = "force-dynamic";

/** RFC 7591 dynamic client registration: an MCP client registers itself (public, PKCE) before a user consents. */
export async function POST(req: Request) {
  return withOAuthClient(req, async (ctx) => {
    let body: unknown;
    try {
      body = JSON.parse((await req.text()).slice(0, 64 * 1024));
    } catch {
      throw new OAuthProblem("invalid_client_metadata", "the body must be the client's metadata as JSON");
    }
    return oauthJson(await registerClient(ctx, body), 201);
  });
}

export const OPTIONS = preflight;
