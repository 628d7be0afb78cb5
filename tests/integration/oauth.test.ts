import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { auditEvents, oauthGrants } from "@/db/schema";
import type { UserActor } from "@/server/context";
import { setUserRole } from "@/server/identity/users";
import { callerFor, createTestDatabase, makeUser, serviceContext } from "../support/db";
import { connectWithOAuth, McpOAuthClient } from "../support/mcp-oauth-client";
import { buildWorld } from "../support/world";

// Issue 19: OAuth 2.1 for MCP clients, with the official SDK's client doing what an assistant does: discovery
// (RFC 9728, RFC 8414), dynamic registration (RFC 7591), PKCE, the consent of a signed-in user, the code
// exchange, refresh with rotation; and revocation from Connected assistants. (Against `next start`, with the
// consent screen in a browser: tests/e2e/mcp.spec.ts.)
const BASE = "http://localhost:3999";
process.env.AUTH_URL = BASE;
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "oauth-encryption-key-0123456789-abcdef";
process.env.PORTICO_API_RATE_LIMIT = "0";
const session = vi.hoisted(() => ({ user: undefined as UserActor | undefined }));
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => session.user }));

const routes = {
  mcp: await import("@/app/api/mcp/route"),
  resource: await import("@/app/.well-known/oauth-protected-resource/[[...resource]]/route"),
  server: await import("@/app/.well-known/oauth-authorization-server/route"),
  register: await import("@/app/api/oauth/register/route"),
  token: await import("@/app/api/oauth/token/route"),
  revoke: await import("@/app/api/oauth/revoke/route"),
  authorize: await import("@/app/api/oauth/authorize/route"),
};
const world = await buildWorld(db);

/** The portal as the network shows it to a client: each URL to its route handler. */
const portal: typeof fetch = async (input, init) => {
  const req = new Request(input, init);
  const path = new URL(req.url).pathname;
  if (path === "/api/mcp" && req.method === "POST") return routes.mcp.POST(req);
  if (path.startsWith("/.well-known/oauth-protected-resource")) {
    const rest = path.slice("/.well-known/oauth-protected-resource".length).split("/").filter(Boolean);
    return routes.resource.GET(req, { params: Promise.resolve({ resource: rest.length ? rest : undefined }) });
  }
  if (path === "/.well-known/oauth-authorization-server") return routes.server.GET();
  if (path === "/api/oauth/register") return routes.register.POST(req);
  if (path === "/api/oauth/token") return routes.token.POST(req);
  if (path === "/api/oauth/revoke") return routes.revoke.POST(req);
  return new Response("not found", { status: 404 });
};

/** The signed-in user's browser on the consent screen: their decision, and where the answer sends the browser. */
async function consent(user: UserActor, authorizationUrl: URL, decision: { allow: boolean; builder?: boolean } = { allow: true }): Promise<string> {
  session.user = user;
  const params = Object.fromEntries(authorizationUrl.searchParams);
  const response = await routes.authorize.POST(new Request(`${BASE}/api/oauth/authorize`, { method: "POST", body: JSON.stringify({ params, ...decision }) }));
  session.user = undefined;
  const body = (await response.json()) as { redirect?: string; error?: string };
  if (!body.redirect) throw new Error(`no redirect: ${JSON.stringify(body)}`);
  return body.redirect;
}

const MCP = `${BASE}/api/mcp`;
const CALLBACK = "http://127.0.0.1:33418/callback";
const connectAs = (user: UserActor, provider = new McpOAuthClient(CALLBACK, "Desk Assistant"), decision = { allow: true, builder: false }) =>
  connectWithOAuth(MCP, provider, (u) => consent(user, u, decision), portal).then((client) => ({ client, provider }));
const text = (r: Record<string, unknown>) => (r.content as { text: string }[])[0]!.text;
const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

