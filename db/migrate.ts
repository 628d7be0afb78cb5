import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import journal from "./migrations/meta/_journal.json";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Arbitrary but fixed: every replica takes the same lock, so one migrates and the others wait. */
const STARTUP_LOCK = 7_224_311;

/**
 * Runs `fn` while holding a PostgreSQL advisory lock on a connection of its own (passed to `fn`), so
 * that of several replicas (or worker processes) starting at once one runs it and the others wait.
 */
export async function withStartupLock<T>(url: string, fn: (client: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${STARTUP_LOCK})`;
    try {
      return await fn(client);
    } finally {
      await client`select pg_advisory_unlock(${STARTUP_LOCK})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Applies the committed migrations on `client` (inside the startup lock: see below). */
export async function migrateWith(client: postgres.Sql): Promise<void> {
  await migrate(drizzle(client), { migrationsFolder });
}

/** Applies the committed migrations under the startup lock (safe with many replicas starting at once). */
export async function applyMigrations(url: string): Promise<void> {
  await withStartupLock(url, migrateWith);
}

export const expectedMigrationCount = journal.entries.length;
