import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { blueprints, entities } from "@/db/schema";
import type { AggregationProperty, CalculationProperty } from "@/db/schema/catalog";
import { evaluateInSandbox } from "../actions/template-sandbox";
import { invalid, type ErrorDetail } from "../errors";
import { parseQuery, propertyPath, walkQuery, type Query } from "./query";
import { compileQuery, type ComputedFields, type EntityTable } from "./query-sql";
import { relationTargets, targetsOf, type RelationTargets } from "./service";

/**
 * Port's calculation and aggregation properties, computed when an entity is read (never stored, so
 * never stale): calculations are jq over the entity as Port shapes it, run in the expression sandbox
 * (jq-wasm: jq 1.8 in WebAssembly, each expression under a deadline and a memory limit); aggregations
 * are one SQL statement per property over the entities related to the ones read, in either direction.
 * Port recalculates aggregations every 15 minutes and caps them at 20,000 related entities; here
 * they are exact at read time, without a cap.
 */

type Blueprint = Pick<typeof blueprints.$inferSelect, "identifier" | "relations" | "calculationProperties" | "aggregationProperties">;
type EntityLike = { identifier: string; title: string | null; team: string[]; properties: Record<string, unknown>; relations: Record<string, unknown>; createdAt?: Date | string; updatedAt?: Date | string; createdBy?: string; updatedBy?: string };

export const hasComputed = (bp: Pick<Blueprint, "calculationProperties" | "aggregationProperties">) =>
  Object.keys(bp.calculationProperties ?? {}).length + Object.keys(bp.aggregationProperties ?? {}).length > 0;

