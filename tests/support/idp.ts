import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/**
 * An OpenID Connect provider (the real `oidc-provider` package) on loopback that behaves the way a
 * real IdP does by default, not the way a test would like:
 * - `keycloak`: email and groups only at the userinfo endpoint (the ID token carries `sub`), groups as
 *   full paths (`/platform-admins`), `email_verified` false unless an admin verified the address,
 *   refresh tokens always;
 * - `okta`: email, `email_verified` and plain group names in the ID token and userinfo, no refresh
 *   token without `offline_access`;
 * - `entra`: no `email` and no `email_verified`; `preferred_username`/`upn` and `oid`; app roles in
 *   `roles` and group object ids in `groups`, in the ID token only (Entra's userinfo has neither);
 *   refresh tokens.
 * Accounts are plain data the test changes (a group removed at the IdP, an account deleted).
 */
export type IdpStyle = "keycloak" | "okta" | "entra";

export type IdpAccount = {
  name: string;
  email?: string;
  emailVerified?: boolean;
  /** Entra: the UPN, sent as `preferred_username` and `upn`. */
  username?: string;
  groups?: string[];
  roles?: string[];
  /** Leave the groups claim out entirely (an IdP misconfiguration). */
  noGroupsClaim?: boolean;
};

export type Idp = Awaited<ReturnType<typeof startIdp>>;

export async function startIdp(style: IdpStyle, options: { portalUrl: string; accounts: Record<string, IdpAccount> }) {
  const accounts = options.accounts;
  const client = { id: `portico-${style}`, secret: `${style}-client-secret-not-a-real-one` };
  const refresh = style !== "okta";

  function claimsOf(id: string, account: IdpAccount, use: string): Record<string, unknown> {
    const all: Record<string, unknown> = { sub: id, name: account.name };
    if (style === "entra") {
      Object.assign(all, { preferred_username: account.username, upn: account.username, oid: `oid-${id}`, tid: "tenant-1" });
      if (use === "userinfo") return all; // Entra's userinfo (Microsoft Graph) has no roles or groups
      if (account.roles) all.roles = account.roles;
      if (!account.noGroupsClaim) all.groups = account.groups ?? [];
      return all;
    }
    if (account.email) Object.assign(all, { email: account.email, email_verified: account.emailVerified ?? style === "okta" });
    if (!account.noGroupsClaim) all.groups = account.groups ?? [];
    if (style === "keycloak" && use === "id_token") return { sub: id };
    return all;
  }

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [`${options.portalUrl}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${options.portalUrl}/signin?signedOut=1`],
        grant_types: refresh ? ["authorization_code", "refresh_token"] : ["authorization_code"],
        response_types: ["code"],
      },
    ],
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups", "roles", "preferred_username", "upn", "oid", "tid"] },
    // Keycloak and Entra (with offline_access) hand out refresh tokens; Okta does not by default.
    issueRefreshToken: async (_ctx, c) => refresh && c.grantTypeAllowed("refresh_token"),
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async (use: string) => claimsOf(id, account, use) as { sub: string } };
    },
    cookies: { keys: [`${style}-cookie-key-not-secret`] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    ttl: { AccessToken: 3600, RefreshToken: 3600, IdToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
  };
  // The issuer is known only once the port is: listen first, then build the provider behind it.
  const handler: { current?: ReturnType<Provider["callback"]> } = {};
  const server = http.createServer((req, res) => void handler.current!(req, res));
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration);
  provider.proxy = true;
  handler.current = provider.callback();
  const logouts: string[] = [];
  provider.on("end_session.success", () => logouts.push(new Date().toISOString()));

  return {
    style,
    issuer,
    client,
    accounts,
    /** How many times a browser ended its session at this IdP (RP-initiated logout). */
    logouts,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
