import type { World } from "./world";
import { worldDefinitions } from "./world-definitions";

/**
 * The API surface for the authorization matrix and the fuzz tests: every tRPC procedure and every
 * REST route, with who may call it and a valid input. Both tests fail when something here is missing.
 * Pure data: the in-process tests (tests/support/surface.ts) and the tests over HTTP against the
 * production build (tests/e2e/http-surface.spec.ts) read the same tables.
 */
export type { World };

/**
 * Who may call each procedure:
 * - `user`: any signed-in user (the positive check: a member is not refused);
 * - `admin`: admins only, a member gets FORBIDDEN;
 * - `owner`: a team-owned resource, a member of another team gets FORBIDDEN and the owning team's member does not.
 * Inputs are valid, so a refusal can only come from authorization.
 */
export type Access = "user" | "admin" | "owner";
export type Row = { access: Access; input?: (w: World) => unknown };
const uuid = "00000000-0000-4000-8000-000000000000";
const service = { blueprint: "service", identifier: "payments-api" };
export const procedures: Record<string, Row> = {
  "me.get": { access: "user" },
  "me.home": { access: "user" },
  "teams.list": { access: "user" },
  "teams.get": { access: "user", input: () => ({ id: "payments" }) },
  "teams.create": { access: "admin", input: () => ({ id: "sneaky", title: "Sneaky" }) },
  "teams.update": { access: "admin", input: () => ({ id: "payments", title: "Mine" }) },
  "teams.delete": { access: "admin", input: () => ({ id: "payments" }) },
  "teams.addMember": { access: "admin", input: (w) => ({ teamId: "platform", userId: w.outsider.id }) },
  "teams.removeMember": { access: "admin", input: (w) => ({ teamId: "payments", userId: w.owner.id }) },
  "users.list": { access: "user", input: () => ({}) },
  "users.setRole": { access: "admin", input: (w) => ({ userId: w.outsider.id, role: "admin" }) },
  "users.endSessions": { access: "admin", input: (w) => ({ userId: w.outsider.id }) },
  "audit.list": { access: "admin", input: () => ({}) },
  "audit.filterOptions": { access: "admin" },
  "catalog.blueprints": { access: "user" },
  "catalog.blueprint": { access: "user", input: () => ({ identifier: "service" }) },
  "catalog.formSchema": { access: "user", input: () => ({ blueprint: "service" }) },
  "catalog.entities": { access: "user", input: () => ({ blueprint: "service" }) },
  "catalog.facets": { access: "user", input: () => ({ blueprint: "service", property: "language" }) },
  "catalog.searchAll": { access: "user", input: () => ({ q: "pay" }) },
  "catalog.entity": { access: "user", input: () => service },
  "catalog.incoming": { access: "user", input: () => service },
  "catalog.outgoing": { access: "user", input: () => service },
  "catalog.mirrors": { access: "user", input: () => service },
  "catalog.history": { access: "user", input: () => ({ resourceType: "entity", resourceId: "service/payments-api" }) },
  "catalog.createEntity": { access: "owner", input: () => ({ blueprint: "service", entity: { identifier: "new-payments", team: ["payments"], properties: {} } }) },
  "catalog.updateEntity": { access: "owner", input: () => ({ ...service, patch: { title: "Renamed" } }) },
  "catalog.deleteEntity": { access: "owner", input: () => service },
  "scorecards.list": { access: "user", input: () => ({}) },
  "scorecards.get": { access: "user", input: () => ({ blueprint: "service", identifier: "readiness" }) },
  "scorecards.overview": { access: "user", input: () => ({ blueprint: "service", identifier: "readiness" }) },
  "scorecards.entities": { access: "user", input: () => ({ blueprint: "service", identifier: "readiness" }) },
  "scorecards.forEntity": { access: "user", input: () => service },
  "scorecards.forTeam": { access: "user", input: () => ({ team: "payments" }) },
  "scorecards.put": { access: "admin", input: () => ({ blueprint: "service", scorecard: { identifier: "x", title: "X", levels: [{ title: "Basic", color: "gray" }], rules: [] } }) },
  "scorecards.preview": { access: "admin", input: () => ({ blueprint: "service", scorecard: { identifier: "x", title: "X", levels: [{ title: "Basic", color: "gray" }], rules: [] } }) },
  "scorecards.delete": { access: "admin", input: () => ({ blueprint: "service", identifier: "readiness" }) },
  "campaigns.list": { access: "user", input: () => ({}) },
  "campaigns.get": { access: "user", input: () => ({ identifier: "languages" }) },
  "campaigns.progress": { access: "user", input: () => ({ identifier: "languages" }) },
  "campaigns.put": { access: "owner", input: () => ({ campaign: { ...worldDefinitions.campaign, title: "Taken over" } }) },
  "campaigns.delete": { access: "owner", input: () => ({ identifier: "languages" }) },
  "actions.list": { access: "user", input: () => ({}) },
  "actions.get": { access: "user", input: () => ({ identifier: "notify" }) },
  "actions.put": { access: "admin", input: (w) => ({ action: { ...w.notify, title: "Taken over" } }) },
  "actions.delete": { access: "admin", input: () => ({ identifier: "notify" }) },
  "actions.validate": { access: "admin", input: (w) => ({ action: w.notify }) },
  "actions.available": { access: "user", input: () => ({ blueprint: "service", entity: "payments-api" }) },
  "actions.form": { access: "owner", input: () => ({ action: "notify", entity: "payments-api" }) },
  "actions.run": { access: "owner", input: () => ({ action: "notify", entity: "payments-api", inputs: { message: "hi" } }) },
  "actions.dryRun": { access: "owner", input: () => ({ action: "notify", entity: "payments-api", inputs: { message: "hi" } }) },
  "runs.list": { access: "user", input: () => ({}) },
  "runs.get": { access: "user", input: (w) => ({ id: w.runs.queued }) },
  "runs.logs": { access: "user", input: (w) => ({ id: w.runs.queued }) },
  // Approvers are the platform team: neither the requester (owner) nor the outsider may decide.
  "runs.approve": { access: "admin", input: (w) => ({ id: w.runs.waiting }) },
  "runs.decline": { access: "admin", input: (w) => ({ id: w.runs.waiting }) },
  "runs.cancel": { access: "owner", input: (w) => ({ id: w.runs.queued }) },
  "runs.approvalCount": { access: "user" },
  "notifications.list": { access: "user" },
  "notifications.markRead": { access: "user", input: () => ({}) },
  "environments.overview": { access: "user" },
  "environments.get": { access: "user", input: () => ({ environment: "production" }) },
  "environments.refresh": { access: "user", input: () => ({ environment: "production" }) },
  "delivery.service": { access: "user", input: () => ({ service: "payments-api" }) },
  "delivery.ciRuns": { access: "user", input: () => ({ service: "payments-api" }) },
  "delivery.rerun": { access: "owner", input: () => ({ service: "payments-api", runId: 1 }) },
  "delivery.dora": { access: "user", input: () => ({ days: 30 }) },
  "docs.page": { access: "user", input: () => ({ blueprint: "service", identifier: "payments-api" }) },
  "docs.search": { access: "user", input: () => ({ q: "payments" }) },
  "docs.refresh": { access: "owner", input: () => ({ blueprint: "service", identifier: "payments-api" }) },
  "insights.report": { access: "admin", input: () => ({ days: 30 }) },
  "blueprints.validate": { access: "admin", input: () => ({ identifier: "x", title: "X", schema: { properties: {} } }) },
  "blueprints.preview": { access: "admin", input: () => ({ identifier: "service", title: "Service", schema: { properties: {} } }) },
  "blueprints.put": { access: "admin", input: () => ({ identifier: "x", title: "X", schema: { properties: {} } }) },
  "blueprints.delete": { access: "admin", input: () => ({ identifier: "environment", confirm: true }) },
  "tokens.list": { access: "admin" },
  "tokens.create": { access: "admin", input: () => ({ name: "mine", role: "admin" }) },
  "tokens.revoke": { access: "admin", input: () => ({ id: uuid }) },
  "import.backstage": { access: "admin", input: () => ({ files: [{ path: "catalog-info.yaml", content: "kind: Component\nmetadata: {name: x}\nspec: {owner: payments}" }] }) },
  "import.backstageFromGitHub": { access: "admin", input: () => ({ url: "https://github.com/acme/x" }) },
  "import.exportBackstage": { access: "admin" },
  "import.exportPort": { access: "admin" },
  "import.progress": { access: "admin", input: (w) => ({ id: w.importProgressId }) },
  "import.port": { access: "admin", input: () => ({ kind: "catalog", json: { teams: [{ name: "Taken Over", users: [] }] } }) },
  "integrations.github": { access: "admin" },
  "integrations.saveGithub": { access: "admin", input: () => ({ org: "acme", token: "gh-stolen" }) },
  "integrations.syncGithub": { access: "admin" },
  "integrations.gitlab": { access: "admin" },
  "assistants.list": { access: "user", input: () => ({}) },
  "assistants.revoke": { access: "user", input: () => ({ id: "00000000-0000-4000-8000-000000000000" }) },
  "integrations.saveGitlab": { access: "admin", input: () => ({ url: "https://gitlab.example.com", token: "gl-stolen" }) },
  "integrations.testGitlab": { access: "admin" },
  "integrations.webhooks": { access: "admin" },
  "integrations.saveWebhooks": { access: "admin", input: () => ({ allowlist: ["evil.example.com"] }) },
  "integrations.clusters": { access: "admin" },
  "integrations.putCluster": { access: "admin", input: () => ({ name: "evil", server: "https://k8s.example.com", token: "t" }) },
  "integrations.deleteCluster": { access: "admin", input: () => ({ name: "evil" }) },
  "integrations.testCluster": { access: "admin", input: () => ({ name: "evil" }) },
};

