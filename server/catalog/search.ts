import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { readWithParallelScans } from "@/db/client";
import { blueprints, blueprintValueSlots, catalogVersions, entities } from "@/db/schema";
import { entitySearchVector } from "@/db/schema/catalog";
import { calculationRefusal, computedFields, computedFieldsIn, computedProperties, hasComputed } from "./computed";
import type { ServiceContext } from "../context";
import { invalid, invalidFromZod, notFound, parseInput } from "../errors";
import { cacheableVersion, cachedAggregate, readsOnlyItsBlueprint } from "./aggregate-cache";
import { entityColumns } from "./entities";
import { parseQuery, propertyPath, queryInputSchema, walkQuery, type Query } from "./query";
import { indexedProperties } from "./property-indexes";
import { compileQuery, propertyExpression, type CompileHints } from "./query-sql";
import { getBlueprint, targetsOf } from "./service";
import { compileSlotQuery, slotOf, usableSlots, type ValueSlots } from "./value-slots";

const sortPattern = /^(\$identifier|\$title|\$createdAt|\$updatedAt|[A-Za-z0-9][A-Za-z0-9_.-]{0,99})(:(asc|desc))?$/;

export const entitySearchSchema = z.object({
  blueprint: z.string().max(100),
  query: queryInputSchema.optional(),
  /** Full-text search over identifier, title and string properties; words match as prefixes. */
  q: z.string().trim().max(200).optional(),
  sort: z.string().regex(sortPattern, { error: "must read <property or $identifier|$title|$createdAt|$updatedAt>[:asc|desc]" }).default("$identifier"),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(2000).nullish(),
});
export type EntitySearch = z.input<typeof entitySearchSchema>;

/**
 * A tsquery matching every word of `q` as a prefix. PostgreSQL's own parser splits `q`, as it
 * split the indexed text, so "payments.example" finds a URL on that host. Each lexeme is quoted
 * for tsquery (quotes doubled, backslashes escaped).
 */
export function fullTextQuery(q: string): SQL {
  const lexeme = sql.raw(`'''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || ''':*'`);
  return sql`to_tsquery('simple', array_to_string(array(select ${lexeme} from unnest(tsvector_to_array(to_tsvector('simple', ${q}))) l), ' & '))`;
}

function parseSearchQuery(raw: unknown): Query | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  try {
    return parseQuery(raw);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw invalidFromZod("Invalid query", error, "/query");
    }
    throw invalid("The query is not valid JSON", [{ path: "/query", message: "must be a JSON Query" }]);
  }
}

type Blueprint = typeof blueprints.$inferSelect;

/**
 * A blueprint with its stored value slots and its catalog version, in one round trip (a search or
 * facet request needs them before anything else); 404 when the blueprint does not exist. `version`
 * is what aggregates may be cached under (aggregate-cache.ts), null when they may not.
 */
async function blueprintWithSlots(ctx: ServiceContext, identifier: string): Promise<{ bp: Blueprint; slots: ValueSlots | undefined; version: string | null }> {
  const [row] = await ctx.db
    .select({
      bp: blueprints,
      slots: { strings: blueprintValueSlots.strings, numbers: blueprintValueSlots.numbers, booleans: blueprintValueSlots.booleans },
      version: catalogVersions.version,
    })
    .from(blueprints)
    .leftJoin(blueprintValueSlots, eq(blueprintValueSlots.blueprint, blueprints.identifier))
    .leftJoin(catalogVersions, eq(catalogVersions.blueprint, blueprints.identifier))
    .where(eq(blueprints.identifier, identifier));
  if (!row) throw notFound(`Blueprint ${identifier}`);
  return { bp: row.bp, slots: usableSlots(row.slots, row.bp.schema), version: cacheableVersion(ctx.db, row.version) };
}

/**
 * What a filter or sort needs beyond the blueprint's own stored fields: the relation targets of
 * related rules and the blueprints' computed properties (computed.ts). Read only when the request
 * names something the blueprint does not store (a related rule, a property outside its schema, a sort
 * on one), so a plain search costs no extra statement. `reads` says whether the filter reads other
 * entities than those it counts (related rules, aggregation properties): such counts are not cached
 * under the blueprint's version.
 */
type QueryScope = { hints: CompileHints; reads: "own" | "others" };

