import { expect, test } from "@playwright/test";
import fc from "fast-check";
import postgres from "postgres";
import { jsonPaths, setAt } from "../support/mutate";
import { mutationPaths, procedures, rest as restMatrix, restRequestParts } from "../support/surface-matrix";
import { ADMIN_TOKEN, httpFingerprint, MEMBER_TOKEN, rest, trpc, portalForThisFile, type HttpWorld, type Portal } from "./http-world";

// Issue 16: the authorization matrix, the fuzz tests, the concurrency tests and the request-path
// controls, over HTTP against the production build (`next build` + `next start`), so that a
// difference between the bundle and the source (a renamed class, a proxy rule) cannot hide.
test.describe.configure({ mode: "serial" });

const FUZZ_RUNS = Number(process.env.HTTP_FUZZ_RUNS ?? 8);
const shared = portalForThisFile(9);
let portal: Portal;
let world: HttpWorld;
let base: string;
test.beforeAll(() => void ({ portal, world, base } = shared));

const kindOf = (p: string) => (mutationPaths.has(p) ? "mutation" : "query");
const call = (who: keyof HttpWorld["cookies"] | null, p: string, input: unknown = procedures[p]!.input?.(world)) =>
  trpc(base, who ? world.cookies[who] : null, p, input, kindOf(p));

