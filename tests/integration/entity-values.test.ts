import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { entities, teams } from "@/db/schema";
import { deleteBlueprint, putBlueprint } from "@/server/catalog/blueprints";
import { deleteEntity, patchEntity, upsertEntities } from "@/server/catalog/entities";
import type { Query } from "@/server/catalog/query";
import { matchesQuery } from "@/server/catalog/query-eval";
import { entityFacets, searchEntities } from "@/server/catalog/search";
import { currentValueSlots } from "@/server/catalog/value-slots";
import type { UserActor } from "@/server/context";
import { createTestDatabase, makeUser, serviceContext } from "../support/db";

// entity_values (value-slots.ts) is kept by database triggers; search totals and facets read it.
// These tests write through the real services and check both against the in-memory evaluator.
const { db } = await createTestDatabase();
let admin: UserActor;
const ctx = () => serviceContext(db, admin);

const schema = {
  properties: {
    lifecycle: { type: "string" as const, enum: ["production", "experimental", "deprecated"] },
    language: { type: "string" as const },
    score: { type: "number" as const },
    public: { type: "boolean" as const },
    readme: { type: "string" as const, format: "markdown" as const },
  },
  required: [],
};

beforeAll(async () => {
  admin = await makeUser(db, "admin@example.com", "admin");
  await db.insert(teams).values([{ id: "red", title: "Red" }, { id: "blue", title: "Blue" }]);
  await putBlueprint({ ctx: ctx(), input: { identifier: "svc", title: "Service", schema } });
  await upsertEntities({
    ctx: ctx(),
    input: {
      blueprint: "svc",
      mode: "upsert",
      bulk: true,
      entities: Array.from({ length: 40 }, (_, i) => ({
        identifier: `s-${String(i).padStart(2, "0")}`,
        team: i % 5 === 0 ? [] : [i % 2 ? "red" : "blue"],
        properties: {
          lifecycle: ["production", "experimental", "deprecated"][i % 3],
          ...(i % 4 ? { language: ["Go", "Rust"][i % 2] } : {}),
          score: i * 10,
          public: i % 3 === 0,
          readme: "# hi",
        },
      })),
    },
  });
});

const queries: Query[] = [
  { combinator: "and", rules: [] },
  { combinator: "and", rules: [{ property: "lifecycle", operator: "=", value: "production" }] },
  {
    combinator: "and",
    rules: [
      { property: "lifecycle", operator: "in", value: ["production", "experimental"] },
      { property: "score", operator: ">=", value: 150 },
    ],
  },
  {
    combinator: "or",
    rules: [
      { property: "public", operator: "=", value: true },
      { meta: "$team", operator: "=", value: "red" },
    ],
  },
  { combinator: "and", rules: [{ property: "language", operator: "!=", value: "Go" }, { meta: "$identifier", operator: "beginsWith", value: "s-1" }] },
  { combinator: "and", rules: [{ property: "score", operator: "between", value: [100, 200] }, { meta: "$team", operator: "isEmpty" }] },
];

async function expectCountsAndFacetsMatch() {
  const all = await db.select().from(entities).where(eq(entities.blueprint, "svc")).orderBy(asc(entities.identifier));
  const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from entity_values where blueprint = 'svc'`)) as unknown as [{ n: number }];
  expect(n).toBe(all.length);
  for (const query of queries) {
    const matching = all.filter((e) => matchesQuery(e, query));
    const page = await searchEntities({ ctx: ctx(), input: { blueprint: "svc", query, limit: 5 } });
    expect(page.total, JSON.stringify(query)).toBe(matching.length);
    for (const property of ["lifecycle", "language", "score", "public", "$team"]) {
      const facets = await entityFacets({ ctx: ctx(), input: { blueprint: "svc", property, query } });
      const expected = new Map<unknown, number>();
      for (const e of matching) {
        const values = property === "$team" ? (e.team.length ? e.team : [null]) : [e.properties[property] ?? null];
        for (const v of values) expected.set(v, (expected.get(v) ?? 0) + 1);
      }
      const got = new Map(facets.values.map((v) => [v.value, v.count]));
      expect(got, `${property} ${JSON.stringify(query)}`).toEqual(expected);
    }
  }
}

describe("entity_values, the narrow copy behind totals and facets", () => {
  it("answers totals and facets exactly after bulk writes", async () => {
    expect(await currentValueSlots(db, "svc", schema)).toEqual({ strings: ["lifecycle", "language"], numbers: ["score"], booleans: ["public"] });
    await expectCountsAndFacetsMatch();
  });

  it("follows patches, replacements and deletions in the same transaction", async () => {
    await patchEntity({ ctx: ctx(), input: { blueprint: "svc", identifier: "s-01", patch: { properties: { lifecycle: "deprecated", language: "Go" }, team: ["blue"] } } });
    await upsertEntities({ ctx: ctx(), input: { blueprint: "svc", mode: "upsert", bulk: false, entities: [{ identifier: "s-02", properties: { score: 5 } }] } });
    await deleteEntity({ ctx: ctx(), input: { blueprint: "svc", identifier: "s-03" } });
    const [row] = await db.execute<{ lifecycle: string; team: string[] }>(sql`select s1 as lifecycle, team from entity_values where blueprint = 'svc' and identifier = 's-01'`);
    expect(row).toEqual({ lifecycle: "deprecated", team: ["blue"] });
    await expectCountsAndFacetsMatch();
  });

  it("reassigns slots and rewrites the rows when the blueprint changes, and drops them with it", async () => {
    const changed = {
      ...schema,
      properties: { tier: { type: "string" as const, enum: ["t1", "t2"] }, ...schema.properties, score: { type: "string" as const } },
    };
    await putBlueprint({ ctx: ctx(), input: { identifier: "svc", title: "Service", schema: changed } });
    // score became a string property: the numbers no longer fit it, so it reads as missing in the slots.
    expect(await currentValueSlots(db, "svc", changed)).toEqual({ strings: ["tier", "lifecycle", "language", "score"], numbers: [], booleans: ["public"] });
    const lifecycle = await entityFacets({ ctx: ctx(), input: { blueprint: "svc", property: "lifecycle" } });
    expect(lifecycle.values.reduce((sum, v) => sum + v.count, 0)).toBe(39);

    await putBlueprint({ ctx: ctx(), input: { identifier: "svc", title: "Service", schema } });
    await expectCountsAndFacetsMatch();

    await deleteBlueprint({ ctx: ctx(), input: { identifier: "svc", confirm: true } });
    const left = await db.execute(sql`select 1 from entity_values where blueprint = 'svc' union all select 1 from blueprint_value_slots where blueprint = 'svc'`);
    expect(left).toHaveLength(0);
  });
});
