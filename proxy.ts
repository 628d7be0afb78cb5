import { NextResponse, type NextRequest } from "next/server";
import { publicUrl } from "./server/env";
import { hasSessionCookie } from "./server/auth/session-cookie";
import { log } from "./server/log";
import { CLIENT_REQUEST_ID_HEADER, wellFormedClientRequestId } from "./server/request";
import { crossSiteRefusal } from "./server/same-origin";
import { API_CONTENT_SECURITY_POLICY } from "./server/security-headers";

/**
 * Runs before every route. It shapes requests: the server's own request id (a caller's well-formed
 * `X-Request-Id` is kept beside it), a nonce-based CSP, a structured access log line, a redirect to
 * sign-in for pages without a session cookie, and the refusal of cross-site state-changing requests
 * (server/same-origin.ts). Authorization itself is checked on the server in every procedure and page.
 */
const PUBLIC_PAGES = ["/signin"];

/**
 * Pages whose libraries compile schemas to functions in the browser (ajv): action forms validating inputs and
 * showing fields by their `visible` conditions (the self-service form, and its live preview in the action editor),
 * and an API's Definition tab (AsyncAPI's parser). Only those pages allow eval; links to them load a new document,
 * so the relaxation stays there. A page that renders components/actions/run-form.tsx belongs here.
 */
const COMPILES_SCHEMAS = /^\/self-service\/[^/]+$|^\/admin\/actions\/[^/]+$|^\/catalog\/[^/]+\/[^/]+\/definition$/;

function contentSecurityPolicy(nonce: string, dev: boolean, allowEval: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev || allowEval ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

let portalOrigin: string | undefined;

export function proxy(req: NextRequest) {
  const requestId = crypto.randomUUID();
  const clientRequestId = wellFormedClientRequestId(req.headers.get("x-request-id"));
  const { pathname, search } = req.nextUrl;
  // The OAuth discovery documents (/.well-known/…) are for programs, public and cookie-less like the API.
  const isApi = pathname.startsWith("/api/") || pathname.startsWith("/.well-known/");
  const dev = process.env.NODE_ENV === "development";

  log.info("request", { requestId, ...(clientRequestId ? { clientRequestId } : {}), method: req.method, path: pathname });

  portalOrigin ??= new URL(publicUrl()).origin;
  const refusal = crossSiteRefusal(req, [portalOrigin]);
  if (refusal) {
    return NextResponse.json(
      { error: { code: "FORBIDDEN", message: `Cross-site request refused: ${refusal}` } },
      { status: 403, headers: { "x-request-id": requestId, "content-security-policy": API_CONTENT_SECURITY_POLICY } },
    );
  }

  if (!isApi && !PUBLIC_PAGES.includes(pathname) && !hasSessionCookie(req.cookies.getAll())) {
    const url = req.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    const res = NextResponse.redirect(url);
    res.headers.set("x-request-id", requestId);
    return res;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, dev, COMPILES_SCHEMAS.test(pathname));
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  if (clientRequestId) headers.set(CLIENT_REQUEST_ID_HEADER, clientRequestId);
  else headers.delete(CLIENT_REQUEST_ID_HEADER);
  headers.set("x-nonce", nonce);
  headers.set("x-pathname", pathname + search);
  if (!isApi) headers.set("content-security-policy", csp);

  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", requestId);
  res.headers.set("content-security-policy", isApi ? API_CONTENT_SECURITY_POLICY : csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|fonts/).*)"],
};