test("tRPC over HTTP: every procedure refuses anonymous callers (401), members on admin-only and another team's members on team-owned ones (403); nothing is written", async () => {
  test.setTimeout(180_000);
  const paths = Object.keys(procedures).sort();
  const before = await httpFingerprint(portal);
  const anonymous: Record<string, string> = {};
  for (const p of paths) {
    const answer = await call(null, p);
    anonymous[p] = `${answer.status} ${answer.code}`;
  }
  expect(anonymous).toEqual(Object.fromEntries(paths.map((p) => [p, "401 UNAUTHORIZED"])));
  const refused = paths.filter((p) => procedures[p]!.access !== "user");
  const outsider: Record<string, string> = {};
  for (const p of refused) {
    const answer = await call("outsider", p);
    outsider[p] = `${answer.status} ${answer.code}`;
  }
  expect(outsider).toEqual(Object.fromEntries(refused.map((p) => [p, "403 FORBIDDEN"])));
  for (const p of paths.filter((q) => procedures[q]!.access === "admin")) {
    const answer = await call("owner", p);
    expect([p, answer.status]).toEqual([p, 403]);
  }
  expect(await httpFingerprint(portal)).toBe(before);
  // And the matrix is not refusing everything: what any user may call answers a member.
  for (const p of paths.filter((q) => procedures[q]!.access === "user")) {
    const answer = await call("outsider", p);
    expect([p, answer.code]).not.toEqual([p, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
    expect([p, answer.status]).not.toEqual([p, 500]);
  }
});

test("REST over HTTP: 401 without a token, 403 for a member token on admin-only and team-owned routes and a member's session on admin ones, 200 for reads; nothing is written", async () => {
  const before = await httpFingerprint(portal);
  const send = (key: string, token: string | null, cookie?: string) => {
    const { method, url, headers, body } = restRequestParts(world, key, token ? `Bearer ${token}` : null, undefined, base);
    return fetch(url, { method, headers: { ...headers, ...(cookie ? { cookie, origin: base } : {}) }, body, redirect: "manual" }).then((r) => r.status);
  };
  const keys = Object.keys(restMatrix).sort();
  const statuses: Record<string, number> = {};
  const expected: Record<string, number> = {};
  for (const key of keys) {
    const access = restMatrix[key]!.access;
    if (access === "public" || access === "auth") continue;
    statuses[key] = await send(key, null);
    expected[key] = 401;
  }
  expect(statuses).toEqual(expected);
  for (const key of keys.filter((k) => ["token", "admin", "owner"].includes(restMatrix[k]!.access))) {
    expect([key, await send(key, "ptc_not-a-real-token-0000000000")]).toEqual([key, 401]);
  }
  for (const key of keys.filter((k) => ["admin", "owner"].includes(restMatrix[k]!.access))) {
    expect([key, await send(key, MEMBER_TOKEN)]).toEqual([key, 403]);
  }
  expect(await send("GET /api/audit-log/export", null, world.cookies.outsider)).toBe(403);
  expect(await send("POST /api/import/backstage", null, world.cookies.outsider)).toBe(403);
  expect(await httpFingerprint(portal)).toBe(before);
  for (const key of keys.filter((k) => ["token", "public"].includes(restMatrix[k]!.access))) {
    expect([key, await send(key, restMatrix[key]!.access === "public" ? null : MEMBER_TOKEN)]).toEqual([key, 200]);
  }
});

test("cross-site, non-JSON, oversized and over-batched tRPC requests are refused before anything runs", async () => {
  const before = await httpFingerprint(portal);
  const create = JSON.stringify({ json: { id: "sneaky", title: "Sneaky" } });
  const post = (headers: Record<string, string>, body: BodyInit = create, path = "teams.create") =>
    fetch(`${base}/api/trpc/${path}`, { method: "POST", headers: { cookie: world.cookies.admin, ...headers }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));
  // Another site's page, and another origin of the same site, with the admin's cookie.
  expect((await post({ "content-type": "application/json", origin: "https://evil.example" })).status).toBe(403);
  expect((await post({ "content-type": "application/json", origin: "http://wiki.localhost:1", "sec-fetch-site": "same-site" })).status).toBe(403);
  expect((await post({ "content-type": "application/json", "sec-fetch-site": "cross-site" })).status).toBe(403);
  // A form post needs no preflight: only JSON is accepted.
  const form = new FormData();
  form.set("0", create);
  expect((await post({ origin: base }, form)).status).toBe(415);
  expect((await post({ origin: base, "content-type": "text/plain" })).status).toBe(415);
  // The REST API's body limit (413), and at most 20 calls in a batch.
  const big = JSON.stringify({ json: { blueprint: "service", entity: { identifier: "big", team: ["payments"], properties: { language: "x".repeat(6 * 1024 * 1024) } } } });
  expect((await post({ origin: base, "content-type": "application/json" }, big, "catalog.createEntity")).status).toBe(413);
  const many = Array.from({ length: 21 }, () => "teams.list").join(",");
  const batch = await fetch(`${base}/api/trpc/${many}?batch=1&input=${encodeURIComponent("{}")}`, { headers: { cookie: world.cookies.admin } });
  expect(batch.status).toBe(400);
  const twenty = await fetch(`${base}/api/trpc/${Array.from({ length: 20 }, () => "teams.list").join(",")}?batch=1&input=${encodeURIComponent("{}")}`, { headers: { cookie: world.cookies.admin } });
  expect(twenty.status).toBe(200);
  // A REST write with a session cookie from another site is refused the same way.
  expect((await fetch(`${base}/api/v1/blueprints/service/entities/payments-api`, { method: "PATCH", headers: { cookie: world.cookies.admin, origin: "https://evil.example", "content-type": "application/json" }, body: "{}" })).status).toBe(403);
  expect(await httpFingerprint(portal)).toBe(before);
  // The same call from the portal's own page goes through.
  expect((await post({ origin: base, "content-type": "application/json", "sec-fetch-site": "same-origin" }, JSON.stringify({ json: { id: "from-the-page", title: "Fine" } }))).status).toBe(200);
});

test("a Backstage import larger than Next.js's 10 MB proxy default arrives whole, and one over the import limit is refused with 413, never read cut short", async () => {
  const component = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: after-eleven-megabytes}\nspec: {type: service, lifecycle: production}\n";
  // 11 MB of comment lines, then the document: a body cut at 10 MB would have no document at all.
  const padding = `# ${"x".repeat(1022)}\n`.repeat(11 * 1024);
  const post = (body: string) =>
    fetch(`${base}/api/v1/import/backstage?dryRun=true`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/yaml" }, body });
  const whole = await post(padding + component);
  expect(whole.status).toBe(200);
  expect(await whole.json()).toMatchObject({ dryRun: true, documents: 1, created: [{ kind: "service", identifier: "after-eleven-megabytes" }] });
  expect((await post(`# ${"x".repeat(1022)}\n`.repeat(33 * 1024) + component)).status).toBe(413);
});

test("Port's blueprint JSON over HTTP: calculation properties (jq in the sandbox worker of the production server) and aggregation properties come back with the entity; searches filter and sort by aggregations", async () => {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect((await call("PUT", "/blueprints/porthost", { identifier: "porthost", title: "Host", icon: "Server", schema: { properties: { name: { type: "string", icon: "Tag" } }, required: [] } })).status).toBe(201);
  expect(
    (await call("PUT", "/blueprints/portdisk", { identifier: "portdisk", title: "Disk", schema: { properties: { gb: { type: "number" } }, required: [] }, relations: { host: { title: "Host", description: "Where it is mounted", target: "porthost", many: false, required: false } } })).status,
  ).toBe(201);
  const host = {
    identifier: "porthost",
    title: "Host",
    schema: { properties: { name: { type: "string" } }, required: [] },
    calculationProperties: { label: { title: "Label", calculation: '.identifier + " (" + (.properties.name // "unnamed") + ")"', type: "string" } },
    aggregationProperties: { disks: { title: "Disks", type: "number", target: "portdisk", calculationSpec: { calculationBy: "entities", func: "count" } }, storage: { title: "Storage", type: "number", target: "portdisk", calculationSpec: { calculationBy: "property", func: "sum", property: "gb" } } },
  };
  expect((await call("PUT", "/blueprints/porthost", host)).status).toBe(200);
  expect((await call("PUT", "/blueprints/porthost/entities/h1", { identifier: "h1", properties: { name: "db" } })).status).toBe(201);
  expect((await call("POST", "/blueprints/portdisk/entities/bulk", { entities: [{ identifier: "d1", properties: { gb: 100 }, relations: { host: "h1" } }, { identifier: "d2", properties: { gb: 50 }, relations: { host: "h1" } }] })).status).toBe(200);
  const read = (await (await call("GET", "/blueprints/porthost/entities/h1")).json()) as { properties: Record<string, unknown> };
  expect(read.properties).toEqual({ name: "db", label: "h1 (db)", disks: 2, storage: 150 });
  const list = (await (await call("GET", "/blueprints/porthost/entities")).json()) as { items: { properties: Record<string, unknown> }[] };
  expect(list.items[0]!.properties).toMatchObject({ label: "h1 (db)", disks: 2 });
  // Filtered and sorted by an aggregation in SQL (h2 has one small disk, h3 none); a calculation is refused by name.
  expect((await call("POST", "/blueprints/porthost/entities/bulk", { entities: [{ identifier: "h2" }, { identifier: "h3" }] })).status).toBe(200);
  expect((await call("PUT", "/blueprints/portdisk/entities/d3", { identifier: "d3", properties: { gb: 10 }, relations: { host: "h2" } })).status).toBe(201);
  const search = async (params: Record<string, string>) => {
    const res = await call("GET", `/blueprints/porthost/entities?${new URLSearchParams(params)}`);
    return { status: res.status, body: (await res.json()) as { items?: { identifier: string }[]; total?: number; error?: { details: { path: string; message: string }[] } } };
  };
  const bigger = await search({ query: JSON.stringify({ combinator: "and", conditions: [{ property: "storage", operator: ">=", value: 10 }] }), sort: "storage:desc" });
  expect(bigger.body.items!.map((e) => e.identifier)).toEqual(["h1", "h2"]);
  expect(bigger.body.total).toBe(2);
  expect((await search({ sort: "disks:asc" })).body.items!.map((e) => e.identifier)).toEqual(["h3", "h2", "h1"]);
  const refused = await search({ query: JSON.stringify({ combinator: "and", rules: [{ property: "label", operator: "=", value: "h1 (db)" }] }) });
  expect(refused.status).toBe(400);
  expect(refused.body.error!.details[0]).toMatchObject({ path: "/query/rules/0/property", message: expect.stringContaining("label is a calculation property") });
  // Sent back as read: the computed values are dropped, nothing changes.
  const back = await call("PUT", "/blueprints/porthost/entities/h1", read);
  expect(back.status).toBe(200);
  const bad = await call("PUT", "/blueprints/porthost", { ...host, calculationProperties: { label: { calculation: ".identifier +", type: "string" } } });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe("/calculationProperties/label/calculation");
});

test("Port's action JSON over HTTP: saved as written, jq templates rendered by the production server, refusals by Port's name; the Port export imports back unchanged", async () => {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const action = {
    identifier: "port_restart",
    title: "Restart",
    trigger: { type: "self-service", operation: "DAY-2", blueprintIdentifier: "service", userInputs: { properties: { reason: { type: "string", title: "Reason" } }, required: ["reason"] } },
    invocationMethod: { type: "WEBHOOK", url: "https://hooks.example.com/restart", agent: false, synchronized: true, method: "POST", body: { service: "{{ .entity.identifier }}", why: "{{ .inputs.reason | ascii_upcase }}", by: "{{ .trigger.by.user.email }}" } },
    requiredApproval: false,
  };
  expect((await call("PUT", "/actions/port_restart", action)).status).toBe(201);
  const dry = await call("POST", "/actions/port_restart/runs?dryRun=true", { entity: "payments-api", inputs: { reason: "stuck" } });
  expect(dry.status).toBe(200);
  expect(((await dry.json()) as { payload: { body: unknown } }).payload.body).toMatchObject({ service: "payments-api", why: "STUCK" });
  const refused = await call("PUT", "/actions/port_restart", { ...action, invocationMethod: { type: "AZURE_DEVOPS", org: "acme", webhook: "pipelines" } });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: { details: { path: string; message: string }[] } }).error.details[0]).toMatchObject({ path: "/invocationMethod/type", message: expect.stringContaining("Port's AZURE_DEVOPS backend") });

  const exported = await call("GET", "/export/port");
  expect(exported.status).toBe(200);
  const doc = (await exported.json()) as { actions: { identifier: string }[]; entities: unknown[]; warnings: string[] };
  expect(doc.actions.map((a) => a.identifier)).toContain("port_restart");
  expect(doc.entities.length).toBeGreaterThan(0);
  const back = await call("POST", "/import/port/catalog", doc);
  expect(back.status).toBe(200);
  expect(await back.json()).toMatchObject({ entities: { created: 0, updated: 0 }, blueprints: { created: [], updated: [] }, actions: { created: [], updated: [] } });
});

