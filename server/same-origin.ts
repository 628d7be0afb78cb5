/**
 * The cross-site request check for every state-changing request that a browser's cookies could
 * authenticate: tRPC mutations, REST routes with a session, server actions and sign-in forms.
 * proxy.ts applies it before any route runs.
 *
 * - Safe methods (GET, HEAD, OPTIONS) change nothing and pass.
 * - A request with an `Authorization` header carries its own credentials, which another site
 *   cannot make a browser send: automation with bearer tokens passes.
 * - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` (or `none`: typed or bookmarked).
 *   A page on another origin of the same site (`same-site`) is refused too.
 * - `Origin`, when present, must be the portal's: its public URL or the origin the request was sent to.
 * - With neither header the client is not a browser, and has no ambient cookie to abuse.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * The identity provider posts back here from its own origin (response_mode=form_post); Auth.js checks state and PKCE.
 * MCP clients (some in a browser, on their own origin) register, exchange codes and revoke tokens here: no cookie
 * is read, the code, verifier or token in the body is the credential.
 */
const EXEMPT_PATHS = [/^\/api\/auth\/callback\//, /^\/api\/oauth\/(register|token|revoke)$/];

export function crossSiteRefusal(req: { method: string; headers: Headers; url: string }, allowedOrigins: string[]): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.headers.has("authorization")) return null;
  const url = new URL(req.url);
  if (EXEMPT_PATHS.some((p) => p.test(url.pathname))) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `a ${site} request cannot change anything here`;
  const origin = req.headers.get("origin");
  if (origin !== null && ![url.origin, ...allowedOrigins].includes(origin)) return `requests from ${origin === "null" ? "an opaque origin" : origin} cannot change anything here`;
  return null;
}
