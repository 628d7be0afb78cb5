import "server-only";
import { randomUUID } from "node:crypto";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import type { UserActor } from "../context";
import { getDb } from "../db";
import { getEnv, publicUrl } from "../env";
import { loadSessionActor, type LiveSession } from "../identity/sessions";
import { noteActivity } from "../insights/activity";
import { revalidateSession } from "./revalidate";
import { cookieValue, sessionCookieName, type Cookie } from "./session-cookie";

/**
 * Session cookies already opened: the cookie → its session id and expiry. The cookie is Auth.js's
 * JWE (authenticated encryption under AUTH_SECRET), so a value found here is one this process
 * decrypted and verified before; opening it again on every request cost a key derivation and a
 * decryption, and `auth()` re-encrypted it into a new cookie too. The session itself (ended, expired,
 * the user's role and teams) is read from the database on every request, so nothing here outlives it.
 */
const opened = new Map<string, { sid: string; exp: number }>();
const MAX_OPENED = 10_000;

async function sessionIdOf(token: string, secret: string, salt: string): Promise<string | undefined> {
  const known = opened.get(token);
  if (known) return known.exp * 1000 > Date.now() ? known.sid : undefined;
  const payload = await decode({ token, secret, salt }).catch(() => null);
  if (typeof payload?.sid !== "string" || typeof payload.exp !== "number") return undefined;
  if (opened.size >= MAX_OPENED) opened.delete(opened.keys().next().value!);
  opened.set(token, { sid: payload.sid, exp: payload.exp });
  return payload.sid;
}

/** The server-side session id the session cookie among `cookies` stands for (Auth.js's cookie name and secret). */
async function sessionIdIn(cookies: Cookie[]): Promise<string | undefined> {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return undefined;
  const name = sessionCookieName(publicUrl());
  const token = cookieValue(cookies, name);
  return token ? sessionIdOf(token, secret, name) : undefined;
}

/**
 * The signed-in user and their session for a request's cookies: undefined when signed out, when the
 * session ended (signed out, ended by an admin, refused by the IdP) or expired, or when the user
 * was deleted. The cookie is not re-issued: the server-side session's lifetime is fixed at sign-in
 * (identity/sessions.ts), the same as the cookie's.
 */
export async function sessionForCookies(cookies: Cookie[]): Promise<{ actor: UserActor; session: LiveSession } | undefined> {
  const sid = await sessionIdIn(cookies);
  if (!sid) return undefined;
  const db = getDb();
  const live = await loadSessionActor({ db }, sid);
  if (!live) return undefined;
  noteActivity(db, live.actor.id);
  const outcome = await revalidateSession({ db, requestId: `session-${randomUUID()}`, ip: null }, getEnv(), live.actor.id, live.session);
  if (outcome === "ended") return undefined;
  if (outcome === "current") return live;
  // The IdP changed the user's role or teams just now: this request already sees it.
  return loadSessionActor({ db }, sid);
}

/** The current request's session (pages, route handlers, server actions), read once per request. */
export const getCurrentSession = cache(async () => sessionForCookies((await cookies()).getAll()));

export const getCurrentUser = cache(async (): Promise<UserActor | undefined> => (await getCurrentSession())?.actor);