test("PostgreSQL's refusals are 400s and 409s in the bundle, never 500s (recognised by SQLSTATE)", async () => {
  // A NUL character PostgreSQL cannot store in text or JSON.
  let r = await rest(base, "PATCH", "/api/v1/blueprints/service/entities/payments-api", ADMIN_TOKEN, { title: "nul\u0000title" });
  expect([r.status, (r.json.error as { code?: string })?.code]).toEqual([400, "VALIDATION"]);
  r = await rest(base, "PATCH", "/api/v1/blueprints/service/entities/payments-api", ADMIN_TOKEN, { properties: { language: "nul\u0000" } });
  expect(r.status).toBe(400);
  // A malformed audit cursor, and dates PostgreSQL's cast refuses, in a query.
  for (const cursor of ["abc", "1e5", "99999999999999999999999", "-1"]) expect([cursor, (await rest(base, "GET", `/api/v1/audit-log?cursor=${cursor}`, ADMIN_TOKEN)).status]).toEqual([cursor, 400]);
  for (const date of ["2026-02-30", "2026", "March 7", "0000-01-01", "2026-01-01T25:00:00Z", "275760-09-13"]) {
    const query = encodeURIComponent(JSON.stringify({ combinator: "and", rules: [{ meta: "$createdAt", operator: ">", value: date }] }));
    expect([date, (await rest(base, "GET", `/api/v1/blueprints/service/entities?query=${query}`, ADMIN_TOKEN)).status]).toEqual([date, 400]);
  }
  // A duplicate is a conflict.
  expect((await rest(base, "POST", "/api/v1/blueprints/service/entities", ADMIN_TOKEN, { identifier: "payments-api", team: ["payments"] })).status).toBe(409);
});

