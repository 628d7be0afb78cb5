import { and, asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blueprints, blueprintValueSlots, entities } from "@/db/schema";
import { comparisonOperators, metaFields, type Condition, type JsonValue, type Query, type Rule } from "@/server/catalog/query";
import { matchesQuery, type RelatedResolver } from "@/server/catalog/query-eval";
import { compileQuery } from "@/server/catalog/query-sql";
import { compileSlotQuery, type ValueSlots } from "@/server/catalog/value-slots";
import { createTestDatabase } from "../support/db";

const { db } = await createTestDatabase();
await db.insert(blueprints).values({ identifier: "thing", title: "Thing", createdBy: "test", updatedBy: "test" });

// Small domains, so that generated queries often hit generated values.
const text = fc.string({ unit: fc.constantFrom("a", "b", "A", "é", "%", "_", " ", "😀"), maxLength: 4 });
const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.5, -0.5, 2.25));
const scalar: fc.Arbitrary<JsonValue> = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("x", "y"), scalar, { maxKeys: 2, noNullPrototype: true }) },
);
const dates = ["2025-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "2026-06-01T12:00:00.000Z"];
const propertyKeys = ["s", "n", "v", "arr"];
const ids = ["e0", "e1", "e2", "e3", "e4", "e5"];

const entityArb = fc.record({
  title: fc.option(text, { nil: null }),
  team: fc.subarray(["a", "b", "c"]),
  properties: fc.dictionary(fc.constantFrom(...propertyKeys), value, { maxKeys: 4, noNullPrototype: true }),
  relations: fc.dictionary(fc.constantFrom("rel"), fc.oneof(fc.constantFrom(...ids), fc.subarray(ids, { maxLength: 3 })), { maxKeys: 1, noNullPrototype: true }),
  createdAt: fc.constantFrom(...dates),
});

const fieldArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...propertyKeys, "missing").map((property) => ({ property })) },
  { weight: 1, arbitrary: fc.constant({ relation: "rel" }) },
  { weight: 2, arbitrary: fc.constantFrom(...metaFields.filter((m) => !m.endsWith("At"))).map((meta) => ({ meta })) },
);

const conditionArbOf = (fieldArb: fc.Arbitrary<{ property: string } | { relation: string } | { meta: string }>): fc.Arbitrary<Condition> => fc.oneof(
  fc.tuple(fieldArb, fc.constantFrom("=", "!="), value).map(([f, operator, v]) => ({ ...f, operator, value: v }) as Condition),
  fc.tuple(fieldArb, fc.constantFrom("<", ">", "<=", ">="), fc.oneof(text, number)).map(([f, operator, v]) => ({ ...f, operator, value: v }) as Condition),
  fc.tuple(fieldArb, fc.constantFrom("contains", "doesNotContain"), scalar).map(([f, operator, v]) => ({ ...f, operator, value: v }) as Condition),
  fc.tuple(fieldArb, fc.array(scalar, { minLength: 1, maxLength: 3 })).map(([f, v]) => ({ ...f, operator: "containsAny", value: v }) as Condition),
  fc.tuple(fieldArb, fc.constantFrom("beginsWith", "doesNotBeginWith", "endsWith", "doesNotEndWith"), text).map(([f, operator, v]) => ({ ...f, operator, value: v }) as Condition),
  fc.tuple(fieldArb, fc.constantFrom("isEmpty", "isNotEmpty")).map(([f, operator]) => ({ ...f, operator }) as Condition),
  fc.tuple(fieldArb, fc.array(value, { minLength: 1, maxLength: 3 })).map(([f, v]) => ({ ...f, operator: "in", value: v }) as Condition),
  fc.tuple(fieldArb, fc.oneof(fc.tuple(number, number), fc.tuple(text, text))).map(([f, v]) => ({ ...f, operator: "between", value: v }) as Condition),
  fc.tuple(
    fc.constantFrom("$createdAt", "$updatedAt" as const),
    fc.constantFrom("=", "!=", "<", ">", "<=", ">=", "isEmpty", "isNotEmpty"),
    fc.constantFrom(...dates, "2025-06-01T00:00:00Z"),
  ).map(([meta, operator, v]) => (operator.startsWith("is") ? { meta, operator } : { meta, operator, value: v }) as Condition),
);

const queryArbOf = (conditionArb: fc.Arbitrary<Rule>): fc.Arbitrary<Query> =>
  fc.letrec<{ query: Query }>((tie) => ({
    query: fc.record({
      combinator: fc.constantFrom("and", "or"),
      rules: fc.array(fc.oneof({ weight: 4, arbitrary: conditionArb }, { weight: 1, arbitrary: tie("query") }), { maxLength: 3 }),
    }),
  })).query;
// Beyond Port: comparisons of two properties, and rules about related entities ("rel" points to other
// things; "$team" to team entities, of which there are none here, so it never matches).
const comparisonArb: fc.Arbitrary<Rule> = fc
  .tuple(fc.constantFrom(...propertyKeys, "missing"), fc.constantFrom(...comparisonOperators), fc.constantFrom(...propertyKeys, "missing"))
  .map(([property, operator, other]) => ({ property, operator, valueFrom: { property: other } }));
