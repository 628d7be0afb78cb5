import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { getBlueprint } from "@/server/catalog/service";
import { putBlueprint, toBlueprintJson } from "@/server/catalog/blueprints";
import { withComputed } from "@/server/catalog/computed";
import { getEntity, upsertEntities } from "@/server/catalog/entities";
import { entityFacets, searchEntities, type EntitySearch } from "@/server/catalog/search";
import { putScorecard } from "@/server/scorecards/service";
import type { UserActor } from "@/server/context";
import { importPortBlueprints } from "@/server/port/blueprints";
import { makeUser, serviceContext, createTestDatabase } from "../support/db";

/** Port blueprints as Port's integrations and docs write them: icons, API-definition properties, relation descriptions, calculation and aggregation properties. */
const [service, incident] = JSON.parse(fs.readFileSync("tests/fixtures/port/blueprints.json", "utf8")) as [Record<string, unknown>, Record<string, unknown>];
const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);
const read = async (bp: string, id: string) => (await withComputed(db, bp, [await getEntity({ ctx: ctx(), input: { blueprint: bp, identifier: id } })]))[0]!;

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
});

describe("Port blueprints as written", () => {
  it("are accepted: the service first (its aggregations' target comes next, related to it), then the incident", async () => {
    // Port's order works too: an aggregation over a blueprint not defined yet is refused with where and why…
    await expect(putBlueprint({ ctx: ctx(), input: service })).rejects.toMatchObject({
      details: expect.arrayContaining([{ path: "/aggregationProperties/openIncidents/target", message: "blueprint pagerdutyIncident does not exist" }]),
    });
    // …so the service goes first without them, as Port's own setup does, and gets them once the incident exists.
    await putBlueprint({ ctx: ctx(), input: { ...service, aggregationProperties: {} } });
    await putBlueprint({ ctx: ctx(), input: incident });
    const saved = await putBlueprint({ ctx: ctx(), input: service });
    expect(saved.created).toBe(false);
    const bp = await getBlueprint({ ctx: ctx(), input: { identifier: "service" } });
    expect(bp.schema.properties.openapi).toEqual({ title: "OpenAPI", type: "string", format: "url", spec: "open-api" });
    expect(bp.schema.properties.readme!.icon).toBe("Book");
    expect(Object.keys(bp.calculationProperties)).toEqual(["slackUrl", "displayName", "doubled"]);
    expect(bp.aggregationProperties.openIncidents!.query).toEqual({ combinator: "and", rules: [{ property: "status", operator: "=", value: "triggered" }] });
    expect((await getBlueprint({ ctx: ctx(), input: { identifier: "pagerdutyIncident" } })).relations.service!.description).toBe("The service the incident is on");
  });

  it("compute calculation properties with jq and aggregation properties in SQL when an entity is read", async () => {
    await upsertEntities({ ctx: ctx(), input: { blueprint: "service", mode: "upsert", bulk: true, entities: [{ identifier: "payments", title: "Payments", properties: { slackChannel: "pay", replicas: 3 } }, { identifier: "quiet", properties: {} }] } });
    await upsertEntities({
      ctx: ctx(),
      input: {
        blueprint: "pagerdutyIncident",
        mode: "upsert",
        bulk: true,
        entities: [
          { identifier: "i1", properties: { status: "triggered", urgency: 3 }, relations: { service: "payments" } },
          { identifier: "i2", properties: { status: "triggered", urgency: 1 }, relations: { service: "payments" } },
          { identifier: "i3", properties: { status: "resolved", urgency: 2 }, relations: { service: "payments" } },
          { identifier: "i4", properties: { status: "triggered" }, relations: { service: "quiet" } },
        ],
      },
    });
    expect((await read("service", "payments")).properties).toMatchObject({
      slackUrl: "https://slack.com/app_redirect?channel=pay",
      displayName: "PAYMENTS",
      doubled: 6,
      openIncidents: 2,
      totalUrgency: 6,
      meanUrgency: 2,
    });
    // A calculation that fails on an entity (null + 2 is fine in jq, a missing channel is not a string) is null, not an error.
    expect((await read("service", "quiet")).properties).toMatchObject({ displayName: "QUIET", doubled: null, openIncidents: 1, totalUrgency: 0, meanUrgency: null });
    // What is read can be written back: computed values are read-only and dropped on write.
    const back = await read("service", "payments");
    const [written] = await upsertEntities({ ctx: ctx(), input: { blueprint: "service", mode: "upsert", bulk: false, entities: [back] } });
    expect(written!.unchanged).toBe(true);
  });

  it("filter and sort searches by aggregation properties, computed in SQL; refuse calculation properties there by name", async () => {
    await upsertEntities({ ctx: ctx(), input: { blueprint: "service", mode: "upsert", bulk: false, entities: [{ identifier: "calm", properties: {} }] } });
    const ids = async (input: Omit<EntitySearch, "blueprint"> & { blueprint?: string }) => {
      const page = await searchEntities({ ctx: ctx(), input: { blueprint: "service", ...input } });
      return { ids: page.items.map((e) => e.identifier), total: page.total, next: page.nextCursor };
    };
    const where = (...rules: unknown[]) => ({ combinator: "and", rules });
    // payments: 2 open, urgency 6 (mean 2); quiet: 1 open, 0, no mean; calm: nothing at all.
    expect(await ids({ query: where({ property: "openIncidents", operator: ">=", value: 1 }) })).toEqual({ ids: ["payments", "quiet"], total: 2, next: null });
    expect((await ids({ query: where({ property: "openIncidents", operator: "=", value: 2 }) })).ids).toEqual(["payments"]);
    expect((await ids({ query: where({ property: "openIncidents", operator: "in", value: [0, 1] }) })).ids).toEqual(["calm", "quiet"]);
    expect((await ids({ query: where({ property: "meanUrgency", operator: "isEmpty" }) })).ids).toEqual(["calm", "quiet"]);
    expect((await ids({ query: where({ property: "totalUrgency", operator: "between", value: [1, 10] }) })).ids).toEqual(["payments"]);
    // Port's spelling of the same filter, and a comparison of two computed fields.
    expect((await ids({ query: { combinator: "and", conditions: [{ property: "openIncidents", operator: ">", value: 1 }] } })).ids).toEqual(["payments"]);
    expect((await ids({ query: where({ property: "totalUrgency", operator: ">", valueFrom: { property: "openIncidents" } }) })).ids).toEqual(["payments"]);
    // Sorted by the computed value (ties by identifier), page by page with the cursor.
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await ids({ sort: "openIncidents:desc", limit: 1, cursor });
      seen.push(...page.ids);
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(["payments", "quiet", "calm"]);
    expect((await ids({ sort: "meanUrgency:asc" })).ids).toEqual(["calm", "quiet", "payments"]);
    // Inside a related rule: the incidents of services with at least two open incidents.
    expect((await ids({ blueprint: "pagerdutyIncident", query: where({ related: "service", query: where({ property: "openIncidents", operator: ">=", value: 2 }) }) })).ids).toEqual(["i1", "i2", "i3"]);
    expect((await ids({ blueprint: "pagerdutyIncident", query: where({ related: "service", query: where({ meta: "$identifier", operator: "=", value: "quiet" }) }) })).ids).toEqual(["i4"]);
    // Never a stale count: the filter reads other entities, so its total is not cached under the service's version.
    const twoOpen = { query: where({ property: "openIncidents", operator: ">=", value: 2 }) };
    expect((await ids(twoOpen)).total).toBe(1);
    await upsertEntities({ ctx: ctx(), input: { blueprint: "pagerdutyIncident", mode: "upsert", bulk: false, entities: [{ identifier: "i5", properties: { status: "triggered" }, relations: { service: "quiet" } }] } });
    expect(await ids(twoOpen)).toMatchObject({ ids: ["payments", "quiet"], total: 2 });
    // Calculation properties are jq run on read: refused with the place and the reason, not matched against nothing.
    await expect(ids({ query: where({ property: "displayName", operator: "=", value: "PAYMENTS" }) })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "/query/rules/0/property", message: expect.stringContaining("displayName is a calculation property") }],
    });
    await expect(ids({ sort: "doubled:desc" })).rejects.toMatchObject({ details: [{ path: "/sort", message: expect.stringContaining("doubled is a calculation property") }] });
    await expect(entityFacets({ ctx: ctx(), input: { blueprint: "service", property: "openIncidents" } })).rejects.toMatchObject({
      details: [{ path: "/property", message: "openIncidents is computed when entities are read; facets count stored values" }],
    });
    // Scorecard rules name stored properties: a computed one is refused when the scorecard is saved, saying why.
    const rule = { identifier: "calm", title: "Calm", level: "Gold", query: where({ property: "openIncidents", operator: "=", value: 0 }) };
    await expect(putScorecard({ ctx: ctx(), input: { blueprint: "service", scorecard: { identifier: "calm", title: "Calm", rules: [rule] } } })).rejects.toMatchObject({
      details: [{ path: "/rules/0/query/rules/0/property", message: "openIncidents is an aggregation property of service, computed when entities are read; scorecard rules use stored properties" }],
    });
  });

  it("refuses what Port has and Portico does not by Port's name, saying what to do instead; a broken jq expression at its place", async () => {
    await expect(putBlueprint({ ctx: ctx(), input: { ...incident, identifier: "x1", relations: {}, teamInheritance: { path: "service" } } })).rejects.toMatchObject({
      details: [{ path: "/teamInheritance", message: expect.stringMatching(/^Port's teamInheritance has no counterpart: .*remove it$/) }],
    });
    await expect(putBlueprint({ ctx: ctx(), input: { ...incident, identifier: "x2", relations: {}, changelogDestination: { type: "WEBHOOK", url: "https://x.example.com" } } })).rejects.toMatchObject({
      details: [{ path: "/changelogDestination", message: expect.stringContaining("audit log") }],
    });
    await expect(putBlueprint({ ctx: ctx(), input: { ...incident, identifier: "x3", relations: {}, ownership: { type: "Inherited", path: "service" } } })).rejects.toMatchObject({
      details: [{ path: "/ownership/type", message: expect.stringContaining("use Direct") }],
    });
    await expect(putBlueprint({ ctx: ctx(), input: { ...incident, identifier: "x4", relations: {}, calculationProperties: { bad: { calculation: ".properties | (", type: "string" } } } })).rejects.toMatchObject({
      details: [{ path: "/calculationProperties/bad/calculation", message: expect.stringMatching(/^is not a jq expression: syntax error/) }],
    });
    await expect(
      putBlueprint({ ctx: ctx(), input: { ...service, identifier: "x5", aggregationProperties: { a: { type: "number", target: "pagerdutyIncident", calculationSpec: { calculationBy: "property", func: "sum", property: "status" } } } } }),
    ).rejects.toMatchObject({ details: expect.arrayContaining([{ path: "/aggregationProperties/a/calculationSpec/property", message: "status is a string; sum needs a number property" }]) });
    const perWeek = { type: "number", target: "pagerdutyIncident", calculationSpec: { calculationBy: "entities", func: "average", averageOf: "week", measureTimeBy: "$createdAt" } };
    await expect(putBlueprint({ ctx: ctx(), input: { ...service, identifier: "x6", aggregationProperties: { perWeek } } })).rejects.toMatchObject({
      details: [{ path: "/aggregationProperties/perWeek/calculationSpec/func", message: expect.stringContaining("Port's \"average\" of entities per period is not supported") }],
    });
  });
});

describe("a Backstage import into a Port blueprint", () => {
  it("extends it and keeps its calculation and aggregation properties", async () => {
    const { importBackstage } = await import("@/server/catalog/backstage");
    const report = await importBackstage({
      ctx: ctx(),
      input: { yaml: "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: from-backstage, tags: [x]}\nspec: {type: service, lifecycle: production}\n" },
    });
    expect(report.blueprints.find((b) => b.identifier === "service")!.details).toEqual(expect.arrayContaining(["adds property tags (array)"]));
    const bp = await getBlueprint({ ctx: ctx(), input: { identifier: "service" } });
    expect(Object.keys(bp.calculationProperties)).toEqual(["slackUrl", "displayName", "doubled"]);
    expect(Object.keys(bp.aggregationProperties)).toEqual(["openIncidents", "totalUrgency", "meanUrgency"]);
    expect((await read("service", "from-backstage")).properties).toMatchObject({ displayName: "FROM-BACKSTAGE", openIncidents: 0 });
  });
});

describe("Port's blueprints file", () => {
  it("is saved whole in any order (an aggregation or relation before its target), or not at all with every problem", async () => {
    const file = JSON.parse(fs.readFileSync("tests/fixtures/port/blueprints.json", "utf8")) as Record<string, unknown>[];
    const renamed = JSON.parse(JSON.stringify(file).replaceAll('"service"', '"svc2"').replaceAll('"pagerdutyIncident"', '"incident2"')) as Record<string, unknown>[];
    expect(await importPortBlueprints({ ctx: ctx(), input: renamed })).toEqual({ created: ["svc2", "incident2"], updated: [], unchanged: [] });
    expect(await importPortBlueprints({ ctx: ctx(), input: renamed })).toEqual({ created: [], updated: [], unchanged: ["svc2", "incident2"] });
    const broken = [{ ...renamed[0], identifier: "svc3", teamInheritance: { path: "x" } }, { identifier: "inc3", title: "I", relations: { s: { target: "nowhere", many: false, required: false } } }];
    await expect(importPortBlueprints({ ctx: ctx(), input: broken })).rejects.toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ path: "/0/teamInheritance" }), { path: "/1/relations/s/target", message: "blueprint nowhere does not exist" }]),
    });
    await expect(getBlueprint({ ctx: ctx(), input: { identifier: "svc3" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is also Port's API answer as saved by Port's own migration script: {ok, blueprints} with who and when on each, ignored", async () => {
    const file = JSON.parse(fs.readFileSync("tests/fixtures/port/blueprints.json", "utf8")) as Record<string, unknown>[];
    const stamps = { createdBy: "auth0|5f1b", updatedBy: "auth0|5f1b", createdAt: "2025-03-02T10:11:12.000Z", updatedAt: "2025-06-01T08:00:00.000Z" };
    const answer = { ok: true, blueprints: JSON.parse(JSON.stringify(file).replaceAll('"service"', '"svc4"').replaceAll('"pagerdutyIncident"', '"incident4"')).map((b: object) => ({ ...b, ...stamps })) };
    expect(await importPortBlueprints({ ctx: ctx(), input: answer })).toEqual({ created: ["svc4", "incident4"], updated: [], unchanged: [] });
    // And Portico's own GET sent back as a PUT changes nothing.
    const read = toBlueprintJson(await getBlueprint({ ctx: ctx(), input: { identifier: "svc4" } }));
    expect(read).toHaveProperty("createdAt");
    expect((await putBlueprint({ ctx: ctx(), input: read })).created).toBe(false);
    expect(await importPortBlueprints({ ctx: ctx(), input: [read] })).toEqual({ created: [], updated: [], unchanged: ["svc4"] });
  });
});

describe("Port property formats", () => {
  it("validate entity values: ipv4, ipv6, timer (a date-time), proto (any text)", async () => {
    await putBlueprint({
      ctx: ctx(),
      input: { identifier: "host", title: "Host", schema: { properties: { ip: { type: "string", format: "ipv4" }, ip6: { type: "string", format: "ipv6" }, ttl: { type: "string", format: "timer" }, api: { type: "string", format: "proto" } }, required: [] } },
    });
    const write = (properties: Record<string, unknown>) => upsertEntities({ ctx: ctx(), input: { blueprint: "host", mode: "upsert", bulk: false, entities: [{ identifier: "h", properties }] } });
    await write({ ip: "10.0.0.1", ip6: "::1", ttl: "2026-12-31T00:00:00Z", api: "syntax = \"proto3\";" });
    await expect(write({ ip: "10.0.0.300", ip6: "nope", ttl: "tomorrow" })).rejects.toMatchObject({
      details: [
        { path: "/properties/ip", message: "must be a valid ipv4" },
        { path: "/properties/ip6", message: "must be a valid ipv6" },
        { path: "/properties/ttl", message: "must be a valid date-time" },
      ],
    });
  });
});
