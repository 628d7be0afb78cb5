import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { bigint, boolean, check, index, json, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The text search vector of an entity: identifier, title and every string property value. A SQL
 * function (migration 0021), because PostgreSQL refuses a tsvector over 1 MB and an API definition or
 * a long markdown property can make one: beyond 256 KB of properties, each string counts with its first
 * 10,000 characters and all of them with 200,000 (full-text search over the rest of a 5 MB OpenAPI
 * document would find it anyway). Below that it is exactly `jsonb_to_tsvector` of the string values.
 */
export function entitySearchVector(t: { identifier: AnyColumn | SQL; title: AnyColumn | SQL; properties: AnyColumn | SQL }): SQL {
  return sql`portico_search_vector(${t.identifier}, ${t.title}, ${t.properties})`;
}

/** PRODUCT.md "Blueprint". `schema`, `relations` and `mirrorProperties` keep Port's JSON shapes. */
export const blueprints = pgTable(
  "blueprints",
  {
    identifier: text().primaryKey(),
    title: text().notNull(),
    icon: text(),
    description: text(),
    // `json`, not `jsonb`: jsonb reorders keys, and the order of properties and relations is the admin's.
    schema: json().$type<BlueprintSchema>().notNull().default({ properties: {}, required: [] }),
    relations: json().$type<Record<string, BlueprintRelation>>().notNull().default({}),
    mirrorProperties: json().$type<Record<string, { title?: string; path: string }>>().notNull().default({}),
    /** Port's calculation properties: a jq expression over the entity, computed when read. */
    calculationProperties: json().$type<Record<string, CalculationProperty>>().notNull().default({}),
    /** Port's aggregation properties: count / sum / average / min / max over related entities, computed in SQL when read. */
    aggregationProperties: json().$type<Record<string, AggregationProperty>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [check("blueprints_identifier_shape", sql`${t.identifier} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`)],
);

/** PRODUCT.md "Entity". */
export const entities = pgTable(
  "entities",
  {
    blueprint: text()
      .notNull()
      .references(() => blueprints.identifier, { onDelete: "cascade", onUpdate: "cascade" }),
    identifier: text().notNull(),
    title: text(),
    team: text().array().notNull().default(sql`'{}'::text[]`),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    relations: jsonb().$type<Record<string, string | string[] | null>>().notNull().default({}),
    /** Set when a blueprint change made this entity invalid (JSON-pointer paths); null when valid. */
    validationErrors: jsonb().$type<{ path: string; message: string }[]>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blueprint, t.identifier] }),
    index("entities_properties_idx").using("gin", t.properties.op("jsonb_path_ops")),
    index("entities_relations_idx").using("gin", t.relations.op("jsonb_path_ops")),
    // Full-text search: an index on the expression rather than a stored column, which would double the row width.
    index("entities_search_idx").using("gin", entitySearchVector(t)),
    // The same rule as `{0,99}`, written as `*` plus a length: PostgreSQL's regex engine unrolls a
    // bounded repeat: checking `{0,99}` took 8 µs a row, twice the time of writing the row to the table.
    check("entities_identifier_shape", sql`${t.identifier} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$' and char_length(${t.identifier}) <= 100`),
    index("entities_team_idx").using("gin", t.team),
    index("entities_blueprint_updated_idx").on(t.blueprint, t.updatedAt.desc(), t.identifier),
    // The catalog sorted by title (search.ts `sortExpression`): a first page reads 50 index entries, not every row of the blueprint.
    index("entities_blueprint_title_idx").on(t.blueprint, sql`coalesce(${t.title}, '')`, t.identifier),
  ],
);

/** How many properties of each kind a blueprint can keep in `entity_values` (value-slots.ts). */
export const VALUE_SLOTS = { strings: 12, numbers: 6, booleans: 4 } as const;

const slotColumns = <T>(n: number, make: () => T) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, make()]));

