import "server-only";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { audited } from "../audit/audited";
import type { ServiceContext } from "../context";
import { toDomainError } from "../errors";
import { log } from "../log";
import { runOperation } from "../api/contract/rest";
import { clientFromSession, clientLabel, clientSessionId, normalClient, type ClientInfo } from "./client-session";
import { operationInput, toolsFor } from "./tools";

/**
 * Portico's MCP server over Streamable HTTP (the official SDK), for a caller already authenticated by an
 * API token and rate limited like REST. Stateless: each request gets its own server and transport, so any
 * replica answers any request; who the client is travels in the session id (client-session.ts). Answers
 * are JSON (no server-sent stream): every tool answers once.
 */

const INSTRUCTIONS =
  "Portico is the team's internal developer portal: a catalog of services, APIs, systems and teams (entities of blueprints), " +
  "their scorecards, self-service actions and their runs, deployments, environments and the audit log. Search entities with " +
  "entities_search (a Query or full text) and read one with entities_get (its team owns it: teams_get names the people); " +
  "entities_graph follows its relations (what it depends on, and what depends on it: the blast radius); entities_scorecards and " +
  "teams_scorecards say what to fix next. Find what can be run with actions_available, run it with actions_run (its inputs as the " +
  "action declares them; approvals still apply) and follow the run with runs_get. deployments_forService, delivery_dora and " +
  "environments_list / environments_get tell what runs where and how healthy it is.";

type Json = { jsonrpc?: string; method?: string; params?: { clientInfo?: ClientInfo } };

function parsed(body: string): Json | Json[] | undefined {
  try {
    return JSON.parse(body) as Json | Json[];
  } catch {
    // Not JSON: the transport reads the body itself and answers the protocol's parse error.
    return undefined;
  }
}

/**
 * Answers one MCP request (POST) whose body the route has read. `ctx` is the caller's context (an API token,
 * or the user behind an OAuth access token); tool calls run with origin `mcp`. The body is parsed once, here.
 */
export async function mcpResponse(req: Request, body: string, ctx: ServiceContext): Promise<Response> {
  const sent = parsed(body) ?? null;
  const messages = Array.isArray(sent) ? sent : sent ? [sent] : [];
  const initialize = messages.find((m) => m?.method === "initialize");
  const sessionHeader = req.headers.get("mcp-session-id");
  let client: ClientInfo | null = initialize ? normalClient(initialize.params?.clientInfo) : null;
  if (!initialize && sessionHeader) {
    client = clientFromSession(sessionHeader);
    if (!client) {
      return Response.json({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found: initialize again" }, id: null }, { status: 404 });
    }
  }

  const server = new Server({ name: "portico", title: "Portico", version: "1" }, { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS });
  const mcp: ServiceContext = { ...ctx, origin: "mcp" };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolsFor(ctx.actor).map((t) => t.definition) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(mcp, client, request.params.name, request.params.arguments ?? {}, req));

  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await transport.handleRequest(sent === null ? new Request(req, { body }) : req, sent === null ? undefined : { parsedBody: sent });
    if (client && initialize && response.ok) response.headers.set("mcp-session-id", clientSessionId(client));
    return response;
  } finally {
    await server.close();
  }
}

/** Runs the tool's operation as the caller, and records the call (with the client's name) in the audit log. */
async function callTool(ctx: ServiceContext, client: ClientInfo | null, name: string, args: Record<string, unknown>, req: Request): Promise<CallToolResult> {
  const tool = toolsFor(ctx.actor).find((t) => t.name === name);
  let result: CallToolResult;
  let outcome: string;
  if (!tool) {
    outcome = "UNKNOWN_TOOL";
    result = { isError: true, content: [{ type: "text", text: `There is no tool ${name} for this token (its role may not use it)` }] };
  } else {
    try {
      const reply = await runOperation(tool.operation, ctx, { ...operationInput(tool.operation, args), req }, { confirmed: args.confirm === true });
      outcome = String(reply.status ?? 200);
      const text = reply.body === undefined ? `Done (${reply.status ?? 200})` : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body, null, 2);
      result = { content: [{ type: "text", text }] };
    } catch (error) {
      const domain = toDomainError(error);
      if (!domain) {
        log.error("MCP tool failed", { requestId: ctx.requestId, tool: name, error });
        outcome = "INTERNAL";
        result = { isError: true, content: [{ type: "text", text: `Something went wrong on our side (request ${ctx.requestId})` }] };
      } else {
        outcome = domain.code;
        const body = { error: { code: domain.code, message: domain.message, ...(domain.details ? { details: domain.details } : {}) } };
        result = { isError: true, content: [{ type: "text", text: JSON.stringify(body, null, 2) }] };
      }
    }
  }
  await audited(ctx, async () => ({
    result: undefined,
    audit: { action: "mcp-tool.call", resourceType: "mcp-tool", resourceId: name, after: { client: clientLabel(client), arguments: args, outcome } },
  }));
  return result;
}
