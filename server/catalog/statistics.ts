import { sql } from "drizzle-orm";
import { inTransaction, type DbOrTx } from "@/db/client";
import { log } from "../log";

/** The tables a bulk write of entities grows and that catalog pages plan queries on. */
export const CATALOG_TABLES = ["entities", "entity_values", "scorecard_results"];

/** Statistics of fewer pages than this describe a near-empty table (about 3,000 entities). */
const NEAR_EMPTY_PAGES = 100;

/**
 * PostgreSQL plans from statistics that autovacuum refreshes some time after a large change (a minute
 * by default). Until then a catalog that grew from a few rows to thousands is planned as if it were
 * still small: a full-text search over 10,000 imported entities took a second instead of 5 ms. After a
 * bulk write, each of `tables` whose statistics describe a near-empty table and that is now five
 * times that size is analysed at once: twice on the way to any size (ANALYZE of `entities` costs
 * 0.5 s at 10,000 and 1.5 s from 30,000, so it is left to autovacuum beyond that; by then the planner
 * scales the statistics by the table's real size). SKIP_LOCKED: when autovacuum or another import is
 * analysing the table, that one will do.
 */
export async function analyzeGrownTables(db: DbOrTx, tables: string[] = CATALOG_TABLES): Promise<string[]> {
  const grown = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname = any(${sql.param(tables)}::text[])
      and c.relpages < ${NEAR_EMPTY_PAGES} and pg_relation_size(c.oid) / current_setting('block_size')::int > 5 * greatest(c.relpages, 8)
    order by c.relname`);
  for (const { name } of grown) await db.execute(sql`analyze (skip_locked) ${sql.identifier(name)}`);
  return grown.map((g) => g.name);
}

/** Entities written by one committed import from which the catalog tables are vacuumed at once. */
export const VACUUM_AFTER_ENTITIES = 5000;

/**
 * Settings for the transaction `tx` that an import of at least `VACUUM_AFTER_ENTITIES` entities opened on
 * `db`, ending with it:
 * - the GIN indexes' new entries (properties, relations, teams, full-text search) stay in their pending
 *   lists until the vacuum that follows the commit (`vacuumAfterImport`) merges them at once, instead of a
 *   merge every 4 MB while the import holds its transaction (1.3 s of PostgreSQL's 11–13 s in a
 *   50,000-entity import); searches read the pending lists until the vacuum;
 * - PostgreSQL's own choice of cached plans (`plan_cache_mode = auto`) instead of the pool's
 *   `force_custom_plan`, which is for catalog filters: otherwise the foreign key's check of every inserted
 *   entity is planned again (0.3 s of a 50,000-entity import), as is each chunk's lookup of stored results.
 * Nothing when `db` is itself a caller's transaction: no vacuum would follow.
 */
export async function tuneImportTransaction(db: DbOrTx, tx: DbOrTx, entities: number): Promise<void> {
  if (entities < VACUUM_AFTER_ENTITIES || inTransaction(db)) return;
  await tx.execute(sql`select set_config('gin_pending_list_limit', '256MB', true), set_config('plan_cache_mode', 'auto', true)`);
}

/**
 * After a large import has committed: VACUUM (ANALYZE) of the catalog tables, in the background (the
 * import has answered). Until autovacuum gets there (a minute or more), the GIN indexes' pending lists
 * hold every new row, which each search through them reads whole, and the planner still sees the
 * small table of before: sorting 1,000 systems by an aggregation over their 50,000 services took
 * 9–11 s right after a 50,000-entity import and 0.1 s once vacuumed (1.6 s of PostgreSQL). Skipped
 * inside a caller's transaction (nothing has committed) and for small writes. Returns the work (the
 * imports do not wait for it; a failure is logged).
 */
export function vacuumAfterImport(db: DbOrTx, written: number): Promise<void> | undefined {
  if (written < VACUUM_AFTER_ENTITIES || inTransaction(db)) return undefined;
  return db
    .execute(sql`vacuum (analyze, skip_locked) ${sql.join(CATALOG_TABLES.map((t) => sql.identifier(t)), sql`, `)}`)
    .then(
      () => undefined,
      (error: unknown) => log.warn("vacuum after an import failed", { error: error instanceof Error ? error.message : String(error) }),
    );
}