describe("discovery", () => {
  it("points a client without a token from the MCP endpoint to the metadata, and the metadata to the endpoints", async () => {
    const refused = await portal(MCP, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe(`Bearer realm="portico", resource_metadata="${BASE}/.well-known/oauth-protected-resource/api/mcp"`);
    const resource = await (await portal(`${BASE}/.well-known/oauth-protected-resource/api/mcp`)).json();
    expect(resource).toEqual(expect.objectContaining({ resource: MCP, authorization_servers: [BASE], scopes_supported: ["mcp", "mcp:builder"], bearer_methods_supported: ["header"] }));
    expect((await portal(`${BASE}/.well-known/oauth-protected-resource/api/v2`)).status).toBe(404);
    const server = await (await portal(`${BASE}/.well-known/oauth-authorization-server`)).json();
    expect(server).toMatchObject({
      issuer: BASE,
      authorization_endpoint: `${BASE}/oauth/authorize`,
      token_endpoint: `${BASE}/api/oauth/token`,
      registration_endpoint: `${BASE}/api/oauth/register`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["none"],
    });
  });
});

describe("an assistant connected through OAuth", () => {
  it("acts as the member who allowed it: the member's tools, teams and refusals, audited with origin mcp", async () => {
    const { client, provider } = await connectAs(world.outsider);
    expect(provider.saved).toMatchObject({ token_type: "Bearer", scope: "mcp" });
    expect(provider.saved!.access_token).toMatch(/^ptc_oat_/);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["entities_search", "entities_get", "actions_run", "runs_get"]));
    expect(names).not.toContain("audit_list");
    expect(names).not.toContain("blueprints_put");
    expect(JSON.parse(text(await client.callTool({ name: "entities_get", arguments: { bp: "service", id: "payments-api" } })))).toMatchObject({ identifier: "payments-api" });
    // The outsider's team does not own payments-api: refused as the outsider would be in the portal.
    const refused = await client.callTool({ name: "entities_update", arguments: { bp: "service", id: "payments-api", body: { title: "Mine" } } });
    expect(refused.isError).toBe(true);
    expect(JSON.parse(text(refused)).error.code).toBe("FORBIDDEN");
    const [call] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "mcp-tool.call"), eq(auditEvents.actorLabel, world.outsider.email)));
    expect(call).toMatchObject({ origin: "mcp", resourceId: "entities_get", after: expect.objectContaining({ client: "Desk Assistant 1.0.0" }) });
    const registered = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth-client.register"));
    expect(registered[0]).toMatchObject({ actorLabel: "oauth-client:Desk Assistant", after: { name: "Desk Assistant", redirectUris: [CALLBACK] } });
    const granted = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth-grant.create"));
    expect(granted[0]).toMatchObject({ actorLabel: world.outsider.email, origin: "ui", after: expect.objectContaining({ client: "Desk Assistant", scopes: ["mcp"] }) });
  });

  it("gives the builder tools only to an admin who ticked them, and follows the user's role as it is now", async () => {
    const asked = () => new McpOAuthClient(CALLBACK, "Builder Assistant", "mcp mcp:builder");
    const plain = (await connectAs(world.admin, asked(), { allow: true, builder: false })).client;
    const plainNames = (await plain.listTools()).tools.map((t) => t.name);
    expect(plainNames).toContain("audit_list");
    expect(plainNames).not.toContain("blueprints_put");
    const { client: builder, provider } = await connectAs(world.admin, asked(), { allow: true, builder: true });
    expect(provider.saved!.scope).toBe("mcp mcp:builder");
    expect((await builder.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(["blueprints_put", "actions_put", "import_portCatalog"]));
    // A member ticking it (a forged decision) gets the developer tools only.
    const member = await connectAs(world.owner, asked(), { allow: true, builder: true });
    expect(member.provider.saved!.scope).toBe("mcp");
    // Demoted, the admin's grant gives a member's tools at the next call.
    const root = serviceContext(db, await makeUser(db, "root@example.com", "admin"));
    await setUserRole({ ctx: root, input: { userId: world.admin.id, role: "member" } });
    const after = (await builder.listTools()).tools.map((t) => t.name);
    expect(after).not.toContain("blueprints_put");
    expect(after).not.toContain("audit_list");
    await setUserRole({ ctx: root, input: { userId: world.admin.id, role: "admin" } });
  });

  it("refreshes with rotation; a refresh token or code used twice revokes the grant", async () => {
    const { client, provider } = await connectAs(world.owner);
    const clientId = provider.client!.client_id;
    const first = provider.saved!;
    const refreshed = await (await portal(`${BASE}/api/oauth/token`, form({ grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: clientId, resource: MCP }))).json();
    expect(refreshed).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "mcp" });
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    // The old refresh token again: someone has a copy. The grant ends, with every token it issued.
    const replay = await portal(`${BASE}/api/oauth/token`, form({ grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: clientId }));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    await expect(client.listTools()).rejects.toThrow();
    const after = await portal(MCP, { method: "POST", headers: { authorization: `Bearer ${refreshed.access_token}`, "content-type": "application/json" }, body: "{}" });
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const [revoked] = await db.select().from(auditEvents).where(eq(auditEvents.action, "oauth-grant.revoke"));
    expect(revoked).toMatchObject({ actorLabel: "system", after: { reason: "its refresh_token was used twice" } });
  });

  it("two refreshes with one refresh token at once: one gets tokens, the other is a replay and ends the grant", async () => {
    const { provider } = await connectAs(world.owner, new McpOAuthClient(CALLBACK, "Racing Assistant"));
    const refresh = () => portal(`${BASE}/api/oauth/token`, form({ grant_type: "refresh_token", refresh_token: provider.saved!.refresh_token!, client_id: provider.client!.client_id }));
    const answers = await Promise.all([refresh(), refresh()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    const winner = (await answers.find((a) => a.status === 200)!.json()) as { access_token: string };
    const check = await portal(MCP, { method: "POST", headers: { authorization: `Bearer ${winner.access_token}`, "content-type": "application/json" }, body: "{}" });
    expect(check.status).toBe(401);
  });

  it("checks the code exchange: PKCE verifier, redirect URI, client, single use", async () => {
    const provider = new McpOAuthClient(CALLBACK, "Careful Assistant");
    let landed = "";
    await connectWithOAuth(MCP, provider, async (u) => (landed = await consent(world.owner, u)), portal);
    const code = new URL(landed).searchParams.get("code")!;
    expect(new URL(landed).searchParams.get("state")).toBe("state-of-the-client");
    expect(new URL(landed).searchParams.get("iss")).toBe(BASE);
    const exchange = (fields: Record<string, string>) => portal(`${BASE}/api/oauth/token`, form({ grant_type: "authorization_code", code, client_id: provider.client!.client_id, redirect_uri: CALLBACK, code_verifier: provider.verifier, ...fields }));
    // Already exchanged by the SDK: a second use is refused and ends the grant.
    expect(await (await exchange({})).json()).toMatchObject({ error: "invalid_grant", error_description: "the code was already used; the grant is revoked" });
    expect((await exchange({ client_id: "mcp_someone-else" })).status).toBe(400);
    expect(await (await portal(`${BASE}/api/oauth/token`, form({ grant_type: "password", username: "x" }))).json()).toMatchObject({ error: "unsupported_grant_type" });

    // A fresh code, exchanged wrongly.
    const fresh = new McpOAuthClient(CALLBACK, "Sloppy Assistant");
    const registered = await (await portal(`${BASE}/api/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fresh.clientMetadata) })).json();
    const verifier = "v".repeat(64);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const authorizeUrl = new URL(`${BASE}/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: registered.client_id, redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: "S256", state: "s", resource: MCP })}`);
    const freshCode = () => consent(world.owner, authorizeUrl).then((r) => new URL(r).searchParams.get("code")!);
    const token = (fields: Record<string, string>) => portal(`${BASE}/api/oauth/token`, form({ grant_type: "authorization_code", client_id: registered.client_id, redirect_uri: CALLBACK, ...fields })).then((r) => r.json());
    expect(await token({ code: await freshCode(), code_verifier: "w".repeat(64) })).toMatchObject({ error: "invalid_grant", error_description: "code_verifier does not match the code_challenge" });
    expect(await token({ code: await freshCode(), code_verifier: verifier, redirect_uri: "http://127.0.0.1:1/elsewhere" })).toMatchObject({ error: "invalid_grant" });
    expect(await token({ code: await freshCode(), code_verifier: verifier, resource: `${BASE}/api/v1` })).toMatchObject({ error: "invalid_target" });
    expect(await token({ code: await freshCode(), code_verifier: verifier })).toMatchObject({ token_type: "Bearer", scope: "mcp" });
  });

  it("refuses bad registrations and bad authorization requests, never sending a code anywhere unregistered", async () => {
    const register = (body: unknown) => portal(`${BASE}/api/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await register({ redirect_uris: ["http://evil.example.com/cb"] })).toMatchObject({ status: 400, body: { error: "invalid_redirect_uri" } });
    expect(await register({ redirect_uris: ["javascript:alert(1)"] })).toMatchObject({ status: 400, body: { error: "invalid_redirect_uri" } });
    expect(await register({ redirect_uris: [] })).toMatchObject({ status: 400, body: { error: "invalid_redirect_uri" } });
    expect(await register({ redirect_uris: [CALLBACK], grant_types: ["client_credentials"] })).toMatchObject({ status: 400, body: { error: "invalid_client_metadata" } });
    const native = await register({ redirect_uris: ["vscode://portico/callback", "https://assistant.example.com/oauth/callback"], client_name: "IDE" });
    expect(native).toMatchObject({ status: 201, body: { token_endpoint_auth_method: "none", client_name: "IDE" } });

    const { checkAuthorizationRequest } = await import("@/server/oauth/authorize");
    const base = { response_type: "code", client_id: native.body.client_id, redirect_uri: "vscode://portico/callback", code_challenge: "a".repeat(43), code_challenge_method: "S256" };
    expect(await checkAuthorizationRequest(db, { ...base, client_id: "mcp_unknown" })).toMatchObject({ kind: "error" });
    expect(await checkAuthorizationRequest(db, { ...base, redirect_uri: "https://evil.example.com/cb" })).toMatchObject({ kind: "error", message: expect.stringContaining("did not register") });
    const noPkce = await checkAuthorizationRequest(db, { ...base, code_challenge: undefined, state: "xyz" });
    expect(noPkce.kind).toBe("redirect");
    expect(Object.fromEntries(new URL((noPkce as { url: string }).url).searchParams)).toMatchObject({ error: "invalid_request", state: "xyz" });
    expect(await checkAuthorizationRequest(db, { ...base, scope: "admin:everything" })).toMatchObject({ kind: "redirect", url: expect.stringContaining("error=invalid_scope") });
    expect(await checkAuthorizationRequest(db, base)).toMatchObject({ kind: "consent", request: { client: { name: "IDE" }, scopes: ["mcp"] } });
    // A loopback redirect URI may come back on another port (the client's listener picks a free one).
    expect(await checkAuthorizationRequest(db, { ...base, client_id: (await register({ redirect_uris: [CALLBACK] })).body.client_id, redirect_uri: "http://127.0.0.1:40001/callback" })).toMatchObject({ kind: "consent" });
    // Denied: the client hears access_denied, and no grant exists.
    const grants = (await db.select().from(oauthGrants)).length;
    const denied = new URL(await consent(world.owner, new URL(`${BASE}/oauth/authorize?${new URLSearchParams(base)}`), { allow: false }));
    expect(denied.protocol).toBe("vscode:");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect((await db.select().from(oauthGrants)).length).toBe(grants);
    // Without a session, no decision.
    expect((await routes.authorize.POST(new Request(`${BASE}/api/oauth/authorize`, { method: "POST", body: JSON.stringify({ params: base, allow: true }) }))).status).toBe(401);
  });
});

