import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { log } from "../log";
import { CLIENT_REQUEST_ID_HEADER, wellFormedClientRequestId } from "../request";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "../security-headers";
import { sessionForCookies } from "../auth/session";
import { parseCookieHeader } from "../auth/session-cookie";
import type { Operation } from "./contract/operation";
import { restHandler } from "./contract/rest";
import { entityFacetsOp, getEntityOp, searchEntitiesOp } from "./operations/catalog";
import { trpcResponse } from "./trpc-handler";

/**
 * The API's hottest reads, answered before Next.js routes the request. Measured on the 2-core
 * reference machine, Next.js's routing, its proxy step and its Web-request adapters cost about
 * 1.7 ms of CPU per REST request, more than reading one entity from PostgreSQL, and about 10 ms per
 * tRPC batch; these reads are what automation polls and what every catalog page asks for. Each
 * route here calls the handler its App Router route file exports (the same operation), so both paths answer alike
 * (status, body, errors); this step adds what proxy.ts and next.config.js add to an API response:
 * the request ids, the access log line and the security headers.
 *
 * tRPC GETs are queries (tRPC answers a mutation sent as GET with 405), read the session from the
 * request's Cookie header (auth/session.ts `sessionForCookies`) and must not use `next/headers` or
 * other APIs of Next.js's request scope.
 *
 * Only GET, only the exact paths below; everything else (writes, pages, HEAD, trailing slashes, bad
 * percent-encoding) goes on to Next.js. To serve another read here, add it to `routes`.
 */

type Handler = (req: Request, params: Record<string, string>) => Promise<Response>;
type Route = { pattern: RegExp; names: string[]; handler: Handler; reserved?: Record<string, string[]> };

const SEGMENT = "([^/]+)";
/** `reserved`: values of a parameter that are a static route of the App Router there (Next.js answers those). */
const route = (path: string, handler: Handler, reserved?: Record<string, string[]>): Route => {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return SEGMENT;
  });
  return { pattern: new RegExp(`^${source}$`), names, handler, reserved };
};

const operation = (op: Operation, reserved?: Record<string, string[]>): Route => {
  const handler = restHandler(op);
  return route(op.path, (req, params) => handler(req, { params: Promise.resolve(params) }), reserved);
};

const routes: Route[] = [
  operation(searchEntitiesOp),
  // `entities/bulk` is its own route (POST only): a GET of it is Next.js's 405, not an entity called "bulk".
  operation(getEntityOp, { id: ["bulk"] }),
  operation(entityFacetsOp),
  route("/api/trpc/{procedures}", (req) => trpcResponse(req, async () => (await sessionForCookies(parseCookieHeader(req.headers.get("cookie"))))?.actor)),
];

/** The route and its decoded parameters for a GET of `pathname`, or null when Next.js should answer. */
export function matchFastRoute(method: string | undefined, pathname: string): { handler: Handler; params: Record<string, string> } | null {
  if (method !== "GET") return null;
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    } catch {
      return null;
    }
    // A decoded slash would be another path to Next.js: let it decide.
    if (Object.values(params).some((v) => v.includes("/"))) return null;
    if (Object.entries(r.reserved ?? {}).some(([name, values]) => values.includes(m[r.names.indexOf(name) + 1]!))) return null;
    return { handler: r.handler, params };
  }
  return null;
}

/**
 * Answers `req` when it is a fast-path read and returns true; returns false, having touched
 * nothing, when Next.js should answer it.
 */
export function serveFastPath(req: IncomingMessage, res: ServerResponse): boolean {
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const match = matchFastRoute(req.method, pathname);
  if (!match) return false;
  answer(req, res, match, pathname).catch((error: unknown) => {
    log.error("fast path failed", { error });
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side" } }));
  });
  return true;
}

async function answer(req: IncomingMessage, res: ServerResponse, match: NonNullable<ReturnType<typeof matchFastRoute>>, pathname: string) {
  const requestId = randomUUID();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const clientRequestId = wellFormedClientRequestId(headers.get("x-request-id"));
  headers.set("x-request-id", requestId);
  if (clientRequestId) headers.set(CLIENT_REQUEST_ID_HEADER, clientRequestId);
  else headers.delete(CLIENT_REQUEST_ID_HEADER);
  log.info("request", { requestId, ...(clientRequestId ? { clientRequestId } : {}), method: req.method, path: pathname });

  // The handlers read only the path and query; the Host header (anything a client sends) is not used.
  const url = `http://localhost${req.url ?? "/"}`;
  let response: Response;
  try {
    response = await match.handler(new Request(url, { method: "GET", headers }), match.params);
  } catch (error) {
    log.error("request failed", { requestId, error });
    response = Response.json({ error: { code: "INTERNAL", message: `Something went wrong on our side (request ${requestId})` } }, { status: 500 });
  }
  const body = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  for (const [name, value] of SECURITY_HEADERS) out[name] = value;
  response.headers.forEach((value, name) => (out[name] = value));
  out["content-security-policy"] = API_CONTENT_SECURITY_POLICY;
  out["x-request-id"] = requestId;
  out["content-length"] = String(body.length);
  res.writeHead(response.status, out);
  res.end(body);
}
