import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, blueprints, entities, teamMembers, teams, users } from "@/db/schema";
import { importBackstage, type ImportFile } from "@/server/catalog/backstage";
import { putBlueprint } from "@/server/catalog/blueprints";
import { searchEntities } from "@/server/catalog/search";
import { getTeam } from "@/server/identity/teams";
import type { UserActor } from "@/server/context";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

/** The reference fixture (tests/fixtures/backstage): every kind and field of the descriptor format, across files. */
const root = "tests/fixtures/backstage";
const upload: ImportFile[] = fs
  .readdirSync(root, { recursive: true, encoding: "utf8" })
  .filter((f) => fs.statSync(path.join(root, f)).isFile())
  .sort((a, b) => (a === "catalog-info.yaml" ? -1 : b === "catalog-info.yaml" ? 1 : a.localeCompare(b)))
  .map((f) => ({ path: f, content: fs.readFileSync(path.join(root, f), "utf8") }));
const rootOnly = upload.filter((f) => f.path === "catalog-info.yaml");

const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);
const entity = async (blueprint: string, identifier: string) => (await db.select().from(entities).where(and(eq(entities.blueprint, blueprint), eq(entities.identifier, identifier))))[0];
const auditCount = async () => (await db.select().from(auditEvents)).length;

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  // A built-in-like API blueprint whose type enum does not know `trpc` (as the demo's does).
  await putBlueprint({
    ctx: ctx(),
    input: { identifier: "api", title: "API", schema: { properties: { type: { type: "string", enum: ["openapi", "grpc", "graphql", "asyncapi"] } }, required: ["type"] } },
  });
});

