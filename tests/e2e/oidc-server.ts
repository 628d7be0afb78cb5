/**
 * A real OpenID Connect provider (the `oidc-provider` package) on localhost for the e2e tests.
 * Its development login form accepts any password; the login name picks one of the accounts below.
 */
import Provider from "oidc-provider";
import { OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT, PORTAL_URL } from "./ports";

export const accounts: Record<string, { name: string; groups: string[] }> = {
  alice: { name: "Alice Admin", groups: ["portico-admins", "payments"] },
  bob: { name: "Bob Builder", groups: ["payments"] },
};

const provider = new Provider(OIDC_ISSUER, {
  clients: [
    {
      client_id: OIDC_CLIENT.id,
      client_secret: OIDC_CLIENT.secret,
      redirect_uris: [`${PORTAL_URL}/api/auth/callback/oidc`],
      post_logout_redirect_uris: [`${PORTAL_URL}/signin?signedOut=1`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  // Put email and groups into the ID token, as Okta/Keycloak do when configured for it.
  conformIdTokenClaims: false,
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.com`, email_verified: true, name: account.name, groups: account.groups };
      },
    };
  },
  cookies: { keys: ["e2e-cookie-key-not-secret"] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = true;

provider.listen(OIDC_PORT, () => {
  process.stdout.write(`oidc-provider listening on ${OIDC_ISSUER}\n`);
});
