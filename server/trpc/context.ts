import "server-only";
import { randomUUID } from "node:crypto";
import { getCurrentUser } from "../auth/session";
import { getDb } from "../db";
import { clientIp } from "../request";
import type { TRPCContext } from "./init";

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  return {
    db: getDb(),
    user: await getCurrentUser(),
    requestId: opts.headers.get("x-request-id") ?? randomUUID(),
    ip: clientIp(opts.headers),
  };
}
