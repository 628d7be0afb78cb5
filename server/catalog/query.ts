import { z } from "zod";

/**
 * The Query language of PRODUCT.md, shared by catalog search, scorecards, action conditions and
 * entity pickers. Semantics (the SQL compiler in query-sql.ts and the in-memory evaluator in
 * query-eval.ts implement exactly these, and a property-based test holds them equal):
 *
 * - A field is a property, a relation or a meta field; a missing value is `undefined`.
 * - `=` v: an array field contains v (v a scalar), otherwise the values are JSON-equal. `!=` is its negation.
 * - `in` [v…]: `=` one of them. `< > <= >=` v: both numbers, or both strings in code-point order
 *   (dates as ISO strings; `$createdAt`/`$updatedAt` compare as instants); anything else is false.
 *   `between` [from, to] or {from, to}: `>=` from and `<=` to.
 * - `contains` v: a string field contains the string v, or an array field contains the element v.
 *   `containsAny` [v…]: contains one of them. `doesNotContain` is the negation of `contains`.
 * - `beginsWith` / `endsWith` v: a string field starts / ends with v; `doesNot…` negate them.
 * - `isEmpty`: missing, null, "", [] or {}; `isNotEmpty` negates it.
 * - Matching is case-sensitive; negations are true where the value is missing.
 * - A property may name one key of an object property: `annotations/github.com/project-slug` is the
 *   key `github.com/project-slug` of the property `annotations` (identifiers have no `/`, so the first
 *   `/` splits them; the key may hold more).
 *
 * Beyond Port, two more kinds of rule:
 * - A comparison of two fields of the same entity: `{property, operator, valueFrom: {property}}` with
 *   `= != < > <= >=`. `=` is JSON equality of the two values (a missing value equals nothing), `!=` its
 *   negation; the orderings hold when both are numbers, or both strings in code-point order.
 * - A rule about related entities: `{related: "<relation>" | "$team", query}` holds when at least one
 *   entity the relation points to (for `$team`, the `team` entities of the owning teams) matches `query`,
 *   whose fields are the related blueprint's.
 */

export const metaFields = ["$identifier", "$title", "$team", "$createdAt", "$updatedAt"] as const;
export type MetaField = (typeof metaFields)[number];

export const operators = [
  "=",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "contains",
  "containsAny",
  "doesNotContain",
  "beginsWith",
  "doesNotBeginWith",
  "endsWith",
  "doesNotEndWith",
  "isEmpty",
  "isNotEmpty",
  "in",
  "between",
] as const;
export type Operator = (typeof operators)[number];

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const orderable = z.union([z.string(), z.number()]);

const fieldKey = z.string().min(1).max(100);
const field = z.union([
  z.object({ property: fieldKey }).strict(),
  z.object({ relation: fieldKey }).strict(),
  z.object({ meta: z.enum(metaFields) }).strict(),
]);

const conditionBody = z.discriminatedUnion("operator", [
  z.object({ operator: z.enum(["=", "!="]), value: json }),
  z.object({ operator: z.enum(["<", ">", "<=", ">="]), value: orderable }),
  z.object({ operator: z.enum(["contains", "doesNotContain"]), value: scalar }),
  z.object({ operator: z.literal("containsAny"), value: z.array(scalar).min(1).max(1000) }),
  z.object({ operator: z.enum(["beginsWith", "doesNotBeginWith", "endsWith", "doesNotEndWith"]), value: z.string() }),
  z.object({ operator: z.enum(["isEmpty", "isNotEmpty"]), value: z.undefined().optional() }),
  z.object({ operator: z.literal("in"), value: z.array(json).min(1).max(1000) }),
  z.object({
    operator: z.literal("between"),
    value: z.union([
      z.tuple([orderable, orderable]),
      z.object({ from: orderable, to: orderable }).transform((v) => [v.from, v.to] as [string | number, string | number]),
    ]),
  }),
]);

export type Field = { property: string } | { relation: string } | { meta: MetaField };
export type Condition = Field & z.infer<typeof conditionBody>;
export const comparisonOperators = ["=", "!=", "<", ">", "<=", ">="] as const;
export type FieldComparison = { property: string; operator: (typeof comparisonOperators)[number]; valueFrom: { property: string } };
export type RelatedRule = { related: string; query: Query };
export type Rule = Condition | FieldComparison | RelatedRule | Query;
export type Query = { combinator: "and" | "or"; rules: Rule[] };

const condition = z.intersection(field, conditionBody) as unknown as z.ZodType<Condition>;
const comparison: z.ZodType<FieldComparison> = z
  .object({ property: fieldKey, operator: z.enum(comparisonOperators), valueFrom: z.object({ property: fieldKey }).strict() })
  .strict();

export const querySchema: z.ZodType<Query> = z.lazy(() =>
  z.object({
    combinator: z.enum(["and", "or"]),
    rules: z.array(z.union([querySchema, related, comparison, condition])).max(200),
  }),
);
const related: z.ZodType<RelatedRule> = z.lazy(() => z.object({ related: z.union([z.literal("$team"), fieldKey]), query: querySchema }).strict());

export function isQuery(rule: Rule): rule is Query {
  return "combinator" in rule;
}
export const isRelated = (rule: Rule): rule is RelatedRule => "related" in rule;
export const isComparison = (rule: Rule): rule is FieldComparison => "valueFrom" in rule;

/** A property name → the property and, for `<property>/<key>`, the key inside it. */
export function propertyPath(name: string): [string] | [string, string] {
  const i = name.indexOf("/");
  return i < 0 ? [name] : [name.slice(0, i), name.slice(i + 1)];
}