describe("Backstage import: the plan", () => {
  it("a dry run lists what would change, every blueprint change and every problem, and writes nothing", async () => {
    const before = await auditCount();
    const plan = await importBackstage({ ctx: ctx(), input: { files: upload, dryRun: true } });
    expect(plan).toMatchObject({ dryRun: true, applied: false, mode: "atomic" });
    expect(await auditCount()).toBe(before);
    expect(await db.select().from(entities)).toEqual([]);
    expect((await db.select().from(blueprints)).map((b) => b.identifier)).toEqual(["api"]);

    // 1 Location + 5 org + 3 systems + 5 components + 4 APIs.
    expect(plan.documents).toBe(18);
    expect(plan.created.map((c) => `${c.kind}:${c.identifier}`).sort()).toEqual(
      [
        "team:engineering", "team:payments-team", "team:checkout-team", "user:ada@acme.com", "user:grace@acme.com",
        "domain:commerce", "domain:payments", "system:fintech.payments-platform",
        "service:payments-service", "service:ledger", "service:checkout-web", "resource:payments-db", "resource:payments-bucket",
        "api:payments-rest", "api:payments-trpc", "api:ledger-graphql", "api:payment-events",
      ].sort(),
    );
    expect(plan.skipped).toEqual([{ document: 1, file: "catalog-info.yaml", ref: "location:default/acme-catalog", reason: expect.stringContaining("followed org.yaml, systems.yaml, components.yaml, apis/apis.yaml") }]);
    const api = plan.blueprints.find((b) => b.identifier === "api")!;
    expect(api.change).toBe("update");
    expect(api.details).toEqual(expect.arrayContaining(['adds "trpc" to the allowed values of type (document 16, api:default/payments-trpc)', "adds property definition (string)", "adds relation system → system"]));
    expect(plan.blueprints.map((b) => `${b.identifier}:${b.change}`).sort()).toEqual(["api:update", "domain:create", "resource:create", "service:create", "system:create", "team:create"].sort());
    expect(plan.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(plan.problems).toEqual(
      expect.arrayContaining([
        { severity: "warning", document: 12, file: "components.yaml", ref: "component:default/checkout-web", pointer: "/spec/owner", message: "user:default/nobody is not in this upload; kept as the reference" },
      ]),
    );
  });

  it("reports every error at once with document, kind:namespace/name and JSON pointer; atomic writes nothing, valid writes the rest", async () => {
    const broken = [
      "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: good\nspec:\n  type: service\n  lifecycle: production\n  owner: nobody\n",
      "kind: Component\nmetadata: a: b\n",
      "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad-tags\n  tags: {not: a list}\n  links:\n    - url: javascript:alert(1)\nspec:\n  type: service\n",
      "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  namespace: ops\n  name: bad-type\nspec:\n  type: 42\n",
      "kind: Component\nmetadata: {}\n",
      "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: good\n",
    ].join("---\n");
    const plan = await importBackstage({ ctx: ctx(), input: { yaml: broken, dryRun: true } });
    const errors = plan.problems.filter((p) => p.severity === "error").map((p) => `${p.document} ${p.ref ?? "-"} ${p.pointer} ${p.message}`);
    expect(errors).toEqual([
      expect.stringMatching(/^2 - {2}YAML syntax error \(line 11\)/),
      "3 component:default/bad-tags /metadata/tags must be a list of strings",
      "3 component:default/bad-tags /metadata/links/0/url must be an http(s) or mailto: URL",
      "4 api:ops/bad-type /spec/type must be a string",
      "5 - /metadata/name is required",
      "6 component:default/good /metadata/name component:default/good is also defined by document 1",
    ]);

    const before = await auditCount();
    await expect(importBackstage({ ctx: ctx(), input: { yaml: broken } })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("6 problems in the import; nothing was written"),
      details: expect.arrayContaining([{ path: "/documents/3/metadata/tags", message: "must be a list of strings", document: 3, ref: "component:default/bad-tags" }]),
    });
    expect(await auditCount()).toBe(before);
    expect(await entity("service", "good")).toBeUndefined();

    const partial = await importBackstage({ ctx: ctx(), input: { yaml: broken, mode: "valid" } });
    expect(partial.applied).toBe(true);
    expect(partial.created).toEqual([{ kind: "service", identifier: "good", document: 1 }]);
    expect(partial.skipped.map((s) => s.ref)).toEqual(["component:default/bad-tags", "api:ops/bad-type"]);
    await db.delete(entities).where(eq(entities.identifier, "good"));
  });

  it("a required property of the target blueprint missing from a document is an error at its spec field", async () => {
    await putBlueprint({ ctx: ctx(), input: { identifier: "needs", title: "N", schema: { properties: {}, required: [] } } });
    const plan = await importBackstage({
      ctx: ctx(),
      input: { yaml: "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: untyped\nspec:\n  lifecycle: production\n", dryRun: true },
    });
    expect(plan.problems).toEqual([expect.objectContaining({ severity: "error", document: 1, ref: "api:default/untyped", pointer: "/spec/type", message: "is required" })]);
  });
});

