import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { beforeAll, describe, expect, it } from "vitest";
import { putAction } from "@/server/actions/service";
import { createApiToken } from "@/server/identity/tokens";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";
import { buildWorld } from "../support/world";

// Issue 19: the MCP server, through the official SDK's client, in process (the same client runs against
// `next start` in tests/e2e/mcp.spec.ts).
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_ENCRYPTION_KEY = "mcp-encryption-key-0123456789-abcdef";
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";
process.env.PORTICO_API_RATE_LIMIT = "0";
const route = await import("@/app/api/mcp/route");

beforeAll(async () => {
  await buildWorld(db);
});

async function connect(token: string, name = "portico-test") {
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost/api/mcp"), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: (input, init) => route.POST(new Request(input, init)),
  });
  const client = new Client({ name, version: "1.2.3" });
  await client.connect(transport);
  return client;
}

const text = (result: Awaited<ReturnType<Client["callTool"]>>) => (result.content as { type: string; text: string }[])[0]!.text;

describe("the MCP server", () => {
  it("lists the tools a token's role may use, with their annotations", async () => {
    const member = await connect("static-reader-secret-0123");
    const memberTools = (await member.listTools()).tools;
    const names = memberTools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["entities_search", "entities_get", "entities_scorecards", "actions_run", "runs_get", "deployments_create"]));
    expect(names).not.toContain("blueprints_put");
    expect(names).not.toContain("audit_list");
    expect(memberTools.find((t) => t.name === "entities_get")!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    expect(memberTools.find((t) => t.name === "entities_delete")!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(memberTools.find((t) => t.name === "entities_get")!.inputSchema).toMatchObject({ type: "object", properties: { bp: { type: "string" }, id: { type: "string" } }, required: ["bp", "id"] });

    // An admin token adds the admin-only reads; the builder tools only when it was created with them.
    const admin = await connect("static-admin-secret-0123");
    const adminNames = (await admin.listTools()).tools.map((t) => t.name);
    expect(adminNames).toEqual(expect.arrayContaining([...names, "audit_list"]));
    expect(adminNames).not.toContain("blueprints_put");
    const ctx = serviceContext(db, await makeUser(db, "root@example.com", "admin"));
    const { token } = await createApiToken({ ctx, input: { name: "builder", role: "admin", builderTools: true } });
    const builderNames = (await (await connect(token)).listTools()).tools.map((t) => t.name);
    expect(builderNames).toEqual(expect.arrayContaining([...adminNames, "blueprints_put", "blueprints_delete", "scorecards_put", "actions_put", "import_portCatalog", "export_port"]));
    await expect(createApiToken({ ctx, input: { name: "member-builder", role: "member", builderTools: true } })).rejects.toMatchObject({ details: [{ path: "/builderTools" }] });
  });

  it("answers tool calls as the REST API would, refusing what the caller may not do", async () => {
    const member = await connect("static-reader-secret-0123");
    const found = await member.callTool({ name: "entities_search", arguments: { bp: "service", q: "payments" } });
    expect(found.isError).toBeFalsy();
    expect(JSON.parse(text(found)).items.map((e: { identifier: string }) => e.identifier)).toContain("payments-api");
    const entity = JSON.parse(text(await member.callTool({ name: "entities_get", arguments: { bp: "service", id: "payments-api" } })));
    expect(entity).toMatchObject({ identifier: "payments-api", blueprint: "service" });

    // A member token belongs to no team: the payments team's service is not its to change.
    const refused = await member.callTool({ name: "entities_update", arguments: { bp: "service", id: "payments-api", body: { title: "Mine" } } });
    expect(refused.isError).toBe(true);
    expect(JSON.parse(text(refused)).error.code).toBe("FORBIDDEN");
    // Builder tools are not there for it, whatever it sends.
    const builder = await member.callTool({ name: "blueprints_put", arguments: { bp: "widget", body: { identifier: "widget", title: "Widget" } } });
    expect(builder.isError).toBe(true);
    expect(text(builder)).toMatch(/no tool blueprints_put/);
    // Invalid input: the same 400 and paths as REST.
    const invalid = await member.callTool({ name: "entities_search", arguments: { bp: "service", limit: "0" } });
    expect(invalid.isError).toBe(true);
    expect(JSON.parse(text(invalid)).error).toMatchObject({ code: "VALIDATION", details: [{ path: "/query/limit" }] });
  });

  it("runs an action through the same approvals, and records every call with origin mcp and the client's name", async () => {
    const admin = await connect("static-admin-secret-0123", "desk-assistant");
    const run = await admin.callTool({ name: "actions_run", arguments: { id: "guarded", body: { entity: "payments-api", inputs: { message: "from an assistant" } } } });
    expect(run.isError).toBeFalsy();
    expect(JSON.parse(text(run))).toMatchObject({ action: "guarded", status: "WAITING_FOR_APPROVAL" });
    const audit = JSON.parse(text(await admin.callTool({ name: "audit_list", arguments: { action: "mcp-tool.call", resourceId: "actions_run" } })));
    expect(audit.items[0]).toMatchObject({ origin: "mcp", actorLabel: "token:ci", after: { client: "desk-assistant 1.2.3", outcome: "201" } });
    const created = JSON.parse(text(await admin.callTool({ name: "audit_list", arguments: { action: "run.create" } })));
    expect(created.items[0]).toMatchObject({ origin: "mcp" });
  });

  it("asks before running an action that deletes: the call names what goes, and runs once confirmed", async () => {
    const ctx = serviceContext(db, await makeUser(db, "action-admin@example.com", "admin"));
    await putAction({
      ctx,
      input: { identifier: "retire", title: "Retire a service", blueprint: "service", operation: "DELETE", userInputs: { properties: {}, required: [] }, invocation: { type: "webhook", url: "https://hooks.example.com/retire" } },
    });
    const admin = await connect("static-admin-secret-0123");
    const asked = await admin.callTool({ name: "actions_run", arguments: { id: "retire", body: { entity: "payments-api", inputs: {} } } });
    expect(asked.isError).toBe(true);
    expect(JSON.parse(text(asked)).error).toMatchObject({ message: expect.stringContaining('Running "Retire a service" deletes service payments-api'), details: [{ path: "/confirm" }] });
    const confirmed = await admin.callTool({ name: "actions_run", arguments: { id: "retire", body: { entity: "payments-api", inputs: {} }, confirm: true } });
    expect(confirmed.isError).toBeFalsy();
    expect(JSON.parse(text(confirmed))).toMatchObject({ action: "retire", entity: "payments-api" });
    // Other actions run without asking, and the tool says it takes the confirmation.
    const tools = (await admin.listTools()).tools;
    expect(tools.find((t) => t.name === "actions_run")!.inputSchema.properties).toHaveProperty("confirm");
  });

  it("refuses an unknown token with 401, a forged session with 404, and a body that is not JSON with a parse error", async () => {
    await expect(connect("not-a-real-token-0000000000")).rejects.toMatchObject({ code: 401, message: expect.stringContaining("Invalid or revoked API token") });
    const forged = await route.POST(
      new Request("http://localhost/api/mcp", {
        method: "POST",
        headers: { authorization: "Bearer static-reader-secret-0123", "content-type": "application/json", "mcp-session-id": "eyJuIjoiZXZpbCJ9.forged" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      }),
    );
    expect(forged.status).toBe(404);
    // A body that is not JSON: the protocol's parse error, not a crash.
    const garbled = await route.POST(
      new Request("http://localhost/api/mcp", { method: "POST", headers: { authorization: "Bearer static-reader-secret-0123", "content-type": "application/json" }, body: "{not json" }),
    );
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 } });
  });
});
