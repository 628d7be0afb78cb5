import { MAX_BODY_BYTES, readText, withApiToken } from "@/server/http";
import { bearerChallenge } from "@/server/oauth/metadata";
import { mcpResponse } from "@/server/mcp/server";

export const dynamic = "force-dynamic";

/**
 * The Model Context Protocol server (Streamable HTTP, JSON answers) for AI assistants: the same API tokens,
 * roles, rate limit and audit as REST (server/mcp), and OAuth access tokens a user granted an assistant
 * (server/oauth; a 401 points the client at the protected resource metadata to get one). Only POST: Portico
 * starts no stream of its own, so GET (a server-sent stream) and DELETE (ending a session that lives in the
 * client) answer 405.
 */
export async function POST(req: Request) {
  const response = await withApiToken(
    req,
    async (ctx) => {
      const body = await readText(req, MAX_BODY_BYTES);
      const headers = new Headers(req.headers);
      // The protocol asks clients to accept both; a plain JSON client (curl) gets JSON all the same.
      headers.set("accept", "application/json, text/event-stream");
      return mcpResponse(new Request(req.url, { method: "POST", headers }), body, ctx);
    },
    { accessTokens: true },
  );
  if (response.status === 401) response.headers.set("www-authenticate", bearerChallenge(req.headers.has("authorization") ? "invalid_token" : undefined));
  return response;
}