/**
 * A narrow copy of each entity's scalar values in typed columns, so that counts and facets over
 * broad filters read a few bytes per row instead of decoding jsonb. Written only by the triggers of
 * migration 0007 from `entities` and the slot assignment in `blueprint_value_slots`.
 */
export const entityValues = pgTable(
  "entity_values",
  {
    blueprint: text().notNull(),
    identifier: text().notNull(),
    team: text().array().notNull(),
    ...(Object.fromEntries(Object.entries(slotColumns(VALUE_SLOTS.strings, () => text())).map(([i, c]) => [`s${i}`, c])) as Record<`s${number}`, ReturnType<typeof text>>),
    ...(Object.fromEntries(Object.entries(slotColumns(VALUE_SLOTS.numbers, () => numeric())).map(([i, c]) => [`n${i}`, c])) as Record<`n${number}`, ReturnType<typeof numeric>>),
    ...(Object.fromEntries(Object.entries(slotColumns(VALUE_SLOTS.booleans, () => boolean())).map(([i, c]) => [`b${i}`, c])) as Record<`b${number}`, ReturnType<typeof boolean>>),
  },
  (t) => [primaryKey({ columns: [t.blueprint, t.identifier] })],
);

/** Which property of a blueprint lives in which slot of `entity_values` (position in each array = slot number). */
export const blueprintValueSlots = pgTable("blueprint_value_slots", {
  blueprint: text()
    .primaryKey()
    .references(() => blueprints.identifier, { onDelete: "cascade", onUpdate: "cascade" }),
  strings: text().array().notNull(),
  numbers: text().array().notNull(),
  booleans: text().array().notNull(),
});

/**
 * The catalog version of each blueprint: a new random UUID whenever a transaction that wrote the
 * blueprint's entities (or the blueprint, or its value slots) commits, set by database triggers
 * (migration 0018) so no write path can miss it. Totals and facets are cached under it
 * (server/catalog/aggregate-cache.ts): a replica that reads the version in the same statement as the
 * blueprint knows whether what it cached is still the catalog's.
 */
export const catalogVersions = pgTable("catalog_versions", {
  blueprint: text().primaryKey(),
  version: uuid().notNull(),
});

/** One row per writing transaction until it commits: the deferred trigger on it bumps the versions (migration 0018). */
export const catalogPendingVersions = pgTable("catalog_pending_versions", {
  txid: bigint({ mode: "number" }).primaryKey(),
});

export type PropertyType = "string" | "number" | "boolean" | "array" | "object";

export type BlueprintProperty = {
  type: PropertyType;
  title?: string;
  description?: string;
  format?: "url" | "email" | "date-time" | "markdown" | "yaml" | "user" | "team" | "ipv4" | "ipv6" | "timer" | "proto";
  /** Port's API-definition properties: the value (a URL, or the document) is an OpenAPI or AsyncAPI definition, or a page to embed. */
  spec?: "open-api" | "async-api" | "embedded-url";
  icon?: string;
  enum?: (string | number)[];
  enumColors?: Record<string, string>;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Record<string, unknown>;
};

export type BlueprintSchema = { properties: Record<string, BlueprintProperty>; required: string[] };

export type BlueprintRelation = { title?: string; description?: string; target: string; many: boolean; required: boolean };

export type CalculationProperty = {
  title?: string;
  description?: string;
  icon?: string;
  /** jq over the entity as Port shapes it: `.identifier`, `.title`, `.team`, `.properties.x`, `.relations.r`. */
  calculation: string;
  type: PropertyType;
  format?: BlueprintProperty["format"];
  colorized?: boolean;
  colors?: Record<string, string>;
};

export type AggregationProperty = {
  title?: string;
  description?: string;
  icon?: string;
  type: "number";
  /** The related blueprint whose entities are aggregated (related either way, one hop). */
  target: string;
  calculationSpec: { calculationBy: "entities"; func: "count" } | { calculationBy: "property"; func: "sum" | "average" | "min" | "max" | "median"; property: string };
  /** Which related entities count (a Query, Portico's or Port's spelling). */
  query?: unknown;
};
