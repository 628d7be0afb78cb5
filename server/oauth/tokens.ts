import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { oauthClients, oauthGrants, oauthSecrets } from "@/db/schema";
import { audited } from "../audit/audited";
import type { ServiceContext, UserActor } from "../context";
import { unauthorized } from "../errors";
import { loadUserActor } from "../identity/actor";
import { mcpResource, SCOPES } from "./metadata";
import { OAuthProblem } from "./problem";
import { hashSecret, newSecret, pkceMatches, PREFIXES } from "./secrets";

const ACCESS_TTL_S = 3600;
const REFRESH_TTL_MS = 30 * 24 * 3600_000;

/** A user acting through an OAuth grant: an MCP client the user connected. */
export type GrantedUser = UserActor & { oauth: { grantId: string; clientId: string; clientName: string; builder: boolean } };

const field = (form: URLSearchParams, name: string) => form.get(name) ?? undefined;

/** Revokes a grant whose code or refresh token was used twice: someone else holds a copy (RFC 9700 §4.14). */
async function revokeStolen(ctx: ServiceContext, grantId: string, what: string) {
  await audited(ctx, async (tx) => {
    const [row] = await tx.update(oauthGrants).set({ revokedAt: new Date(), revokedBy: "system" }).where(and(eq(oauthGrants.id, grantId), isNull(oauthGrants.revokedAt))).returning({ id: oauthGrants.id });
    return { result: undefined, audit: row ? [{ action: "oauth-grant.revoke", resourceType: "oauth-grant", resourceId: grantId, actor: { id: "system", label: "system" }, after: { reason: `${what} was used twice` } }] : [] };
  });
}

async function issue(db: DbOrTx, grant: { id: string; scopes: string[] }) {
  const access = newSecret("access");
  const refresh = newSecret("refresh");
  await db.insert(oauthSecrets).values([
    { hash: hashSecret(access), kind: "access", grantId: grant.id, expiresAt: new Date(Date.now() + ACCESS_TTL_S * 1000) },
    { hash: hashSecret(refresh), kind: "refresh", grantId: grant.id, expiresAt: new Date(Date.now() + REFRESH_TTL_MS) },
  ]);
  // Expired codes and tokens are of no use to anyone: gone on the way.
  await db.delete(oauthSecrets).where(lt(oauthSecrets.expiresAt, new Date()));
  return { access_token: access, token_type: "Bearer", expires_in: ACCESS_TTL_S, refresh_token: refresh, scope: grant.scopes.join(" ") };
}

/** Uses a code or refresh token once: the row as it was, or why not. A second use revokes its grant. */
async function consume(ctx: ServiceContext, secret: string | undefined, kind: "code" | "refresh", clientId: string | undefined) {
  const what = kind === "code" ? "code" : "refresh_token";
  if (!secret) throw new OAuthProblem("invalid_request", `${what} is missing`);
  if (!clientId) throw new OAuthProblem("invalid_request", "client_id is missing");
  const [row] = await ctx.db
    .select({ secret: oauthSecrets, grant: oauthGrants })
    .from(oauthSecrets)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthSecrets.grantId))
    .where(and(eq(oauthSecrets.hash, hashSecret(secret)), eq(oauthSecrets.kind, kind)));
  if (!row || row.grant.clientId !== clientId) throw new OAuthProblem("invalid_grant", `the ${what} is not valid for this client`);
  if (row.grant.revokedAt) throw new OAuthProblem("invalid_grant", "the grant was revoked: connect again");
  if (row.secret.expiresAt < new Date()) throw new OAuthProblem("invalid_grant", `the ${what} has expired`);
  // Used once, atomically: of two concurrent uses one wins, the other is a replay.
  const [won] = await ctx.db
    .update(oauthSecrets)
    .set({ usedAt: new Date() })
    .where(and(eq(oauthSecrets.hash, row.secret.hash), isNull(oauthSecrets.usedAt)))
    .returning({ hash: oauthSecrets.hash });
  if (!won) {
    await revokeStolen(ctx, row.grant.id, `its ${what}`);
    throw new OAuthProblem("invalid_grant", `the ${what} was already used; the grant is revoked`);
  }
  return row;
}

function checkResource(form: URLSearchParams) {
  const resource = field(form, "resource");
  if (resource && resource.replace(/\/+$/, "") !== mcpResource()) throw new OAuthProblem("invalid_target", `tokens are issued for ${mcpResource()} only`);
}

