import { isComparison, isDateMeta, isQuery, isRelated, propertyValue, type Condition, type Field, type FieldComparison, type JsonValue, type Query } from "./query";

/** What the evaluator needs of an entity. */
export type EvaluatedEntity = {
  identifier: string;
  title: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

/** Finds the entities a relation of an entity (or `$team`) points to, for related rules. */
export type RelatedResolver = (entity: EvaluatedEntity, related: string) => EvaluatedEntity[];

/**
 * Evaluates a Query against one entity in memory, with the semantics documented in query.ts.
 * Related rules need `related`; without it they match nothing.
 */
export function matchesQuery(entity: EvaluatedEntity, query: Query, related?: RelatedResolver): boolean {
  const results = query.rules.map((rule) =>
    isQuery(rule)
      ? matchesQuery(entity, rule, related)
      : isRelated(rule)
        ? (related?.(entity, rule.related) ?? []).some((other) => matchesQuery(other, rule.query, related))
        : isComparison(rule)
          ? matchesComparison(entity, rule)
          : matchesCondition(entity, rule),
  );
  // An empty "and" matches everything, an empty "or" nothing, as in SQL.
  return query.combinator === "and" ? results.every(Boolean) : results.some(Boolean);
}

function fieldValue(entity: EvaluatedEntity, field: Field): unknown {
  if ("property" in field) return propertyValue(entity.properties, field.property);
  if ("relation" in field) return entity.relations[field.relation];
  switch (field.meta) {
    case "$identifier":
      return entity.identifier;
    case "$title":
      return entity.title ?? undefined;
    case "$team":
      return entity.team;
    case "$createdAt":
      return entity.createdAt;
    case "$updatedAt":
      return entity.updatedAt;
  }
}

export function matchesCondition(entity: EvaluatedEntity, c: Condition): boolean {
  const x = fieldValue(entity, c);
  if (isDateMeta(c)) return matchesDate(x as Date, c);
  switch (c.operator) {
    case "isEmpty":
      return isEmpty(x);
    case "isNotEmpty":
      return !isEmpty(x);
    case "=":
      return equals(x, c.value);
    case "!=":
      return !equals(x, c.value);
    case "in":
      return c.value.some((v) => equals(x, v));
    case "<":
    case ">":
    case "<=":
    case ">=":
      return compare(x, c.operator, c.value);
    case "between":
      return compare(x, ">=", c.value[0]) && compare(x, "<=", c.value[1]);
    case "contains":
      return contains(x, c.value);
    case "doesNotContain":
      return !contains(x, c.value);
    case "containsAny":
      return c.value.some((v) => contains(x, v));
    case "beginsWith":
      return typeof x === "string" && x.startsWith(c.value);
    case "doesNotBeginWith":
      return !(typeof x === "string" && x.startsWith(c.value));
    case "endsWith":
      return typeof x === "string" && x.endsWith(c.value);
    case "doesNotEndWith":
      return !(typeof x === "string" && x.endsWith(c.value));
  }
}

function matchesComparison(entity: EvaluatedEntity, c: FieldComparison): boolean {
  const x = propertyValue(entity.properties, c.property);
  const y = propertyValue(entity.properties, c.valueFrom.property);
  if (c.operator === "=") return x !== undefined && y !== undefined && jsonEqual(x, y);
  if (c.operator === "!=") return !(x !== undefined && y !== undefined && jsonEqual(x, y));
  if (!((typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string"))) return false;
  return compare(x, c.operator, y);
}

function matchesDate(x: Date, c: Condition): boolean {
  const t = x.getTime();
  const at = (v: unknown) => new Date(v as string).getTime();
  switch (c.operator) {
    case "isEmpty":
      return false;
    case "isNotEmpty":
      return true;
    case "=":
      return t === at(c.value);
    case "!=":
      return t !== at(c.value);
    case "in":
      return c.value.some((v) => t === at(v));
    case "<":
      return t < at(c.value);
    case ">":
      return t > at(c.value);
    case "<=":
      return t <= at(c.value);
    case ">=":
      return t >= at(c.value);
    case "between":
      return t >= at(c.value[0]) && t <= at(c.value[1]);
    default:
      return false;
  }
}

export function isEmpty(x: unknown): boolean {
  if (x === undefined || x === null || x === "") return true;
  if (Array.isArray(x)) return x.length === 0;
  return typeof x === "object" && Object.keys(x as object).length === 0;
}

const isScalar = (v: unknown) => v === null || typeof v !== "object";

function equals(x: unknown, v: JsonValue): boolean {
  if (Array.isArray(x) && isScalar(v)) return x.some((e) => jsonEqual(e, v));
  return jsonEqual(x, v);
}

function contains(x: unknown, v: JsonValue): boolean {
  if (typeof x === "string") return typeof v === "string" && x.includes(v);
  if (Array.isArray(x)) return x.some((e) => jsonEqual(e, v));
  return false;
}

/** Code-point order, as PostgreSQL's "C" collation orders UTF-8 text. */
export function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function compare(x: unknown, op: "<" | ">" | "<=" | ">=", v: string | number): boolean {
  let d: number;
  if (typeof v === "number" && typeof x === "number") d = x - v;
  else if (typeof v === "string" && typeof x === "string") d = compareCodePoints(x, v);
  else return false;
  return op === "<" ? d < 0 : op === ">" ? d > 0 : op === "<=" ? d <= 0 : d >= 0;
}

/** JSON equality: key order does not matter, as in jsonb. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((e, i) => jsonEqual(e, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => k in (b as object) && jsonEqual((a as never)[k], (b as never)[k]));
  }
  return false;
}