describe("Connected assistants", () => {
  it("lists a user's grants; disconnecting one ends its access at the next call; others cannot touch it", async () => {
    const { client, provider } = await connectAs(world.outsider, new McpOAuthClient(CALLBACK, "Laptop Assistant"));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const mine = await callerFor(db, world.outsider).assistants.list({});
    const grant = mine.find((g) => g.client === "Laptop Assistant")!;
    expect(grant).toMatchObject({ user: world.outsider.email, scopes: ["mcp"], redirectUris: [CALLBACK] });
    expect(mine.every((g) => g.user === world.outsider.email)).toBe(true);
    // Another member neither sees nor revokes it; an admin sees everyone's.
    expect((await callerFor(db, world.owner).assistants.list({})).map((g) => g.id)).not.toContain(grant.id);
    await expect(callerFor(db, world.owner).assistants.revoke({ id: grant.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(db, world.owner).assistants.list({ everyone: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await callerFor(db, world.admin).assistants.list({ everyone: true })).map((g) => g.id)).toContain(grant.id);

    await callerFor(db, world.outsider).assistants.revoke({ id: grant.id });
    const raw = await portal(MCP, { method: "POST", headers: { authorization: `Bearer ${provider.saved!.access_token}`, "content-type": "application/json" }, body: "{}" });
    expect(raw.status).toBe(401);
    // The SDK's client, refused, tries its refresh token, which the revoked grant no longer honours.
    await expect(client.listTools()).rejects.toThrow(/revoked/);
    expect((await callerFor(db, world.outsider).assistants.list({})).map((g) => g.id)).not.toContain(grant.id);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "oauth-grant.revoke"), eq(auditEvents.resourceId, grant.id)));
    expect(event).toMatchObject({ actorLabel: world.outsider.email, before: { client: "Laptop Assistant", scopes: ["mcp"] } });
  });

  it("an admin ending a user's sessions disconnects the user's assistants too", async () => {
    const { client } = await connectAs(world.owner, new McpOAuthClient(CALLBACK, "Stolen Laptop Assistant"));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const ended = await callerFor(db, world.admin).users.endSessions({ userId: world.owner.id });
    expect(ended.assistantsDisconnected).toBeGreaterThan(0);
    await expect(client.listTools()).rejects.toThrow(/revoked/);
    expect(await callerFor(db, world.owner).assistants.list({})).toEqual([]);
  });

  it("a client revoking its own token (RFC 7009) ends its grant", async () => {
    const { client, provider } = await connectAs(world.owner, new McpOAuthClient(CALLBACK, "Tidy Assistant"));
    const response = await portal(`${BASE}/api/oauth/revoke`, form({ token: provider.saved!.refresh_token!, client_id: provider.client!.client_id }));
    expect(response.status).toBe(200);
    await expect(client.listTools()).rejects.toThrow();
    expect((await portal(`${BASE}/api/oauth/revoke`, form({ token: "ptc_ort_unknown" }))).status).toBe(200);
  });
});
