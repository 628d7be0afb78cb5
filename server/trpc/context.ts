import "server-only";
import { getCurrentUser } from "../auth/session";
import { getDb } from "../db";
import { requestMeta } from "../request-meta";
import type { TRPCContext } from "./init";

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  return {
    db: getDb(),
    user: await getCurrentUser(),
    ...requestMeta(opts.headers),
  };
}
