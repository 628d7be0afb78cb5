/**
 * What a Query can be about on one blueprint, as the query builders show it: the fields with their
 * titles and kinds, the operators that fit each kind (in words: components/catalog/operator-words.ts),
 * and the value a person types turned into the Query's value and back. Shared by the catalog's filters
 * and the Query builder of scorecards, action conditions and entity pickers.
 */

export type FieldKind = "string" | "number" | "boolean" | "array" | "date" | "relation";
export type QueryFieldRef = { property: string } | { relation: string } | { meta: string };
export type QueryFieldOption = { key: string; label: string; field: QueryFieldRef; kind: FieldKind; enum?: unknown[] };

/** The parts of a blueprint the builders read (the tRPC blueprint and a draft both have them). */
export type QueryBlueprint = {
  schema: { properties: Record<string, { title?: string; type: string; format?: string; enum?: unknown[] }> };
  relations: Record<string, { title?: string }>;
  aggregationProperties?: Record<string, { title?: string }> | null;
};

export const operatorsFor: Record<FieldKind, string[]> = {
  // Only what fits each type: "less than" means nothing for text.
  string: ["=", "!=", "contains", "doesNotContain", "beginsWith", "endsWith", "in", "isEmpty", "isNotEmpty"],
  number: ["=", "!=", "<", ">", "<=", ">=", "between", "in", "isEmpty", "isNotEmpty"],
  boolean: ["=", "!=", "isEmpty", "isNotEmpty"],
  array: ["contains", "containsAny", "doesNotContain", "isEmpty", "isNotEmpty"],
  relation: ["=", "!=", "in", "isEmpty", "isNotEmpty"],
  date: ["<", ">", "<=", ">=", "between", "isEmpty", "isNotEmpty"],
};

/** Operators that take a list of values, typed comma-separated. */
export const listOperators = new Set(["in", "containsAny", "between"]);
export const needsValue = (operator: string) => operator !== "isEmpty" && operator !== "isNotEmpty";

export function queryFields(bp: QueryBlueprint): QueryFieldOption[] {
  return [
    { key: "m:$identifier", label: "Identifier", field: { meta: "$identifier" }, kind: "string" },
    { key: "m:$title", label: "Title", field: { meta: "$title" }, kind: "string" },
    { key: "m:$team", label: "Owners", field: { meta: "$team" }, kind: "relation" },
    { key: "m:$updatedAt", label: "Updated", field: { meta: "$updatedAt" }, kind: "date" },
    { key: "m:$createdAt", label: "Created", field: { meta: "$createdAt" }, kind: "date" },
    ...Object.entries(bp.schema.properties).map(([k, d]) => ({
      key: `p:${k}`,
      label: d.title ?? k,
      field: { property: k },
      kind: (d.format === "date-time" || d.format === "date" ? "date" : d.type === "object" ? "string" : d.type === "integer" ? "number" : d.type) as FieldKind,
      enum: d.enum,
    })),
    // Aggregation properties filter in SQL like stored numbers; calculation properties (jq, run on read) cannot.
    ...Object.entries(bp.aggregationProperties ?? {}).map(([k, a]) => ({ key: `p:${k}`, label: a.title ?? k, field: { property: k }, kind: "number" as const })),
    ...Object.entries(bp.relations).map(([k, r]) => ({ key: `r:${k}`, label: r.title ?? k, field: { relation: k }, kind: "relation" as const })),
  ];
}

/** The key of a condition's field, as `queryFields` names it. */
export const fieldKeyOf = (rule: { property?: unknown; relation?: unknown; meta?: unknown }) =>
  typeof rule.property === "string" ? `p:${rule.property}` : typeof rule.relation === "string" ? `r:${rule.relation}` : `m:${String(rule.meta)}`;

/**
 * What the person typed → the operator's value: lists comma-separated, numbers and booleans parsed,
 * dates as ISO instants. `error` says in words what is wrong (nothing is written then).
 */
export function toValue(kind: FieldKind, operator: string, raw: string): { value: unknown; error?: string } {
  const one = (s: string): unknown => {
    if (kind === "number") return s.trim() === "" ? Number.NaN : Number(s);
    if (kind === "boolean") return s === "true" ? true : s === "false" ? false : undefined;
    if (kind === "date") {
      const d = new Date(s);
      return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
    }
    return s;
  };
  const bad = (v: unknown) => v === undefined || (typeof v === "number" && Number.isNaN(v));
  const what = kind === "number" ? "a number" : kind === "date" ? "a date such as 2026-01-31" : kind === "boolean" ? "true or false" : "a value";
  if (listOperators.has(operator)) {
    const values = raw
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
      .map(one);
    if (!values.length) return { value: values, error: "Give at least one value" };
    if (values.some(bad)) return { value: values, error: `Each value must be ${what}` };
    if (operator === "between" && values.length !== 2) return { value: values, error: "Give two values: from, to" };
    return { value: values };
  }
  if (raw.trim() === "" && kind !== "string") return { value: undefined, error: `Give ${what}` };
  const value = one(raw);
  return bad(value) ? { value, error: `Must be ${what}` } : { value };
}

/** A condition's value as it is typed back into the builder (the inverse of `toValue`). */
export function fromValue(kind: FieldKind, value: unknown): string {
  const one = (v: unknown) => (kind === "date" && typeof v === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(v) ? v.slice(0, 10) : v === undefined || v === null ? "" : String(v));
  if (Array.isArray(value)) return value.map(one).join(", ");
  if (value && typeof value === "object" && "from" in value && "to" in value) return [one((value as { from: unknown }).from), one((value as { to: unknown }).to)].join(", ");
  return one(value);
}