/** The computed values of each entity, by identifier (only for blueprints that have such properties). */
export async function computedProperties(db: DbOrTx, bp: Blueprint, rows: EntityLike[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map(rows.map((r) => [r.identifier, {} as Record<string, unknown>]));
  if (!rows.length || !hasComputed(bp)) return out;
  const port = rows.map((r) => ({
    identifier: r.identifier,
    title: r.title,
    blueprint: bp.identifier,
    team: r.team,
    properties: r.properties,
    relations: r.relations,
    ...(r.createdAt ? { createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy } : {}),
    ...(r.updatedAt ? { updatedAt: new Date(r.updatedAt).toISOString(), updatedBy: r.updatedBy } : {}),
  }));
  for (const [key, calc] of Object.entries(bp.calculationProperties ?? {})) {
    // One evaluation for all the entities read: each gets the expression's first output, or null when it fails.
    const outcome = await evaluateInSandbox(`[.[] | [first(try (${calc.calculation}) catch null)] | .[0]]`, port, "jq");
    const values = outcome.kind === "ok" && Array.isArray(outcome.value) ? outcome.value : [];
    rows.forEach((r, i) => (out.get(r.identifier)![key] = coerce(values[i] ?? null, calc)));
  }
  const aggregations = Object.entries(bp.aggregationProperties ?? {});
  if (aggregations.length) {
    const targets = await relationTargets(db);
    for (const [key, agg] of aggregations) {
      const values = await aggregate(db, bp, agg, rows.map((r) => r.identifier), targets);
      for (const r of rows) out.get(r.identifier)![key] = values.get(r.identifier) ?? (agg.calculationSpec.func === "count" || agg.calculationSpec.func === "sum" ? 0 : null);
    }
  }
  return out;
}

function coerce(value: unknown, calc: CalculationProperty): unknown {
  if (value === null) return null;
  if (calc.type === "number") return typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : null;
  if (calc.type === "string") return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (calc.type === "boolean") return typeof value === "boolean" ? value : null;
  if (calc.type === "array") return Array.isArray(value) ? value : null;
  return typeof value === "object" && !Array.isArray(value) ? value : null;
}

/** The relations linking `bp` and the aggregation's target, in either direction. */
function links(bp: Pick<Blueprint, "identifier" | "relations">, target: string, targets: RelationTargets) {
  const incoming = Object.entries(targets[target] ?? {}).filter(([, t]) => t === bp.identifier).map(([r]) => r);
  const outgoing = Object.entries(bp.relations).filter(([, r]) => r.target === target).map(([r]) => r);
  return { incoming, outgoing };
}

/**
 * An aggregation property of the entity in row `t` (an entity of `bp`), as one correlated scalar
 * subquery (numeric; count and sum are 0 over nothing, the others NULL). The one definition behind
 * reading the value, filtering by it and sorting by it. A related entity is one of the target
 * blueprint whose relation points at `t` (`{r: id}` or `{r: [id]}`: containment, served by the GIN
 * index on relations), or one that `t`'s own relation names; the aggregation's Query picks among them.
 */
export function aggregationExpression(bp: Pick<Blueprint, "identifier" | "relations">, agg: AggregationProperty, targets: RelationTargets, t: EntityTable = entities): SQL {
  const { incoming, outgoing } = links(bp, agg.target, targets);
  if (!incoming.length && !outgoing.length) return sql`null::numeric`;
  const a = alias(entities, "agg_target") as unknown as typeof entities;
  const related: SQL[] = [
    ...incoming.map((r) => sql`(${a.relations} @> jsonb_build_object(${r}::text, ${t.identifier}) or ${a.relations} @> jsonb_build_object(${r}::text, jsonb_build_array(${t.identifier})))`),
    ...outgoing.map((r) => {
      const own = sql`(${t.relations} -> ${r}::text)`;
      return sql`${a.identifier} in (select jsonb_array_elements_text(case jsonb_typeof(${own}) when 'array' then ${own} when 'string' then jsonb_build_array(${own}) else '[]'::jsonb end))`;
    }),
  ];
  // An aggregation's Query reads the target's stored fields: computed ones are not resolved inside it
  // (two blueprints' aggregations over each other would never end). Its related rules' aliases start
  // at depth 10, apart from those of a related rule this expression sits in.
  const filter = agg.query ? compileQuery(parseQuery(agg.query), { table: a, blueprint: agg.target, relationTargets: targets, depth: 10 }) : sql`true`;
  const spec = agg.calculationSpec;
  const property = spec.calculationBy === "property" ? spec.property : "";
  const numeric = sql`case when jsonb_typeof(${a.properties} -> ${property}::text) = 'number' then (${a.properties} ->> ${property}::text)::numeric end`;
  const fn =
    spec.func === "count"
      ? sql`count(*)`
      : spec.func === "sum"
        ? sql`coalesce(sum(${numeric}), 0)`
        : spec.func === "average"
          ? sql`avg(${numeric})`
          : spec.func === "min"
            ? sql`min(${numeric})`
            : spec.func === "max"
              ? sql`max(${numeric})`
              : sql`percentile_cont(0.5) within group (order by ${numeric})`;
  return sql`(select ${fn}::numeric from ${entities} ${sql.identifier("agg_target")} where ${a.blueprint} = ${agg.target} and (${sql.join(related, sql` or `)}) and ${filter})`;
}

async function aggregate(db: DbOrTx, bp: Blueprint, agg: AggregationProperty, ids: string[], targets: RelationTargets): Promise<Map<string, number>> {
  const e = alias(entities, "agg_owner") as unknown as typeof entities;
  const rows = await db.execute<{ id: string; value: string | number | null }>(sql`
    select ${e.identifier} as id, ${aggregationExpression(bp, agg, targets, e)} as value
    from ${entities} ${sql.identifier("agg_owner")}
    where ${e.blueprint} = ${bp.identifier} and ${e.identifier} = any(${sql.param(ids)}::text[])`);
  return new Map(rows.filter((r) => r.value !== null).map((r) => [r.id, Number(r.value)]));
}

type ComputedShape = Pick<Blueprint, "identifier" | "relations" | "calculationProperties" | "aggregationProperties">;

/**
 * How Queries and sorting read computed properties (query-sql.ts `CompileHints.computed`): an
 * aggregation property is its SQL expression as jsonb; a calculation property is jq, run when
 * entities are read, so it cannot be part of a statement (a search refuses it first, `computedFieldsIn`).
 */
export function computedFields(all: ComputedShape[], targets: RelationTargets): ComputedFields {
  const byId = new Map(all.map((b) => [b.identifier, b]));
  return (blueprint, property, t) => {
    const bp = byId.get(blueprint);
    const agg = bp?.aggregationProperties?.[property];
    return bp && agg ? sql`to_jsonb(${aggregationExpression(bp, agg, targets, t)})` : undefined;
  };
}

/** Where a Query names a computed property (of its blueprint, or of a related one inside a related rule), and which kind. */
export function computedFieldsIn(query: Query, blueprint: string, all: ComputedShape[], targets: RelationTargets, path: string) {
  const byId = new Map(all.map((b) => [b.identifier, b]));
  const found: { path: string; property: string; kind: "calculation" | "aggregation" }[] = [];
  const check = (q: Query, at: string, on: string) =>
    walkQuery(
      q,
      at,
      (rule, p) => {
        const named = "valueFrom" in rule ? [["property", rule.property], ["valueFrom/property", rule.valueFrom.property]] : "property" in rule ? [["property", rule.property]] : [];
        for (const [key, name] of named) {
          const [head] = propertyPath(name!);
          const bp = byId.get(on);
          const kind = bp?.calculationProperties?.[head] ? "calculation" : bp?.aggregationProperties?.[head] ? "aggregation" : undefined;
          if (kind) found.push({ path: `${p}/${key}`, property: head, kind });
        }
      },
      (rule, p) => {
        const target = rule.related === "$team" ? "team" : targets[on]?.[rule.related];
        if (target) check(rule.query, `${p}/query`, target);
      },
    );
  check(query, path, blueprint);
  return found;
}

export const calculationRefusal = (property: string) =>
  `${property} is a calculation property: jq computed when entities are read, so it cannot filter or sort a search; use the properties it reads (aggregation properties can)`;

/**
 * What saving a blueprint's computed properties needs: each jq expression reads, each aggregation's
 * target is a blueprint related to this one (either way), and a property it sums is a number there.
 */
export async function computedDefinitionProblems(
  db: DbOrTx,
  bp: Pick<Blueprint, "identifier" | "relations" | "calculationProperties" | "aggregationProperties">,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const [key, calc] of Object.entries(bp.calculationProperties ?? {})) {
    const outcome = await evaluateInSandbox(calc.calculation, {}, "jq");
    if (outcome.kind === "syntax") problems.push({ path: `/calculationProperties/${key}/calculation`, message: `is not a jq expression: ${outcome.message}` });
  }
  const aggregations = Object.entries(bp.aggregationProperties ?? {});
  if (!aggregations.length) return problems;
  const all = await db.select({ identifier: blueprints.identifier, schema: blueprints.schema, relations: blueprints.relations }).from(blueprints);
  const targets = targetsOf(all);
  targets[bp.identifier] = Object.fromEntries(Object.entries(bp.relations).map(([k, r]) => [k, r.target]));
  for (const [key, agg] of aggregations) {
    const target = all.find((b) => b.identifier === agg.target) ?? (agg.target === bp.identifier ? { schema: { properties: {} as Record<string, { type: string }> } } : undefined);
    if (!target) {
      problems.push({ path: `/aggregationProperties/${key}/target`, message: `blueprint ${agg.target} does not exist` });
      continue;
    }
    const { incoming, outgoing } = links(bp as Blueprint, agg.target, targets);
    if (!incoming.length && !outgoing.length) problems.push({ path: `/aggregationProperties/${key}/target`, message: `${agg.target} has no relation to or from ${bp.identifier}; aggregations follow one relation` });
    const spec = agg.calculationSpec;
    if (spec.calculationBy === "property") {
      const p = (target.schema.properties as Record<string, { type: string }>)[spec.property];
      if (!p) problems.push({ path: `/aggregationProperties/${key}/calculationSpec/property`, message: `${spec.property} is not a property of ${agg.target}` });
      else if (p.type !== "number") problems.push({ path: `/aggregationProperties/${key}/calculationSpec/property`, message: `${spec.property} is a ${p.type}; ${spec.func} needs a number property` });
    }
  }
  return problems;
}

