import { sql, type SQL } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
/** A transaction or the database: services accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

/** Whether `db` is a transaction (which may hold writes nobody else sees yet). */
export const inTransaction = (db: DbOrTx): db is Tx => "rollback" in db;

/**
 * The scan pool's connection parameters: like `withParallelScans`, but parallel workers only past
 * 64 MB. On the request path, under concurrent load, starting workers costs more than it saves: on the
 * 2-core reference machine a count of 50,000 value slots (7.5 MB) took 51–57 ms with two workers and
 * 9 ms without (issue 17), and ten concurrent requests already keep both cores busy.
 */
const PARALLEL_SCAN_SETTINGS = { max_parallel_workers_per_gather: "2", parallel_setup_cost: "0", parallel_tuple_cost: "0", min_parallel_table_scan_size: "64MB", work_mem: "64MB" };

/** Each pool's companion pool for read-only scans (see `readWithParallelScans`), made on first use. */
const scanPools = new WeakMap<Db, () => Db>();

export function createDb(url: string, options: { max?: number } = {}) {
  const open = (max: number, extra: Record<string, string> = {}) =>
    postgres(url, {
      max,
      onnotice: () => {},
      // Catalog filters are parameterised and their selectivity depends on the values: a generic plan
      // (PostgreSQL's choice after five runs of a prepared statement) counts a broad facet about twice as
      // slowly as a plan made for the values, so every execution is planned for its parameters.
      // Parallel workers only where a caller asks for them (`withParallelScans`, the scan pool): with
      // PostgreSQL's defaults, grouping a scorecard's 100,000 results took 70–115 ms with two workers and
      // 48–58 ms without on the 2-core reference machine, and under concurrent requests the workers only
      // compete with the other requests for the same cores.
      connection: { application_name: "portico", plan_cache_mode: "force_custom_plan", max_parallel_workers_per_gather: "0", ...extra },
    });
  const client = open(options.max ?? 10);
  const db = drizzle(client, { schema, casing: "snake_case" });
  let scanClient: postgres.Sql | undefined;
  let scan: Db | undefined;
  scanPools.set(db, () => (scan ??= drizzle((scanClient = open(4, PARALLEL_SCAN_SETTINGS)), { schema, casing: "snake_case" })));
  /** Closes the pool and its scan pool. */
  const end = async (opts?: { timeout?: number }) => {
    await Promise.all([client.end(opts), scanClient?.end(opts)]);
  };
  return { db, client, end };
}

/**
 * One read-only statement with the settings of `withParallelScans`: on the caller's transaction when
 * it is one, else on a small pool whose connections carry those settings from the start, so a count
 * or a facet is one round trip instead of four (begin, settings, statement, commit).
 */
export async function readWithParallelScans<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const pool = inTransaction(db) ? undefined : scanPools.get(db)?.();
  if (pool) return [...(await pool.execute<T>(query))] as T[];
  return withParallelScans(db, async (tx) => [...(await tx.execute<T>(query))] as T[]);
}

/**
 * Runs `fn` in a transaction (the caller's, if it is one) whose statements may use parallel workers
 * once a table passes 4 MB. PostgreSQL's default costs keep scans of a few tens of megabytes, and jsonb
 * conditions it prices as cheap, on one process; counting, grouping or scoring 100,000 rows runs a
 * third to a half faster on two. Below 4 MB (10,000 entities' value slots are 1.5 MB) starting the
 * workers costs more than it saves: a count of 10,000 took 34 ms with two workers and 4 ms without.
 * One statement sets all five, local to the transaction (the pool's connections have workers off).
 */
export async function withParallelScans<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  const run = async (tx: DbOrTx) => {
    await tx.execute(sql`select set_config('max_parallel_workers_per_gather', '2', true),
      set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true),
      set_config('min_parallel_table_scan_size', '4MB', true),
      -- Hash joins of 100,000 results stay in memory rather than spilling in batches.
      set_config('work_mem', '64MB', true)`);
    return fn(tx);
  };
  return inTransaction(db) ? run(db) : db.transaction(run);
}

/**
 * Starts a statement and returns once it is on its way to PostgreSQL, with its result to await later:
 * what the caller does meanwhile overlaps PostgreSQL's work (a bulk write scores its entities and builds
 * their audit records while they are being stored). Statements on one connection (a transaction's) run
 * in the order they are sent, so those sent after it see its effect. Drizzle and the driver send a
 * statement from promise callbacks, which have all run once the event loop turns. The caller must await
 * the result (or hand it to `Promise.allSettled`).
 */
export async function sendAhead<T>(statement: PromiseLike<T>): Promise<{ result: Promise<T> }> {
  const result = Promise.resolve(statement);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { result };
}
