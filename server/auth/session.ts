import "server-only";
import { randomUUID } from "node:crypto";
import { cache } from "react";
import type { UserActor } from "../context";
import { getDb } from "../db";
import { getEnv } from "../env";
import { loadSessionActor, type LiveSession } from "../identity/sessions";
import { auth } from "./index";
import { revalidateSession } from "./revalidate";

/**
 * The signed-in user and their session, read once per request: undefined when signed out, when the
 * session ended (signed out, ended by an admin, refused by the IdP) or expired, or when the user
 * was deleted.
 */
export const getCurrentSession = cache(async (): Promise<{ actor: UserActor; session: LiveSession } | undefined> => {
  const session = await auth();
  const sid = session?.sid;
  if (!sid) return undefined;
  const db = getDb();
  const live = await loadSessionActor({ db }, sid);
  if (!live) return undefined;
  const outcome = await revalidateSession({ db, requestId: `session-${randomUUID()}`, ip: null }, getEnv(), live.actor.id, live.session);
  if (outcome === "ended") return undefined;
  if (outcome === "current") return live;
  // The IdP changed the user's role or teams just now: this request already sees it.
  return loadSessionActor({ db }, sid);
});

export const getCurrentUser = cache(async (): Promise<UserActor | undefined> => (await getCurrentSession())?.actor);
