import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entities } from "@/db/schema";
import { isComparison, isDateMeta, isQuery, isRelated, propertyPath, type Condition, type Field, type FieldComparison, type JsonValue, type Query, type RelatedRule } from "./query";

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
  /** The table the conditions read (an alias inside related rules); `entities` by default. */
  table?: EntityTable;
  /**
   * For related rules: the blueprint the query is about and every blueprint's relation targets.
   * A relation not found there has no related entities (the rule is false).
   */
  blueprint?: string;
  relationTargets?: Record<string, Record<string, string>>;
  depth?: number;
  /**
   * Computed properties (computed.ts): for a blueprint's property, its value as a jsonb expression on
   * the row, or undefined for a stored property. Without it every property is read from `properties`.
   */
  computed?: ComputedFields;
};

/** A computed property's value on row `t` as jsonb, or undefined when the property is stored. */
export type ComputedFields = (blueprint: string, property: string, t: EntityTable) => SQL | undefined;

/** What the compiler reads of the entities table (the table itself, or an alias of it). */
export type EntityTable = Pick<typeof entities, "blueprint" | "identifier" | "title" | "team" | "properties" | "relations" | "createdAt" | "updatedAt">;

export function compileQuery(query: Query, hints: CompileHints = {}): SQL {
  const t = hints.table ?? entities;
  const parts = query.rules.map((rule) =>
    isQuery(rule) ? compileQuery(rule, hints) : isRelated(rule) ? compileRelated(t, rule, hints) : isComparison(rule) ? compileComparison(t, rule, hints) : compileCondition(rule, hints),
  );
  if (parts.length === 0) return query.combinator === "and" ? sql`true` : sql`false`;
  return sql`(${sql.join(parts, query.combinator === "and" ? sql` and ` : sql` or `)})`;
}

/** Two fields of the same entity (query.ts): JSON equality, or an ordering of two numbers or two strings. */
function compileComparison(t: EntityTable, c: FieldComparison, hints: CompileHints): SQL {
  const x = propertyJson(t, c.property, hints);
  const y = propertyJson(t, c.valueFrom.property, hints);
  if (c.operator === "=") return sql`coalesce(${x} = ${y}, false)`;
  if (c.operator === "!=") return sql`not coalesce(${x} = ${y}, false)`;
  const o = sql.raw(c.operator);
  return sql`coalesce(case when jsonb_typeof(${x}) = 'number' and jsonb_typeof(${y}) = 'number' then (${x})::numeric ${o} (${y})::numeric
    when jsonb_typeof(${x}) = 'string' and jsonb_typeof(${y}) = 'string' then (${x} #>> '{}') collate "C" ${o} (${y} #>> '{}') collate "C" end, false)`;
}

/** At least one related entity (through a relation, or the owning teams' `team` entities) matches the inner query. */
function compileRelated(t: EntityTable, rule: RelatedRule, hints: CompileHints): SQL {
  const target = rule.related === "$team" ? "team" : hints.blueprint ? hints.relationTargets?.[hints.blueprint]?.[rule.related] : undefined;
  if (!target) return sql`false`;
  const depth = (hints.depth ?? 0) + 1;
  const name = `related_${depth}`;
  const r = alias(entities, name) as unknown as typeof entities;
  const raw = sql`(${t.relations} -> ${rule.related})`;
  const ids =
    rule.related === "$team"
      ? sql`${t.team}`
      : sql`array(select jsonb_array_elements_text(case jsonb_typeof(${raw}) when 'array' then ${raw} when 'string' then jsonb_build_array(${raw}) else '[]'::jsonb end))`;
  const inner = compileQuery(rule.query, { ...hints, table: r, blueprint: target, depth, indexed: undefined });
  return sql`exists (select 1 from ${entities} ${sql.identifier(name)} where ${r.blueprint} = ${target} and ${r.identifier} = any(${ids}) and ${inner})`;
}

const j = (v: JsonValue) => sql`${JSON.stringify(v)}::jsonb`;
const isScalar = (v: JsonValue) => v === null || typeof v !== "object";
const not = (s: SQL) => sql`not ${s}`;
/** A text[] literal; drizzle would spread a bare JS array into a parameter list. */
const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
const orAll = (parts: SQL[]) => sql`(${sql.join(parts, sql` or `)})`;

/** The computed property's jsonb expression (CompileHints.computed), or undefined for a stored one. */
const computedJson = (t: EntityTable, name: string, hints: CompileHints) => (hints.blueprint ? hints.computed?.(hints.blueprint, propertyPath(name)[0], t) : undefined);

/** A property (or `<property>/<key>`, query.ts) as a jsonb expression. */
function propertyJson(t: EntityTable, name: string, hints: CompileHints = {}): SQL {
  const [head, key] = propertyPath(name);
  const computed = computedJson(t, name, hints);
  if (computed) return key === undefined ? sql`(${computed})` : sql`(${computed} -> ${key})`;
  return key === undefined ? sql`(${t.properties} -> ${head})` : sql`(${t.properties} -> ${head} -> ${key})`;
}

/** The field as a jsonb expression (SQL NULL when missing). */
function jsonField(t: EntityTable, f: Field, hints: CompileHints = {}): SQL {
  if ("property" in f) return propertyJson(t, f.property, hints);
  if ("relation" in f) return sql`(${t.relations} -> ${f.relation})`;
  if (f.meta === "$identifier") return sql`to_jsonb(${t.identifier})`;
  if (f.meta === "$title") return sql`to_jsonb(${t.title})`;
  return sql`to_jsonb(${t.team})`;
}

