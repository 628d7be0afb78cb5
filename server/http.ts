import "server-only";
import { getCurrentUser } from "./auth/session";
import { isRunToken } from "./actions/runs";
import { requireAdmin, type Actor, type ServiceContext, type TokenActor } from "./context";
import { getDb } from "./db";
import { getEnv } from "./env";
import { httpStatus, invalid, postgresErrorCode, toDomainError, unauthorized } from "./errors";
import { authenticateBearer } from "./identity/tokens";
import { log } from "./log";
import { isAccessToken } from "./oauth/secrets";
import { authenticateAccessToken } from "./oauth/tokens";
import { RateLimiter } from "./rate-limit";
import { requestMeta } from "./request-meta";

/** The PRODUCT.md error body: `{"error": {"code", "message", "details"?}}`. */
export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof PayloadTooLarge) {
    return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: error.message } }, { status: 413, headers: { "x-request-id": requestId } });
  }
  const domain = toDomainError(error);
  const sqlstate = postgresErrorCode(error);
  if (domain) {
    // A refusal by PostgreSQL is the caller's fault, but worth a line with its SQLSTATE.
    if (sqlstate) log.info("request refused by the database", { requestId, sqlstate, status: httpStatus[domain.code] });
    return Response.json(
      { error: { code: domain.code, message: domain.message, ...(domain.details ? { details: domain.details } : {}) } },
      { status: httpStatus[domain.code], headers: { "x-request-id": requestId } },
    );
  }
  log.error("request failed", { requestId, ...(sqlstate ? { sqlstate } : {}), error });
  return Response.json(
    { error: { code: "INTERNAL", message: `Something went wrong on our side (request ${requestId})` } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

/** Runs a route handler for the signed-in browser user, mapping domain errors to HTTP statuses. */
export async function withSession(req: Request, handle: (ctx: ServiceContext) => Promise<Response>): Promise<Response> {
  const meta = requestMeta(req.headers);
  const requestId = meta.requestId;
  try {
    const user = await getCurrentUser();
    if (!user) throw unauthorized();
    return await handle({ db: getDb(), actor: user, origin: "ui", ...meta });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

/** Anyone may call it (health, the API description): errors take the same shape; the database is opened only if used. */
export async function withPublic(req: Request, handle: (ctx: ServiceContext) => Promise<Response>): Promise<Response> {
  const meta = requestMeta(req.headers);
  try {
    const ctx: ServiceContext = {
      get db() {
        return getDb();
      },
      actor: anonymousActor,
      origin: "api",
      ...meta,
    };
    const response = await handle(ctx);
    response.headers.set("x-request-id", meta.requestId);
    return response;
  } catch (error) {
    return errorResponse(error, meta.requestId);
  }
}

/** Who calls a public operation: no teams, the least role. */
export const anonymousActor: TokenActor = { kind: "token", id: "anonymous", name: "anonymous", role: "member" };

/** Largest request body the REST API reads (a bulk call of 1,000 entities fits easily). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

class PayloadTooLarge extends Error {}

/** Reads a body as text, refusing bodies over the limit (413) before reading them whole. */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLarge(`The request body is larger than ${limit} bytes`);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new PayloadTooLarge(`The request body is larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body: 413 over the limit, 400 when empty or not JSON, before any work. */
export async function readJson(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(req, limit);
  if (!text.trim()) throw invalid("A JSON body is required", [{ path: "", message: "is empty" }]);
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("The body is not valid JSON", [{ path: "", message: "is not valid JSON" }]);
  }
}

let limiter: RateLimiter | undefined;

/**
 * 429 with Retry-After when `key` has used up its PORTICO_API_RATE_LIMIT. Authenticated callers count
 * against their identity (rotating addresses does not escape it); failed authentication counts
 * against the client address (rotating made-up tokens does not either).
 */
async function rateLimited(key: string, requestId: string): Promise<Response | null> {
  limiter ??= new RateLimiter(getDb(), getEnv().PORTICO_API_RATE_LIMIT);
  const verdict = await limiter.take(key);
  if (verdict.ok) return null;
  return Response.json(
    { error: { code: "RATE_LIMITED", message: `Too many requests; try again in ${verdict.retryAfterSeconds} s` } },
    { status: 429, headers: { "retry-after": String(verdict.retryAfterSeconds), "x-request-id": requestId } },
  );
}

/** The rate limit of callers that are not authenticated (OAuth registration and token requests): by client address. */
export async function rateLimitedAddress(req: Request): Promise<Response | null> {
  const meta = requestMeta(req.headers);
  return rateLimited(`ip:${meta.ip ?? "unknown"}`, meta.requestId);
}

/**
 * Runs a REST v1 handler for a bearer token (static or created in the UI), origin `api`. With
 * `accessTokens` (the MCP endpoint), an OAuth access token a user granted an assistant is accepted too: the
 * caller is then that user, as they are now.
 */
export async function withApiToken(req: Request, handle: (ctx: ServiceContext) => Promise<Response>, options: { accessTokens?: boolean } = {}): Promise<Response> {
  const meta = requestMeta(req.headers);
  const requestId = meta.requestId;
  try {
    const db = getDb();
    const header = req.headers.get("authorization");
    const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
    const authenticate = (): Promise<Actor> =>
      options.accessTokens && bearer && isAccessToken(bearer) ? authenticateAccessToken(db, bearer) : authenticateBearer(db, header, getEnv().PORTICO_STATIC_TOKENS);
    const auth = await authenticate().then(
      (actor) => ({ actor }),
      (error: unknown) => ({ error }),
    );
    if ("error" in auth) return (await rateLimited(`ip:${meta.ip ?? "unknown"}`, requestId)) ?? errorResponse(auth.error, requestId);
    const limited = await rateLimited(`${auth.actor.kind}:${auth.actor.id}`, requestId);
    if (limited) return limited;
    const response = await handle({ db, actor: auth.actor, origin: "api", ...meta });
    response.headers.set("x-request-id", requestId);
    return response;
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

/**
 * REST handlers for an external system reporting on one run: the run's own callback token (from the
 * payload) acts as `token:run-<id>`; an admin API token may report on any run.
 */
export async function withRunToken(req: Request, runId: string, handle: (ctx: ServiceContext) => Promise<Response>): Promise<Response> {
  const meta = requestMeta(req.headers);
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim();
  if (bearer && isRunToken(runId, bearer)) {
    try {
      const limited = await rateLimited(`run:${runId}`, meta.requestId);
      if (limited) return limited;
      const response = await handle({ db: getDb(), actor: { kind: "token", id: `run:${runId}`, name: `run-${runId}`, role: "member" }, origin: "api", ...meta });
      response.headers.set("x-request-id", meta.requestId);
      return response;
    } catch (error) {
      return errorResponse(error, meta.requestId);
    }
  }
  return withApiToken(req, async (ctx) => {
    requireAdmin(ctx, "report on runs with an API token; use the run's own token");
    return handle(ctx);
  });
}
