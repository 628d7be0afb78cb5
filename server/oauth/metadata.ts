import { publicUrl } from "../env";

/**
 * What an MCP client discovers before it signs anyone in (MCP authorization, 2025-06-18 and later): the
 * protected resource's metadata (RFC 9728), pointing at Portico as its own authorization server, whose
 * metadata (RFC 8414) names the endpoints. Everything is derived from the public URL, so every replica
 * answers the same.
 */

/** The scopes an MCP client may ask for: the developer tools, and the builder tools (admins only). */
export const SCOPES = { tools: "mcp", builder: "mcp:builder" } as const;
export const SUPPORTED_SCOPES = [SCOPES.tools, SCOPES.builder];

/** The resource every access token is for: the MCP endpoint. */
export const mcpResource = () => `${publicUrl()}/api/mcp`;

export const protectedResourceMetadataUrl = () => `${publicUrl()}/.well-known/oauth-protected-resource/api/mcp`;

export function protectedResourceMetadata() {
  return {
    resource: mcpResource(),
    authorization_servers: [publicUrl()],
    scopes_supported: SUPPORTED_SCOPES,
    bearer_methods_supported: ["header"],
    resource_name: "Portico",
    resource_documentation: `${publicUrl()}/api-docs`,
  };
}

export function authorizationServerMetadata() {
  const base = publicUrl();
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/api/oauth/token`,
    registration_endpoint: `${base}/api/oauth/register`,
    revocation_endpoint: `${base}/api/oauth/revoke`,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    token_endpoint_auth_methods_supported: ["none"],
    revocation_endpoint_auth_methods_supported: ["none"],
    code_challenge_methods_supported: ["S256"],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${base}/api-docs`,
  };
}

/**
 * The 401 challenge of the MCP endpoint: where a client learns how to get a token (RFC 9728 §5.1). No `scope`:
 * clients then ask for what the metadata lists, so an admin's consent screen can offer the builder tools.
 */
export const bearerChallenge = (error?: string) => `Bearer realm="portico", resource_metadata="${protectedResourceMetadataUrl()}"${error ? `, error="${error}"` : ""}`;
