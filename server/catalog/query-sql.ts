import { sql, type SQL } from "drizzle-orm";
import { entities } from "@/db/schema";
import { isDateMeta, isQuery, type Condition, type Field, type JsonValue, type Query } from "./query";

/**
 * Compiles a Query to a parameterised SQL condition on the `entities` table, with the semantics
 * documented in query.ts. Equality on properties and relations is written as jsonb containment
 * (`@>`) and on teams as array overlap, so the GIN indexes serve the common filters.
 */
export type CompileHints = {
  /**
   * Properties the blueprint declares scalar and that have a btree index on
   * `coalesce(properties -> p, 'null')` (property-indexes.ts). Equality, `in` and numeric ranges on
   * them are written on that expression so the index serves them. The one difference from the generic
   * form: an array value (possible only in an entity flagged invalid) does not match `=` there.
   */
  indexed?: Set<string>;
};

export function compileQuery(query: Query, hints: CompileHints = {}): SQL {
  const parts = query.rules.map((rule) => (isQuery(rule) ? compileQuery(rule, hints) : compileCondition(rule, hints)));
  if (parts.length === 0) return query.combinator === "and" ? sql`true` : sql`false`;
  return sql`(${sql.join(parts, query.combinator === "and" ? sql` and ` : sql` or `)})`;
}

const j = (v: JsonValue) => sql`${JSON.stringify(v)}::jsonb`;
const isScalar = (v: JsonValue) => v === null || typeof v !== "object";
const not = (s: SQL) => sql`not ${s}`;
/** A text[] literal; drizzle would spread a bare JS array into a parameter list. */
const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
const orAll = (parts: SQL[]) => sql`(${sql.join(parts, sql` or `)})`;

/** The field as a jsonb expression (SQL NULL when missing). */
function jsonField(f: Field): SQL {
  if ("property" in f) return sql`(${entities.properties} -> ${f.property})`;
  if ("relation" in f) return sql`(${entities.relations} -> ${f.relation})`;
  if (f.meta === "$identifier") return sql`to_jsonb(${entities.identifier})`;
  if (f.meta === "$title") return sql`to_jsonb(${entities.title})`;
  return sql`to_jsonb(${entities.team})`;
}

/** `=` as a non-null boolean. */
function equals(f: Field, v: JsonValue): SQL {
  const x = jsonField(f);
  // Arrays and objects: jsonb equality (containment would also match supersets).
  if (!isScalar(v)) return sql`coalesce(${x} = ${j(v)}, false)`;
  if ("meta" in f && f.meta === "$team") return typeof v === "string" ? sql`${entities.team} @> array[${v}]::text[]` : sql`false`;
  if ("meta" in f && f.meta === "$identifier") return typeof v === "string" ? sql`${entities.identifier} = ${v}` : sql`false`;
  if ("property" in f || "relation" in f) {
    const column = "property" in f ? entities.properties : entities.relations;
    const key = "property" in f ? f.property : f.relation;
    // Containment uses the GIN index: {k: v} matches k equal to v, {k: [v]} an array k holding v.
    return sql`(${column} @> ${j({ [key]: v })} or ${column} @> ${j({ [key]: [v] })})`;
  }
  return sql`coalesce(${x} = ${j(v)} or (jsonb_typeof(${x}) = 'array' and ${x} @> jsonb_build_array(${j(v)})), false)`;
}

function contains(f: Field, v: JsonValue): SQL {
  const x = jsonField(f);
  const inArray = sql`(jsonb_typeof(${x}) = 'array' and ${x} @> jsonb_build_array(${j(v)}))`;
  if (typeof v !== "string") return sql`coalesce(${inArray}, false)`;
  return sql`coalesce(case jsonb_typeof(${x}) when 'string' then strpos(${x} #>> '{}', ${v}) > 0 when 'array' then ${x} @> jsonb_build_array(${j(v)}) else false end, false)`;
}

function compare(f: Field, op: "<" | ">" | "<=" | ">=", v: string | number): SQL {
  const x = jsonField(f);
  const o = sql.raw(op);
  if (typeof v === "number") {
    return sql`coalesce((case when jsonb_typeof(${x}) = 'number' then (${x})::numeric end) ${o} ${String(v)}::numeric, false)`;
  }
  return sql`coalesce((case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end) collate "C" ${o} ${v}::text collate "C", false)`;
}