test("concurrency over HTTP: 50 concurrent PATCHes, overlapping bulk upserts, one Idempotency-Key, racing approvals and cancellations", async () => {
  test.setTimeout(180_000);
  const notes = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`note${i}`, { type: "string" }]));
  expect((await rest(base, "PUT", "/api/v1/blueprints/wide", ADMIN_TOKEN, { title: "Wide", schema: { properties: notes, required: [] } })).status).toBeLessThan(300);
  expect((await rest(base, "PUT", "/api/v1/blueprints/wide/entities/one", ADMIN_TOKEN, { team: ["payments"], properties: {} })).status).toBeLessThan(300);

  const patches = await Promise.all(Array.from({ length: 50 }, (_, i) => rest(base, "PATCH", "/api/v1/blueprints/wide/entities/one", ADMIN_TOKEN, { properties: { [`note${i}`]: `n${i}` } })));
  expect(patches.map((p) => p.status)).toEqual(Array(50).fill(200));
  const entity = (await rest(base, "GET", "/api/v1/blueprints/wide/entities/one", ADMIN_TOKEN)).json as { properties: Record<string, string> };
  expect(Object.keys(entity.properties).length).toBe(50);

  const batch = (k: number) => Array.from({ length: 40 }, (_, i) => ({ identifier: `http-bulk-${String(k * 20 + i).padStart(3, "0")}`, team: ["payments"], properties: {} }));
  const bulks = await Promise.all(Array.from({ length: 8 }, (_, k) => rest(base, "POST", "/api/v1/blueprints/wide/entities/bulk", ADMIN_TOKEN, k % 2 ? batch(k).reverse() : batch(k))));
  expect(bulks.map((b) => b.status)).toEqual(Array(8).fill(200));
  const listed = (await rest(base, "GET", `/api/v1/blueprints/wide/entities?limit=1&q=&query=${encodeURIComponent(JSON.stringify({ combinator: "and", rules: [{ meta: "$identifier", operator: "beginsWith", value: "http-bulk-" }] }))}`, ADMIN_TOKEN)).json as { total: number };
  expect(listed.total).toBe(7 * 20 + 40);

  // An action any token may run (notify is for the owning team, and tokens belong to no team).
  const ping = { ...world.notify, identifier: "ping", title: "Ping", permissions: undefined };
  expect((await rest(base, "PUT", "/api/v1/actions/ping", ADMIN_TOKEN, ping)).status).toBeLessThan(300);
  const key = `http-deploy-${Date.now()}`;
  const runs = await Promise.all(Array.from({ length: 20 }, () => rest(base, "POST", "/api/v1/actions/ping/runs", ADMIN_TOKEN, { entity: "payments-api", inputs: { message: "once" } }, { "idempotency-key": key })));
  expect(runs.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
  expect(new Set(runs.map((r) => (r.json as { id: string }).id)).size).toBe(1);

  const waiting = await trpc(base, world.cookies.owner, "actions.run", { action: "guarded", entity: "payments-api", inputs: { message: "race" } }, "mutation");
  const id = (waiting.data as { id: string }).id;
  const decisions = await Promise.all([
    ...Array.from({ length: 5 }, () => trpc(base, world.cookies.admin, "runs.approve", { id }, "mutation")),
    ...Array.from({ length: 5 }, () => trpc(base, world.cookies.admin, "runs.decline", { id }, "mutation")),
    ...Array.from({ length: 5 }, () => trpc(base, world.cookies.owner, "runs.cancel", { id }, "mutation")),
  ]);
  expect(decisions.filter((d) => d.status >= 500)).toEqual([]);
  expect(decisions.every((d) => d.code === "OK" || d.code === "CONFLICT")).toBe(true);
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const approvals = await sql`select decision from run_approvals where run_id = ${id}`;
    expect(approvals.length).toBe(1);
    const ended = await sql`select action from audit_events where resource_id = ${id} and action in ('run.decline', 'run.cancel')`;
    expect(ended.length).toBeLessThanOrEqual(1);
  } finally {
    await sql.end();
  }
});