/** The procedures that are mutations (POST); the rest are queries (GET). The in-process matrix checks this against the router. */
export const mutationPaths = new Set([
  "actions.delete", "actions.dryRun", "campaigns.delete", "campaigns.put", "assistants.revoke", "actions.put", "actions.run", "actions.validate", "blueprints.delete", "blueprints.preview", "blueprints.put",
  "blueprints.validate", "catalog.createEntity", "catalog.deleteEntity", "catalog.updateEntity", "delivery.rerun", "docs.refresh", "environments.refresh", "import.backstage",
  "import.backstageFromGitHub", "import.port", "integrations.deleteCluster", "integrations.putCluster", "integrations.saveGithub", "integrations.saveGitlab", "integrations.saveWebhooks", "integrations.syncGithub", "integrations.testCluster", "integrations.testGitlab",
  "notifications.markRead", "runs.approve", "runs.cancel", "runs.decline", "scorecards.delete", "scorecards.preview", "scorecards.put", "teams.addMember", "teams.create",
  "teams.delete", "teams.removeMember", "teams.update", "tokens.create", "tokens.revoke", "users.endSessions", "users.setRole",
]);

/**
 * Routes of protocols with their own specifications (tRPC, Auth.js, MCP, OAuth 2.1 for MCP clients), served
 * under /api but not operations of the REST API: the OpenAPI document leaves them out.
 */
