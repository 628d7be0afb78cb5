import "server-only";
import type { UserActor } from "../context";
import { getCurrentUser } from "../auth/session";
import { getDb } from "../db";
import { requestMeta } from "../request-meta";
import type { TRPCContext } from "./init";

/** The context of one tRPC request; `user` reads the signed-in user (default: the session of `next/headers`). */
export async function createTRPCContext(opts: { headers: Headers; user?: () => Promise<UserActor | undefined> }): Promise<TRPCContext> {
  return {
    db: getDb(),
    user: await (opts.user ?? getCurrentUser)(),
    ...requestMeta(opts.headers),
  };
}