/** `=` as a non-null boolean. */
function equals(t: EntityTable, f: Field, v: JsonValue, hints: CompileHints): SQL {
  const x = jsonField(t, f, hints);
  // Arrays and objects: jsonb equality (containment would also match supersets).
  if (!isScalar(v)) return sql`coalesce(${x} = ${j(v)}, false)`;
  if ("meta" in f && f.meta === "$team") return typeof v === "string" ? sql`${t.team} @> array[${v}]::text[]` : sql`false`;
  if ("meta" in f && f.meta === "$identifier") return typeof v === "string" ? sql`${t.identifier} = ${v}` : sql`false`;
  // Containment in the stored columns; a computed property is no key of `properties` (the generic form below).
  if (("property" in f && !computedJson(t, f.property, hints)) || "relation" in f) {
    const column = "property" in f ? t.properties : t.relations;
    const [key, inner] = "property" in f ? propertyPath(f.property) : [f.relation];
    // Containment uses the GIN index: {k: v} matches k equal to v, {k: [v]} an array k holding v.
    const at = (value: JsonValue): JsonValue => (inner === undefined ? { [key]: value } : { [key]: { [inner]: value } });
    return sql`(${column} @> ${j(at(v))} or ${column} @> ${j(at([v]))})`;
  }
  return sql`coalesce(${x} = ${j(v)} or (jsonb_typeof(${x}) = 'array' and ${x} @> jsonb_build_array(${j(v)})), false)`;
}

function contains(t: EntityTable, f: Field, v: JsonValue, hints: CompileHints): SQL {
  const x = jsonField(t, f, hints);
  const inArray = sql`(jsonb_typeof(${x}) = 'array' and ${x} @> jsonb_build_array(${j(v)}))`;
  if (typeof v !== "string") return sql`coalesce(${inArray}, false)`;
  return sql`coalesce(case jsonb_typeof(${x}) when 'string' then strpos(${x} #>> '{}', ${v}) > 0 when 'array' then ${x} @> jsonb_build_array(${j(v)}) else false end, false)`;
}

function compare(t: EntityTable, f: Field, op: "<" | ">" | "<=" | ">=", v: string | number, hints: CompileHints): SQL {
  const x = jsonField(t, f, hints);
  const o = sql.raw(op);
  if (typeof v === "number") {
    return sql`coalesce((case when jsonb_typeof(${x}) = 'number' then (${x})::numeric end) ${o} ${String(v)}::numeric, false)`;
  }
  return sql`coalesce((case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end) collate "C" ${o} ${v}::text collate "C", false)`;
}

function stringTest(t: EntityTable, f: Field, hints: CompileHints, test: (s: SQL) => SQL): SQL {
  const x = jsonField(t, f, hints);
  return sql`coalesce(jsonb_typeof(${x}) = 'string' and ${test(sql`(${x} #>> '{}')`)}, false)`;
}

function isEmpty(t: EntityTable, f: Field, hints: CompileHints): SQL {
  const x = jsonField(t, f, hints);
  return sql`coalesce(${x} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), true)`;
}

function compileDate(t: EntityTable, c: Condition): SQL {
  const column = "meta" in c && c.meta === "$createdAt" ? t.createdAt : t.updatedAt;
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
export const propertyExpression = (property: string, t: EntityTable = entities) => sql`coalesce(${t.properties} -> ${property}, 'null'::jsonb)`;

/** Conditions an index on the property's expression can answer exactly; undefined means use the generic form. */
function compileIndexed(t: EntityTable, c: Condition & { property: string }): SQL | undefined {
  const e = propertyExpression(c.property, t);
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
  const t = hints.table ?? entities;
  if (isDateMeta(c)) return compileDate(t, c);
  if ("property" in c && hints.indexed?.has(c.property) && !computedJson(t, c.property, hints)) {
    const indexed = compileIndexed(t, c);
    if (indexed) return indexed;
  }
  switch (c.operator) {
    case "isEmpty":
      return isEmpty(t, c, hints);
    case "isNotEmpty":
      return not(isEmpty(t, c, hints));
    case "=":
      return equals(t, c, c.value, hints);
    case "!=":
      return not(equals(t, c, c.value, hints));
    case "in":
      if ("meta" in c && c.meta === "$team" && c.value.every((v) => typeof v === "string")) {
        return sql`${t.team} && ${textArray(c.value as string[])}`;
      }
      return orAll(c.value.map((v) => equals(t, c, v, hints)));
    case "<":
    case ">":
    case "<=":
    case ">=":
      return compare(t, c, c.operator, c.value, hints);
    case "between":
      return sql`(${compare(t, c, ">=", c.value[0], hints)} and ${compare(t, c, "<=", c.value[1], hints)})`;
    case "contains":
      return contains(t, c, c.value, hints);
    case "doesNotContain":
      return not(contains(t, c, c.value, hints));
    case "containsAny":
      return orAll(c.value.map((v) => contains(t, c, v, hints)));
    case "beginsWith":
      return stringTest(t, c, hints, (s) => sql`starts_with(${s}, ${c.value})`);
    case "doesNotBeginWith":
      return not(stringTest(t, c, hints, (s) => sql`starts_with(${s}, ${c.value})`));
    case "endsWith":
      return stringTest(t, c, hints, (s) => sql`right(${s}, length(${c.value}::text)) = ${c.value}`);
    case "doesNotEndWith":
      return not(stringTest(t, c, hints, (s) => sql`right(${s}, length(${c.value}::text)) = ${c.value}`));
  }
}