test("a hostile template's dry run fails with a clear 400 while the server keeps serving", async () => {
  const action = {
    title: "Hostile",
    blueprint: "service",
    operation: "DAY-2",
    userInputs: { properties: { message: { type: "string" } }, required: ["message"] },
    invocation: { type: "webhook", url: "https://hooks.example.com/x", body: { match: "{{ $match(inputs.message, /^(a+)+$/) }}", pad: "{{ $pad('x', inputs.size ? 1000000000 : 1) }}" } },
  };
  expect((await rest(base, "PUT", "/api/v1/actions/hostile", ADMIN_TOKEN, action)).status).toBeLessThan(300);
  const started = Date.now();
  const dry = trpc(base, world.cookies.owner, "actions.dryRun", { action: "hostile", entity: "payments-api", inputs: { message: `${"a".repeat(40)}!` } }, "mutation");
  // While it runs, the server answers others.
  const health: number[] = [];
  while (Date.now() - started < 1500) {
    const t = Date.now();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    health.push(Date.now() - t);
  }
  const answer = await dry;
  expect([answer.status, answer.code]).toEqual([400, "BAD_REQUEST"]);
  expect(answer.message).toMatch(/took longer than 2000 ms/);
  expect(Math.max(...health)).toBeLessThan(500);
  expect((await rest(base, "GET", "/api/v1/blueprints", ADMIN_TOKEN)).status).toBe(200);
});

