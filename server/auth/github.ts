import "server-only";
import type { Env } from "../env";
import { IdpRefused } from "./oidc-client";

/**
 * GitHub as a sign-in provider (github.com, or GitHub Enterprise Server at AUTH_GITHUB_URL).
 * GitHub is OAuth 2.0, not OpenID Connect: the identity is the numeric user id at that GitHub, the
 * address is the primary one GitHub says is verified.
 */

export const githubWebUrl = (env: Pick<Env, "AUTH_GITHUB_URL">) => (env.AUTH_GITHUB_URL ?? "https://github.com").replace(/\/$/, "");

export const githubApiUrl = (env: Pick<Env, "AUTH_GITHUB_URL">) =>
  env.AUTH_GITHUB_URL ? `${githubWebUrl(env)}/api/v3` : "https://api.github.com";

export type GithubIdentity = {
  id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
  /** The primary verified address, else the public one (GitHub shows only verified addresses publicly); null when none. */
  email: string | null;
  email_verified: boolean;
};

async function githubGet(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "user-agent": "portico", "x-github-api-version": "2022-11-28" },
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status === 401) throw new IdpRefused(`GitHub answered 401 at ${new URL(url).pathname}`, 401);
  if (!res.ok) throw new Error(`GitHub answered ${res.status} at ${new URL(url).pathname}`);
  return res.json();
}

/** The signed-in GitHub user with their verified address (`user:email` scope). */
export async function fetchGithubIdentity(apiUrl: string, token: string): Promise<GithubIdentity> {
  const user = (await githubGet(`${apiUrl}/user`, token)) as { id: number; login: string; name?: string | null; avatar_url?: string | null; email?: string | null };
  let email: string | null = null;
  let verified = false;
  try {
    const emails = (await githubGet(`${apiUrl}/user/emails`, token)) as { email: string; primary: boolean; verified: boolean }[];
    const primary = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
    if (primary) [email, verified] = [primary.email, true];
  } catch (error) {
    if (error instanceof IdpRefused) throw error;
  }
  if (!email && user.email) [email, verified] = [user.email, true];
  return { id: user.id, login: user.login, name: user.name ?? null, avatar_url: user.avatar_url ?? null, email, email_verified: verified };
}

/** Whether the token still works (the user has not revoked Portico at GitHub); throws IdpRefused if not. */
export async function checkGithubToken(apiUrl: string, token: string): Promise<void> {
  await githubGet(`${apiUrl}/user`, token);
}
