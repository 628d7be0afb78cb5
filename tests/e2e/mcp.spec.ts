import { expect, test } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
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

test("every tool answers an admin's valid call, as the REST sweep's requests say (deletions last)", async () => {
  test.setTimeout(120_000);
  const admin = await connect(builderToken);
  const tools = (await admin.listTools()).tools;
  const byRoute = new Map(Object.keys(restMatrix).map((key) => [key.replace(/\[(\w+)\]/g, "{$1}"), key]));
  // Reads first, deletions last, as the REST sweep does; the matrix holds a valid request for each.
  const order = (name: string) => ["search", "get", "list", "facets", "scorecards", "export", "create", "bulk", "put", "run", "update", "import", "delete"].findIndex((v) => name.toLowerCase().includes(v));
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
