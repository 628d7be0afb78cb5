import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import NextAuth, { type Account, type NextAuthConfig, type Profile } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { z } from "zod";
import { getDb } from "../db";
import { getEnv, publicUrl, type Env } from "../env";
import { SignInRefused, signInDemoUser, signInWithIdentity, type IdentitySignIn } from "../identity/sign-in";
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "../identity/sessions";
import { log } from "../log";
import { requestMeta } from "../request-meta";
import { sameOriginPath } from "./callback-url";
import { claimSettings, mergeClaims, profileFromClaims, type Claims } from "./claims";
import { fetchGithubIdentity, githubApiUrl, githubWebUrl, type GithubIdentity } from "./github";
import { decodeJwtPayload } from "./oidc-client";

declare module "next-auth" {
  interface Session {
    /** The id of the server-side session (user_sessions) this cookie stands for. */
    sid?: string;
  }
}

async function currentRequestMeta() {
  try {
    const h = await headers();
    return requestMeta(h);
  } catch {
    return { requestId: randomUUID(), clientRequestId: null, ip: null };
  }
}

/** The sign-in page's explanation of a refusal: `/signin?error=<code>`. */
const refusedTo = (code: string, extra: Record<string, string> = {}) => `/signin?${new URLSearchParams({ error: code, ...extra })}`;

/** The identity an SSO sign-in presents, from the OIDC claims or GitHub's API; or why there is none. */
function identityOf(env: Env, account: Account, profile: Profile | undefined): IdentitySignIn | { missing: string } {
  if (account.provider === "github") {
    const gh = profile as unknown as GithubIdentity;
    if (!gh.email) return { missing: "email (GitHub has no verified address for this account)" };
    return {
      provider: "github",
      issuer: githubWebUrl(env),
      subject: String(gh.id),
      email: gh.email,
      emailVerified: gh.email_verified,
      name: gh.name ?? gh.login,
      image: gh.avatar_url,
    };
  }
  // Claims from the ID token, with the userinfo endpoint's on top (Auth.js read userinfo and
  // checked its `sub`); `iss` and `sub` are always the ID token's.
  const idToken = account.id_token ? decodeJwtPayload(account.id_token) : {};
  const claims = { ...mergeClaims(idToken, profile as Claims), iss: idToken.iss, sub: idToken.sub };
  const result = profileFromClaims(claims, claimSettings(env));
  if ("missing" in result) return result;
  for (const warning of result.profile.warnings) log.warn("sign-in: IdP claims incomplete", { provider: "oidc", subject: result.profile.subject, warning });
  return { provider: "oidc", ...result.profile };
}

/** What the sign-in callback decided, for the JWT callback of the same request (Auth.js passes one `account` to both). */
const signedInSessions = new WeakMap<Account, string>();

export function buildAuthConfig(env: Env): NextAuthConfig {
  const providers: NextAuthConfig["providers"] = [];
  if (env.oidcConfigured) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
      authorization: { params: { scope: env.AUTH_OIDC_SCOPE } },
      checks: ["pkce", "state", "nonce"],
      // Read the userinfo endpoint too (Keycloak and others put email and groups only there);
      // the ID token's claims are merged in the sign-in callback.
      idToken: false,
    });
  }
  if (env.githubConfigured) {
    const api = githubApiUrl(env);
    providers.push({
      ...GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        ...(env.AUTH_GITHUB_URL ? { enterprise: { baseUrl: githubWebUrl(env) } } : {}),
      }),
      userinfo: {
        url: `${api}/user`,
        request: async ({ tokens }: { tokens: { access_token?: string } }) => fetchGithubIdentity(api, tokens.access_token ?? ""),
      },
    });
  }
  if (env.demoSignIn) {
    providers.push(
      Credentials({
        id: "demo",
        name: "Demo user",
        credentials: { userId: { label: "Demo user" } },
        async authorize(credentials) {
          const parsed = z.object({ userId: z.uuid() }).safeParse(credentials);
          if (!parsed.success) return null;
          const user = await signInDemoUser({ db: getDb(), ...(await currentRequestMeta()) }, parsed.data.userId);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    );
  }

  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    logger: {
      error: (error) => log.error("auth error", { error }),
      warn: (code) => log.warn("auth warning", { code }),
    },
    events: {
      // Auth.js's own sign-out route ends the server-side session too.
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession({ db: getDb() }, sid, "signed-out");
      },
    },
    callbacks: {
      // Every redirect Auth.js makes (after sign-in, sign-out, errors) stays on the portal's origin.
      redirect({ url }) {
        const base = publicUrl(env);
        return `${new URL(base).origin}${sameOriginPath(url, base) ?? "/"}`;
      },
      async signIn({ account, profile }) {
        if (!account || account.provider === "demo") return true;
        const identity = identityOf(env, account, profile);
        if ("missing" in identity) {
          log.warn("sign-in refused: a claim is missing", { provider: account.provider, claim: identity.missing });
          return refusedTo("MissingClaim", { claim: identity.missing });
        }
        const meta = await currentRequestMeta();
        try {
          const done = await signInWithIdentity({ db: getDb(), ...meta }, identity);
          const sid = await startSession(
            { db: getDb() },
            {
              userId: done.userId,
              identityId: done.identityId,
              provider: account.provider,
              tokens: { access_token: account.access_token, refresh_token: account.refresh_token, id_token: account.id_token, expires_at: account.expires_at },
              ip: meta.ip,
            },
          );
          signedInSessions.set(account, sid);
          log.info("signed in", {
            provider: account.provider,
            issuer: identity.issuer,
            subject: identity.subject,
            userId: done.userId,
            email: identity.email,
            emailVerified: identity.emailVerified,
            identity: done.linked,
            groupsReceived: identity.groups ?? "absent",
            admin: identity.admin ?? "absent",
            role: done.grants.role,
            teamsAdded: done.grants.teamsAdded,
            teamsRemoved: done.grants.teamsRemoved,
          });
          return true;
        } catch (error) {
          if (!(error instanceof SignInRefused)) throw error;
          log.warn("sign-in refused", { provider: account.provider, issuer: identity.issuer, subject: identity.subject, reason: error.reason, message: error.message });
          return refusedTo(error.reason);
        }
      },
      async jwt({ token, account, user }) {
        if (!account) return token;
        if (account.provider === "demo") {
          const sid = await startSession({ db: getDb() }, { userId: user.id!, identityId: null, provider: "demo", ip: (await currentRequestMeta()).ip });
          return { sid };
        }
        const sid = signedInSessions.get(account);
        return sid ? { sid } : null;
      },
      session({ session, token }) {
        if (typeof token.sid === "string") session.sid = token.sid;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig(getEnv()));
