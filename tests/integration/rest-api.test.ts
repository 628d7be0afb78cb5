import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditEvents } from "@/db/schema";
import { createApiToken, revokeApiToken } from "@/server/identity/tokens";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

// The route handlers read configuration and the database the way the server does.
const { db, url } = await createTestDatabase();
process.env.PORTICO_EMBEDDED_DATABASE_URL = url;
process.env.PORTICO_STATIC_TOKENS = "ci:admin:static-admin-secret-0123,reader:member:static-reader-secret-0123";

const blueprintsRoute = await import("@/app/api/v1/blueprints/route");
const blueprintRoute = await import("@/app/api/v1/blueprints/[bp]/route");
const entitiesRoute = await import("@/app/api/v1/blueprints/[bp]/entities/route");
const entityRoute = await import("@/app/api/v1/blueprints/[bp]/entities/[id]/route");
const bulkRoute = await import("@/app/api/v1/blueprints/[bp]/entities/bulk/route");
const facetsRoute = await import("@/app/api/v1/blueprints/[bp]/facets/route");
const auditRoute = await import("@/app/api/v1/audit-log/route");
const scorecardRoute = await import("@/app/api/v1/blueprints/[bp]/scorecards/[id]/route");
const entityScorecardsRoute = await import("@/app/api/v1/blueprints/[bp]/entities/[id]/scorecards/route");

const ADMIN = "Bearer static-admin-secret-0123";
const READER = "Bearer static-reader-secret-0123";