const plainQueryArb = queryArbOf(conditionArbOf(fieldArb));
const relatedArb: fc.Arbitrary<Rule> = fc.record({ related: fc.constantFrom("rel", "rel", "$team"), query: plainQueryArb });
const queryArb = queryArbOf(fc.oneof({ weight: 6, arbitrary: conditionArbOf(fieldArb) }, { weight: 1, arbitrary: comparisonArb }, { weight: 1, arbitrary: relatedArb }));
// Mostly the fields entity_values holds (the slotted properties s, n and b, the team, the identifier).
const slotQueryArb = queryArbOf(
  conditionArbOf(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("s", "n", "b").map((property) => ({ property })) },
      { weight: 2, arbitrary: fc.constantFrom("$team", "$identifier").map((meta) => ({ meta })) },
      { weight: 1, arbitrary: fc.constantFrom("v", "missing").map((property) => ({ property })) },
    ),
  ),
);

// Entities as a blueprint would accept them when "s" and "n" are declared scalar (indexed) properties.
const scalarEntityArb = entityArb.chain((e) =>
  fc
    .record({
      s: fc.option(fc.oneof(text, fc.constant(null)), { nil: undefined }),
      n: fc.option(fc.oneof(number, fc.constant(null)), { nil: undefined }),
      b: fc.option(fc.oneof(fc.boolean(), fc.constant(null)), { nil: undefined }),
    })
    .map((v) => {
      const properties: Record<string, JsonValue> = { ...(e.properties as Record<string, JsonValue>) };
      delete properties.s;
      delete properties.n;
      delete properties.b;
      if (v.s !== undefined) properties.s = v.s;
      if (v.n !== undefined) properties.n = v.n;
      if (v.b !== undefined) properties.b = v.b;
      return { ...e, properties };
    }),
);

type GeneratedEntity = typeof entityArb extends fc.Arbitrary<infer T> ? T : never;

async function storeEntities(rows: GeneratedEntity[]) {
  await db.delete(entities).where(eq(entities.blueprint, "thing"));
  await db.insert(entities).values(
    rows.map((r, i) => ({
      ...r,
      blueprint: "thing",
      identifier: ids[i]!,
      createdAt: new Date(r.createdAt),
      updatedAt: new Date(r.createdAt),
      createdBy: "test",
      updatedBy: "test",
    })),
  );
  return db.select().from(entities).where(eq(entities.blueprint, "thing")).orderBy(asc(entities.identifier));
}

async function checkEquivalence(rows: GeneratedEntity[], queries: Query[], hints?: { indexed: Set<string> }) {
  const stored = await storeEntities(rows);
  for (const query of queries) {
    const fromSql = await db
      .select({ id: entities.identifier })
      .from(entities)
      .where(and(eq(entities.blueprint, "thing"), compileQuery(query, { ...hints, blueprint: "thing", relationTargets: { thing: { rel: "thing" } } })))
      .orderBy(asc(entities.identifier));
    const byId = new Map(stored.map((e) => [e.identifier, e]));
    const related: RelatedResolver = (e, relation) => {
      if (relation === "$team") return [];
      const raw = e.relations[relation];
      return (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : []).flatMap((id) => byId.get(id as string) ?? []);
    };
    const inMemory = stored.filter((e) => matchesQuery(e, query, related)).map((e) => e.identifier);
    expect(fromSql.map((r) => r.id), JSON.stringify(query)).toEqual(inMemory);
  }
}

// The value slots of "thing" (value-slots.ts): the database triggers copy s, n and b into entity_values.
const slots: ValueSlots = { strings: ["s"], numbers: ["n"], booleans: ["b"] };
await db.insert(blueprintValueSlots).values({ blueprint: "thing", ...slots });
let slotQueries = 0;

async function checkSlotEquivalence(rows: GeneratedEntity[], queries: Query[]) {
  const stored = await storeEntities(rows);
  for (const query of queries) {
    const condition = compileSlotQuery(query, slots);
    if (!condition) continue;
    slotQueries++;
    const fromSlots = await db.execute<{ id: string }>(sql`select ev.identifier as id from entity_values ev where ev.blueprint = 'thing' and ${condition} order by ev.identifier collate "C"`);
    const inMemory = stored.filter((e) => matchesQuery(e, query)).map((e) => e.identifier);
    expect(fromSlots.map((r) => r.id), JSON.stringify(query)).toEqual(inMemory);
  }
}

describe("the Query compiler", () => {
  it("selects exactly the entities the in-memory evaluator matches, for every operator", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entityArb, { minLength: 1, maxLength: ids.length }), fc.array(queryArb, { minLength: 5, maxLength: 5 }), (rows, queries) =>
        checkEquivalence(rows, queries),
      ),
      { numRuns: Number(process.env.QUERY_RUNS ?? 150) },
    );
  }, 600_000);

  it("gives the same answers through the property indexes' expression for properties declared scalar", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scalarEntityArb, { minLength: 1, maxLength: ids.length }), fc.array(queryArb, { minLength: 5, maxLength: 5 }), (rows, queries) =>
        checkEquivalence(rows, queries, { indexed: new Set(["s", "n"]) }),
      ),
      { numRuns: Number(process.env.QUERY_RUNS ?? 150) },
    );
  }, 600_000);

  it("gives the same answers from entity_values (kept by the triggers) when the slots can answer the query", async () => {
    slotQueries = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(scalarEntityArb, { minLength: 1, maxLength: ids.length }), fc.array(slotQueryArb, { minLength: 5, maxLength: 5 }), (rows, queries) =>
        checkSlotEquivalence(rows, queries),
      ),
      { numRuns: Number(process.env.QUERY_RUNS ?? 150) },
    );
    // Most generated queries must have gone through the slots, or the property says little.
    expect(slotQueries).toBeGreaterThan(Number(process.env.QUERY_RUNS ?? 150));
  }, 600_000);
});
