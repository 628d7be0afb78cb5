import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Actor, ServiceContext } from "../context";
import { getEnv } from "../env";
import { loadUserActor } from "../identity/actor";
import type { RunRow } from "./runs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person (or token) a run acts for, with the role and teams they have now: what a run writes is
 * checked against its requester's permissions, as if they wrote it themselves. A requester who is
 * gone (user deleted, token revoked) keeps their name but no rights: a member of no team.
 */
export async function requesterActor(db: DbOrTx, run: Pick<RunRow, "requestedById" | "requestedByLabel">): Promise<Actor> {
  const id = run.requestedById;
  if (UUID.test(id)) {
    const user = await loadUserActor({ db }, id);
    if (user) return user;
    const [token] = await db.select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role }).from(apiTokens).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    if (token) return { kind: "token", ...token };
  } else if (id.startsWith("static:")) {
    const configured = getEnv().PORTICO_STATIC_TOKENS.find((t) => `static:${t.name}` === id);
    if (configured) return { kind: "token", id, name: configured.name, role: configured.role };
  }
  return { kind: "token", id, name: run.requestedByLabel.replace(/^token:/, ""), role: "member" };
}

/** What a run does is done as its requester, with origin `action` and the run's id as the request id. */
export async function runContext(db: DbOrTx, run: RunRow): Promise<ServiceContext> {
  return { db, actor: await requesterActor(db, run), origin: "action", requestId: `run-${run.id}` };
}
