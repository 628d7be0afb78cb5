import "server-only";
import type { ZodObject } from "zod";
import { requireAdmin, type ServiceContext } from "../../context";
import { invalid, parseInput } from "../../errors";
import { MAX_BODY_BYTES, readJson, withApiToken, withPublic, withRunToken, withSession } from "../../http";
import { notifyObservers } from "./observers";
import type { Operation, Reply } from "./operation";

/**
 * REST routes from operation declarations. A route file exports one handler per method:
 *
 *     export const GET = restHandler(getBlueprintOp);
 *
 * For each request, in this order: authentication (the operation's `auth`), the role (`admin`
 * before the body is read), path parameters, query string and headers parsed with the declared
 * schemas (400 at `/path/<name>`, `/query/<name>`, `/headers/<name>`), the body (413 over its limit,
 * 400 when not JSON, not an object where one is required, or naming another resource than the
 * path), then the handler. Errors take the one error shape (server/http.ts).
 */

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (req: Request, context?: RouteContext) => Promise<Response>;

export function restHandler(op: Operation): RouteHandler {
  return (req, context) => answer(op, req, context);
}

async function answer(op: Operation, req: Request, context?: RouteContext): Promise<Response> {
  const rawParams = (await context?.params) ?? {};
  const run = (ctx: ServiceContext) => handle(op, req, rawParams, ctx);
  let response: Response;
  switch (op.auth) {
    case "token":
      response = await withApiToken(req, run);
      break;
    case "run":
      response = await withRunToken(req, String(rawParams.id ?? ""), run);
      break;
    case "session":
      response = await withSession(req, run);
      break;
    case "none":
      response = await withPublic(req, run);
      break;
  }
  notifyObservers(op, response);
  return response;
}

const parsePart = (schema: ZodObject | undefined, raw: Record<string, unknown>, where: string) => (schema ? parseInput(schema, raw, `Invalid ${where}`, `/${where}`) : {});

/** What a caller sends an operation, before the declared schemas read it: REST takes it from the request, MCP from a tool call's arguments. */
export type RawInput = { params: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, unknown>; body: unknown; req: Request };

/**
 * Runs an operation for an authenticated caller: the role, then path, query and headers parsed with the
 * declared schemas, the body's shape and its identifiers against the path, then the handler.
 */
export async function runOperation(op: Operation, ctx: ServiceContext, raw: RawInput, options: { confirmed?: boolean } = {}): Promise<Reply> {
  requireRole(op, ctx);
  const params = parsePart(op.params, raw.params, "path");
  const query = parsePart(op.query, raw.query, "query");
  const headers = parsePart(op.headers, raw.headers, "headers");
  if (op.body && op.body.read !== "self") checkBody(op, raw.body, params as Record<string, unknown>);
  const args = { ctx, params, query, headers, body: raw.body, req: raw.req } as never;
  if (options.confirmed === false && op.confirmation) {
    const question = await op.confirmation(args);
    if (question) throw invalid(`${question} Ask the user; if they agree, call again with confirm: true.`, [{ path: "/confirm", message: "must be true once the user has agreed" }]);
  }
  return op.handle(args);
}

async function handle(op: Operation, req: Request, rawParams: Record<string, string | string[]>, ctx: ServiceContext): Promise<Response> {
  // Before reading a body of up to 32 MB.
  requireRole(op, ctx);
  const body = op.body && op.body.read !== "self" ? await readJson(req, op.body.maxBytes ?? MAX_BODY_BYTES) : undefined;
  const raw = { params: rawParams, query: Object.fromEntries(new URL(req.url).searchParams), headers: Object.fromEntries(req.headers), body, req };
  return toResponse(op, await runOperation(op, ctx, raw));
}

/** 403 "Only admins can <summary>" for an admin operation called by a member. */
function requireRole(op: Operation, ctx: ServiceContext) {
  if (op.role === "admin") requireAdmin(ctx, `${op.summary.charAt(0).toLowerCase()}${op.summary.slice(1)}`);
}

function checkBody(op: Operation, body: unknown, params: Record<string, unknown>) {
  const spec = op.body!;
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  if ((spec.object || spec.matchPath) && !isObject) throw invalid("The body must be a JSON object", [{ path: "", message: "must be an object" }]);
  for (const [field, param] of Object.entries(spec.matchPath ?? {})) {
    const sent = (body as Record<string, unknown>)[field];
    if (sent !== undefined && sent !== params[param]) {
      throw invalid(`The body's ${field} differs from the URL's`, [{ path: `/${field}`, message: `must be ${String(params[param])}, as in the URL` }]);
    }
  }
}

function toResponse(op: Operation, reply: Reply): Response {
  const status = reply.status ?? 200;
  if (reply.body === undefined || status === 204) return new Response(null, { status, headers: reply.headers });
  const contentType = op.responses[status]?.contentType;
  if (contentType) return new Response(reply.body as BodyInit, { status, headers: { "content-type": contentType, ...reply.headers } });
  return Response.json(reply.body, { status, headers: reply.headers });
}
