import { eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { blueprintValueSlots, VALUE_SLOTS, type BlueprintSchema } from "@/db/schema/catalog";
import { isComparison, isDateMeta, isQuery, isRelated, type Condition, type JsonValue, type Query } from "./query";

/**
 * `entity_values` keeps each entity's scalar property values in typed columns (slots), written by
 * database triggers (migration 0007). Counting or faceting 35,000 of 100,000 entities there costs a
 * third of evaluating the same conditions on jsonb, so search totals and facets use it whenever
 * every condition of the filter can be answered from slots (compileSlotQuery), and fall back to
 * `entities` otherwise.
 *
 * A slot holds a value only when it has the declared type (a string in a string slot, …), which is
 * all a blueprint accepts; like the property indexes, an entity flagged invalid with a value of
 * another type reads as missing here.
 */
export type ValueSlots = { strings: string[]; numbers: string[]; booleans: string[] };
type SlotKind = "s" | "n" | "b";

/** Markdown and YAML are documents, not values anyone filters by. */
const slotFormats = new Set([undefined, "url", "email", "date-time", "user", "team"]);

/** The slot assignment for a schema: enums first, then the other properties in schema order, while slots last. */
export function valueSlotsFor(schema: BlueprintSchema): ValueSlots {
  const entries = Object.entries(schema.properties);
  const ordered = [...entries.filter(([, p]) => p.enum), ...entries.filter(([, p]) => !p.enum)];
  return {
    strings: ordered.filter(([, p]) => p.type === "string" && slotFormats.has(p.format)).map(([k]) => k).slice(0, VALUE_SLOTS.strings),
    numbers: ordered.filter(([, p]) => p.type === "number").map(([k]) => k).slice(0, VALUE_SLOTS.numbers),
    booleans: ordered.filter(([, p]) => p.type === "boolean").map(([k]) => k).slice(0, VALUE_SLOTS.booleans),
  };
}

const sameSlots = (a: ValueSlots, b: ValueSlots) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Stores a blueprint's slot assignment and, when it changed, rewrites the blueprint's rows of
 * `entity_values`. Runs in the transaction that writes the blueprint.
 */
export async function syncValueSlots(db: DbOrTx, blueprint: string, schema: BlueprintSchema | null) {
  if (!schema) return; // the row goes with the blueprint (foreign key, on delete cascade)
  const wanted = valueSlotsFor(schema);
  const [current] = await db.select().from(blueprintValueSlots).where(eq(blueprintValueSlots.blueprint, blueprint)).for("update");
  if (current && sameSlots(current, wanted)) return;
  await db
    .insert(blueprintValueSlots)
    .values({ blueprint, ...wanted })
    .onConflictDoUpdate({ target: blueprintValueSlots.blueprint, set: wanted });
  await db.execute(sql`select portico_entity_values_rebuild(${blueprint})`);
}

/** The stored slot assignment, when it matches the schema (otherwise the slots cannot be trusted yet). */
export async function currentValueSlots(db: DbOrTx, blueprint: string, schema: BlueprintSchema): Promise<ValueSlots | undefined> {
  const [row] = await db.select().from(blueprintValueSlots).where(eq(blueprintValueSlots.blueprint, blueprint));
  return usableSlots(row, schema);
}

/** Stored slots when they are the ones the schema calls for now (else the slots cannot answer). */
export function usableSlots(row: ValueSlots | null | undefined, schema: BlueprintSchema): ValueSlots | undefined {
  if (!row) return undefined;
  const stored = { strings: row.strings, numbers: row.numbers, booleans: row.booleans };
  return sameSlots(stored, valueSlotsFor(schema)) ? stored : undefined;
}

/** The slot column of a property, with its kind. */
export function slotOf(slots: ValueSlots, property: string): { column: SQL; kind: SlotKind } | undefined {
  const find = (list: string[], kind: SlotKind) => {
    const i = list.indexOf(property);
    return i < 0 ? undefined : { column: sql.raw(`ev.${kind}${i + 1}`), kind };
  };
  return find(slots.strings, "s") ?? find(slots.numbers, "n") ?? find(slots.booleans, "b");
}

const typeOfKind: Record<SlotKind, string> = { s: "string", n: "number", b: "boolean" };
const param = (kind: SlotKind, v: string | number | boolean) =>
  kind === "n" ? sql`${String(v)}::numeric` : kind === "b" ? sql`${v}::boolean` : sql`${v}::text`;
const nonNull = (s: SQL) => sql`coalesce(${s}, false)`;
const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * The Query as a condition on `entity_values ev`, or undefined when some condition needs the entity
 * itself (relations, titles, dates, arrays, a value of another type than the slot, …). Same semantics
 * as query-sql.ts for entities a blueprint accepts; the query compiler's property test holds them equal.
 */
export function compileSlotQuery(query: Query, slots: ValueSlots): SQL | undefined {
  const parts: SQL[] = [];
  for (const rule of query.rules) {
    // Comparisons of two fields and related rules need the entities themselves.
    const part = isQuery(rule) ? compileSlotQuery(rule, slots) : isRelated(rule) || isComparison(rule) ? undefined : compileSlotCondition(rule, slots);
    if (!part) return undefined;
    parts.push(part);
  }
  if (parts.length === 0) return query.combinator === "and" ? sql`true` : sql`false`;
  return sql`(${sql.join(parts, query.combinator === "and" ? sql` and ` : sql` or `)})`;
}

function compileSlotCondition(c: Condition, slots: ValueSlots): SQL | undefined {
  if (isDateMeta(c)) return undefined;
  if ("meta" in c) {
    if (c.meta === "$team") return teamCondition(c);
    if (c.meta === "$identifier") return identifierCondition(c);
    return undefined;
  }
  if (!("property" in c)) return undefined;
  const slot = slotOf(slots, c.property);
  if (!slot) return undefined;
  const { column: x, kind } = slot;
  const fits = (v: JsonValue): v is string | number | boolean => v !== null && typeof v === typeOfKind[kind];
  const order = (s: SQL) => (kind === "s" ? sql`(${s} collate "C")` : s);
  switch (c.operator) {
    case "=":
      return fits(c.value) ? nonNull(sql`${x} = ${param(kind, c.value)}`) : undefined;
    case "!=":
      return fits(c.value) ? sql`${x} is distinct from ${param(kind, c.value)}` : undefined;
    case "in":
      return c.value.every(fits) ? nonNull(sql`${x} in (${sql.join(c.value.map((v) => param(kind, v as string | number | boolean)), sql`, `)})`) : undefined;
    case "<":
    case ">":
    case "<=":
    case ">=":
      if (kind === "b" || !fits(c.value)) return undefined;
      return nonNull(sql`${order(x)} ${sql.raw(c.operator)} ${order(param(kind, c.value))}`);
    case "between":
      if (kind === "b" || !c.value.every(fits)) return undefined;
      return nonNull(sql`${order(x)} between ${order(param(kind, c.value[0]))} and ${order(param(kind, c.value[1]))}`);
    case "beginsWith":
    case "doesNotBeginWith":
    case "endsWith":
    case "doesNotEndWith": {
      if (kind !== "s") return undefined;
      const test = c.operator.endsWith("BeginWith") || c.operator === "beginsWith" ? sql`starts_with(${x}, ${c.value})` : sql`right(${x}, length(${c.value}::text)) = ${c.value}`;
      return c.operator.startsWith("doesNot") ? sql`not ${nonNull(test)}` : nonNull(test);
    }
    case "contains":
    case "doesNotContain": {
      // On a string, contains is a substring test; a string slot holds only strings.
      if (kind !== "s" || typeof c.value !== "string") return undefined;
      const test = nonNull(sql`strpos(${x}, ${c.value}) > 0`);
      return c.operator === "contains" ? test : sql`not ${test}`;
    }
    default:
      return undefined;
  }
}

function teamCondition(c: Condition): SQL | undefined {
  switch (c.operator) {
    case "=":
      return typeof c.value === "string" ? sql`ev.team @> array[${c.value}]::text[]` : undefined;
    case "!=":
      return typeof c.value === "string" ? sql`not ev.team @> array[${c.value}]::text[]` : undefined;
    case "in":
      return c.value.every((v) => typeof v === "string") ? sql`ev.team && ${textArray(c.value as string[])}` : undefined;
    case "isEmpty":
      return sql`cardinality(ev.team) = 0`;
    case "isNotEmpty":
      return sql`cardinality(ev.team) > 0`;
    default:
      return undefined;
  }
}

function identifierCondition(c: Condition): SQL | undefined {
  switch (c.operator) {
    case "=":
      return typeof c.value === "string" ? sql`ev.identifier = ${c.value}` : undefined;
    case "!=":
      return typeof c.value === "string" ? sql`ev.identifier <> ${c.value}` : undefined;
    case "in":
      return c.value.every((v) => typeof v === "string") ? sql`ev.identifier = any(${textArray(c.value as string[])})` : undefined;
    case "beginsWith":
      return sql`starts_with(ev.identifier, ${c.value})`;
    default:
      return undefined;
  }
}
