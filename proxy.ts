import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every route. It only shapes requests: a request id, a nonce-based CSP, a
 * structured access log line, and a redirect to sign-in for pages without a session cookie.
 * Authorization itself is checked on the server in every procedure and page.
 */
const PUBLIC_PAGES = ["/signin"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function hasSessionCookie(req: NextRequest) {
  return req.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

/**
 * Action forms validate inputs in the browser with ajv, which compiles each schema to a function:
 * only those pages allow eval (links to them load a new document, so the relaxation stays there).
 */
const COMPILES_SCHEMAS = /^\/self-service\/[^/]+$/;

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

export function proxy(req: NextRequest) {
  const incoming = req.headers.get("x-request-id");
  const requestId = incoming && /^[A-Za-z0-9._-]{8,128}$/.test(incoming) ? incoming : crypto.randomUUID();
  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const dev = process.env.NODE_ENV === "development";

  process.stdout.write(
    JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "request", requestId, method: req.method, path: pathname }) + "\n",
  );

  if (!isApi && !PUBLIC_PAGES.includes(pathname) && !hasSessionCookie(req)) {
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
  headers.set("x-nonce", nonce);
  headers.set("x-pathname", pathname + search);
  if (!isApi) headers.set("content-security-policy", csp);

  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", requestId);
  res.headers.set("content-security-policy", isApi ? "default-src 'none'; frame-ancestors 'none'" : csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|fonts/).*)"],
};