/** A property's value on an entity's properties, following `<property>/<key>`. */
export function propertyValue(properties: Record<string, unknown>, name: string): unknown {
  const [head, key] = propertyPath(name);
  const v = properties[head];
  if (key === undefined) return v;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

const dateMeta = new Set<string>(["$createdAt", "$updatedAt"]);
export const isDateMeta = (f: Field) => "meta" in f && dateMeta.has(f.meta);

/** Calls `visit` for every condition and comparison of a Query, with its JSON-pointer path; related rules' inner queries are passed to `visitRelated`. */
export function walkQuery(
  query: Query,
  path: string,
  visit: (rule: Condition | FieldComparison, path: string) => void,
  visitRelated?: (rule: RelatedRule, path: string) => void,
) {
  query.rules.forEach((rule, i) => {
    const at = `${path}/rules/${i}`;
    if (isQuery(rule)) walkQuery(rule, at, visit, visitRelated);
    else if (isRelated(rule)) visitRelated?.(rule, at);
    else visit(rule, at);
  });
}

/**
 * Port's spelling of a Query, read as written: `conditions` for `rules`, and meta fields as properties
 * (`{"property": "$team"}`). Port's `$blueprint` has no place: a Portico Query is always about one
 * blueprint (the scorecard's, the search's), which is said in the error.
 */
export function fromPortQuery(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const q = input as Record<string, unknown>;
  if ("combinator" in q) {
    const { conditions, ...rest } = q;
    const rules = rest.rules ?? conditions;
    return { ...rest, rules: Array.isArray(rules) ? rules.map(fromPortQuery) : rules };
  }
  if ("query" in q && "related" in q) return { ...q, query: fromPortQuery(q.query) };
  if (typeof q.property === "string" && (metaFields as readonly string[]).includes(q.property)) {
    const { property, ...rest } = q;
    return { meta: property, ...rest };
  }
  return q;
}

function assertNoPortBlueprint(query: unknown, path: (string | number)[] = []) {
  const q = query as { rules?: unknown[]; property?: unknown } | null;
  if (q?.property === "$blueprint") {
    throw new z.ZodError([{ code: "custom", path: [...path, "property"], message: "Port's $blueprint has no place here: a Portico Query is always about one blueprint (the scorecard's or the search's); remove this condition", input: q }]);
  }
  if (Array.isArray(q?.rules)) q.rules.forEach((r, i) => assertNoPortBlueprint(r, [...path, "rules", i]));
}

/** Parses a Query (from JSON text or a value, in Portico's or Port's spelling); throws a ZodError with paths on bad input. */
export function parseQuery(input: unknown): Query {
  const raw = fromPortQuery(typeof input === "string" ? JSON.parse(input) : input);
  assertNoPortBlueprint(raw);
  const query = querySchema.parse(raw);
  assertDateConditions(query);
  return query;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * An ISO 8601 date or date-time that PostgreSQL's `timestamptz` reads as the same instant: a real
 * calendar day (no 30 February), years 1–9999, hours below 24, offsets within ±15:59. `Date.parse`
 * is laxer ("2026", "March 7", "2026-02-30"), and what it lets through PostgreSQL refuses at query time.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (year! < 1 || month! < 1 || month! > 12 || day! < 1 || hour > 23 || minute > 59 || second > 59 || offsetHours > 15 || offsetMinutes > 59) return false;
  const date = new Date(Date.UTC(2000, month! - 1, day!));
  return date.getUTCMonth() === month! - 1 && date.getUTCDate() === day! && !(month === 2 && day === 29 && !isLeapYear(year!));
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Date meta fields take only comparisons, `in`, `between` and emptiness, with ISO dates (also inside related rules). */
function assertDateConditions(query: Query) {
  walkQuery(
    query,
    "",
    (rule) => {
      if (isComparison(rule) || !isDateMeta(rule)) return;
      const allowed = ["=", "!=", "<", ">", "<=", ">=", "between", "in", "isEmpty", "isNotEmpty"];
      if (!allowed.includes(rule.operator)) {
        throw new z.ZodError([{ code: "custom", path: ["operator"], message: `${rule.operator} does not apply to dates`, input: rule }]);
      }
      const values = rule.value === undefined ? [] : Array.isArray(rule.value) ? rule.value : [rule.value];
      for (const v of values) {
        if (!isIsoDate(v)) {
          throw new z.ZodError([{ code: "custom", path: ["value"], message: "must be an ISO date such as 2026-01-31T00:00:00Z", input: v }]);
        }
      }
    },
    (rule) => assertDateConditions(rule.query),
  );
}

/**
 * A Query as a search takes it: the object (Portico's spelling or Port's) or its JSON text. Typed here
 * to the top; `parseQuery` validates the whole, with the paths of its problems.
 */
export const queryInputSchema = z
  .union([
    z.string().max(20_000),
    z.looseObject({
      combinator: z.string().max(3).optional().meta({ description: "and | or" }),
      rules: z.array(z.unknown()).max(200).optional(),
      conditions: z.array(z.unknown()).max(200).optional().meta({ description: "Port's name for rules" }),
    }),
  ])
  .meta({ description: "A Query (object or JSON text)" });

/** A Query inside another schema (scorecard rules, action conditions): parsed as above, errors placed under the field's path. */
export const queryField = z.unknown().transform((value, ctx) => {
  try {
    return parseQuery(value);
  } catch (error) {
    const issues = error instanceof z.ZodError ? error.issues : [{ path: [], message: "must be a Query" }];
    for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
    return z.NEVER;
  }
});
