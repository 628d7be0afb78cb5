import { oauthGrants, oauthSecrets } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { audited } from "../audit/audited";
import type { ServiceContext } from "../context";
import { publicUrl } from "../env";
import { findClient, redirectUriMatches } from "./clients";
import { mcpResource, SCOPES, SUPPORTED_SCOPES } from "./metadata";
import { hashSecret, newSecret } from "./secrets";

/** How long a code waits to be exchanged. */
const CODE_TTL_MS = 5 * 60_000;

export type AuthorizationParams = Record<string, string | undefined>;

/** A checked authorization request: who asks, where the answer goes, what for. */
export type ConsentRequest = {
  client: { id: string; name: string; clientUri?: string };
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
};

export type AuthorizationCheck =
  /** The client or redirect URI is unknown: the user is told, nothing is sent anywhere (RFC 6749 §4.1.2.1). */
  | { kind: "error"; message: string }
  /** The client sent a bad request: the answer goes back to it. */
  | { kind: "redirect"; url: string }
  | { kind: "consent"; request: ConsentRequest };

function answer(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  // RFC 9207: the issuer, so a client talking to several servers knows whose code this is.
  url.searchParams.set("iss", publicUrl());
  return url.toString();
}

/** Checks an authorization request (the query of GET /oauth/authorize, or the consent form sending it back). */
export async function checkAuthorizationRequest(db: DbOrTx, p: AuthorizationParams): Promise<AuthorizationCheck> {
  const client = p.client_id ? await findClient(db, p.client_id) : undefined;
  if (!client) return { kind: "error", message: p.client_id ? "This application is not registered with Portico (unknown client_id)." : "The request names no application (client_id is missing)." };
  const redirectUri = p.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri) return { kind: "error", message: `${client.name} did not say where to send the answer (redirect_uri is missing).` };
  if (!redirectUriMatches(client.redirectUris, redirectUri)) return { kind: "error", message: `${client.name} asked to send the answer to ${redirectUri}, which it did not register.` };
  const refuse = (error: string, description: string): AuthorizationCheck => ({ kind: "redirect", url: answer(redirectUri, { error, error_description: description, state: p.state }) });
  if (p.response_type !== "code") return refuse("unsupported_response_type", "only response_type=code is supported");
  if (!p.code_challenge || p.code_challenge_method !== "S256") return refuse("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256");
  if (!/^[A-Za-z0-9\-_]{43}$/.test(p.code_challenge)) return refuse("invalid_request", "code_challenge is not an S256 challenge");
  if (p.resource && p.resource.replace(/\/+$/, "") !== mcpResource()) return refuse("invalid_target", `tokens are issued for ${mcpResource()} only`);
  const asked = (p.scope ?? SCOPES.tools).split(" ").filter(Boolean);
  const unknown = asked.find((s) => !SUPPORTED_SCOPES.includes(s as never));
  if (unknown) return refuse("invalid_scope", `unknown scope ${unknown}; supported: ${SUPPORTED_SCOPES.join(" ")}`);
  const scopes = [...new Set([SCOPES.tools, ...asked])];
  const clientUri = typeof client.metadata.client_uri === "string" ? client.metadata.client_uri : undefined;
  return { kind: "consent", request: { client: { id: client.id, name: client.name, clientUri }, redirectUri, state: p.state, codeChallenge: p.code_challenge, scopes, resource: mcpResource() } };
}

/**
 * The signed-in user's answer on the consent screen. Allowed: a grant (audited, listed under Connected
 * assistants, revocable) and a single-use code bound to the redirect URI and the PKCE challenge go back to the
 * client. The builder tools are granted only to an admin who ticked them.
 */
export async function decideAuthorization(ctx: ServiceContext, p: AuthorizationParams, decision: { allow: boolean; builder?: boolean }): Promise<{ redirect: string } | { error: string }> {
  if (ctx.actor.kind !== "user") return { error: "Only a signed-in person can connect an assistant." };
  const user = ctx.actor;
  const check = await checkAuthorizationRequest(ctx.db, p);
  if (check.kind === "error") return { error: check.message };
  if (check.kind === "redirect") return { redirect: check.url };
  const r = check.request;
  if (!decision.allow) return { redirect: answer(r.redirectUri, { error: "access_denied", error_description: `${user.email} did not allow ${r.client.name}`, state: r.state }) };
  const scopes = r.scopes.filter((s) => s !== SCOPES.builder || (user.role === "admin" && decision.builder === true));
  const code = newSecret("code");
  await audited(ctx, async (tx) => {
    const [grant] = await tx.insert(oauthGrants).values({ clientId: r.client.id, userId: user.id, scopes, resource: r.resource }).returning({ id: oauthGrants.id });
    await tx.insert(oauthSecrets).values({ hash: hashSecret(code), kind: "code", grantId: grant!.id, redirectUri: r.redirectUri, codeChallenge: r.codeChallenge, expiresAt: new Date(Date.now() + CODE_TTL_MS) });
    return { result: undefined, audit: { action: "oauth-grant.create", resourceType: "oauth-grant", resourceId: grant!.id, after: { client: r.client.name, clientId: r.client.id, user: user.email, scopes } } };
  });
  return { redirect: answer(r.redirectUri, { code, state: r.state }) };
}
