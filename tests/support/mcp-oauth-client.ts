import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

/**
 * An MCP client as a desktop assistant is one: the official SDK's OAuth flow (discovery, dynamic registration,
 * PKCE, the code exchange, refresh), with what it keeps in memory. `authorize` plays the user's browser: it
 * gets the authorization URL the SDK would open and returns the redirect URI the browser ended on.
 */
export class McpOAuthClient implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrl?: URL;

  constructor(
    readonly redirect: string,
    readonly name: string,
    readonly scope?: string,
  ) {}

  get redirectUrl() {
    return this.redirect;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.name, redirect_uris: [this.redirect], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", ...(this.scope ? { scope: this.scope } : {}) };
  }
  state() {
    return "state-of-the-client";
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/**
 * Connects with OAuth as the SDK does: the first attempt is refused (401), the user is sent to the consent
 * screen (`authorize`), the code comes back on the redirect URI and is exchanged; then the connection is made.
 */
export async function connectWithOAuth(mcpUrl: string, provider: McpOAuthClient, authorize: (url: URL) => Promise<string>, fetchFn?: typeof fetch) {
  const transport = () => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, ...(fetchFn ? { fetch: fetchFn } : {}) });
  const first = transport();
  const client = new Client({ name: provider.name, version: "1.0.0" });
  if (!provider.saved) {
    await client.connect(first).then(
      () => {
        throw new Error("connected without authorization");
      },
      (error: Error) => {
        if (error.name !== "UnauthorizedError" && !/Unauthorized/i.test(error.message)) throw error;
      },
    );
    const landed = new URL(await authorize(provider.authorizationUrl!));
    const code = landed.searchParams.get("code");
    if (!code) throw new Error(`no code came back: ${landed.search}`);
    await first.finishAuth(code);
  }
  const connected = new Client({ name: provider.name, version: "1.0.0" });
  await connected.connect(transport());
  return connected;
}