function stringTest(f: Field, test: (s: SQL) => SQL): SQL {
  const x = jsonField(f);
  return sql`coalesce(jsonb_typeof(${x}) = 'string' and ${test(sql`(${x} #>> '{}')`)}, false)`;
}

function isEmpty(f: Field): SQL {
  const x = jsonField(f);
  return sql`coalesce(${x} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), true)`;
}

function compileDate(c: Condition): SQL {
  const column = "meta" in c && c.meta === "$createdAt" ? entities.createdAt : entities.updatedAt;
  const at = (v: unknown) => sql`${v as string}::timestamptz`;
  switch (c.operator) {
    case "isEmpty":
      return sql`false`;
    case "isNotEmpty":
      return sql`true`;
    case "=":
      return sql`${column} = ${at(c.value)}`;
    case "!=":
      return sql`${column} <> ${at(c.value)}`;
    case "in":
      return orAll(c.value.map((v) => sql`${column} = ${at(v)}`));
    case "<":
    case ">":
    case "<=":
    case ">=":
      return sql`${column} ${sql.raw(c.operator)} ${at(c.value)}`;
    case "between":
      return sql`${column} between ${at(c.value[0])} and ${at(c.value[1])}`;
    default:
      return sql`false`;
  }
}

/** The indexed expression of a property (see property-indexes.ts). */
export const propertyExpression = (property: string) => sql`coalesce(${entities.properties} -> ${property}, 'null'::jsonb)`;

/** Conditions an index on the property's expression can answer exactly; undefined means use the generic form. */
function compileIndexed(c: Condition & { property: string }): SQL | undefined {
  const e = propertyExpression(c.property);
  const scalarNonNull = (v: JsonValue) => v !== null && typeof v !== "object";
  switch (c.operator) {
    case "=":
      return scalarNonNull(c.value) ? sql`${e} = ${j(c.value)}` : undefined;
    case "!=":
      return scalarNonNull(c.value) ? sql`${e} <> ${j(c.value)}` : undefined;
    case "in":
      return c.value.every(scalarNonNull) ? sql`${e} in (${sql.join(c.value.map((v) => j(v)), sql`, `)})` : undefined;
    case "<":
    case ">":
    case "<=":
    case ">=":
      // jsonb orders numbers among themselves numerically; other types are excluded by the type test.
      return typeof c.value === "number" ? sql`(jsonb_typeof(${e}) = 'number' and ${e} ${sql.raw(c.operator)} ${j(c.value)})` : undefined;
    case "between":
      return typeof c.value[0] === "number" && typeof c.value[1] === "number"
        ? sql`(jsonb_typeof(${e}) = 'number' and ${e} between ${j(c.value[0])} and ${j(c.value[1])})`
        : undefined;
    default:
      return undefined;
  }
}

export function compileCondition(c: Condition, hints: CompileHints = {}): SQL {
  if (isDateMeta(c)) return compileDate(c);
  if ("property" in c && hints.indexed?.has(c.property)) {
    const indexed = compileIndexed(c);
    if (indexed) return indexed;
  }
  switch (c.operator) {
    case "isEmpty":
      return isEmpty(c);
    case "isNotEmpty":
      return not(isEmpty(c));
    case "=":
      return equals(c, c.value);
    case "!=":
      return not(equals(c, c.value));
    case "in":
      if ("meta" in c && c.meta === "$team" && c.value.every((v) => typeof v === "string")) {
        return sql`${entities.team} && ${textArray(c.value as string[])}`;
      }
      return orAll(c.value.map((v) => equals(c, v)));
    case "<":
    case ">":
    case "<=":
    case ">=":
      return compare(c, c.operator, c.value);
    case "between":
      return sql`(${compare(c, ">=", c.value[0])} and ${compare(c, "<=", c.value[1])})`;
    case "contains":
      return contains(c, c.value);
    case "doesNotContain":
      return not(contains(c, c.value));
    case "containsAny":
      return orAll(c.value.map((v) => contains(c, v)));
    case "beginsWith":
      return stringTest(c, (s) => sql`starts_with(${s}, ${c.value})`);
    case "doesNotBeginWith":
      return not(stringTest(c, (s) => sql`starts_with(${s}, ${c.value})`));
    case "endsWith":
      return stringTest(c, (s) => sql`right(${s}, length(${c.value}::text)) = ${c.value}`);
    case "doesNotEndWith":
      return not(stringTest(c, (s) => sql`right(${s}, length(${c.value}::text)) = ${c.value}`));
  }
}
