import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
/** A transaction or the database: services accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export function createDb(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Catalog filters are parameterised and their selectivity depends on the values: a generic plan
    // (PostgreSQL's choice after five runs of a prepared statement) counts a broad facet about twice as
    // slowly as a plan made for the values, so every execution is planned for its parameters.
    connection: { application_name: "portico", plan_cache_mode: "force_custom_plan" },
  });
  const db = drizzle(client, { schema, casing: "snake_case" });
  return { db, client };
}
