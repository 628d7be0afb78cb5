import { preflight, readForm, withOAuthClient } from "@/server/oauth/endpoint";
import { oauthJson } from "@/server/oauth/problem";
import { tokenRequest } from "@/server/oauth/tokens";

export const dynamic = "force-dynamic";

/** The token endpoint: an authorization code (with its PKCE verifier) or a refresh token, for an access token. */
export async function POST(req: Request) {
  return withOAuthClient(req, async (ctx) => oauthJson(await tokenRequest(ctx, await readForm(req))));
}

export const OPTIONS = preflight;