async function queryScope(ctx: ServiceContext, bp: Blueprint, query: Query | undefined, sortField?: string): Promise<QueryScope> {
  const stored = (p: string) => propertyPath(p)[0] in bp.schema.properties;
  let other = sortField !== undefined && !sortField.startsWith("$") && !stored(sortField);
  if (query)
    walkQuery(
      query,
      "",
      (rule) => {
        if ("property" in rule && !stored(rule.property)) other = true;
        if ("valueFrom" in rule && !stored(rule.valueFrom.property)) other = true;
      },
      () => (other = true),
    );
  const own: QueryScope = { hints: { indexed: indexedProperties(bp.schema) }, reads: "own" };
  if (!other) return own;
  const all = await ctx.db
    .select({ identifier: blueprints.identifier, relations: blueprints.relations, calculationProperties: blueprints.calculationProperties, aggregationProperties: blueprints.aggregationProperties })
    .from(blueprints);
  const targets = targetsOf(all);
  const named = query ? computedFieldsIn(query, bp.identifier, all, targets, "/query") : [];
  const problems = named.filter((n) => n.kind === "calculation").map((n) => ({ path: n.path, message: calculationRefusal(n.property) }));
  if (sortField && bp.calculationProperties?.[sortField]) problems.push({ path: "/sort", message: calculationRefusal(sortField) });
  if (problems.length) throw invalid("The search names calculation properties", problems);
  // Sorting changes no count: only the filter decides whether counts may be cached.
  const aggregates = named.some((n) => n.kind === "aggregation");
  return {
    hints: { ...own.hints, blueprint: bp.identifier, relationTargets: targets, computed: computedFields(all, targets) },
    reads: aggregates || !readsOnlyItsBlueprint(query) ? "others" : "own",
  };
}

/** The cache version for aggregates of a filter: none when it reads other entities than those it counts. */
const aggregateVersion = (version: string | null, scope: QueryScope) => (scope.reads === "own" ? version : null);

/**
 * The filter as a condition on `entity_values ev` (value-slots.ts), when the slots can answer all of
 * it: no full-text part, and every condition on a slotted property, the team or the identifier.
 */
function slotFilter(bp: Blueprint, slots: ValueSlots | undefined, query: Query | undefined, q: string | undefined): { slots: ValueSlots; where: SQL } | undefined {
  if (q || !slots) return undefined;
  const condition = query ? compileSlotQuery(query, slots) : sql`true`;
  return condition ? { slots, where: sql`ev.blueprint = ${bp.identifier} and ${condition}` } : undefined;
}

/** A scan of `entity_values`, with parallel workers allowed (db/client.ts). */
const scanSlots = <T extends Record<string, unknown>>(ctx: ServiceContext, query: SQL): Promise<T[]> => readWithParallelScans<T>(ctx.db, query);

/** How many entities the search matches: from the narrow slots when they can answer, else from entities. */
async function countMatches(ctx: ServiceContext, bp: Blueprint, slots: ValueSlots | undefined, query: Query | undefined, q: string | undefined, filter: SQL): Promise<number> {
  const fromSlots = slotFilter(bp, slots, query, q);
  if (fromSlots) {
    const [row] = await scanSlots<{ n: number }>(ctx, sql`select count(*)::int as n from entity_values ev where ${fromSlots.where}`);
    return row?.n ?? 0;
  }
  const [row] = await ctx.db.select({ n: count() }).from(entities).where(filter);
  return row?.n ?? 0;
}

/**
 * Full-text search matches an entity's own text or its docs' pages (docs/sync.ts): the identifiers of
 * both, read once through their indexes, then the entities by primary key. (`vector @@ q or …` put the
 * match in a per-row filter, computing every candidate's search vector again: 7× slower at 100,000.)
 */
function textMatch(blueprint: string, q: string): SQL {
  const query = fullTextQuery(q);
  return sql`${entities.identifier} = any(array(
    select m.identifier from ${entities} m where m.blueprint = ${blueprint} and ${entitySearchVector({ identifier: sql`m.identifier`, title: sql`m.title`, properties: sql`m.properties` })} @@ ${query}
    union all
    select p.identifier from entity_doc_pages p where p.blueprint = ${blueprint} and to_tsvector('simple', p.title || ' ' || p.markdown) @@ ${query}))`;
}

