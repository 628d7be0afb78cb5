import { expect, test } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { connectWithOAuth, McpOAuthClient } from "../support/mcp-oauth-client";
import { rest as restMatrix, restRequestParts } from "../support/surface-matrix";
import { ADMIN_TOKEN, MEMBER_TOKEN, rest, trpc, portalForThisFile, type HttpWorld } from "./http-world";

// Issue 19: the MCP server of the production build (`next start`), through the official SDK's client, as a
// desktop or IDE assistant connects to it.
test.describe.configure({ mode: "serial" });

const shared = portalForThisFile(14);
let world: HttpWorld;
let base: string;
test.beforeAll(() => void ({ world, base } = shared));

async function connect(token: string, name = "e2e-assistant") {
  const client = new Client({ name, version: "2.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}
type Result = Awaited<ReturnType<Client["callTool"]>>;
const text = (result: Result) => (result.content as { type: string; text: string }[])[0]!.text;

let builderToken: string;

test("a member token sees the developer tools, an admin token the admin reads too, and a token created with builder tools those, each annotated", async () => {
  const member = await connect(MEMBER_TOKEN);
  const memberTools = (await member.listTools()).tools;
  const names = memberTools.map((t) => t.name).sort();
  expect(names).toEqual(expect.arrayContaining(["actions_run", "entities_get", "entities_scorecards", "entities_search", "runs_get"]));
  expect(names.filter((n) => /^(blueprints_put|blueprints_delete|scorecards_put|actions_put|audit_list|import_)/.test(n))).toEqual([]);
  for (const tool of memberTools) expect([tool.name, typeof tool.annotations?.readOnlyHint, typeof tool.annotations?.destructiveHint]).toEqual([tool.name, "boolean", "boolean"]);

  const admin = await connect(ADMIN_TOKEN);
  const adminNames = (await admin.listTools()).tools.map((t) => t.name);
  expect(adminNames).toEqual(expect.arrayContaining([...names, "audit_list"]));
  expect(adminNames).not.toContain("blueprints_put");

  // Admin → API tokens, "MCP builder tools" switched on.
  const created = await trpc(base, world.cookies.admin, "tokens.create", { name: "builder-assistant", role: "admin", builderTools: true }, "mutation");
  builderToken = (created.data as { token: string }).token;
  const builderNames = (await (await connect(builderToken)).listTools()).tools.map((t) => t.name);
  expect(builderNames).toEqual(expect.arrayContaining([...adminNames, "blueprints_put", "scorecards_put", "actions_put", "import_portCatalog", "export_port"]));
});

test("a member is refused another team's entity and the builder tools; an action that needs approval waits for it", async () => {
  const admin = await connect(ADMIN_TOKEN);
  const member = await connect(MEMBER_TOKEN);
  const refused = await member.callTool({ name: "entities_update", arguments: { bp: "service", id: "payments-api", body: { title: "Mine" } } });
  expect([refused.isError, JSON.parse(text(refused)).error.code]).toEqual([true, "FORBIDDEN"]);
  const builder = await member.callTool({ name: "blueprints_put", arguments: { bp: "sneaky", body: { title: "Sneaky" } } });
  expect(builder.isError).toBe(true);
  expect((await rest(base, "GET", "/api/v1/blueprints/sneaky", ADMIN_TOKEN)).status).toBe(404);

  const run = JSON.parse(text(await admin.callTool({ name: "actions_run", arguments: { id: "guarded", body: { entity: "payments-api", inputs: { message: "deploy please" } } } })));
  expect(run.status).toBe("WAITING_FOR_APPROVAL");
  expect(JSON.parse(text(await admin.callTool({ name: "runs_get", arguments: { id: run.id } }))).status).toBe("WAITING_FOR_APPROVAL");
});

test("every call is in the audit log with origin mcp and the client's name; a revoked token gets 401", async () => {
  const created = await trpc(base, world.cookies.admin, "tokens.create", { name: "assistant", role: "member" }, "mutation");
  const { id, token } = created.data as { id: string; token: string };
  const client = await connect(token, "desk-assistant");
  expect((await client.callTool({ name: "entities_get", arguments: { bp: "service", id: "payments-api" } })).isError).toBeFalsy();

  const audit = await rest(base, "GET", `/api/v1/audit-log?action=mcp-tool.call&actor=assistant`, ADMIN_TOKEN);
  expect((audit.json as { items: unknown[] }).items[0]).toMatchObject({ origin: "mcp", resourceId: "entities_get", after: { client: "desk-assistant 2.0.0", outcome: "200" } });

  expect((await trpc(base, world.cookies.admin, "tokens.revoke", { id }, "mutation")).status).toBe(200);
  await expect(client.callTool({ name: "entities_get", arguments: { bp: "service", id: "payments-api" } })).rejects.toMatchObject({ code: 401 });
  await expect(connect(token)).rejects.toMatchObject({ code: 401 });
});

test("an assistant connects with OAuth: consent behind the SSO session, the member's tools, builder tools only for an admin who allows them, disconnected under Connected assistants", async ({ browser }) => {
  const callback = "http://127.0.0.1:47123/callback";
  const signedIn = async (cookie: string) => {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    return { context, page };
  };
  /** The user's browser: the consent screen, a click, and the redirect URI it lands on (the assistant's local listener). */
  const browserOf = (page: Awaited<ReturnType<typeof signedIn>>["page"], clientName: string, tickBuilder = false) => async (url: URL) => {
    let landed = "";
    await page.route("http://127.0.0.1:47123/**", (route) => ((landed = route.request().url()), route.fulfill({ body: "You can close this window." })));
    await page.goto(url.toString());
    await expect(page.getByTestId("client-name")).toHaveText(clientName);
    if (tickBuilder) await page.getByLabel(/builder tools/).check();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect.poll(() => landed).not.toBe("");
    await page.unroute("http://127.0.0.1:47123/**");
    return landed;
  };

  // Without a session, the consent screen is behind sign-in, and comes back after it.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(`${base}/oauth/authorize?client_id=x&response_type=code`);
  await expect(anonymous).toHaveURL(/\/signin\?callbackUrl=%2Foauth%2Fauthorize%3Fclient_id%3Dx/);

  const outsider = await signedIn(world.cookies.outsider);
  const provider = new McpOAuthClient(callback, "E2E Desk Assistant");
  const client = await connectWithOAuth(`${base}/api/mcp`, provider, browserOf(outsider.page, "E2E Desk Assistant"));
  // The outsider is a member: no builder checkbox was offered, and the tools are a member's.
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["entities_search", "entities_get", "actions_run"]));
  expect(names.filter((n) => /^(blueprints_put|audit_list)$/.test(n))).toEqual([]);
  expect(JSON.parse(text(await client.callTool({ name: "entities_get", arguments: { bp: "service", id: "payments-api" } })))).toMatchObject({ identifier: "payments-api" });
  const refused = await client.callTool({ name: "entities_update", arguments: { bp: "service", id: "payments-api", body: { title: "Mine" } } });
  expect(JSON.parse(text(refused)).error.code).toBe("FORBIDDEN");

  // An admin who ticks the builder tools gets them.
  const admin = await signedIn(world.cookies.admin);
  const builder = await connectWithOAuth(`${base}/api/mcp`, new McpOAuthClient(callback, "E2E Builder"), browserOf(admin.page, "E2E Builder", true));
  expect((await builder.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(["audit_list", "blueprints_put", "actions_put"]));

  // Connected assistants: the outsider disconnects it; the next call is refused.
  await outsider.page.goto(`${base}/assistants`);
  await expect(outsider.page.getByRole("cell", { name: /^E2E Desk Assistant answers to/ })).toBeVisible();
  await outsider.page.getByRole("button", { name: "Disconnect E2E Desk Assistant" }).click();
  await expect(outsider.page.getByText("No assistant is connected")).toBeVisible();
  const raw = await fetch(`${base}/api/mcp`, { method: "POST", headers: { authorization: `Bearer ${provider.saved!.access_token}`, "content-type": "application/json" }, body: "{}" });
  expect(raw.status).toBe(401);
  expect(raw.headers.get("www-authenticate")).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/api/mcp"`);
  await expect(client.listTools()).rejects.toThrow(/revoked/);
  const audit = await rest(base, "GET", "/api/v1/audit-log?action=oauth-grant.revoke", ADMIN_TOKEN);
  expect((audit.json as { items: { actor: { label?: string } | string }[] }).items.length).toBeGreaterThan(0);
  await Promise.all([outsider.context.close(), admin.context.close()]);
});

test("every tool answers an admin's valid call, as the REST sweep's requests say (deletions last)", async () => {
  test.setTimeout(120_000);
  const admin = await connect(builderToken);
  const tools = (await admin.listTools()).tools;
  const byRoute = new Map(Object.keys(restMatrix).map((key) => [key.replace(/\[(\w+)\]/g, "{$1}"), key]));
  // Reads first, deletions last, as the REST sweep does; the matrix holds a valid request for each.
  // A deletion is a deletion whatever else its name says; a blueprint's or scorecard's goes last, taking its campaigns.
  const verbs = ["search", "get", "list", "facets", "scorecards", "export", "create", "bulk", "put", "run", "update", "import"];
  const order = (name: string) => (name.endsWith("_delete") ? verbs.length + (/^(blueprints|scorecards)_/.test(name) ? 1 : 0) : verbs.findIndex((v) => name.toLowerCase().includes(v)));
  const failures: string[] = [];
  for (const tool of [...tools].sort((a, b) => order(a.name) - order(b.name))) {
    const rest = tool.description!.match(/\(REST: (\w+) (\S+)\)$/);
    const key = byRoute.get(`${rest![1]} ${rest![2]}`);
    expect(key, tool.name).toBeTruthy();
    const { params, body } = restRequestParts(world, key!, null);
    const search = Object.fromEntries(new URLSearchParams(restMatrix[key!]!.search ?? ""));
    const args: Record<string, unknown> = { ...params, ...search, ...(body !== undefined ? { body: JSON.parse(body) } : {}) };
    if (tool.name === "actions_put") args.body = JSON.parse(text(await admin.callTool({ name: "actions_get", arguments: { id: "notify" } })));
    if (tool.name === "blueprints_delete") args.bp = "widget";
    const result = await admin.callTool({ name: tool.name, arguments: args });
    if (result.isError) failures.push(`${tool.name}: ${text(result).slice(0, 300)}`);
  }
  expect(failures).toEqual([]);
});
