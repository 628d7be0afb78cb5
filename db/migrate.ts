import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import journal from "./migrations/meta/_journal.json";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Arbitrary but fixed: every replica takes the same lock, so one migrates and the others wait. */
const MIGRATION_LOCK = 7_224_311;

/** Applies the committed migrations under an advisory lock (safe with many replicas starting at once). */
export async function applyMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

export const expectedMigrationCount = journal.entries.length;
