import "server-only";
import { createDb, type Db } from "@/db/client";
import { requireDatabaseUrl } from "./env";

// One pool per process; kept on globalThis so hot reload in `next dev` does not open new pools.
const globalForDb = globalThis as unknown as { porticoDb?: Db };

export function getDb(): Db {
  globalForDb.porticoDb ??= createDb(requireDatabaseUrl()).db;
  return globalForDb.porticoDb;
}