/** The WHERE clause shared by search and facets. */
function searchFilter(bp: Blueprint, query: Query | undefined, q: string | undefined, scope: QueryScope): SQL {
  const parts: SQL[] = [eq(entities.blueprint, bp.identifier)];
  if (query) parts.push(compileQuery(query, scope.hints));
  // Text without a single word (only punctuation) matches nothing rather than everything.
  if (q) parts.push(/[\p{L}\p{N}]/u.test(q) ? textMatch(bp.identifier, q) : sql`false`);
  return and(...parts)!;
}

function sortExpression(field: string, scope: QueryScope): { expr: SQL; cast: string } {
  const computed = scope.hints.blueprint ? scope.hints.computed?.(scope.hints.blueprint, field, entities) : undefined;
  if (computed) return { expr: sql`coalesce(${computed}, 'null'::jsonb)`, cast: "jsonb" };
  switch (field) {
    case "$identifier":
      return { expr: sql`${entities.identifier}`, cast: "text" };
    case "$title":
      return { expr: sql`coalesce(${entities.title}, '')`, cast: "text" };
    case "$createdAt":
      return { expr: sql`${entities.createdAt}`, cast: "timestamptz" };
    case "$updatedAt":
      return { expr: sql`${entities.updatedAt}`, cast: "timestamptz" };
    default:
      // jsonb has a total order (missing sorts as JSON null); the same expression as the property indexes.
      return { expr: propertyExpression(field), cast: "jsonb" };
  }
}

const encodeCursor = (key: string, identifier: string) => Buffer.from(JSON.stringify([key, identifier])).toString("base64url");
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) return value as [string, string];
  } catch {
    // fall through
  }
  throw invalid("Invalid cursor", [{ path: "/cursor", message: "is not a cursor from a previous page" }]);
}

/** Whether one entity matches a Query (action conditions, entity-picker datasets): one lookup, no count. */
export async function entityMatches({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string; query: unknown } }): Promise<boolean> {
  const bp = await getBlueprint({ ctx, input: { identifier: input.blueprint } });
  const query = parseSearchQuery(input.query);
  const [row] = await ctx.db
    .select({ identifier: entities.identifier })
    .from(entities)
    .where(and(searchFilter(bp, query, undefined, await queryScope(ctx, bp, query)), eq(entities.identifier, input.identifier)))
    .limit(1);
  return Boolean(row);
}

/** A filtered, sorted, keyset-paginated page of a blueprint's entities with the total count. */
export async function searchEntities({ ctx, input }: { ctx: ServiceContext; input: EntitySearch }) {
  const { blueprint, q, sort, limit, cursor, query: rawQuery } = parseInput(entitySearchSchema, input, "Invalid search");
  const query = parseSearchQuery(rawQuery);
  const { bp, slots, version } = await blueprintWithSlots(ctx, blueprint);

  const [field, direction = "asc"] = sort.split(":") as [string, "asc" | "desc"];
  const scope = await queryScope(ctx, bp, query, field);
  const { expr, cast } = sortExpression(field, scope);
  const filter = searchFilter(bp, query, q, scope);
  const page: SQL[] = [filter];
  if (cursor) {
    const [key, identifier] = decodeCursor(cursor);
    const op = sql.raw(direction === "asc" ? ">" : "<");
    page.push(sql`(${expr}, ${entities.identifier}) ${op} (${key}::${sql.raw(cast)}, ${identifier})`);
  }
  const order = direction === "asc" ? asc : desc;
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ ...entityColumns, sortKey: sql<string>`(${expr})::text` })
      .from(entities)
      .where(and(...page))
      .orderBy(order(expr), order(entities.identifier))
      .limit(limit + 1),
    cachedAggregate(aggregateVersion(version, scope), ["count", blueprint, query && JSON.stringify(query), q], () => countMatches(ctx, bp, slots, query, q, filter)),
  ]);
  const page1 = rows.slice(0, limit).map((row) => {
    const { sortKey, ...entity } = row;
    void sortKey;
    return entity;
  });
  // Port's calculation and aggregation properties, computed for the page (computed.ts); nothing to do for most blueprints.
  const computed = hasComputed(bp) ? await computedProperties(ctx.db, bp, page1) : undefined;
  const items = computed ? page1.map((e) => ({ ...e, properties: { ...e.properties, ...computed.get(e.identifier) } })) : page1;
  const last = rows[limit - 1];
  return {
    items,
    total,
    nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.identifier) : null,
  };
}

