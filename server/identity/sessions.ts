import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { oauthGrants, userIdentities, userSessions, users } from "@/db/schema";
import { audited } from "../audit/audited";
import { actorLabel, requireAdmin, type ServiceContext, type UserActor } from "../context";
import { decryptSecret, encryptSecret } from "../crypto";
import { getEnv } from "../env";
import { notFound, parseInput } from "../errors";
import { log } from "../log";
import { toUserActor, userActorColumns } from "./actor";

/**
 * Browser sessions. The session cookie (an Auth.js JWT) carries only the id of a row here; every
 * request reads the row with the user, so signing out, an admin ending a user's sessions, or the IdP
 * refusing the user on re-validation takes effect at the next request, on every replica.
 */

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The IdP's tokens, stored encrypted: what re-validation and RP-initiated logout need. */
export type IdpTokens = { access_token?: string; refresh_token?: string; id_token?: string; expires_at?: number };

type Db = Pick<ServiceContext, "db">;

function sealTokens(tokens: IdpTokens | undefined): string | null {
  if (!tokens || (!tokens.access_token && !tokens.refresh_token && !tokens.id_token)) return null;
  if (!getEnv().PORTICO_ENCRYPTION_KEY) {
    log.warn("PORTICO_ENCRYPTION_KEY is not set: the IdP's tokens are not kept, so this session is not re-validated with the IdP");
    return null;
  }
  return encryptSecret(JSON.stringify(tokens));
}

function openTokens(sealed: string | null): IdpTokens | undefined {
  if (!sealed) return undefined;
  try {
    return JSON.parse(decryptSecret(sealed)) as IdpTokens;
  } catch {
    return undefined;
  }
}

export async function startSession(
  ctx: Db,
  input: { userId: string; identityId: string | null; provider: string; tokens?: IdpTokens; ip?: string | null },
): Promise<string> {
  const [row] = await ctx.db
    .insert(userSessions)
    .values({
      userId: input.userId,
      identityId: input.identityId,
      provider: input.provider,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      idpCheckedAt: input.identityId ? new Date() : null,
      idpTokens: sealTokens(input.tokens),
      ip: input.ip ?? null,
    })
    .returning({ id: userSessions.id });
  return row!.id;
}

export type LiveSession = {
  id: string;
  provider: string;
  identityId: string | null;
  issuer: string | null;
  subject: string | null;
  idpCheckedAt: Date | null;
  expiresAt: Date;
};

/** The user of a live session, in one round trip; undefined when it ended, expired or never was. */
export async function loadSessionActor(ctx: Db, sessionId: string): Promise<{ actor: UserActor; session: LiveSession } | undefined> {
  if (!z.uuid().safeParse(sessionId).success) return undefined;
  const [row] = await ctx.db
    .select({
      actor: userActorColumns,
      sessionId: userSessions.id,
      provider: userSessions.provider,
      identityId: userSessions.identityId,
      idpCheckedAt: userSessions.idpCheckedAt,
      expiresAt: userSessions.expiresAt,
      issuer: userIdentities.issuer,
      subject: userIdentities.subject,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .leftJoin(userIdentities, eq(userIdentities.id, userSessions.identityId))
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)));
  if (!row) return undefined;
  return {
    actor: toUserActor(row.actor),
    session: {
      id: row.sessionId,
      provider: row.provider,
      identityId: row.identityId,
      issuer: row.issuer,
      subject: row.subject,
      idpCheckedAt: row.idpCheckedAt,
      expiresAt: row.expiresAt,
    },
  };
}

/**
 * Takes the right to re-validate a session with its IdP, at most once per interval across every
 * replica (one conditional update): the tokens when this caller is to do it, else undefined.
 */
export async function claimRevalidation(ctx: Db, sessionId: string, intervalSeconds: number): Promise<{ tokens: IdpTokens | undefined } | undefined> {
  const [row] = await ctx.db
    .update(userSessions)
    .set({ idpCheckedAt: sql`now()` })
    .where(
      and(
        eq(userSessions.id, sessionId),
        isNull(userSessions.endedAt),
        or(isNull(userSessions.idpCheckedAt), lt(userSessions.idpCheckedAt, sql`now() - make_interval(secs => ${intervalSeconds})`)),
      ),
    )
    .returning({ idpTokens: userSessions.idpTokens });
  return row ? { tokens: openTokens(row.idpTokens) } : undefined;
}

export async function storeIdpTokens(ctx: Db, sessionId: string, tokens: IdpTokens) {
  await ctx.db.update(userSessions).set({ idpTokens: sealTokens(tokens) }).where(eq(userSessions.id, sessionId));
}

/** Ends one session (sign-out, or the IdP no longer vouching for it); says how it was signed in, for the IdP's logout. */
export async function endSession(
  ctx: Db,
  sessionId: string,
  reason: "signed-out" | "idp",
): Promise<{ provider: string; tokens: IdpTokens | undefined } | undefined> {
  if (!z.uuid().safeParse(sessionId).success) return undefined;
  const [row] = await ctx.db
    .update(userSessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .returning({ provider: userSessions.provider, idpTokens: userSessions.idpTokens });
  return row ? { provider: row.provider, tokens: openTokens(row.idpTokens) } : undefined;
}

export const endUserSessionsSchema = z.object({ userId: z.uuid() });

/** An admin signs a user out everywhere: every live session of theirs ends at its next request. */
export async function endUserSessions({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof endUserSessionsSchema> }) {
  requireAdmin(ctx, "end sessions");
  const { userId } = parseInput(endUserSessionsSchema, input, "Invalid user");
  return audited(ctx, async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound("User");
    const ended = await tx
      .update(userSessions)
      .set({ endedAt: sql`now()`, endedReason: "admin" })
      .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)))
      .returning({ id: userSessions.id });
    // An assistant the user connected (OAuth) acts as them like a session does: it is disconnected too.
    const grants = await tx
      .update(oauthGrants)
      .set({ revokedAt: sql`now()`, revokedBy: actorLabel(ctx.actor) })
      .where(and(eq(oauthGrants.userId, userId), isNull(oauthGrants.revokedAt)))
      .returning({ id: oauthGrants.id });
    return {
      result: { ended: ended.length, assistantsDisconnected: grants.length },
      audit: { action: "user.end-sessions", resourceType: "user", resourceId: userId, after: { email: user.email, sessionsEnded: ended.length, assistantsDisconnected: grants.length } },
    };
  });
}

/** Live sessions per user, for the admin's user list. */
export async function countLiveSessions(ctx: Db, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ userId: userSessions.userId, n: sql<number>`count(*)::int` })
    .from(userSessions)
    .where(and(inArray(userSessions.userId, userIds), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)))
    .groupBy(userSessions.userId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}
