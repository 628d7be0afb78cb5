import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { oauthClients } from "@/db/schema";
import { audited } from "../audit/audited";
import type { ServiceContext } from "../context";
import { SUPPORTED_SCOPES } from "./metadata";
import { OAuthProblem } from "./problem";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A redirect URI an MCP client may register (OAuth 2.1 §8.4.2, RFC 8252): https; http only to the loopback
 * interface (a desktop client's local listener); or a private-use scheme of a native app (`vscode:`,
 * `cursor:`, `com.example.app:`). Never a fragment, nor a scheme that runs or reads something in the browser.
 */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not a URL`;
  }
  if (url.hash) return `${uri} has a fragment`;
  const scheme = url.protocol.slice(0, -1);
  if (scheme === "https") return null;
  if (scheme === "http") return LOOPBACK.has(url.hostname) ? null : `${uri}: http is only allowed to the loopback interface (localhost, 127.0.0.1, [::1]); use https`;
  if (["javascript", "data", "file", "blob", "about", "vbscript", "ftp", "ws", "wss"].includes(scheme)) return `${uri}: the ${scheme} scheme cannot receive an authorization code`;
  return null;
}

/** Loopback redirect URIs match on any port (the client picks a free one each time, RFC 8252 §7.3); others exactly. */
export function redirectUriMatches(registered: string[], uri: string): boolean {
  if (registered.includes(uri)) return true;
  let asked: URL;
  try {
    asked = new URL(uri);
  } catch {
    return false;
  }
  if (asked.protocol !== "http:" || !LOOPBACK.has(asked.hostname)) return false;
  return registered.some((r) => {
    const known = new URL(r);
    return known.protocol === "http:" && known.hostname === asked.hostname && known.pathname === asked.pathname && known.search === asked.search;
  });
}

/** RFC 7591 client metadata, as MCP clients send it; what Portico does not use is kept as sent. */
const registrationSchema = z
  .object({
    redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
    client_name: z.string().trim().min(1).max(200).optional(),
    token_endpoint_auth_method: z.string().max(100).optional(),
    grant_types: z.array(z.string().max(100)).max(10).optional(),
    response_types: z.array(z.string().max(100)).max(10).optional(),
    scope: z.string().max(1000).optional(),
    client_uri: z.string().max(2000).optional(),
    logo_uri: z.string().max(2000).optional(),
    software_id: z.string().max(200).optional(),
    software_version: z.string().max(100).optional(),
  })
  .loose();

/**
 * Dynamic client registration (RFC 7591): a public client (PKCE, no secret) with its redirect URIs. Nothing
 * is granted by registering: a user still signs in and consents before the client gets a token.
 */
export async function registerClient(ctx: ServiceContext, body: unknown) {
  const parsed = registrationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "body";
    throw new OAuthProblem(field.startsWith("redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata", `${field}: ${issue.message}`);
  }
  const m = parsed.data;
  for (const uri of m.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new OAuthProblem("invalid_redirect_uri", problem);
  }
  const unsupportedGrant = (m.grant_types ?? []).find((g) => !["authorization_code", "refresh_token"].includes(g));
  if (unsupportedGrant) throw new OAuthProblem("invalid_client_metadata", `grant_types: ${unsupportedGrant} is not supported (authorization_code and refresh_token are)`);
  if ((m.response_types ?? ["code"]).some((r) => r !== "code")) throw new OAuthProblem("invalid_client_metadata", "response_types: only code is supported");
  const id = `mcp_${randomBytes(16).toString("base64url")}`;
  const name = m.client_name ?? "An MCP client";
  const { redirect_uris: redirectUris, ...rest } = m;
  await audited(ctx, async (tx) => {
    await tx.insert(oauthClients).values({ id, name, redirectUris, metadata: rest });
    return {
      result: undefined,
      audit: { action: "oauth-client.register", resourceType: "oauth-client", resourceId: id, actor: { id: `oauth-client:${id}`, label: `oauth-client:${name}` }, after: { name, redirectUris } },
    };
  });
  return {
    client_id: id,
    client_id_issued_at: Math.floor(Date.now() / 1000),
    client_name: name,
    redirect_uris: redirectUris,
    // A public client: it proves itself with PKCE, whatever it asked for.
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    scope: SUPPORTED_SCOPES.join(" "),
    ...(m.client_uri ? { client_uri: m.client_uri } : {}),
    ...(m.software_id ? { software_id: m.software_id } : {}),
    ...(m.software_version ? { software_version: m.software_version } : {}),
  };
}

export async function findClient(db: DbOrTx, id: string) {
  const [client] = await db.select().from(oauthClients).where(eq(oauthClients.id, id));
  return client;
}
