import "server-only";
import type { Claims } from "./claims";

/**
 * The few OpenID Connect calls Portico makes itself, after Auth.js has signed the user in: read the
 * provider's metadata, the userinfo endpoint, a refresh-token grant, and the RP-initiated logout URL.
 * The IdP's addresses come from the server's configuration, not from users.
 */

type Metadata = {
  issuer: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
};

const TIMEOUT_MS = 5_000;
const METADATA_TTL_MS = 10 * 60_000;
const metadataCache = new Map<string, { at: number; value: Promise<Metadata> }>();

/** An answer from the IdP that settles the question (401, `invalid_grant`): not worth retrying. */
export class IdpRefused extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "IdpRefused";
  }
}

export function discover(issuer: string): Promise<Metadata> {
  const cached = metadataCache.get(issuer);
  if (cached && Date.now() - cached.at < METADATA_TTL_MS) return cached.value;
  const value = (async () => {
    const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return (await res.json()) as Metadata;
  })();
  metadataCache.set(issuer, { at: Date.now(), value });
  value.catch(() => metadataCache.delete(issuer));
  return value;
}

/** The payload of a JWT the token endpoint gave us over TLS (OpenID Connect Core 3.1.3.7: no signature check needed). */
export function decodeJwtPayload(jwt: string): Claims {
  const part = jwt.split(".")[1];
  if (!part) throw new Error("Not a JWT");
  const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("Not a JWT payload");
  return value as Claims;
}

export async function fetchUserinfo(issuer: string, accessToken: string, expectedSubject: string): Promise<Claims> {
  const { userinfo_endpoint } = await discover(issuer);
  if (!userinfo_endpoint) return {};
  const res = await fetch(userinfo_endpoint, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (res.status === 401 || res.status === 403) throw new IdpRefused(`userinfo answered ${res.status}`, res.status);
  if (!res.ok) throw new Error(`userinfo answered ${res.status}`);
  const type = res.headers.get("content-type") ?? "";
  // A signed userinfo response (application/jwt) is a JWT from the same TLS endpoint.
  const claims = type.includes("application/jwt") ? decodeJwtPayload(await res.text()) : ((await res.json()) as Claims);
  // OpenID Connect Core 5.3.2: the userinfo `sub` must be the ID token's, or the response is not used.
  if (claims.sub !== expectedSubject) throw new Error("userinfo describes another subject");
  return claims;
}

export type TokenSet = { access_token?: string; refresh_token?: string; id_token?: string; expires_at?: number };

export async function refreshTokens(issuer: string, client: { id: string; secret: string }, refreshToken: string): Promise<TokenSet> {
  const { token_endpoint } = await discover(issuer);
  if (!token_endpoint) throw new Error("the provider has no token endpoint");
  const res = await fetch(token_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      // client_secret_basic: the default method of RFC 6749 and of the providers Portico documents.
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 400 || res.status === 401) throw new IdpRefused(`refresh refused: ${String(body.error ?? res.status)}`, res.status);
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  const expiresIn = Number(body.expires_in);
  return {
    access_token: typeof body.access_token === "string" ? body.access_token : undefined,
    refresh_token: typeof body.refresh_token === "string" ? body.refresh_token : refreshToken,
    id_token: typeof body.id_token === "string" ? body.id_token : undefined,
    expires_at: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.floor(Date.now() / 1000) + expiresIn : undefined,
  };
}

/** Where to send the browser to end the IdP's session too (RP-initiated logout 1.0), or null. */
export async function endSessionUrl(issuer: string, opts: { idToken?: string; clientId: string; postLogoutRedirect: string }): Promise<string | null> {
  let endpoint: string | undefined;
  try {
    endpoint = (await discover(issuer)).end_session_endpoint;
  } catch {
    return null;
  }
  if (!endpoint) return null;
  const url = new URL(endpoint);
  if (opts.idToken) url.searchParams.set("id_token_hint", opts.idToken);
  url.searchParams.set("client_id", opts.clientId);
  url.searchParams.set("post_logout_redirect_uri", opts.postLogoutRedirect);
  return url.toString();
}
