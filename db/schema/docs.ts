import { sql } from "drizzle-orm";
import { customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { entities } from "./catalog";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** One entry of a docs site's navigation: a page, an outside link, or a section of entries (mkdocs.yml `nav`, or the folders). */
export type DocNavItem = { title: string; page?: string; url?: string; children?: DocNavItem[] };

/**
 * An entity's docs: where they are read from (a GitHub repository's folder, as `backstage.io/techdocs-ref`
 * or the `docs/` convention names it), the site's navigation, and how the last sync went. The pages and
 * images are in the two tables below; a sync replaces what changed (by Git object id) in one transaction.
 */
export const entityDocs = pgTable(
  "entity_docs",
  {
    blueprint: text().notNull(),
    identifier: text().notNull(),
    /** `github` (read through the GitHub integration) or `demo` (the demo data's). */
    source: text().notNull().default("github"),
    /** `owner/name`, the ref read and the docs folder in it (`docs`, `services/billing/docs`). */
    repository: text(),
    ref: text(),
    folder: text(),
    siteName: text(),
    nav: jsonb().$type<DocNavItem[]>().notNull().default([]),
    /** The repository's Git tree the pages were read from: the same tree again is nothing to read. */
    treeSha: text(),
    /** `ok`, `missing` (the repository has no docs there) or `failed` (the last sync could not read it; the pages are the last good ones). */
    status: text().notNull(),
    message: text(),
    pages: integer().notNull().default(0),
    /** When the pages were last read in full; `checkedAt` is the last attempt, whatever its outcome. */
    syncedAt: timestamp({ withTimezone: true }),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.blueprint, t.identifier] }),
    foreignKey({ columns: [t.blueprint, t.identifier], foreignColumns: [entities.blueprint, entities.identifier] }).onDelete("cascade").onUpdate("cascade"),
  ],
);

/** A docs page: its path in the docs folder (`index.md`, `guides/deploy.md`), title and Markdown. */
export const entityDocPages = pgTable(
  "entity_doc_pages",
  {
    blueprint: text().notNull(),
    identifier: text().notNull(),
    path: text().notNull(),
    title: text().notNull(),
    sha: text().notNull(),
    markdown: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blueprint, t.identifier, t.path] }),
    foreignKey({ columns: [t.blueprint, t.identifier], foreignColumns: [entityDocs.blueprint, entityDocs.identifier] }).onDelete("cascade").onUpdate("cascade"),
    // Full-text search over the docs (the catalog's search and Ctrl-K), on the same 'simple' configuration as entities.
    index("entity_doc_pages_search_idx").using("gin", sql`to_tsvector('simple', ${t.title} || ' ' || ${t.markdown})`),
  ],
);

/** An image of the docs, served through Portico to whoever may read the entity (the repository may be private). */
export const entityDocAssets = pgTable(
  "entity_doc_assets",
  {
    blueprint: text().notNull(),
    identifier: text().notNull(),
    path: text().notNull(),
    sha: text().notNull(),
    contentType: text().notNull(),
    bytes: bytea().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blueprint, t.identifier, t.path] }),
    foreignKey({ columns: [t.blueprint, t.identifier], foreignColumns: [entityDocs.blueprint, entityDocs.identifier] }).onDelete("cascade").onUpdate("cascade"),
  ],
);
