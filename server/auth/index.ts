import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { z } from "zod";
import { getDb } from "../db";
import { getEnv, publicUrl, type Env } from "../env";
import { sameOriginPath } from "./callback-url";
import { signInDemoUser, signInUser } from "../identity/users";
import { log } from "../log";
import { requestMeta } from "../request-meta";
import { groupsFromClaim } from "./groups";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
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
      authorization: { params: { scope: "openid profile email" } },
      checks: ["pkce", "state", "nonce"],
    });
  }
  if (env.githubConfigured) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
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
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    logger: {
      error: (error) => log.error("auth error", { error }),
      warn: (code) => log.warn("auth warning", { code }),
    },
    callbacks: {
      // Every redirect Auth.js makes (after sign-in, sign-out, errors) stays on the portal's origin.
      redirect({ url }) {
        const base = publicUrl(env);
        return `${new URL(base).origin}${sameOriginPath(url, base) ?? "/"}`;
      },
      async signIn({ account, profile, user }) {
        if (account?.provider === "demo") return true;
        const email = (profile?.email as string | undefined) ?? user.email;
        if (!email) {
          log.warn("sign-in refused: the identity provider sent no email", { provider: account?.provider });
          return false;
        }
        return true;
      },
      async jwt({ token, account, profile, user }) {
        if (!account) return token;
        if (account.provider === "demo") {
          token.uid = user.id;
          return token;
        }
        const actor = await signInUser(
          { db: getDb(), ...(await currentRequestMeta()) },
          {
            provider: account.provider,
            email: ((profile?.email as string | undefined) ?? user.email)!,
            name: (profile?.name as string | undefined) ?? user.name,
            image: (profile?.picture as string | undefined) ?? user.image,
            groups:
              account.provider === "oidc"
                ? (groupsFromClaim(profile as Record<string, unknown>, env.PORTICO_GROUPS_CLAIM) ?? [])
                : undefined,
          },
          env.PORTICO_ADMIN_GROUPS,
        );
        token.uid = actor.id;
        token.email = actor.email;
        token.name = actor.name;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig(getEnv()));
