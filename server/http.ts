import "server-only";
import { randomUUID } from "node:crypto";
import { getCurrentUser } from "./auth/session";
import type { ServiceContext } from "./context";
import { getDb } from "./db";
import { httpStatus, toDomainError, unauthorized } from "./errors";
import { log } from "./log";
import { clientIp } from "./request";

/** The PRODUCT.md error body: `{"error": {"code", "message", "details"?}}`. */
export function errorResponse(error: unknown, requestId: string): Response {
  const domain = toDomainError(error);
  if (domain) {
    return Response.json(
      { error: { code: domain.code, message: domain.message, ...(domain.details ? { details: domain.details } : {}) } },
      { status: httpStatus[domain.code], headers: { "x-request-id": requestId } },
    );
  }
  log.error("request failed", { requestId, error });
  return Response.json(
    { error: { code: "INTERNAL", message: `Something went wrong on our side (request ${requestId})` } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

/** Runs a route handler for the signed-in browser user, mapping domain errors to HTTP statuses. */
export async function withSession(req: Request, handle: (ctx: ServiceContext) => Promise<Response>): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  try {
    const user = await getCurrentUser();
    if (!user) throw unauthorized();
    return await handle({ db: getDb(), actor: user, origin: "ui", requestId, ip: clientIp(req.headers) });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