function request(method: string, path: string, auth: string | null, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) headers.authorization = auth;
  return new Request(`http://localhost${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

const service = {
  title: "Service",
  schema: { properties: { lifecycle: { type: "string", enum: ["production", "experimental"] }, url: { type: "string", format: "url" } }, required: ["lifecycle"] },
  relations: { dependsOn: { target: "service", many: true } },
};

beforeAll(async () => {
  const res = await blueprintRoute.PUT(request("PUT", "/api/v1/blueprints/service", ADMIN, service), params({ bp: "service" }));
  expect(res.status).toBe(201);
});

describe("REST API v1 with a static admin token", () => {
  it("creates, reads, replaces, patches, lists and deletes entities", async () => {
    const create = await entitiesRoute.POST(
      request("POST", "/api/v1/blueprints/service/entities", ADMIN, { identifier: "payments", title: "Payments", properties: { lifecycle: "production" } }),
      params({ bp: "service" }),
    );
    expect(create.status).toBe(201);
    expect(create.headers.get("x-request-id")).toBeTruthy();
    expect(await create.json()).toMatchObject({ identifier: "payments", blueprint: "service", createdBy: "token:ci", team: [] });

    const again = await entitiesRoute.POST(request("POST", "/x", ADMIN, { identifier: "payments", properties: { lifecycle: "production" } }), params({ bp: "service" }));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: "CONFLICT", message: "service payments already exists" } });

    const put = await entityRoute.PUT(request("PUT", "/x", ADMIN, { title: "Payments v2", properties: { lifecycle: "experimental" } }), params({ bp: "service", id: "payments" }));
    expect(put.status).toBe(200);
    const patch = await entityRoute.PATCH(request("PATCH", "/x", ADMIN, { properties: { url: "https://pay.example.com" } }), params({ bp: "service", id: "payments" }));
    expect(await patch.json()).toMatchObject({ title: "Payments v2", properties: { lifecycle: "experimental", url: "https://pay.example.com" } });

    const get = await entityRoute.GET(request("GET", "/x", ADMIN), params({ bp: "service", id: "payments" }));
    expect(await get.json()).toMatchObject({ identifier: "payments", properties: { url: "https://pay.example.com" } });

    const query = encodeURIComponent(JSON.stringify({ combinator: "and", rules: [{ property: "lifecycle", operator: "=", value: "experimental" }] }));
    const list = await entitiesRoute.GET(request("GET", `/api/v1/blueprints/service/entities?query=${query}&sort=$title:desc&limit=10`, ADMIN), params({ bp: "service" }));
    expect(await list.json()).toMatchObject({ total: 1, nextCursor: null, items: [{ identifier: "payments" }] });

    const del = await entityRoute.DELETE(request("DELETE", "/x", ADMIN), params({ bp: "service", id: "payments" }));
    expect(del.status).toBe(204);
    const gone = await entityRoute.GET(request("GET", "/x", ADMIN), params({ bp: "service", id: "payments" }));
    expect(gone.status).toBe(404);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "service/payments")).orderBy(auditEvents.id);
    expect(events.map((e) => [e.action, e.origin, e.actorLabel])).toEqual([
      ["entity.create", "api", "token:ci"],
      ["entity.update", "api", "token:ci"],
      ["entity.update", "api", "token:ci"],
      ["entity.delete", "api", "token:ci"],
    ]);
  });

  it("bulk-upserts and counts facets", async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ identifier: `svc-${i}`, properties: { lifecycle: i < 20 ? "production" : "experimental" } }));
    const res = await bulkRoute.POST(request("POST", "/x", ADMIN, items), params({ bp: "service" }));
    expect(await res.json()).toMatchObject({ created: 50, updated: 0 });
    const facets = await facetsRoute.GET(request("GET", "/api/v1/blueprints/service/facets?property=lifecycle", ADMIN), params({ bp: "service" }));
    expect(await facets.json()).toEqual({ property: "lifecycle", values: [{ value: "experimental", count: 30 }, { value: "production", count: 20 }] });
    const tooMany = await bulkRoute.POST(request("POST", "/x", ADMIN, Array.from({ length: 1001 }, (_, i) => ({ identifier: `x${i}` }))), params({ bp: "service" }));
    expect(tooMany.status).toBe(400);
  });

  it("puts, reads and deletes a scorecard, and reads an entity's results", async () => {
    const scorecard = {
      title: "Docs",
      levels: [{ title: "None", color: "gray" }, { title: "Linked", color: "green" }],
      rules: [{ identifier: "url", title: "Has a URL", level: "Linked", query: { combinator: "and", rules: [{ property: "url", operator: "isNotEmpty" }] } }],
    };
    const put = await scorecardRoute.PUT(request("PUT", "/x", ADMIN, scorecard), params({ bp: "service", id: "docs" }));
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ identifier: "docs", blueprint: "service", levels: scorecard.levels });
    const bad = await scorecardRoute.PUT(request("PUT", "/x", ADMIN, { ...scorecard, rules: [{ ...scorecard.rules[0], level: "Gold" }] }), params({ bp: "service", id: "docs" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ path: "/rules/0/level", message: "must be one of the levels: None, Linked" }]);
    const readerPut = await scorecardRoute.PUT(request("PUT", "/x", READER, scorecard), params({ bp: "service", id: "docs" }));
    expect(readerPut.status).toBe(403);

    await entitiesRoute.POST(request("POST", "/x", ADMIN, { identifier: "scored", properties: { lifecycle: "production", url: "https://s.example" } }), params({ bp: "service" }));
    const results = await entityScorecardsRoute.GET(request("GET", "/x", READER), params({ bp: "service", id: "scored" }));
    expect(await results.json()).toMatchObject({ items: [{ identifier: "docs", level: { title: "Linked" }, score: 100, rules: [{ identifier: "url", passed: true }] }] });
    expect((await entityScorecardsRoute.GET(request("GET", "/x", READER), params({ bp: "service", id: "ghost" }))).status).toBe(404);

    expect((await scorecardRoute.GET(request("GET", "/x", READER), params({ bp: "service", id: "docs" }))).status).toBe(200);
    expect((await scorecardRoute.DELETE(request("DELETE", "/x", ADMIN), params({ bp: "service", id: "docs" }))).status).toBe(200);
    expect((await scorecardRoute.GET(request("GET", "/x", READER), params({ bp: "service", id: "docs" }))).status).toBe(404);
  });

  it("reads Port's entity flags: create_missing_related_entities and upsert", async () => {
    await blueprintRoute.PUT(request("PUT", "/api/v1/blueprints/region", ADMIN, { title: "Region" }), params({ bp: "region" }));
    await blueprintRoute.PUT(
      request("PUT", "/api/v1/blueprints/cloudResource", ADMIN, { title: "Cloud resource", relations: { region: { target: "region" } } }),
      params({ bp: "cloudResource" }),
    );
    const db1 = { identifier: "db-1", relations: { region: "eu-west-1" } };
    // Without the flag a missing target is a 400 at the relation; with it the target is created, audited.
    const refused = await entitiesRoute.POST(request("POST", "/api/v1/blueprints/cloudResource/entities", ADMIN, db1), params({ bp: "cloudResource" }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details).toEqual([{ path: "/relations/region", message: "region eu-west-1 does not exist" }]);
    const made = await entitiesRoute.POST(
      request("POST", "/api/v1/blueprints/cloudResource/entities?create_missing_related_entities=true", ADMIN, db1),
      params({ bp: "cloudResource" }),
    );
    expect(made.status).toBe(201);
    const region = await entityRoute.GET(request("GET", "/api/v1/blueprints/region/entities/eu-west-1", ADMIN), params({ bp: "region", id: "eu-west-1" }));
    expect(await region.json()).toMatchObject({ identifier: "eu-west-1", blueprint: "region" });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "region/eu-west-1"))).toHaveLength(1);
    // A required property an identifier cannot give: refused at the relation, nothing written.
    const required = await bulkRoute.POST(
      request("POST", "/api/v1/blueprints/service/entities/bulk?create_missing_related_entities=true", ADMIN, {
        entities: [{ identifier: "needs-dep", properties: { lifecycle: "production" }, relations: { dependsOn: ["ghost"] } }],
      }),
      params({ bp: "service" }),
    );
    expect(required.status).toBe(400);
    expect((await required.json()).error.details[0]).toMatchObject({ path: "/0/relations/dependsOn" });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.resourceId, "service/needs-dep"))).toHaveLength(0);
    // Port's upsert=true on POST replaces instead of 409; a bad flag is a 400.
    const again = await entitiesRoute.POST(request("POST", "/api/v1/blueprints/cloudResource/entities?upsert=true", ADMIN, { ...db1, title: "DB 1" }), params({ bp: "cloudResource" }));
    expect(again.status).toBe(200);
    expect((await again.json()).title).toBe("DB 1");
    const bad = await entitiesRoute.POST(request("POST", "/api/v1/blueprints/cloudResource/entities?upsert=yes", ADMIN, db1), params({ bp: "cloudResource" }));
    expect((await bad.json()).error.details).toEqual([{ path: "/query/upsert", message: 'must be "true" or "false"' }]);
  });

  it("answers bad input with 400 and JSON-pointer details, writing nothing", async () => {
    const res = await entityRoute.PUT(request("PUT", "/x", ADMIN, { properties: { lifecycle: "retired", url: "nope" }, relations: { dependsOn: ["ghost"] } }), params({ bp: "service", id: "broken" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "VALIDATION",
        message: "The entity is invalid",
        details: expect.arrayContaining([
          { path: "/properties/lifecycle", message: "must be one of production, experimental" },
          { path: "/properties/url", message: "must be an http(s) or mailto: URL" },
          { path: "/relations/dependsOn", message: "service ghost does not exist" },
        ]),
      },
    });
    expect((await entityRoute.GET(request("GET", "/x", ADMIN), params({ bp: "service", id: "broken" }))).status).toBe(404);
    const badJson = await entitiesRoute.POST(request("POST", "/x", ADMIN, "{nope"), params({ bp: "service" }));
    expect(badJson.status).toBe(400);
    const badQuery = await entitiesRoute.GET(request("GET", "/api/v1/blueprints/service/entities?query=%7Bx", ADMIN), params({ bp: "service" }));
    expect(badQuery.status).toBe(400);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const huge = JSON.stringify([{ identifier: "x", title: "y".repeat(6 * 1024 * 1024) }]);
    const res = await bulkRoute.POST(request("POST", "/x", ADMIN, huge), params({ bp: "service" }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("REST API v1 authentication", () => {
  it("answers missing and unknown tokens with 401", async () => {
    expect((await blueprintsRoute.GET(request("GET", "/x", null))).status).toBe(401);
    const bad = await blueprintsRoute.GET(request("GET", "/x", "Bearer ptc_not-a-token"));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Invalid or revoked API token" } });
  });

  it("lets member tokens read but not write, nor read the audit log", async () => {
    expect((await blueprintsRoute.GET(request("GET", "/x", READER))).status).toBe(200);
    const write = await entityRoute.PUT(request("PUT", "/x", READER, { properties: { lifecycle: "production" } }), params({ bp: "service", id: "reader" }));
    expect(write.status).toBe(403);
    expect((await blueprintRoute.PUT(request("PUT", "/x", READER, service), params({ bp: "other" }))).status).toBe(403);
    expect((await auditRoute.GET(request("GET", "/api/v1/audit-log", READER))).status).toBe(403);
  });

  it("accepts a token created in the UI until it is revoked, recording its last use", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const ctx = serviceContext(db, admin);
    const created = await createApiToken({ ctx, input: { name: "exporter", role: "admin" } });
    expect(created.token).toMatch(/^ptc_/);
    const [stored] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(stored!.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain(created.token);

    const auth = `Bearer ${created.token}`;
    const audit = await auditRoute.GET(request("GET", "/api/v1/audit-log?action=api-token.create", auth));
    expect(audit.status).toBe(200);
    expect((await audit.json()).items[0]).toMatchObject({ action: "api-token.create", resourceId: created.id });
    const [used] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(used!.lastUsedAt).not.toBeNull();

    await revokeApiToken({ ctx, input: { id: created.id } });
    expect((await blueprintsRoute.GET(request("GET", "/x", auth))).status).toBe(401);
  });

  it("refuses a token once it has expired, saying so and what to do", async () => {
    const admin = await makeUser(db, "expiry-admin@example.com", "admin");
    const ctx = serviceContext(db, admin);
    const created = await createApiToken({ ctx, input: { name: "ci-deploy", role: "member", expiresInDays: 30 } });
    expect(created.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const auth = `Bearer ${created.token}`;
    expect((await blueprintsRoute.GET(request("GET", "/x", auth))).status).toBe(200);
    // Thirty days later (the clock moved by setting the expiry into the past).
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, created.id));
    const refused = await blueprintsRoute.GET(request("GET", "/x", auth));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toMatch(/^This API token expired on \d{4}-\d{2}-\d{2}; an admin creates a new one in Admin → API tokens$/);
    await expect(createApiToken({ ctx, input: { name: "x", role: "member", expiresInDays: 0 } })).rejects.toMatchObject({ details: [{ path: "/expiresInDays", message: "must be at least 1 day" }] });
  });
});

describe("POST /api/v1/import/backstage", () => {
  it("imports a multi-document YAML body and answers the report", async () => {
    const route = await import("@/app/api/v1/import/backstage/route");
    const yaml = (await import("node:fs")).readFileSync("tests/fixtures/backstage-catalog.yaml", "utf8");
    const res = await route.POST(new Request("http://localhost/api/v1/import/backstage", { method: "POST", headers: { authorization: ADMIN, "content-type": "application/yaml" }, body: yaml }));
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.created).toEqual(expect.arrayContaining([{ kind: "service", identifier: "cart-service", document: 3 }]));
    const empty = await route.POST(new Request("http://localhost/x", { method: "POST", headers: { authorization: ADMIN }, body: "" }));
    expect(empty.status).toBe(400);
  });

  it("plans with ?dryRun=true, takes several files as JSON, and refuses a file with errors unless mode=valid", async () => {
    const route = await import("@/app/api/v1/import/backstage/route");
    const post = (query: string, body: string, type: string) =>
      route.POST(new Request(`http://localhost/api/v1/import/backstage${query}`, { method: "POST", headers: { authorization: ADMIN, "content-type": type }, body }));
    const files = {
      files: [
        { path: "catalog-info.yaml", content: "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: root }\nspec:\n  target: ./apis/rest.yaml\n" },
        { path: "apis/rest.yaml", content: "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: rest-json }\nspec:\n  type: openapi\n  definition: { $text: ./spec.yaml }\n" },
        { path: "apis/spec.yaml", content: "openapi: 3.1.0\n" },
      ],
    };
    const plan = await post("?dryRun=true", JSON.stringify(files), "application/json");
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ dryRun: true, applied: false, documents: 2, created: [{ kind: "api", identifier: "rest-json", document: 2 }], problems: [] });
    const applied = await (await post("", JSON.stringify(files), "application/json")).json();
    expect(applied).toMatchObject({ applied: true, created: [{ kind: "api", identifier: "rest-json" }] });

    const mixed = "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: fine-api }\nspec: { type: openapi }\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: bad-api, tags: nope }\nspec: { type: openapi }\n";
    const refused = await post("", mixed, "application/yaml");
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({
      code: "VALIDATION",
      details: [{ path: "/documents/2/metadata/tags", message: "must be a list of strings", document: 2, ref: "api:default/bad-api" }],
    });
    const partial = await post("?mode=valid", mixed, "application/yaml");
    expect(await partial.json()).toMatchObject({ applied: true, created: [{ kind: "api", identifier: "fine-api" }], skipped: [{ document: 2, ref: "api:default/bad-api" }] });
    expect((await post("?mode=sometimes", mixed, "application/yaml")).status).toBe(400);
  });
});