test("the audit trail names the connection's address and the server's request id; forwarded headers from an untrusted peer are not believed", async () => {
  const r = await rest(base, "PATCH", "/api/v1/blueprints/service/entities/payments-api", ADMIN_TOKEN, { title: "Audited" }, { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67", "x-request-id": "client-trace-42" });
  expect(r.status).toBe(200);
  const serverId = r.headers.get("x-request-id")!;
  expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [event] = await sql`select host(ip) as ip, request_id, client_request_id from audit_events where action = 'entity.update' and resource_id = 'service/payments-api' order by id desc limit 1`;
    expect(event).toEqual({ ip: "127.0.0.1", request_id: serverId, client_request_id: "client-trace-42" });
    // A client id that is not well formed is not kept at all.
    await rest(base, "PATCH", "/api/v1/blueprints/service/entities/payments-api", ADMIN_TOKEN, { title: "Audited again" }, { "x-request-id": "evil\tid with spaces" });
    const [second] = await sql`select client_request_id from audit_events where action = 'entity.update' and resource_id = 'service/payments-api' order by id desc limit 1`;
    expect(second!.client_request_id).toBeNull();
  } finally {
    await sql.end();
  }
});

test("an identical write over HTTP changes nothing: the same updatedAt, no audit event, reported unchanged; a real change still writes", async () => {
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  const events = async () => Number((await sql`select count(*)::int as n from audit_events`)[0]!.n);
  try {
    const blueprint = { title: "Same twice", schema: { properties: { tier: { type: "string", enum: ["1", "2"] }, tags: { type: "array", items: { type: "string" } } }, required: [] } };
    expect((await rest(base, "PUT", "/api/v1/blueprints/same-twice", ADMIN_TOKEN, blueprint)).status).toBe(201);
    const entity = { title: "One", team: ["payments", "platform"], properties: { tier: "1", tags: ["a", "b"] } };
    const first = await rest(base, "PUT", "/api/v1/blueprints/same-twice/entities/one", ADMIN_TOKEN, entity);
    expect(first.status).toBe(201);
    const action = { title: "Ping", blueprint: "same-twice", operation: "DAY-2", userInputs: { properties: {}, required: [] }, invocation: { type: "webhook", url: "https://hooks.example.com/ping" } };
    expect((await rest(base, "PUT", "/api/v1/actions/same-twice-ping", ADMIN_TOKEN, action)).status).toBe(201);
    const scorecard = { identifier: "tiered", title: "Tiered", levels: [{ title: "Basic", color: "gray" }, { title: "Gold", color: "#d4af37" }], rules: [{ identifier: "has-tier", title: "Has a tier", level: "Gold", query: { combinator: "and", rules: [{ property: "tier", operator: "isNotEmpty" }] } }] };
    expect((await rest(base, "PUT", "/api/v1/blueprints/same-twice/scorecards/tiered", ADMIN_TOKEN, scorecard)).status).toBe(201);
    const before = await events();

    // The same again, keys in another order and owners in another order: all 200, nothing written.
    const again = await rest(base, "PUT", "/api/v1/blueprints/same-twice/entities/one", ADMIN_TOKEN, { properties: { tags: ["a", "b"], tier: "1" }, team: ["platform", "payments"], title: "One" });
    expect(again.status).toBe(200);
    expect(again.json.updatedAt).toBe(first.json.updatedAt);
    const bulk = await rest(base, "POST", "/api/v1/blueprints/same-twice/entities/bulk", ADMIN_TOKEN, [{ identifier: "one", ...entity }]);
    expect(bulk.json).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect((await rest(base, "PATCH", "/api/v1/blueprints/same-twice/entities/one", ADMIN_TOKEN, { properties: { tier: "1" } })).json.updatedAt).toBe(first.json.updatedAt);
    expect((await rest(base, "PUT", "/api/v1/blueprints/same-twice", ADMIN_TOKEN, blueprint)).status).toBe(200);
    expect((await rest(base, "PUT", "/api/v1/actions/same-twice-ping", ADMIN_TOKEN, action)).status).toBe(200);
    expect((await rest(base, "PUT", "/api/v1/blueprints/same-twice/scorecards/tiered", ADMIN_TOKEN, scorecard)).status).toBe(200);
    expect(await events()).toBe(before);

    // A real change still writes and is audited.
    const changed = await rest(base, "POST", "/api/v1/blueprints/same-twice/entities/bulk", ADMIN_TOKEN, [{ identifier: "one", ...entity, title: "One, renamed" }]);
    expect(changed.json).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await events()).toBe(before + 1);
  } finally {
    await sql.end();
  }
});

