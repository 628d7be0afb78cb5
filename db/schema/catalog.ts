import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { check, index, json, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** The text search vector of an entity: identifier, title and every string property value. */
export function entitySearchVector(t: { identifier: AnyColumn; title: AnyColumn; properties: AnyColumn }): SQL {
  return sql`(to_tsvector('simple'::regconfig, ${t.identifier} || ' ' || coalesce(${t.title}, '')) || jsonb_to_tsvector('simple'::regconfig, ${t.properties}, '["string"]'::jsonb))`;
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
    check("entities_identifier_shape", sql`${t.identifier} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'`),
    index("entities_team_idx").using("gin", t.team),
    index("entities_blueprint_updated_idx").on(t.blueprint, t.updatedAt.desc(), t.identifier),
  ],
);

export type PropertyType = "string" | "number" | "boolean" | "array" | "object";

export type BlueprintProperty = {
  type: PropertyType;
  title?: string;
  description?: string;
  format?: "url" | "email" | "date-time" | "markdown" | "yaml" | "user" | "team";
  enum?: (string | number)[];
  enumColors?: Record<string, string>;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Record<string, unknown>;
};

export type BlueprintSchema = { properties: Record<string, BlueprintProperty>; required: string[] };

export type BlueprintRelation = { title?: string; target: string; many: boolean; required: boolean };