export const protocolRoutes = new Set([
  "GET /api/trpc/[trpc]",
  "POST /api/trpc/[trpc]",
  "GET /api/auth/[...nextauth]",
  "POST /api/auth/[...nextauth]",
  "POST /api/mcp",
  "POST /api/oauth/register",
  "POST /api/oauth/token",
  "POST /api/oauth/revoke",
  "POST /api/oauth/authorize",
]);

/**
 * Who may call each REST route. Tokens have a role and no teams, so a member token owns nothing:
 * team-owned writes (`owner`) refuse it like admin-only ones. `session` routes are for the browser.
 */
export type RestAccess = "public" | "token" | "admin" | "owner" | "session-admin" | "session" | "auth";
export const rest: Record<string, { access: RestAccess; params?: (w: World) => Record<string, string>; search?: string; body?: unknown }> = {
  "GET /api/health": { access: "public" },
  "GET /api/health/ready": { access: "public" },
  "GET /api/v1/openapi.json": { access: "public" },
  "GET /api/auth/[...nextauth]": { access: "auth" },
  "POST /api/auth/[...nextauth]": { access: "auth" },
  "GET /api/trpc/[trpc]": { access: "session", params: () => ({ trpc: "teams.list" }), search: "?input=%7B%7D" },
  "POST /api/trpc/[trpc]": { access: "session", params: () => ({ trpc: "teams.create" }), body: { json: { id: "sneaky", title: "Sneaky" } } },
  "GET /api/audit-log/export": { access: "session-admin" },
  "GET /api/insights/export": { access: "session-admin", search: "?section=golden-paths" },
  "GET /api/docs/[blueprint]/[identifier]/asset": { access: "session", params: () => ({ blueprint: "service", identifier: "payments-api" }), search: "?path=img%2Fflow.png" },
  "POST /api/mcp": {
    access: "token",
    body: { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "matrix", version: "1" } } },
  },
  // OAuth 2.1 for MCP clients: a protocol of its own (server/oauth), exercised by tests/integration/oauth.test.ts.
  "POST /api/oauth/register": { access: "auth" },
  "POST /api/oauth/token": { access: "auth" },
  "POST /api/oauth/revoke": { access: "auth" },
  "POST /api/oauth/authorize": { access: "session", body: { params: {}, allow: false } },
  "POST /api/import/backstage": { access: "session-admin", body: "kind: Component\nmetadata: {name: x}\nspec: {owner: payments}" },
  "GET /api/v1/audit-log": { access: "admin" },
  "GET /api/v1/blueprints": { access: "token" },
  "GET /api/v1/blueprints/[bp]": { access: "token", params: () => ({ bp: "service" }) },
  "PUT /api/v1/blueprints/[bp]": { access: "admin", params: () => ({ bp: "widget" }), body: { title: "Widget", schema: { properties: {} } } },
  "DELETE /api/v1/blueprints/[bp]": { access: "admin", params: () => ({ bp: "environment" }) },
  "GET /api/v1/blueprints/[bp]/entities": { access: "token", params: () => ({ bp: "service" }) },
  "POST /api/v1/blueprints/[bp]/entities": { access: "owner", params: () => ({ bp: "service" }), body: { identifier: "token-made", team: ["payments"], properties: {} } },
  "GET /api/v1/blueprints/[bp]/entities/[id]": { access: "token", params: () => ({ bp: "service", id: "payments-api" }) },
  "PUT /api/v1/blueprints/[bp]/entities/[id]": { access: "owner", params: () => ({ bp: "service", id: "payments-api" }), body: { team: ["payments"], properties: {} } },
  "PATCH /api/v1/blueprints/[bp]/entities/[id]": { access: "owner", params: () => ({ bp: "service", id: "payments-api" }), body: { title: "Renamed" } },
  "DELETE /api/v1/blueprints/[bp]/entities/[id]": { access: "owner", params: () => ({ bp: "service", id: "payments-api" }) },
  "POST /api/v1/blueprints/[bp]/entities/bulk": { access: "owner", params: () => ({ bp: "service" }), body: { entities: [{ identifier: "bulk-made", team: ["payments"], properties: {} }] } },
  "GET /api/v1/blueprints/[bp]/entities/[id]/scorecards": { access: "token", params: () => ({ bp: "service", id: "payments-api" }) },
  "GET /api/v1/blueprints/[bp]/facets": { access: "token", params: () => ({ bp: "service" }), search: "?property=language" },
  "GET /api/v1/campaigns": { access: "token" },
  "GET /api/v1/campaigns/[id]": { access: "token", params: () => ({ id: "languages" }) },
  "GET /api/v1/campaigns/[id]/progress": { access: "token", params: () => ({ id: "languages" }) },
  "PUT /api/v1/campaigns/[id]": { access: "owner", params: () => ({ id: "languages" }), body: { ...worldDefinitions.campaign, title: "Taken over" } },
  "DELETE /api/v1/campaigns/[id]": { access: "owner", params: () => ({ id: "languages" }) },
  "GET /api/v1/blueprints/[bp]/scorecards/[id]": { access: "token", params: () => ({ bp: "service", id: "readiness" }) },
  "PUT /api/v1/blueprints/[bp]/scorecards/[id]": { access: "admin", params: () => ({ bp: "service", id: "x" }), body: { title: "X", levels: [{ title: "Basic", color: "gray" }], rules: [] } },
  "DELETE /api/v1/blueprints/[bp]/scorecards/[id]": { access: "admin", params: () => ({ bp: "service", id: "readiness" }) },
  "GET /api/v1/actions": { access: "token", search: "?blueprint=service&entity=payments-api" },
  "GET /api/v1/blueprints/[bp]/entities/[id]/graph": { access: "token", params: () => ({ bp: "service", id: "payments-api" }), search: "?depth=2" },
  "GET /api/v1/teams/[id]": { access: "token", params: () => ({ id: "payments" }) },
  "GET /api/v1/teams/[id]/scorecards": { access: "token", params: () => ({ id: "payments" }) },
  "GET /api/v1/deployments": { access: "token", search: "?service=payments-api" },
  "GET /api/v1/dora": { access: "token", search: "?team=payments" },
  "GET /api/v1/insights": { access: "admin", search: "?team=payments&days=90" },
  "GET /api/v1/insights/export": { access: "admin", search: "?section=completeness" },
  "GET /api/v1/environments": { access: "token" },
  "GET /api/v1/environments/[id]": { access: "token", params: () => ({ id: "production" }) },
  "GET /api/v1/actions/[id]": { access: "token", params: () => ({ id: "notify" }) },
  "PUT /api/v1/actions/[id]": { access: "admin", params: () => ({ id: "notify" }), body: { title: "Taken over" } },
  "DELETE /api/v1/actions/[id]": { access: "admin", params: () => ({ id: "notify" }) },
  "POST /api/v1/actions/[id]/runs": { access: "owner", params: () => ({ id: "notify" }), body: { entity: "payments-api", inputs: { message: "hi" } } },
  "GET /api/v1/runs/[id]": { access: "token", params: (w) => ({ id: w.runs.queued }) },
  "PATCH /api/v1/runs/[id]": { access: "admin", params: (w) => ({ id: w.runs.queued }), body: { status: "SUCCESS" } },
  "POST /api/v1/runs/[id]/logs": { access: "admin", params: (w) => ({ id: w.runs.queued }), body: { message: "from a stranger" } },
  "POST /api/v1/deployments": { access: "owner", body: { service: "payments-api", environment: "production", version: "9.9.9", status: "SUCCESS" } },
  "GET /api/v1/export/backstage": { access: "admin" },
  "POST /api/v1/import/backstage": { access: "admin", body: "kind: Component\nmetadata: {name: x}\nspec: {owner: payments}" },
  "POST /api/v1/import/port/blueprints": { access: "admin", body: [{ identifier: "taken", title: "Taken" }] },
  "POST /api/v1/import/port/scorecards": { access: "admin", body: [{ blueprint: "service", data: [{ identifier: "taken", title: "Taken", rules: [] }] }] },
  "GET /api/v1/export/port": { access: "admin" },
  "GET /api/v1/import/progress/[id]": { access: "admin", params: (w) => ({ id: w.importProgressId }) },
  "POST /api/v1/import/port/catalog": {
    access: "admin",
    body: {
      teams: [{ name: "Taken Over", users: ["x@example.com"] }],
      blueprints: [{ identifier: "takenbp", title: "Taken", relations: { peer: { target: "takenbp", many: true } } }],
      entities: [{ identifier: "taken", blueprint: "takenbp", team: ["Taken Over"], properties: {}, relations: { peer: ["taken"] } }],
    },
  },
  "POST /api/v1/import/port/actions": {
    access: "admin",
    body: [{ identifier: "taken", title: "Taken", trigger: { type: "self-service", operation: "CREATE", blueprintIdentifier: "service", userInputs: { properties: {}, required: [] } }, invocationMethod: { type: "WEBHOOK", url: "https://example.com/hook" } }],
  },
};

/** The parts of the request the matrix sends to a route (its valid body, params and query unless others are given), with its params. */
export function restRequestParts(world: World, key: string, auth: string | null, override?: Partial<(typeof rest)[string]>, origin = "http://localhost") {
  const [method, route] = key.split(" ") as [string, string];
  const spec = override ? { ...rest[key]!, ...override } : rest[key]!;
  const params = spec.params?.(world) ?? {};
  const url = `${origin}${route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? name))}${spec.search ?? ""}`;
  // The route's own body says what it reads (YAML for the import); a fuzzed body is sent as that type too.
  const headers: Record<string, string> = { "content-type": typeof rest[key]!.body === "string" ? "application/yaml" : "application/json" };
  if (auth) headers.authorization = auth;
  const body = spec.body === undefined ? undefined : typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
  return { method, url, headers, body, params };
}
