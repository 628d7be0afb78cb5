import "server-only";
import { getDb } from "../db";
import { anonymousActor, rateLimitedAddress } from "../http";
import { log } from "../log";
import { requestMeta } from "../request-meta";
import type { ServiceContext } from "../context";
import { oauthJson, OAuthProblem, oauthProblemResponse, OPEN_CORS } from "./problem";

/**
 * The OAuth endpoints MCP clients call without a session or a token (registration, token, revocation):
 * rate limited by address like failed REST authentication, answered in OAuth's error shape, open to
 * browser-based clients (CORS, no cookies involved).
 */
export async function withOAuthClient(req: Request, handle: (ctx: ServiceContext) => Promise<Response>): Promise<Response> {
  const meta = requestMeta(req.headers);
  const limited = await rateLimitedAddress(req);
  if (limited) {
    for (const [k, v] of Object.entries(OPEN_CORS)) limited.headers.set(k, v);
    return limited;
  }
  try {
    return await handle({ db: getDb(), actor: anonymousActor, origin: "api", ...meta });
  } catch (error) {
    if (error instanceof OAuthProblem) return oauthProblemResponse(error);
    log.error("oauth endpoint failed", { requestId: meta.requestId, error: error instanceof Error ? error.message : String(error) });
    return oauthJson({ error: "server_error", error_description: `Something went wrong (request ${meta.requestId})` }, 500);
  }
}

/** The form of a token or revocation request (application/x-www-form-urlencoded, as OAuth says; JSON is read too). */
export async function readForm(req: Request): Promise<URLSearchParams> {
  const text = (await req.text()).slice(0, 64 * 1024);
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).filter(([, v]) => typeof v === "string") as [string, string][]);
    } catch {
      throw new OAuthProblem("invalid_request", "the body is not valid JSON");
    }
  }
  return new URLSearchParams(text);
}

export const preflight = () => new Response(null, { status: 204, headers: OPEN_CORS });