export function assertNoProblems(problems: ErrorDetail[]) {
  if (problems.length) throw invalid("The blueprint is invalid", problems);
}

/** Rows with their computed properties merged into `properties`, as Port returns them (one blueprint). */
export async function withComputed<T extends EntityLike>(db: DbOrTx, blueprint: string, rows: T[]): Promise<T[]> {
  if (!rows.length) return rows;
  const [bp] = await db
    .select({ identifier: blueprints.identifier, relations: blueprints.relations, calculationProperties: blueprints.calculationProperties, aggregationProperties: blueprints.aggregationProperties })
    .from(blueprints)
    .where(sql`${blueprints.identifier} = ${blueprint}`);
  if (!bp || !hasComputed(bp)) return rows;
  const values = await computedProperties(db, bp, rows);
  return rows.map((r) => ({ ...r, properties: { ...r.properties, ...values.get(r.identifier) } }));
}

/** Computed properties are read-only: a written entity's values for them (a GET sent back as a PUT) are dropped. */
export function withoutComputed(bp: Pick<Blueprint, "calculationProperties" | "aggregationProperties">, properties: Record<string, unknown>): Record<string, unknown> {
  if (!hasComputed(bp)) return properties;
  const out = { ...properties };
  for (const key of [...Object.keys(bp.calculationProperties ?? {}), ...Object.keys(bp.aggregationProperties ?? {})]) delete out[key];
  return out;
}
