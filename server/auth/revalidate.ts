import "server-only";
import type { ServiceContext } from "../context";
import type { Env } from "../env";
import { refreshIdpGrants } from "../identity/sign-in";
import { claimRevalidation, endSession, storeIdpTokens, type LiveSession } from "../identity/sessions";
import { log } from "../log";
import { claimSettings, grantsFromClaims, mergeClaims, type Claims } from "./claims";
import { checkGithubToken, githubApiUrl } from "./github";
import { decodeJwtPayload, fetchUserinfo, IdpRefused, refreshTokens } from "./oidc-client";

/**
 * Sessions follow the IdP: every PORTICO_SESSION_REVALIDATE_SECONDS a request of a signed-in user
 * asks the IdP about them again (refresh-token grant when there is a refresh token, then userinfo)
 * and applies the admin role and teams the claims give now. An IdP that refuses (revoked refresh
 * token, rejected access token, an expired token that cannot be refreshed) ends the session; an IdP
 * that cannot be reached does not (it is asked again at the next interval).
 */

type Base = Pick<ServiceContext, "db" | "requestId" | "ip">;

/** `ended` when the session has just ended; `changed` when the user's role or teams changed. */
export async function revalidateSession(base: Base, env: Env, userId: string, session: LiveSession): Promise<"current" | "changed" | "ended"> {
  if (!session.identityId || !session.issuer || !session.subject) return "current";
  const interval = env.PORTICO_SESSION_REVALIDATE_SECONDS;
  if (session.idpCheckedAt && Date.now() - session.idpCheckedAt.getTime() < interval * 1000) return "current";
  const claimed = await claimRevalidation(base, session.id, interval);
  const tokens = claimed?.tokens;
  if (!tokens) return "current";
  try {
    if (session.provider === "github") {
      if (tokens.access_token) await checkGithubToken(githubApiUrl(env), tokens.access_token);
      return "current";
    }
    if (session.provider !== "oidc" || !env.AUTH_OIDC_ID || !env.AUTH_OIDC_SECRET) return "current";
    let current = tokens;
    // Only a new ID token says anything about now; the one from sign-in is as old as the sign-in.
    let idClaims: Claims | undefined;
    if (current.refresh_token) {
      const fresh = await refreshTokens(session.issuer, { id: env.AUTH_OIDC_ID, secret: env.AUTH_OIDC_SECRET }, current.refresh_token);
      current = { ...current, ...Object.fromEntries(Object.entries(fresh).filter(([, v]) => v !== undefined)) };
      await storeIdpTokens(base, session.id, current);
      if (fresh.id_token) idClaims = decodeJwtPayload(fresh.id_token);
    } else if (current.expires_at && current.expires_at * 1000 < Date.now()) {
      throw new IdpRefused("the access token has expired and the IdP gave no refresh token (ask for offline_access)", 401);
    }
    if (idClaims && (idClaims.sub !== session.subject || idClaims.iss !== session.issuer)) throw new IdpRefused("the refreshed ID token is for another subject", 401);
    const userinfo = current.access_token ? await fetchUserinfo(session.issuer, current.access_token, session.subject) : undefined;
    const grants = grantsFromClaims(mergeClaims(idClaims, userinfo), claimSettings(env));
    const result = await refreshIdpGrants(base, userId, grants);
    for (const warning of grants.warnings) log.warn("session re-validation: IdP claims incomplete", { userId, warning });
    if (result && (result.roleChanged || result.teamsAdded.length || result.teamsRemoved.length)) {
      log.info("session re-validation changed the user's access", { userId, role: result.role, teamsAdded: result.teamsAdded, teamsRemoved: result.teamsRemoved });
      return "changed";
    }
    return "current";
  } catch (error) {
    if (error instanceof IdpRefused) {
      await endSession(base, session.id, "idp");
      log.warn("session ended: the identity provider no longer vouches for the user", { userId, provider: session.provider, reason: error.message });
      return "ended";
    }
    log.warn("session re-validation failed; the session stays and the IdP is asked again later", {
      userId,
      provider: session.provider,
      error: error instanceof Error ? error.message : String(error),
    });
    return "current";
  }
}