/** The token endpoint (OAuth 2.1 §3.2): an authorization code with its PKCE verifier, or a refresh token, for tokens. */
export async function tokenRequest(ctx: ServiceContext, form: URLSearchParams) {
  const grantType = field(form, "grant_type");
  const clientId = field(form, "client_id");
  if (grantType === "authorization_code") {
    checkResource(form);
    const verifier = field(form, "code_verifier");
    if (!verifier) throw new OAuthProblem("invalid_request", "code_verifier is missing (PKCE is required)");
    const { secret, grant } = await consume(ctx, field(form, "code"), "code", clientId);
    if (secret.redirectUri !== field(form, "redirect_uri")) throw new OAuthProblem("invalid_grant", "redirect_uri is not the one the code was issued to");
    if (!secret.codeChallenge || !pkceMatches(verifier, secret.codeChallenge)) throw new OAuthProblem("invalid_grant", "code_verifier does not match the code_challenge");
    return issue(ctx.db, grant);
  }
  if (grantType === "refresh_token") {
    checkResource(form);
    const { grant } = await consume(ctx, field(form, "refresh_token"), "refresh", clientId);
    const scope = field(form, "scope");
    if (scope && scope.split(" ").some((s) => s && !grant.scopes.includes(s))) throw new OAuthProblem("invalid_scope", `the grant covers ${grant.scopes.join(" ")} only`);
    return issue(ctx.db, grant);
  }
  throw new OAuthProblem("unsupported_grant_type", `grant_type ${grantType ?? "(missing)"} is not supported: authorization_code or refresh_token`);
}

/** RFC 7009: a client disconnecting itself. The token's grant is revoked; unknown tokens are not an error. */
export async function revokeToken(ctx: ServiceContext, form: URLSearchParams) {
  const token = field(form, "token");
  if (!token || !(token.startsWith(PREFIXES.access) || token.startsWith(PREFIXES.refresh))) return;
  const [row] = await ctx.db.select({ grantId: oauthSecrets.grantId }).from(oauthSecrets).where(eq(oauthSecrets.hash, hashSecret(token)));
  if (!row) return;
  await audited(ctx, async (tx) => {
    const [grant] = await tx.update(oauthGrants).set({ revokedAt: new Date(), revokedBy: "client" }).where(and(eq(oauthGrants.id, row.grantId), isNull(oauthGrants.revokedAt))).returning({ id: oauthGrants.id, clientId: oauthGrants.clientId });
    return {
      result: undefined,
      audit: grant ? [{ action: "oauth-grant.revoke", resourceType: "oauth-grant", resourceId: grant.id, actor: { id: `oauth-client:${grant.clientId}`, label: `oauth-client:${grant.clientId}` }, after: { reason: "the client revoked its token" } }] : [],
    };
  });
}

/**
 * An OAuth access token on the MCP endpoint: the user who granted it, as they are now (role and teams read
 * fresh, so a demotion or a team change holds at once), and what the grant allows. 401 when it expired, its
 * grant was revoked, or the user is gone.
 */
export async function authenticateAccessToken(db: DbOrTx, token: string): Promise<GrantedUser> {
  const [row] = await db
    .select({ grantId: oauthGrants.id, userId: oauthGrants.userId, scopes: oauthGrants.scopes, clientId: oauthClients.id, clientName: oauthClients.name, lastUsedAt: oauthGrants.lastUsedAt })
    .from(oauthSecrets)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthSecrets.grantId))
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.clientId))
    .where(and(eq(oauthSecrets.hash, hashSecret(token)), eq(oauthSecrets.kind, "access"), gt(oauthSecrets.expiresAt, new Date()), isNull(oauthGrants.revokedAt)));
  if (!row) throw unauthorized("Invalid, expired or revoked access token");
  const user = await loadUserActor({ db }, row.userId);
  if (!user) throw unauthorized("The user who connected this assistant no longer exists");
  // Last use is bookkeeping, not a change: at most one write a minute per grant.
  await db
    .update(oauthGrants)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(oauthGrants.id, row.grantId), or(isNull(oauthGrants.lastUsedAt), lt(oauthGrants.lastUsedAt, sql`now() - interval '1 minute'`))));
  return { ...user, oauth: { grantId: row.grantId, clientId: row.clientId, clientName: row.clientName, builder: user.role === "admin" && row.scopes.includes(SCOPES.builder) } };
}
