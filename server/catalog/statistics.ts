import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** The tables a bulk write of entities grows. */
export const CATALOG_TABLES = ["entities", "entity_values", "scorecard_results", "audit_events"];

/**
 * PostgreSQL plans from statistics that autovacuum refreshes some time after a large change (a minute
 * by default). Until then a catalog that grew from a few rows to thousands is planned as if it were
 * still small: a full-text search over 10,000 imported entities took a second instead of 5 ms. After a
 * bulk write, each of `tables` that is now five times the size its statistics describe is analysed
 * at once; growing to 100,000 entities that way analyses each table three times. SKIP_LOCKED: when
 * autovacuum or another import is analysing the table, that one will do.
 */
export async function analyzeGrownTables(db: DbOrTx, tables: string[] = CATALOG_TABLES): Promise<string[]> {
  const grown = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname = any(${sql.param(tables)}::text[])
      and pg_relation_size(c.oid) / current_setting('block_size')::int > 5 * greatest(c.relpages, 8)
    order by c.relname`);
  for (const { name } of grown) await db.execute(sql`analyze (skip_locked) ${sql.identifier(name)}`);
  return grown.map((g) => g.name);
}