describe("Backstage import: nothing lost", () => {
  it("keeps every field of every kind", async () => {
    const report = await importBackstage({ ctx: ctx(), input: { files: upload } });
    expect(report.applied).toBe(true);
    expect(report.created).toHaveLength(17);

    const svc = (await entity("service", "payments-service"))!;
    expect(svc.title).toBe("Payments service");
    expect(svc.team).toEqual(["payments-team"]);
    expect(svc.properties).toEqual({
      description: "Takes money.",
      type: "service",
      lifecycle: "production",
      tags: ["kotlin", "payments"],
      labels: { tier: "critical", language: "kotlin" },
      annotations: expect.objectContaining({ "github.com/project-slug": "acme/payments-service", "backstage.io/kubernetes-id": "payments", "argocd/app-name": "payments-prod", "pagerduty.com/service-id": "PX12345" }),
      links: [
        { url: "https://grafana.acme.com/d/payments", title: "Dashboard", icon: "dashboard", type: "grafana" },
        { url: "https://runbooks.acme.com/payments", title: "Runbook" },
      ],
      // Acted on: the project slug is the repository (the Delivery tab and "Has a repository" use it).
      repository: "https://github.com/acme/payments-service",
      backstage: { metadata: { customField: "kept as it was" }, spec: { extraSpec: { retries: 3 } } },
    });
    expect(Object.keys(svc.properties.annotations as object)).toHaveLength(11);
    expect(svc.relations).toEqual({
      system: "fintech.payments-platform",
      providesApis: ["payments-rest", "payments-trpc"],
      consumesApis: ["ledger-graphql"],
      dependsOnResources: ["payments-db"],
      dependsOn: ["ledger"],
      dependencyOf: ["checkout-web"],
    });
    expect(await entity("service", "ledger")).toMatchObject({ team: [], properties: { type: "library", lifecycle: "experimental", ownerUser: "ada@acme.com" }, relations: { subcomponentOf: "payments-service" } });
    expect((await entity("service", "checkout-web"))!.properties).toMatchObject({ ownerUser: "user:default/nobody", lifecycle: "deprecated" });
    expect(await entity("resource", "payments-db")).toMatchObject({ relations: { system: "fintech.payments-platform", dependsOn: ["payments-bucket"], dependencyOfComponents: ["payments-service"] } });
    expect(await entity("system", "fintech.payments-platform")).toMatchObject({ title: "Payments platform", team: ["payments-team"], properties: { namespace: "fintech", type: "product" }, relations: { domain: "payments" } });
    expect(await entity("domain", "payments")).toMatchObject({ relations: { subdomainOf: "commerce" } });
    expect(await entity("domain", "commerce")).toMatchObject({ team: ["engineering"], properties: { type: "product-area", description: "Selling things" } });

    // API definitions: inline, and $text / $json substitutions from the same upload.
    expect((await entity("api", "payments-rest"))!.properties.definition).toContain("openapi: 3.0.3");
    expect(JSON.parse((await entity("api", "payment-events"))!.properties.definition as string)).toMatchObject({ asyncapi: "2.6.0" });
    expect((await entity("api", "ledger-graphql"))!.properties.definition).toContain("type Query");
    expect((await entity("api", "payments-trpc"))!.properties.type).toBe("trpc");

    // Groups: a team tree with type and profile; the group's metadata on its `team` entity.
    const eng = (await db.select().from(teams).where(eq(teams.id, "engineering")))[0]!;
    expect(eng).toMatchObject({ title: "ACME Engineering", type: "business-unit", email: "engineering@acme.com", picture: "https://avatars.acme.com/engineering.png", parentId: null });
    expect((await db.select().from(teams).where(eq(teams.id, "payments-team")))[0]).toMatchObject({ parentId: "engineering", title: "Payments" });
    expect((await db.select().from(teams).where(eq(teams.id, "checkout-team")))[0]).toMatchObject({ parentId: "engineering" });
    expect(await entity("team", "engineering")).toMatchObject({ team: ["engineering"], properties: { labels: { "cost-center": "4200" }, tags: ["org"], type: "business-unit" } });
    const team = await getTeam({ ctx: ctx(), input: { id: "engineering" } });
    expect(team.children.map((c) => c.id).sort()).toEqual(["checkout-team", "payments-team"]);
    expect(team.subtree.sort()).toEqual(["checkout-team", "engineering", "payments-team"]);

    // Users: picture, memberships from memberOf and from a group's members.
    const ada = (await db.select().from(users).where(eq(users.email, "ada@acme.com")))[0]!;
    expect(ada).toMatchObject({ name: "Ada Lovelace", image: "https://avatars.acme.com/ada.png" });
    expect((await db.select().from(teamMembers).where(eq(teamMembers.userId, ada.id))).map((m) => m.teamId).sort()).toEqual(["engineering", "payments-team"]);
    expect((await db.select().from(users).where(eq(users.email, "grace@acme.com")))).toHaveLength(1);
  });

  it("annotations and labels are queryable as <property>/<key>", async () => {
    const bySlug = await searchEntities({
      ctx: ctx(),
      input: { blueprint: "service", query: { combinator: "and", rules: [{ property: "annotations/github.com/project-slug", operator: "=", value: "acme/payments-service" }] } },
    });
    expect(bySlug.items.map((e) => e.identifier)).toEqual(["payments-service"]);
    const byLabel = await searchEntities({
      ctx: ctx(),
      input: { blueprint: "service", query: { combinator: "and", rules: [{ property: "labels/tier", operator: "in", value: ["critical"] }, { property: "annotations/argocd/app-name", operator: "beginsWith", value: "payments" }] } },
    });
    expect(byLabel.items.map((e) => e.identifier)).toEqual(["payments-service"]);
    const without = await searchEntities({ ctx: ctx(), input: { blueprint: "service", query: { combinator: "and", rules: [{ property: "annotations/backstage.io/techdocs-ref", operator: "isEmpty" }] } } });
    expect(without.items.map((e) => e.identifier).sort()).toEqual(["checkout-web", "ledger"]);
  });

  it("a 3 MB API definition is stored and its entity found by full-text search (PostgreSQL refuses a tsvector over 1 MB)", async () => {
    const paths = Array.from({ length: 25000 }, (_, i) => `  /p${i}/items/{id}/sub${i}:\n    get: { summary: "Reads item ${i} of the collection, words ${i} alpha beta gamma delta" }`).join("\n");
    const definition = `openapi: 3.0.0\ninfo: { title: Zebrafish, version: 1.0.0 }\npaths:\n${paths}\n`;
    const yaml = `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: { name: huge-api, description: a very large interface }\nspec:\n  type: openapi\n  definition: |\n${definition.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
    expect(yaml.length).toBeGreaterThan(3_000_000);
    const report = await importBackstage({ ctx: ctx(), input: { yaml } });
    expect(report.created).toEqual([{ kind: "api", identifier: "huge-api", document: 1 }]);
    for (const q of ["zebrafish", "interface"]) {
      expect((await searchEntities({ ctx: ctx(), input: { blueprint: "api", q } })).items.map((e) => e.identifier)).toEqual(["huge-api"]);
    }
    await db.delete(entities).where(eq(entities.identifier, "huge-api"));
  });

  it("importing the same upload again changes nothing", async () => {
    const before = await auditCount();
    const again = await importBackstage({ ctx: ctx(), input: { files: upload } });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.blueprints).toEqual([]);
    expect(again.unchanged).toHaveLength(17);
    expect(await auditCount()).toBe(before);
  });

  it("a Location whose target is not in the upload is an error naming it; optional ones are warnings", async () => {
    const plan = await importBackstage({ ctx: ctx(), input: { files: rootOnly, dryRun: true } });
    expect(plan.problems.map((p) => `${p.severity} ${p.pointer} ${p.message}`)).toEqual([
      "error /spec/targets/0 ./org.yaml is not in this upload: add the file to the upload, or import from its repository",
      "error /spec/targets/1 ./systems.yaml is not in this upload: add the file to the upload, or import from its repository",
      "error /spec/targets/2 ./components.yaml is not in this upload: add the file to the upload, or import from its repository",
      "error /spec/targets/3 ./apis/apis.yaml is not in this upload: add the file to the upload, or import from its repository",
    ]);
    const optional = await importBackstage({ ctx: ctx(), input: { files: [{ path: "c.yaml", content: rootOnly[0]!.content.replace("type: url", "type: url\n  presence: optional") }], dryRun: true } });
    expect(optional.problems.every((p) => p.severity === "warning")).toBe(true);
    const unresolved = await importBackstage({
      ctx: ctx(),
      input: { yaml: "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: x\nspec:\n  type: openapi\n  definition:\n    $text: ./missing.yaml\n", dryRun: true },
    });
    expect(unresolved.problems).toEqual([expect.objectContaining({ severity: "warning", pointer: "/spec/definition", message: "$text: ./missing.yaml could not be read (not in this upload); left out" })]);
  });
});
