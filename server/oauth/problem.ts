/**
 * An OAuth error as the RFCs spell it (`{"error": "invalid_grant", "error_description": "…"}`), which OAuth
 * clients read instead of Portico's own error shape. Routes answer it with `oauthProblemResponse`.
 */
export class OAuthProblem extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = "OAuthProblem";
  }
}

/** CORS for what browser-based MCP clients call without cookies: metadata, registration, token, revocation. */
export const OPEN_CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, mcp-protocol-version",
  "access-control-max-age": "600",
};

export function oauthJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...OPEN_CORS, ...headers } });
}

export function oauthProblemResponse(problem: OAuthProblem): Response {
  return oauthJson({ error: problem.error, error_description: problem.description }, problem.status, problem.status === 401 ? { "www-authenticate": 'Basic realm="portico"' } : {});
}
