import "server-only";
import { sql } from "drizzle-orm";
import { expectedMigrationCount } from "@/db/migrate";
import { getDb } from "./db";
import { log } from "./log";

/** Readiness: the database answers and every committed migration has been applied. */
export async function readiness(): Promise<{ ready: boolean; checks: Record<string, string> }> {
  try {
    const rows = await getDb().execute<{ applied: number }>(
      sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
    );
    const applied = rows[0]?.applied ?? 0;
    const migrations = applied >= expectedMigrationCount ? "ok" : `pending (${applied}/${expectedMigrationCount} applied)`;
    return { ready: migrations === "ok", checks: { database: "ok", migrations } };
  } catch (error) {
    log.warn("readiness check failed", { error });
    return { ready: false, checks: { database: "unreachable", migrations: "unknown" } };
  }
}