test("sign-in redirects stay on the portal whatever the callbackUrl", async () => {
  const cases = ["https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example", "%2F%2Fevil.example", "/%2F%2Fevil.example", "http:evil.example", "/.//evil.example", "javascript:alert(1)", "/catalog?x=1"];
  for (const callbackUrl of cases) {
    const res = await fetch(`${base}/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { headers: { cookie: world.cookies.owner }, redirect: "manual" });
    expect([callbackUrl, res.status]).toEqual([callbackUrl, 307]);
    const target = new URL(res.headers.get("location")!, `${base}/signin`);
    expect([callbackUrl, target.origin]).toEqual([callbackUrl, base]);
  }
});

// Last: the fuzzer's valid inputs change and delete the world's entities and actions.
test("fuzz over HTTP: tRPC mutations, REST writes, query strings and path parameters never answer 500, and a refused write writes nothing", async () => {
  test.setTimeout(600_000);
  const nasty = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom("", "\u0000", "😀".repeat(50), "x".repeat(5_000), "../../etc/passwd", "' or 1=1 --", "{{ 7*7 }}", "__proto__", "constructor", -1, 1e308, 2 ** 53, null, true, [], {}, "2026-02-30", "javascript:alert(1)"),
  );
  const mutate = (valid: unknown) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...jsonPaths(valid)), nasty).map(([at, v]) => setAt(valid, at, v, false)) },
      { weight: 1, arbitrary: nasty },
    );
  const failures: string[] = [];
  const check = (what: string, status: number) => {
    if (status >= 500) failures.push(`${what} → ${status}`);
  };

  for (const p of [...mutationPaths].filter((q) => procedures[q]!.input).sort()) {
    await fc.assert(
      fc.asyncProperty(mutate(procedures[p]!.input!(world)), async (input) => {
        const before = await httpFingerprint(portal);
        const answer = await trpc(base, world.cookies.admin, p, input, "mutation");
        check(`${p} ${JSON.stringify(input)?.slice(0, 200)}`, answer.status);
        if (answer.status >= 400) expect(await httpFingerprint(portal), `${p} wrote on ${answer.status}`).toBe(before);
      }),
      { numRuns: FUZZ_RUNS, seed: 16 },
    );
  }
  for (const key of Object.keys(restMatrix).filter((k) => /^(POST|PUT|PATCH|DELETE) \/api\/v1\//.test(k))) {
    const valid = restMatrix[key]!.body ?? {};
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutate(valid).map((b) => JSON.stringify(b) ?? ""), fc.string({ maxLength: 100 })), async (body) => {
        const before = await httpFingerprint(portal);
        const { method, url, headers } = restRequestParts(world, key, `Bearer ${ADMIN_TOKEN}`, undefined, base);
        const status = (await fetch(url, { method, headers, body })).status;
        check(`${key} ${body.slice(0, 200)}`, status);
        if (status >= 400) expect(await httpFingerprint(portal), `${key} wrote on ${status}`).toBe(before);
      }),
      { numRuns: FUZZ_RUNS, seed: 16 },
    );
  }
  // Query strings of every REST read, and path parameters of every route.
  const queryValue = fc.oneof(fc.string({ maxLength: 50 }), nasty.map((v) => JSON.stringify(v) ?? ""), fc.constantFrom("-1", "0", "1e9", "NaN", "%00", "$title:sideways", JSON.stringify({ combinator: "xor" })));
  const reads = Object.keys(restMatrix).filter((k) => k.startsWith("GET /api/v1/"));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...reads), fc.dictionary(fc.constantFrom("limit", "cursor", "sort", "q", "query", "property", "from", "to", "actor", "action", "resourceType"), queryValue, { maxKeys: 4 }), async (key, params) => {
      const { url, headers } = restRequestParts(world, key, `Bearer ${ADMIN_TOKEN}`, undefined, base);
      const target = new URL(url);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      check(`${key}${target.search}`, (await fetch(target, { headers })).status);
    }),
    { numRuns: FUZZ_RUNS * 10, seed: 16 },
  );
  const routes = Object.keys(restMatrix).filter((k) => /\[\w+\]/.test(k) && k.includes("/api/v1/"));
  const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom("..", "%2e%2e", "\u0000", "a".repeat(300), "__proto__", "00000000-0000-4000-8000-000000000000", "not-a-uuid", "😀"));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), segment, async (key, value) => {
      const [method, route] = key.split(" ") as [string, string];
      const path = route.replace(/\[(\w+)\]/g, () => encodeURIComponent(value));
      const body = method === "GET" || method === "DELETE" ? undefined : JSON.stringify(restMatrix[key]!.body ?? {});
      const before = method === "GET" ? "" : await httpFingerprint(portal);
      const status = (await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" }, body })).status;
      check(`${method} ${path}`, status);
      if (method !== "GET" && status >= 400) expect(await httpFingerprint(portal)).toBe(before);
    }),
    { numRuns: FUZZ_RUNS * 10, seed: 16 },
  );
  expect(failures).toEqual([]);
});

test("a missing resource or an unknown address is a 404 in the app's frame with a way back, never an error page", async () => {
  const missing = [
    "/no-such-page",
    "/admin/no-such-page",
    "/catalog/no-such-blueprint",
    "/catalog/no-such-blueprint/-/new",
    "/catalog/service/no-such-entity",
    "/catalog/service/no-such-entity/edit",
    "/catalog/service/no-such-entity/definition",
    "/catalog/service/no-such-entity/delivery",
    "/catalog/service/no-such-entity/scorecards",
    "/catalog/no-such-blueprint/x/scorecards",
    "/scorecards/service/no-such-scorecard",
    "/admin/scorecards/service/no-such-scorecard",
    "/admin/blueprints/no-such-blueprint",
    "/admin/actions/no-such-action",
    "/admin/teams/no-such-team",
    "/teams/no-such-team",
    "/environments/no-such-environment",
    "/runs/00000000-0000-4000-8000-000000000000",
    "/runs/not-a-run-id",
    "/self-service/no-such-action",
  ];
  const answers: Record<string, string> = {};
  for (const path of missing) {
    const res = await fetch(`${base}${path}`, { headers: { cookie: world.cookies.admin }, redirect: "manual" });
    const html = await res.text();
    const shown = html.includes("Nothing lives at this address") ? "not-found" : html.includes("Something went wrong") ? "error page" : "other";
    answers[path] = `${res.status} ${shown} ${html.includes("Skip to content") ? "in the shell" : "bare"}`;
  }
  expect(answers).toEqual(Object.fromEntries(missing.map((p) => [p, "404 not-found in the shell"])));
  // Signed out, any page asks to sign in first (which pages exist is not told to strangers), then comes back here.
  const anonymous = await fetch(`${base}/no-such-page`, { redirect: "manual" });
  expect(anonymous.status).toBe(307);
  expect(anonymous.headers.get("location")).toMatch(/\/signin\?callbackUrl=%2Fno-such-page$/);
});