export const facetSchema = z.object({
  blueprint: z.string().max(100),
  property: z.string().regex(/^(\$team|[A-Za-z0-9][A-Za-z0-9_.-]{0,99})$/, { error: "must be a property identifier or $team" }),
  query: queryInputSchema.optional(),
  q: z.string().trim().max(200).optional(),
});

/** Counts of each value of a property (or owning team) among the entities a search matches. */
export async function entityFacets({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof facetSchema> }) {
  const { blueprint, property, q, query: rawQuery } = parseInput(facetSchema, input, "Invalid facet request");
  const { bp, slots, version } = await blueprintWithSlots(ctx, blueprint);
  const query = parseSearchQuery(rawQuery);
  const definition = bp.schema.properties[property];
  if (property !== "$team" && !definition) {
    const computed = bp.calculationProperties?.[property] || bp.aggregationProperties?.[property];
    throw invalid("Unknown property", [{ path: "/property", message: computed ? `${property} is computed when entities are read; facets count stored values` : `${property} is not a property of ${blueprint}` }]);
  }
  const scope = await queryScope(ctx, bp, query);
  return cachedAggregate(aggregateVersion(version, scope), ["facets", blueprint, property, query && JSON.stringify(query), q], () =>
    computeFacets(ctx, bp, slots, property, query, q, scope),
  );
}

async function computeFacets(ctx: ServiceContext, bp: Blueprint, slots: ValueSlots | undefined, property: string, query: Query | undefined, q: string | undefined, scope: QueryScope) {
  const definition = bp.schema.properties[property];
  const typed = (v: string | null) => (v !== null && definition?.type === "number" ? Number(v) : v !== null && definition?.type === "boolean" ? v === "true" : v);
  const result = (rows: { value: string | null; count: number }[]) => ({ property, values: rows.map((r) => ({ value: typed(r.value), count: r.count })) });

  // From the narrow slots when they hold the property (or it is the team) and can answer the filter.
  const fromSlots = slotFilter(bp, slots, query, q);
  const column = fromSlots && (property === "$team" ? sql`unnest(case when cardinality(ev.team) = 0 then array[null]::text[] else ev.team end)` : slotOf(fromSlots.slots, property)?.column);
  if (fromSlots && column) {
    const rows = await scanSlots<{ value: string | null; count: number }>(
      ctx,
      sql`select v::text as value, count(*)::int as count from (select ${column} as v from entity_values ev where ${fromSlots.where}) f group by v order by count desc, value asc nulls last limit 200`,
    );
    return result(rows);
  }

  const filter = searchFilter(bp, query, q, scope);

  let value: SQL;
  if (property === "$team") value = sql`unnest(case when cardinality(${entities.team}) = 0 then array[null]::text[] else ${entities.team} end)`;
  else if (definition?.type === "array") {
    value = sql`jsonb_array_elements_text(case when jsonb_typeof(${entities.properties} -> ${property}) = 'array' and jsonb_array_length(${entities.properties} -> ${property}) > 0 then ${entities.properties} -> ${property} else '[null]'::jsonb end)`;
  } else value = sql`${propertyExpression(property)} #>> '{}'`;

  const rows = await ctx.db.execute<{ value: string | null; count: number }>(
    sql`select v as value, count(*)::int as count from (select ${value} as v from ${entities} where ${filter}) f group by v order by count desc, value asc nulls last limit 200`,
  );
  return result(rows);
}

/** Full-text search across every blueprint (the command palette). */
export async function searchAllEntities({ ctx, input }: { ctx: ServiceContext; input: { q: string; limit?: number } }) {
  const q = input.q.trim();
  if (!/[\p{L}\p{N}]/u.test(q)) return [];
  const query = fullTextQuery(q);
  return ctx.db
    .select({ blueprint: entities.blueprint, identifier: entities.identifier, title: entities.title, blueprintTitle: blueprints.title })
    .from(entities)
    .innerJoin(blueprints, eq(blueprints.identifier, entities.blueprint))
    .where(sql`${entitySearchVector(entities)} @@ ${query}`)
    .orderBy(desc(sql`ts_rank(${entitySearchVector(entities)}, ${query})`), asc(entities.identifier))
    .limit(Math.min(input.limit ?? 10, 50));
}
